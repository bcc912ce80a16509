"""Backup and restore of a whole install: the database and the uploaded media in one archive.

The archive is a .tar.gz holding
- manifest.json: format version, database engine, Cultiva version, when it was made, and the
  row counts of the main tables (to compare after a restore);
- the database: `database.sqlite3` (SQLite's online backup API, consistent while the site
  runs) or `database.pgdump` (PostgreSQL's `pg_dump --format=custom`);
- media/: the MEDIA_ROOT tree (uploaded materials, imported spreadsheets).

A restore replaces the database's content and the media tree with the archive's. It refuses an
archive made on another database engine: moving between engines is a data migration
(`dumpdata`/`loaddata`), not a restore.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import connections

FORMAT_VERSION = 1
MANIFEST = "manifest.json"
MEDIA = "media"
DUMP_NAMES = {"sqlite": "database.sqlite3", "postgresql": "database.pgdump"}
# The tables a manifest counts: enough to see at a glance that a restore brought the data back.
MAIN_MODELS = (
    "accounts.User",
    "accounts.Organisation",
    "processes.Process",
    "meetings.Meeting",
    "meetings.Registration",
    "meetings.Material",
    "ideas.Contribution",
    "ideas.Comment",
    "ideas.WallCard",
    "portfolio.Project",
    "strategy.Strategy",
    "core.ActivityLog",
)


class BackupError(Exception):
    """Something an operator must fix; the message says what."""


@dataclass(frozen=True)
class Manifest:
    format: int
    engine: str
    cultiva_version: str
    created_at: str
    counts: dict[str, int]

    @classmethod
    def read(cls, data: dict) -> Manifest:
        try:
            return cls(
                format=int(data["format"]),
                engine=str(data["engine"]),
                cultiva_version=str(data["cultiva_version"]),
                created_at=str(data["created_at"]),
                counts={str(k): int(v) for k, v in data["counts"].items()},
            )
        except (KeyError, TypeError, ValueError, AttributeError) as error:
            raise BackupError(f"The archive's {MANIFEST} is incomplete ({error}).") from error


def engine(alias: str = "default") -> str:
    vendor = connections[alias].vendor
    if vendor not in DUMP_NAMES:
        raise BackupError(f"Backups support SQLite and PostgreSQL, not {vendor}.")
    return vendor


def cultiva_version() -> str:
    try:
        return metadata.version("cultiva")
    except metadata.PackageNotFoundError:
        return "unknown"


def main_counts() -> dict[str, int]:
    return {label: apps.get_model(label).objects.count() for label in MAIN_MODELS}


def media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def create_backup(out: Path, *, alias: str = "default") -> Manifest:
    """Write the archive to `out` (replaced atomically when complete)."""
    kind = engine(alias)
    manifest = Manifest(
        format=FORMAT_VERSION,
        engine=kind,
        cultiva_version=cultiva_version(),
        created_at=dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        counts=main_counts(),
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="cultiva-backup-") as work:
        dump = Path(work) / DUMP_NAMES[kind]
        if kind == "sqlite":
            dump_sqlite(dump, alias)
        else:
            dump_postgresql(dump, alias)
        manifest_file = Path(work) / MANIFEST
        manifest_file.write_text(json.dumps(manifest.__dict__, indent=2), encoding="utf-8")
        partial = out.with_name(out.name + ".partial")
        # The archive holds personal data: readable by its owner only.
        partial.unlink(missing_ok=True)
        partial.touch(mode=0o600)
        with tarfile.open(partial, "w:gz") as archive:
            archive.add(manifest_file, arcname=MANIFEST)
            archive.add(dump, arcname=dump.name)
            media = media_root()
            if media.is_dir():
                archive.add(media, arcname=MEDIA)
        os.replace(partial, out)
    return manifest


def read_manifest(archive_path: Path) -> Manifest:
    try:
        with tarfile.open(archive_path, "r:gz") as archive:
            member = archive.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            data = json.loads(member.read().decode("utf-8"))
    except (OSError, tarfile.TarError, KeyError, json.JSONDecodeError) as error:
        raise BackupError(f"{archive_path} is not a Cultiva backup archive ({error}).") from error
    manifest = Manifest.read(data)
    if manifest.format > FORMAT_VERSION:
        raise BackupError(
            f"The archive has format {manifest.format}; this Cultiva reads up to "
            f"{FORMAT_VERSION}. Restore it with a newer Cultiva."
        )
    return manifest


def check_restorable(manifest: Manifest, *, alias: str = "default") -> None:
    kind = engine(alias)
    if manifest.engine != kind:
        raise BackupError(
            f"This archive holds a {manifest.engine} database, and this install runs on "
            f"{kind}. A backup restores only onto the same database engine; to move between "
            "engines, use `manage.py dumpdata` and `loaddata`."
        )


def restore_backup(archive_path: Path, *, alias: str = "default") -> Manifest:
    """Replace the database's content and the media tree with the archive's."""
    manifest = read_manifest(archive_path)
    check_restorable(manifest, alias=alias)
    media = media_root()
    media.parent.mkdir(parents=True, exist_ok=True)
    # Unpacked next to MEDIA_ROOT, so the new tree moves into place by a rename.
    with tempfile.TemporaryDirectory(prefix=".cultiva-restore-", dir=media.parent) as work:
        with tarfile.open(archive_path, "r:gz") as archive:
            archive.extractall(work, filter="data")
        dump = Path(work) / DUMP_NAMES[manifest.engine]
        if not dump.is_file():
            raise BackupError(f"The archive has no {dump.name}.")
        if manifest.engine == "sqlite":
            restore_sqlite(dump, alias)
        else:
            restore_postgresql(dump, alias)
        replace_media(Path(work) / MEDIA, media, Path(work))
    cache.clear()  # cached pages and PDFs describe the data before the restore
    return manifest


def replace_media(restored: Path, media: Path, work: Path) -> None:
    """Swap MEDIA_ROOT's content (not the directory itself, which may be a mount point)."""
    media.mkdir(parents=True, exist_ok=True)
    previous = work / "media-before-restore"
    previous.mkdir()
    for child in list(media.iterdir()):
        shutil.move(child, previous / child.name)
    if restored.is_dir():
        for child in list(restored.iterdir()):
            shutil.move(child, media / child.name)


