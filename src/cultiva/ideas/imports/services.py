"""Spreadsheet import: upload (refused files leave nothing behind), check, commit.

A file goes through three steps: `import_upload` reads it and keeps it in an ImportBatch
with a guessed column mapping; `import_check` (read only) validates every row against the
process's reference data; `import_commit` writes all rows in one transaction, or none when
any row has a problem. Rows imported before (same fingerprint) are skipped, not repeated.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from cultiva.accounts.models import Organisation
from cultiva.core.activity import activity_record
from cultiva.core.models import Locality, Settlement, TaxonomyTerm
from cultiva.ideas import rules
from cultiva.ideas.imports import parsing, validation
from cultiva.ideas.models import Contribution, ExtraField, ImportBatch

BULK_BATCH = 500


@dataclass
class CheckResult:
    batch: ImportBatch
    header: list[str]
    mapping: dict[str, int]
    results: list[validation.RowResult] = field(default_factory=list)
    # How the file was read, shown so that a wrong guess is seen before the commit.
    encoding: str = ""
    preview: list[list[str]] = field(default_factory=list)

    @property
    def problem_rows(self) -> list[validation.RowResult]:
        return [row for row in self.results if row.problems]

    @property
    def ok_count(self) -> int:
        return sum(1 for row in self.results if row.ok and not row.duplicate)

    @property
    def duplicate_count(self) -> int:
        return sum(1 for row in self.results if row.duplicate)

    @property
    def repeated_rows(self) -> list[validation.RowResult]:
        """Rows repeating an earlier row of this file (skipped)."""
        return [row for row in self.results if row.repeated_row is not None]

    @property
    def already_imported_count(self) -> int:
        return sum(1 for row in self.results if row.duplicate and row.repeated_row is None)

    @property
    def problem_count(self) -> int:
        return len(self.problem_rows)

    @property
    def village_notes(self) -> list[tuple[str, int]]:
        """Village names mapped to their administrative unit, with how many rows each."""
        counts: dict[str, int] = {}
        for row in self.results:
            for note in row.notes:
                counts[note] = counts.get(note, 0) + 1
        return list(counts.items())

    @property
    def can_commit(self) -> bool:
        return bool(self.results) and not self.problem_count


def extra_field_dicts(process) -> list[dict]:
    from cultiva.ideas.template_fields import choice_value

    fields = []
    for extra in ExtraField.objects.filter(process=process).order_by("position", "id"):
        choices = []
        for choice in extra.choices or []:
            names = [v for v in choice.values() if v] if isinstance(choice, dict) else [choice]
            stored = choice_value(choice)
            if stored:
                choices.append((stored, names))
        fields.append(
            {
                "key": extra.key,
                "label": extra.label,
                "kind": extra.kind,
                "choices": choices,
                "required": extra.is_required,
            }
        )
    return fields


def import_reference(*, process, importer, emails=()) -> validation.Reference:
    """The process's reference data as plain values (a fixed number of queries)."""
    from cultiva.meetings.models import Meeting

    organisations = [
        {
            "id": organisation.pk,
            "names": [
                *[name for name in (organisation.name or {}).values() if name],
                organisation.short_name,
            ],
        }
        for organisation in Organisation.objects.only("id", "name", "short_name")
    ]
    lowered = {email.strip().lower() for email in emails if email and "@" in email}
    users = {}
    if lowered:
        users = dict(
            get_user_model()
            .objects.annotate(lower_email=Lower("email"))
            .filter(lower_email__in=lowered)
            .values_list("lower_email", "id")
        )
    terms = TaxonomyTerm.objects.filter(vocabulary__in=("domain", "target_group")).values(
        "id", "slug", "name", "vocabulary"
    )
    return validation.Reference(
        settlements=list(
            Settlement.objects.filter(county_id=process.county_id).values(
                "id", "siruta", "name_hu", "name_ro"
            )
        ),
        localities=list(
            Locality.objects.filter(settlement__county_id=process.county_id).values(
                "id", "settlement_id", "siruta", "name_hu", "name_ro"
            )
        ),
        domains=[term for term in terms if term["vocabulary"] == "domain"],
        target_groups=[term for term in terms if term["vocabulary"] == "target_group"],
        organisations=organisations,
        users=users,
        meetings=[
            {"id": m["id"], "titles": [t for t in (m["title"] or {}).values() if t]}
            for m in Meeting.objects.filter(process=process).values("id", "title")
        ],
        extra_fields=extra_field_dicts(process),
        default_author=importer.pk,
        default_language=(get_language() or "hu")[:2],
        existing_keys=set(
            Contribution.objects.filter(process=process)
            .exclude(import_key="")
            .values_list("import_key", flat=True)
        ),
    )


