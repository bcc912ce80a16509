#!/usr/bin/env bash
# The whole test suite: lint, translations, then pytest on SQLite and, when reachable,
# on PostgreSQL (CULTIVA_TEST_POSTGRES_URL, default postgres://postgres@127.0.0.1:5432/cultiva).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
WORKERS="${CULTIVA_TEST_WORKERS:-auto}"

echo "== ruff"
$BIN/ruff check src tests bench
$BIN/ruff format --check src tests bench

echo "== Django checks and migrations"
DJANGO_SETTINGS_MODULE=cultiva.test_settings $BIN/python manage.py check
DJANGO_SETTINGS_MODULE=cultiva.test_settings $BIN/python manage.py makemigrations --check --dry-run

# System packages (Chromium, gettext, Pango, fonts): installed here when missing, so the
# README's test command works on a fresh machine; the last line names the Chromium to use.
chromium_line="$(BIN=$BIN bash scripts/system_packages.sh | tail -n 1)"
chromium="${chromium_line#CULTIVA_CHROMIUM=}"
if [ -n "$chromium" ]; then export CULTIVA_CHROMIUM="$chromium"; fi

PG_URL="${CULTIVA_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/cultiva}"
pg_reachable() {
  $BIN/python - "$PG_URL" <<'PY'
import sys
import psycopg
try:
    url = sys.argv[1].rsplit("/", 1)[0] + "/postgres"
    psycopg.connect(url, connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL not reachable: {exc}")
    sys.exit(1)
PY
}

# With both databases, two slow kinds of test run once, each where it tells the most: the
# browser tests on SQLite (the database `make run` serves), the API fuzzing on PostgreSQL
# (where NUL bytes and strict types make errors SQLite lets pass). Everything else runs on
# both. Without PostgreSQL, the SQLite pass runs everything.
status=0
if pg_reachable; then
  echo "== pytest on SQLite (all but the API fuzzing)"
  env -u CULTIVA_TEST_DATABASE_URL $BIN/pytest -n "$WORKERS" -p no:cacheprovider -m "not api_fuzz" "$@" || status=$?
  echo "== pytest on PostgreSQL ($PG_URL; all but the browser tests)"
  CULTIVA_TEST_DATABASE_URL="$PG_URL" $BIN/pytest -n "$WORKERS" -p no:cacheprovider -m "not browser" "$@" || status=$?
else
  if [ "${CI:-}" = "true" ]; then
    echo "CI requires PostgreSQL, and it is not reachable." >&2
    exit 1
  fi
  echo "== pytest on SQLite"
  env -u CULTIVA_TEST_DATABASE_URL $BIN/pytest -n "$WORKERS" -p no:cacheprovider "$@" || status=$?
fi
exit $status
