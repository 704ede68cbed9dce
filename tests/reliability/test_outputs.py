"""Every command that writes a file, attacked as a careless or hostile user would: onto the
library, its companions and backups; onto devices, FIFOs, sockets, folders, links; over files
with their own permissions and hard links; onto a closed or full standard output."""

import os
import random
import signal
import socket
import sqlite3
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from benchmarks.data import add_annotations as bulk_annotations

from tests.reliability.conftest import sample_library

# SQLite-only: outputs aimed at the library file, its -wal/-shm and backups.
pytestmark = pytest.mark.sqlite_only("outputs aimed at the library file, its -wal/-shm and backups")

# (name, arguments with OUT where the destination goes): every command that writes a file
WRITERS = {
    "export": ("export", "--out", "OUT"),
    "export-excel": ("export", "--excel", "--out", "OUT"),
    "lexicon": ("lexicon", "--export", "OUT"),
    "backup": ("backup", "OUT"),
}


def run(db, *args, stdout=subprocess.PIPE, shell_suffix=None, env=None, cwd=None):
    env = {**(env or os.environ), "ANNOTATOR_USER": "outputs-tester"}
    command = [sys.executable, "-m", "annotator", "--db", str(db), *args]
    if shell_suffix is not None:  # e.g. ">&-": standard output closed by the shell, as a user does
        command = ["sh", "-c", '"$0" "$@" ' + shell_suffix, *command]
    return subprocess.run(command, stdout=stdout, stderr=subprocess.PIPE, env=env, timeout=120, cwd=cwd)


def writer_args(writer, out):
    return [str(out) if a == "OUT" else a for a in WRITERS[writer]]


def contents(db: Path) -> list[str]:
    """The library's data (its statistics table aside, which closing a library refreshes)."""
    connection = sqlite3.connect(db)
    try:
        return [line for line in connection.iterdump() if "sqlite_stat" not in line]
    finally:
        connection.close()


def one_sentence(done, *words):
    err = done.stderr.decode()
    assert done.returncode != 0, f"exit 0: {err!r}"
    assert "Traceback" not in err and err.count("\n") == 1, err
    for word in words:
        assert word in err, err
    return err


def add_annotations(db: Path, document_id: int, count: int, tags_per: int = 1) -> None:
    """Many valid annotations at once (the benchmarks' bulk insert: quote, prefix and suffix taken
    from the text), with `tags_per` tags each."""
    from annotator.storage.engine import open_library

    connection = sqlite3.connect(db)
    text = connection.execute("SELECT text FROM document_texts WHERE document_id = ?", (document_id,)).fetchone()[0]
    first = (connection.execute("SELECT max(id) FROM annotations").fetchone()[0] or 0) + 1
    connection.close()
    opened = open_library(str(db))
    try:
        bulk_annotations(opened, document_id, text, count, random.Random(count), [1, 2, 3, 4, 5], first, (tags_per,))
    finally:
        opened.close()


@pytest.fixture
def library(tmp_path):
    path = sample_library(tmp_path / "lib.sqlite3")
    run(path, "backup")  # a backups folder exists, as for anyone who opened the library on a day
    return path


# --- 1: the library, its companions and its backups are never a destination -------------------
def _targets(library: Path) -> dict[str, Path]:
    link = library.with_name("link-to-lib.csv")
    link.symlink_to(library)
    hard = library.with_name("hard-link-to-lib.csv")
    os.link(library, hard)
    folder_link = library.with_name("backups-link")
    folder_link.symlink_to(library.with_name(library.name + ".backups"))
    return {
        "itself": library,
        "wal": Path(str(library) + "-wal"),
        "shm": Path(str(library) + "-shm"),
        "journal": Path(str(library) + "-journal"),
        "backups": library.with_name(library.name + ".backups") / "out.csv",
        "backup-file": next(library.with_name(library.name + ".backups").glob("*.sqlite3")),
        "symlink": link,
        "hard-link": hard,
        "through-linked-folder": folder_link / "out.csv",
    }


@pytest.mark.parametrize(
    "target", ["itself", "wal", "shm", "journal", "backups", "backup-file", "symlink", "hard-link", "through-linked-folder"]
)
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_no_writer_touches_the_library_its_companions_or_backups(library, writer, target):
    out = _targets(library)[target]
    before = contents(library)
    existed = out.exists()
    backups = {p: p.read_bytes() for p in library.with_name(library.name + ".backups").iterdir()}
    done = run(library, *writer_args(writer, out))
    one_sentence(done, "library")
    assert contents(library) == before
    assert existed or not out.exists(), f"{out} was written"
    assert {p: p.read_bytes() for p in library.with_name(library.name + ".backups").iterdir()} == backups


