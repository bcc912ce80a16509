"""The knowledge library of a process, and adding, downloading and removing materials."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from cultiva.core.http import stored_file_response
from cultiva.core.redirects import local_url
from cultiva.core.views import paginate
from cultiva.meetings import rules
from cultiva.meetings.forms.materials import MaterialForm
from cultiva.meetings.models import Material
from cultiva.meetings.selectors.library import (
    library_filter_choices,
    material_detail,
    material_list,
)
from cultiva.meetings.services.materials import material_create, material_delete
from cultiva.meetings.views.common import meeting_in_process
from cultiva.processes.views import get_visible_process

KINDS = (("file", gettext_lazy("file")), ("link", gettext_lazy("link")))


def _int_or_none(value) -> int | None:
    try:
        return int(value) if value else None
    except (TypeError, ValueError):
        return None


def library(request, slug: str):
    process = get_visible_process(request, slug)
    get = request.GET
    language = get.get("language") if get.get("language") in dict(settings.LANGUAGES) else None
    kind = get.get("kind") if get.get("kind") in ("file", "link") else None
    query = (get.get("q") or "").strip()[:100]
    materials = material_list(
        user=request.user,
        process=process,
        query=query or None,
        topic=(get.get("topic") or "").strip()[:60] or None,
        speaker=_int_or_none(get.get("speaker")),
        meeting=_int_or_none(get.get("meeting")),
        language=language,
        kind=kind,
    )
    page = paginate(request, materials)
    for material in page.object_list:
        material.can_delete = bool(rules.can_delete_material(request.user, material))
    filters = {key: value for key, value in get.items() if value and key != "page"}
    return render(
        request,
        "meetings/library/list.html",
        {
            "process": process,
            "page": page,
            "filters": filters,
            "languages": settings.LANGUAGES,
            "kinds": KINDS,
            **library_filter_choices(user=request.user, process=process),
        },
    )


@login_required
def material_add(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    meeting = meeting_in_process(request, process, pk)
    rules.can_add_material(request.user, meeting).enforce()
    form = MaterialForm(
        request.POST or None,
        request.FILES or None,
        meeting=meeting,
        user=request.user,
        language=(get_language() or settings.LANGUAGE_CODE)[:2],
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            material_create(
                actor=request.user,
                meeting=meeting,
                title=data["title"],
                description=data["description"],
                language=data["language"],
                licence=data["licence"],
                visibility=data["visibility"],
                topics=data["topics"],
                speaker=data["speaker"],
                file=data["file"],
                url=data["url"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The material has been added."))
            return redirect("meetings:detail", slug=process.slug, pk=meeting.pk)
    return render(
        request,
        "meetings/library/form.html",
        {"process": process, "meeting": meeting, "form": form},
    )


def _get_material(request, process, pk: int) -> Material:
    try:
        material = material_detail(pk=pk)
    except Material.DoesNotExist:
        raise Http404 from None
    if material.process_id != process.pk:
        raise Http404
    return material


def material_download(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    material = _get_material(request, process, pk)
    rules.can_view_material(request.user, material).enforce()
    if not material.file:
        return redirect(material.url)
    response = stored_file_response(
        material.file, title=material.title, fallback="material", content_type=material.content_type
    )
    if material.visibility != Material.Visibility.PUBLIC:
        response["Cache-Control"] = "private, no-store"
    return response


@login_required
def material_remove(request, slug: str, pk: int):
    """GET asks for confirmation; POST removes the material and its file."""
    process = get_visible_process(request, slug)
    material = _get_material(request, process, pk)
    if not rules.can_view_material(request.user, material):
        raise Http404
    rules.can_delete_material(request.user, material).enforce()
    next_url = local_url(request, request.POST.get("next") or request.GET.get("next")) or ""
    if request.method != "POST":
        return render(
            request,
            "meetings/library/delete.html",
            {"process": process, "material": material, "next": next_url},
        )
    meeting_id = material.meeting_id
    material_delete(actor=request.user, material=material)
    messages.success(request, _("The material has been removed."))
    if next_url:
        return redirect(next_url)
    if meeting_id:
        return redirect("meetings:detail", slug=process.slug, pk=meeting_id)
    return redirect("meetings:library", slug=process.slug)
