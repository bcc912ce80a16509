"""Contributions of a process, their supports and comments (see `ideas.rules`).

Reading needs no account; writing (creating a contribution, supporting, commenting) needs a
token and follows the same rules as the site. Malformed input is a 422 with a message per
field, never a 500.
"""

import datetime as dt
from typing import Annotated, Literal

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from ninja import Field, Query, Schema, Status
from ninja.errors import ValidationError
from ninja.pagination import paginate

from cultiva.accounts.models import Organisation
from cultiva.api.auth import request_user, require_token
from cultiva.api.pagination import PageNumberPagination
from cultiva.api.params import (
    MAX_BIGINT,
    MAX_INTEGER,
    SLUG_PATTERN,
    TEXT_PATTERN,
    ObjectId,
    ProcessSlug,
    SearchText,
    SlugFilter,
)
from cultiva.api.queries import meeting_is_visible, visible_process_or_404
from cultiva.api.responses import ApiRouter, ObjectIn, errors
from cultiva.api.schemas import (
    ContributionDetailOut,
    ContributionKind,
    ContributionOut,
    ContributionStatus,
)
from cultiva.core.http import NotFound
from cultiva.core.models import Settlement, TaxonomyTerm
from cultiva.ideas import rules, services
from cultiva.ideas.indexing import contribution_search_document_refresh
from cultiva.ideas.models import Comment, Contribution, Support
from cultiva.ideas.rules import can_view_contribution
from cultiva.ideas.selectors import contribution_detail, contribution_list
from cultiva.meetings.models import Meeting

router = ApiRouter(tags=["contributions"])
# Mounted at /contributions: supports and comments of one contribution.
contribution_router = ApiRouter(tags=["contributions"])

KindFilter = Annotated[ContributionKind | None, Query(description="Kind of contribution.")]
StatusFilter = Annotated[
    ContributionStatus | None,
    Query(description="Status; without staff rights only public statuses are listed anyway."),
]
LanguageFilter = Annotated[
    Literal["hu", "ro", "en"] | None, Query(description="Language of the contribution.")
]
IdFilter = Annotated[int | None, Query(ge=1, le=MAX_BIGINT)]
SirutaFilter = Annotated[int | None, Query(ge=1, le=MAX_INTEGER, description="SIRUTA code.")]

# Multi-line text: newlines and tabs allowed, other control characters (NUL) refused.
MULTILINE_PATTERN = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f]*$"
Slug = Annotated[str, Field(max_length=60, pattern=SLUG_PATTERN)]
SirutaCode = Annotated[int, Field(ge=1, le=MAX_INTEGER)]
Reference = Annotated[int, Field(ge=1, le=MAX_BIGINT)]


@router.get(
    "/{slug}/contributions",
    response={200: list[ContributionOut], **errors(404)},
    summary="List the contributions of a process",
)
@paginate(PageNumberPagination)
def contributions(
    request,
    slug: ProcessSlug,
    kind: KindFilter = None,
    domain: SlugFilter = None,
    q: SearchText = None,
    settlement: SirutaFilter = None,
    micro_region: IdFilter = None,
    sector: SlugFilter = None,
    meeting: IdFilter = None,
    status: StatusFilter = None,
    language: LanguageFilter = None,
):
    """Newest first. Drafts appear only to their authors and the process's staff.

    `q` searches title and description, understanding Hungarian and Romanian word forms
    with or without accents.
    """
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    return contribution_list(
        user=user,
        process=process,
        kind=kind.value if kind else None,
        domain=domain,
        query=q,
        settlement=settlement,
        micro_region=micro_region,
        sector=sector,
        meeting=meeting,
        status=status.value if status else None,
        language=language,
    )


@router.get(
    "/{slug}/contributions/{id}",
    response={200: ContributionDetailOut, **errors(404)},
    summary="One contribution",
)
def contribution(request, slug: ProcessSlug, id: ObjectId):
    user = request_user(request)
    process = visible_process_or_404(user=user, slug=slug)
    try:
        found = contribution_detail(pk=id)
    except Contribution.DoesNotExist:
        found = None
    if found is None or found.process_id != process.pk or not can_view_contribution(user, found):
        raise NotFound(_("No contribution with this id in the process."))
    return found


# --- creating a contribution -----------------------------------------------------------------