# SQLite: the online backup API copies a consistent snapshot page by page, also while the
# site writes; restoring copies the archive's database over the live one the same way.


def sqlite_path(alias: str) -> str:
    return str(connections[alias].settings_dict["NAME"])


def dump_sqlite(target: Path, alias: str) -> None:
    connection = connections[alias]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
    finally:
        destination.close()


def restore_sqlite(dump: Path, alias: str) -> None:
    from cultiva.core.db.sqlite3.base import pool_clear

    connections[alias].close()
    pool_clear()  # no kept connection of the database being replaced
    source = sqlite3.connect(dump)
    destination = sqlite3.connect(sqlite_path(alias), timeout=30)
    try:
        source.backup(destination)
    finally:
        destination.close()
        source.close()


# PostgreSQL: pg_dump's custom format. A restore replays it through psql in one transaction
# after dropping and recreating the public schema, so the database ends up exactly as archived
# whether it was empty, populated or on a newer schema, and a failed restore changes nothing.


def pg_arguments(alias: str) -> tuple[list[str], dict[str, str]]:
    config = connections[alias].settings_dict
    arguments = []
    for option, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if config.get(key):
            arguments += [option, str(config[key])]
    env = dict(os.environ)
    if config.get("PASSWORD"):
        env["PGPASSWORD"] = str(config["PASSWORD"])
    sslmode = (config.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return [*arguments, "--dbname", str(config["NAME"])], env


def pg_tool(name: str) -> str:
    executable = shutil.which(name)
    if executable is None:
        raise BackupError(f"{name} is not installed (PostgreSQL's client tools are needed).")
    return executable


def dump_postgresql(target: Path, alias: str) -> None:
    arguments, env = pg_arguments(alias)
    result = subprocess.run(  # noqa: S603 - fixed tool, arguments from the settings
        [
            pg_tool("pg_dump"),
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            "--file",
            str(target),
            *arguments,
        ],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")


RESET_SCHEMA = b"DROP SCHEMA IF EXISTS public CASCADE;\nCREATE SCHEMA public;\n"


def restore_postgresql(dump: Path, alias: str) -> None:
    connections[alias].close()
    arguments, env = pg_arguments(alias)
    with tempfile.TemporaryFile() as errors:
        psql = subprocess.Popen(  # noqa: S603 - fixed tool, arguments from the settings
            [
                pg_tool("psql"),
                "--no-psqlrc",
                "--quiet",
                "--single-transaction",
                "--set",
                "ON_ERROR_STOP=1",
                *arguments,
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=errors,
            env=env,
        )
        psql.stdin.write(RESET_SCHEMA)
        psql.stdin.flush()
        script = subprocess.run(  # noqa: S603 - fixed tool, the archive's dump
            [pg_tool("pg_restore"), "--no-owner", "--no-privileges", "--file=-", str(dump)],
            stdout=psql.stdin,
            stderr=subprocess.PIPE,
            env=env,
            check=False,
        )
        if script.returncode != 0:
            psql.kill()  # the connection drops before psql commits: nothing changes
        psql.stdin.close()
        psql.wait()
        errors.seek(0)
        messages = [
            line
            for line in errors.read().decode("utf-8", "replace").splitlines()
            if "ERROR" in line or "FATAL" in line
        ]
    if script.returncode != 0:
        detail = script.stderr.decode("utf-8", "replace").strip()
        raise BackupError(f"pg_restore failed and nothing was changed: {detail}")
    if psql.returncode != 0:
        raise BackupError("The restore failed and changed nothing: " + " ".join(messages))
