"""Browsing a process's contributions: filters, search, map and charts."""

from __future__ import annotations

from django.shortcuts import render

from cultiva.core.models import TaxonomyTerm
from cultiva.core.views import paginate
from cultiva.ideas import rules
from cultiva.ideas.models import Contribution
from cultiva.ideas.selectors import contribution_list
from cultiva.processes.views import get_visible_process


def contribution_index(request, slug: str):
    process = get_visible_process(request, slug)
    kind = request.GET.get("kind") or None
    if kind not in Contribution.Kind.values:
        kind = None
    contributions = contribution_list(
        user=request.user,
        process=process,
        kind=kind,
        domain=request.GET.get("domain") or None,
        query=(request.GET.get("q") or "").strip()[:100] or None,
    )
    return render(
        request,
        "ideas/list.html",
        {
            "process": process,
            "page": paginate(request, contributions),
            "kinds": Contribution.Kind.choices,
            "domains": TaxonomyTerm.objects.filter(vocabulary="domain").order_by("position"),
            "filters": request.GET,
            "can_submit": rules.can_submit_contribution(request.user, process),
        },
    )
