"""The portfolio catalogue (PDF, DOCX) and every card's fields (XLSX), for the whole
portfolio or a saved portfolio (`?selection=<id>`), in Hungarian, Romanian or both
(`?lang=hu|ro|both`)."""

from __future__ import annotations

from django.db.models import prefetch_related_objects
from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cultiva.core.activity import activity_record
from cultiva.core.documents import html_to_pdf_cached
from cultiva.core.http import get_or_not_found
from cultiva.core.spreadsheets import download
from cultiva.portfolio import catalogue as catalogue_module
from cultiva.portfolio import selection_permissions as permissions
from cultiva.portfolio.models import Project
from cultiva.portfolio.selection_selectors import (
    process_projects,
    selection_evaluate,
    selection_of,
)
from cultiva.portfolio.selectors import CARD_PARTS, CARD_PRINTED
from cultiva.processes.rules import roles_in
from cultiva.processes.views import get_visible_process

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _choice(request) -> str:
    choice = request.GET.get("lang")
    if choice in catalogue_module.CATALOGUE_LANGUAGES:
        return choice
    active = (translation.get_language() or "hu").split("-")[0]
    return active if active in catalogue_module.CATALOGUE_LANGUAGES else "hu"


def _contents(request, slug: str):
    """The process, the projects the catalogue holds, and the saved portfolio if one."""
    process = get_visible_process(request, slug)
    permissions.can_view_selections(request.user, process).enforce()
    projects = process_projects(process=process)
    selection = None
    wanted = request.GET.get("selection")
    if wanted:
        selection = get_or_not_found(
            selection_of(process=process),
            _("There is no such saved portfolio in this process."),
            # Not a number (or one too long for any id): no such saved portfolio.
            pk=int(wanted) if wanted.isdigit() and len(wanted) < 18 else 0,
        )
        chosen = selection_evaluate(selection=selection, projects=projects).projects
    else:
        chosen = [p for p in projects if p.proposal_status == Project.ProposalStatus.ACCEPTED]
    # Everything the programme card prints, a fixed number of queries for any number of cards.
    prefetch_related_objects(chosen, *CARD_PARTS, *CARD_PRINTED)
    return process, chosen, selection


def _catalogue(process, projects, selection, choice: str):
    def subtitle(language: str) -> str:
        with translation.override(language):
            text = _("Project catalogue")
            if selection is not None:
                text += f" – {selection.name}"
            return text

    languages = catalogue_module.document_languages(choice)
    return catalogue_module.catalogue_build(
        projects,
        choice=choice,
        title=process.title,
        subtitle=" / ".join(dict.fromkeys(subtitle(lang) for lang in languages)),
    )


def _stem(process, selection, choice: str) -> str:
    stem = f"{process.slug}-catalogue"
    if selection is not None:
        stem += f"-{selection.pk}"
    return f"{stem}-{choice}"


def _logged(request, process, selection, fmt: str, choice: str, count: int) -> None:
    """The process's people taking a document out are in its log (who has which version);
    a visitor's download of a published catalogue is a read and leaves no row."""
    if not request.user.is_authenticated or not roles_in(request.user, process):
        return
    activity_record(
        actor=request.user,
        verb="portfolio.catalogue_exported",
        target=selection or process,
        process=process,
        changes={"format": fmt, "language": choice, "projects": count},
    )


def _attachment(data: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@require_GET
def catalogue_pdf(request, slug: str):
    process, projects, selection = _contents(request, slug)
    choice = _choice(request)
    catalogue = _catalogue(process, projects, selection, choice)
    pdf = html_to_pdf_cached(
        catalogue_module.catalogue_html(catalogue), base_url=request.build_absolute_uri("/")
    )
    _logged(request, process, selection, "pdf", choice, len(projects))
    return _attachment(pdf, "application/pdf", f"{_stem(process, selection, choice)}.pdf")


@require_GET
def catalogue_docx(request, slug: str):
    process, projects, selection = _contents(request, slug)
    choice = _choice(request)
    data = catalogue_module.docx_bytes_cached(_catalogue(process, projects, selection, choice))
    _logged(request, process, selection, "docx", choice, len(projects))
    return _attachment(data, DOCX_TYPE, f"{_stem(process, selection, choice)}.docx")


@require_GET
def cards_xlsx(request, slug: str):
    process, projects, selection = _contents(request, slug)
    data = catalogue_module.cards_xlsx_cached(projects)
    _logged(request, process, selection, "xlsx", "", len(projects))
    stem = f"{process.slug}-cards" + (f"-{selection.pk}" if selection else "")
    return download(data, "xlsx", stem)
