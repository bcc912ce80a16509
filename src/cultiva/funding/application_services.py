"""Every write to a funding application: starting it, editing its figures, moving it through
its workflow (funding.application_workflow), and its checklist of documents.

Each function is one transaction and leaves a row in the activity log. Permissions are asked
of funding.rules; refusals of who-may-not are PermissionDenied, refusals of what-cannot-be are
ValidationError (naming the field where there is one).
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record
from cultiva.core.i18n import localize
from cultiva.funding import rules
from cultiva.funding.application_workflow import MATURITY_AFTER
from cultiva.funding.models import (
    Application,
    ApplicationDocument,
    ApplicationStep,
    Call,
    OwnContributionForm,
)
from cultiva.meetings import uploads
from cultiva.portfolio import rules as portfolio_rules
from cultiva.portfolio import services as portfolio_services
from cultiva.portfolio.maturity import FORWARD
from cultiva.portfolio.models import BudgetLine, MaturityChange, Project

UNSET = object()
# The fields `application_update` writes.
UPDATE_FIELDS = (
    "requested_amount",
    "own_contribution",
    "own_contribution_sources",
    "awarded_amount",
    "submitted_on",
    "decided_on",
    "contracted_on",
    "funder_reference",
    "notes",
    "rejection_reason",
)
# The fields a step may record with it (the amount awarded, the reason of a rejection ...).
STEP_FIELDS = (
    "awarded_amount",
    "rejection_reason",
    "submitted_on",
    "decided_on",
    "contracted_on",
    "funder_reference",
)
S = Application.Status


def _money(value: Decimal) -> str:
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def _duplicate_error() -> ValidationError:
    return ValidationError(
        _("This project already has an application to this call: open it from the list."),
        code="duplicate",
    )


def default_amounts(project: Project, call: Call) -> tuple[Decimal | None, Decimal | None]:
    """(requested, own contribution) as the card suggests them: the own contribution is the
    card's planned "own" budget lines, the request the rest of the budget, no more than the
    call's maximum. Nothing is guessed across currencies."""
    if project.currency != call.currency:
        return None, None
    own = BudgetLine.objects.filter(project=project, source=BudgetLine.Source.OWN).aggregate(
        total=Sum("planned")
    )["total"]
    requested = None
    if project.budget_total is not None:
        requested = max(project.budget_total - (own or Decimal(0)), Decimal(0))
        if call.max_amount is not None:
            requested = min(requested, call.max_amount)
    return requested, own


@transaction.atomic
def application_start(*, actor, project: Project, call: Call) -> Application:
    """Start the project's application to the call: its lead organisation applies, in the
    call's currency, with the call's required documents as the checklist."""
    if call.process_id != project.process_id:
        raise ValidationError({"call": _("This call belongs to another process.")})
    rules.can_start_application(actor, project).enforce()
    if Application.objects.filter(project=project, call=call).exists():
        raise _duplicate_error()
    requested, own = default_amounts(project, call)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                process=project.process,
                project=project,
                call=call,
                organisation_id=project.lead_organisation_id,
                currency=call.currency,
                requested_amount=requested,
                own_contribution=own,
                created_by=actor if getattr(actor, "is_authenticated", False) else None,
            )
    except IntegrityError:
        # Someone else started the same application a moment ago.
        raise _duplicate_error() from None
    ApplicationDocument.objects.bulk_create(
        ApplicationDocument(
            application=application,
            call_document=document,
            name=document.name,
            required=document.required,
            position=index,
            updated_by=None,
        )
        for index, document in enumerate(call.documents.all())
    )
    activity_record(
        actor=actor,
        verb="application.started",
        target=application,
        process=project.process,
        changes={"project": project.code, "call": call.pk, "status": application.status},
    )
    return application


def _locked(application: Application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("process", "call", "project", "organisation")
        .get(pk=application.pk)
    )


