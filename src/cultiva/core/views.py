from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.paginator import Paginator
from django.db.models import Count, Prefetch
from django.shortcuts import render
from django.utils.translation import gettext as _

from cultiva.core.availability import unavailable_from_current_exception
from cultiva.core.forms import ActivityFilterForm
from cultiva.core.http import not_found_message
from cultiva.core.models import ActivityLog, County, MicroRegion, Settlement
from cultiva.core.rules import (
    activity_log_processes,
    activity_log_visible_q,
    can_view_activity_log,
)
from cultiva.ideas.models import Contribution
from cultiva.processes.models import ProcessRole
from cultiva.processes.selectors import process_list

PAGE_SIZE = 25


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def home(request):
    return render(request, "core/home.html", {"processes": process_list(user=request.user)})


@login_required
def dashboard(request):
    user = request.user
    roles = ProcessRole.objects.filter(user=user).select_related("process").order_by("process")
    contributions = (
        # A wall guest's card is the guest's, not the facilitator's who closed the wall.
        Contribution.objects.filter(author=user, is_guest=False)
        .select_related("process")
        .order_by("-created_at")[:20]
    )
    memberships = user.memberships.select_related("organisation__settlement")
    return render(
        request,
        "core/dashboard.html",
        {"roles": roles, "contributions": contributions, "memberships": memberships},
    )


def territory(request):
    settlements = Settlement.objects.order_by("name_ro")
    regions = MicroRegion.objects.prefetch_related(
        Prefetch("settlements", queryset=settlements)
    ).annotate(settlement_count=Count("settlements"))
    counties = County.objects.prefetch_related(Prefetch("micro_regions", queryset=regions))
    return render(request, "core/territory.html", {"counties": counties})


def activity(request):
    """The log of the processes where this person holds the right (see core.rules)."""
    verdict = can_view_activity_log(request.user)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    verdict.enforce()
    entries = ActivityLog.objects.filter(activity_log_visible_q(request.user)).select_related(
        "actor", "process", "target_type"
    )
    form = ActivityFilterForm(request.GET, processes=activity_log_processes(request.user))
    if form.is_valid() and form.cleaned_data["process"]:
        entries = entries.filter(process__slug=form.cleaned_data["process"])
    elif not form.is_valid():
        entries = entries.none()
    return render(
        request, "core/activity.html", {"page": paginate(request, entries, 50), "form": form}
    )


def permission_denied(request, exception=None):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    reason = str(exception) if exception and str(exception) else _("You may not open this page.")
    return render(request, "403.html", {"reason": reason}, status=403)


def page_not_found(request, exception=None):
    # Django's own texts ("No Registration matches the given query.") are English and meant
    # for developers: only a translated NotFound message is shown, else the generic page.
    return render(request, "404.html", {"message": not_found_message(exception)}, status=404)


def server_error(request):
    # A database that cannot be reached right now is a 503 "try again", not a 500.
    return unavailable_from_current_exception(request) or render(request, "500.html", status=500)
