"""Spreadsheet import (upload → columns → check → import) and export of contributions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from cultiva.core.i18n import localize
from cultiva.core.models import Settlement, TaxonomyTerm
from cultiva.core.spreadsheets import CONTENT_TYPES, download
from cultiva.ideas import exports, rules
from cultiva.ideas.imports import services, validation
from cultiva.ideas.imports.forms import MappingForm, UploadForm
from cultiva.ideas.imports.parsing import ImportRefused
from cultiva.ideas.models import Contribution, ExtraField, ImportBatch
from cultiva.ideas.selectors import contribution_list, contribution_related_names
from cultiva.processes.rules import can_see_email_addresses
from cultiva.processes.views import get_visible_process

MAX_PROBLEM_ROWS_SHOWN = 500


def _importable_process(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_import(request.user, process).enforce()
    return process


def _batch(process, pk: int) -> ImportBatch:
    try:
        return ImportBatch.objects.get(pk=pk, process=process)
    except ImportBatch.DoesNotExist:
        raise Http404 from None


@login_required
def import_start(request, slug: str):
    process = _importable_process(request, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_upload(
                process=process,
                uploaded_by=request.user,
                filename=upload.name,
                data=upload.read(),
            )
        except ImportRefused as refusal:
            form.add_error("file", refusal.message)
        else:
            return redirect("ideas:import_columns", slug=process.slug, pk=batch.pk)
    recent = ImportBatch.objects.filter(process=process).select_related("uploaded_by")[:10]
    return render(
        request,
        "ideas/imports/start.html",
        {"process": process, "form": form, "recent": recent},
    )


@login_required
def import_columns(request, slug: str, pk: int):
    process = _importable_process(request, slug)
    batch = _batch(process, pk)
    if batch.status != ImportBatch.Status.CHECKED:
        return redirect("ideas:import_check", slug=slug, pk=batch.pk)
    try:
        table = services.import_table(batch=batch)
    except ImportRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("ideas:import_start", slug=slug)
    targets = validation.targets(services.extra_field_dicts(process))
    form = MappingForm(
        request.POST or None,
        header=table.header,
        targets=targets,
        initial_columns=services.batch_columns(batch),
    )
    if request.method == "POST" and form.is_valid():
        services.import_mapping_set(batch=batch, actor=request.user, mapping=form.mapping())
        return redirect("ideas:import_check", slug=slug, pk=batch.pk)
    return render(
        request,
        "ideas/imports/columns.html",
        {
            "process": process,
            "batch": batch,
            "form": form,
            "encoding": table.encoding,
            "preview_header": table.header,
            "preview": table.preview(),
        },
    )


@login_required
def import_check(request, slug: str, pk: int):
    process = _importable_process(request, slug)
    batch = _batch(process, pk)
    if batch.status == ImportBatch.Status.COMMITTED:
        return render(request, "ideas/imports/done.html", {"process": process, "batch": batch})
    try:
        check = services.import_check(batch=batch, actor=request.user)
    except ImportRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("ideas:import_start", slug=slug)
    missing = [
        label
        for key, label, required in validation.targets(services.extra_field_dicts(process))
        if required and key not in check.mapping
    ]
    problem_rows = check.problem_rows
    return render(
        request,
        "ideas/imports/check.html",
        {
            "process": process,
            "batch": batch,
            "check": check,
            "encoding": check.encoding,
            "preview_header": check.header,
            "preview": check.preview,
            "missing": missing,
            "problem_rows": problem_rows[:MAX_PROBLEM_ROWS_SHOWN],
            "hidden_problem_rows": max(0, len(problem_rows) - MAX_PROBLEM_ROWS_SHOWN),
        },
    )


@require_POST
@login_required
def import_commit(request, slug: str, pk: int):
    process = _importable_process(request, slug)
    batch = _batch(process, pk)
    try:
        batch = services.import_commit(batch=batch, actor=request.user)
    except ImportRefused as refusal:
        messages.error(request, refusal.message)
        return redirect("ideas:import_start", slug=slug)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("ideas:import_check", slug=slug, pk=batch.pk)
    messages.success(
        request,
        # Two counts, two sentences: each noun agrees with its own number.
        ngettext(
            "%(count)d contribution imported.",
            "%(count)d contributions imported.",
            batch.created_count,
        )
        % {"count": batch.created_count}
        + (
            " "
            + ngettext(
                "%(count)d row was skipped (imported before, or repeated in the file).",
                "%(count)d rows were skipped (imported before, or repeated in the file).",
                batch.skipped_count,
            )
            % {"count": batch.skipped_count}
            if batch.skipped_count
            else ""
        ),
    )
    return redirect("ideas:import_check", slug=slug, pk=batch.pk)


@login_required
def import_template(request, slug: str, fmt: str):
    process = _importable_process(request, slug)
    if fmt not in CONTENT_TYPES:
        raise Http404
    extra_fields = list(ExtraField.objects.filter(process=process).order_by("position", "id"))
    domains = [
        localize(term.name) or term.slug
        for term in TaxonomyTerm.objects.filter(vocabulary="domain").order_by("position", "slug")
    ]
    settlements = list(
        Settlement.objects.filter(county_id=process.county_id)
        .order_by("name_ro")
        .values_list("name_hu", "name_ro", "siruta")
    )
    data = exports.template_bytes(
        fmt, extra_fields=extra_fields, domains=domains, settlements=settlements
    )
    return download(data, fmt, f"{process.slug}-{slugify(_('import template'))}")


@login_required
def contribution_export(request, slug: str, fmt: str):
    process = get_visible_process(request, slug)
    rules.can_export(request.user, process).enforce()
    if fmt not in CONTENT_TYPES:
        raise Http404
    kind = request.GET.get("kind") or None
    if kind not in Contribution.Kind.values:
        kind = None
    contributions = contribution_list(
        user=request.user,
        process=process,
        kind=kind,
        domain=request.GET.get("domain") or None,
        query=(request.GET.get("q") or "").strip()[:100] or None,
    ).prefetch_related(None)  # the related names are read apart, as plain values
    extra_fields = list(ExtraField.objects.filter(process=process).order_by("position", "id"))
    names = _extra_names(extra_fields)
    with_email = can_see_email_addresses(request.user, process)
    header = exports.contribution_header(extra_fields, with_email=with_email)
    rows = exports.contribution_rows(
        contributions,
        extra_fields,
        with_email=with_email,
        names=names,
        related=contribution_related_names(contributions),
    )
    data = exports.export_bytes(fmt, title=_("Contributions"), header=header, rows=rows)
    stamp = timezone.localdate().isoformat()
    return download(data, fmt, f"{process.slug}-{slugify(_('contributions'))}-{stamp}")


def _extra_names(extra_fields) -> dict:
    """(kind, id) → name for settlement and domain extra fields: two queries at most."""
    names: dict = {}
    if any(f.kind == ExtraField.Kind.SETTLEMENT for f in extra_fields):
        for settlement in Settlement.objects.only("id", "name_hu", "name_ro"):
            names[(ExtraField.Kind.SETTLEMENT, settlement.pk)] = settlement.name
    if any(f.kind == ExtraField.Kind.DOMAIN for f in extra_fields):
        for term in TaxonomyTerm.objects.filter(vocabulary="domain"):
            names[(ExtraField.Kind.DOMAIN, term.pk)] = localize(term.name) or term.slug
    return names
