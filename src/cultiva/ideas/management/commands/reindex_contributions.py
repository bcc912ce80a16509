"""Fill `Contribution.search_document` for every contribution (or one process's)."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand

from cultiva.ideas.indexing import contributions_reindex
from cultiva.ideas.models import Contribution


class Command(BaseCommand):
    help = "Recompute the search words of contributions (after an upgrade or a bulk load)."

    def add_arguments(self, parser):
        parser.add_argument("--process", help="Only the contributions of this process (slug).")

    def handle(self, *args, **options):
        contributions = Contribution.objects.only(
            "id", "title", "body", "partners", "resources_needed", "language", "search_document"
        ).order_by("id")
        if options.get("process"):
            contributions = contributions.filter(process__slug=options["process"])
        started = time.perf_counter()
        changed = contributions_reindex(contributions)
        elapsed = time.perf_counter() - started
        self.stdout.write(f"{changed} contributions reindexed in {elapsed:.1f} s")