def _read(batch: ImportBatch, max_rows: int) -> parsing.Table:
    # The upload is gone once imported, or when the daily clean-up removed an old one.
    try:
        if not batch.file:
            raise FileNotFoundError(batch.filename)
        with batch.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError:
        raise parsing.ImportRefused(
            _("The uploaded file is no longer kept; upload it again to import it.")
        ) from None
    return parsing.read_table(data, batch.filename, max_rows=max_rows)


@transaction.atomic
def import_upload(
    *, process, uploaded_by, filename: str, data: bytes, max_rows: int = parsing.MAX_ROWS
) -> ImportBatch:
    """Read the file and keep it for the mapping and check steps.

    Raises parsing.ImportRefused (nothing stored) when the file cannot be imported.
    """
    rules.can_import(uploaded_by, process).enforce()
    table = parsing.read_table(data, filename, max_rows=max_rows)
    extra_fields = extra_field_dicts(process)
    mapping = validation.mapping_guess(table.header, extra_fields)
    batch = ImportBatch(
        process=process,
        uploaded_by=uploaded_by,
        filename=(filename or "import")[:255],
        file_hash=hashlib.sha256(data).hexdigest(),
        mapping={"columns": mapping, "max_rows": max_rows},
        row_count=len(table.rows),
    )
    # A random stored name: the file holds people's data and must not be guessable.
    suffix = ".xlsx" if table.format == "xlsx" else ".csv"
    batch.file.save(secrets.token_hex(16) + suffix, ContentFile(data), save=False)
    batch.save()
    activity_record(
        actor=uploaded_by,
        verb="import.uploaded",
        target=batch,
        process=process,
        changes={"rows": batch.row_count, "file_hash": batch.file_hash},
    )
    return batch


def _enqueue_index(batch_id: int) -> None:
    from cultiva.ideas.imports.tasks import import_batch_index

    import_batch_index.enqueue(batch_id)


def batch_columns(batch: ImportBatch) -> dict[str, int]:
    columns = (batch.mapping or {}).get("columns") or {}
    return {str(key): int(value) for key, value in columns.items()}


@transaction.atomic
def import_mapping_set(*, batch: ImportBatch, actor, mapping: dict[str, int]) -> ImportBatch:
    """Remember which column feeds which field (part of the dry run; logged at commit)."""
    rules.can_import(actor, batch.process).enforce()
    if batch.status != ImportBatch.Status.CHECKED:
        raise ValidationError(_("This import is already finished."))
    batch.mapping = {**(batch.mapping or {}), "columns": mapping}
    batch.save(update_fields=["mapping"])
    return batch


def import_check(*, batch: ImportBatch, actor) -> CheckResult:
    """The dry run: every row validated, nothing written."""
    rules.can_import(actor, batch.process).enforce()
    table = _read(batch, (batch.mapping or {}).get("max_rows") or parsing.MAX_ROWS)
    mapping = batch_columns(batch)
    email_column = mapping.get("author_email")
    emails = (
        [cells[email_column] for _n, cells in table.rows if email_column < len(cells)]
        if email_column is not None
        else []
    )
    reference = import_reference(process=batch.process, importer=actor, emails=emails)
    results = validation.rows_validate(
        rows=table.rows,
        mapping=mapping,
        reference=reference,
        process_id=batch.process_id,
        formulas=table.formulas,
    )
    return CheckResult(
        batch=batch,
        header=table.header,
        mapping=mapping,
        results=results,
        encoding=table.encoding,
        preview=table.preview(),
    )


