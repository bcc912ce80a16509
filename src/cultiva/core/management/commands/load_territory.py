"""Load a county's settlements and localities from CSV (Harghita County by default)."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from cultiva.core.territory import (
    HARGHITA_NAME_HU,
    HARGHITA_NAME_RO,
    HARGHITA_SIRUTA,
    TerritoryImportError,
    read_csv_path,
    territory_load_csv,
    territory_load_harghita,
)


class Command(BaseCommand):
    help = gettext_lazy(
        "Load a county's settlements (UAT) and localities from CSV files. Without options, "
        "loads the bundled Harghita County data. Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("--uat", type=Path, help=_("CSV file of settlements (UAT)."))
        parser.add_argument("--localities", type=Path, help=_("CSV file of localities."))
        parser.add_argument(
            "--county-siruta",
            type=int,
            default=HARGHITA_SIRUTA,
            help=_("SIRUTA code of the county."),
        )
        parser.add_argument(
            "--county-name-ro", default=HARGHITA_NAME_RO, help=_("Romanian name of the county.")
        )
        parser.add_argument(
            "--county-name-hu", default=HARGHITA_NAME_HU, help=_("Hungarian name of the county.")
        )

    def handle(self, *args, **options):
        uat_path, localities_path = options["uat"], options["localities"]
        if localities_path and not uat_path:
            raise CommandError(_("--localities needs --uat as well."))
        try:
            if uat_path:
                for path in (uat_path, localities_path):
                    if path and not path.is_file():
                        raise CommandError(_("File not found: %(path)s") % {"path": path})
                result = territory_load_csv(
                    county_siruta=options["county_siruta"],
                    county_name_ro=options["county_name_ro"],
                    county_name_hu=options["county_name_hu"],
                    uat_rows=read_csv_path(uat_path),
                    locality_rows=read_csv_path(localities_path) if localities_path else None,
                )
            else:
                result = territory_load_harghita()
        except TerritoryImportError as error:
            raise CommandError(
                _("Nothing was loaded; fix these problems and try again:") + "\n" + str(error)
            ) from error
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(county)s: %(settlements)s settlements (%(s_new)s new, %(s_upd)s updated), "
                    "%(localities)s localities (%(l_new)s new, %(l_upd)s updated), "
                    "%(regions)s micro-regions."
                )
                % {
                    "county": result.county,
                    "settlements": result.settlements,
                    "s_new": result.settlements_created,
                    "s_upd": result.settlements_updated,
                    "localities": result.localities,
                    "l_new": result.localities_created,
                    "l_upd": result.localities_updated,
                    "regions": len(result.micro_regions),
                }
            )
        )
