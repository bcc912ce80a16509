"""The funding dashboard's arithmetic: the portfolio's need against what was requested,
awarded and secured, in RON, broken down by domain, micro-region, sector, funder and year.

Plain data in, plain results out (no ORM): `funding.dashboard_selectors` gathers the facts.

- need: the budgets of the portfolio's projects;
- requested: what applications asked for, once submitted (`REQUESTED` statuses);
- awarded: what funders granted (an award later given up still counts here);
- secured: what the projects keep (`SECURED` statuses: awarded, contracted, reporting, closed);
- success rate of a funder: awarded applications / decided ones (awarded or rejected).

A project counts in each of its domains and micro-regions, so those breakdowns add up to
more than the total. Amounts in another currency are converted with the latest rate of the
process's exchange-rate table; an amount whose currency has no rate is left out and named.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from cultiva.funding.application_workflow import REQUESTED, SECURED
from cultiva.funding.money import RateUsed as Rate

BASE_CURRENCY = "RON"
ZERO = Decimal("0")
WITHDRAWN = "withdrawn"
REJECTED = "rejected"


@dataclass(frozen=True)
class ProjectFacts:
    id: int
    budget: Decimal | None
    currency: str
    in_portfolio: bool = True
    domain_ids: tuple[int, ...] = ()
    region_ids: tuple[int, ...] = ()
    sector_id: int | None = None


@dataclass(frozen=True)
class ApplicationFacts:
    id: int
    project_id: int
    funder_id: int
    status: str
    currency: str
    requested: Decimal | None = None
    awarded: Decimal | None = None
    year: int | None = None


@dataclass
class Totals:
    need: Decimal = ZERO
    requested: Decimal = ZERO
    awarded: Decimal = ZERO
    secured: Decimal = ZERO
    projects: int = 0
    applications: int = 0
    decided: int = 0
    successful: int = 0

    @property
    def gap(self) -> Decimal:
        """What the need still lacks after the secured money (never below zero)."""
        return max(self.need - self.secured, ZERO)

    @property
    def success_rate(self) -> Decimal | None:
        """Awarded / decided, in per cent; None before any decision."""
        if not self.decided:
            return None
        return (Decimal(100) * self.successful / self.decided).quantize(Decimal("0.1"))


@dataclass
class Dashboard:
    totals: Totals
    by_domain: dict[int | None, Totals]
    by_region: dict[int | None, Totals]
    by_sector: dict[int | None, Totals]
    by_funder: dict[int, Totals]
    by_year: dict[int | None, Totals]
    rates_used: dict[str, Rate] = field(default_factory=dict)
    missing_rates: set[str] = field(default_factory=set)


def was_awarded(status: str, awarded: Decimal | None) -> bool:
    """Secured, or awarded and later given up (withdrawn with an awarded amount)."""
    return status in SECURED or (status == WITHDRAWN and awarded is not None)


def is_decided(status: str, awarded: Decimal | None) -> bool:
    return status == REJECTED or was_awarded(status, awarded)


class _Converter:
    def __init__(self, rates: dict[str, Rate]) -> None:
        self.rates = rates
        self.used: dict[str, Rate] = {}
        self.missing: set[str] = set()

    def __call__(self, amount: Decimal | None, currency: str) -> Decimal | None:
        if amount is None:
            return None
        if not currency or currency == BASE_CURRENCY:
            return amount
        rate = self.rates.get(currency)
        if rate is None:
            self.missing.add(currency)
            return None
        self.used[currency] = rate
        return amount * rate.ron_per_unit


def _add(bucket: dict, keys: Iterable[Hashable]) -> list[Totals]:
    return [bucket.setdefault(key, Totals()) for key in keys]


def compute(
    *,
    projects: Iterable[ProjectFacts],
    applications: Iterable[ApplicationFacts],
    rates: dict[str, Rate],
) -> Dashboard:
    convert = _Converter(rates)
    totals = Totals()
    by_domain: dict = {}
    by_region: dict = {}
    by_sector: dict = {}
    by_funder: dict = {}
    by_year: dict = {}
    facts = {project.id: project for project in projects}

    def project_buckets(project: ProjectFacts | None) -> list[Totals]:
        if project is None:
            return []
        return [
            *_add(by_domain, dict.fromkeys(project.domain_ids) or [None]),
            *_add(by_region, dict.fromkeys(project.region_ids) or [None]),
            *_add(by_sector, [project.sector_id]),
        ]

    for project in facts.values():
        if not project.in_portfolio:
            continue
        need = convert(project.budget, project.currency) or ZERO
        for bucket in (totals, *project_buckets(project)):
            bucket.need += need
            bucket.projects += 1

    for application in applications:
        buckets = [
            totals,
            *project_buckets(facts.get(application.project_id)),
            *_add(by_funder, [application.funder_id]),
            *_add(by_year, [application.year]),
        ]
        requested = ZERO
        if application.status in REQUESTED:
            requested = convert(application.requested, application.currency) or ZERO
        awarded = ZERO
        if was_awarded(application.status, application.awarded):
            awarded = convert(application.awarded, application.currency) or ZERO
        secured = awarded if application.status in SECURED else ZERO
        decided = is_decided(application.status, application.awarded)
        successful = was_awarded(application.status, application.awarded)
        for bucket in buckets:
            bucket.applications += 1
            bucket.requested += requested
            bucket.awarded += awarded
            bucket.secured += secured
            bucket.decided += decided
            bucket.successful += successful

    return Dashboard(
        totals=totals,
        by_domain=by_domain,
        by_region=by_region,
        by_sector=by_sector,
        by_funder=by_funder,
        by_year=by_year,
        rates_used=dict(sorted(convert.used.items())),
        missing_rates=convert.missing,
    )
