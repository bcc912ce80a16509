"""The themes as a spreadsheet, for the synthesis report: header and rows, no ORM here.

XLSX: a sheet of themes and a sheet of their contributions, best ranked first in each theme.
CSV holds one table: the contributions, each with its theme. Cells are made formula-safe by
`cultiva.core.spreadsheets`. Authors are left out: the file is meant to travel (minutes,
reports, the county's archive); who proposed what stays in the platform.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _

from cultiva.core.i18n import choice_labels, localize
from cultiva.core.models import settlement_name
from cultiva.core.spreadsheets import Sheet, csv_bytes, neutralise, xlsx_bytes
from cultiva.ideas.models import Contribution


def theme_header() -> list[str]:
    return [
        _("Theme"),
        _("Description"),
        _("Contributions"),
        _("Keywords"),
        _("Locked"),
        _("Project"),
    ]


def theme_rows(themes: Iterable) -> list[list]:
    """One row per theme; each theme carries `member_count` (see selectors.themes_of)."""
    return [
        [
            localize(theme.label),
            localize(theme.description),
            theme.member_count,
            ", ".join(theme.keywords or []),
            _("yes") if theme.is_locked else _("no"),
            f"{theme.project.code} {localize(theme.project.title)}" if theme.project else "",
        ]
        for theme in themes
    ]


def member_header() -> list[str]:
    return [
        _("Theme"),
        _("Rank in the theme"),
        _("Number"),
        _("Kind"),
        _("Title"),
        _("Text"),
        _("Cultural domains"),
        _("Settlements"),
        _("Organisation"),
        _("Language"),
    ]


def member_rows(export) -> list[list]:
    """One row per contribution in a theme (selectors.themes.ThemeExport), in its order:
    theme by theme, the best ranked first."""
    labels = {theme.pk: localize(theme.label) for theme in export.themes}
    kinds = choice_labels(Contribution.Kind.choices)
    domains, settlements = export.related["domains"], export.related["settlements"]
    rows = []
    rank, previous = 0, None
    for member in export.members:
        rank = rank + 1 if member.theme_id == previous else 1
        previous = member.theme_id
        rows.append(
            [
                labels.get(member.theme_id, ""),
                rank,
                member.number,
                kinds.get(member.kind, member.kind),
                member.title,
                member.body,
                "; ".join(localize(name) or slug for name, slug in domains.get(member.number, ())),
                "; ".join(settlement_name(hu, ro) for hu, ro in settlements.get(member.number, ())),
                localize(member.organisation),
                member.language,
            ]
        )
    return rows


def themes_bytes(fmt: str, export) -> bytes:
    """`export`: selectors.themes.ThemeExport."""
    members = member_rows(export)
    if fmt == "csv":
        return csv_bytes(member_header(), members)  # neutralises every cell itself
    return xlsx_bytes(
        [
            Sheet(_("Themes"), theme_header(), _safe(theme_rows(export.themes))),
            Sheet(_("Contributions"), member_header(), _safe(members), frozen_columns=3),
        ]
    )


def _safe(rows: list[list]) -> list[list]:
    return [[neutralise(cell) for cell in row] for row in rows]
