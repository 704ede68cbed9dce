#!/usr/bin/env bash
# Set up Annotator on this machine: the system libraries Qt needs and the PostgreSQL server the
# tests start (Debian/Ubuntu, when run as root), a virtual environment in .venv, and the package
# with its test tools. Safe to re-run.
#   bash scripts/setup.sh             # what the tests need (Qt offscreen)
#   bash scripts/setup.sh --desktop   # also the X11/xcb libraries to show the window (and Xvfb)
set -euo pipefail
cd "$(dirname "$0")/.."

QT_LIBS="libegl1 libgl1 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 libxkbcommon0 libx11-6 fonts-dejavu-core"
XVFB_LIBS="xvfb xauth libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0 libxcb-sync1 libxcb-util1 libxcb-xfixes0 libxcb-xkb1 libxkbcommon-x11-0"
wanted="$QT_LIBS"
case "${1:-}" in --desktop|--xvfb) wanted="$wanted $XVFB_LIBS" ;; esac

PYTHON="${PYTHON:-python3}"
# Debian and Ubuntu ship venv without ensurepip; their python3-venv package adds it.
venv_pkg=""
"$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1 || venv_pkg="python3-venv"

if command -v dpkg >/dev/null 2>&1; then
  missing="${venv_pkg:+ $venv_pkg}"
  for pkg in $wanted; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing="$missing $pkg"
  done
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
      echo "Installing system packages:$missing"
      apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
      echo "Qt needs these system packages; install them with sudo apt-get install$missing" >&2
    fi
  fi
fi

# The test suite runs every library test on SQLite and on a throwaway PostgreSQL cluster, which
# it starts itself (tests/postgres_server.py) from Debian's server package (the release's own
# version: 15 on Debian 12, 17 on Debian 13).
PG_PKGS="postgresql postgresql-client"
if command -v dpkg >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing PostgreSQL for the tests: $PG_PKGS"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $PG_PKGS >/dev/null
  else
    echo "The tests need PostgreSQL's server; install it with sudo apt-get install $PG_PKGS" >&2
  fi
fi

if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -c 'import ensurepip, venv' >/dev/null 2>&1; then
    echo "$PYTHON cannot make a virtual environment: install Debian's python3-venv package (sudo apt-get install python3-venv) and run this again." >&2
    exit 1
  fi
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
# PYTHONWARNINGS: setuptools prints a banner about editable installs that says nothing to act on.
PYTHONWARNINGS=ignore .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test]"
# An editable install leaves our modules uncompiled; where PYTHONDONTWRITEBYTECODE is set (as on
# the CI machine) every start would then compile ~120 modules again: ~0.3 s before the first frame.
.venv/bin/python -m compileall -q src >/dev/null
