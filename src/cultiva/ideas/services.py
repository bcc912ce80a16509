"""Every write to contributions. Each function is one transaction and leaves an audit row."""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record, field_changes
from cultiva.core.i18n import localize
from cultiva.ideas import rules
from cultiva.ideas.indexing import contribution_search_document_refresh, contribution_search_text
from cultiva.ideas.models import (
    Contribution,
    ContributionRevision,
    ContributionTranslation,
    ExtraField,
)

# --- history ----------------------------------------------------------------------------------

SNAPSHOT_FIELDS = (
    "kind",
    "title",
    "body",
    "language",
    "status",
    "source",
    "partners",
    "resources_needed",
    "resources_amount_min",
    "resources_amount_max",
    "time_horizon",
)


def _json_value(value):
    if isinstance(value, Decimal):  # the amounts: two decimals, as stored
        return format(value.quantize(Decimal("0.01")), "f")
    return value


def contribution_snapshot(contribution: Contribution) -> dict:
    """Every field of a contribution as JSON: related objects by id and name."""
    data = {name: _json_value(getattr(contribution, name)) for name in SNAPSHOT_FIELDS}
    data["author"] = {"id": contribution.author_id, "name": str(contribution.author)}
    data["organisation"] = (
        {"id": contribution.organisation_id, "name": str(contribution.organisation)}
        if contribution.organisation_id
        else None
    )
    data["meeting"] = (
        {"id": contribution.meeting_id, "name": str(contribution.meeting)}
        if contribution.meeting_id
        else None
    )
    data["entered_by"] = (
        {"id": contribution.entered_by_id, "name": str(contribution.entered_by)}
        if contribution.entered_by_id
        else None
    )
    data["domains"] = [
        {"id": t.pk, "name": localize(t.name)} for t in contribution.domains.order_by("pk")
    ]
    data["settlements"] = [
        {"id": s.pk, "name": str(s)} for s in contribution.settlements.order_by("pk")
    ]
    data["target_groups"] = [
        {"id": t.pk, "name": localize(t.name)} for t in contribution.target_groups.order_by("pk")
    ]
    data["extra"] = dict(contribution.extra or {})
    return data


def contribution_revision_record(*, contribution: Contribution, author) -> ContributionRevision:
    """Store the contribution as it is now as its next revision."""
    last = contribution.revisions.aggregate(last=Max("number"))["last"] or 0
    return ContributionRevision.objects.create(
        contribution=contribution,
        number=last + 1,
        data=contribution_snapshot(contribution),
        author=author if getattr(author, "is_authenticated", False) else None,
    )


def _check_amounts(amount_min, amount_max) -> None:
    if amount_min is not None and amount_max is not None and amount_min > amount_max:
        raise ValidationError(
            {"resources_amount_max": _("The upper amount cannot be less than the lower amount.")}
        )


@transaction.atomic
def contribution_create(
    *,
    author,
    process,
    kind: str,
    title: str,
    body: str,
    language: str,
    domains: Iterable,
    settlements: Iterable = (),
    target_groups: Iterable = (),
    organisation=None,
    meeting=None,
    partners: str = "",
    resources_needed: str = "",
    resources_amount_min: Decimal | None = None,
    resources_amount_max: Decimal | None = None,
    time_horizon: str = "",
    source: str = Contribution.Source.ONLINE,
    extra: dict | None = None,
    entered_by=None,
    submit: bool = True,
) -> Contribution:
    """Create a contribution, as a draft or submitted straight away.

    With `entered_by` a facilitator types it in on behalf of `author` (who may be the
    facilitator): the facilitator's right to enter on behalf is checked instead of the
    author's membership of the organisation.
    """
    if entered_by is not None:
        rules.can_enter_on_behalf(entered_by, process).enforce()
    else:
        rules.can_submit_contribution(author, process, organisation).enforce()
    _check_amounts(resources_amount_min, resources_amount_max)
    now = timezone.now()
    contribution = Contribution.objects.create(
        process=process,
        author=author,
        organisation=organisation,
        meeting=meeting,
        kind=kind,
        title=title.strip(),
        body=body.strip(),
        language=language,
        partners=partners.strip(),
        resources_needed=resources_needed.strip(),
        resources_amount_min=resources_amount_min,
        resources_amount_max=resources_amount_max,
        time_horizon=time_horizon,
        source=source,
        extra=extra or {},
        entered_by=entered_by,
        status=Contribution.Status.SUBMITTED if submit else Contribution.Status.DRAFT,
        submitted_at=now if submit else None,
    )
    contribution_search_document_refresh(contribution)
    contribution.domains.set(domains)
    contribution.settlements.set(settlements)
    contribution.target_groups.set(target_groups)
    actor = entered_by or author
    contribution_revision_record(contribution=contribution, author=actor)
    changes = {"status": [None, contribution.status], "kind": kind, "source": source}
    if entered_by is not None:
        changes["on_behalf_of"] = author.pk
    activity_record(
        actor=actor,
        verb="contribution.submitted" if submit else "contribution.drafted",
        target=contribution,
        process=process,
        changes=changes,
    )
    return contribution


