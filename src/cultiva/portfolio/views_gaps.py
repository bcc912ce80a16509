"""The gap analysis page: where the county's needs have no project yet, and its export."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

from django import forms
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from cultiva.core import charts, maps, spreadsheets
from cultiva.core.collation import collation_key
from cultiva.core.i18n import localize
from cultiva.core.models import bilingual_name
from cultiva.ideas.models import Contribution
from cultiva.portfolio import gap_selectors as selectors
from cultiva.portfolio import gaps, rules
from cultiva.processes.views import get_visible_process

# The unanswered needs shown on the page; the export has them all.
UNANSWERED_SHOWN = 50
# How long a computed matrix is kept. Its key changes with the data (`gap_data_version`), so
# this only bounds how long a renamed cultural domain keeps its old name on the page.
CACHE_SECONDS = 15 * 60


class GapFilters(forms.Form):
    """The page's filters from the query string. An invalid value turns its filter off."""

    rows = forms.ChoiceField(
        required=False,
        choices=[
            (selectors.REGIONS, gettext_lazy("Micro-regions")),
            (selectors.SETTLEMENTS, gettext_lazy("Settlements")),
        ],
    )
    meeting = forms.ChoiceField(required=False)
    target_group = forms.ChoiceField(required=False)

    def __init__(self, data, *, choices: dict):
        super().__init__(data)
        self.fields["meeting"].choices = [
            ("", ""),
            (selectors.AT_MEETINGS, ""),
            (selectors.OUTSIDE_MEETINGS, ""),
            *((str(meeting.pk), str(meeting)) for meeting in choices["meetings"]),
        ]
        self.fields["target_group"].choices = [
            ("", ""),
            *((term.slug, str(term)) for term in choices["target_groups"]),
        ]

    def values(self) -> dict[str, str]:
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


@dataclass
class DisplayRow:
    key: object
    label: str
    cells: list[tuple[object, gaps.Cell]]  # (domain term, cell) in the columns' order
    total: gaps.RowTotal


def _row_labels(data: selectors.GapData, rows: str) -> dict:
    if rows == selectors.SETTLEMENTS:
        return {
            pk: bilingual_name(info.name_hu, info.name_ro) for pk, info in data.settlements.items()
        }
    return dict(data.micro_regions)


def display_rows(data: selectors.GapData, matrix: gaps.GapMatrix, rows: str) -> list[DisplayRow]:
    labels = _row_labels(data, rows)
    result = []
    for key in matrix.rows:
        if key is gaps.COUNTY_WIDE:
            label = (
                _("No settlement given")
                if rows == selectors.SETTLEMENTS
                else _("No settlement or micro-region given")
            )
        else:
            label = labels[key]
        result.append(
            DisplayRow(
                key=key,
                label=label,
                cells=[(term, matrix.cell(key, term.pk)) for term in data.domains],
                total=matrix.row_totals[key],
            )
        )
    if rows == selectors.SETTLEMENTS:
        # In the reader's alphabet (Hungarian readers look for "Csíkszereda" among the Cs);
        # what names no settlement stays last.
        result.sort(key=lambda row: (row.key is gaps.COUNTY_WIDE, collation_key(row.label)))
    return result


@dataclass
class GapComputed:
    """What the page and the API show, computed once per (process, filters, language) and
    kept in the cache until the data changes. `data.contributions` holds only the shown
    unanswered needs (the cache keeps a few kilobytes, not every contribution)."""

    data: selectors.GapData
    matrix: gaps.GapMatrix
    display_rows: list[DisplayRow]
    unanswered: list[gaps.ContributionRow]  # the first UNANSWERED_SHOWN
    unanswered_total: int


