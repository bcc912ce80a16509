"""The contribution template editor: the extra fields a process's coordinators add."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.core.forms import add_service_errors
from cultiva.ideas import rules, services, template_fields
from cultiva.ideas.forms import ExtraFieldForm
from cultiva.ideas.models import ExtraField
from cultiva.processes.views import get_visible_process


def _managed_process(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_manage_template(request.user, process).enforce()
    return process


@login_required
def template_index(request, slug: str):
    process = _managed_process(request, slug)
    fields = list(ExtraField.objects.filter(process=process).order_by("position", "id"))
    return render(request, "ideas/template/index.html", {"process": process, "fields": fields})


def _field_kwargs(form: ExtraFieldForm) -> dict:
    data = form.cleaned_data
    return {
        "label": data["label"],
        "help_text": data["help_text"],
        "key": data["key"],
        "kind": data["kind"],
        "choices": data["choices"],
        "is_required": data["is_required"],
    }


@login_required
def field_create(request, slug: str):
    process = _managed_process(request, slug)
    form = ExtraFieldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.extra_field_create(process=process, actor=request.user, **_field_kwargs(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The field has been added to the form."))
            return redirect("ideas:template", slug=process.slug)
    return render(
        request, "ideas/template/field_form.html", {"process": process, "form": form, "field": None}
    )


@login_required
def field_edit(request, slug: str, field_pk: int):
    process = _managed_process(request, slug)
    field = get_object_or_404(ExtraField, pk=field_pk, process=process)
    initial = {
        "label": field.label,
        "help_text": field.help_text,
        "key": field.key,
        "kind": field.kind,
        "choices": template_fields.format_choices(field.choices),
        "is_required": field.is_required,
    }
    form = ExtraFieldForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.extra_field_update(field=field, actor=request.user, **_field_kwargs(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The field has been saved."))
            return redirect("ideas:template", slug=process.slug)
    return render(
        request,
        "ideas/template/field_form.html",
        {"process": process, "form": form, "field": field},
    )


@login_required
def field_delete(request, slug: str, field_pk: int):
    process = _managed_process(request, slug)
    field = get_object_or_404(ExtraField, pk=field_pk, process=process)
    if request.method == "POST":
        services.extra_field_delete(field=field, actor=request.user)
        messages.success(request, _("The field has been removed from the form."))
        return redirect("ideas:template", slug=process.slug)
    return render(request, "ideas/template/field_delete.html", {"process": process, "field": field})


@require_POST
@login_required
def field_move(request, slug: str, field_pk: int):
    process = _managed_process(request, slug)
    field = get_object_or_404(ExtraField, pk=field_pk, process=process)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        services.extra_field_move(field=field, actor=request.user, direction=direction)
    return redirect("ideas:template", slug=process.slug)
