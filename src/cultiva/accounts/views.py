from __future__ import annotations

import copy
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cultiva.accounts import data_rights, rules, services
from cultiva.accounts.forms import PasswordConfirmForm, ProfileForm
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


# --- a person's own data: profile, export (GDPR art. 15, 20), erasure (art. 17) ----------------


@login_required
def profile(request):
    # The form edits a copy, so the service still sees what changed.
    form = ProfileForm(request.POST or None, instance=copy.copy(request.user))
    if request.method == "POST" and form.is_valid():
        services.person_update_profile(
            person=request.user,
            full_name=form.cleaned_data["full_name"],
            preferred_language=form.cleaned_data["preferred_language"],
        )
        messages.success(request, _("Your profile is saved."))
        return redirect("accounts:profile")
    return render(request, "accounts/profile.html", {"form": form})


@login_required
def data_export_json(request):
    document = data_rights.person_export(request.user)
    response = HttpResponse(
        json.dumps(document, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    response["Content-Disposition"] = 'attachment; filename="cultiva-my-data.json"'
    return response


@login_required
def data_export_html(request):
    document = data_rights.person_export(request.user)
    for section in document["sections"]:
        section["columns"] = list(dict.fromkeys(k for row in section["rows"] for k in row))
        section["table"] = [
            [row.get(column, "") for column in section["columns"]] for row in section["rows"]
        ]
    return render(request, "accounts/my_data.html", {"document": document})


@login_required
def account_delete(request):
    form = PasswordConfirmForm(request.POST or None, person=request.user)
    if request.method == "POST" and form.is_valid():
        person = request.user
        services.person_erase(person=person, actor=person)
        logout(request)
        messages.success(
            request,
            _("Your account is deleted and your personal data erased. Thank you for taking part."),
        )
        return redirect("core:home")
    return render(request, "accounts/delete.html", {"form": form})