def _check_amounts(application: Application, values: dict) -> dict[str, str]:
    errors: dict[str, str] = {}
    call = application.call
    for name in ("requested_amount", "own_contribution", "awarded_amount"):
        value = values.get(name)
        if value is not None and value < 0:
            errors[name] = _("The amount cannot be negative.")
    requested = values.get("requested_amount")
    if requested is not None and "requested_amount" not in errors:
        if call.max_amount is not None and requested > call.max_amount:
            errors["requested_amount"] = _(
                "%(amount)s %(currency)s exceeds the call's maximum of %(maximum)s %(currency)s."
            ) % {
                "amount": _money(requested),
                "maximum": _money(call.max_amount),
                "currency": call.currency,
            }
        elif call.min_amount is not None and requested < call.min_amount:
            errors["requested_amount"] = _(
                "%(amount)s %(currency)s is below the call's minimum of %(minimum)s %(currency)s."
            ) % {
                "amount": _money(requested),
                "minimum": _money(call.min_amount),
                "currency": call.currency,
            }
    sources = values.get("own_contribution_sources")
    if sources is not None:
        unknown = [s for s in sources if s not in OwnContributionForm.values]
        admitted = call.own_contribution_forms or OwnContributionForm.values
        refused = [s for s in sources if s in OwnContributionForm.values and s not in admitted]
        if unknown:
            errors["own_contribution_sources"] = _("Choose among the forms listed.")
        elif refused:
            errors["own_contribution_sources"] = _(
                "This call does not count %(forms)s as own contribution; it admits: %(admitted)s."
            ) % {
                "forms": ", ".join(str(OwnContributionForm(s).label) for s in refused),
                "admitted": ", ".join(str(OwnContributionForm(s).label) for s in admitted),
            }
    submitted = values.get("submitted_on")
    decided = values.get("decided_on")
    contracted = values.get("contracted_on")
    if submitted and decided and decided < submitted:
        errors["decided_on"] = _("The decision cannot come before the submission.")
    if decided and contracted and contracted < decided:
        errors["contracted_on"] = _("The contract cannot be signed before the decision.")
    return errors


@transaction.atomic
def application_update(
    *,
    actor,
    application: Application,
    requested_amount=UNSET,
    own_contribution=UNSET,
    own_contribution_sources=UNSET,
    awarded_amount=UNSET,
    submitted_on=UNSET,
    decided_on=UNSET,
    contracted_on=UNSET,
    funder_reference=UNSET,
    notes=UNSET,
    rejection_reason=UNSET,
) -> Application:
    """Change the application's figures, dates and notes (what is not given stays)."""
    current = _locked(application)
    rules.can_edit_application(actor, current).enforce()
    given = {
        name: value
        for name, value in {
            "requested_amount": requested_amount,
            "own_contribution": own_contribution,
            "own_contribution_sources": own_contribution_sources,
            "awarded_amount": awarded_amount,
            "submitted_on": submitted_on,
            "decided_on": decided_on,
            "contracted_on": contracted_on,
            "funder_reference": funder_reference,
            "notes": notes,
            "rejection_reason": rejection_reason,
        }.items()
        if value is not UNSET
    }
    for name in ("funder_reference", "notes", "rejection_reason"):
        if name in given:
            given[name] = (given[name] or "").strip()
    if "own_contribution_sources" in given:
        given["own_contribution_sources"] = list(dict.fromkeys(given["own_contribution_sources"]))
    merged = {name: getattr(current, name) for name in UPDATE_FIELDS} | given
    errors = _check_amounts(current, merged)
    if errors:
        raise ValidationError(errors)
    changes = {}
    for name, value in given.items():
        before = getattr(current, name)
        if before != value:
            changes[name] = [_loggable(before), _loggable(value)]
            setattr(current, name, value)
    if not changes:
        return current
    current.save(update_fields=[*given, "updated_at"])
    if "notes" in changes:
        # The notes are the applicant's own: the log keeps that they changed, not the text.
        changes["notes"] = True
    activity_record(
        actor=actor,
        verb="application.updated",
        target=current,
        process=current.process,
        changes=changes,
    )
    return current


