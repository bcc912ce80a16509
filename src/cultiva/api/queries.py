"""Reads the API needs beyond the apps' selectors; each builds on a selector or a rule.

Small on purpose: if the apps grow equivalent selectors, these should call them instead.
"""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from cultiva.core.http import NotFound
from cultiva.core.models import Settlement
from cultiva.ideas.models import Contribution
from cultiva.ideas.rules import visible_contributions_q
from cultiva.meetings.rules import can_view_meeting
from cultiva.portfolio.models import Project
from cultiva.portfolio.selectors import project_list
from cultiva.processes.models import Process
from cultiva.processes.rules import can_view_process
from cultiva.processes.selectors import process_by_slug
from cultiva.strategy.models import MeasureProject, Strategy
from cultiva.strategy.rules import can_view_strategy


def visible_process_or_404(*, user, slug: str) -> Process:
    """The process, or 404 both when it does not exist and when the user may not see it."""
    try:
        process = process_by_slug(slug=slug)
    except Process.DoesNotExist:
        process = None
    if process is None or not can_view_process(user, process):
        raise NotFound(_("No process with this address."))
    return process


def settlement_list(*, micro_region: str | None = None, query: str | None = None):
    settlements = Settlement.objects.select_related("micro_region").order_by("name_ro", "siruta")
    if micro_region:
        if micro_region.isdigit():
            settlements = settlements.filter(micro_region_id=int(micro_region))
        else:
            settlements = settlements.filter(micro_region__name__iexact=micro_region)
    if query:
        settlements = settlements.filter(Q(name_hu__icontains=query) | Q(name_ro__icontains=query))
    return settlements


def meeting_is_visible(user, meeting, process: Process) -> bool:
    """`meetings.rules.can_view_meeting` for a meeting of an already loaded process.

    Pointing the meeting at the loaded process saves one query per row in lists.
    """
    if meeting.process_id == process.pk:
        meeting.process = process
    return bool(can_view_meeting(user, meeting))


def strategy_drafts_visible(user, process: Process) -> bool:
    """May the user read the process's strategy drafts (per `strategy.rules`)?"""
    return bool(can_view_strategy(user, Strategy(process=process, status=Strategy.Status.DRAFT)))


def project_list_for_api(*, user, process: Process, maturity: str | None = None) -> QuerySet:
    """`portfolio.selectors.project_list` plus the origins and measures this user may see.

    Each project gets `visible_origins` (contributions) and `visible_measure_links`, both
    loaded by one query for the whole page.
    """
    origins = (
        Contribution.objects.filter(visible_contributions_q(user, process))
        .only("id")
        .order_by("id")
    )
    links = MeasureProject.objects.select_related("measure").order_by("measure__code", "measure_id")
    if not strategy_drafts_visible(user, process):
        links = links.exclude(measure__axis__goal__strategy__status=Strategy.Status.DRAFT)
    return project_list(process=process, maturity=maturity).prefetch_related(
        Prefetch("origins", queryset=origins, to_attr="visible_origins"),
        Prefetch("measure_links", queryset=links, to_attr="visible_measure_links"),
    )


def project_detail_for_api(*, user, process: Process, pk: int) -> Project:
    project = (
        project_list_for_api(user=user, process=process)
        .prefetch_related("partners")
        .filter(pk=pk)
        .first()
    )
    if project is None:
        raise NotFound(_("No project with this id in the process."))
    return project
