"""The wizard's writes and its dry run, for any import kind.

A file goes through three steps: `import_upload` reads it and keeps it (with a guessed column
mapping); `import_check` (read only) asks the kind to validate every row; `import_commit`
hands the rows to the kind in one transaction, or refuses when any row has a problem. Rows
the kind marks as duplicates (imported before, repeated in the file) are skipped.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cultiva.core.activity import activity_record
from cultiva.core.imports import ImportKind, RowResult, kinds, parsing


@dataclass
class CheckResult:
    batch: object
    header: list[str]
    mapping: dict[str, int]
    results: list[RowResult] = field(default_factory=list)
    # How the file was read, shown so that a wrong guess is seen before the commit.
    encoding: str = ""
    preview: list[list[str]] = field(default_factory=list)

    @property
    def problem_rows(self) -> list[RowResult]:
        return [row for row in self.results if row.problems]

    @property
    def ok_count(self) -> int:
        return sum(1 for row in self.results if row.ok and not row.duplicate)

    @property
    def duplicate_count(self) -> int:
        return sum(1 for row in self.results if row.duplicate)

    @property
    def repeated_rows(self) -> list[RowResult]:
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


def _process(batch):
    return getattr(batch, "process", None)


def _read(batch, max_rows: int) -> parsing.Table:
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


def batch_columns(batch) -> dict[str, int]:
    columns = (batch.mapping or {}).get("columns") or {}
    return {str(key): int(value) for key, value in columns.items()}


def import_table(*, batch) -> parsing.Table:
    """The kept file, read (for the column mapping step: its header, encoding and preview)."""
    return _read(batch, (batch.mapping or {}).get("max_rows") or parsing.MAX_ROWS)


@transaction.atomic
def import_upload(
    *,
    kind: ImportKind,
    process,
    uploaded_by,
    filename: str,
    data: bytes,
    max_rows: int = parsing.MAX_ROWS,
):
    """Read the file and keep it for the mapping and check steps.

    Raises parsing.ImportRefused (nothing stored) when the file cannot be imported.
    """
    kind.permission(uploaded_by, process).enforce()
    table = parsing.read_table(data, filename, max_rows=max_rows)
    mapping = kind.mapping_guess(header=table.header, process=process)
    batch = kind.batch_new(
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
        changes={"kind": kind.name, "rows": batch.row_count, "file_hash": batch.file_hash},
    )
    return batch


@transaction.atomic
def import_mapping_set(*, kind: ImportKind, batch, actor, mapping: dict[str, int]):
    """Remember which column feeds which field (part of the dry run; logged at commit)."""
    kind.permission(actor, _process(batch)).enforce()
    if batch.status != batch.Status.CHECKED:
        raise ValidationError(_("This import is already finished."))
    batch.mapping = {**(batch.mapping or {}), "columns": mapping}
    batch.save(update_fields=["mapping"])
    return batch


def import_check(*, kind: ImportKind, batch, actor) -> CheckResult:
    """The dry run: every row validated, nothing written."""
    process = _process(batch)
    kind.permission(actor, process).enforce()
    table = import_table(batch=batch)
    mapping = batch_columns(batch)
    results = kind.rows_check(
        rows=table.rows, mapping=mapping, formulas=table.formulas, process=process, actor=actor
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
def import_commit(*, kind: ImportKind, batch, actor):
    """Write every row through the kind, or nothing when any row has a problem."""
    model = type(batch)
    batch = model.objects.select_for_update().get(pk=batch.pk)
    process = _process(batch)
    kind.permission(actor, process).enforce()
    if batch.status != model.Status.CHECKED:
        raise ValidationError(_("This import is already finished."))
    check = import_check(kind=kind, batch=batch, actor=actor)
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
    created = kind.rows_commit(batch=batch, rows=fresh, actor=actor, process=process)
    batch.status = model.Status.COMMITTED
    batch.committed_at = now
    batch.created_count = created
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
            "kind": kind.name,
            "created": batch.created_count,
            "skipped": batch.skipped_count,
            "rows": batch.row_count,
            "mapping": check.mapping,
        },
    )
    stored = batch.file
    if stored:
        transaction.on_commit(lambda: stored.delete(save=False))
    return batch


def import_batches_discard_stale(*, older_than: dt.timedelta, actor=None) -> int:
    """Delete uploads that were never imported, with their files; return how many.

    An upload keeps the spreadsheet (people's names and e-mails) for the mapping and check
    steps; one nobody committed should not stay on disk. Each deletion is logged.
    """
    from cultiva.core.models import SpreadsheetImport

    cutoff = timezone.now() - older_than
    models = {SpreadsheetImport, *(kind.model() for kind in kinds())}
    count = 0
    for model in sorted(models, key=lambda m: m._meta.label):
        stale = model.objects.filter(created_at__lt=cutoff).exclude(status=model.Status.COMMITTED)
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
