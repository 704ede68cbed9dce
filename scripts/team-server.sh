#!/usr/bin/env bash
# A local team server, to try team mode on one machine: a PostgreSQL cluster of its own in a folder,
# listening on 127.0.0.1 only, with a database `team`. Logins need no password here (trust on the
# loopback address): it is for trying, not for a real team — on a real server use passwords or
# certificates (libpq: a prompt, ~/.pgpass, PGPASSWORD, sslmode in the URL).
#   bash scripts/team-server.sh start    # prints the admin's URL
#   bash scripts/team-server.sh stop
#   bash scripts/team-server.sh status
# ANNOTATOR_TEAM_DIR (the folder) and ANNOTATOR_TEAM_PORT (default 5433) choose where.
set -euo pipefail

if [ "$(id -u)" = 0 ]; then
  DIR="${ANNOTATOR_TEAM_DIR:-/var/lib/annotator-team-server}"  # the postgres user must reach it
else
  DIR="${ANNOTATOR_TEAM_DIR:-${XDG_DATA_HOME:-$HOME/.local/share}/Annotator/team-server}"
fi
PORT="${ANNOTATOR_TEAM_PORT:-5433}"
BIN="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)"
[ -n "$BIN" ] || BIN="$(dirname "$(command -v initdb 2>/dev/null || echo /nonexistent/initdb)")"
if [ ! -x "$BIN/initdb" ]; then
  echo "PostgreSQL's server is not installed: run bash scripts/setup.sh as root (or apt-get install postgresql)" >&2
  exit 1
fi

as_postgres() {  # initdb and pg_ctl refuse to run as root
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

case "${1:-start}" in
  start)
    if [ ! -d "$DIR/data" ]; then
      mkdir -p "$DIR"
      [ "$(id -u)" = 0 ] && chown postgres "$DIR"
      as_postgres "$BIN/initdb" -D "$DIR/data" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_postgres "$BIN/pg_ctl" -D "$DIR/data" status >/dev/null 2>&1; then
      # pg_ctl's own failure says only "Examine the log output." without saying where the log is.
      if ! as_postgres "$BIN/pg_ctl" -D "$DIR/data" -w -l "$DIR/server.log" \
        -o "-p $PORT -c listen_addresses=127.0.0.1 -k $DIR" start >/dev/null 2>&1; then
        echo "the team server did not start; the end of its log, $DIR/server.log:" >&2
        tail -n 5 "$DIR/server.log" >&2
        if tail -n 20 "$DIR/server.log" | grep -q "could not create any TCP/IP sockets"; then
          echo "another program listens on 127.0.0.1:$PORT: choose another port, e.g." \
            "ANNOTATOR_TEAM_PORT=$((PORT + 1)) bash scripts/team-server.sh start (and use it in the URLs)" >&2
        fi
        exit 1
      fi
    fi
    if ! psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'team'" | grep -q 1; then
      psql -h 127.0.0.1 -p "$PORT" -U postgres -d postgres -qc "CREATE DATABASE team" >/dev/null
    fi
    echo "team server running in $DIR (log: $DIR/server.log)"
    echo "admin URL: postgresql+psycopg://postgres@127.0.0.1:$PORT/team"
    ;;
  stop)
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" -m fast stop >/dev/null && echo "team server stopped"
    ;;
  status)
    as_postgres "$BIN/pg_ctl" -D "$DIR/data" status
    ;;
  *)
    echo "usage: bash scripts/team-server.sh start|stop|status" >&2
    exit 2
    ;;
esac
