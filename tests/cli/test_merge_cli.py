"""`annotator merge` and `annotator copy` as a user runs them: subprocesses on real libraries, and a
merge killed (SIGKILL) at random moments, after which the target is whole and the next merge completes."""

import json
import os
import random
import signal
import subprocess
import sys
import time

from annotator.services import open_services

KILLS = 20


def annotator(db, *args, user="cli-tester", check=True):
    env = {**os.environ, "ANNOTATOR_USER": user}
    done = subprocess.run(
        [sys.executable, "-m", "annotator", "--db", str(db), *args], capture_output=True, env=env, timeout=300
    )
    if check and done.returncode != 0:
        raise AssertionError(done.stderr.decode())
    return done


def coded(location, coder, per_document):
    """The samples, with `per_document` annotations of `coder` in each (one transaction a document)."""
    services = open_services(location, annotator=coder, backup=False)
    services.documents.import_samples()
    claim = services.codebook.by_name("claim").id
    for document in services.documents.list():
        length = len(services.annotations.text(document.id))
        items = [(i % (length - 3), i % (length - 3) + 3, [claim], {}) for i in range(per_document)]
        services.annotations.tag_many(document.id, items)
    total = sum(d.annotation_count for d in services.documents.list())
    services.close()
    return total


def test_merge_and_copy_say_what_they_did(new_location):
    here, there, empty = new_location(), new_location(), new_location()
    coded(here, "ann", 2)
    coded(there, "bob", 3)
    out = annotator(here, "merge", there).stdout.decode().splitlines()
    assert out[1] == "added: 1 coder, 12 annotations" and out[2].startswith("already here:")
    again = json.loads(annotator(here, "merge", there, "--json").stdout)
    assert not any(again["added"].values()) and again["already"]["annotations"] == 12
    copied = annotator(here, "copy", here, empty).stdout.decode()
    assert "20 annotations" in copied and "change log" in copied
    refused = annotator(here, "copy", there, empty, check=False)
    assert refused.returncode == 1 and "not empty" in refused.stderr.decode()
    assert "Traceback" not in refused.stderr.decode()
    assert "library OK" in annotator(empty, "check").stdout.decode()


def test_a_merge_killed_at_random_moments_leaves_the_target_whole(new_location):
    here, there = new_location(), new_location()
    before = coded(here, "ann", 5)
    incoming = coded(there, "bob", 1500)
    started = time.monotonic()
    scratch = new_location()  # how long a whole merge takes here, with the same start-up
    annotator(scratch, "merge", there)
    whole = time.monotonic() - started
    seed = random.randrange(1 << 30)
    chance = random.Random(seed)
    cut, tries = 0, 0  # kills that landed before the merge committed; all kills
    while cut < KILLS and tries < 3 * KILLS:
        tries += 1
        child = subprocess.Popen(
            [sys.executable, "-m", "annotator", "--db", here, "merge", there],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(chance.uniform(0.05, whole * 0.9))
        child.send_signal(signal.SIGKILL)
        child.wait()
        services = open_services(here, backup=False)
        report = services.integrity.check()
        services.close()
        assert report.problems == [], f"seed {seed}, kill {tries}"
        assert report.annotations in (before, before + incoming), f"seed {seed}, kill {tries}: half a merge"
        if report.annotations == before + incoming:  # it committed before the kill: a new target
            here = new_location()
            coded(here, "ann", 5)
        else:
            cut += 1
    print(f"seed {seed}: a whole merge {whole:.2f} s, {incoming} annotations, {cut} of {tries} kills before its commit")
    assert cut >= KILLS, f"seed {seed}: only {cut} kills landed before the merge committed"
    last = annotator(here, "merge", there).stdout.decode()
    services = open_services(here, backup=False)
    assert services.integrity.check().annotations == before + incoming, f"seed {seed}: {last}"
    services.close()
    assert "added: nothing" in annotator(here, "merge", there).stdout.decode()
