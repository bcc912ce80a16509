"""Load the funding catalogue shipped with the product into a process (safe to repeat).

manage.py load_funding --process harghita-2025 [--with-illustrative-rates]
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from cultiva.funding.catalogue_load import catalogue_load, illustrative_rates_load
from cultiva.processes.models import Process


class Command(BaseCommand):
    help = "Load the shipped funders, programmes and calls into a process (safe to repeat)."

    def add_arguments(self, parser):
        parser.add_argument("--process", required=True, help="The process's short address.")
        parser.add_argument(
            "--with-illustrative-rates",
            action="store_true",
            help="Also add illustrative EUR and HUF exchange rates when the process has none.",
        )

    def handle(self, *args, process=None, with_illustrative_rates=False, **options):
        found = Process.objects.filter(slug=process).first()
        if found is None:
            raise CommandError(f"There is no process “{process}”.")
        counts = catalogue_load(process=found)
        for key, value in counts.items():
            self.stdout.write(f"{key}: {value}")
        if with_illustrative_rates:
            added = illustrative_rates_load(process=found)
            self.stdout.write(f"rates_created: {added}")
