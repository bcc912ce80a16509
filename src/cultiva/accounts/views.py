from __future__ import annotations

import copy
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from cultiva.accounts import data_rights, services
from cultiva.accounts.forms import PasswordConfirmForm, ProfileForm

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
