"""Reads of materials: the knowledge library of a process and the materials of a meeting.

What a user may see is a queryset filter (`visible_materials_q`), the same answer as
`rules.can_view_material` gives row by row. Text search understands Hungarian and
Romanian word forms and diacritics: on PostgreSQL through the `cultiva_hu`/`cultiva_ro`
text-search configurations (migration 0002), elsewhere by matching normalised word
prefixes against `Material.search_document` (see `cultiva.meetings.search`).
"""

from __future__ import annotations

from django.db import connection
from django.db.models import Case, F, Prefetch, Q, QuerySet, Value, When

from cultiva.core.models import TaxonomyTerm
from cultiva.meetings import search
from cultiva.meetings.models import Material, Meeting, Speaker
from cultiva.meetings.rules import visible_materials_q, visible_meetings_q
from cultiva.processes.models import Process

TOPIC_VOCABULARIES = ("domain", "expertise")


def _text_search(materials: QuerySet[Material], query: str) -> QuerySet[Material]:
    groups = search.query_prefixes(query)
    if not groups:
        return materials
    if connection.vendor == "postgresql":
        return _postgres_search(materials, query, groups)
    for group in groups:
        any_prefix = Q()
        for prefix in group:
            any_prefix |= Q(search_document__icontains=f" {prefix}")
        materials = materials.filter(any_prefix)
    return materials


def _postgres_search(materials, query: str, groups) -> QuerySet[Material]:
    from django.contrib.postgres.search import SearchQuery, SearchRank, SearchVector

    config = Case(
        *(
            When(language=language, then=Value(name))
            for language, name in search.PG_CONFIGS.items()
        ),
        default=Value(search.PG_DEFAULT_CONFIG),
    )
    language_vector = (
        SearchVector("title", weight="A", config=config)
        + SearchVector("description", weight="B", config=config)
        + SearchVector("search_document", weight="C", config=config)
    )
    # The same normalised words, unstemmed by PostgreSQL, for the word-prefix match.
    vector = language_vector + SearchVector("search_document", weight="D", config="simple")
    language_query = (
        SearchQuery(query, config="cultiva_hu", search_type="plain")
        | SearchQuery(query, config="cultiva_ro", search_type="plain")
        | SearchQuery(query, config="english", search_type="plain")
    )
    combined = language_query
    prefix_expression = search.tsquery_prefix_expression(groups)
    if prefix_expression:
        combined = language_query | SearchQuery(
            prefix_expression, config="simple", search_type="raw"
        )
    return (
        materials.annotate(search=vector)
        .filter(search=combined)
        .annotate(rank=SearchRank(language_vector, language_query))
        .order_by(F("rank").desc(nulls_last=True), "-created_at", "-id")
    )


def material_list(
    *,
    user,
    process: Process,
    query: str | None = None,
    topic: str | None = None,
    speaker: int | None = None,
    meeting: int | None = None,
    language: str | None = None,
    kind: str | None = None,
) -> QuerySet[Material]:
    """The process's materials this user may see, filtered; query count independent of rows."""
    materials = (
        Material.objects.filter(process=process)
        .filter(visible_materials_q(user, process))
        .select_related("process", "meeting", "speaker")
        .prefetch_related(
            Prefetch("topics", queryset=TaxonomyTerm.objects.order_by("vocabulary", "position"))
        )
        .order_by("-created_at", "-id")
    )
    if topic:
        tagged = Material.topics.through.objects.filter(
            taxonomyterm__slug=topic, taxonomyterm__vocabulary__in=TOPIC_VOCABULARIES
        ).values("material_id")
        materials = materials.filter(pk__in=tagged)
    if speaker:
        materials = materials.filter(speaker_id=speaker)
    if meeting:
        materials = materials.filter(meeting_id=meeting)
    if language:
        materials = materials.filter(language=language)
    if kind == "file":
        materials = materials.exclude(file="")
    elif kind == "link":
        materials = materials.filter(file="")
    if query:
        materials = _text_search(materials, query)
    return materials


def meeting_materials(*, user, meeting: Meeting) -> QuerySet[Material]:
    return material_list(user=user, process=meeting.process).filter(meeting=meeting)


def library_filter_choices(*, user, process: Process) -> dict:
    """The choices of the library's filters: topics, speakers and meetings in use."""
    in_process = Material.objects.filter(process=process)
    topics = (
        TaxonomyTerm.objects.filter(
            vocabulary__in=TOPIC_VOCABULARIES,
            pk__in=in_process.values("topics"),
        )
        .order_by("vocabulary", "position", "slug")
        .distinct()
    )
    speakers = Speaker.objects.filter(pk__in=in_process.values("speaker")).order_by(
        "full_name", "id"
    )
    meetings = (
        Meeting.objects.filter(process=process)
        .filter(visible_meetings_q(user, process))
        .filter(pk__in=in_process.values("meeting"))
        .order_by("starts_at", "id")
    )
    return {"topics": topics, "speakers": speakers, "meetings": meetings}


def material_detail(*, pk: int) -> Material:
    return Material.objects.select_related("process", "meeting__process", "speaker").get(pk=pk)
