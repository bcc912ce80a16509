"""Load the default vocabularies: cultural domains, target groups, sectors, expertise areas."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cultiva.core.taxonomy import taxonomy_load_defaults


class Command(BaseCommand):
    help = gettext_lazy("Load the default taxonomy terms (safe to run again).")

    def handle(self, *args, **options):
        result = taxonomy_load_defaults()
        self.stdout.write(
            self.style.SUCCESS(
                _("%(total)s taxonomy terms: %(created)s new, %(updated)s updated.")
                % {"total": result.total, "created": result.created, "updated": result.updated}
            )
        )
