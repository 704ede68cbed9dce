"""Child for the restore tests: tags passages of document 1 in a loop, each with its own note,
and prints the note once the call has returned (acknowledged); runs until killed."""

import sys

from annotator.services import open_services

services = open_services(sys.argv[1], backup=False)
text = services.documents.text(1)
tags = [t.id for t in services.codebook.tags()]
room = len(text) - 40
i = 0
while True:
    start, width = i % room, 3 + i // room  # never the same span twice (a merge would keep one note)
    services.annotations.tag(1, start, start + width, [tags[i % len(tags)]], note=f"ack {i}")
    print(f"ack {i}", flush=True)
    i += 1
