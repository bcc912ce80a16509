"""Which organisations fit the partner a project's lead looks for, and why.

Plain data in, plain data out (no ORM): `portfolio.selectors_partners.partner_suggestions`
builds the rows. Each suggestion carries the reasons it was made, so the reader sees why
("works in music; based in the Csík micro-region; 3 contributions on this topic; attended
2 workshops"), and the score is only the sum of those reasons' points.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

# Points per reason. The fit with the work (domains) weighs most, then the place, then what
# the organisation has shown in this process (contributions, attendance), each capped so a
# very active organisation does not outrank one that fits the profile.
POINTS_DOMAIN = 3.0
POINTS_SECTOR = 2.0
POINTS_SETTLEMENT = 3.0
POINTS_MICRO_REGION = 2.0
POINTS_CONTRIBUTION = 1.0
POINTS_ATTENDANCE = 0.5
CAP_CONTRIBUTIONS = 5
CAP_ATTENDANCE = 4


@dataclass(frozen=True)
class Wanted:
    """The partner profile a project's lead wants (every part optional)."""

    sector_id: int | None = None
    sector_name: str = ""
    domains: dict[int, str] = field(default_factory=dict)  # id -> name
    settlement_ids: frozenset[int] = frozenset()
    micro_region_ids: frozenset[int] = frozenset()  # those of the wanted settlements


@dataclass(frozen=True)
class Candidate:
    """An organisation as the matcher sees it."""

    id: int
    name: str
    sector_id: int | None
    domain_ids: frozenset[int]
    settlement_id: int | None
    settlement_name: str = ""
    micro_region_id: int | None = None
    micro_region_name: str = ""
    contributions_on_topic: int = 0  # in this process, on the wanted domains
    meetings_attended: int = 0  # in this process


@dataclass(frozen=True)
class Reason:
    kind: str  # domains | sector | settlement | micro_region | contributions | attendance
    points: float
    names: tuple[str, ...] = ()
    count: int = 0

    @property
    def text(self) -> str:
        return reason_text(self)


@dataclass(frozen=True)
class Suggestion:
    organisation_id: int
    name: str
    score: float
    reasons: tuple[Reason, ...]

    @property
    def reasons_text(self) -> str:
        return "; ".join(reason.text for reason in self.reasons)


def reasons_for(wanted: Wanted, candidate: Candidate) -> list[Reason]:
    reasons: list[Reason] = []
    shared = sorted(candidate.domain_ids & set(wanted.domains))
    if shared:
        reasons.append(
            Reason(
                "domains",
                POINTS_DOMAIN * len(shared),
                names=tuple(wanted.domains[d] for d in shared),
            )
        )
    if wanted.sector_id is not None and candidate.sector_id == wanted.sector_id:
        reasons.append(Reason("sector", POINTS_SECTOR, names=(wanted.sector_name,)))
    if candidate.settlement_id is not None and candidate.settlement_id in wanted.settlement_ids:
        reasons.append(Reason("settlement", POINTS_SETTLEMENT, names=(candidate.settlement_name,)))
    elif candidate.micro_region_id is not None and candidate.micro_region_id in (
        wanted.micro_region_ids
    ):
        reasons.append(
            Reason("micro_region", POINTS_MICRO_REGION, names=(candidate.micro_region_name,))
        )
    if candidate.contributions_on_topic:
        n = candidate.contributions_on_topic
        reasons.append(
            Reason("contributions", POINTS_CONTRIBUTION * min(n, CAP_CONTRIBUTIONS), count=n)
        )
    if candidate.meetings_attended:
        n = candidate.meetings_attended
        reasons.append(Reason("attendance", POINTS_ATTENDANCE * min(n, CAP_ATTENDANCE), count=n))
    return reasons


def suggest(
    wanted: Wanted,
    candidates: Iterable[Candidate],
    *,
    exclude: Iterable[int] = (),
    limit: int = 10,
) -> list[Suggestion]:
    """The best-fitting organisations, best first (ties by name, then id).

    An organisation needs a fit with the profile itself (domain, sector or place): activity
    in the process alone does not make a partner. `exclude`: the lead, the partners already
    there and those who already offered themselves.
    """
    skip = set(exclude)
    found: list[Suggestion] = []
    for candidate in candidates:
        if candidate.id in skip:
            continue
        reasons = reasons_for(wanted, candidate)
        if not any(r.kind in ("domains", "sector", "settlement", "micro_region") for r in reasons):
            continue
        score = sum(r.points for r in reasons)
        found.append(Suggestion(candidate.id, candidate.name, score, tuple(reasons)))
    found.sort(key=lambda s: (-s.score, s.name.casefold(), s.organisation_id))
    return found[:limit]


def reason_text(reason: Reason) -> str:
    """One reason as the reader sees it, in the active language."""
    names = ", ".join(reason.names)
    if reason.kind == "domains":
        return _("works in %(domains)s") % {"domains": names}
    if reason.kind == "sector":
        return _("a %(sector)s organisation") % {"sector": names}
    if reason.kind == "settlement":
        return _("based in %(settlement)s") % {"settlement": names}
    if reason.kind == "micro_region":
        return _("based in the %(region)s micro-region") % {"region": names}
    if reason.kind == "contributions":
        return ngettext(
            "%(count)d contribution on this topic",
            "%(count)d contributions on this topic",
            reason.count,
        ) % {"count": reason.count}
    if reason.kind == "attendance":
        return ngettext(
            "attended %(count)d meeting", "attended %(count)d meetings", reason.count
        ) % {"count": reason.count}
    return names
