"""Reads of funding applications for pages, feeds and reminders. The number of queries does
not grow with the number of rows."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Prefetch, Q, QuerySet

from cultiva.accounts.models import Organisation
from cultiva.funding.application_workflow import BEFORE_SUBMISSION
from cultiva.funding.models import (
    Application,
    ApplicationDocument,
    ApplicationStep,
    Call,
    CallDeadline,
)
from cultiva.portfolio.rules import user_organisation_ids
from cultiva.processes.rules import STAFF_ROLES, has_role


def sees_all_applications(user, process) -> bool:
    """The process's coordinators and facilitators see every application of the process."""
    if not user.is_authenticated:
        return False
    return bool(user.is_superuser or has_role(user, process, *STAFF_ROLES))


def _base() -> QuerySet:
    return Application.objects.select_related(
        "project", "call", "call__programme__funder", "organisation"
    )


def application_list(
    *,
    user,
    process,
    status: str | None = None,
    call_id: int | None = None,
    organisation_id: int | None = None,
) -> QuerySet:
    """The applications of the process this person may see: all of them for the staff, their
    organisations' for everyone else; narrowed by the filters given."""
    applications = _base().filter(process=process)
    if not sees_all_applications(user, process):
        applications = applications.filter(organisation_id__in=user_organisation_ids(user))
    if status:
        applications = applications.filter(status=status)
    if call_id:
        applications = applications.filter(call_id=call_id)
    if organisation_id:
        applications = applications.filter(organisation_id=organisation_id)
    return applications.annotate(
        documents_total=Count("documents", filter=Q(documents__required=True), distinct=True),
        documents_ready=Count(
            "documents",
            filter=Q(documents__required=True, documents__ready=True),
            distinct=True,
        ),
    ).order_by("-created_at", "-pk")


def application_filter_choices(*, user, process) -> dict[str, list]:
    """The calls and organisations the list may be narrowed to (those of what the person sees)."""
    visible = application_list(user=user, process=process)
    call_ids = visible.values("call_id")
    organisation_ids = visible.values("organisation_id")
    return {
        "calls": list(Call.objects.filter(pk__in=call_ids).order_by("code", "pk")),
        "organisations": list(Organisation.objects.filter(pk__in=organisation_ids)),
    }


def feed_organisations(*, user, process) -> list[Organisation]:
    """The person's organisations that apply in this process: whose calendar feed the
    application list offers them."""
    ids = user_organisation_ids(user)
    if not ids:
        return []
    return list(
        Organisation.objects.filter(pk__in=ids, funding_applications__process=process).distinct()
    )


def application_detail(*, process, pk: int) -> Application:
    """One application of the process, with its checklist, history and the call's deadlines
    (Application.DoesNotExist when there is none in this process)."""
    return (
        _base()
        .select_related("process")
        .prefetch_related(
            Prefetch("documents", queryset=ApplicationDocument.objects.order_by("position", "pk")),
            Prefetch("steps", queryset=ApplicationStep.objects.select_related("actor")),
            Prefetch("call__deadlines", queryset=CallDeadline.objects.order_by("due_at", "pk")),
        )
        .get(process=process, pk=pk)
    )


def project_applications(*, project) -> list[Application]:
    """A project's applications, for the section on its card."""
    return list(
        Application.objects.filter(project=project)
        .select_related("call", "call__programme__funder")
        .order_by("-created_at", "-pk")
    )


def organisation_deadlines(*, process, organisation) -> list[tuple[CallDeadline, list]]:
    """The deadlines still to come of the calls this organisation prepares applications for
    in the process (planned or in preparation), each with those applications."""
    applications = list(
        Application.objects.filter(
            process=process, organisation=organisation, status__in=BEFORE_SUBMISSION
        ).select_related("project", "call")
    )
    by_call: dict[int, list[Application]] = {}
    for application in applications:
        by_call.setdefault(application.call_id, []).append(application)
    deadlines = CallDeadline.objects.filter(call_id__in=list(by_call)).select_related("call")
    return [(deadline, by_call[deadline.call_id]) for deadline in deadlines]


def process_deadlines(*, process, since: dt.datetime | None = None) -> list[CallDeadline]:
    """Every deadline of the process's catalogue (from `since` on, when given)."""
    deadlines = CallDeadline.objects.filter(call__process=process).select_related(
        "call", "call__programme__funder"
    )
    if since is not None:
        deadlines = deadlines.filter(due_at__gte=since)
    return list(deadlines.order_by("due_at", "pk"))
