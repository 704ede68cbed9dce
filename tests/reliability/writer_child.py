"""Child for the concurrency test: N tagging actions through the services, ids printed."""

import sys

from annotator.services import open_services

services = open_services(sys.argv[1], backup=False)
who, count = int(sys.argv[2]), int(sys.argv[3])
tags = [t.id for t in services.codebook.tags()]
for i in range(count):
    start = (who * 997 + i * 13) % 2000
    result = services.annotations.tag(1 + who % 4, start, start + 7, [tags[i % len(tags)]], note=f"w{who}")
    print(result.annotation.id, flush=True)