def gap_computed(*, process, meeting: str | None, target_group: str, rows: str) -> GapComputed:
    """The matrix and the unanswered needs, from the cache when nothing changed since."""
    parts = [process.pk, rows, meeting or "", target_group or "", get_language()]
    filters = hashlib.sha256("|".join(map(str, parts)).encode()).hexdigest()[:32]
    key = f"gaps:{filters}:{selectors.gap_data_version()}"
    computed = cache.get(key)
    if computed is None:
        with gaps.gc_paused():
            data = selectors.gap_data(process=process, meeting=meeting, target_group=target_group)
            matrix = selectors.gap_matrix_of(data, rows=rows)
            unanswered = gaps.unanswered_needs(data.contributions)
        data.contributions = unanswered[:UNANSWERED_SHOWN]
        computed = GapComputed(
            data=data,
            matrix=matrix,
            display_rows=display_rows(data, matrix, rows),
            unanswered=data.contributions,
            unanswered_total=len(unanswered),
        )
        cache.set(key, computed, CACHE_SECONDS)
    return computed


def _siruta_counts(data: selectors.GapData, matrix: gaps.GapMatrix, rows: str) -> dict[int, int]:
    """The gap count of each settlement's row, by SIRUTA code (for the map)."""
    counts = {}
    for pk, info in data.settlements.items():
        key = pk if rows == selectors.SETTLEMENTS else info.micro_region_id
        total = matrix.row_totals.get(key) if key is not None else None
        counts[info.siruta] = total.gap_domains if total else 0
    return counts


def _gap_filters(request, slug: str) -> tuple:
    process = get_visible_process(request, slug)
    rules.can_view_portfolio(request.user, process).enforce()
    choices = selectors.gap_filter_choices(user=request.user, process=process)
    values = GapFilters(request.GET, choices=choices).values()
    rows = values["rows"] or selectors.REGIONS
    active = {name: value for name, value in values.items() if value}
    return process, choices, values, rows, active


def gap_index(request, slug: str):
    process, choices, values, rows, active = _gap_filters(request, slug)
    computed = gap_computed(
        process=process,
        meeting=values["meeting"] or None,
        target_group=values["target_group"],
        rows=rows,
    )
    data, matrix = computed.data, computed.matrix
    names = {
        pk: bilingual_name(info.name_hu, info.name_ro) for pk, info in data.settlements.items()
    }
    terms = {term.pk: term for term in data.domains}
    table_rows = computed.display_rows

    counts = _siruta_counts(data, matrix, rows)
    the_map = maps.choropleth(
        counts=counts,
        title=_("Gaps per settlement")
        if rows == selectors.SETTLEMENTS
        else _("Gaps per micro-region"),
        description=_(
            "Map of Harghita County; darker units have more cultural domains with needs "
            "but no project."
        ),
        count_label=lambda count: ngettext(
            "{count} domain with needs but no project",
            "{count} domains with needs but no project",
            count,
        ),
    )
    map_rows = sorted(
        (
            {"settlement": info, "name": names[pk], "count": counts[info.siruta]}
            for pk, info in data.settlements.items()
        ),
        key=lambda row: (-row["count"], collation_key(row["name"])),
    )
    region_names = data.micro_regions

    domain_rows = [
        (term, matrix.domain_totals[term.pk].unanswered)
        for term in data.domains
        if matrix.domain_totals[term.pk].needs
    ]
    domain_chart = (
        charts.bar_chart(
            title=_("Needs and shortcomings without a project, per cultural domain"),
            labels=[str(term) for term, _count in domain_rows],
            values=[count for _term, count in domain_rows],
            width=720,
        )
        if domain_rows
        else None
    )
    querystring = urlencode(active)
    return render(
        request,
        "portfolio/gaps.html",
        {
            "process": process,
            "choices": choices,
            "filters": values,
            "rows_mode": rows,
            "has_filters": bool(values["meeting"] or values["target_group"]),
            "querystring": querystring,
            "toggle_query": {
                mode: urlencode({**active, "rows": mode})
                for mode in (selectors.REGIONS, selectors.SETTLEMENTS)
            },
            "at_meetings": selectors.AT_MEETINGS,
            "outside_meetings": selectors.OUTSIDE_MEETINGS,
            "regions": selectors.REGIONS,
            "settlements_mode": selectors.SETTLEMENTS,
            "domains": data.domains,
            "table_rows": table_rows,
            "gap_count": matrix.gap_count,
            "without_domain": matrix.without_domain,
            "currency": data.currencies[0] if len(data.currencies) == 1 else "",
            "mixed_currencies": len(data.currencies) > 1,
            "unanswered": [
                {
                    "row": row,
                    "kind": Contribution.Kind(row.kind).label,
                    "settlements": [names[pk] for pk in row.settlement_ids if pk in names],
                    "domains": [terms[pk] for pk in row.domain_ids if pk in terms],
                }
                for row in computed.unanswered
            ],
            "unanswered_total": computed.unanswered_total,
            "unanswered_shown": len(computed.unanswered),
            "map_svg": the_map,
            "legend": maps.legend_classes(counts),
            "map_rows": [
                {**row, "region": region_names.get(row["settlement"].micro_region_id, "")}
                for row in map_rows
            ],
            "domain_rows": domain_rows,
            "domain_chart": domain_chart,
        },
    )


