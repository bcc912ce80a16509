"""Reads of contributions, shaped so the query count does not grow with the rows.

Text search understands Hungarian and Romanian word forms and diacritics by matching the
query's word prefixes (folded, Snowball-stemmed in hu/ro/en) against
`Contribution.search_document` (see `cultiva.meetings.search`, `cultiva.ideas.indexing`).

On PostgreSQL (POSTGRES_FULLTEXT) the search uses the stored, GIN-indexed `search_vector`
column that a trigger keeps up to date (migration ideas 0005; not a model field, SQLite has
no tsvector): the `cultiva_hu`/`cultiva_ro`/`english` full-text queries OR-ed with the same
word-prefix match, best matches first (ts_rank; title weighs more than the description).
"""

from __future__ import annotations

from functools import cache

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import translation

from cultiva.core.collation import sorted_by_name
from cultiva.core.models import Settlement, TaxonomyTerm
from cultiva.ideas.models import Contribution, ContributionTranslation
from cultiva.ideas.rules import visible_contributions_q
from cultiva.meetings import search
from cultiva.processes.models import Process

POSTGRES_FULLTEXT = True
# The column added by migration 0005 on PostgreSQL.
SEARCH_VECTOR_COLUMN = "search_vector"


def _text_search(contributions: QuerySet[Contribution], query: str) -> QuerySet[Contribution]:
    groups = search.query_prefixes(query)
    if not groups:
        return contributions
    if POSTGRES_FULLTEXT and connection.vendor == "postgresql":
        return _postgres_search(contributions, query, groups)
    # The query's words in the order and with the de-duplication of `query_prefixes`.
    words: dict[str, str] = {}
    for word in search.tokenize(query):
        words.setdefault(search.fold(word), word)
    words = list(words.values())
    for word, group in zip(words, groups, strict=False):
        any_prefix = Q()
        for prefix in group:
            any_prefix |= Q(search_document__contains=f" {prefix}")
        # Rows not indexed yet (no search words): plain substring match, until reindexed.
        unindexed = Q(search_document="") & (Q(title__icontains=word) | Q(body__icontains=word))
        contributions = contributions.filter(any_prefix | unindexed)
    return contributions


@cache
def _search_vector_field():
    """A stand-alone field naming the column, for a `Col` (not added to the model)."""
    from django.contrib.postgres.search import SearchVectorField

    field = SearchVectorField(null=True)
    field.set_attributes_from_name(SEARCH_VECTOR_COLUMN)
    field.model = Contribution  # named like a model field in expressions; not registered
    return field


def _postgres_search(contributions, query: str, groups) -> QuerySet[Contribution]:
    from django.contrib.postgres.search import SearchQuery, SearchRank
    from django.db.models.expressions import Col

    # A column reference (not RawSQL) so that Django relabels the table alias when this
    # queryset becomes a subquery (`contribution_counts` uses `pk__in=...`).
    vector = Col(contributions.query.get_initial_alias(), _search_vector_field())
    combined = (
        SearchQuery(query, config="cultiva_hu", search_type="plain")
        | SearchQuery(query, config="cultiva_ro", search_type="plain")
        | SearchQuery(query, config="english", search_type="plain")
    )
    # Every word as a prefix (its stems in each language): "kozmuvel" while still typing
    # finds "közművelődési", "muzeu" finds "múzeumok" and "muzeelor".
    prefix_expression = search.tsquery_prefix_expression(groups)
    if prefix_expression:
        combined = combined | SearchQuery(prefix_expression, config="simple", search_type="raw")
    ordering = contributions.query.order_by or ("-created_at", "-id")
    return (
        contributions.alias(search_vector=vector)
        .filter(search_vector=combined)
        .alias(search_rank=SearchRank(vector, combined))
        .order_by(F("search_rank").desc(), *ordering)
    )


def _reader_language() -> str:
    return (translation.get_language() or settings.LANGUAGE_CODE).split("-")[0]


def _visible(*, user, process: Process) -> QuerySet[Contribution]:
    return Contribution.objects.filter(process=process).filter(
        visible_contributions_q(user, process)
    )


def contribution_filter(
    contributions: QuerySet[Contribution],
    *,
    kind: str | None = None,
    domain: str | None = None,
    settlement: int | None = None,
    micro_region: int | None = None,
    sector: str | None = None,
    meeting: int | None = None,
    status: str | None = None,
    language: str | None = None,
    query: str | None = None,
) -> QuerySet[Contribution]:
    """Narrow a contribution queryset by the browsing filters (each optional)."""
    through_domains = Contribution.domains.through.objects
    through_settlements = Contribution.settlements.through.objects
    if kind:
        contributions = contributions.filter(kind=kind)
    if domain:
        tagged = through_domains.filter(
            taxonomyterm__slug=domain, taxonomyterm__vocabulary="domain"
        ).values("contribution_id")
        contributions = contributions.filter(pk__in=tagged)
    if settlement:
        placed = through_settlements.filter(settlement__siruta=settlement).values("contribution_id")
        contributions = contributions.filter(pk__in=placed)
    if micro_region:
        placed = through_settlements.filter(settlement__micro_region_id=micro_region).values(
            "contribution_id"
        )
        contributions = contributions.filter(pk__in=placed)
    if sector:
        contributions = contributions.filter(
            organisation__sector__slug=sector, organisation__sector__vocabulary="sector"
        )
    if meeting:
        contributions = contributions.filter(meeting_id=meeting)
    if status:
        contributions = contributions.filter(status=status)
    if language:
        contributions = contributions.filter(language=language)
    if query:
        contributions = _text_search(contributions, query)
    return contributions


