"""Backup and restore, end to end, on a real SQLite file and a real PostgreSQL database.

The test database is in memory (SQLite) or inside a transaction (PostgreSQL), and the test
settings keep uploads in memory, so every step runs `manage.py` in a separate process on the
real settings, pointed at a database and a media directory of the test's own.
"""

from __future__ import annotations

import json
import os
import secrets
import tarfile
from pathlib import Path

import psycopg
import pytest

from tests.isolated import manage, run_python

SEED = """
import django
django.setup()
from django.core.files.base import ContentFile
from cultiva.ideas.models import Comment
from cultiva.meetings.models import Material
from tests.factories import make_contribution, make_world
world = make_world()
contribution = make_contribution(world.process, world.member, title="Közösségi kert")
Comment.objects.create(contribution=contribution, author=world.facilitator, body="Jó ötlet")
material = Material(process=world.process, title="Diák", language="hu", licence="cc-by-4.0")
material.file.save("diak.pdf", ContentFile(bytes(range(256)) * 40), save=True)
print(material.file.name)
"""

COUNTS = """
import django, json
django.setup()
from django.apps import apps
print(json.dumps({m._meta.label: m._default_manager.count() for m in apps.get_models()}))
"""

# Writes after a restore: new ids (sequences restored), the search words (trigger on PostgreSQL).
MORE = """
import django
django.setup()
from cultiva.processes.models import Process
from tests.factories import make_contribution, make_user
user = make_user("later@example.org")
make_contribution(Process.objects.get(), user, title="Later idea")
"""


def environment(tmp_path: Path, **extra: str) -> dict[str, str]:
    return {
        "CULTIVA_SECRET_KEY": secrets.token_urlsafe(50),
        "CULTIVA_MEDIA_ROOT": str(tmp_path / "media"),
        "CULTIVA_EMBED_ON_SAVE": "false",
        "CULTIVA_TASKS_IMMEDIATE": "true",
        **extra,
    }


def ok(result):
    assert result.returncode == 0, result.stdout + result.stderr
    return result.stdout


def counts(var_dir: Path, env: dict[str, str]) -> dict[str, int]:
    return json.loads(ok(run_python(COUNTS, var_dir, **env)).strip().splitlines()[-1])


def seed(var_dir: Path, env: dict[str, str]) -> tuple[dict[str, int], str, bytes]:
    ok(manage(["migrate", "--noinput", "-v", "0"], var_dir, **env))
    name = ok(run_python(SEED, var_dir, **env)).strip().splitlines()[-1]
    before = counts(var_dir, env)
    assert before["accounts.User"] >= 5
    assert before["ideas.Contribution"] == 1
    assert before["ideas.Comment"] == 1
    assert before["meetings.Material"] == 1
    media_file = Path(env["CULTIVA_MEDIA_ROOT"]) / name
    return before, name, media_file.read_bytes()


def back_up(var_dir: Path, env: dict[str, str], archive: Path) -> dict:
    ok(manage(["backup", str(archive)], var_dir, **env))
    with tarfile.open(archive) as opened:
        names = opened.getnames()
        manifest = json.load(opened.extractfile("manifest.json"))
    assert any(name.startswith("media/materials/") for name in names)
    return manifest


# Each engine's backup runs in the suite's pass on that engine (`make test` runs both).
ON_POSTGRESQL = os.environ.get("CULTIVA_TEST_DATABASE_URL", "").startswith("postgres")


@pytest.mark.skipif(ON_POSTGRESQL, reason="the SQLite backup runs in the SQLite pass")
def test_sqlite_backup_wipe_restore(tmp_path):
    var_dir = tmp_path / "var"
    env = environment(tmp_path)
    before, name, content = seed(var_dir, env)
    archive = tmp_path / "out" / "cultiva.tar.gz"

    manifest = back_up(var_dir, env, archive)
    assert archive.stat().st_mode & 0o077 == 0  # personal data: the owner's eyes only
    assert manifest["format"] == 1
    assert manifest["engine"] == "sqlite"
    assert manifest["counts"]["ideas.Contribution"] == 1
    assert manifest["created_at"]
    assert "cultiva_version" in manifest

    # Wiped: every row gone, the uploads deleted.
    ok(manage(["flush", "--noinput"], var_dir, **env))
    (Path(env["CULTIVA_MEDIA_ROOT"]) / name).unlink()
    assert counts(var_dir, env)["accounts.User"] == 0

    # Without --noinput it asks; anything but "yes" leaves everything as it is.
    refused = manage(["restore", str(archive)], var_dir, stdin="no\n", **env)
    assert refused.returncode != 0
    assert "cancelled" in refused.stderr
    assert counts(var_dir, env)["accounts.User"] == 0

    ok(manage(["restore", str(archive), "--noinput"], var_dir, **env))
    assert counts(var_dir, env) == before
    assert (Path(env["CULTIVA_MEDIA_ROOT"]) / name).read_bytes() == content

    # Onto a populated database: what was added since the backup is gone again.
    ok(run_python(MORE, var_dir, **env))
    assert counts(var_dir, env)["accounts.User"] == before["accounts.User"] + 1
    (Path(env["CULTIVA_MEDIA_ROOT"]) / "stray.txt").write_text("added later")
    answered = manage(["restore", str(archive)], var_dir, stdin="yes\n", **env)
    ok(answered)
    assert counts(var_dir, env) == before
    assert not (Path(env["CULTIVA_MEDIA_ROOT"]) / "stray.txt").exists()
    assert (Path(env["CULTIVA_MEDIA_ROOT"]) / name).read_bytes() == content


@pytest.fixture
def postgres_database():
    """A real database of this test's own next to the test database, dropped afterwards."""
    server = os.environ["CULTIVA_TEST_DATABASE_URL"].rsplit("/", 1)[0]
    name = f"cultiva_backup_{os.getpid()}"
    admin = psycopg.connect(f"{server}/postgres", autocommit=True, connect_timeout=5)

    def recreate():
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')

    recreate()
    yield f"{server}/{name}", recreate
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


@pytest.mark.skipif(not ON_POSTGRESQL, reason="the PostgreSQL backup runs in the PostgreSQL pass")
def test_postgresql_backup_drop_restore(tmp_path, postgres_database):
    url, recreate = postgres_database
    var_dir = tmp_path / "var"
    env = environment(tmp_path, DATABASE_URL=url, CULTIVA_DB_CONN_MAX_AGE="0")
    before, name, content = seed(var_dir, env)
    archive = tmp_path / "cultiva-pg.tar.gz"
    manifest = back_up(var_dir, env, archive)
    assert manifest["engine"] == "postgresql"

    # An SQLite install refuses the PostgreSQL archive, saying why.
    sqlite_env = environment(tmp_path / "other")
    refused = manage(["restore", str(archive), "--noinput"], tmp_path / "other", **sqlite_env)
    assert refused.returncode != 0
    assert "postgresql database" in refused.stderr
    assert "sqlite" in refused.stderr

    # Dropped and created empty, the media gone: the restore brings back both.
    recreate()
    (Path(env["CULTIVA_MEDIA_ROOT"]) / name).unlink()
    ok(manage(["restore", str(archive), "--noinput"], var_dir, **env))
    assert counts(var_dir, env) == before
    assert (Path(env["CULTIVA_MEDIA_ROOT"]) / name).read_bytes() == content

    # Onto the populated database; writing afterwards works (sequences, search trigger).
    ok(run_python(MORE, var_dir, **env))
    ok(manage(["restore", str(archive), "--noinput"], var_dir, **env))
    assert counts(var_dir, env) == before
    ok(run_python(MORE, var_dir, **env))
