"""The gap analysis page: where the county's needs have no project yet, and its export."""

from __future__ import annotations

from decimal import Decimal
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cultiva.core import charts, maps, spreadsheets
from cultiva.core.collation import collation_key
from cultiva.core.i18n import localize
from cultiva.core.models import bilingual_name
from cultiva.ideas.models import Contribution
from cultiva.portfolio import gap_selectors as selectors
from cultiva.portfolio import gaps, rules
from cultiva.portfolio.gap_reports import (
    GapFilters,
    display_rows,
    gap_computed,
)
from cultiva.processes.views import get_visible_process


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