@transaction.atomic
def import_commit(*, batch: ImportBatch, actor) -> ImportBatch:
    """Create every row's contribution, or nothing when any row has a problem."""
    batch = ImportBatch.objects.select_for_update().select_related("process").get(pk=batch.pk)
    process = batch.process
    rules.can_import(actor, process).enforce()
    if batch.status != ImportBatch.Status.CHECKED:
        raise ValidationError(_("This import is already finished."))
    check = import_check(batch=batch, actor=actor)
    if check.problem_count:
        raise ValidationError(
            ngettext(
                "%(count)d row has problems; nothing was imported. Correct it and try again.",
                "%(count)d rows have problems; nothing was imported. Correct them and try again.",
                check.problem_count,
            )
            % {"count": check.problem_count}
        )
    now = timezone.now()
    fresh = [row for row in check.results if not row.duplicate]
    contributions = []
    for row in fresh:
        values = row.values
        contribution = Contribution(
            process=process,
            meeting_id=values["meeting"],
            kind=values["kind"],
            title=values["title"],
            body=values["body"],
            language=values["language"],
            author_id=values["author"],
            organisation_id=values["organisation"],
            partners=values["partners"],
            resources_needed=values["resources_needed"],
            resources_amount_min=values["amount_min"],
            resources_amount_max=values["amount_max"],
            time_horizon=values["time_horizon"],
            source=Contribution.Source.IMPORT,
            status=Contribution.Status.SUBMITTED,
            extra=values["extra"],
            entered_by=actor,
            import_batch=batch,
            import_row=row.number,
            import_key=values["import_key"],
            submitted_at=now,
        )
        contributions.append(contribution)
    created = Contribution.objects.bulk_create(contributions, batch_size=BULK_BATCH)
    if created and created[0].pk is None:  # a database that returns no ids
        by_key = dict(
            Contribution.objects.filter(import_batch=batch).values_list("import_key", "id")
        )
        for contribution in created:
            contribution.pk = contribution.id = by_key[contribution.import_key]
    for name in ("domains", "settlements", "target_groups"):
        relation = Contribution._meta.get_field(name)
        through = relation.remote_field.through
        source, target = (
            f"{relation.m2m_field_name()}_id",
            f"{relation.m2m_reverse_field_name()}_id",
        )
        links = [
            through(**{source: contribution.pk, target: pk})
            for contribution, row in zip(created, fresh, strict=True)
            for pk in row.values[name]
        ]
        if links:
            through.objects.bulk_create(links, batch_size=BULK_BATCH)
    batch.status = ImportBatch.Status.COMMITTED
    batch.committed_at = now
    batch.created_count = len(created)
    batch.skipped_count = check.duplicate_count
    batch.row_count = len(check.results)
    batch.save(
        update_fields=["status", "committed_at", "created_count", "skipped_count", "row_count"]
    )
    activity_record(
        actor=actor,
        verb="import.committed",
        target=batch,
        process=process,
        changes={
            "created": batch.created_count,
            "skipped": batch.skipped_count,
            "rows": batch.row_count,
            "mapping": check.mapping,
        },
    )
    stored = batch.file
    if stored:
        transaction.on_commit(lambda: stored.delete(save=False))
    if created:
        transaction.on_commit(lambda: _enqueue_index(batch.pk))
    return batch


def import_table(*, batch: ImportBatch) -> parsing.Table:
    """The kept file, read (for the column mapping step: its header, encoding and preview)."""
    return _read(batch, (batch.mapping or {}).get("max_rows") or parsing.MAX_ROWS)


def import_batches_discard_stale(*, older_than: dt.timedelta, actor=None) -> int:
    """Delete uploads that were never imported, with their files; return how many.

    An upload keeps the spreadsheet (people's names and e-mails) for the mapping and check
    steps; one nobody committed should not stay on disk. Each deletion is logged.
    """
    cutoff = timezone.now() - older_than
    stale = ImportBatch.objects.filter(created_at__lt=cutoff).exclude(
        status=ImportBatch.Status.COMMITTED
    )
    count = 0
    for batch in stale.select_related("process"):
        with transaction.atomic():
            activity_record(
                actor=actor,
                verb="import.discarded",
                target=batch,
                process=batch.process,
                changes={"status": [batch.status, None], "age_days": older_than.days},
            )
            stored = batch.file
            batch.delete()
            if stored:
                transaction.on_commit(lambda stored=stored: stored.delete(save=False))
        count += 1
    return count
