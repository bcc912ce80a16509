#!/usr/bin/env bash
# Keeps one background task worker running next to the server (`make run`): starts
# `manage.py run_worker` and starts it again whenever it exits. The worker itself waits out
# database outages; this loop covers everything else (a crash, the out-of-memory killer).
# TERM or INT stops the worker and this loop.
set -u
BIN="${BIN:-.venv/bin}"
child=""
stop() {
  if [ -n "$child" ]; then kill -TERM "$child" 2>/dev/null; wait "$child" 2>/dev/null; fi
  exit 0
}
trap stop INT TERM
while true; do
  "$BIN/python" manage.py run_worker "$@" &
  child=$!
  wait "$child"
  status=$?
  child=""
  echo "The task worker exited (status $status); starting it again in 2 s." >&2
  sleep 2 &
  wait $!
done
