"""The contributions import template and the export (the import wizard itself is core.imports)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cultiva.core.i18n import localize
from cultiva.core.models import Settlement, TaxonomyTerm
from cultiva.core.spreadsheets import CONTENT_TYPES, download
from cultiva.ideas import exports, rules
from cultiva.ideas.models import Contribution, ExtraField
from cultiva.ideas.selectors import contribution_list, contribution_related_names
from cultiva.processes.rules import can_see_email_addresses
from cultiva.processes.views import get_visible_process

MAX_PROBLEM_ROWS_SHOWN = 500


def _importable_process(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_import(request.user, process).enforce()
    return process


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