class ContributionIn(ObjectIn):
    kind: ContributionKind
    title: str = Field(min_length=1, max_length=200, pattern=TEXT_PATTERN)
    body: str = Field(min_length=1, max_length=20_000, pattern=MULTILINE_PATTERN)
    language: Literal["hu", "ro", "en"]
    domains: list[Slug] = Field(min_length=1, max_length=20, description="Domain slugs.")
    settlements: list[SirutaCode] = Field(
        default_factory=list, max_length=100, description="SIRUTA codes."
    )
    target_groups: list[Slug] = Field(
        default_factory=list, max_length=20, description="Target group slugs."
    )
    organisation: Reference | None = Field(
        None, description="One of your organisations, if you speak for it."
    )
    meeting: Reference | None = Field(None, description="The meeting it came from.")
    resources_needed: str = Field("", max_length=2000, pattern=MULTILINE_PATTERN)
    time_horizon: Literal["", "short", "medium", "long"] = ""
    submit: bool = Field(True, description="False saves a draft.")


def _field_error(field: str, message: str) -> dict:
    return {"type": "value_error", "loc": ["body", "payload", field], "msg": message}


def _django_errors(exc: DjangoValidationError) -> list[dict]:
    if hasattr(exc, "error_dict"):
        return [
            _field_error(field if field != "__all__" else "payload", message)
            for field, messages in exc.message_dict.items()
            for message in messages
        ]
    return [
        {"type": "value_error", "loc": ["body", "payload"], "msg": message}
        for message in exc.messages
    ]


def _terms(vocabulary: str, slugs: list[str], field: str, errors: list) -> list[TaxonomyTerm]:
    wanted = list(dict.fromkeys(slugs))
    found = {t.slug: t for t in TaxonomyTerm.objects.filter(vocabulary=vocabulary, slug__in=wanted)}
    unknown = [slug for slug in wanted if slug not in found]
    if unknown:
        errors.append(
            _field_error(field, _("Unknown: %(values)s.") % {"values": ", ".join(unknown)})
        )
    return [found[slug] for slug in wanted if slug in found]


@router.post(
    "/{slug}/contributions",
    response={201: ContributionDetailOut, **errors(403, 404)},
    summary="Submit a contribution (or save a draft)",
)
def contribution_create(request, slug: ProcessSlug, payload: ContributionIn):
    user = request_user(request)
    require_token(user)
    process = visible_process_or_404(user=user, slug=slug)
    errors: list[dict] = []
    if not payload.title.strip():
        errors.append(_field_error("title", _("Give it a title.")))
    if not payload.body.strip():
        errors.append(_field_error("body", _("Describe it in a few sentences.")))
    domains = _terms("domain", payload.domains, "domains", errors)
    target_groups = _terms("target_group", payload.target_groups, "target_groups", errors)
    wanted = list(dict.fromkeys(payload.settlements))
    settlements = list(Settlement.objects.filter(siruta__in=wanted))
    if len(settlements) != len(wanted):
        known = {s.siruta for s in settlements}
        unknown = ", ".join(str(code) for code in wanted if code not in known)
        errors.append(_field_error("settlements", _("Unknown: %(values)s.") % {"values": unknown}))
    organisation = None
    if payload.organisation is not None:
        organisation = Organisation.objects.filter(pk=payload.organisation).first()
        if organisation is None:
            errors.append(_field_error("organisation", _("No organisation with this id.")))
    meeting = None
    if payload.meeting is not None:
        meeting = Meeting.objects.filter(process=process, pk=payload.meeting).first()
        if meeting is None or not meeting_is_visible(user, meeting, process):
            meeting = None
            errors.append(_field_error("meeting", _("No meeting with this id in the process.")))
    if errors:
        raise ValidationError(errors)
    rules.can_submit_contribution(user, process, organisation).enforce()
    try:
        created = services.contribution_create(
            author=user,
            process=process,
            kind=payload.kind.value,
            title=payload.title,
            body=payload.body,
            language=payload.language,
            domains=domains,
            settlements=settlements,
            target_groups=target_groups,
            organisation=organisation,
            meeting=meeting,
            resources_needed=payload.resources_needed,
            time_horizon=payload.time_horizon,
            source=Contribution.Source.MEETING if meeting else Contribution.Source.ONLINE,
            submit=payload.submit,
        )
    except DjangoValidationError as exc:
        raise ValidationError(_django_errors(exc)) from None
    contribution_search_document_refresh(created)
    return Status(201, contribution_detail(pk=created.pk))


# --- supports --------------------------------------------------------------------------------


class SupportOut(Schema):
    contribution: int
    count: int = Field(description="How many people support it.")
    supported: bool = Field(description="Whether the caller supports it.")
    can_support: bool = Field(description="Whether the caller may support it now.")


def _visible_contribution(user, id: int) -> Contribution:
    found = Contribution.objects.select_related("process").filter(pk=id).first()
    if found is None or not can_view_contribution(user, found):
        raise NotFound(_("No contribution with this id."))
    return found


