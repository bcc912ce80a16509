"""Ranking calls for a project ("where could this be funded") and projects for a call.

Plain module (no ORM). Order: eligibility first (eligible, then eligible if, then not
eligible), then domain overlap, geography overlap, amount fit, and the nearest deadline.
Closed calls are left out of a project's list; calls not open yet are in it.
"""

from __future__ import annotations

import datetime as dt
import gc
from collections.abc import Iterable
from contextlib import contextmanager
from operator import itemgetter

from cultiva.funding.eligibility import (
    VERDICT_ORDER,
    CallTerms,
    ProjectFacts,
    Rates,
    judge,
)

OPEN, UPCOMING, CLOSED = "open", "upcoming", "closed"


def call_status(call: CallTerms, today: dt.date) -> str:
    deadline = call.last_deadline
    if deadline is not None and deadline < today:
        return CLOSED
    if call.opens_on is not None and call.opens_on > today:
        return UPCOMING
    return OPEN


def domain_overlap(call: CallTerms, project: ProjectFacts) -> float:
    """The share of the project's domains the call funds (a call of every domain: 0.5)."""
    if not call.domain_term_ids:
        return 0.5
    if not project.domain_ids:
        return 0.0
    return len(project.domain_ids & call.domain_term_ids) / len(project.domain_ids)


def geography_overlap(call: CallTerms, project: ProjectFacts) -> float:
    """1 when the call names a county or settlement the project is in, 0.5 for a country or
    no condition, 0 when the project is outside every area the call names."""
    areas = call.activity_areas or call.registered_areas
    if not areas:
        return 0.5
    places = project.activity if call.activity_areas else (project.registered,)
    best = 0.0
    for area in areas:
        for p in places:
            if area.contains(p.country, p.county_id, p.settlement_id):
                score = 0.5 if area.county_id is None and area.settlement_id is None else 1.0
                if score > best:
                    best = score
    return best


class Match(tuple):
    """A call × project pair: the verdict with its reasons and what ranks it (a tuple, made
    at C speed; `MatchRow` adds the model rows for the pages)."""

    __slots__ = ()

    call = property(itemgetter(0))
    project = property(itemgetter(1))
    result = property(itemgetter(2))
    status = property(itemgetter(3))
    domain_overlap = property(itemgetter(4))
    geography_overlap = property(itemgetter(5))
    days_to_deadline = property(itemgetter(6))
    key = property(itemgetter(7))

    def __new__(cls, call, project, result, status, domains, geography, days):
        return _make(
            cls,
            (
                call,
                project,
                result,
                status,
                domains,
                geography,
                days,
                _rank_key(call, project, result, domains, geography, days),
            ),
        )

    @property
    def verdict(self) -> str:
        return self[2][2]

    @property
    def reasons(self):
        return self[2].reasons

    def sort_key(self) -> tuple:
        return self[7]

    def __repr__(self) -> str:
        return f"Match({self[0].id}, {self[1].id}, {self[2][2]!r})"


_make = tuple.__new__


def _rank_key(call, project, result, domains, geography, days) -> tuple:
    return (
        -VERDICT_ORDER[result[2]],
        -domains,
        -geography,
        -result[5],
        days if days is not None else 10**6,
        call.id,
        project.id,
    )


class MatchRow:
    """A match with the model rows a page or an e-mail shows (`call_obj`, `project_obj`);
    everything else is read from the match."""

    __slots__ = ("match", "call_obj", "project_obj")

    def __init__(self, match: Match, call_obj=None, project_obj=None):
        self.match = match
        self.call_obj = call_obj
        self.project_obj = project_obj

    def __getattr__(self, name):
        return getattr(self.match, name)


_key = itemgetter(7)


@contextmanager
def _gc_paused():
    """Judging many pairs makes millions of small acyclic objects; the cycle collector's
    repeated passes over them would cost more than the judging itself."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def match(
    call: CallTerms,
    project: ProjectFacts,
    rates: Rates,
    today: dt.date,
    status: str | None = None,
) -> Match:
    deadline = call.last_deadline
    return Match(
        call,
        project,
        judge(call, project, rates, today),
        status or call_status(call, today),
        domain_overlap(call, project),
        geography_overlap(call, project),
        (deadline - today).days if deadline is not None else None,
    )


def rank_calls(
    project: ProjectFacts, calls: Iterable[CallTerms], rates: Rates, today: dt.date
) -> list[Match]:
    """Open and upcoming calls for a project, best first."""
    with _gc_paused():
        found = [
            match(c, project, rates, today, status)
            for c in calls
            if (status := call_status(c, today)) != CLOSED
        ]
        found.sort(key=_key)
    return found


def rank_projects(
    call: CallTerms, projects: Iterable[ProjectFacts], rates: Rates, today: dt.date
) -> list[Match]:
    """The projects that fit a call, best first (every one, with its verdict)."""
    status = call_status(call, today)
    deadline = call.last_deadline
    days = (deadline - today).days if deadline is not None else None
    no_domains = not call.domain_term_ids
    no_areas = not call.activity_areas and not call.registered_areas
    order = VERDICT_ORDER
    days_key = days if days is not None else 10**6
    call_id = call.id
    found = []
    append = found.append
    with _gc_paused():
        for p in projects:
            result = judge(call, p, rates, today)
            domains = 0.5 if no_domains else domain_overlap(call, p)
            geography = 0.5 if no_areas else geography_overlap(call, p)
            key = (-order[result[2]], -domains, -geography, -result[5], days_key, call_id, p.id)
            append(_make(Match, (call, p, result, status, domains, geography, days, key)))
        found.sort(key=_key)
    return found


def match_all(
    projects: list[ProjectFacts], calls: list[CallTerms], rates: Rates, today: dt.date
) -> dict[int, list[Match]]:
    """Every project × call, ranked per call (for the digest, the dashboard and the
    benchmark)."""
    with _gc_paused():
        return {call.id: rank_projects(call, projects, rates, today) for call in calls}