def _loggable(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@transaction.atomic
def application_step(
    *, actor, application: Application, target: str, note: str = "", **fields
) -> ApplicationStep:
    """Move the application one step through its workflow, as the table allows the actor.

    `application.status` is the status the person saw: if it has moved since, the step is
    refused. "rejected" needs `rejection_reason`, "awarded" the `awarded_amount` (or one already
    recorded). The project's maturity follows (submitted → applied, awarded → funded), never
    backwards."""
    unknown = set(fields) - set(STEP_FIELDS)
    if unknown:
        raise ValueError(f"Not fields of a step: {sorted(unknown)}")
    seen = application.status
    current = _locked(application)
    if not rules.can_view_application(actor, current):
        raise PermissionDenied(rules.can_view_application(actor, current).reason)
    if current.status != seen:
        raise ValidationError(
            _(
                "The application moved to “%(current)s” while you were looking at it; nothing "
                "was changed. Choose the next step again."
            )
            % {"current": current.get_status_display()},
            code="stale",
        )
    verdict = rules.can_take_application_step(actor, current, target)
    if not verdict:
        raise ValidationError(verdict.reason, code="refused")
    values = {name: value for name, value in fields.items() if value not in (None, "")}
    today = timezone.localdate()
    if target == S.REJECTED:
        reason = (values.get("rejection_reason") or current.rejection_reason or "").strip()
        if not reason:
            raise ValidationError(
                {"rejection_reason": _("Give the reason of the rejection, as the funder gave it.")}
            )
        values["rejection_reason"] = reason
        values.setdefault("decided_on", today)
    if target == S.AWARDED:
        amount = values.get("awarded_amount", current.awarded_amount)
        if amount is None or amount <= 0:
            raise ValidationError({"awarded_amount": _("Give the amount awarded.")})
        values["awarded_amount"] = amount
        values.setdefault("decided_on", today)
    if target == S.SUBMITTED:
        values.setdefault("submitted_on", today)
    if target == S.CONTRACTED:
        values.setdefault("contracted_on", today)
    merged = {name: getattr(current, name) for name in UPDATE_FIELDS} | values
    # Only what the step records is checked: a step is not held up by an older figure.
    errors = {k: v for k, v in _check_amounts(current, merged).items() if k in values}
    if errors:
        raise ValidationError(errors)
    changes = {"status": [current.status, target]}
    for name, value in values.items():
        if getattr(current, name) != value:
            changes[name] = [_loggable(getattr(current, name)), _loggable(value)]
            setattr(current, name, value)
    source = current.status
    current.status = target
    current.save(update_fields=["status", *values, "updated_at"])
    for name in ("status", *values):
        # The caller's copy follows, so that a next step starts from what is stored.
        setattr(application, name, getattr(current, name))
    step = ApplicationStep.objects.create(
        application=current,
        source=source,
        target=target,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=(note or "").strip(),
    )
    activity_record(
        actor=actor,
        verb="application.step",
        target=current,
        process=current.process,
        changes={**changes, "note": step.note},
    )
    maturity = MATURITY_AFTER.get(target)
    if maturity:
        _maturity_follow(actor=actor, application=current, target=maturity)
    return step


def _maturity_follow(*, actor, application: Application, target: str) -> MaturityChange | None:
    """Move the project's maturity forward to `target` after the application's step.

    Through the portfolio's own service when its table lets the actor take that very step;
    otherwise as a system step (the application's result is the fact that moves it), kept in
    the project's history with a note naming the application. Never backwards, and a dropped
    project stays dropped."""
    project = Project.objects.select_for_update().get(pk=application.project_id)
    if project.maturity not in FORWARD or FORWARD.index(project.maturity) >= FORWARD.index(target):
        return None
    note = _("Application to %(call)s: %(status)s.") % {
        "call": str(application.call),
        "status": application.get_status_display(),
    }
    if portfolio_rules.can_change_maturity(actor, project, target):
        return portfolio_services.project_maturity_change(
            actor=actor, project=project, source=project.maturity, target=target, note=note
        )
    source = project.maturity
    change = MaturityChange.objects.create(
        project=project,
        source=source,
        target=target,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        note=note,
    )
    project.maturity = target
    project.save(update_fields=["maturity", "updated_at"])
    activity_record(
        actor=actor,
        verb="project.maturity_changed",
        target=project,
        process=application.process,
        changes={
            "maturity": [source, target],
            "note": note,
            "application": application.pk,
            "by": "application_step",
        },
    )
    return change


# --- the checklist --------------------------------------------------------------------------


def _document_locked(document: ApplicationDocument) -> ApplicationDocument:
    return (
        ApplicationDocument.objects.select_for_update(of=("self",))
        .select_related("application__process", "application__organisation")
        .get(pk=document.pk)
    )


@transaction.atomic
def application_document_tick(
    *, actor, document: ApplicationDocument, ready: bool
) -> ApplicationDocument:
    """Mark a line of the checklist ready (or not yet)."""
    current = _document_locked(document)
    application = current.application
    rules.can_edit_application(actor, application).enforce()
    if current.ready == ready:
        return current
    current.ready = ready
    current.updated_by = actor
    current.save(update_fields=["ready", "updated_by", "updated_at"])
    activity_record(
        actor=actor,
        verb="application.document_ticked",
        target=application,
        process=application.process,
        changes={"document": localize(current.name), "ready": ready},
    )
    return current


@transaction.atomic
def application_document_upload(
    *, actor, document: ApplicationDocument, file
) -> ApplicationDocument:
    """Attach a file to a line of the checklist, checked by its content and size (the same
    checks as the project card's attachments: meetings.uploads). The older file is removed."""
    current = _document_locked(document)
    application = current.application
    rules.can_edit_application(actor, application).enforce()
    try:
        checked = uploads.check_upload(file, max_bytes=settings.MATERIAL_MAX_BYTES)
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    file.seek(0)
    field = ApplicationDocument._meta.get_field("file")
    old = current.file.name
    current.file.save(f"{secrets.token_urlsafe(16)}{checked.extension}", file, save=False)
    stored = current.file.name
    try:
        current.content_type = checked.content_type
        current.size = checked.size
        current.updated_by = actor
        current.save(update_fields=["file", "content_type", "size", "updated_by", "updated_at"])
        activity_record(
            actor=actor,
            verb="application.document_uploaded",
            target=application,
            process=application.process,
            changes={"document": localize(current.name), "size": checked.size},
        )
    except Exception:
        field.storage.delete(stored)
        raise
    if old:
        # The replaced file goes once the new one is committed.
        transaction.on_commit(lambda: field.storage.delete(old))
    return current


@transaction.atomic
def application_document_add(
    *, actor, application: Application, name: dict[str, str], required: bool = False
) -> ApplicationDocument:
    """Add a line of the applicant's own to the checklist."""
    current = _locked(application)
    rules.can_edit_application(actor, current).enforce()
    name = {code: text.strip() for code, text in (name or {}).items() if text and text.strip()}
    if not name:
        raise ValidationError({"name": _("Fill in the text in at least one language.")})
    last = current.documents.order_by("-position").values_list("position", flat=True).first()
    document = ApplicationDocument.objects.create(
        application=current,
        name=name,
        required=required,
        position=(last or 0) + 1,
        updated_by=actor,
    )
    activity_record(
        actor=actor,
        verb="application.document_added",
        target=current,
        process=current.process,
        changes={"document": localize(name)},
    )
    return document


def documents_ready(documents: Iterable[ApplicationDocument]) -> tuple[int, int]:
    """(ready, total) of the required lines of a checklist."""
    required = [d for d in documents if d.required]
    return sum(1 for d in required if d.ready), len(required)
