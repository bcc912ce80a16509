"""The demo's funding applications: portfolio projects apply to the process's calls, and the
applications stand in every state of the workflow (planned … closed, rejected with a reason,
withdrawn), with amounts, dates, the funder's reference and their history of steps.

It uses whatever calls the process has (the demo catalogue is loaded before it); with no call
it writes nothing. Written with `bulk_create` and without activity rows, like the other demo
modules; the same seed gives the same applications (dates follow the calls' deadlines and
the generator's "now").
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
from decimal import ROUND_DOWN, Decimal

from django.utils import timezone

from cultiva.funding.models import Application, ApplicationStep, Call, ExchangeRate
from cultiva.portfolio.models import Project

BATCH = 500
# How a status is reached from "planned": the workflow's steps, in order.
PATHS: dict[str, tuple[str, ...]] = {
    "planned": ("planned",),
    "preparation": ("planned", "preparation"),
    "submitted": ("planned", "preparation", "submitted"),
    "evaluation": ("planned", "preparation", "submitted", "evaluation"),
    "awarded": ("planned", "preparation", "submitted", "evaluation", "awarded"),
    "rejected": ("planned", "preparation", "submitted", "evaluation", "rejected"),
    "withdrawn": ("planned", "preparation", "withdrawn"),
    "contracted": ("planned", "preparation", "submitted", "evaluation", "awarded", "contracted"),
    "reporting": (
        *("planned", "preparation", "submitted", "evaluation", "awarded"),
        *("contracted", "reporting"),
    ),
    "closed": (
        *("planned", "preparation", "submitted", "evaluation", "awarded"),
        *("contracted", "reporting", "closed"),
    ),
}
STATUSES = tuple(PATHS)
# Weights of the statuses after the first of each (a realistic spread).
WEIGHTS = (10, 10, 8, 10, 6, 12, 3, 8, 6, 5)
SUBMITTED_ON = {
    "submitted",
    "evaluation",
    "awarded",
    "rejected",
    "contracted",
    "reporting",
    "closed",
}
DECIDED = {"awarded", "rejected", "contracted", "reporting", "closed"}
AWARDED = {"awarded", "contracted", "reporting", "closed"}
CONTRACTED = {"contracted", "reporting", "closed"}
# When the process has no rate yet: only to size the demo amounts, never shown.
FALLBACK_RON_PER_UNIT = {"RON": Decimal("1"), "EUR": Decimal("4.97"), "HUF": Decimal("0.0128")}
REJECTION_REASONS = (
    "A pontszám a támogatási küszöb alatt maradt. / Punctajul a rămas sub pragul de finanțare.",
    "A költségvetés indoklása hiányos volt. / Justificarea bugetului a fost incompletă.",
    "A keret kimerült. / Fondurile apelului s-au epuizat.",
    "Hiányzott a partner nyilatkozata. / Lipsea declarația partenerului.",
)
WITHDRAWAL_NOTES = (
    "A partner visszalépett. / Partenerul s-a retras.",
    "Más forrásból valósul meg. / Se realizează din altă sursă.",
)
SOURCES = (["cash"], ["cash", "in_kind"], ["in_kind", "volunteering"], ["cash", "volunteering"])


def _hundreds(value: Decimal) -> Decimal:
    return (value / 100).quantize(Decimal("1"), rounding=ROUND_DOWN) * 100


def _rates(process) -> dict[str, Decimal]:
    rates = dict(FALLBACK_RON_PER_UNIT)
    for currency, value in (
        ExchangeRate.objects.filter(process=process)
        .order_by("currency", "valid_on")
        .values_list("currency", "ron_per_unit")
    ):
        rates[currency] = value  # the latest wins (ordered by date)
    return rates


def _amounts(rng: random.Random, budget_ron: Decimal, call: Call, rate: Decimal):
    """Requested and own contribution in the call's currency, within its bounds and the
    project's budget."""
    budget = budget_ron / rate
    share = Decimal(rng.choice((50, 60, 70, 80, 90))) / 100
    requested = budget * share
    if call.max_amount is not None:
        requested = min(requested, call.max_amount)
    if call.min_amount is not None:
        requested = max(requested, call.min_amount)
    requested = max(_hundreds(requested), Decimal("100"))
    own_pct = call.own_contribution_min_pct or Decimal("10")
    own = _hundreds(requested * own_pct / 100) + 100
    return requested, own


def _noon(day: dt.date) -> dt.datetime:
    return timezone.make_aware(
        dt.datetime.combine(day, dt.time(12)), timezone.get_default_timezone()
    )


def _step_times(application, path, start: dt.datetime, now: dt.datetime) -> list[dt.datetime]:
    """When each step of the path was taken: on the application's dates where it has them,
    always in order and never after `now`."""
    day = dt.timedelta(days=1)
    submitted = _noon(application.submitted_on) if application.submitted_on else None
    decided = _noon(application.decided_on) if application.decided_on else None
    contracted = _noon(application.contracted_on) if application.contracted_on else None
    wanted = {
        "preparation": start,
        "submitted": submitted,
        "evaluation": submitted + 10 * day if submitted else None,
        "awarded": decided,
        "rejected": decided,
        "withdrawn": start + 20 * day,
        "contracted": contracted,
        "reporting": contracted + 30 * day if contracted else None,
        "closed": contracted + 120 * day if contracted else None,
    }
    times: list[dt.datetime] = []
    for target in path[1:]:
        previous = times[-1] if times else start - day
        candidate = wanted.get(target) or previous + 7 * day
        times.append(max(candidate, previous + dt.timedelta(hours=1)))
    if times and times[-1] > now:
        shift = times[-1] - now
        times = [moment - shift for moment in times]
    return times


