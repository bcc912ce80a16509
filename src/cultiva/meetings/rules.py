"""Who may see meetings."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from cultiva.core.rules import ALLOW, Verdict, deny
from cultiva.meetings.models import Meeting
from cultiva.processes.rules import STAFF_ROLES, can_view_process, has_role


def visible_meetings_q(user, process) -> Q:
    if has_role(user, process, *STAFF_ROLES):
        return Q()
    return Q(is_published=True)


def can_view_meeting(user, meeting: Meeting) -> Verdict:
    verdict = can_view_process(user, meeting.process)
    if not verdict:
        return verdict
    if meeting.is_published or has_role(user, meeting.process, *STAFF_ROLES):
        return ALLOW
    return deny(_("This meeting is not published yet."))
