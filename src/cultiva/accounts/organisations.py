"""Organisations, self-service: register, join, leave, verify, merge (every write logged).

A member registers an organisation and becomes its administrator; others ask to join and its
administrators accept or refuse; coordinators (of any process: organisations are
platform-wide) verify organisations and merge duplicates. Merging moves everything that
points at the duplicate to the kept organisation, found through the model's relations, so a
foreign key added by a later app is merged without anyone remembering to.
"""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cultiva.accounts import rules
from cultiva.accounts.models import Membership, MembershipRequest, Organisation, User
from cultiva.core.activity import activity_record

# Weights of the Romanian CIF check digit, for the (up to 9) digits before it, right-aligned.
CIF_WEIGHTS = (7, 5, 3, 2, 1, 7, 5, 3, 2)


def cif_normalise(text: str) -> str:
    """ " RO 1859 0100 " → "18590100": the digits, without spaces or the VAT prefix "RO"."""
    cleaned = re.sub(r"[\s.\-]", "", text or "").upper()
    return cleaned[2:] if cleaned.startswith("RO") else cleaned


def cif_is_valid(digits: str) -> bool:
    """The Romanian tax code's check digit (CUI/CIF: 2 to 10 digits, the last one checks)."""
    if not re.fullmatch(r"\d{2,10}", digits or ""):
        return False
    body, check = digits[:-1].rjust(9, "0"), int(digits[-1])
    total = sum(int(d) * w for d, w in zip(body, CIF_WEIGHTS, strict=True)) * 10 % 11
    return (0 if total == 10 else total) == check


def cif_problem(text: str) -> tuple[str, str | None]:
    """(normalised code, problem or None) for a tax code as typed; empty is allowed."""
    digits = cif_normalise(text)
    if not digits:
        return "", None
    if not cif_is_valid(digits):
        return digits, _(
            "“%(value)s” is not a valid Romanian tax code (CUI/CIF): check the digits."
        ) % {"value": text.strip()}
    return digits, None


def organisation_by_registry_code(code: str, *, exclude_pk: int | None = None):
    if not code:
        return None
    found = Organisation.objects.filter(registry_code=code, merged_into__isnull=True)
    if exclude_pk:
        found = found.exclude(pk=exclude_pk)
    return found.first()


EDITABLE = (
    "name",
    "short_name",
    "legal_form",
    "sector",
    "settlement",
    "size_band",
    "registry_code",
    "website",
    "email",
)


def _snapshot(organisation: Organisation) -> dict:
    values = {}
    for name in EDITABLE:
        field = Organisation._meta.get_field(name)
        values[name] = getattr(organisation, field.attname)
    values["domains"] = sorted(organisation.domains.values_list("pk", flat=True))
    return values


def _apply(organisation: Organisation, *, domains, **values) -> None:
    code = values.get("registry_code", "")
    if code:
        code, problem = cif_problem(code)
        if problem:
            raise ValidationError({"registry_code": problem})
        existing = organisation_by_registry_code(code, exclude_pk=organisation.pk)
        if existing:
            raise ValidationError(
                {
                    "registry_code": _(
                        "An organisation with this tax code is already registered: %(name)s."
                    )
                    % {"name": existing}
                }
            )
        values["registry_code"] = code
    for name, value in values.items():
        setattr(organisation, name, value)


@transaction.atomic
def organisation_register(*, actor: User, domains=(), **values) -> Organisation:
    """A new organisation; the person registering it becomes its administrator."""
    rules.can_register_organisation(actor).enforce()
    organisation = Organisation(created_by=actor)
    _apply(organisation, domains=domains, **values)
    organisation.full_clean(exclude=["domains"])
    organisation.save()
    organisation.domains.set(domains)
    Membership.objects.create(
        user=actor,
        organisation=organisation,
        role=Membership.Role.CONTACT,
        is_administrator=True,
    )
    activity_record(
        actor=actor,
        verb="organisation.registered",
        target=organisation,
        changes={"registry_code": organisation.registry_code},
    )
    return organisation


