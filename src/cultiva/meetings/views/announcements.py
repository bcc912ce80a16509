"""Announcements: the list of what was sent, writing one (preview, then send), reading one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import ngettext

from cultiva.core.forms import error_text
from cultiva.meetings import rules
from cultiva.meetings.forms.announcements import AnnouncementForm
from cultiva.meetings.models import Announcement
from cultiva.meetings.selectors.announcements import (
    announcement_in_process,
    announcement_list,
    announcement_recipients,
)
from cultiva.meetings.services.announcements import announcement_send
from cultiva.processes.views import get_visible_process


def _recipients_text(count: int) -> str:
    return ngettext(
        "%(count)s person will get this announcement.",
        "%(count)s people will get this announcement.",
        count,
    ) % {"count": count}


@login_required
def announcements_index(request, slug: str):
    process = get_visible_process(request, slug)
    rules.can_send_announcements(request.user, process).enforce()
    return render(
        request,
        "meetings/announcements/list.html",
        {"process": process, "announcements": announcement_list(process=process)},
    )


@login_required
def announcement_new(request, slug: str):
    """Write; "Preview" shows how many people it reaches; only then "Send" appears."""
    process = get_visible_process(request, slug)
    rules.can_send_announcements(request.user, process).enforce()
    initial = {
        key: request.GET[key] for key in ("audience", "meeting", "role") if request.GET.get(key)
    }
    form = AnnouncementForm(request.POST or None, process=process, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = {
            "process": process,
            "audience": data["audience"],
            "role": data.get("role") or "",
            "meeting": data.get("meeting"),
        }
        if "send" in request.POST:
            subject, body = form.texts()
            try:
                announcement = announcement_send(
                    **target, actor=request.user, subject=subject, body=body
                )
            except ValidationError as error:
                form.add_error(None, error_text(error))
            else:
                messages.success(
                    request,
                    ngettext(
                        "The announcement is on its way to %(count)s person.",
                        "The announcement is on its way to %(count)s people.",
                        announcement.recipients_count,
                    )
                    % {"count": announcement.recipients_count},
                )
                return redirect("meetings:announcement", slug=process.slug, pk=announcement.pk)
        else:
            count = announcement_recipients(**target).count()
            preview = {"count": count, "text": _recipients_text(count)}
    return render(
        request,
        "meetings/announcements/form.html",
        {"process": process, "form": form, "preview": preview},
    )


@login_required
def announcement_view(request, slug: str, pk: int):
    process = get_visible_process(request, slug)
    rules.can_send_announcements(request.user, process).enforce()
    try:
        announcement = announcement_in_process(process=process, pk=pk)
    except Announcement.DoesNotExist:
        raise Http404 from None
    versions = [
        (code, name, announcement.subject.get(code), announcement.body.get(code))
        for code, name in settings.LANGUAGES
        if announcement.subject.get(code)
    ]
    return render(
        request,
        "meetings/announcements/detail.html",
        {"process": process, "announcement": announcement, "versions": versions},
    )
