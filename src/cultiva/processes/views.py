from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.accounts.forms import ErasureRequestForm
from cultiva.accounts.models import User
from cultiva.accounts.services import person_erase
from cultiva.core.forms import add_service_errors
from cultiva.core.http import get_or_not_found
from cultiva.core.i18n import localize
from cultiva.ideas.rules import can_submit_contribution
from cultiva.meetings.selectors import meeting_list
from cultiva.processes import services
from cultiva.processes.forms import (
    PeopleSearchForm,
    PhaseForm,
    ProcessCopyForm,
    ProcessCreateForm,
    ProcessForm,
)
from cultiva.processes.models import Phase, Process
from cultiva.processes.rules import (
    can_copy_process,
    can_create_process,
    can_erase_on_request,
    can_erase_person,
    can_manage_people,
    can_manage_process,
    can_view_process,
)
from cultiva.processes.selectors import people_matching, process_by_slug, processes_to_set_up
from cultiva.processes.timeline import TimelineBar, timeline_svg
from cultiva.strategy.rules import can_view_strategy
from cultiva.strategy.selectors import current_strategy


def get_visible_process(request, slug: str) -> Process:
    """The process, or 404 when it does not exist or is hidden from this user."""
    try:
        process = process_by_slug(slug=slug)
    except Process.DoesNotExist:
        raise Http404 from None
    if not can_view_process(request.user, process):
        raise Http404
    return process


def process_detail(request, slug: str):
    process = get_visible_process(request, slug)
    strategy = current_strategy(process=process)
    if strategy is not None and not can_view_strategy(request.user, strategy):
        strategy = None  # a draft: no button to a page this person may not open
    return render(
        request,
        "processes/detail.html",
        {
            "process": process,
            "phases": process.phases.all(),
            # The next few meetings; the programme page lists them all.
            "meetings": meeting_list(user=request.user, process=process, when="upcoming")[:6],
            "strategy": strategy,
            "can_submit": can_submit_contribution(request.user, process),
            "can_erase": can_erase_on_request(request.user, process),
            "can_manage_people": can_manage_people(request.user, process),
            "can_set_up": can_manage_process(request.user, process),
        },
    )


def process_erasure(request, slug: str):
    """A coordinator erases the personal data of someone taking part, on their request."""
    process = get_visible_process(request, slug)
    can_erase_on_request(request.user, process).enforce()
    form = ErasureRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        person = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        verdict = can_erase_person(request.user, process, person)
        if verdict:
            person_erase(
                person=person,
                actor=request.user,
                reason=form.cleaned_data["reason"],
                process=process,
            )
            messages.success(request, _("The person's personal data is erased."))
            return redirect("processes:erasure", slug=process.slug)
        form.add_error("email", verdict.reason)
    return render(request, "processes/erasure.html", {"process": process, "form": form})


# The set-up of processes: creating, editing, phases, copying (coordinators and platform
# administrators; everything is written by processes.services, which logs it).


def _managed_process(request, slug: str) -> Process:
    process = get_visible_process(request, slug)
    can_manage_process(request.user, process).enforce()
    return process


def _phase_of(process: Process, phase_pk: int) -> Phase:
    return get_or_not_found(process.phases.all(), _("There is no such phase."), pk=phase_pk)


@login_required
def setup_list(request):
    """The processes the user sets up, with the button to create a new one."""
    can_create_process(request.user).enforce()
    return render(
        request,
        "processes/setup_list.html",
        {"processes": processes_to_set_up(user=request.user)},
    )