@transaction.atomic
def organisation_update(
    *, organisation: Organisation, actor: User, domains=(), **values
) -> Organisation:
    rules.can_edit_organisation(actor, organisation).enforce()
    before = _snapshot(organisation)
    _apply(organisation, domains=domains, **values)
    organisation.full_clean(exclude=["domains"])
    organisation.save()
    organisation.domains.set(domains)
    after = _snapshot(organisation)
    changed = sorted(key for key in after if before[key] != after[key])
    if changed:
        activity_record(
            actor=actor,
            verb="organisation.updated",
            target=organisation,
            changes={"fields": changed},
        )
    return organisation


@transaction.atomic
def membership_request_create(
    *, organisation: Organisation, person: User, message: str = ""
) -> MembershipRequest:
    rules.can_ask_to_join(person, organisation).enforce()
    request = MembershipRequest.objects.create(
        user=person, organisation=organisation, message=message.strip()[:500]
    )
    activity_record(actor=person, verb="organisation.join_requested", target=organisation)
    return request


@transaction.atomic
def membership_request_decide(
    *, join_request: MembershipRequest, actor: User, accept: bool
) -> MembershipRequest:
    """Accept (the person becomes a member) or refuse a pending request."""
    join_request = MembershipRequest.objects.select_for_update().get(pk=join_request.pk)
    organisation = join_request.organisation
    rules.can_administer_organisation(actor, organisation).enforce()
    if join_request.state != MembershipRequest.State.PENDING:
        raise ValidationError(_("This request has already been answered."))
    join_request.state = (
        MembershipRequest.State.ACCEPTED if accept else MembershipRequest.State.REFUSED
    )
    join_request.decided_at = timezone.now()
    join_request.decided_by = actor
    join_request.save(update_fields=["state", "decided_at", "decided_by"])
    if accept:
        Membership.objects.get_or_create(user=join_request.user, organisation=organisation)
    activity_record(
        actor=actor,
        verb="organisation.join_accepted" if accept else "organisation.join_refused",
        target=organisation,
        changes={"person": join_request.user_id},
    )
    return join_request


@transaction.atomic
def membership_administrator_set(
    *, membership: Membership, actor: User, is_administrator: bool
) -> Membership:
    organisation = membership.organisation
    rules.can_administer_organisation(actor, organisation).enforce()
    if not is_administrator and membership.is_administrator:
        _keep_an_administrator(organisation, leaving=membership)
    membership.is_administrator = is_administrator
    membership.save(update_fields=["is_administrator"])
    activity_record(
        actor=actor,
        verb="organisation.administrator_set",
        target=organisation,
        changes={"person": membership.user_id, "is_administrator": is_administrator},
    )
    return membership


def _keep_an_administrator(organisation: Organisation, *, leaving: Membership) -> None:
    others = organisation.memberships.exclude(pk=leaving.pk)
    if others.exists() and not others.filter(is_administrator=True).exists():
        raise ValidationError(
            _(
                "An organisation with members keeps at least one administrator: "
                "make someone else an administrator first."
            )
        )


@transaction.atomic
def membership_leave(*, membership: Membership, actor: User) -> None:
    """The person leaves the organisation (an administrator removes a member likewise)."""
    organisation = membership.organisation
    if actor.pk != membership.user_id:
        rules.can_administer_organisation(actor, organisation).enforce()
    if membership.is_administrator:
        _keep_an_administrator(organisation, leaving=membership)
    person_id = membership.user_id
    membership.delete()
    activity_record(
        actor=actor,
        verb="organisation.member_left" if actor.pk == person_id else "organisation.member_removed",
        target=organisation,
        changes={"person": person_id},
    )


@transaction.atomic
def organisation_verify(*, organisation: Organisation, actor: User, verified: bool = True):
    rules.can_verify_organisation(actor).enforce()
    organisation.verified_at = timezone.now() if verified else None
    organisation.verified_by = actor if verified else None
    organisation.save(update_fields=["verified_at", "verified_by"])
    activity_record(
        actor=actor,
        verb="organisation.verified" if verified else "organisation.unverified",
        target=organisation,
    )
    return organisation


# --- merging duplicates ---------------------------------------------------------------------


def _unique_groups(model, field_name: str) -> list[tuple[str, ...]]:
    """The other fields that, with `field_name`, must be unique together (unconditional)."""
    groups = []
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if field_name in fields and getattr(constraint, "condition", None) is None:
            groups.append(tuple(f for f in fields if f != field_name))
    for together in model._meta.unique_together:
        if field_name in together:
            groups.append(tuple(f for f in together if f != field_name))
    field = model._meta.get_field(field_name)
    if field.unique:
        groups.append(())
    return groups


