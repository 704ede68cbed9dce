"""A team library on the session's PostgreSQL server: the samples imported and two coders and a
lead added by the administrator's connection (the superuser that migrated it), each with a login
role. Role names are the cluster's, so each test's coders get names of their own."""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import quote

import psycopg
import pytest

from annotator.services import Services, open_services


@dataclass
class Team:
    server: object
    url: str  # the administrator's (superuser's) URL
    alice: str
    bob: str
    lead: str

    @property
    def database(self) -> str:
        return self.url.split("?")[0].rsplit("/", 1)[1]

    def url_as(self, login: str) -> str:
        return self.url.replace("postgres@", f"{quote(login, safe='')}@", 1)

    def services(self, login: str) -> Services:
        return open_services(self.url_as(login), backup=False)

    def raw(self, login: str) -> psycopg.Connection:
        """psql's view: a plain connection with the coder's login, no Annotator code in between."""
        return psycopg.connect(host=str(self.server.socket), user=login, dbname=self.database, autocommit=True)

    def cli(self, login: str | None, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        url = self.url if login is None else self.url_as(login)
        done = subprocess.run(
            [sys.executable, "-m", "annotator", "--db", url, *args],
            capture_output=True,
            text=True,
            env={**os.environ, "ANNOTATOR_USER": "someone-else"},
            timeout=120,
        )
        if check and done.returncode != 0:
            raise AssertionError(done.stderr)
        return done


@pytest.fixture
def team(postgres_server) -> Iterator[Team]:
    url = postgres_server.database()
    suffix = uuid.uuid4().hex[:8]
    made = Team(postgres_server, url, f"alice_{suffix}", f"bob_{suffix}", f"lead_{suffix}")
    admin = open_services(url, annotator="admin", backup=False)
    try:
        admin.documents.import_samples()
        admin.coders.add(made.alice)
        admin.coders.add(made.bob)
        admin.coders.add(made.lead, lead=True)
    finally:
        admin.close()
    yield made
    postgres_server.drop(url)


@pytest.fixture
def coded(team: Team) -> Team:
    """Alice and Bob each tagged one passage of document 4 (blind, the default)."""
    for login, quote_ in ((team.alice, "Armenia and Azerbaijan"), (team.bob, "anti-terrorist operation")):
        services = team.services(login)
        try:
            services.annotations.tag_quote(4, quote_, ["claim"], nth=1, note=f"by {login}")
        finally:
            services.close()
    return team
