"""Compute the stored embeddings of contributions that have none (or a stale one).

Contributions get their vector in a background task after every text write; this command
fills them in for existing rows (after installing, after a bulk load, or after switching
the embedding backend).
"""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from cultiva.ideas.models import Contribution
from cultiva.processes.models import Process
from cultiva.synthesis.selectors.embeddings import ACTIVE_STATUSES, current_embedder
from cultiva.synthesis.services.embeddings import embeddings_compute


class Command(BaseCommand):
    help = "Embed contributions whose stored vector is missing or out of date."

    def add_arguments(self, parser):
        parser.add_argument("--process", help="Only the contributions of this process (slug).")
        parser.add_argument(
            "--all",
            action="store_true",
            help="Every status (drafts, withdrawn ...), not only submitted and in the portfolio.",
        )
        parser.add_argument(
            "--force", action="store_true", help="Recompute even vectors that are up to date."
        )

    def handle(self, *args, **options):
        contributions = Contribution.objects.order_by("id")
        if options.get("process"):
            process = Process.objects.filter(slug=options["process"]).first()
            if process is None:
                raise CommandError(f"No process with the slug {options['process']!r}.")
            contributions = contributions.filter(process=process)
        if not options.get("all"):
            contributions = contributions.filter(status__in=ACTIVE_STATUSES)
        ids = list(contributions.values_list("pk", flat=True))
        embedder = current_embedder()
        self.stdout.write(f"{len(ids)} contributions, backend {embedder.name}")
        started = time.perf_counter()
        last = [started]

        def progress(done: int, total: int) -> None:
            now = time.perf_counter()
            if done == total or now - last[0] >= 2:
                last[0] = now
                rate = done / max(now - started, 1e-9)
                self.stdout.write(f"  {done}/{total} embedded ({rate:.0f}/s)")

        count = embeddings_compute(
            ids, embedder=embedder, force=options.get("force", False), progress=progress
        )
        elapsed = time.perf_counter() - started
        self.stdout.write(
            f"{count} embedded, {len(ids) - count} already up to date, in {elapsed:.1f} s"
        )
