"""Run manage.py or Python code in a separate process on the real settings (not the test
settings), with its own var/ directory: for what the in-memory test database and the test
settings cannot show (server start-up, backups of real database files)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], var_dir: Path, stdin: str | None = None, **env: str):
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("CULTIVA_", "DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    environment.update(
        DJANGO_SETTINGS_MODULE="cultiva.settings",
        CULTIVA_VAR_DIR=str(var_dir),
        CULTIVA_DEBUG="false",
        PYTHONPATH=os.pathsep.join([str(ROOT / "src"), str(ROOT)]),
        **env,
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        args,
        cwd=ROOT,
        env=environment,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
    )


def run_python(code: str, var_dir: Path, **env: str) -> subprocess.CompletedProcess:
    return run([sys.executable, "-c", code], var_dir, **env)


def manage(command: list[str], var_dir: Path, **env: str) -> subprocess.CompletedProcess:
    return run([sys.executable, str(ROOT / "manage.py"), *command], var_dir, **env)
