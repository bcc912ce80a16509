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
from typing import NamedTuple

from django.conf import settings
from django.db import connection
from django.db.models import Count, Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone, translation
from django.utils.formats import date_format

from cultiva.core.cache import REFERENCE_DATA, generation_cached
from cultiva.core.collation import sorted_by_name
from cultiva.core.i18n import localize
from cultiva.core.models import Settlement, TaxonomyTerm, bilingual_name, settlement_name
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


# What a row of the contribution list shows (`contribution_list_rows`); nothing else is read.
LIST_ROW_FIELDS = (
    "title",
    "language",
    "kind",
    "status",
    "is_guest",
    "guest_name",
    "guest_organisation_name",
    "created_at",
    "author__full_name",
    "author__erased_at",
    "organisation__name",
)


def contribution_list_for_rows(*, user, process: Process, **filters) -> QuerySet[Contribution]:
    """As `contribution_list` (same rows, same order, same `filters`), reading only the fields
    of `LIST_ROW_FIELDS`: for a page of the list, completed by `contribution_list_rows`."""
    contributions = (
        _visible(user=user, process=process)
        .select_related("author", "organisation")
        .only(*LIST_ROW_FIELDS)
        .order_by("-created_at", "-id")
    )
    return contribution_filter(contributions, **filters)


def contribution_list_rows(contributions) -> list[Contribution]:
    """A page of `contribution_list_for_rows`, each contribution with what its row shows:
    `row_domains` (names in the active language, in the vocabulary's order), `row_settlements`
    (names in the active language, by Romanian name) and `reader_translations` (the title in
    the reader's language, when someone translated it; as `contribution_list` prefetches it).
    Four queries, read as plain values rather than prefetched model objects."""
    contributions = list(contributions)
    ids = [contribution.pk for contribution in contributions]
    domains: dict[int, list[str]] = {}
    settlements: dict[int, list[str]] = {}
    translations: dict[int, list[ContributionTranslation]] = {}
    if ids:
        for contribution_id, name, slug in (
            Contribution.domains.through.objects.filter(contribution_id__in=ids)
            .order_by("taxonomyterm__position", "taxonomyterm_id")
            .values_list("contribution_id", "taxonomyterm__name", "taxonomyterm__slug")
        ):
            domains.setdefault(contribution_id, []).append(localize(name) or slug)
        for contribution_id, name_hu, name_ro in (
            Contribution.settlements.through.objects.filter(contribution_id__in=ids)
            .order_by("settlement__name_ro", "settlement_id")
            .values_list("contribution_id", "settlement__name_hu", "settlement__name_ro")
        ):
            settlements.setdefault(contribution_id, []).append(settlement_name(name_hu, name_ro))
        for translation_row in (
            ContributionTranslation.objects.filter(
                contribution_id__in=ids, language=_reader_language()
            )
            .order_by()  # one per contribution and language; the Meta ordering would join
            .only("contribution_id", "language", "title")
        ):
            translations.setdefault(translation_row.contribution_id, []).append(translation_row)
    for contribution in contributions:
        contribution.row_domains = domains.get(contribution.pk, [])
        contribution.row_settlements = settlements.get(contribution.pk, [])
        contribution.reader_translations = translations.get(contribution.pk, [])
    return contributions


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


class Choice(NamedTuple):
    """One option of a browsing filter: the value in the query string and its label."""

    value: str
    label: str
    pk: int | None = None


def _reference_choices(county_id: int | None, language: str) -> dict[str, list[Choice]]:
    from cultiva.core.models import MicroRegion

    terms = TaxonomyTerm.objects.filter(vocabulary__in=["domain", "sector"]).order_by(
        "vocabulary", "position", "pk"
    )
    by_vocabulary: dict[str, list[Choice]] = {"domain": [], "sector": []}
    for pk, vocabulary, slug, name in terms.values_list("pk", "vocabulary", "slug", "name"):
        by_vocabulary[vocabulary].append(Choice(slug, localize(name, language) or slug, pk))
    settlements = Settlement.objects.filter(county_id=county_id).values_list(
        "siruta", "name_hu", "name_ro"
    )
    return {
        "domains": by_vocabulary["domain"],
        "sectors": by_vocabulary["sector"],
        # In the reader's alphabet: Hungarian readers look for "Csíkszereda" among the Cs.
        "settlements": [
            Choice(str(siruta), bilingual_name(name_hu, name_ro))
            for siruta, name_hu, name_ro in sorted_by_name(
                settlements, lambda row: settlement_name(row[1], row[2]), language
            )
        ],
        "micro_regions": [
            Choice(str(pk), name)
            for pk, name in MicroRegion.objects.filter(county_id=county_id)
            .order_by("name")
            .values_list("pk", "name")
        ],
    }


def _short_date(moment) -> str:
    """As the template filter `date:"SHORT_DATE_FORMAT"` shows a moment."""
    return date_format(timezone.localtime(moment), "SHORT_DATE_FORMAT")


def contribution_filter_choices(*, user, process: Process) -> dict[str, list[Choice]]:
    """Choices of the browsing filters: domains, sectors, settlements, micro-regions and the
    meetings that have contributions, as `Choice`s, labelled in the active language.

    All but the meetings are the same for every reader of a language: kept in the cache
    (`core.cache`, generation REFERENCE_DATA, which changes with the territory or taxonomy).
    The meetings depend on the reader (drafts for staff) and on the contributions: one query.
    """
    from cultiva.meetings.models import Meeting
    from cultiva.meetings.rules import visible_meetings_q

    language = translation.get_language() or settings.LANGUAGE_CODE
    choices = dict(
        generation_cached(
            REFERENCE_DATA,
            f"contribution-filter-choices:{process.county_id}:{language}",
            lambda: _reference_choices(process.county_id, language),
        )
    )
    # Only meetings that have contributions; EXISTS uses the meeting_id index.
    meetings = (
        Meeting.objects.filter(visible_meetings_q(user, process))
        .filter(process=process)
        .filter(Exists(Contribution.objects.filter(meeting_id=OuterRef("pk"))))
        .order_by("-starts_at")
        .values_list("pk", "title", "starts_at")
    )
    choices["meetings"] = [
        Choice(str(pk), f"{localize(title)} ({_short_date(starts_at)})", pk)
        for pk, title, starts_at in meetings
    ]
    return choices


def contribution_detail(*, pk: int) -> Contribution:
    return (
        Contribution.objects.select_related("author", "organisation", "meeting", "process")
        .prefetch_related(
            "domains", "settlements", "target_groups", "project_links__project", "translations"
        )
        .get(pk=pk)
    )
