"""The public programme of a process's meeting series, meeting pages, speakers, calendars."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.core.forms import add_service_errors
from cultiva.core.i18n import localize
from cultiva.core.site import absolute_url
from cultiva.core.views import paginate
from cultiva.ideas.selectors import contribution_list
from cultiva.meetings import rules
from cultiva.meetings.calendar import month_grid, parse_month, shift_month
from cultiva.meetings.forms.programme import (
    AgendaItemForm,
    MeetingForm,
    RegistrationQuestionForm,
    SpeakerForm,
)
from cultiva.meetings.ical import CalendarEvent, calendar_bytes
from cultiva.meetings.models import (
    AgendaItem,
    Meeting,
    Registration,
    RegistrationQuestion,
    Speaker,
)
from cultiva.meetings.selectors.library import material_list
from cultiva.meetings.selectors.meetings import (
    meeting_list,
    speaker_detail,
    speaker_list,
    speaker_meetings,
)
from cultiva.meetings.services import meetings as services
from cultiva.meetings.views.common import meeting_in_process
from cultiva.processes.views import get_visible_process

FEED_SALT = "cultiva.meetings.personal-feed"


def programme(request, slug: str):
    process = get_visible_process(request, slug)
    kind = request.GET.get("kind") if request.GET.get("kind") in Meeting.Kind.values else None
    when = request.GET.get("when") if request.GET.get("when") in ("upcoming", "past") else None
    meetings = meeting_list(user=request.user, process=process, kind=kind, when=when)
    return render(
        request,
        "meetings/programme.html",
        {
            "process": process,
            "page": paginate(request, meetings),
            "kinds": Meeting.Kind.choices,
            "filters": request.GET,
            "can_manage": rules.can_manage_meetings(request.user, process),
            "can_view_cohort": rules.can_view_cohort(request.user, process),
            "can_manage_feedback": rules.can_manage_feedback_questions(request.user, process),
        },
    )


def programme_calendar(request, slug: str):
    process = get_visible_process(request, slug)
    first = parse_month(request.GET.get("month"), timezone.localdate())
    meetings = list(meeting_list(user=request.user, process=process, month=first))
    weeks = month_grid(
        first.year, first.month, meetings, date_of=lambda m: timezone.localtime(m.starts_at).date()
    )
    return render(
        request,
        "meetings/calendar.html",
        {
            "process": process,
            "month": first,
            "weeks": weeks,
            "meetings": meetings,
            "previous": shift_month(first, -1),
            "next": shift_month(first, 1),
        },
    )


def meeting_view(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    meeting = meeting_in_process(request, process, pk, detailed=True)
    contributions = contribution_list(user=request.user, process=process).filter(meeting=meeting)
    show_online_url = request.user.is_authenticated and (
        rules.is_participant(request.user, meeting)
        or rules.is_staff(request.user, process)
        or rules.is_speaker(request.user, meeting)
    )
    return render(
        request,
        "meetings/detail.html",
        {
            "process": process,
            "meeting": meeting,
            "agenda": meeting.agenda_items.all(),
            "speakers": meeting.speakers.all(),
            "contributions": contributions,
            "can_manage": rules.can_manage_meetings(request.user, process),
            "show_online_url": show_online_url,
        },
    )


def _save_meeting(request, process, form, meeting):
    """Run the service; put its refusals back onto the form's fields."""
    try:
        return services.meeting_save(
            actor=request.user,
            meeting=meeting,
            domains=form.cleaned_data["domains"],
            speakers=form.cleaned_data["speakers"],
        )
    except ValidationError as error:
        add_service_errors(form, error)
        return None


