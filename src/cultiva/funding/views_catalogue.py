"""The funding catalogue's pages: the calls list for everyone who sees the process, and the
coordinators' pages to add and edit funders, programmes, calls and exchange rates."""

from __future__ import annotations

from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.core.forms import add_service_errors, error_text
from cultiva.core.http import get_or_not_found
from cultiva.funding import catalogue_selectors as selectors
from cultiva.funding import catalogue_services as services
from cultiva.funding import forms_catalogue as forms
from cultiva.funding import rules
from cultiva.funding.catalogue_load import catalogue_load
from cultiva.funding.models import Call, ExchangeRate, Funder, Programme
from cultiva.processes.views import get_visible_process


def call_detail_path(process, call) -> str:
    return reverse("funding:call_detail", kwargs={"slug": process.slug, "call_pk": call.pk})


def index(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_view_catalogue(request.user, process).enforce()
    terms = selectors.domain_terms()
    form = forms.CatalogueFilterForm(request.GET or None, process=process, domain_terms=terms)
    filters = {}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = {
            "status": data.get("status") or "",
            "funder_id": data["funder"].pk if data.get("funder") else None,
            "domain_slug": data.get("domain") or "",
            "amount_ron": data.get("amount"),
        }
    rows = selectors.catalogue_rows(process, **filters)
    for row in rows:
        row.url = call_detail_path(process, row.call)
    return render(
        request,
        "funding/catalogue_index.html",
        {
            "process": process,
            "form": form,
            "rows": rows,
            "can_manage": rules.can_manage_catalogue(request.user, process),
        },
    )


def _manager(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_manage_catalogue(request.user, process).enforce()
    return process


@login_required
def manage(request, slug: str):
    process = _manager(request, slug)
    return render(
        request,
        "funding/catalogue_manage.html",
        {
            "process": process,
            "funders": selectors.catalogue_funders(process),
            "calls": selectors.catalogue_rows(process),
        },
    )


@require_POST
@login_required
def catalogue_load_starting(request, slug: str):
    """Load (or bring up to date) the starting catalogue shipped with Cultiva: the same as
    `manage.py load_funding`, from the coordinators' page. Safe to repeat."""
    process = _manager(request, slug)
    counts = catalogue_load(process=process, actor=request.user)
    messages.success(
        request,
        _(
            "The starting catalogue is loaded. Calls added: %(created)s; updated: "
            "%(updated)s; unchanged: %(unchanged)s."
        )
        % {
            "created": counts["calls_created"],
            "updated": counts["calls_updated"],
            "unchanged": counts["calls_unchanged"],
        },
    )
    return redirect("funding:catalogue_manage", slug=process.slug)


def _funder(process, pk: int) -> Funder:
    return get_or_not_found(
        Funder.objects.filter(process=process), _("There is no such funder in this process."), pk=pk
    )


def _domain_initial(funder) -> list[dict]:
    if funder is None:
        return []
    return [
        {"id": d.pk, "label": d.label, "terms": [t.pk for t in d.terms.all()]}
        for d in funder.domains.prefetch_related("terms")
    ]


def _funder_form(request, process, funder=None):
    initial = {}
    if funder is not None:
        initial = {k: getattr(funder, k) for k in services.FUNDER_FIELDS}
    form = forms.FunderForm(request.POST or None, initial=initial)
    formset = forms.FunderDomainFormSet(
        request.POST or None, initial=_domain_initial(funder), prefix="domains"
    )
    formset.label = _("The funder's domains and Cultiva's domains")
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        rows = [
            {
                "id": row.cleaned_data.get("id"),
                "label": row.cleaned_data.get("label") or {},
                "terms": [t.pk for t in row.cleaned_data.get("terms") or []],
            }
            for row in formset
            if row.cleaned_data and not row.cleaned_data.get("DELETE")
        ]
        try:
            funder = services.funder_save(
                actor=request.user,
                process=process,
                fields=form.cleaned_data,
                domains=rows,
                funder=funder,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The funder is saved."))
            return redirect("funding:catalogue_manage", slug=process.slug)
    return render(
        request,
        "funding/catalogue_form.html",
        {
            "process": process,
            "form": form,
            "formsets": [("domains", formset)],
            "title": _("Edit the funder") if funder else _("Add a funder"),
        },
    )


@login_required
def funder_create(request, slug: str):
    return _funder_form(request, _manager(request, slug))


@login_required
def funder_edit(request, slug: str, funder_pk: int):
    process = _manager(request, slug)
    return _funder_form(request, process, _funder(process, funder_pk))


def _programme_form(request, process, programme=None):
    initial = {}
    if programme is not None:
        initial = {k: getattr(programme, k) for k in services.PROGRAMME_FIELDS}
        initial["funder"] = programme.funder_id
    elif (request.GET.get("funder") or "").isdigit():
        initial["funder"] = int(request.GET["funder"][:18])
    form = forms.ProgrammeForm(request.POST or None, initial=initial, process=process)
    if request.method == "POST" and form.is_valid():
        try:
            services.programme_save(
                actor=request.user,
                process=process,
                funder=form.cleaned_data["funder"],
                fields=form.cleaned_data,
                programme=programme,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The programme is saved."))
            return redirect("funding:catalogue_manage", slug=process.slug)
    return render(
        request,
        "funding/catalogue_form.html",
        {
            "process": process,
            "form": form,
            "formsets": [],
            "title": _("Edit the programme") if programme else _("Add a programme"),
        },
    )


@login_required
def programme_create(request, slug: str):
    return _programme_form(request, _manager(request, slug))


@login_required
def programme_edit(request, slug: str, programme_pk: int):
    process = _manager(request, slug)
    programme = get_or_not_found(
        Programme.objects.filter(funder__process=process).select_related("funder"),
        _("There is no such programme in this process."),
        pk=programme_pk,
    )
    return _programme_form(request, process, programme)


def _call_initial(call):
    if call is None:
        return {}, [], [], []
    initial = {k: getattr(call, k) for k in services.CALL_FIELDS}
    initial["programme"] = call.programme_id
    initial["sectors"] = [t.pk for t in call.sectors.all()]
    initial["domains"] = [d.pk for d in call.domains.all()]
    areas = [
        {
            "basis": a.basis,
            "country": a.country,
            "county": a.county_id,
            "settlement": a.settlement_id,
        }
        for a in call.areas.all()
    ]
    deadlines = [{"stage": d.stage, "due_at": d.due_at} for d in call.deadlines.all()]
    documents = [{"id": d.pk, "name": d.name, "required": d.required} for d in call.documents.all()]
    return initial, areas, deadlines, documents


def _call_form(request, process, call=None):
    initial, areas, deadlines, documents = _call_initial(call)
    if call is None and (request.GET.get("programme") or "").isdigit():
        initial["programme"] = int(request.GET["programme"][:18])
    data = request.POST or None
    form = forms.CallForm(data, initial=initial, process=process)
    formsets = [
        ("areas", forms.AreaFormSet(data, initial=areas, prefix="areas")),
        ("deadlines", forms.DeadlineFormSet(data, initial=deadlines, prefix="deadlines")),
        ("documents", forms.DocumentFormSet(data, initial=documents, prefix="documents")),
    ]
    labels = {
        "areas": _("Where: registered in or activity in (country, county or settlement)"),
        "deadlines": _("Deadlines (one row per stage)"),
        "documents": _("Required documents"),
    }
    for prefix, formset in formsets:
        formset.label = labels[prefix]
    if request.method == "POST":
        valid = form.is_valid()
        valid = all([formset.is_valid() for _prefix, formset in formsets]) and valid
        if valid:
            rows = {
                prefix: [r for r in (f.row() for f in formset) if r is not None]
                for prefix, formset in formsets
            }
            try:
                call = services.call_save(
                    actor=request.user,
                    process=process,
                    programme=form.cleaned_data["programme"],
                    fields=form.terms(),
                    sectors=[t.pk for t in form.cleaned_data["sectors"]],
                    domains=[d.pk for d in form.cleaned_data["domains"]],
                    call=call,
                    **rows,
                )
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(request, _("The call is saved."))
                return redirect("funding:catalogue_manage", slug=process.slug)
    return render(
        request,
        "funding/catalogue_form.html",
        {
            "process": process,
            "form": form,
            "formsets": formsets,
            "title": _("Edit the call") if call else _("Add a call"),
            "call": call,
        },
    )


@login_required
def call_create(request, slug: str):
    return _call_form(request, _manager(request, slug))


def _call(process, pk: int) -> Call:
    return get_or_not_found(
        Call.objects.filter(process=process).prefetch_related(
            "sectors", "domains", "areas", "deadlines", "documents"
        ),
        _("There is no such call in this process."),
        pk=pk,
    )


@login_required
def call_edit(request, slug: str, call_pk: int):
    process = _manager(request, slug)
    return _call_form(request, process, _call(process, call_pk))


@require_POST
@login_required
def call_delete(request, slug: str, call_pk: int):
    process = _manager(request, slug)
    call = _call(process, call_pk)
    try:
        services.call_delete(actor=request.user, process=process, call=call)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(request, _("The call is deleted."))
    return redirect("funding:catalogue_manage", slug=process.slug)


@login_required
def calls_import_example(request, slug: str):
    """The example file of the calls import (three real calls, every column filled)."""
    process = _manager(request, slug)
    data = (Path(__file__).resolve().parent / "data" / "calls_import_example.csv").read_bytes()
    response = HttpResponse(data, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{process.slug}-calls-example.csv"'
    return response


def _rate(process, pk: int) -> ExchangeRate:
    return get_or_not_found(
        ExchangeRate.objects.filter(process=process),
        _("There is no such exchange rate in this process."),
        pk=pk,
    )


def _rates_page(request, process, rate=None):
    initial = {}
    if rate is not None:
        initial = {k: getattr(rate, k) for k in ("currency", "ron_per_unit", "valid_on", "source")}
    form = forms.ExchangeRateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.exchange_rate_save(
                actor=request.user, process=process, fields=form.cleaned_data, rate=rate
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The exchange rate is saved."))
            return redirect("funding:rates", slug=process.slug)
    return render(
        request,
        "funding/catalogue_rates.html",
        {
            "process": process,
            "form": form,
            "rate": rate,
            "rates": ExchangeRate.objects.filter(process=process).order_by("currency", "-valid_on"),
        },
    )


@login_required
def rates(request, slug: str):
    return _rates_page(request, _manager(request, slug))


@login_required
def rate_edit(request, slug: str, rate_pk: int):
    process = _manager(request, slug)
    return _rates_page(request, process, _rate(process, rate_pk))


@require_POST
@login_required
def rate_delete(request, slug: str, rate_pk: int):
    process = _manager(request, slug)
    rate = _rate(process, rate_pk)
    services.exchange_rate_delete(actor=request.user, process=process, rate=rate)
    messages.success(request, _("The exchange rate is deleted."))
    return redirect("funding:rates", slug=process.slug)
