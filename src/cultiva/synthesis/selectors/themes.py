"""Reads of the theme board and the public theme summary, in a fixed number of queries.

The board is read in seven queries however many themes and members there are: the themes with
their member counts, the three most representative members of every theme with distinct titles
(a window function), and the spread of every theme over settlements, cultural domains and
organisation sectors (one grouped count each, plus one query for the names).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Avg, Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber

from cultiva.core.models import Settlement, TaxonomyTerm
from cultiva.ideas.models import Contribution
from cultiva.ideas.rules import PUBLIC_STATUSES
from cultiva.ideas.selectors import contribution_related_names
from cultiva.synthesis.models import ClusteringRun, Theme, ThemeBoard, ThemeMembership
from cultiva.synthesis.selectors.embeddings import ACTIVE_STATUSES
from cultiva.synthesis.text import words

REPRESENTATIVES = 3
# The same proposal sent from several villages, or twins not merged yet, rank side by side
# (they are alike): a theme's few lines on the board would repeat one idea. The board shows the
# best-ranked members whose titles are not near copies of one already shown, looking at most
# REPRESENTATIVE_DEPTH members deep. Near copy: at least NEAR_COPY_TITLE of the two titles'
# words shared (Jaccard), e.g. "Nyári népzenei tábor a csíkszeredai gyerekeknek" and "… a
# székelyderzsi gyerekeknek" (5 of 7 words).
REPRESENTATIVE_DEPTH = 12
NEAR_COPY_TITLE = 0.6
SPREAD_TOP = 5


@dataclass
class Spread:
    """How a theme's contributions fall on one dimension: (name, count), largest first."""

    rows: list[tuple[str, int]] = field(default_factory=list)
    other: int = 0  # contributions counted under names beyond the first SPREAD_TOP


@dataclass
class ThemeRow:
    theme: Theme
    count: int
    representatives: list[Contribution]
    settlements: Spread
    domains: Spread
    sectors: Spread
    mixed: bool = False  # among the board's least cohesive themes (facilitators' board only)


def board_of(process) -> ThemeBoard | None:
    return ThemeBoard.objects.filter(process=process).first()


def latest_run(process) -> ClusteringRun | None:
    return ClusteringRun.objects.filter(process=process).order_by("-created_at", "-pk").first()


def unthemed_count(process) -> int:
    return (
        Contribution.objects.filter(process=process, status__in=ACTIVE_STATUSES)
        .filter(theme_membership__isnull=True)
        .count()
    )


def themes_of(process) -> QuerySet[Theme]:
    """The themes in board order, with `member_count` (all active members) and `cohesion`
    (their mean membership score: similarity to the theme's centre; None when empty)."""
    active = Q(memberships__contribution__status__in=list(ACTIVE_STATUSES))
    return (
        Theme.objects.filter(process=process)
        .select_related("project")
        .annotate(
            member_count=Count("memberships", filter=active),
            cohesion=Avg("memberships__score", filter=active),
        )
        .order_by("position", "pk")
    )


def mixed_theme_ids(themes: list[Theme]) -> set[int]:
    """Of these themes (from `themes_of`), the ones to check first (clustering.mixed_themes)."""
    from cultiva.synthesis.clustering import mixed_themes

    return mixed_themes(
        {theme.pk: theme.cohesion for theme in themes},
        {theme.pk: theme.member_count for theme in themes},
    )


def _representatives(process, statuses, limit: int) -> dict[int, list[Contribution]]:
    ranked = (
        ThemeMembership.objects.filter(
            theme__process=process, contribution__status__in=list(statuses)
        )
        .annotate(
            rank=Window(
                RowNumber(),
                partition_by=[F("theme_id")],
                order_by=[F("score").desc(), F("contribution_id").asc()],
            )
        )
        .filter(rank__lte=REPRESENTATIVE_DEPTH)
        .select_related("contribution")
        .order_by("theme_id", "rank")
    )
    found: dict[int, list[Contribution]] = {}
    shown_words: dict[int, list[set[str]]] = {}
    for membership in ranked:
        chosen = found.setdefault(membership.theme_id, [])
        if len(chosen) == limit:
            continue
        title = set(words(membership.contribution.title))
        earlier = shown_words.setdefault(membership.theme_id, [])
        if any(_alike(title, other) for other in earlier):
            continue
        chosen.append(membership.contribution)
        earlier.append(title)
    return found


def _alike(first: set[str], second: set[str]) -> bool:
    """Titles that are near copies (see NEAR_COPY_TITLE); two empty titles are alike."""
    union = first | second
    return not union or len(first & second) / len(union) >= NEAR_COPY_TITLE


