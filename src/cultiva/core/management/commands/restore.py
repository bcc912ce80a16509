"""manage.py restore IN.tar.gz: replace the database and the media with a backup's."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cultiva.core.backup import (
    BackupError,
    check_restorable,
    main_counts,
    read_manifest,
    restore_backup,
)


class Command(BaseCommand):
    help = (
        "Restore an archive made by `manage.py backup`: the database's whole content and "
        "MEDIA_ROOT are replaced. Stop the site and the task workers first."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="an archive made by `manage.py backup`")
        parser.add_argument("--database", default="default")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="do not ask for confirmation",
        )

    def handle(self, *args, archive: Path, database: str, interactive: bool, **options):
        try:
            manifest = read_manifest(archive)
            check_restorable(manifest, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Archive: {manifest.engine} database made {manifest.created_at} "
            f"by Cultiva {manifest.cultiva_version}."
        )
        if interactive:
            answer = input(
                "This replaces the whole database and every uploaded file with the archive's.\n"
                "Type 'yes' to continue, or anything else to cancel: "
            )
            if answer.strip().lower() != "yes":
                raise CommandError("Restore cancelled; nothing was changed.")
        try:
            restore_backup(archive, alias=database)
        except BackupError as error:
            raise CommandError(str(error)) from error
        now = main_counts()
        for label, expected in manifest.counts.items():
            if now.get(label) != expected:
                self.stderr.write(f"{label}: {now.get(label)} rows, the archive had {expected}")
        self.stdout.write(self.style.SUCCESS(f"Restored {archive}."))
