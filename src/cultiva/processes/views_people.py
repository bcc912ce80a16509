"""Pages of the people of a process: roles, invitations, and accepting an invitation."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.core.forms import add_service_errors, error_text
from cultiva.core.http import get_or_not_found
from cultiva.core.site import site_url
from cultiva.core.views import paginate
from cultiva.processes import people
from cultiva.processes.forms_people import (
    InvitationForm,
    NewAccountForm,
    PeopleSearchForm,
    RoleChangeForm,
)
from cultiva.processes.models import Process
from cultiva.processes.rules import can_manage_people, can_see_email_addresses
from cultiva.processes.views import get_visible_process

PEOPLE_PAGE_SIZE = 50


def _managed_process(request, slug: str) -> Process:
    process = get_visible_process(request, slug)
    can_manage_people(request.user, process).enforce()
    return process


@login_required
def people_index(request, slug: str):
    process = _managed_process(request, slug)
    search = PeopleSearchForm(request.GET or None)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    with_email = can_see_email_addresses(request.user, process)
    return render(
        request,
        "processes/people/index.html",
        {
            "process": process,
            "search": search,
            "query": query,
            "page": paginate(
                request,
                people.people_of_process(process=process, query=query, with_email=with_email),
                PEOPLE_PAGE_SIZE,
            ),
            "elsewhere": people.people_found_elsewhere(
                user=request.user, process=process, query=query
            ),
            "show_email": with_email,
            "role_choices": RoleChangeForm.base_fields["role"].choices,
            "filters": {"q": query} if query else {},
        },
    )


@login_required
@require_POST
def person_roles(request, slug: str, user_pk: int):
    process = _managed_process(request, slug)
    person = get_or_not_found(
        people.people_reachable(user=request.user, process=process),
        _("This person does not take part in this process or yours."),
        pk=user_pk,
    )
    form = RoleChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose one of the roles offered."))
    else:
        role = form.cleaned_data["role"]
        label = dict(RoleChangeForm.base_fields["role"].choices)[role]
        try:
            if form.cleaned_data["action"] == RoleChangeForm.ADD:
                people.role_grant(actor=request.user, process=process, person=person, role=role)
                messages.success(
                    request,
                    _("%(name)s is now %(role)s in this process.")
                    % {"name": person.public_name, "role": label},
                )
            else:
                people.role_revoke(actor=request.user, process=process, person=person, role=role)
                messages.success(
                    request,
                    _("%(name)s is no longer %(role)s in this process.")
                    % {"name": person.public_name, "role": label},
                )
        except ValidationError as error:
            messages.error(request, error_text(error))
    return redirect("processes:people", slug=process.slug)


@login_required
def invitation_index(request, slug: str):
    process = _managed_process(request, slug)
    form = InvitationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitation = people.invitation_create(
                actor=request.user,
                process=process,
                base_url=site_url(),
                **form.cleaned_data,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("The invitation to %(address)s is on its way.") % {"address": invitation.email},
            )
            return redirect("processes:invitations", slug=process.slug)
    return render(
        request,
        "processes/people/invitations.html",
        {
            "process": process,
            "form": form,
            "page": paginate(request, people.invitations_of_process(process=process)),
        },
    )


def _invitation_of(process: Process, pk: int):
    return get_or_not_found(
        people.invitations_of_process(process=process),
        _("This invitation does not exist in this process."),
        pk=pk,
    )


@login_required
@require_POST
def invitation_resend(request, slug: str, pk: int):
    process = _managed_process(request, slug)
    invitation = _invitation_of(process, pk)
    try:
        people.invitation_resend(actor=request.user, invitation=invitation, base_url=site_url())
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The invitation to %(address)s is sent again.") % {"address": invitation.email},
        )
    return redirect("processes:invitations", slug=process.slug)


@login_required
@require_POST
def invitation_revoke(request, slug: str, pk: int):
    process = _managed_process(request, slug)
    invitation = _invitation_of(process, pk)
    try:
        people.invitation_revoke(actor=request.user, invitation=invitation)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The invitation to %(address)s is withdrawn; its link no longer works.")
            % {"address": invitation.email},
        )
    return redirect("processes:invitations", slug=process.slug)


def _closed(request, message: str, status: int):
    return render(request, "processes/people/closed.html", {"message": message}, status=status)


def invitation_accept(request, token: str):
    """The invitation's link: accept it signed in, log in first, or create the account.

    Any signed-in account may accept: the link reached its holder through the invited mailbox
    (people often have an account at another address). The page names the account that will
    receive the role before they confirm, and the log records whether the addresses matched.
    """
    invitation = people.invitation_by_token(token)
    if invitation is None:
        return _closed(
            request,
            _(
                "This invitation link does not work: it may have been replaced by a newer "
                "e-mail, or copied incompletely. Use the link in the latest invitation."
            ),
            404,
        )
    reason = people.invitation_closed_reason(invitation)
    if reason:
        return _closed(request, reason, 410)
    process = invitation.process
    context = {"invitation": invitation, "process": process}
    if request.user.is_authenticated:
        if request.method == "POST":
            try:
                people.invitation_accept(invitation=invitation, person=request.user)
            except people.InvitationClosed as closed:
                return _closed(request, closed.message, 410)
            return _welcome(request, invitation)
        return render(request, "processes/people/accept.html", context)
    if people.account_for(invitation.email) is not None:
        return render(request, "processes/people/accept.html", {**context, "log_in": True})
    form = NewAccountForm(
        request.POST if request.method == "POST" else None,
        email=invitation.email,
        language=invitation.language,
    )
    if request.method == "POST" and form.is_valid():
        try:
            person = people.invitation_accept_with_new_account(
                invitation=invitation,
                full_name=form.cleaned_data["full_name"],
                password=form.cleaned_data["password1"],
                preferred_language=form.cleaned_data["preferred_language"],
            )
        except people.InvitationClosed as closed:
            return _closed(request, closed.message, 410)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            login(request, person, backend="django.contrib.auth.backends.ModelBackend")
            return _welcome(request, invitation)
    return render(request, "processes/people/accept.html", {**context, "form": form})


def _welcome(request, invitation):
    messages.success(
        request,
        _("Welcome! You are now %(role)s in this process.")
        % {"role": invitation.get_role_display()},
    )
    return redirect("processes:detail", slug=invitation.process.slug)
