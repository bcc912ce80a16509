"""Contributions as an import kind of the core wizard (core.imports): upload, check, commit.

The wizard keeps the file in an ImportBatch and runs the steps; this kind gives it the
process's reference data, validates rows (`validation`) and creates the contributions in the
wizard's one transaction. Rows imported before (same fingerprint) are skipped, not repeated.
The `import_*` functions are the wizard's services with this kind filled in.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from cultiva.accounts.models import Organisation
from cultiva.core.imports import ImportKind, parsing, register
from cultiva.core.imports import services as wizard
from cultiva.core.imports.services import (  # noqa: F401 (the wizard's, used here by name)
    CheckResult,
    batch_columns,
    import_batches_discard_stale,
    import_table,
)
from cultiva.core.models import Locality, Settlement, TaxonomyTerm
from cultiva.ideas import rules
from cultiva.ideas.imports import validation
from cultiva.ideas.models import Contribution, ExtraField, ImportBatch

BULK_BATCH = 500


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

    # A merged duplicate's names still find the organisation it was merged into.
    organisations = [
        {
            "id": organisation.merged_into_id or organisation.pk,
            "names": [
                *[name for name in (organisation.name or {}).values() if name],
                organisation.short_name,
            ],
        }
        for organisation in Organisation.objects.only(
            "id", "name", "short_name", "merged_into"
        ).order_by(F("merged_into").asc(nulls_first=True), "id")
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


class ContributionsKind(ImportKind):
    name = "contributions"
    scope = "process"
    url_namespace = "ideas"
    url_prefix = "import_"
    title = gettext_lazy("Import contributions")
    start_title = gettext_lazy("Import contributions from a spreadsheet")
    start_intro = gettext_lazy(
        "Upload an Excel (XLSX) or CSV file with one contribution per row. You will choose "
        "which column holds which field, and every row is checked before anything is saved."
    )
    template_help = gettext_lazy(
        "The template has the right columns, and a second sheet with the valid cultural "
        "domains and settlements."
    )
    batch_model = ImportBatch

    def permission(self, user, process):
        return rules.can_import(user, process)

    def scope_from_request(self, request, slug=None):
        from cultiva.processes.views import get_visible_process

        return get_visible_process(request, slug)

    def batches(self, process):
        return ImportBatch.objects.filter(process=process)

    def batch_new(self, *, process, **fields):
        return ImportBatch(process=process, **fields)

    def targets(self, *, process):
        return validation.targets(extra_field_dicts(process))

    def mapping_guess(self, *, header, process):
        return validation.mapping_guess(header, extra_field_dicts(process))

    def rows_check(self, *, rows, mapping, formulas, process, actor):
        email_column = mapping.get("author_email")
        emails = (
            [cells[email_column] for _n, cells in rows if email_column < len(cells)]
            if email_column is not None
            else []
        )
        reference = import_reference(process=process, importer=actor, emails=emails)
        return validation.rows_validate(
            rows=rows,
            mapping=mapping,
            reference=reference,
            process_id=process.pk,
            formulas=formulas,
        )

    def rows_commit(self, *, batch, rows, actor, process) -> int:
        return contributions_create_from_rows(batch=batch, rows=rows, actor=actor)

    def commit_label(self, count):
        return ngettext(
            "Import %(counter)s contribution", "Import %(counter)s contributions", count
        ) % {"counter": count}

    def done_text(self, batch):
        return f"{batch.filename}: {self.done_message(batch)}"

    def done_message(self, batch):
        # Two counts, two sentences: each noun agrees with its own number.
        created = ngettext(
            "%(count)d contribution imported.",
            "%(count)d contributions imported.",
            batch.created_count,
        ) % {"count": batch.created_count}
        if not batch.skipped_count:
            return created
        skipped = ngettext(
            "%(count)d row was skipped (imported before, or repeated in the file).",
            "%(count)d rows were skipped (imported before, or repeated in the file).",
            batch.skipped_count,
        ) % {"count": batch.skipped_count}
        return f"{created} {skipped}"

    def done_link(self, process):
        return _("See the contributions"), reverse("ideas:list", args=[process.slug])

    def template_links(self, process):
        return [
            (_("Template (XLSX)"), reverse("ideas:import_template", args=[process.slug, "xlsx"])),
            (_("Template (CSV)"), reverse("ideas:import_template", args=[process.slug, "csv"])),
        ]

    def section(self, process):
        return str(self.title), reverse("ideas:import_start", args=[process.slug])


KIND = register(ContributionsKind())


def contributions_create_from_rows(*, batch: ImportBatch, rows, actor) -> int:
    """Create the checked rows' contributions (inside the wizard's transaction)."""
    process = batch.process
    now = timezone.now()
    contributions = []
    for row in rows:
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
            for contribution, row in zip(created, rows, strict=True)
            for pk in row.values[name]
        ]
        if links:
            through.objects.bulk_create(links, batch_size=BULK_BATCH)
    if created:
        transaction.on_commit(lambda: _enqueue_index(batch.pk))
    return len(created)


def _enqueue_index(batch_id: int) -> None:
    from cultiva.ideas.imports.tasks import import_batch_index

    import_batch_index.enqueue(batch_id)


def import_upload(
    *, process, uploaded_by, filename: str, data: bytes, max_rows: int = parsing.MAX_ROWS
) -> ImportBatch:
    return wizard.import_upload(
        kind=KIND,
        process=process,
        uploaded_by=uploaded_by,
        filename=filename,
        data=data,
        max_rows=max_rows,
    )


def import_mapping_set(*, batch: ImportBatch, actor, mapping: dict[str, int]) -> ImportBatch:
    return wizard.import_mapping_set(kind=KIND, batch=batch, actor=actor, mapping=mapping)


def import_check(*, batch: ImportBatch, actor) -> CheckResult:
    return wizard.import_check(kind=KIND, batch=batch, actor=actor)


def import_commit(*, batch: ImportBatch, actor) -> ImportBatch:
    return wizard.import_commit(kind=KIND, batch=batch, actor=actor)
