"""Minutes of a meeting: reading, writing (every save a revision), history, publishing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from cultiva.core.forms import error_text
from cultiva.core.markdown import render_markdown
from cultiva.meetings import rules
from cultiva.meetings.forms.minutes import MinutesForm
from cultiva.meetings.models import MinutesRevision
from cultiva.meetings.selectors.minutes import (
    meeting_contributions,
    minutes_for_meeting,
    minutes_revision,
    minutes_revisions,
)
from cultiva.meetings.services.minutes import (
    MinutesConflict,
    latest_revision_number,
    minutes_save,
    minutes_set_published,
)
from cultiva.meetings.views.common import meeting_in_process
from cultiva.processes.views import get_visible_process


def minutes_view(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    meeting = meeting_in_process(request, process, pk)
    minutes = minutes_for_meeting(meeting=meeting)
    can_read = minutes is not None and bool(rules.can_view_minutes(request.user, minutes))
    return render(
        request,
        "meetings/minutes/detail.html",
        {
            "process": process,
            "meeting": meeting,
            "minutes": minutes if can_read else None,
            "body_html": render_markdown(minutes.body) if can_read else "",
            "can_edit": rules.can_edit_minutes(request.user, meeting),
            "contributions": meeting_contributions(user=request.user, meeting=meeting),
        },
    )


@login_required
def minutes_edit(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    meeting = meeting_in_process(request, process, pk)
    rules.can_edit_minutes(request.user, meeting).enforce()
    minutes = minutes_for_meeting(meeting=meeting)
    latest = latest_revision_number(minutes)
    initial = {"body": minutes.body if minutes else "", "base_revision": latest}
    form = MinutesForm(request.POST or None, initial=initial)
    preview = ""
    if request.method == "POST" and form.is_valid():
        body = form.cleaned_data["body"]
        if "preview" in request.POST:
            preview = render_markdown(body)
        else:
            try:
                revision = minutes_save(
                    meeting=meeting,
                    actor=request.user,
                    body=body,
                    base_revision=form.cleaned_data["base_revision"],
                )
            except MinutesConflict as conflict:
                form = MinutesForm(
                    initial={"body": body, "base_revision": conflict.latest},
                )
                messages.error(
                    request,
                    _(
                        "Someone saved a newer version while you were writing. Your text is "
                        "kept below: compare it with the history, then save again."
                    ),
                )
            except ValidationError as error:
                form.add_error("body", error)
            else:
                if revision is None:
                    messages.info(request, _("Nothing has changed."))
                else:
                    messages.success(
                        request,
                        _("The minutes are saved (version %(number)s).")
                        % {"number": revision.number},
                    )
                return redirect("meetings:minutes", slug=process.slug, pk=meeting.pk)
    return render(
        request,
        "meetings/minutes/form.html",
        {
            "process": process,
            "meeting": meeting,
            "minutes": minutes,
            "form": form,
            "preview": preview,
        },
    )


@login_required
def minutes_history(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    meeting = meeting_in_process(request, process, pk)
    rules.can_edit_minutes(request.user, meeting).enforce()
    minutes = minutes_for_meeting(meeting=meeting)
    revisions = minutes_revisions(minutes=minutes) if minutes else []
    return render(
        request,
        "meetings/minutes/history.html",
        {"process": process, "meeting": meeting, "minutes": minutes, "revisions": revisions},
    )


@login_required
def minutes_revision_view(request, slug: str, pk: int, number: int):
    process = get_visible_process(request, slug)
    meeting = meeting_in_process(request, process, pk)
    rules.can_edit_minutes(request.user, meeting).enforce()
    minutes = minutes_for_meeting(meeting=meeting)
    if minutes is None:
        raise Http404
    try:
        revision = minutes_revision(minutes=minutes, number=number)
    except MinutesRevision.DoesNotExist:
        raise Http404 from None
    return render(
        request,
        "meetings/minutes/revision.html",
        {
            "process": process,
            "meeting": meeting,
            "minutes": minutes,
            "revision": revision,
            "body_html": render_markdown(revision.body),
            "latest": latest_revision_number(minutes),
        },
    )


@require_POST
@login_required
def minutes_publish(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    meeting = meeting_in_process(request, process, pk)
    rules.can_edit_minutes(request.user, meeting).enforce()
    publish = request.POST.get("publish") == "1"
    try:
        minutes_set_published(meeting=meeting, actor=request.user, publish=publish)
    except ValidationError as error:
        messages.error(request, error_text(error))
    else:
        messages.success(
            request,
            _("The minutes are published.") if publish else _("The minutes are withdrawn."),
        )
    return redirect("meetings:minutes", slug=process.slug, pk=meeting.pk)