def _support_state(user, contribution: Contribution) -> SupportOut:
    supported = (
        user.is_authenticated
        and Support.objects.filter(contribution=contribution, person=user).exists()
    )
    return SupportOut(
        contribution=contribution.pk,
        count=Support.objects.filter(contribution=contribution).count(),
        supported=bool(supported),
        can_support=bool(rules.can_support(user, contribution)),
    )


def _support_set(user, contribution: Contribution, *, wanted: bool) -> SupportOut:
    from cultiva.ideas.engagement.services import support_toggle

    require_token(user)
    rules.can_support(user, contribution).enforce()
    with transaction.atomic():
        has = Support.objects.filter(contribution=contribution, person=user).exists()
        if has != wanted:
            support_toggle(contribution=contribution, person=user)
    return _support_state(user, contribution)


@contribution_router.get(
    "/{id}/support",
    response={200: SupportOut, **errors(404)},
    summary="How many support a contribution, and whether you do",
)
def support(request, id: ObjectId):
    user = request_user(request)
    return _support_state(user, _visible_contribution(user, id))


@contribution_router.post(
    "/{id}/support",
    response={201: SupportOut, **errors(403, 404)},
    summary="Support a contribution (supporting twice changes nothing)",
)
def support_add(request, id: ObjectId):
    user = request_user(request)
    contribution = _visible_contribution(user, id)
    return Status(201, _support_set(user, contribution, wanted=True))


@contribution_router.delete(
    "/{id}/support",
    response={200: SupportOut, **errors(403, 404)},
    summary="Withdraw your support",
)
def support_remove(request, id: ObjectId):
    user = request_user(request)
    contribution = _visible_contribution(user, id)
    return _support_set(user, contribution, wanted=False)


# --- comments --------------------------------------------------------------------------------


class CommentOut(Schema):
    id: int
    contribution: int
    parent: int | None = Field(description="The comment this one replies to.")
    author: str | None = Field(description="The author's name; null when hidden.")
    body: str = Field(description="Empty when the comment is hidden from you.")
    is_hidden: bool
    hidden_reason: str = Field(description="Only for moderators.")
    created_at: dt.datetime

    @staticmethod
    def resolve_contribution(obj) -> int:
        return obj.contribution_id

    @staticmethod
    def resolve_parent(obj) -> int | None:
        return obj.parent_id

    @staticmethod
    def _shown(obj, context) -> bool:
        return not obj.is_hidden or getattr(context["request"], "cultiva_moderator", False)

    @staticmethod
    def resolve_author(obj, context) -> str | None:
        if not CommentOut._shown(obj, context):
            return None
        return obj.author.public_name

    @staticmethod
    def resolve_body(obj, context) -> str:
        return obj.body if CommentOut._shown(obj, context) else ""

    @staticmethod
    def resolve_hidden_reason(obj, context) -> str:
        if getattr(context["request"], "cultiva_moderator", False):
            return obj.hidden_reason
        return ""


class CommentIn(ObjectIn):
    body: str = Field(min_length=1, max_length=2000, pattern=MULTILINE_PATTERN)
    parent: Reference | None = Field(None, description="Id of the comment you reply to.")


@contribution_router.get(
    "/{id}/comments",
    response={200: list[CommentOut], **errors(404)},
    summary="The comments on a contribution, oldest first",
)
@paginate(PageNumberPagination)
def comments(request, id: ObjectId):
    """Hidden comments keep their place in the thread, without author or text
    (moderators see them whole)."""
    user = request_user(request)
    contribution = _visible_contribution(user, id)
    request.cultiva_moderator = bool(rules.can_moderate(user, contribution.process))
    return (
        Comment.objects.filter(contribution=contribution)
        .select_related("author")
        .order_by("created_at", "id")
    )


@contribution_router.post(
    "/{id}/comments",
    response={201: CommentOut, **errors(403, 404)},
    summary="Comment on a contribution, or reply to a comment",
)
def comment_add(request, id: ObjectId, payload: CommentIn):
    from cultiva.ideas.engagement.services import comment_create

    user = request_user(request)
    require_token(user)
    contribution = _visible_contribution(user, id)
    rules.can_comment(user, contribution).enforce()
    parent = None
    if payload.parent is not None:
        parent = Comment.objects.filter(contribution=contribution, pk=payload.parent).first()
        if parent is None:
            raise ValidationError(
                [_field_error("parent", _("No comment with this id on the contribution."))]
            )
    try:
        comment = comment_create(
            contribution=contribution, author=user, body=payload.body, parent=parent
        )
    except DjangoValidationError as exc:
        raise ValidationError(_django_errors(exc)) from None
    request.cultiva_moderator = bool(rules.can_moderate(user, contribution.process))
    comment.author = user
    return Status(201, comment)
