"""The starting catalogue shipped with the product (`funding/data/catalogue.json`), loaded into
a process: funders with their own domain lists mapped to Cultiva's domains, programmes and
calls with areas, deadlines of the current or next cycle, and required documents.

Safe to repeat: funders are found by short name, programmes by their English name, calls by
programme and code; what is already there and the same is left alone (and not logged).
"""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from cultiva.core.models import County, TaxonomyTerm
from cultiva.funding import catalogue_services as services
from cultiva.funding.models import ExchangeRate, Funder

DATA = Path(__file__).resolve().parent / "data" / "catalogue.json"
AMOUNTS = ("min_amount", "max_amount", "total_budget")
PERCENTS = ("own_contribution_min_pct", "funding_rate_max_pct")
PLAIN = (
    "legal_forms",
    "individuals_admitted",
    "own_contribution_forms",
    "partners_min",
    "countries_min",
    "duration_max_months",
    "max_applications_per_applicant",
    "source_url",
)
MULTILINGUAL = ("applicant_types", "eligible_costs", "exclusions")
# Illustrative rates for the demo (roughly the BNR's rates of 2025), not today's rates.
ILLUSTRATIVE_RATES = (("EUR", Decimal("4.97")), ("HUF", Decimal("0.0127")))


def catalogue_data() -> dict:
    with DATA.open(encoding="utf-8") as handle:
        return json.load(handle)


def _md(text: str, year: int) -> dt.date:
    month, day = (int(part) for part in text.split("-"))
    return dt.date(year, month, day)


def cycle_dates(cycle: dict, today: dt.date) -> tuple[dt.date, dt.date]:
    """(opening, deadline) of the cycle whose deadline is today or later: the current one,
    else the next year's."""
    for year in (today.year - 1, today.year, today.year + 1):
        opens = _md(cycle["opens"], year)
        if "deadline_days" in cycle:
            due = opens + dt.timedelta(days=int(cycle["deadline_days"]))
        else:
            due = _md(cycle["deadline"], year)
            if due < opens:
                due = _md(cycle["deadline"], year + 1)
        if due >= today:
            return opens, due
    return opens, due  # pragma: no cover (the last year always qualifies)


def _within_year(due: dt.date) -> tuple[dt.date, dt.date]:
    """The project runs in one budget year after the evaluation (a month after the deadline);
    when less than three months of that year would be left, in the next year."""
    start = due + dt.timedelta(days=30)
    end = dt.date(start.year, 12, 31)
    if (end - start).days < 90:
        return dt.date(start.year + 1, 1, 1), dt.date(start.year + 1, 12, 31)
    return start, end


def _fmt(value, year):
    if isinstance(value, str):
        return value.replace("{year}", str(year))
    if isinstance(value, dict):
        return {key: _fmt(text, year) for key, text in value.items()}
    return value


def _county(name: str, process):
    county = County.objects.filter(name_ro=name).first()
    return county or process.county


def _call_specs(programme: dict) -> list[dict]:
    by_code = {}
    specs = []
    for spec in programme["calls"]:
        base = by_code.get(spec.get("same_as"), {})
        merged = {**base, **{k: v for k, v in spec.items() if k != "same_as"}}
        by_code[spec["code"]] = merged
        specs.append(merged)
    return specs


def _funder_domains_same(funder: Funder, rows: list[dict]) -> bool:
    current = [
        (d.label, sorted(t.pk for t in d.terms.all()))
        for d in funder.domains.prefetch_related("terms")
    ]
    return current == [(r["label"], sorted(r["terms"])) for r in rows]


