"""Fill an empty database with a deterministic demo of the Harghita County process."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError
from django.db import IntegrityError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cultiva.demo.generator import (
    DEMO_ACCOUNTS,
    DEMO_PASSWORD,
    PROCESS_SLUG,
    SCALES,
    demo_data_exists,
    demo_generate,
)
from cultiva.processes.models import Process


class Command(BaseCommand):
    help = gettext_lazy(
        "Create demo data: territory, vocabularies, a published process with organisations, "
        "people, meetings, contributions, projects and a draft strategy. The same seed "
        "always gives the same data."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale",
            choices=list(SCALES),
            default="small",
            help=_("How much data: small (a quick look), county (realistic), large (stress)."),
        )
        parser.add_argument("--seed", type=int, default=1, help=_("Random seed."))
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help=_("Do nothing when a process already exists."),
        )

    def handle(self, *args, **options):
        if demo_data_exists():
            if options["if_empty"]:
                self.stdout.write(
                    _("A process already exists; demo data was not created (--if-empty).")
                )
                return
            if Process.objects.filter(slug=PROCESS_SLUG).exists():
                raise CommandError(
                    _(
                        "The demo process “%(slug)s” already exists. Use an empty database, "
                        "or pass --if-empty to skip."
                    )
                    % {"slug": PROCESS_SLUG}
                )
        scale = options["scale"]
        self.stdout.write(
            _("Creating %(scale)s demo data with seed %(seed)s…")
            % {"scale": scale, "seed": options["seed"]}
        )
        started = time.perf_counter()
        try:
            result = demo_generate(
                scale=scale,
                seed=options["seed"],
                progress=lambda message: self.stdout.write(f"  {message}"),
            )
        except IntegrityError as error:  # a clash with existing rows, e.g. a demo e-mail
            raise CommandError(
                _("Demo data could not be created: %(error)s") % {"error": error}
            ) from error
        seconds = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(
                _("Demo data ready in %(seconds).1f s: %(counts)s.")
                % {
                    "seconds": seconds,
                    "counts": ", ".join(f"{key} {value}" for key, value in result.counts.items()),
                }
            )
        )
        self.stdout.write(
            _("Demo accounts (password: %(password)s):") % {"password": DEMO_PASSWORD}
        )
        for role, email in DEMO_ACCOUNTS:
            self.stdout.write(f"  {role:<15} {email}")
