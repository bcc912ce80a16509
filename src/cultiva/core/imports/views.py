"""The wizard's four pages, for any import kind (the URL pattern passes `kind_name`)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from cultiva.core.imports import kind_get, services
from cultiva.core.imports.forms import MappingForm, UploadForm
from cultiva.core.imports.parsing import ImportRefused

MAX_PROBLEM_ROWS_SHOWN = 500


def _scope(request, kind_name: str, slug: str | None):
    kind = kind_get(kind_name)
    process = kind.scope_from_request(request, slug)
    kind.permission(request.user, process).enforce()
    return kind, process


def _batch(kind, process, pk: int):
    try:
        return kind.batches(process).get(pk=pk)
    except kind.model().DoesNotExist:
        raise Http404 from None


def _context(kind, process, **extra) -> dict:
    section_label, section_url = kind.section(process)
    return {
        "kind": kind,
        "process": process,
        "section_label": section_label,
        "section_url": section_url,
        "start_url": kind.url("start", process),
        **extra,
    }


@login_required
def import_start(request, kind_name: str, slug: str | None = None):
    kind, process = _scope(request, kind_name, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.import_upload(
                kind=kind,
                process=process,
                uploaded_by=request.user,
                filename=upload.name,
                data=upload.read(),
            )
        except ImportRefused as refusal:
            form.add_error("file", refusal.message)
        else:
            return redirect(kind.url("columns", process, batch.pk))
    recent = [
        (batch, kind.url("check", process, batch.pk))
        for batch in kind.batches(process).select_related("uploaded_by")[:10]
    ]
    return render(
        request,
        "core/imports/start.html",
        _context(
            kind,
            process,
            form=form,
            recent=recent,
            template_links=kind.template_links(process),
        ),
    )


@login_required
def import_columns(request, kind_name: str, pk: int, slug: str | None = None):
    kind, process = _scope(request, kind_name, slug)
    batch = _batch(kind, process, pk)
    if batch.status != batch.Status.CHECKED:
        return redirect(kind.url("check", process, batch.pk))
    try:
        table = services.import_table(batch=batch)
    except ImportRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(kind.url("start", process))
    form = MappingForm(
        request.POST or None,
        header=table.header,
        targets=[(k, str(label), req) for k, label, req in kind.targets(process=process)],
        initial_columns=services.batch_columns(batch),
    )
    if request.method == "POST" and form.is_valid():
        services.import_mapping_set(
            kind=kind, batch=batch, actor=request.user, mapping=form.mapping()
        )
        return redirect(kind.url("check", process, batch.pk))
    return render(
        request,
        "core/imports/columns.html",
        _context(
            kind,
            process,
            batch=batch,
            form=form,
            encoding=table.encoding,
            preview_header=table.header,
            preview=table.preview(),
        ),
    )


@login_required
def import_check(request, kind_name: str, pk: int, slug: str | None = None):
    kind, process = _scope(request, kind_name, slug)
    batch = _batch(kind, process, pk)
    if batch.status == batch.Status.COMMITTED:
        return render(
            request,
            "core/imports/done.html",
            _context(
                kind,
                process,
                batch=batch,
                done_text=kind.done_text(batch),
                done_link=kind.done_link(process),
            ),
        )
    try:
        check = services.import_check(kind=kind, batch=batch, actor=request.user)
    except ImportRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(kind.url("start", process))
    missing = [
        str(label)
        for key, label, required in kind.targets(process=process)
        if required and key not in check.mapping
    ]
    problem_rows = check.problem_rows
    return render(
        request,
        "core/imports/check.html",
        _context(
            kind,
            process,
            batch=batch,
            check=check,
            encoding=check.encoding,
            preview_header=check.header,
            preview=check.preview,
            missing=missing,
            commit_label=kind.commit_label(check.ok_count),
            commit_url=kind.url("commit", process, batch.pk),
            columns_url=kind.url("columns", process, batch.pk),
            problem_rows=problem_rows[:MAX_PROBLEM_ROWS_SHOWN],
            hidden_problem_rows=max(0, len(problem_rows) - MAX_PROBLEM_ROWS_SHOWN),
        ),
    )


@require_POST
@login_required
def import_commit(request, kind_name: str, pk: int, slug: str | None = None):
    kind, process = _scope(request, kind_name, slug)
    batch = _batch(kind, process, pk)
    try:
        batch = services.import_commit(kind=kind, batch=batch, actor=request.user)
    except ImportRefused as refusal:
        messages.error(request, refusal.message)
        return redirect(kind.url("start", process))
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect(kind.url("check", process, batch.pk))
    messages.success(request, kind.done_message(batch))
    return redirect(kind.url("check", process, batch.pk))
