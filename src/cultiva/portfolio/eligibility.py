"""Eligibility pre-checks of a review round: which projects may enter it.

Plain data in (`ProjectFacts`, gathered by the caller), failures with reasons out; no ORM.
The coordinator chooses the checks of a round from `CATALOGUE` by key; the keys are stored on
the round (`ReviewRound.eligibility_checks`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

# The languages a county document may be written in (Romanian, and Hungarian where it is
# an official language of the administration, as in Harghita).
OFFICIAL_LANGUAGES = ("ro", "hu")
INACTIVE_MATURITIES = frozenset({"dropped", "completed"})


@dataclass(frozen=True)
class ProjectFacts:
    """What the checks look at, for one project."""

    id: int
    budget_total: Decimal | None = None
    has_lead: bool = False
    lead_verified: bool = False
    settlement_count: int = 0
    domain_count: int = 0
    summary: dict[str, str] = field(default_factory=dict)
    maturity: str = "idea"


@dataclass(frozen=True)
class Check:
    key: str
    label: str | Promise  # what the coordinator chooses
    reason: str | Promise  # why a project that fails it is out
    passes: Callable[[ProjectFacts], bool]


@dataclass(frozen=True)
class Failure:
    key: str
    reason: str


CATALOGUE: dict[str, Check] = {
    check.key: check
    for check in (
        Check(
            "budget_present",
            _("An estimated budget is given"),
            _("The project has no estimated budget."),
            lambda f: f.budget_total is not None and f.budget_total > 0,
        ),
        Check(
            "lead_present",
            _("A lead organisation is named"),
            _("The project has no lead organisation."),
            lambda f: f.has_lead,
        ),
        Check(
            "lead_verified",
            _("The lead organisation is verified"),
            _("The lead organisation is not verified yet."),
            lambda f: f.has_lead and f.lead_verified,
        ),
        Check(
            "settlement",
            _("At least one settlement"),
            _("The project names no settlement."),
            lambda f: f.settlement_count > 0,
        ),
        Check(
            "domain",
            _("At least one cultural domain"),
            _("The project names no cultural domain."),
            lambda f: f.domain_count > 0,
        ),
        Check(
            "summary_official",
            _("A summary in Romanian or Hungarian"),
            _("The project has no summary in Romanian or Hungarian."),
            lambda f: any((f.summary or {}).get(code, "").strip() for code in OFFICIAL_LANGUAGES),
        ),
        Check(
            "active",
            _("The project is neither dropped nor completed"),
            _("The project is dropped or already completed."),
            lambda f: f.maturity not in INACTIVE_MATURITIES,
        ),
    )
}


def unknown_checks(keys: Iterable[str]) -> list[str]:
    return [key for key in keys if key not in CATALOGUE]


def check_project(facts: ProjectFacts, keys: Iterable[str]) -> list[Failure]:
    """The checks (of `keys`, in that order) the project fails; empty when it is eligible.
    Unknown keys raise KeyError: a round's stored keys come from the catalogue."""
    failures = []
    for key in keys:
        check = CATALOGUE[key]
        if not check.passes(facts):
            failures.append(Failure(key, str(check.reason)))
    return failures


def check_projects(
    projects: Iterable[ProjectFacts], keys: Iterable[str]
) -> dict[int, list[Failure]]:
    keys = list(keys)
    return {facts.id: check_project(facts, keys) for facts in projects}