@transaction.atomic
def catalogue_load(*, process, actor=None, today: dt.date | None = None, log: bool = True) -> dict:
    """Load the shipped catalogue into `process`; returns counts of what was created,
    updated and left unchanged. `log=False` (the demo) writes no activity rows."""
    today = today or timezone.localdate()
    data = catalogue_data()
    checked_on = dt.date.fromisoformat(data["checked_on"])
    terms = dict(TaxonomyTerm.objects.filter(vocabulary="domain").values_list("slug", "pk"))
    counts = {
        key: 0
        for key in (
            "funders_created",
            "funders_updated",
            "programmes_created",
            "programmes_updated",
            "calls_created",
            "calls_updated",
            "calls_unchanged",
        )
    }
    for spec in data["funders"]:
        funder = Funder.objects.filter(process=process, short_name=spec["short_name"]).first()
        existing = {}
        if funder is not None:
            existing = {(d.label or {}).get("en"): d.pk for d in funder.domains.all() if d.label}
        domain_rows = [
            {
                "id": existing.get(row["label"].get("en")),
                "label": row["label"],
                "terms": [terms[slug] for slug in row["terms"] if slug in terms],
            }
            for row in spec["domains"]
        ]
        fields = {key: spec[key] for key in ("name", "short_name", "kind", "country", "website")}
        same = funder is not None and all(getattr(funder, k) == v for k, v in fields.items())
        if not (same and _funder_domains_same(funder, domain_rows)):
            counts["funders_created" if funder is None else "funders_updated"] += 1
            funder = services.funder_save(
                actor=actor,
                process=process,
                fields=fields,
                domains=domain_rows,
                funder=funder,
                log=log,
            )
        domain_ids = {(d.label or {}).get("en"): d.pk for d in funder.domains.all()}
        for programme_spec in spec["programmes"]:
            programme = next(
                (
                    p
                    for p in funder.programmes.all()
                    if (p.name or {}).get("en") == programme_spec["name"]["en"]
                ),
                None,
            )
            fields = {key: programme_spec[key] for key in ("name", "description", "source_url")}
            if programme is None or any(getattr(programme, k) != v for k, v in fields.items()):
                counts["programmes_created" if programme is None else "programmes_updated"] += 1
                programme = services.programme_save(
                    actor=actor,
                    process=process,
                    funder=funder,
                    fields=fields,
                    programme=programme,
                    log=log,
                )
            for call_spec in _call_specs(programme_spec):
                outcome = _call_load(
                    call_spec,
                    process=process,
                    programme=programme,
                    actor=actor,
                    today=today,
                    checked_on=checked_on,
                    domain_ids=domain_ids,
                    log=log,
                )
                counts[f"calls_{outcome}"] += 1
    return counts


def _call_load(spec, *, process, programme, actor, today, checked_on, domain_ids, log) -> str:
    cycle = spec.get("cycle")
    opens = due = None
    year = today.year
    if cycle:
        opens, due = cycle_dates(cycle, today)
        year = due.year
    fields = {
        "code": _fmt(spec["code"], year),
        "title": _fmt(spec["title"], year),
        "currency": spec["currency"],
        "opens_on": opens,
        "checked_on": checked_on,
        "legal_forms": spec.get("legal_forms", []),
        "individuals_admitted": spec.get("individuals_admitted", False),
        "own_contribution_forms": spec.get("own_contribution_forms", []),
    }
    for key in AMOUNTS + PERCENTS:
        value = spec.get(key)
        fields[key] = Decimal(value) if value is not None else None
    for key in PLAIN:
        if key in spec:
            fields[key] = spec[key]
    for key in MULTILINGUAL:
        fields[key] = _fmt(spec.get(key) or {}, year)
    if spec.get("implementation") == "within_year" and due is not None:
        fields["implementation_start"], fields["implementation_end"] = _within_year(due)
    deadlines = []
    if due is not None:
        moment = timezone.make_aware(dt.datetime.combine(due, dt.time(23, 59)))
        deadlines.append({"due_at": moment, "stage": cycle.get("stage") or {}})
    areas = []
    for area in spec.get("areas", []):
        areas.append(
            {
                "basis": area["basis"],
                "country": area.get("country", ""),
                "county": _county(area["county"], process).pk if area.get("county") else None,
                "settlement": None,
            }
        )
    domains = spec.get("domains")
    domain_list = [] if domains in (None, "all") else [domain_ids[label] for label in domains]
    documents = [{"name": name, "required": True} for name in spec.get("documents", [])]
    call = programme.calls.filter(process=process, code=fields["code"]).first()
    _call, outcome = services.call_write(
        actor=actor,
        process=process,
        programme=programme,
        fields=fields,
        domains=domain_list,
        areas=areas,
        deadlines=deadlines,
        documents=documents,
        call=call,
        log=log,
    )
    return outcome


@transaction.atomic
def illustrative_rates_load(
    *, process, actor=None, today: dt.date | None = None, log: bool = True
) -> int:
    """One exchange rate per foreign currency, dated today, marked illustrative (for the demo);
    returns how many were added."""
    today = today or timezone.localdate()
    added = 0
    for currency, value in ILLUSTRATIVE_RATES:
        if ExchangeRate.objects.filter(process=process, currency=currency).exists():
            continue
        services.exchange_rate_save(
            actor=actor,
            process=process,
            fields={
                "currency": currency,
                "ron_per_unit": value,
                "valid_on": today,
                "source": "BNR (illustrative rate for the demo)",
            },
            log=log,
        )
        added += 1
    return added


def demo_funding_catalogue(generator) -> None:
    """The demo's catalogue: the shipped calls of the current or next cycle and illustrative
    exchange rates, written without activity rows like the rest of the demo."""
    today = timezone.localdate(generator.now)
    counts = catalogue_load(process=generator.process, today=today, log=False)
    illustrative_rates_load(process=generator.process, today=today, log=False)
    generator.counts["funding_calls"] = counts["calls_created"]
