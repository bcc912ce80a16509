"""Writes of a process's funding catalogue: funders (with their own domain lists), programmes,
calls with their areas, deadlines and required documents, and the exchange rates.

Every function is one transaction, checks the call's terms with `funding.call_validation`
(nothing saved on any error) and writes the activity log.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record
from cultiva.funding import call_validation
from cultiva.funding.models import (
    Call,
    CallArea,
    CallDeadline,
    CallDocument,
    ExchangeRate,
    Funder,
    FunderDomain,
    Programme,
)

FUNDER_FIELDS = ("name", "short_name", "kind", "country", "website")
PROGRAMME_FIELDS = ("name", "description", "source_url")
CALL_FIELDS = (
    "code",
    "title",
    "description",
    "legal_forms",
    "individuals_admitted",
    "applicant_types",
    "min_amount",
    "max_amount",
    "currency",
    "total_budget",
    "own_contribution_min_pct",
    "funding_rate_max_pct",
    "own_contribution_forms",
    "partners_min",
    "countries_min",
    "duration_max_months",
    "opens_on",
    "implementation_start",
    "implementation_end",
    "eligible_costs",
    "max_applications_per_applicant",
    "exclusions",
    "source_url",
    "checked_on",
)


def _changed(instance, fields: dict) -> dict:
    changes = {}
    for name, value in fields.items():
        old = getattr(instance, name)
        if old != value:
            changes[name] = [str(old) if old is not None else None, str(value)]
            setattr(instance, name, value)
    return changes


def _same_process(process, *objects) -> None:
    for obj in objects:
        if obj is not None and getattr(obj, "process_id", process.pk) != process.pk:
            raise ValidationError(_("This belongs to another process."))


@transaction.atomic
def funder_save(
    *,
    actor,
    process,
    fields: dict,
    domains: list[dict] | None = None,
    funder: Funder | None = None,
    log: bool = True,
) -> Funder:
    """Create or edit a funder; `domains` (when given) is its own domain list: dicts with
    `label` (multilingual), `terms` (Cultiva domain term ids) and optionally `id` of a row to
    keep; rows not named are removed."""
    if (funder is None or "name" in fields) and not (fields.get("name") or {}):
        raise ValidationError({"name": _("name: fill in the text in at least one language.")})
    created = funder is None
    if created:
        funder = Funder(process=process)
    _same_process(process, funder)
    changes = _changed(funder, {k: fields[k] for k in FUNDER_FIELDS if k in fields})
    funder.save()
    if domains is not None:
        changes.update(_domains_sync(funder, domains))
    if log:
        activity_record(
            actor=actor,
            verb="funding.funder_created" if created else "funding.funder_updated",
            target=funder,
            process=process,
            changes=changes,
        )
    return funder


def _domains_sync(funder: Funder, rows: list[dict]) -> dict:
    existing = {d.pk: d for d in funder.domains.all()}
    kept = set()
    for position, row in enumerate(rows):
        if not row.get("label"):
            continue
        domain = existing.get(row.get("id")) or FunderDomain(funder=funder)
        domain.label = row["label"]
        domain.position = position
        domain.save()
        domain.terms.set(row.get("terms") or [])
        kept.add(domain.pk)
    removed = [pk for pk in existing if pk not in kept]
    FunderDomain.objects.filter(pk__in=removed).delete()
    return {"domains": len(kept), "domains_removed": len(removed)} if (removed or rows) else {}


@transaction.atomic
def programme_save(
    *,
    actor,
    process,
    funder: Funder,
    fields: dict,
    programme: Programme | None = None,
    log: bool = True,
) -> Programme:
    _same_process(process, funder)
    if not (fields.get("name") or {}):
        raise ValidationError({"name": _("name: fill in the text in at least one language.")})
    created = programme is None
    if created:
        programme = Programme(funder=funder)
    elif programme.funder.process_id != process.pk:
        raise ValidationError(_("This belongs to another process."))
    programme.funder = funder
    changes = _changed(programme, {k: fields[k] for k in PROGRAMME_FIELDS if k in fields})
    programme.save()
    if log:
        activity_record(
            actor=actor,
            verb="funding.programme_created" if created else "funding.programme_updated",
            target=programme,
            process=process,
            changes=changes,
        )
    return programme


def _validate(fields: dict, deadlines: list[dict] | None, call: Call | None = None) -> None:
    """The terms as they will be: an existing call's terms not given keep their values, so
    a new minimum is checked against the kept maximum (and the deadlines kept)."""
    terms = {}
    if call is not None:
        terms = {
            key: getattr(call, key)
            for key in call_validation.field_labels()
            if key != "deadlines" and key not in fields
        }
        if deadlines is None:
            terms["deadlines"] = [d.due_at for d in call.deadlines.all()]
    terms.update(fields)
    if deadlines is not None:
        terms["deadlines"] = [row["due_at"] for row in deadlines if row.get("due_at")]
    call_validation.call_terms_check(terms)


def _areas_sync(call: Call, rows: list[dict]) -> int:
    def key(row):
        return (row["basis"], row.get("country") or "", row.get("county"), row.get("settlement"))

    wanted = {key(row) for row in rows}
    changes = 0
    for area in list(call.areas.all()):
        k = (area.basis, area.country, area.county_id, area.settlement_id)
        if k in wanted:
            wanted.discard(k)
        else:
            area.delete()
            changes += 1
    for basis, country, county, settlement in sorted(wanted, key=str):
        if not (country or county or settlement):
            continue
        CallArea.objects.create(
            call=call, basis=basis, country=country, county_id=county, settlement_id=settlement
        )
        changes += 1
    return changes


def _deadlines_sync(call: Call, rows: list[dict]) -> int:
    """Deadlines are matched by their moment (so reminders already sent for one stay)."""
    existing = {d.due_at: d for d in call.deadlines.all()}
    changes = 0
    seen = set()
    for row in rows:
        due = row.get("due_at")
        if due is None or due in seen:
            continue
        seen.add(due)
        stage = row.get("stage") or {}
        deadline = existing.get(due)
        if deadline is None:
            CallDeadline.objects.create(call=call, due_at=due, stage=stage)
            changes += 1
        elif deadline.stage != stage:
            deadline.stage = stage
            deadline.save(update_fields=["stage"])
            changes += 1
    for due, deadline in existing.items():
        if due not in seen:
            deadline.delete()
            changes += 1
    return changes


def _documents_sync(call: Call, rows: list[dict]) -> int:
    """Documents are matched by id, else by a name in any language."""
    existing = list(call.documents.all())
    by_id = {d.pk: d for d in existing}
    by_name = {}
    for document in existing:
        for text in (document.name or {}).values():
            by_name.setdefault(text.strip().lower(), document)
    kept = set()
    changes = 0
    for position, row in enumerate(rows):
        name = row.get("name") or {}
        if not name:
            continue
        document = by_id.get(row.get("id"))
        if document is None:
            document = next(
                (
                    by_name[text.strip().lower()]
                    for text in name.values()
                    if text.strip().lower() in by_name
                    and by_name[text.strip().lower()].pk not in kept
                ),
                None,
            )
        required = bool(row.get("required", True))
        if document is None:
            document = CallDocument.objects.create(
                call=call, name=name, required=required, position=position
            )
            changes += 1
        elif (document.name, document.required, document.position) != (name, required, position):
            document.name, document.required, document.position = name, required, position
            document.save()
            changes += 1
        kept.add(document.pk)
    for document in existing:
        if document.pk not in kept:
            document.delete()
            changes += 1
    return changes


@transaction.atomic
def call_save(
    *,
    actor,
    process,
    programme: Programme,
    fields: dict,
    sectors: list[int] | None = None,
    domains: list[int] | None = None,
    areas: list[dict] | None = None,
    deadlines: list[dict] | None = None,
    documents: list[dict] | None = None,
    call: Call | None = None,
) -> Call:
    """Create or edit a call with its child rows (None: leave that part as it is).

    areas: dicts basis, country, county (id), settlement (id); deadlines: due_at (aware
    datetime), stage (multilingual); documents: name (multilingual), required, id (optional).
    Raises ValidationError keyed by field, nothing saved.
    """
    return call_write(
        actor=actor,
        process=process,
        programme=programme,
        fields=fields,
        sectors=sectors,
        domains=domains,
        areas=areas,
        deadlines=deadlines,
        documents=documents,
        call=call,
    )[0]


def call_write(
    *,
    actor,
    process,
    programme: Programme,
    fields: dict,
    sectors=None,
    domains=None,
    areas=None,
    deadlines=None,
    documents=None,
    call: Call | None = None,
    log: bool = True,
) -> tuple[Call, str]:
    """call_save's work; returns (call, "created" | "updated" | "unchanged")."""
    if programme.funder.process_id != process.pk:
        raise ValidationError(_("This belongs to another process."))
    if call is not None and call.process_id != process.pk:
        raise ValidationError(_("This belongs to another process."))
    if not (fields.get("title") or (call is not None and call.title)):
        raise ValidationError({"title": _("title: fill in the text in at least one language.")})
    _validate(fields, deadlines, call)
    if domains:
        allowed = set(
            FunderDomain.objects.filter(funder=programme.funder, pk__in=domains).values_list(
                "pk", flat=True
            )
        )
        if set(domains) - allowed:
            raise ValidationError({"domains": _("domains: choose among the funder's domains.")})
    with transaction.atomic():
        created = call is None
        if created:
            call = Call(process=process, programme=programme)
        changes = _changed(call, {k: fields[k] for k in CALL_FIELDS if k in fields})
        if call.programme_id != programme.pk:
            changes["programme"] = [call.programme_id, programme.pk]
            call.programme = programme
        if created or changes:
            call.save()
        if sectors is not None and set(call.sectors.values_list("pk", flat=True)) != set(sectors):
            call.sectors.set(sectors)
            changes["sectors"] = sorted(sectors)
        if domains is not None and set(call.domains.values_list("pk", flat=True)) != set(domains):
            call.domains.set(domains)
            changes["domains"] = sorted(domains)
        for name, rows, sync in (
            ("areas", areas, _areas_sync),
            ("deadlines", deadlines, _deadlines_sync),
            ("documents", documents, _documents_sync),
        ):
            if rows is not None:
                count = sync(call, rows)
                if count:
                    changes[name] = count
        outcome = "created" if created else ("updated" if changes else "unchanged")
        if log and outcome != "unchanged":
            activity_record(
                actor=actor,
                verb=f"funding.call_{outcome}",
                target=call,
                process=process,
                changes={k: v for k, v in changes.items() if k not in ("description",)},
            )
    return call, outcome