@login_required
def process_create(request):
    can_create_process(request.user).enforce()
    search = PeopleSearchForm(request.GET or None)
    found = (
        people_matching(query=search.cleaned_data["q"], searcher=request.user)
        if search.is_valid()
        else []
    )
    form = ProcessCreateForm(request.POST or None, request.FILES or None, searcher=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            process = services.process_create(
                actor=request.user,
                coordinators=form.cleaned_data["coordinators"],
                **form.service_values(),
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The process has been created."))
            return redirect("processes:setup", slug=process.slug)
    return render(
        request,
        "processes/process_form.html",
        {"form": form, "search": search, "found": found, "process": None},
    )


@login_required
def process_setup(request, slug: str):
    """A process's management page: its details, its phases and their timeline."""
    process = _managed_process(request, slug)
    phases = list(process.phases.order_by("position", "starts_on", "pk"))
    timeline = timeline_svg(
        title=_("Timeline of the phases"),
        starts_on=process.starts_on,
        ends_on=process.ends_on,
        bars=[
            TimelineBar(localize(p.title) or p.get_kind_display(), p.kind, p.starts_on, p.ends_on)
            for p in phases
        ],
        today=timezone.localdate(),
    )
    return render(
        request,
        "processes/setup.html",
        {
            "process": process,
            "phases": phases,
            "timeline": timeline,
            "can_copy": can_copy_process(request.user, process),
        },
    )


@login_required
def process_edit(request, slug: str):
    process = _managed_process(request, slug)
    form = ProcessForm(
        request.POST or None, request.FILES or None, initial=ProcessForm.initial_from(process)
    )
    if not process.logo:
        del form.fields["remove_logo"]
    if request.method == "POST" and form.is_valid():
        try:
            with transaction.atomic():
                process = services.process_update(
                    actor=request.user, process=process, **form.service_values()
                )
        except ValidationError as error:
            process.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("The process has been saved."))
            return redirect("processes:setup", slug=process.slug)
    return render(request, "processes/process_form.html", {"form": form, "process": process})


@require_POST
@login_required
def process_publish(request, slug: str):
    process = _managed_process(request, slug)
    publish = request.POST.get("publish") == "1"
    services.process_set_published(actor=request.user, process=process, is_published=publish)
    if publish:
        messages.success(request, _("The process is published: everyone can see it."))
    else:
        messages.success(request, _("The process is a draft again: only its people see it."))
    return redirect("processes:setup", slug=process.slug)


def _phase_values(form: PhaseForm) -> dict:
    return dict(form.cleaned_data)


@login_required
def phase_create(request, slug: str):
    process = _managed_process(request, slug)
    form = PhaseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_create(actor=request.user, process=process, **_phase_values(form))
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The phase has been added."))
            return redirect("processes:setup", slug=process.slug)
    return render(
        request, "processes/phase_form.html", {"form": form, "process": process, "phase": None}
    )


@login_required
def phase_edit(request, slug: str, phase_pk: int):
    process = _managed_process(request, slug)
    phase = _phase_of(process, phase_pk)
    form = PhaseForm(request.POST or None, initial=PhaseForm.initial_from(phase))
    if request.method == "POST" and form.is_valid():
        try:
            services.phase_update(actor=request.user, phase=phase, **_phase_values(form))
        except ValidationError as error:
            phase.refresh_from_db()
            add_service_errors(form, error)
        else:
            messages.success(request, _("The phase has been saved."))
            return redirect("processes:setup", slug=process.slug)
    return render(
        request, "processes/phase_form.html", {"form": form, "process": process, "phase": phase}
    )


@login_required
def phase_delete(request, slug: str, phase_pk: int):
    process = _managed_process(request, slug)
    phase = _phase_of(process, phase_pk)
    if request.method == "POST":
        services.phase_delete(actor=request.user, phase=phase)
        messages.success(request, _("The phase has been removed."))
        return redirect("processes:setup", slug=process.slug)
    return render(request, "processes/phase_delete.html", {"process": process, "phase": phase})


@require_POST
@login_required
def phase_move(request, slug: str, phase_pk: int):
    process = _managed_process(request, slug)
    phase = _phase_of(process, phase_pk)
    direction = request.POST.get("direction")
    if direction in ("up", "down"):
        services.phase_move(actor=request.user, phase=phase, up=direction == "up")
    return redirect("processes:setup", slug=process.slug)


@login_required
def process_copy(request, slug: str):
    source = get_visible_process(request, slug)
    can_copy_process(request.user, source).enforce()
    form = ProcessCopyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            process = services.process_copy(actor=request.user, source=source, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The copy has been created as a draft."))
            return redirect("processes:setup", slug=process.slug)
    return render(request, "processes/process_copy.html", {"form": form, "process": source})


def process_logo(request, slug: str):
    process = get_visible_process(request, slug)
    if not process.logo or not process.logo_content_type:
        raise Http404
    try:
        handle = process.logo.open("rb")
    except OSError:
        raise Http404 from None
    response = FileResponse(handle, content_type=process.logo_content_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response