def contribution_list(
    *,
    user,
    process: Process,
    kind: str | None = None,
    domain: str | None = None,
    query: str | None = None,
    settlement: int | None = None,
    micro_region: int | None = None,
    sector: str | None = None,
    meeting: int | None = None,
    status: str | None = None,
    language: str | None = None,
) -> QuerySet[Contribution]:
    """The contributions of the process this user may read, filtered, newest first."""
    contributions = (
        _visible(user=user, process=process)
        .select_related("author", "organisation", "meeting", "process")
        .prefetch_related(
            Prefetch("domains", queryset=TaxonomyTerm.objects.order_by("position")),
            Prefetch("settlements", queryset=Settlement.objects.order_by("name_ro")),
            # The title in the reader's language, when someone translated it.
            Prefetch(
                "translations",
                queryset=ContributionTranslation.objects.filter(language=_reader_language()),
                to_attr="reader_translations",
            ),
        )
        .order_by("-created_at", "-id")
    )
    return contribution_filter(
        contributions,
        kind=kind,
        domain=domain,
        settlement=settlement,
        micro_region=micro_region,
        sector=sector,
        meeting=meeting,
        status=status,
        language=language,
        query=query,
    )


def contribution_related_names(contributions: QuerySet[Contribution]) -> dict[str, dict]:
    """The domains, settlements and target groups of these contributions, by contribution id,
    as plain values: {"domains": {id: [(name, slug)]}, "settlements": {id: [(name_hu,
    name_ro)]}, "target_groups": {id: [(name, slug)]}}, terms in their order, settlements by
    Romanian name. Three queries however many rows; for exports, where prefetching the same
    relations as model objects cost seconds per 10,000 rows."""
    ids = contributions.order_by().values("pk")
    terms = ("taxonomyterm__name", "taxonomyterm__slug")
    return {
        "domains": _grouped(
            Contribution.domains.through.objects.filter(contribution_id__in=ids)
            .order_by("taxonomyterm__position", "taxonomyterm__slug")
            .values_list("contribution_id", *terms)
        ),
        "settlements": _grouped(
            Contribution.settlements.through.objects.filter(contribution_id__in=ids)
            .order_by("settlement__name_ro")
            .values_list("contribution_id", "settlement__name_hu", "settlement__name_ro")
        ),
        "target_groups": _grouped(
            Contribution.target_groups.through.objects.filter(contribution_id__in=ids)
            .order_by("taxonomyterm__position", "taxonomyterm__slug")
            .values_list("contribution_id", *terms)
        ),
    }


def _grouped(rows) -> dict[int, list[tuple]]:
    grouped: dict[int, list[tuple]] = {}
    for contribution_id, *values in rows:
        grouped.setdefault(contribution_id, []).append(tuple(values))
    return grouped


def contribution_counts(*, user, process: Process, **filters) -> dict:
    """Counts of the visible, filtered contributions per settlement, kind and domain.

    Three aggregate queries, whatever the number of rows. Returns
    {"settlements": {siruta: n}, "kinds": {kind: n}, "domains": {term_id: n}, "total": n}.
    """
    filtered = contribution_filter(_visible(user=user, process=process), **filters)
    ids = filtered.order_by().values("pk")
    settlements = dict(
        Contribution.settlements.through.objects.filter(contribution_id__in=ids)
        .values("settlement__siruta")
        .annotate(n=Count("contribution_id", distinct=True))
        .values_list("settlement__siruta", "n")
    )
    domains = dict(
        Contribution.domains.through.objects.filter(contribution_id__in=ids)
        .values("taxonomyterm_id")
        .annotate(n=Count("contribution_id", distinct=True))
        .values_list("taxonomyterm_id", "n")
    )
    kinds = dict(
        filtered.order_by().values("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    return {
        "settlements": settlements,
        "kinds": kinds,
        "domains": domains,
        "total": sum(kinds.values()),
    }


def contribution_filter_choices(*, user, process: Process) -> dict:
    """Choices of the browsing filters: settlements, micro-regions, meetings, sectors…"""
    from cultiva.core.models import MicroRegion
    from cultiva.meetings.models import Meeting
    from cultiva.meetings.rules import visible_meetings_q

    return {
        "domains": list(TaxonomyTerm.objects.filter(vocabulary="domain").order_by("position")),
        "sectors": list(TaxonomyTerm.objects.filter(vocabulary="sector").order_by("position")),
        # In the reader's alphabet: Hungarian readers look for "Csíkszereda" among the Cs.
        "settlements": sorted_by_name(
            Settlement.objects.filter(county_id=process.county_id).select_related("micro_region"),
            lambda settlement: settlement.name,
        ),
        "micro_regions": list(
            MicroRegion.objects.filter(county_id=process.county_id).order_by("name")
        ),
        # Only meetings that have contributions; EXISTS uses the meeting_id index.
        "meetings": list(
            Meeting.objects.filter(visible_meetings_q(user, process))
            .filter(process=process)
            .filter(Exists(Contribution.objects.filter(meeting_id=OuterRef("pk"))))
            .order_by("-starts_at")
        ),
    }


def contribution_detail(*, pk: int) -> Contribution:
    return (
        Contribution.objects.select_related("author", "organisation", "meeting", "process")
        .prefetch_related(
            "domains", "settlements", "target_groups", "project_links__project", "translations"
        )
        .get(pk=pk)
    )