def _money(value: Decimal) -> Decimal:
    return value.quantize(Decimal("0.01"))


def gap_sheets(data: selectors.GapData, matrix: gaps.GapMatrix, rows: str) -> list:
    """The export's sheets: the matrix (a line per cell) and the unanswered needs."""
    safe = spreadsheets.neutralise
    names = {
        pk: bilingual_name(info.name_hu, info.name_ro) for pk, info in data.settlements.items()
    }
    terms = {term.pk: localize(term.name) or term.slug for term in data.domains}
    yes, no = _("yes"), _("no")
    matrix_header = [
        _("Settlement") if rows == selectors.SETTLEMENTS else _("Micro-region"),
        _("Cultural domain"),
        _("Needs and shortcomings"),
        _("Of which without a project"),
        _("Ideas"),
        _("Projects"),
        _("Budget planned"),
        _("Gap (needs, no project)"),
    ]
    matrix_rows = []
    for row in display_rows(data, matrix, rows):
        for term, cell in row.cells:
            matrix_rows.append(
                [
                    safe(row.label),
                    safe(terms[term.pk]),
                    cell.needs,
                    cell.unanswered,
                    cell.ideas,
                    cell.projects,
                    _money(cell.budget),
                    yes if cell.gap else no,
                ]
            )
    need_header = [
        _("Rank"),
        _("Number"),
        _("Kind"),
        _("Title"),
        _("Support"),
        _("Settlements"),
        _("Cultural domains"),
    ]
    need_rows = [
        [
            rank,
            row.id,
            str(Contribution.Kind(row.kind).label),
            safe(row.title),
            row.supports,
            safe("; ".join(names[pk] for pk in row.settlement_ids if pk in names)),
            safe("; ".join(terms[pk] for pk in row.domain_ids if pk in terms)),
        ]
        for rank, row in enumerate(gaps.unanswered_needs(data.contributions), start=1)
    ]
    return [
        spreadsheets.Sheet(_("Gap matrix"), matrix_header, matrix_rows, frozen_columns=2),
        spreadsheets.Sheet(_("Needs without a project"), need_header, need_rows, frozen_columns=2),
    ]


def gap_export(request, slug: str):
    process, _choices, values, rows, _active = _gap_filters(request, slug)
    # Every unanswered need, so not the page's cached matrix.
    with gaps.gc_paused():
        data = selectors.gap_data(
            process=process,
            meeting=values["meeting"] or None,
            target_group=values["target_group"],
        )
        matrix = selectors.gap_matrix_of(data, rows=rows)
    content = spreadsheets.xlsx_bytes(gap_sheets(data, matrix, rows))
    stem = f"{slugify(process.slug)}-gaps-{timezone.localdate():%Y%m%d}"
    return spreadsheets.download(content, "xlsx", stem)
