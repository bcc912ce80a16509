from __future__ import annotations

import copy
import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from cultiva.accounts import data_rights, notifications, services
from cultiva.accounts.forms import NotificationPreferencesForm, PasswordConfirmForm, ProfileForm
from cultiva.accounts.selectors import person_memberships

# --- a person's own data: profile, export (GDPR art. 15, 20), erasure (art. 17) ----------------


def _profile_page(request, *, form=None, notifications_form=None, status: int = 200):
    person = request.user
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form or ProfileForm(instance=copy.copy(person)),
            "notifications_form": notifications_form
            or NotificationPreferencesForm(current=notifications.preferences_of(person)),
            "memberships": person_memberships(person=person),
        },
        status=status,
    )


@login_required
def profile(request):
    """The person's own page: name, languages, organisations, e-mails, tokens, their data."""
    if request.method != "POST":
        return _profile_page(request)
    # The form edits a copy, so the service still sees what changed.
    form = ProfileForm(request.POST, instance=copy.copy(request.user))
    if not form.is_valid():
        return _profile_page(request, form=form)
    services.person_update_profile(
        person=request.user,
        full_name=form.cleaned_data["full_name"],
        preferred_language=form.cleaned_data["preferred_language"],
        reads_languages=form.cleaned_data["reads_languages"],
    )
    messages.success(request, _("Your profile is saved."))
    return redirect("accounts:profile")


@login_required
def notification_settings(request):
    """The e-mail section of the profile page posts here."""
    if request.method != "POST":
        return redirect(reverse("accounts:profile") + "#notifications")
    form = NotificationPreferencesForm(
        request.POST, current=notifications.preferences_of(request.user)
    )
    if not form.is_valid():
        return _profile_page(request, notifications_form=form)
    services.notification_preferences_set(person=request.user, choices=form.choices())
    messages.success(request, _("Your e-mail settings are saved."))
    return redirect(reverse("accounts:profile") + "#notifications")


# A mail program's one-click "Unsubscribe" (RFC 8058) POSTs without a CSRF token or a session;
# the signed token in the address is the proof, and all it can do is turn one kind off.
@csrf_exempt
def unsubscribe(request, token: str):
    """Turn one kind of e-mail off from the link in an e-mail, without logging in."""
    found = notifications.read_unsubscribe_token(token)
    if found is None:
        return render(request, "accounts/unsubscribe_invalid.html", status=400)
    person, kind = found
    context = {"kind": notifications.KINDS[kind], "done": False}
    if request.method == "POST":
        services.notification_preferences_set(person=person, choices={kind: False}, via="link")
        context["done"] = True
    elif request.method != "GET":
        return HttpResponseNotAllowed(["GET", "POST"])
    return render(request, "accounts/unsubscribe.html", context)


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
