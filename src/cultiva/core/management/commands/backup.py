"""manage.py backup OUT.tar.gz: the database and the uploaded media in one archive."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cultiva.core.backup import BackupError, create_backup


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup or pg_dump) and MEDIA_ROOT into a .tar.gz "
        "archive with a manifest. Safe while the site runs."
    )

    def add_arguments(self, parser):
        parser.add_argument("out", type=Path, help="the archive to write, e.g. cultiva.tar.gz")
        parser.add_argument("--database", default="default")

    def handle(self, *args, out: Path, database: str, **options):
        try:
            manifest = create_backup(out, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        counts = ", ".join(f"{label} {count}" for label, count in manifest.counts.items())
        self.stdout.write(
            self.style.SUCCESS(f"Backed up the {manifest.engine} database and media to {out}.")
        )
        self.stdout.write(f"Rows: {counts}")