def _spreads(process, statuses) -> dict[str, dict[int, Counter]]:
    """theme id → Counter of settlement / domain / sector ids (three grouped queries)."""
    statuses = list(statuses)
    through_filter = {
        "contribution__process": process,
        "contribution__status__in": statuses,
        "contribution__theme_membership__isnull": False,
    }
    queries = {
        "settlements": (
            Contribution.settlements.through.objects.filter(**through_filter),
            "contribution__theme_membership__theme_id",
            "settlement_id",
        ),
        "domains": (
            Contribution.domains.through.objects.filter(**through_filter),
            "contribution__theme_membership__theme_id",
            "taxonomyterm_id",
        ),
        "sectors": (
            Contribution.objects.filter(
                process=process,
                status__in=statuses,
                theme_membership__isnull=False,
                organisation__isnull=False,
            ),
            "theme_membership__theme_id",
            "organisation__sector_id",
        ),
    }
    result: dict[str, dict[int, Counter]] = {}
    for name, (query, theme_field, value_field) in queries.items():
        per_theme: dict[int, Counter] = {}
        grouped = (
            query.order_by()
            .values(theme_field, value_field)
            .annotate(n=Count("pk"))
            .values_list(theme_field, value_field, "n")
        )
        for theme_id, value_id, count in grouped:
            per_theme.setdefault(theme_id, Counter())[value_id] = count
        result[name] = per_theme
    return result


def _spread(counter: Counter | None, names: dict[int, str]) -> Spread:
    if not counter:
        return Spread()
    ordered = sorted(counter.items(), key=lambda item: (-item[1], names.get(item[0], "")))
    top = [(names.get(pk, "?"), count) for pk, count in ordered[:SPREAD_TOP]]
    return Spread(rows=top, other=sum(count for _pk, count in ordered[SPREAD_TOP:]))


def theme_rows(process, *, public: bool = False) -> list[ThemeRow]:
    """The themes of a process with counts, representatives and spreads (seven queries).

    `public`: only contributions anyone may read are counted and shown.
    """
    statuses = PUBLIC_STATUSES if public else ACTIVE_STATUSES
    themes = list(themes_of(process))
    if not themes:
        return []
    representatives = _representatives(process, statuses, REPRESENTATIVES)
    spreads = _spreads(process, statuses)
    settlement_ids = {pk for c in spreads["settlements"].values() for pk in c}
    term_ids = {pk for c in spreads["domains"].values() for pk in c} | {
        pk for c in spreads["sectors"].values() for pk in c
    }
    settlement_names = {s.pk: str(s) for s in Settlement.objects.filter(pk__in=settlement_ids)}
    term_names = {t.pk: str(t) for t in TaxonomyTerm.objects.filter(pk__in=term_ids)}
    mixed = set() if public else mixed_theme_ids(themes)
    return [
        ThemeRow(
            theme=theme,
            count=theme.member_count,
            representatives=representatives.get(theme.pk, []),
            settlements=_spread(spreads["settlements"].get(theme.pk), settlement_names),
            domains=_spread(spreads["domains"].get(theme.pk), term_names),
            sectors=_spread(spreads["sectors"].get(theme.pk), term_names),
            mixed=theme.pk in mixed,
        )
        for theme in themes
    ]


def theme_members(theme: Theme) -> QuerySet[Contribution]:
    """A theme's contributions, the most representative first (for a paginated list)."""
    return (
        Contribution.objects.filter(theme_membership__theme=theme)
        .select_related("organisation")
        .annotate(
            theme_score=F("theme_membership__score"),
            theme_pinned=F("theme_membership__is_pinned"),
        )
        .order_by("-theme_membership__score", "pk")
    )


def unthemed_contributions(process) -> QuerySet[Contribution]:
    return Contribution.objects.filter(
        process=process, status__in=ACTIVE_STATUSES, theme_membership__isnull=True
    ).order_by("-pk")


@dataclass
class ExportedMember:
    """A contribution in a theme, as the export writes it (plain values, no model objects)."""

    theme_id: int
    number: int
    kind: str  # Contribution.Kind value
    title: str
    body: str
    language: str
    organisation: object  # its multilingual name, or None


@dataclass
class ThemeExport:
    themes: list[Theme]
    members: list[ExportedMember]  # theme by theme in board order, the best ranked first
    related: dict[str, dict]  # ideas.selectors.contribution_related_names of the members


def theme_export(process) -> ThemeExport:
    """The themes in board order and their active members, each theme's best ranked first.

    Five queries however many there are, read as plain values: 18,557 contributions in 33
    themes take about a second, where model objects with prefetched domains and settlements
    took six (bench/bench_clustering.py).
    """
    themes = list(themes_of(process))
    memberships = ThemeMembership.objects.filter(
        theme__process=process, contribution__status__in=list(ACTIVE_STATUSES)
    )
    members = [
        ExportedMember(*row)
        for row in memberships.order_by(
            "theme__position", "theme_id", "-score", "contribution_id"
        ).values_list(
            "theme_id",
            "contribution_id",
            "contribution__kind",
            "contribution__title",
            "contribution__body",
            "contribution__language",
            "contribution__organisation__name",
        )
    ]
    contributions = Contribution.objects.filter(pk__in=memberships.values("contribution_id"))
    return ThemeExport(themes, members, contribution_related_names(contributions))