def _conditional_unique(model, field_name: str) -> list:
    return [
        constraint
        for constraint in model._meta.constraints
        if field_name in getattr(constraint, "fields", ())
        and getattr(constraint, "condition", None) is not None
    ]


def _references() -> list[tuple[type[models.Model], str]]:
    """(model, field name) of every foreign key to Organisation, hidden ones included (the
    through tables of many-to-many fields too)."""
    found = []
    for relation in Organisation._meta.get_fields(include_hidden=True):
        if not (relation.is_relation and relation.auto_created and not relation.concrete):
            continue
        if relation.many_to_many:
            continue  # its through table's foreign key is listed on its own
        found.append((relation.related_model, relation.field.name))
    return found


def _move_rows(model, field_name: str, duplicate: Organisation, keep: Organisation) -> dict:
    """Point the rows at `keep`; a row that would repeat one `keep` already has is dropped
    (a membership of someone in both: the kept one stays, an administrator stays one)."""
    rows = model._base_manager.filter(**{field_name: duplicate})
    groups = _unique_groups(model, field_name)
    conditional = _conditional_unique(model, field_name)
    moved = dropped = 0
    if not groups and not conditional:
        moved = rows.update(**{field_name: keep})
        return {"moved": moved, "dropped": 0}
    for row in rows:
        clash = None
        for others in groups:
            lookup = {field_name: keep, **{f: getattr(row, f) for f in others}}
            clash = model._base_manager.filter(**lookup).exclude(pk=row.pk).first()
            if clash is not None:
                break
        if clash is None and conditional:
            for constraint in conditional:
                others = [f for f in constraint.fields if f != field_name]
                lookup = {field_name: keep, **{f: getattr(row, f) for f in others}}
                candidates = model._base_manager.filter(constraint.condition, **lookup)
                if (
                    candidates.exists()
                    and model._base_manager.filter(constraint.condition, pk=row.pk).exists()
                ):
                    clash = candidates.first()
                    break
        if clash is not None:
            if isinstance(row, Membership) and row.is_administrator and not clash.is_administrator:
                clash.is_administrator = True
                clash.save(update_fields=["is_administrator"])
            row.delete()
            dropped += 1
        else:
            setattr(row, field_name, keep)
            row.save(update_fields=[model._meta.get_field(field_name).attname])
            moved += 1
    return {"moved": moved, "dropped": dropped}


@transaction.atomic
def organisation_merge(*, duplicate: Organisation, keep: Organisation, actor: User):
    """Move the duplicate's members, contributions, projects (everything pointing at it) to
    `keep`; the duplicate stays as a pointer (merged_into) so its old links still lead on."""
    rules.can_merge_organisations(actor).enforce()
    if duplicate.pk == keep.pk:
        raise ValidationError(_("An organisation cannot be merged into itself."))
    if duplicate.merged_into_id or keep.merged_into_id:
        raise ValidationError(_("This organisation has already been merged into another."))
    duplicate = Organisation.objects.select_for_update().get(pk=duplicate.pk)
    moved: dict[str, dict] = {}
    for model, field_name in _references():
        counts = _move_rows(model, field_name, duplicate, keep)
        if counts["moved"] or counts["dropped"]:
            moved[f"{model._meta.label}.{field_name}"] = counts
    filled = []
    for name in ("short_name", "size_band", "website", "email", "registry_code"):
        if not getattr(keep, name) and getattr(duplicate, name):
            filled.append(name)
    for name in filled:
        setattr(keep, name, getattr(duplicate, name))
    duplicate_code = duplicate.registry_code
    duplicate.merged_into = keep
    duplicate.registry_code = ""  # the code now belongs to the kept organisation
    duplicate.save(update_fields=["merged_into", "registry_code"])
    if filled:
        keep.save(update_fields=filled)
    activity_record(
        actor=actor,
        verb="organisation.merged",
        target=keep,
        changes={
            "duplicate": duplicate.pk,
            "duplicate_name": str(duplicate),
            "duplicate_registry_code": duplicate_code,
            "moved": moved,
            "filled": filled,
        },
    )
    return keep
