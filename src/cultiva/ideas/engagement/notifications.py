"""In-app notifications (and a few e-mails) about contributions.

Other features call `notify_followers` (e.g. the portfolio when a contribution is promoted,
through `notify_promoted`). `unread_notifications` is a context processor for the header.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from cultiva.accounts.notifications import notification_mail_send, wants
from cultiva.core.site import absolute_url
from cultiva.ideas.models import Contribution, Follow, Notification

# Only these are also sent by e-mail (to the contribution's author), each as its kind of
# notification e-mail (cultiva.accounts.notifications.KINDS), which the person may turn off.
EMAIL_KINDS = {"contribution.commented": "comments", "contribution.promoted": "contributions"}
EMAIL_VERBS = frozenset(EMAIL_KINDS)

Text = str | Callable[[], str]


def _language_for(person) -> str:
    codes = {code for code, _name in settings.LANGUAGES}
    language = getattr(person, "preferred_language", "") or ""
    return language if language in codes else settings.LANGUAGE_CODE


def _ids(exclude) -> set[int]:
    if exclude is None:
        return set()
    if not isinstance(exclude, Iterable) or isinstance(exclude, str):
        exclude = [exclude]
    return {getattr(item, "pk", item) for item in exclude if item is not None}


def _render(text: Text, person) -> str:
    if not callable(text):
        return str(text)[:300]
    with translation.override(_language_for(person)):
        return str(text())[:300]


def notify(*, people: Iterable, verb: str, text: Text, url: str = "") -> list[Notification]:
    """One notification per person; `text` may be a callable run in each person's language."""
    rows = [
        Notification(person=person, verb=verb, text=_render(text, person), url=url[:300])
        for person in people
    ]
    created = Notification.objects.bulk_create(rows)
    if verb in EMAIL_VERBS:
        for row in created:
            if row.pk is not None:
                _enqueue_email(row.pk)
    return created


def notify_followers(
    contribution: Contribution, verb: str, text: Text, url: str, exclude=None
) -> list[Notification]:
    """Notify everyone following the contribution, except `exclude` (a person, id or list)."""
    skip = _ids(exclude)
    follows = Follow.objects.filter(contribution=contribution).select_related("person")
    people = [f.person for f in follows if f.person_id not in skip and f.person.is_active]
    return notify(people=people, verb=verb, text=text, url=url)


def contribution_url(contribution: Contribution) -> str:
    return reverse("ideas:detail", args=[contribution.pk])


def notify_promoted(*, contribution: Contribution, project=None, actor=None) -> None:
    """The hook for the portfolio: tell the author (also by e-mail) and the followers."""
    url = contribution_url(contribution)
    title = contribution.title
    code = getattr(project, "code", "")

    def text():
        return _("“%(title)s” became part of project %(code)s.") % {"title": title, "code": code}

    skip = _ids([actor]) | {contribution.author_id}
    author = contribution.author
    if author is not None and author.pk != getattr(actor, "pk", None) and author.is_active:
        notify(people=[author], verb="contribution.promoted", text=text, url=url)
    notify_followers(contribution, "contribution.followed_promoted", text, url, exclude=skip)


# --- e-mail ---------------------------------------------------------------------------------


def _enqueue_email(notification_id: int) -> None:
    from cultiva.ideas.engagement.tasks import send_notification_email

    transaction.on_commit(lambda: send_notification_email.enqueue(notification_id))


def notification_email_send(*, notification: Notification) -> bool:
    """Send one notification by e-mail in the person's language. False if not e-mailed."""
    person = notification.person
    kind = EMAIL_KINDS.get(notification.verb)
    if kind is None or not wants(person, kind):
        return False
    link = absolute_url(notification.url) if notification.url else ""
    context = {"notification": notification, "person": person, "link": link}
    language = _language_for(person)
    with translation.override(language):
        subject = render_to_string("ideas/engagement/email/notification_subject.txt", context)
        body = render_to_string("ideas/engagement/email/notification.txt", context)
    return notification_mail_send(
        person=person, kind=kind, subject=subject, body=body, language=language, check=False
    )


# --- header ---------------------------------------------------------------------------------


def unread_count(person) -> int:
    if not getattr(person, "is_authenticated", False):
        return 0
    return Notification.objects.filter(person=person, read_at__isnull=True).count()


def unread_notifications(request):
    """Context processor: `unread_notifications` (counted only when a template uses it)."""
    user = getattr(request, "user", None)
    return {"unread_notifications": SimpleLazyObject(lambda: unread_count(user))}