def create_applications(generator) -> int:
    """Applications of the demo portfolio's projects to the process's calls; returns how many."""
    process = generator.process
    rng = random.Random(f"{generator.seed}:funding-applications")
    now = generator.now
    today = timezone.localdate(now)
    calls = list(
        Call.objects.filter(process=process)
        .select_related("programme__funder")
        .prefetch_related("deadlines")
        .order_by("pk")
    )
    projects = list(
        Project.objects.in_portfolio()
        .filter(process=process, lead_organisation__isnull=False)
        .order_by("code", "pk")
        .values_list("pk", "budget_total", "currency", "lead_organisation_id")
    )
    if not calls or not projects:
        generator.counts["funding_applications"] = 0
        return 0
    rates = _rates(process)
    coordinator = getattr(generator, "coordinator", None)
    # About two projects in three apply; some to two calls.
    applying = rng.sample(projects, max(1, min(len(projects), round(len(projects) * 0.65))))
    applications: list[Application] = []
    histories: list[tuple[str, dt.datetime]] = []
    for index, (project_pk, budget, currency, organisation_pk) in enumerate(applying):
        how_many = 2 if rng.random() < 0.3 and len(calls) > 1 else 1
        for call in rng.sample(calls, how_many):
            # The first ten stand in every status, in order; the rest are drawn.
            number = len(applications)
            status = (
                STATUSES[number] if number < len(STATUSES) else rng.choices(STATUSES, WEIGHTS)[0]
            )
            rate = rates.get(call.currency, Decimal("1"))
            project_rate = rates.get(currency or "RON", Decimal("1"))
            budget_ron = (budget or Decimal("20000")) * project_rate
            requested, own = _amounts(rng, budget_ron, call, rate)
            deadlines = sorted(d.due_at for d in call.deadlines.all())
            deadline = timezone.localdate(deadlines[-1]) if deadlines else today
            if status in SUBMITTED_ON:
                submitted_on = min(deadline, today) - dt.timedelta(days=rng.randint(1, 20))
                if status in DECIDED | {"withdrawn"}:
                    submitted_on -= dt.timedelta(days=rng.randint(60, 400))
            else:
                submitted_on = None
            decided_on = (
                min(submitted_on + dt.timedelta(days=rng.randint(30, 90)), today)
                if status in DECIDED
                else None
            )
            contracted_on = (
                min(decided_on + dt.timedelta(days=rng.randint(10, 45)), today)
                if status in CONTRACTED
                else None
            )
            awarded = None
            if status in AWARDED:
                awarded = _hundreds(requested * Decimal(rng.choice((100, 100, 90, 80))) / 100)
            year = (submitted_on or deadline).year
            applications.append(
                Application(
                    process=process,
                    project_id=project_pk,
                    call=call,
                    organisation_id=organisation_pk,
                    status=status,
                    requested_amount=requested,
                    own_contribution=own,
                    own_contribution_sources=rng.choice(SOURCES),
                    awarded_amount=awarded,
                    currency=call.currency,
                    submitted_on=submitted_on,
                    decided_on=decided_on,
                    contracted_on=contracted_on,
                    funder_reference=(
                        f"{call.programme.funder.short_name or 'F'}-{year}-{index + 1:04d}"
                        if submitted_on
                        else ""
                    ),
                    rejection_reason=rng.choice(REJECTION_REASONS) if status == "rejected" else "",
                    created_by=coordinator,
                )
            )
            start = timezone.make_aware(
                dt.datetime.combine(
                    (submitted_on or today) - dt.timedelta(days=rng.randint(20, 60)),
                    dt.time(10),
                ),
                timezone.get_default_timezone(),
            )
            histories.append((status, start))
    created = Application.objects.bulk_create(applications, batch_size=BATCH)
    steps = []
    for application, (status, start) in zip(created, histories, strict=True):
        path = PATHS[status]
        times = _step_times(application, path, start, now)
        for number, (source, target) in enumerate(itertools.pairwise(path)):
            steps.append(
                ApplicationStep(
                    application=application,
                    source=source,
                    target=target,
                    actor=coordinator,
                    note=rng.choice(WITHDRAWAL_NOTES) if target == "withdrawn" else "",
                    taken_at=times[number],
                )
            )
    field = ApplicationStep._meta.get_field("taken_at")
    field.auto_now_add = False
    try:
        ApplicationStep.objects.bulk_create(steps, batch_size=BATCH)
    finally:
        field.auto_now_add = True
    generator.counts["funding_applications"] = len(created)
    generator.counts["funding_application_steps"] = len(steps)
    return len(created)
