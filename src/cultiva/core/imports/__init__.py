"""The spreadsheet import wizard: upload → columns → check (dry run) → import, for any kind.

The wizard is generic: `parsing` reads a CSV or XLSX file (encoding detection, size, zip and
formula checks), `forms` maps the file's columns to fields, `services` keeps the upload, runs
the dry run and commits all rows in one transaction or none, `views` and `urls` are the four
pages. What is imported is an **import kind**, registered by the app that owns the rows:

    from cultiva.core.imports import ImportKind, RowResult, register

    class InvitationKind(ImportKind):
        name = "invitations"             # unique; stored on each upload
        scope = "process"                # "process": URLs under p/<slug>/…; or "platform"
        url_namespace = "processes"      # the app namespace holding the wizard's URL names
        url_prefix = "invitations_import_"   # names: <prefix>start, _columns, _check, _commit
        title = gettext_lazy("Invite people from a spreadsheet")

        def permission(self, user, process):          # a Verdict (process is None: platform)
            return rules.can_manage_roles(user, process)

        def targets(self, *, process):                # [(key, label, required), ...]
            return [("email", _("E-mail"), True), ("role", _("Role"), True)]

        def rows_check(self, *, rows, mapping, formulas, process, actor):
            # rows: [(row number, [cells])]; mapping: {target key: column index}.
            # One RowResult per row: values to save, problems (translated), duplicate=True for
            # rows already imported or repeated in the file (skipped, never an error). Read the
            # reference data once (a fixed number of queries), not per row.
            ...

        def scope_from_request(self, request, slug=None):   # process-scoped kinds only
            return get_visible_process(request, slug)      # 404 when not visible

        def rows_commit(self, *, batch, rows, actor, process):
            # Called inside the wizard's transaction with the rows to create (no problems,
            # not duplicates); write them and return how many were created. Log what you do.
            ...

    register(InvitationKind())

and its URLs in the owning app's urls.py, under the app's namespace:

    urlpatterns += wizard_urlpatterns(
        kind_name="invitations", prefix="p/<slug:slug>/invitations/import/"
    )

(`from cultiva.core.imports.urls import wizard_urlpatterns`). A platform-scoped kind's prefix
has no slug ("organisations/import/"). Optional hooks: `mapping_guess` (default: header
names equal to a target's key or label in any language, or its `aliases`),
`batches(process)` / `batch_model` (where uploads are kept: by default the core
`SpreadsheetImport` model, filtered by kind and process), `commit_label`, `done_text`,
`done_link`, `template_links` and `start_intro` for the pages' texts and links.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cultiva.core.rules import Verdict

STEPS = ("start", "columns", "check", "commit")
LANGUAGES = ("hu", "ro", "en")


@dataclass
class RowResult:
    """One row of the file after the dry run."""

    number: int
    values: dict = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    duplicate: bool = False  # already imported, or repeated in this file: skipped
    # The earlier row of this file that this row repeats (None: not repeated in the file).
    repeated_row: int | None = None
    # What the check understood, for the dry run (a village mapped to its unit).
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


class ImportKind:
    """What one kind of import reads and writes. Subclass, fill in, `register()`."""

    name: str = ""
    scope: str = "process"  # or "platform"
    url_namespace: str = ""
    url_prefix: str = "import_"
    title = gettext_lazy("Import a spreadsheet")
    start_title = None  # the start page's heading (default: title)
    template_help = None  # what the downloadable templates hold
    start_intro = gettext_lazy(
        "Upload an Excel (XLSX) or CSV file with one item per row. You will choose which "
        "column holds which field, and every row is checked before anything is saved."
    )
    # Extra header words per target key (folded: no case, no diacritics).
    aliases: dict[str, tuple[str, ...]] = {}
    batch_model = None  # None: core.SpreadsheetImport

    # --- required ---------------------------------------------------------------------

    def permission(self, user, process) -> Verdict:
        raise NotImplementedError

    def targets(self, *, process) -> list[tuple[str, str, bool]]:
        raise NotImplementedError

    def rows_check(self, *, rows, mapping, formulas, process, actor) -> list[RowResult]:
        raise NotImplementedError

    def rows_commit(self, *, batch, rows: list[RowResult], actor, process) -> int:
        raise NotImplementedError

    # --- optional ---------------------------------------------------------------------

    def scope_from_request(self, request, slug: str | None = None):
        """The process of a process-scoped kind (fetched as visible to the user), else None.

        Process-scoped kinds override this (core does not know processes); typically
        `return get_visible_process(request, slug)` from cultiva.processes.views.
        """
        if self.scope == "process":
            raise NotImplementedError("a process-scoped kind finds its process")
        return None

    def mapping_guess(self, *, header: list[str], process) -> dict[str, int]:
        from cultiva.core.imports.matching import fold

        words: dict[str, set[str]] = {}
        for key, label, _required in self.targets(process=process):
            names = {fold(key), fold(str(label)), *(fold(a) for a in self.aliases.get(key, ()))}
            for language in LANGUAGES:  # a lazy label: its words in every language
                with translation.override(language):
                    names.add(fold(str(label)))
            words[key] = names
        mapping: dict[str, int] = {}
        for column, name in enumerate(header):
            folded = fold(name.rstrip("* "))
            for key, names in words.items():
                if key not in mapping and folded in names:
                    mapping[key] = column
                    break
        return mapping

    def model(self):
        if self.batch_model is not None:
            return self.batch_model
        from cultiva.core.models import SpreadsheetImport

        return SpreadsheetImport

    def batches(self, process):
        """This kind's uploads in the scope (newest first)."""
        model = self.model()
        return model.objects.filter(kind=self.name, process=process)

    def batch_new(self, *, process, **fields):
        model = self.model()
        return model(kind=self.name, process=process, **fields)

    def url(self, step: str, process=None, pk: int | None = None) -> str:
        args = [process.slug] if self.scope == "process" else []
        if pk is not None:
            args.append(pk)
        return reverse(f"{self.url_namespace}:{self.url_prefix}{step}", args=args)

    def commit_label(self, count: int) -> str:
        return ngettext("Import %(count)d row", "Import %(count)d rows", count) % {"count": count}

    def done_text(self, batch) -> str:
        return _(
            "%(name)s: %(created)d rows imported, %(skipped)d rows skipped because they were "
            "already imported."
        ) % {"name": batch.filename, "created": batch.created_count, "skipped": batch.skipped_count}

    def done_message(self, batch) -> str:
        return _(
            "%(created)d rows imported; %(skipped)d rows were skipped (imported before, or "
            "repeated in the file)."
        ) % {"created": batch.created_count, "skipped": batch.skipped_count}

    def done_link(self, process) -> tuple[str, str] | None:
        """(label, url) of where the imported rows are seen."""
        return None

    def template_links(self, process) -> list[tuple[str, str]]:
        """(label, url) of downloadable templates for the start page."""
        return []

    def section(self, process) -> tuple[str, str]:
        """(label, url) of the page the wizard belongs to (breadcrumbs)."""
        return str(self.title), self.url("start", process)


_KINDS: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    if not kind.name or kind.scope not in ("process", "platform"):
        raise ValueError(f"an import kind needs a name and a scope: {kind!r}")
    _KINDS[kind.name] = kind
    return kind


def kind_get(name: str) -> ImportKind:
    return _KINDS[name]


def kinds() -> list[ImportKind]:
    return list(_KINDS.values())