@transaction.atomic
def contribution_update(
    *,
    contribution: Contribution,
    actor,
    kind: str,
    title: str,
    body: str,
    language: str,
    domains: Iterable,
    settlements: Iterable = (),
    target_groups: Iterable = (),
    organisation=None,
    meeting=None,
    partners: str = "",
    resources_needed: str = "",
    resources_amount_min: Decimal | None = None,
    resources_amount_max: Decimal | None = None,
    time_horizon: str = "",
    extra: dict | None = None,
) -> Contribution:
    """The author edits a draft or a submitted contribution while the phase is open."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    rules.can_edit_contribution(actor, contribution).enforce()
    if organisation is not None and organisation.pk != contribution.organisation_id:
        rules.can_submit_contribution(actor, contribution.process, organisation).enforce()
    _check_amounts(resources_amount_min, resources_amount_max)
    before = contribution_snapshot(contribution)
    contribution.kind = kind
    contribution.title = title.strip()
    contribution.body = body.strip()
    contribution.language = language
    contribution.organisation = organisation
    contribution.meeting = meeting
    contribution.partners = partners.strip()
    contribution.resources_needed = resources_needed.strip()
    contribution.resources_amount_min = resources_amount_min
    contribution.resources_amount_max = resources_amount_max
    contribution.time_horizon = time_horizon
    contribution.extra = extra or {}
    contribution.search_document = contribution_search_text(contribution)
    contribution.save()
    contribution.domains.set(domains)
    contribution.settlements.set(settlements)
    contribution.target_groups.set(target_groups)
    after = contribution_snapshot(contribution)
    changes = field_changes(before, after)
    if changes:
        contribution_revision_record(contribution=contribution, author=actor)
    activity_record(
        actor=actor,
        verb="contribution.edited",
        target=contribution,
        process=contribution.process,
        changes=changes,
    )
    return contribution


@transaction.atomic
def contribution_change_status(
    *, contribution: Contribution, actor, target: str, reason: str = ""
) -> Contribution:
    """Move a contribution along its workflow (CONTRIBUTION_TRANSITIONS)."""
    contribution = Contribution.objects.select_for_update().get(pk=contribution.pk)
    rules.can_change_status(actor, contribution, target).enforce()
    before = contribution.status
    contribution.status = target
    if target == Contribution.Status.SUBMITTED and contribution.submitted_at is None:
        contribution.submitted_at = timezone.now()
    contribution.save(update_fields=["status", "submitted_at", "updated_at"])
    contribution_revision_record(contribution=contribution, author=actor)
    changes = {"status": [before, target]}
    if reason:
        changes["reason"] = reason
    activity_record(
        actor=actor,
        verb=f"contribution.{target}",
        target=contribution,
        process=contribution.process,
        changes=changes,
    )
    return contribution


TRANSLATION_TITLE_MAX = 200


@transaction.atomic
def contribution_translate(
    *, contribution: Contribution, actor, language: str, title: str, body: str
) -> ContributionTranslation:
    """The contribution's title and text in another language, by its author or a facilitator.

    Kept apart from the original (which stays as written); a second translation into the same
    language replaces the first."""
    rules.can_translate_contribution(actor, contribution).enforce()
    errors = {}
    if language not in settings.CONTENT_LANGUAGES:
        errors["language"] = _("Choose a language.")
    elif language == contribution.language:
        errors["language"] = _("Choose a language other than the one it was written in.")
    title, body = " ".join((title or "").split()), (body or "").strip()
    if not title:
        errors["title"] = _("Write the title in this language.")
    elif len(title) > TRANSLATION_TITLE_MAX:
        errors["title"] = _("A title can be at most %(max)s characters.") % {
            "max": TRANSLATION_TITLE_MAX
        }
    if not body:
        errors["body"] = _("Write the text in this language.")
    if errors:
        raise ValidationError(errors)
    translation = ContributionTranslation.objects.filter(
        contribution=contribution, language=language
    ).first()
    before = {"title": translation.title, "body": translation.body} if translation else {}
    if translation is None:
        translation = ContributionTranslation(contribution=contribution, language=language)
    elif before == {"title": title, "body": body}:
        return translation
    translation.title, translation.body, translation.translated_by = title, body, actor
    translation.save()
    activity_record(
        actor=actor,
        verb="contribution.translated",
        target=contribution,
        process=contribution.process,
        changes={"language": language, **field_changes(before, {"title": title, "body": body})}
        if before
        else {"language": language, "title": title},
    )
    return translation


# --- the contribution template (extra fields) ---------------------------------------------------


def _unique_key(process, wanted: str, label: dict, exclude_pk=None) -> str:
    base = slugify(wanted or localize(label) or "field")[:36] or "field"
    taken = set(
        ExtraField.objects.filter(process=process)
        .exclude(pk=exclude_pk)
        .values_list("key", flat=True)
    )
    if wanted and slugify(wanted)[:40] in taken:
        raise ValidationError({"key": _("Another field of this form already has this key.")})
    key, n = base, 2
    while key in taken:
        key, n = f"{base}-{n}", n + 1
    return key


def _field_data(field: ExtraField) -> dict:
    return {
        "key": field.key,
        "label": field.label,
        "help_text": field.help_text,
        "kind": field.kind,
        "choices": field.choices,
        "is_required": field.is_required,
        "position": field.position,
    }


@transaction.atomic
def contribution_template_copy(*, source, target, actor) -> None:
    """Copy the contribution template's extra fields when a process is copied (registered
    with cultiva.processes.copying in IdeasConfig.ready)."""
    fields = ExtraField.objects.bulk_create(
        ExtraField(
            process=target,
            key=field.key,
            label=dict(field.label),
            help_text=dict(field.help_text),
            kind=field.kind,
            choices=list(field.choices),
            is_required=field.is_required,
            position=field.position,
        )
        for field in ExtraField.objects.filter(process=source).order_by("position", "pk")
    )
    if fields:
        activity_record(
            actor=actor,
            verb="contribution_template.copied",
            target=target,
            process=target,
            changes={"source": source.slug, "fields": [field.key for field in fields]},
        )


@transaction.atomic
def extra_field_create(
    *,
    process,
    actor,
    label: dict,
    kind: str,
    key: str = "",
    help_text: dict | None = None,
    choices: list | None = None,
    is_required: bool = False,
) -> ExtraField:
    rules.can_manage_template(actor, process).enforce()
    last = ExtraField.objects.filter(process=process).aggregate(last=Max("position"))["last"]
    field = ExtraField.objects.create(
        process=process,
        key=_unique_key(process, key, label),
        label=label,
        help_text=help_text or {},
        kind=kind,
        choices=choices or [],
        is_required=is_required,
        position=0 if last is None else last + 1,
    )
    activity_record(
        actor=actor,
        verb="contribution_template.field_added",
        target=field,
        process=process,
        changes=_field_data(field),
    )
    return field


@transaction.atomic
def extra_field_update(
    *,
    field: ExtraField,
    actor,
    label: dict,
    kind: str,
    key: str = "",
    help_text: dict | None = None,
    choices: list | None = None,
    is_required: bool = False,
) -> ExtraField:
    field = ExtraField.objects.select_for_update().get(pk=field.pk)
    rules.can_manage_template(actor, field.process).enforce()
    before = _field_data(field)
    if key and key != field.key:
        field.key = _unique_key(field.process, key, label, exclude_pk=field.pk)
    field.label = label
    field.help_text = help_text or {}
    field.kind = kind
    field.choices = choices or []
    field.is_required = is_required
    field.save()
    activity_record(
        actor=actor,
        verb="contribution_template.field_changed",
        target=field,
        process=field.process,
        changes=field_changes(before, _field_data(field)),
    )
    return field


@transaction.atomic
def extra_field_delete(*, field: ExtraField, actor) -> None:
    """Remove a field from the form. Values already given stay in the contributions' extra."""
    rules.can_manage_template(actor, field.process).enforce()
    activity_record(
        actor=actor,
        verb="contribution_template.field_removed",
        target=field,
        process=field.process,
        changes=_field_data(field),
    )
    field.delete()


@transaction.atomic
def extra_field_move(*, field: ExtraField, actor, direction: str) -> ExtraField:
    """Move a field one place up or down in the form."""
    rules.can_manage_template(actor, field.process).enforce()
    fields = list(
        ExtraField.objects.select_for_update()
        .filter(process=field.process)
        .order_by("position", "id")
    )
    index = next(i for i, f in enumerate(fields) if f.pk == field.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(fields):
        fields[index], fields[other] = fields[other], fields[index]
        for position, item in enumerate(fields):
            if item.position != position:
                item.position = position
                item.save(update_fields=["position"])
        activity_record(
            actor=actor,
            verb="contribution_template.field_moved",
            target=field,
            process=field.process,
            changes={"position": [index, other]},
        )
    return next(f for f in fields if f.pk == field.pk)
