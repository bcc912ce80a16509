"""The organisation pages: directory, page, register and edit, join and leave, verify, merge."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.accounts import organisation_pages, rules
from cultiva.accounts import organisations as services
from cultiva.accounts.models import Membership, MembershipRequest, Organisation
from cultiva.accounts.organisation_forms import JoinForm, MergeForm, OrganisationForm
from cultiva.accounts.selectors import organisation_detail, organisation_list
from cultiva.core.models import TaxonomyTerm
from cultiva.core.views import paginate


def _organisation(pk: int) -> Organisation:
    try:
        return organisation_detail(pk=pk)
    except Organisation.DoesNotExist:
        raise Http404 from None


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            for problem in problems:
                form.add_error(field if field in form.fields else None, problem)
    else:
        for problem in error.messages:
            form.add_error(None, problem)


def organisation_index(request):
    query = (request.GET.get("q") or "").strip()[:100]
    organisations = organisation_list(
        sector=request.GET.get("sector") or None,
        query=query or None,
        verified=request.GET.get("verified") == "1",
    )
    return render(
        request,
        "accounts/organisation_list.html",
        {
            "page": paginate(request, organisations),
            "sectors": TaxonomyTerm.objects.filter(vocabulary="sector").order_by("position"),
            "filters": request.GET,
            "can_register": rules.can_register_organisation(request.user),
            "can_import": rules.can_import_organisations(request.user),
        },
    )


def organisation_view(request, pk: int):
    organisation = _organisation(pk)
    if organisation.merged_into_id:
        messages.info(request, _("This organisation was merged into another; here it is."))
        return redirect("accounts:organisation_detail", pk=organisation.merged_into_id)
    user = request.user
    can_view_members = rules.can_view_members(user, organisation)
    memberships = list(organisation.memberships.all()) if can_view_members else []
    with_email = rules.email_visible_for(user, [m.user_id for m in memberships])
    can_administer = rules.can_administer_organisation(user, organisation)
    own = next((m for m in organisation.memberships.all() if m.user_id == user.pk), None)
    pending = (
        list(
            organisation.membership_requests.filter(
                state=MembershipRequest.State.PENDING
            ).select_related("user")
        )
        if can_administer
        else []
    )
    return render(
        request,
        "accounts/organisation_detail.html",
        {
            "organisation": organisation,
            "can_view_members": can_view_members,
            "members": [(m, m.user_id in with_email) for m in memberships],
            "can_see_contact_email": rules.can_see_contact_email(user, organisation),
            "can_edit": rules.can_edit_organisation(user, organisation),
            "can_administer": can_administer,
            "can_verify": rules.can_verify_organisation(user),
            "can_merge": rules.can_merge_organisations(user),
            "can_join": rules.can_ask_to_join(user, organisation),
            "join_pending": user.is_authenticated
            and organisation.membership_requests.filter(
                user=user, state=MembershipRequest.State.PENDING
            ).exists(),
            "own_membership": own,
            "pending_requests": pending,
            "join_form": JoinForm(),
            "sections": organisation_pages.page_sections(organisation, user),
        },
    )


@login_required
def organisation_register(request):
    rules.can_register_organisation(request.user).enforce()
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_register(actor=request.user, **form.values())
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request, _("The organisation is registered; you are its administrator.")
            )
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "accounts/organisation_form.html",
        {"form": form, "organisation": None, "duplicate": form.duplicate},
    )


@login_required
def organisation_edit(request, pk: int):
    organisation = _organisation(pk)
    rules.can_edit_organisation(request.user, organisation).enforce()
    form = OrganisationForm(request.POST or None, organisation=organisation)
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                organisation=organisation, actor=request.user, **form.values()
            )
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(request, _("The organisation is saved."))
            return redirect("accounts:organisation_detail", pk=organisation.pk)
    return render(
        request,
        "accounts/organisation_form.html",
        {"form": form, "organisation": organisation, "duplicate": form.duplicate},
    )


@require_POST
@login_required
def organisation_join(request, pk: int):
    organisation = _organisation(pk)
    form = JoinForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    verdict = rules.can_ask_to_join(request.user, organisation)
    if not verdict:
        messages.error(request, verdict.reason)
    else:
        services.membership_request_create(
            organisation=organisation, person=request.user, message=message
        )
        messages.success(
            request, _("Your request is sent; the organisation's administrators will answer.")
        )
    return redirect("accounts:organisation_detail", pk=organisation.pk)


@require_POST
@login_required
def organisation_request_decide(request, pk: int, request_pk: int):
    organisation = _organisation(pk)
    rules.can_administer_organisation(request.user, organisation).enforce()
    try:
        join_request = organisation.membership_requests.get(pk=request_pk)
    except MembershipRequest.DoesNotExist:
        raise Http404 from None
    accept = request.POST.get("decision") == "accept"
    try:
        services.membership_request_decide(
            join_request=join_request, actor=request.user, accept=accept
        )
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(
            request,
            _("%(name)s is now a member.") % {"name": join_request.user.public_name}
            if accept
            else _("The request is refused."),
        )
    return redirect("accounts:organisation_detail", pk=organisation.pk)


@require_POST
@login_required
def organisation_leave(request, pk: int):
    organisation = _organisation(pk)
    try:
        membership = organisation.memberships.get(user=request.user)
    except Membership.DoesNotExist:
        raise Http404 from None
    try:
        services.membership_leave(membership=membership, actor=request.user)
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("You have left the organisation."))
    return redirect("accounts:organisation_detail", pk=organisation.pk)


@require_POST
@login_required
def organisation_member_update(request, pk: int, membership_pk: int):
    """An administrator names or unnames an administrator, or removes a member."""
    organisation = _organisation(pk)
    rules.can_administer_organisation(request.user, organisation).enforce()
    try:
        membership = organisation.memberships.get(pk=membership_pk)
    except Membership.DoesNotExist:
        raise Http404 from None
    action = request.POST.get("action")
    try:
        if action == "remove":
            services.membership_leave(membership=membership, actor=request.user)
        elif action in ("make_administrator", "unmake_administrator"):
            services.membership_administrator_set(
                membership=membership,
                actor=request.user,
                is_administrator=action == "make_administrator",
            )
        else:
            raise ValidationError(_("Unknown action."))
    except ValidationError as error:
        for problem in error.messages:
            messages.error(request, problem)
    else:
        messages.success(request, _("The membership is updated."))
    return redirect("accounts:organisation_detail", pk=organisation.pk)


@require_POST
@login_required
def organisation_verify(request, pk: int):
    organisation = _organisation(pk)
    rules.can_verify_organisation(request.user).enforce()
    verified = request.POST.get("verified", "1") == "1"
    services.organisation_verify(organisation=organisation, actor=request.user, verified=verified)
    messages.success(
        request,
        _("The organisation is marked as verified.")
        if verified
        else _("The organisation is no longer marked as verified."),
    )
    return redirect("accounts:organisation_detail", pk=organisation.pk)


@login_required
def organisation_merge(request, pk: int):
    duplicate = _organisation(pk)
    rules.can_merge_organisations(request.user).enforce()
    if duplicate.merged_into_id:
        raise Http404
    form = MergeForm(request.POST or None, duplicate=duplicate)
    if request.method == "POST" and form.is_valid():
        keep = form.cleaned_data["keep"]
        try:
            services.organisation_merge(duplicate=duplicate, keep=keep, actor=request.user)
        except ValidationError as error:
            _form_errors(form, error)
        else:
            messages.success(
                request,
                _("%(duplicate)s is merged into %(keep)s.")
                % {"duplicate": duplicate, "keep": keep},
            )
            return redirect("accounts:organisation_detail", pk=keep.pk)
    return render(
        request, "accounts/organisation_merge.html", {"organisation": duplicate, "form": form}
    )
