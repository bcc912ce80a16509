"""Browsing a process's contributions: filters, search, the map and the charts."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cultiva.core import charts, maps
from cultiva.core.collation import collation_key
from cultiva.core.models import Settlement
from cultiva.core.views import paginate
from cultiva.ideas import rules
from cultiva.ideas.models import Contribution
from cultiva.ideas.selectors import (
    contribution_counts,
    contribution_filter_choices,
    contribution_list_for_rows,
    contribution_list_rows,
)
from cultiva.processes.rules import STAFF_ROLES, has_role
from cultiva.processes.views import get_visible_process

MAX_QUERY_CHARS = 100
FILTER_NAMES = (
    "q",
    "kind",
    "domain",
    "settlement",
    "micro_region",
    "sector",
    "meeting",
    "status",
    "language",
)


class BrowseFilters(forms.Form):
    """The browsing filters from the query string. Invalid values are dropped, never a 500."""

    q = forms.CharField(required=False, max_length=MAX_QUERY_CHARS, strip=True)
    kind = forms.ChoiceField(required=False, choices=Contribution.Kind.choices)
    domain = forms.SlugField(required=False, max_length=60)
    settlement = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    micro_region = forms.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    sector = forms.SlugField(required=False, max_length=60)
    meeting = forms.IntegerField(required=False, min_value=1, max_value=2**63 - 1)
    status = forms.ChoiceField(required=False, choices=Contribution.Status.choices)
    language = forms.ChoiceField(required=False, choices=settings.LANGUAGES)

    def values(self, *, staff: bool) -> dict:
        self.is_valid()
        data = self.cleaned_data
        # A field with an invalid value is missing from cleaned_data: that filter is off.
        values = {name: data.get(name) or None for name in FILTER_NAMES}
        if values["q"]:
            values["q"] = "".join(c for c in values["q"] if c >= " ") or None
        if not staff and values.get("status") not in (None, *rules.PUBLIC_STATUSES):
            values["status"] = None
        return values


def _browse_context(request, slug: str) -> tuple:
    process = get_visible_process(request, slug)
    staff = has_role(request.user, process, *STAFF_ROLES)
    values = BrowseFilters(request.GET).values(staff=staff)
    # The query string of the active filters, kept in pagination and map links.
    active = {name: str(value) for name, value in values.items() if value not in (None, "")}
    statuses = (
        Contribution.Status.choices
        if staff
        else [
            (value, label)
            for value, label in Contribution.Status.choices
            if value in rules.PUBLIC_STATUSES
        ]
    )
    context = {
        "process": process,
        "filters": active,
        "querystring": urlencode(active),
        "choices": contribution_filter_choices(user=request.user, process=process),
        "kinds": Contribution.Kind.choices,
        "statuses": statuses,
        "languages": settings.LANGUAGES,
        "has_filters": bool(active),
    }
    selector_filters = {
        "kind": values["kind"],
        "domain": values["domain"],
        "settlement": values["settlement"],
        "micro_region": values["micro_region"],
        "sector": values["sector"],
        "meeting": values["meeting"],
        "status": values["status"],
        "language": values["language"],
        "query": values["q"],
    }
    return process, context, selector_filters


def contribution_index(request, slug: str):
    process, context, selector_filters = _browse_context(request, slug)
    contributions = contribution_list_for_rows(
        user=request.user, process=process, **selector_filters
    )
    page = paginate(request, contributions)
    page.object_list = contribution_list_rows(page.object_list)
    context.update(
        page=page,
        can_submit=rules.can_submit_contribution(request.user, process),
        can_enter=rules.can_enter_on_behalf(request.user, process),
        can_import=rules.can_import(request.user, process),
        can_export=rules.can_export(request.user, process),
        can_manage_template=rules.can_manage_template(request.user, process),
        can_moderate=rules.can_moderate(request.user, process),
    )
    return render(request, "ideas/list.html", context)


def contribution_map(request, slug: str):
    """Counts per settlement as a map of Harghita, per kind and domain as bar charts."""
    process, context, selector_filters = _browse_context(request, slug)
    counts = contribution_counts(user=request.user, process=process, **selector_filters)
    by_settlement = counts["settlements"]

    list_url = reverse("ideas:list", args=[process.slug])
    links = {}
    for siruta in by_settlement:
        query = {**context["filters"], "settlement": str(siruta)}
        links[siruta] = f"{list_url}?{urlencode(query)}"
    settlements = list(
        Settlement.objects.filter(county_id=process.county_id)
        .select_related("micro_region")
        .order_by("name_ro")
    )
    rows = sorted(
        (
            {
                "settlement": settlement,
                "count": by_settlement.get(settlement.siruta, 0),
                "url": links.get(settlement.siruta),
            }
            for settlement in settlements
        ),
        key=lambda row: (-row["count"], collation_key(row["settlement"].name)),
    )
    the_map = maps.choropleth(
        counts=by_settlement,
        title=_("Contributions per settlement"),
        description=_("Map of Harghita County; darker units have more contributions."),
        count_label=lambda count: ngettext("{count} contribution", "{count} contributions", count),
    )
    legend = maps.legend_classes(by_settlement)

    kind_rows = [
        (label, counts["kinds"].get(value, 0)) for value, label in Contribution.Kind.choices
    ]
    domain_rows = [
        (choice, counts["domains"].get(choice.pk, 0)) for choice in context["choices"]["domains"]
    ]
    domain_rows = [row for row in domain_rows if row[1]]
    kind_chart = charts.bar_chart(
        title=_("Contributions per kind"),
        labels=[str(label).capitalize() for label, _count in kind_rows],
        values=[count for _label, count in kind_rows],
    )
    domain_chart = (
        charts.bar_chart(
            title=_("Contributions per cultural domain"),
            labels=[choice.label for choice, _count in domain_rows],
            values=[count for _term, count in domain_rows],
            width=720,  # room for long domain names
        )
        if domain_rows
        else None
    )
    context.update(
        total=counts["total"],
        map_svg=the_map,
        legend=legend,
        settlement_rows=rows,
        kind_rows=kind_rows,
        kind_chart=kind_chart,
        domain_rows=domain_rows,
        domain_chart=domain_chart,
    )
    return render(request, "ideas/browse/map.html", context)