# --- 3: only regular files are ever replaced ---------------------------------------------------
def _special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / f"special-{kind}"
    if kind == "folder":
        path.mkdir()
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    elif kind == "device":  # a private null device (never the machine's /dev/null)
        if os.geteuid() != 0:
            pytest.skip("making a device node needs root")
        os.mknod(path, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    elif kind == "link-to-device":
        device = _special(tmp_path, "device")
        path.symlink_to(device)
    elif kind == "dangling-link":
        path.symlink_to(tmp_path / "nowhere" / "x.csv")
    return path


@pytest.mark.parametrize("kind", ["folder", "fifo", "socket", "device", "link-to-device", "dangling-link"])
@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_nothing_but_a_regular_file_is_replaced(library, tmp_path, writer, kind):
    out = _special(tmp_path, kind)
    before = os.lstat(out)
    done = run(library, *writer_args(writer, out))
    one_sentence(done, str(out.name))
    after = os.lstat(out)
    assert stat.S_IFMT(after.st_mode) == stat.S_IFMT(before.st_mode) and after.st_ino == before.st_ino
    if kind == "link-to-device":
        assert stat.S_ISCHR(os.stat(out).st_mode)
    leftovers = [p.name for p in tmp_path.iterdir() if p.name.startswith(".")]
    assert leftovers == [], leftovers


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_link_to_a_regular_file_is_written_through(library, tmp_path, writer):
    target = tmp_path / "real" / "target.out"
    target.parent.mkdir()
    target.write_text("old")
    link = tmp_path / "link.out"
    link.symlink_to(target)
    done = run(library, *writer_args(writer, link))
    assert done.returncode == 0, done.stderr.decode()
    assert link.is_symlink() and os.readlink(link) == str(target)
    assert target.read_bytes() != b"old" and target.stat().st_size > 0


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_an_overwritten_file_keeps_its_permission_bits(library, tmp_path, writer):
    out = tmp_path / "kept.out"
    out.write_text("old")
    out.chmod(0o640)
    done = run(library, *writer_args(writer, out))
    assert done.returncode == 0, done.stderr.decode()
    assert stat.S_IMODE(out.stat().st_mode) == 0o640
    assert out.read_bytes() != b"old"


@pytest.mark.parametrize("writer", sorted(WRITERS))
def test_a_file_with_other_hard_links_is_refused_not_cut_off(library, tmp_path, writer):
    out = tmp_path / "linked.out"
    out.write_text("old")
    other = tmp_path / "other-name.out"
    os.link(out, other)
    done = run(library, *writer_args(writer, out))
    one_sentence(done, "hard link")
    assert out.read_text() == "old" and other.read_text() == "old"
    assert os.stat(out).st_ino == os.stat(other).st_ino


def test_backup_to_dash_is_standard_output(library, tmp_path):
    done = run(library, "backup", "-", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.startswith(b"SQLite format 3\x00")
    assert not (tmp_path / "-").exists()
    copy = tmp_path / "from-stdout.sqlite3"
    copy.write_bytes(done.stdout)
    assert contents(copy) == contents(library)


def test_a_new_file_gets_the_usual_permissions(library, tmp_path):
    out = tmp_path / "new.csv"
    done = subprocess.run(
        [
            "sh",
            "-c",
            'umask 027 && exec "$@"',
            "sh",
            sys.executable,
            "-m",
            "annotator",
            "--db",
            str(library),
            "export",
            "--out",
            str(out),
        ],
        capture_output=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr.decode()
    assert stat.S_IMODE(out.stat().st_mode) == 0o640


# --- 18: standard output closed or full ---------------------------------------------------------
@pytest.mark.parametrize(
    "args", [("export", "--out", "-"), ("export",), ("text", "1"), ("docs",), ("lexicon", "--export", "-"), ("backup", "-")]
)
def test_standard_output_closed_is_a_sentence(library, args):
    done = run(library, *args, stdout=None, shell_suffix=">&-")
    one_sentence(done, "standard output")


@pytest.mark.parametrize(
    "args",
    [
        ("export", "--out", "-"),
        ("export",),
        ("text", "1"),
        ("docs",),
        ("lexicon", "--export", "-"),
        ("backup", "-"),
        ("tags",),
    ],
)
def test_standard_output_on_a_full_device_is_a_sentence(library, args):
    with open("/dev/full", "wb") as full:
        done = run(library, *args, stdout=full)
    one_sentence(done, "standard output", "No space left")


def test_a_reader_that_stops_early_is_not_an_error(library, tmp_path):
    """`annotator text 1 | head -c 10` and `annotator export | head -1`: quiet, as Unix tools are."""
    big = tmp_path / "big.txt"
    big.write_text("A long article line about the ceasefire.\n" * 40_000, encoding="utf-8")
    run(library, "import", str(big))
    add_annotations(library, 5, 3_000)  # an export of about 600 KB: more than a pipe holds
    for args, head in ((("text", "5"), "head -c 10"), (("export",), "head -1")):
        line = " ".join(f"'{a}'" for a in (sys.executable, "-m", "annotator", "--db", str(library), *args))
        done = subprocess.run(["sh", "-c", f"{line} | {head}"], capture_output=True, timeout=120)
        assert done.stderr == b"", done.stderr.decode()
        assert done.stdout


# --- 15: a killed parallel export leaves no workers and no debris -----------------------------
def children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat_line = (entry / "stat").read_text()
            except OSError:
                continue
            fields = stat_line[stat_line.rindex(")") + 2 :].split()
            if int(fields[1]) == pid and fields[0] != "Z":
                found.append(int(entry.name))
    return found


def running(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return False
    return state[state.rindex(")") + 2] != "Z"  # a zombie has died (nobody reaped it yet)


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the workers through /proc")
def test_a_killed_parallel_export_takes_its_workers_along_and_its_debris_is_cleaned(tmp_path):
    library = sample_library(tmp_path / "lib.sqlite3")
    for document_id in (1, 4):  # two parts of about 100,000 rows each: a worker runs for a while
        add_annotations(library, document_id, 20_000, tags_per=5)
    temp, out = tmp_path / "tmp", tmp_path / "out" / "passages.csv"
    temp.mkdir()
    out.parent.mkdir()
    env = {**os.environ, "TMPDIR": str(temp)}
    child = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("export_child.py")), str(library), str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    assert child.stdout.readline() == "workers started\n", child.stderr.read()
    workers = children(child.pid)
    assert len(workers) >= 2
    os.kill(child.pid, signal.SIGKILL)
    child.communicate()
    deadline = time.monotonic() + 10
    while any(running(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(running(w) for w in workers), "the workers outlived their parent"
    assert [p for p in temp.rglob("*") if p.is_file()] == [], "the workers' part files stayed"
    done = run(library, "export", "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr.decode()
    assert sorted(p.name for p in out.parent.iterdir()) == ["passages.csv"]
    assert list(temp.iterdir()) == []


def test_the_sweep_takes_only_dead_writers_leftovers_and_only_ours_from_the_temporary_folder(library, tmp_path):
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True
    ).stdout.strip()
    temp, out = tmp_path / "tmp", tmp_path / "out"
    temp.mkdir()
    out.mkdir()
    ours = temp / f"annotator-export-x1.annotator-partial-{dead}"
    ours.mkdir()
    (ours / "part-0.csv").write_text("half")
    foreign = temp / f"other-tool.partial-{dead}"
    old = temp / "other-tool.sqlite3.partial"  # the old unnamed form: only ours beside a library
    old.write_text("not ours either")
    os.utime(old, (0, 0))
    foreign.write_text("not ours")
    killed = out / f".passages.csv.annotator-partial-{dead}"
    users = out / f"draft.partial-{dead}"  # a user's own file that merely looks like a leftover
    users.write_text("the user's")
    killed.write_text("half")
    live = out / f".other.csv.annotator-partial-{os.getpid()}"  # this test's process runs: a writer at work
    live.write_text("being written")
    done = run(library, "export", "--out", str(out / "passages.csv"), env={**os.environ, "TMPDIR": str(temp)})
    assert done.returncode == 0, done.stderr.decode()
    assert not ours.exists() and not killed.exists()
    assert foreign.read_text() == "not ours" and live.read_text() == "being written"
    assert users.read_text() == "the user's" and old.read_text() == "not ours either"
