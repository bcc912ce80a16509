from __future__ import annotations

from django.http import Http404
from django.shortcuts import render

from cultiva.accounts import rules
from cultiva.accounts.models import Organisation
from cultiva.accounts.selectors import organisation_detail, organisation_list
from cultiva.core.models import TaxonomyTerm
from cultiva.core.views import paginate


def organisation_index(request):
    query = (request.GET.get("q") or "").strip()[:100]
    organisations = organisation_list(sector=request.GET.get("sector") or None, query=query or None)
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "page": paginate(request, organisations),
            "sectors": TaxonomyTerm.objects.filter(vocabulary="sector").order_by("position"),
            "filters": request.GET,
        },
    )


def organisation_view(request, pk: int):
    try:
        organisation = organisation_detail(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "can_view_members": rules.can_view_members(request.user, organisation),
            "projects": organisation.led_projects.select_related("process").order_by("code"),
        },
    )
