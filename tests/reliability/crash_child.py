"""Child for the crash test: tags passages in a loop through the real services and prints each
annotation id once the call has returned (the parent kills this process at random moments)."""

import random
import sys

from annotator.services import open_services

services = open_services(sys.argv[1], backup=False)
seed = int(sys.argv[2])
rng = random.Random(seed)
text = services.documents.text(1)
tags = [t.id for t in services.codebook.tags()]
while True:
    start = rng.randrange(0, len(text) - 40)
    result = services.annotations.tag(1, start, start + rng.randint(1, 30), rng.sample(tags, 2), note=f"seed {seed}")
    print(result.annotation.id, flush=True)
