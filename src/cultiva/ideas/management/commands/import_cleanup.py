"""Delete spreadsheet uploads that were never imported (run daily from cron)."""

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from cultiva.core.imports.services import import_batches_discard_stale


class Command(BaseCommand):
    help = "Delete uploads older than --days that were checked but never imported, with files."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=7)

    def handle(self, *args, days: int, **options):
        if days < 1:
            raise CommandError(_("--days must be at least 1."))
        count = import_batches_discard_stale(older_than=dt.timedelta(days=days))
        self.stdout.write(
            _("Uploads deleted: %(count)s (older than %(days)s days).")
            % {"count": count, "days": days}
        )
