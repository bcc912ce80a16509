#!/usr/bin/env bash
# The system packages the test suite needs: a Chromium for the browser tests, gettext for
# the catalogues, Pango and fonts for PDF certificates, LibreOffice (headless) to open the
# Word documents Cultiva writes, as a real client would. `make test` (scripts/test.sh) runs
# this first, so a fresh machine needs nothing done by hand and CI cannot drift from it.
#
# As root on Debian, missing packages come from apt. Otherwise a missing Chromium falls back
# to Playwright's own download; when that fails too, one line says what to install.
# Prints the Chromium to use as its last line: `CULTIVA_CHROMIUM=<path>` (or nothing).
set -euo pipefail
BIN="${BIN:-.venv/bin}"

find_chromium() {
  if [ -n "${CULTIVA_CHROMIUM:-}" ] && [ -x "${CULTIVA_CHROMIUM}" ]; then echo "$CULTIVA_CHROMIUM"; return; fi
  for candidate in /usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome; do
    if [ -x "$candidate" ]; then echo "$candidate"; return; fi
  done
}

missing=()
[ -n "$(find_chromium)" ] || missing+=(chromium)
command -v msgfmt >/dev/null 2>&1 || missing+=(gettext)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
if command -v dpkg >/dev/null 2>&1; then
  dpkg -s libpango-1.0-0 >/dev/null 2>&1 || missing+=(libpango-1.0-0 libpangoft2-1.0-0)
  dpkg -s fonts-dejavu-core >/dev/null 2>&1 || missing+=(fonts-dejavu-core)
fi

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing system packages with apt: ${missing[*]}" >&2
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -q >&2
    apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
  else
    echo "Missing system packages: ${missing[*]} (not root on Debian, so not installing them)." >&2
  fi
fi

chromium="$(find_chromium)"
if [ -z "$chromium" ]; then
  echo "No system Chromium; trying Playwright's own download." >&2
  if ! "$BIN/python" -m playwright install chromium >&2; then
    echo "Cannot get a Chromium for the browser tests: install Debian's 'chromium' package (apt-get install chromium) or set CULTIVA_CHROMIUM=/path/to/chromium." >&2
    exit 1
  fi
fi
command -v msgfmt >/dev/null 2>&1 || {
  echo "The translation catalogues need gettext's msgfmt: install Debian's 'gettext' package." >&2
  exit 1
}
echo "CULTIVA_CHROMIUM=${chromium}"
