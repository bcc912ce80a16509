"""The gap analysis as the page and the API show it: the filters, the display rows and the
cached computation (shared by portfolio.views_gaps and api.endpoints.gaps)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django import forms
from django.core.cache import cache
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cultiva.core.collation import collation_key
from cultiva.core.models import bilingual_name
from cultiva.portfolio import gap_selectors as selectors
from cultiva.portfolio import gaps

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