@login_required
def meeting_create(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_manage_meetings(request.user, process).enforce()
    form = MeetingForm(request.POST or None, instance=Meeting(process=process), process=process)
    if request.method == "POST" and form.is_valid():
        meeting = _save_meeting(request, process, form, form.save(commit=False))
        if meeting:
            messages.success(request, _("The meeting is saved."))
            return redirect("meetings:detail", slug=process.slug, pk=meeting.pk)
    return render(
        request, "meetings/form.html", {"process": process, "form": form, "meeting": None}
    )


@login_required
def meeting_edit(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    meeting = get_object_or_404(Meeting, pk=pk, process=process)
    rules.can_manage_meetings(request.user, process).enforce()
    form = MeetingForm(request.POST or None, instance=meeting, process=process)
    agenda_form = AgendaItemForm(meeting=meeting, prefix="agenda")
    saved = (
        request.method == "POST"
        and form.is_valid()
        and _save_meeting(request, process, form, form.save(commit=False))
    )
    if saved:
        messages.success(request, _("The meeting is saved."))
        return redirect("meetings:detail", slug=process.slug, pk=meeting.pk)
    return _edit_page(request, process, meeting, form=form, agenda_form=agenda_form)


def _edit_page(
    request, process, meeting, *, form=None, agenda_form=None, question_form=None, status=200
):
    """The meeting's edit page: its fields, agenda and registration questions."""
    return render(
        request,
        "meetings/form.html",
        {
            "process": process,
            "form": form or MeetingForm(instance=meeting, process=process),
            "meeting": meeting,
            "agenda_form": agenda_form or AgendaItemForm(meeting=meeting, prefix="agenda"),
            "agenda": meeting.agenda_items.prefetch_related("speakers").order_by("starts_at"),
            "question_form": question_form or RegistrationQuestionForm(prefix="question"),
            "questions": meeting.registration_questions.all(),
        },
        status=status,
    )


@require_POST
@login_required
def registration_question_add(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    meeting = get_object_or_404(Meeting, pk=pk, process=process)
    rules.can_manage_meetings(request.user, process).enforce()
    form = RegistrationQuestionForm(request.POST, prefix="question")
    if not form.is_valid():
        return _edit_page(request, process, meeting, question_form=form, status=400)
    question = form.save(commit=False)
    question.choices = form.cleaned_data["choices"]
    services.registration_question_add(actor=request.user, meeting=meeting, question=question)
    messages.success(request, _("The question is added to the registration form."))
    return redirect("meetings:edit", slug=process.slug, pk=meeting.pk)


@require_POST
@login_required
def registration_question_remove(request, slug: str, pk: int, question_pk: int):
    process = get_visible_process(request, slug)
    question = get_object_or_404(
        RegistrationQuestion, pk=question_pk, meeting_id=pk, meeting__process=process
    )
    services.registration_question_remove(actor=request.user, question=question)
    messages.success(request, _("The question is removed."))
    return redirect("meetings:edit", slug=process.slug, pk=pk)


@require_POST
@login_required
def agenda_item_add(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    meeting = get_object_or_404(Meeting, pk=pk, process=process)
    rules.can_manage_meetings(request.user, process).enforce()
    form = AgendaItemForm(request.POST, meeting=meeting, prefix="agenda")
    if form.is_valid():
        try:
            services.agenda_item_add(
                actor=request.user,
                meeting=meeting,
                item=form.save(commit=False),
                speakers=form.cleaned_data["speakers"],
            )
            messages.success(request, _("The agenda item is added."))
            return redirect("meetings:edit", slug=process.slug, pk=meeting.pk)
        except ValidationError as error:
            add_service_errors(form, error)
    return _edit_page(request, process, meeting, agenda_form=form, status=400)


@require_POST
@login_required
def agenda_item_remove(request, slug: str, pk: int, item_pk: int):
    process = get_visible_process(request, slug)
    item = get_object_or_404(AgendaItem, pk=item_pk, meeting_id=pk, meeting__process=process)
    services.agenda_item_remove(actor=request.user, item=item)
    messages.success(request, _("The agenda item is removed."))
    return redirect("meetings:edit", slug=process.slug, pk=pk)


def speakers(request, slug: str):
    process = get_visible_process(request, slug)
    return render(
        request,
        "meetings/speakers.html",
        {
            "process": process,
            "page": paginate(request, speaker_list(user=request.user, process=process)),
            "filters": request.GET,
            "can_manage": rules.can_manage_meetings(request.user, process),
        },
    )


def speaker_view(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    try:
        speaker = speaker_detail(process=process, pk=pk)
    except Speaker.DoesNotExist:
        raise Http404 from None
    meetings = list(speaker_meetings(user=request.user, speaker=speaker, process=process))
    can_manage = rules.can_manage_meetings(request.user, process)
    if not meetings and not can_manage:
        raise Http404
    visible_materials = material_list(user=request.user, process=process).filter(speaker=speaker)
    return render(
        request,
        "meetings/speaker.html",
        {
            "process": process,
            "speaker": speaker,
            "meetings": meetings,
            "materials": visible_materials,
            "can_manage": can_manage,
        },
    )


@login_required
def speaker_edit(request, slug: str, pk: int | None = None):
    process = get_visible_process(request, slug)
    rules.can_manage_meetings(request.user, process).enforce()
    speaker = get_object_or_404(Speaker, pk=pk, process=process) if pk else Speaker(process=process)
    form = SpeakerForm(request.POST or None, instance=speaker)
    if request.method == "POST" and form.is_valid():
        speaker = services.speaker_save(
            actor=request.user,
            process=process,
            speaker=form.save(commit=False),
            expertise=form.cleaned_data["expertise"],
        )
        messages.success(request, _("The speaker is saved."))
        return redirect("meetings:speaker", slug=process.slug, pk=speaker.pk)
    return render(
        request,
        "meetings/speaker_form.html",
        {"process": process, "form": form, "speaker": speaker if pk else None},
    )


# --- iCalendar feeds ----------------------------------------------------------------------


def _events(request, meetings) -> list[CalendarEvent]:
    events = []
    for meeting in meetings:
        place = (
            ", ".join(part for part in (meeting.venue, str(meeting.settlement or "")) if part)
            or meeting.online_url
        )
        events.append(
            CalendarEvent(
                uid=f"meeting-{meeting.pk}@cultiva",
                title=localize(meeting.title),
                starts_at=meeting.starts_at,
                ends_at=meeting.ends_at,
                url=absolute_url(
                    reverse("meetings:detail", args=[meeting.process.slug, meeting.pk])
                ),
                location=place,
                description=localize(meeting.description),
            )
        )
    return events


def _ics_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def process_feed(request, slug: str):
    process = get_visible_process(request, slug)
    meetings = meeting_list(user=request.user, process=process)
    body = calendar_bytes(
        _events(request, meetings), name=localize(process.title), stamp=timezone.now()
    )
    return _ics_response(body, f"{process.slug}.ics")


def meeting_ics(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    meeting = meeting_in_process(request, process, pk, detailed=True)
    body = calendar_bytes(
        _events(request, [meeting]), name=localize(meeting.title), stamp=timezone.now()
    )
    return _ics_response(body, f"{process.slug}-{meeting.pk}.ics")


def personal_feed_token(user) -> str:
    return signing.Signer(salt=FEED_SALT).sign(str(user.pk)).split(":", 1)[1]


@login_required
def personal_feed_link(request):
    url = absolute_url(
        reverse("meetings:personal_feed", args=[request.user.pk, personal_feed_token(request.user)])
    )
    return render(request, "meetings/personal_feed.html", {"feed_url": url})


def personal_feed(request, user_pk: int, token: str):
    """A person's own meetings, for calendar apps that cannot log in: the URL is the secret."""
    try:
        signing.Signer(salt=FEED_SALT).unsign(f"{user_pk}:{token}")
    except signing.BadSignature:
        raise Http404 from None
    person = get_object_or_404(get_user_model(), pk=user_pk, is_active=True)
    meetings = (
        Meeting.objects.filter(
            registrations__person=person, registrations__status=Registration.Status.CONFIRMED
        )
        .select_related("process", "settlement")
        .order_by("starts_at")
    )
    language = person.preferred_language or settings.LANGUAGE_CODE
    with translation.override(language):
        body = calendar_bytes(
            _events(request, meetings), name=_("My Cultiva meetings"), stamp=timezone.now()
        )
    return _ics_response(body, "cultiva.ics")