@transaction.atomic
def call_delete(*, actor, process, call: Call) -> None:
    if call.process_id != process.pk:
        raise ValidationError(_("This belongs to another process."))
    if call.applications.exists():
        raise ValidationError(_("This call has applications; it cannot be deleted."))
    activity_record(
        actor=actor,
        verb="funding.call_deleted",
        target=call,
        process=process,
        changes={"code": call.code, "title": call.title},
    )
    call.delete()


@transaction.atomic
def exchange_rate_save(
    *, actor, process, fields: dict, rate: ExchangeRate | None = None, log: bool = True
) -> ExchangeRate:
    """Add or edit one rate (currency, ron_per_unit, valid_on, source)."""
    problems = {}
    currency = (fields.get("currency") or "").upper()
    if currency not in call_validation.CURRENCIES:
        problems["currency"] = [
            _("currency: unknown currency “%(value)s”; use one of %(choices)s.")
            % {"value": fields.get("currency"), "choices": ", ".join(call_validation.CURRENCIES)}
        ]
    value = fields.get("ron_per_unit")
    if value is None or value <= 0:
        problems["ron_per_unit"] = [_("value in RON: it must be above zero.")]
    if fields.get("valid_on") is None:
        problems["valid_on"] = [_("date: fill in the date of the rate.")]
    if not problems:
        clash = ExchangeRate.objects.filter(
            process=process, currency=currency, valid_on=fields["valid_on"]
        )
        if rate is not None:
            clash = clash.exclude(pk=rate.pk)
        if clash.exists():
            problems["valid_on"] = [
                _("date: a rate of %(currency)s on this day is already recorded.")
                % {"currency": currency}
            ]
    if problems:
        raise ValidationError(problems)
    created = rate is None
    if created:
        rate = ExchangeRate(process=process)
    elif rate.process_id != process.pk:
        raise ValidationError(_("This belongs to another process."))
    changes = _changed(
        rate,
        {
            "currency": currency,
            "ron_per_unit": value,
            "valid_on": fields["valid_on"],
            "source": (fields.get("source") or "")[:200],
        },
    )
    rate.save()
    if log:
        activity_record(
            actor=actor,
            verb="funding.rate_created" if created else "funding.rate_updated",
            target=rate,
            process=process,
            changes=changes,
        )
    return rate


@transaction.atomic
def exchange_rate_delete(*, actor, process, rate: ExchangeRate) -> None:
    if rate.process_id != process.pk:
        raise ValidationError(_("This belongs to another process."))
    activity_record(
        actor=actor,
        verb="funding.rate_deleted",
        target=rate,
        process=process,
        changes={"currency": rate.currency, "valid_on": str(rate.valid_on)},
    )
    rate.delete()
