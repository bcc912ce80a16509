"""Writes of processes and their phases. Each is one transaction and leaves an activity entry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from pathlib import PurePath
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record, field_changes
from cultiva.core.models import County, MicroRegion, Settlement
from cultiva.processes.copying import registered_copiers
from cultiva.processes.logos import LOGO_TYPES, check_logo
from cultiva.processes.models import Phase, Process, ProcessRole

PROCESS_FIELDS = (
    "slug",
    "title",
    "description",
    "county",
    "languages",
    "is_published",
    "starts_on",
    "ends_on",
)
PHASE_FIELDS = (
    "kind",
    "title",
    "starts_on",
    "ends_on",
    "accepts_contributions",
    "accepts_votes",
    "accepts_comments",
)


def _plain(value: Any) -> Any:
    """A value as the activity log's JSON keeps it."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if hasattr(value, "pk"):
        return value.pk
    return value


def _process_values(process: Process) -> dict[str, Any]:
    values = {name: _plain(getattr(process, name)) for name in PROCESS_FIELDS}
    values["micro_regions"] = sorted(process.micro_regions.values_list("pk", flat=True))
    values["settlements"] = sorted(process.settlements.values_list("pk", flat=True))
    values["logo"] = process.logo.name or ""
    return values


def _check_process(
    *,
    slug: str,
    county: County,
    micro_regions: Iterable[MicroRegion],
    settlements: Iterable[Settlement],
    languages: Sequence[str],
    starts_on: dt.date,
    ends_on: dt.date,
    process: Process | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    try:
        validate_slug(slug)
    except ValidationError:
        errors["slug"] = [
            _("Use only lower-case letters, numbers, hyphens and underscores in the address.")
        ]
    else:
        taken = Process.objects.filter(slug=slug)
        if process is not None:
            taken = taken.exclude(pk=process.pk)
        if taken.exists():
            errors["slug"] = [_("Another process already has this short address.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The end date must not be before the start date.")]
    elif process is not None and process.pk:
        outside = process.phases.exclude(starts_on__gte=starts_on, ends_on__lte=ends_on)
        if outside.exists():
            errors["starts_on"] = [
                _("Some phases fall outside these dates: change or remove them first.")
            ]
    if any(region.county_id != county.pk for region in micro_regions):
        errors["micro_regions"] = [_("Choose micro-regions of the process's county.")]
    if any(settlement.county_id != county.pk for settlement in settlements):
        errors["settlements"] = [_("Choose settlements of the process's county.")]
    if not languages or set(languages) - set(settings.CONTENT_LANGUAGES):
        errors["languages"] = [_("Choose at least one of the offered languages.")]
    if errors:
        raise ValidationError(errors)


def _store_logo(process: Process, logo) -> None:
    content_type = check_logo(logo)
    extension = LOGO_TYPES[content_type]
    process.logo.save(f"{PurePath(process.slug).name}{extension}", logo, save=False)
    process.logo_content_type = content_type


def _grant_coordinator(*, actor, process: Process, user) -> None:
    role, created = ProcessRole.objects.get_or_create(
        process=process, user=user, role=ProcessRole.Role.COORDINATOR
    )
    if created:
        activity_record(actor=actor, verb="process_role.granted", target=role, process=process)


@transaction.atomic
def process_create(
    *,
    actor,
    slug: str,
    title: dict[str, str],
    description: dict[str, str],
    county: County,
    micro_regions: Sequence[MicroRegion] = (),
    settlements: Sequence[Settlement] = (),
    languages: Sequence[str],
    is_published: bool = False,
    starts_on: dt.date,
    ends_on: dt.date,
    logo=None,
    coordinators: Sequence = (),
) -> Process:
    """A new process. The named coordinators get the role; a creator who is not a superuser
    becomes a coordinator too (they would otherwise lose the process at once)."""
    _check_process(
        slug=slug,
        county=county,
        micro_regions=micro_regions,
        settlements=settlements,
        languages=languages,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    process = Process(
        slug=slug,
        title=title,
        description=description,
        county=county,
        languages=list(languages),
        is_published=is_published,
        starts_on=starts_on,
        ends_on=ends_on,
    )
    if logo:
        _store_logo(process, logo)
    process.save()
    process.micro_regions.set(micro_regions)
    process.settlements.set(settlements)
    activity_record(
        actor=actor,
        verb="process.created",
        target=process,
        process=process,
        changes=_process_values(process),
    )
    people = list(coordinators)
    if not actor.is_superuser:
        people.append(actor)
    for person in dict.fromkeys(people):
        _grant_coordinator(actor=actor, process=process, user=person)
    return process


@transaction.atomic
def process_update(
    *,
    actor,
    process: Process,
    slug: str,
    title: dict[str, str],
    description: dict[str, str],
    county: County,
    micro_regions: Sequence[MicroRegion] = (),
    settlements: Sequence[Settlement] = (),
    languages: Sequence[str],
    is_published: bool,
    starts_on: dt.date,
    ends_on: dt.date,
    logo=None,
    remove_logo: bool = False,
) -> Process:
    _check_process(
        slug=slug,
        county=county,
        micro_regions=micro_regions,
        settlements=settlements,
        languages=languages,
        starts_on=starts_on,
        ends_on=ends_on,
        process=process,
    )
    before = _process_values(process)
    process.slug = slug
    process.title = title
    process.description = description
    process.county = county
    process.languages = list(languages)
    process.is_published = is_published
    process.starts_on = starts_on
    process.ends_on = ends_on
    if logo:
        _store_logo(process, logo)
    elif remove_logo:
        process.logo = ""
        process.logo_content_type = ""
    process.save()
    process.micro_regions.set(micro_regions)
    process.settlements.set(settlements)
    changes = field_changes(before, _process_values(process))
    if changes:
        activity_record(
            actor=actor, verb="process.updated", target=process, process=process, changes=changes
        )
    return process


@transaction.atomic
def process_set_published(*, actor, process: Process, is_published: bool) -> Process:
    if process.is_published != is_published:
        process.is_published = is_published
        process.save(update_fields=["is_published"])
        activity_record(
            actor=actor,
            verb="process.published" if is_published else "process.unpublished",
            target=process,
            process=process,
        )
    return process


def _check_phase(
    *,
    process: Process,
    kind: str,
    starts_on: dt.date,
    ends_on: dt.date,
    phase: Phase | None = None,
) -> None:
    errors: dict[str, list[str]] = {}
    if kind not in Phase.Kind.values:
        errors["kind"] = [_("Choose one of the kinds of phase.")]
    if ends_on < starts_on:
        errors["ends_on"] = [_("The end date must not be before the start date.")]
    elif starts_on < process.starts_on or ends_on > process.ends_on:
        errors["starts_on"] = [
            _("A phase must fall within the process's dates (%(start)s – %(end)s).")
            % {"start": process.starts_on.isoformat(), "end": process.ends_on.isoformat()}
        ]
    else:
        overlapping = process.phases.filter(
            kind=kind, starts_on__lte=ends_on, ends_on__gte=starts_on
        )
        if phase is not None:
            overlapping = overlapping.exclude(pk=phase.pk)
        other = overlapping.first()
        if other is not None:
            errors["starts_on"] = [
                _("It overlaps another phase of the same kind (%(phase)s).") % {"phase": other}
            ]
    if errors:
        raise ValidationError(errors)


def _phase_values(phase: Phase) -> dict[str, Any]:
    return {name: _plain(getattr(phase, name)) for name in (*PHASE_FIELDS, "position")}


@transaction.atomic
def phase_create(
    *,
    actor,
    process: Process,
    kind: str,
    title: dict[str, str],
    starts_on: dt.date,
    ends_on: dt.date,
    accepts_contributions: bool = False,
    accepts_votes: bool = False,
    accepts_comments: bool = False,
) -> Phase:
    _check_phase(process=process, kind=kind, starts_on=starts_on, ends_on=ends_on)
    last = process.phases.aggregate(last=Max("position"))["last"]
    phase = Phase.objects.create(
        process=process,
        kind=kind,
        title=title,
        starts_on=starts_on,
        ends_on=ends_on,
        position=0 if last is None else last + 1,
        accepts_contributions=accepts_contributions,
        accepts_votes=accepts_votes,
        accepts_comments=accepts_comments,
    )
    activity_record(
        actor=actor,
        verb="phase.created",
        target=phase,
        process=process,
        changes=_phase_values(phase),
    )
    return phase


@transaction.atomic
def phase_update(
    *,
    actor,
    phase: Phase,
    kind: str,
    title: dict[str, str],
    starts_on: dt.date,
    ends_on: dt.date,
    accepts_contributions: bool = False,
    accepts_votes: bool = False,
    accepts_comments: bool = False,
) -> Phase:
    _check_phase(
        process=phase.process, kind=kind, starts_on=starts_on, ends_on=ends_on, phase=phase
    )
    before = _phase_values(phase)
    phase.kind = kind
    phase.title = title
    phase.starts_on = starts_on
    phase.ends_on = ends_on
    phase.accepts_contributions = accepts_contributions
    phase.accepts_votes = accepts_votes
    phase.accepts_comments = accepts_comments
    phase.save()
    changes = field_changes(before, _phase_values(phase))
    if changes:
        activity_record(
            actor=actor, verb="phase.updated", target=phase, process=phase.process, changes=changes
        )
    return phase


@transaction.atomic
def phase_delete(*, actor, phase: Phase) -> None:
    process = phase.process
    activity_record(
        actor=actor,
        verb="phase.deleted",
        target=phase,
        process=process,
        changes=_phase_values(phase),
    )
    phase.delete()


@transaction.atomic
def phase_move(*, actor, phase: Phase, up: bool) -> Phase:
    """Swap the phase with its neighbour above or below (the order shown to participants)."""
    phases = list(phase.process.phases.order_by("position", "starts_on", "pk"))
    index = next(i for i, item in enumerate(phases) if item.pk == phase.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(phases):
        return phase
    phases[index], phases[other] = phases[other], phases[index]
    for position, item in enumerate(phases):
        if item.position != position:
            item.position = position
            item.save(update_fields=["position"])
    phase.refresh_from_db(fields=["position"])
    activity_record(
        actor=actor,
        verb="phase.moved",
        target=phase,
        process=phase.process,
        changes={"position": phase.position},
    )
    return phase


@transaction.atomic
def process_copy(
    *,
    actor,
    source: Process,
    slug: str,
    title: dict[str, str],
    starts_on: dt.date,
) -> Process:
    """A new draft process set up like `source`: its territory, languages, logo and phases
    (shifted by the difference of the start dates), and what later apps registered to copy
    (contribution template, review criteria). No participants' data: the copier is its only
    coordinator and holds its only role."""
    shift = starts_on - source.starts_on
    micro_regions = list(source.micro_regions.all())
    settlements = list(source.settlements.all())
    _check_process(
        slug=slug,
        county=source.county,
        micro_regions=micro_regions,
        settlements=settlements,
        languages=source.languages,
        starts_on=starts_on,
        ends_on=source.ends_on + shift,
    )
    process = Process.objects.create(
        slug=slug,
        title=title,
        description=dict(source.description),
        county=source.county,
        languages=list(source.languages),
        logo=source.logo.name,
        logo_content_type=source.logo_content_type,
        is_published=False,
        starts_on=starts_on,
        ends_on=source.ends_on + shift,
        series_certificate_min_meetings=source.series_certificate_min_meetings,
    )
    process.micro_regions.set(micro_regions)
    process.settlements.set(settlements)
    Phase.objects.bulk_create(
        Phase(
            process=process,
            kind=phase.kind,
            title=dict(phase.title),
            starts_on=phase.starts_on + shift,
            ends_on=phase.ends_on + shift,
            position=phase.position,
            accepts_contributions=phase.accepts_contributions,
            accepts_votes=phase.accepts_votes,
            accepts_comments=phase.accepts_comments,
        )
        for phase in source.phases.all()
    )
    activity_record(
        actor=actor,
        verb="process.copied",
        target=process,
        process=process,
        changes={"source": source.slug, "shift_days": shift.days},
    )
    _grant_coordinator(actor=actor, process=process, user=actor)
    for copy in registered_copiers().values():
        copy(source=source, target=process, actor=actor)
    return process
