"""A throwaway PostgreSQL cluster for the tests: made in a temp folder, listening on a Unix socket
there only, stopped and removed however the session ends; one database per test, copied from a
template migrated to HEAD once (CREATE DATABASE … TEMPLATE costs milliseconds, a migration does not).

initdb and pg_ctl refuse to run as root (CI runs as root): then the cluster runs as `postgres`.
"""

from __future__ import annotations

import atexit
import itertools
import os
import shutil
import signal
import subprocess
import tempfile
from pathlib import Path

BIN_DIRS = tuple(f"/usr/lib/postgresql/{v}/bin" for v in (15, 16, 17, 18))
TEMPLATE = "annotator_template"
# fsync off: a test never survives an OS crash, only a server's. synchronous_commit stays on: a
# server killed by a test (pg_ctl -m immediate) must keep every commit it acknowledged.
SETTINGS = "-c listen_addresses='' -c fsync=off -c full_page_writes=off -c max_connections=200"


class ServerMissing(RuntimeError):
    """The PostgreSQL binaries are not installed."""


def _bin_dir() -> Path:
    for candidate in (os.environ.get("ANNOTATOR_PG_BIN"), *BIN_DIRS):
        if candidate and (Path(candidate) / "initdb").exists():
            return Path(candidate)
    found = shutil.which("initdb") or shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    raise ServerMissing(
        "the PostgreSQL tests need PostgreSQL's initdb and pg_ctl: run `bash scripts/setup.sh` "
        "as root (or apt-get install postgresql postgresql-client)"
    )


def _interrupt_on_sigterm() -> None:
    """SIGTERM ends Python without atexit; turned into KeyboardInterrupt, pytest ends the session
    the usual way (finalizers first). Only if nobody else handles SIGTERM already."""
    if signal.getsignal(signal.SIGTERM) is signal.SIG_DFL:

        def interrupt(_signum: int, _frame: object) -> None:
            raise KeyboardInterrupt("SIGTERM")

        signal.signal(signal.SIGTERM, interrupt)


class PostgresServer:
    """One cluster; `database()` hands out a fresh database (a URL), `drop()` removes it."""

    def __init__(self) -> None:
        self.bin = _bin_dir()
        self.root = Path(tempfile.mkdtemp(prefix="annotator-tests-pg-"))
        self.socket = str(self.root)
        self._as_root = os.geteuid() == 0
        self._names = itertools.count(1)
        self._running = False
        self._admin = None
        atexit.register(self.stop)  # also when the session dies without running its finalizers
        _interrupt_on_sigterm()  # a `timeout` or CI's cancel: finalizers and atexit still run
        try:
            self._start()
            self._make_template()
        except BaseException:
            self.stop()
            raise

    def _run(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        command = [str(self.bin / args[0]), *args[1:]]
        if self._as_root:
            command = ["runuser", "-u", "postgres", "--", *command]
        return subprocess.run(command, check=check, capture_output=True, text=True, cwd=self.root)

    def _start(self) -> None:
        if self._as_root:
            shutil.chown(self.root, "postgres")
        self._run(
            "initdb",
            "-D",
            str(self.root / "data"),
            "-A",
            "trust",
            "-U",
            "postgres",
            "--no-sync",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
        )
        self.start()

    def start(self) -> None:
        """Start the cluster (again, after `kill`)."""
        started = self._run(
            "pg_ctl",
            "-D",
            str(self.root / "data"),
            "-w",
            "-l",
            str(self.root / "log"),
            "-o",
            f"-k {self.socket} {SETTINGS}",
            "start",
            check=False,
        )
        if started.returncode != 0:
            log = (self.root / "log").read_text(errors="replace") if (self.root / "log").exists() else ""
            raise RuntimeError(f"PostgreSQL did not start: {started.stderr}{log}")
        self._running = True

    def kill(self) -> None:
        """Stop the server at once, as a crash or a cut network would (`start` brings it back)."""
        if self._admin is not None:
            self._admin.close()
            self._admin = None
        self._run("pg_ctl", "-D", str(self.root / "data"), "-w", "-m", "immediate", "stop", check=False)
        self._running = False

    def sigkill(self) -> None:
        """SIGKILL the postmaster, as the OOM killer or a crash would: no shutdown of any kind.
        Its backends notice and exit on their own; `start` then waits for them (the shared
        memory they hold keeps a new postmaster from starting until they are gone)."""
        pid = int((self.root / "data" / "postmaster.pid").read_text().split("\n")[0])
        os.kill(pid, signal.SIGKILL)
        self._running = False
        if self._admin is not None:
            self._admin = None  # its backend dies with the server; closing it now could block

    def start_after_kill(self, seconds: float = 30) -> None:
        """Start again after `sigkill`, retrying while the old backends are still leaving."""
        import time

        deadline = time.monotonic() + seconds
        while True:
            try:
                self.start()
                return
            except RuntimeError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.2)

    def url(self, database: str, user: str = "postgres") -> str:
        return f"postgresql+psycopg://{user}@/{database}?host={self.socket}"

    def admin(self):  # a psycopg connection in autocommit, to the maintenance database
        import psycopg

        if self._admin is None or self._admin.closed:
            self._admin = psycopg.connect(host=self.socket, user="postgres", dbname="postgres", autocommit=True)
        return self._admin

    def _make_template(self) -> None:
        from annotator.storage.engine import migrate_library

        self.admin().execute(f"CREATE DATABASE {TEMPLATE}")
        migrate_library(self.url(TEMPLATE))  # the admin step: HEAD, codebook, roles; no connection left

    def database(self) -> str:
        """A new database holding an empty library at HEAD; its URL."""
        name = f"t{os.getpid()}_{next(self._names)}"
        self.admin().execute(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE}")
        return self.url(name)

    def empty_database(self) -> str:
        """A new database with nothing in it (for tests of migrating or refusing)."""
        name = f"e{os.getpid()}_{next(self._names)}"
        self.admin().execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def drop(self, url: str) -> None:
        """Drop a test's database, closing whatever connections a test left (a killed child's)."""
        name = url.split("?")[0].rsplit("/", 1)[1]
        self.admin().execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")

    def stop(self) -> None:
        if self._admin is not None:
            try:
                self._admin.close()
            except Exception:
                pass
            self._admin = None
        if self._running:
            self._running = False
            data = str(self.root / "data")
            if self._run("pg_ctl", "-D", data, "-m", "fast", "-t", "20", "stop", check=False).returncode != 0:
                self._run("pg_ctl", "-D", data, "-m", "immediate", "stop", check=False)
        shutil.rmtree(self.root, ignore_errors=True)
        atexit.unregister(self.stop)
