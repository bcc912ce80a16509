"""Writes for supports, comments, follows, reports and moderation. One transaction each."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record
from cultiva.ideas import rules
from cultiva.ideas import services as contribution_services
from cultiva.ideas.engagement.notifications import contribution_url, notify, notify_followers
from cultiva.ideas.models import Comment, Contribution, Follow, Report, Support

COMMENT_MAX_LENGTH = 2000
MAX_DEPTH = 3  # a comment, a reply, a reply to the reply; deeper replies join the third level


# --- supports and follows -------------------------------------------------------------------


@transaction.atomic
def support_toggle(*, contribution: Contribution, person) -> bool:
    """Support the contribution, or withdraw the support. Returns True when now supporting."""
    rules.can_support(person, contribution).enforce()
    existing = Support.objects.filter(contribution=contribution, person=person).first()
    if existing is not None:
        existing.delete()
        supported = False
    else:
        try:
            with transaction.atomic():
                Support.objects.create(contribution=contribution, person=person)
        except IntegrityError:  # a double click: already there
            return True
        supported = True
    activity_record(
        actor=person,
        verb="contribution.supported" if supported else "contribution.support_withdrawn",
        target=contribution,
        process=contribution.process,
        changes={"supported": [not supported, supported]},
    )
    return supported


def _follow(contribution: Contribution, person) -> bool:
    _follow_row, created = Follow.objects.get_or_create(contribution=contribution, person=person)
    return created


@transaction.atomic
def follow_toggle(*, contribution: Contribution, person) -> bool:
    """Follow or unfollow. Returns True when now following."""
    rules.can_follow(person, contribution).enforce()
    deleted, _rows = Follow.objects.filter(contribution=contribution, person=person).delete()
    following = not deleted
    if following:
        _follow(contribution, person)
    activity_record(
        actor=person,
        verb="contribution.followed" if following else "contribution.unfollowed",
        target=contribution,
        process=contribution.process,
        changes={"following": [not following, following]},
    )
    return following


# --- comments -------------------------------------------------------------------------------


def _clean_body(body: str) -> str:
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write something first.")})
    if len(body) > COMMENT_MAX_LENGTH:
        raise ValidationError(
            {
                "body": _("A comment can be at most %(max)s characters.")
                % {"max": COMMENT_MAX_LENGTH}
            }
        )
    return body


def _thread_parent(parent: Comment) -> Comment:
    """The comment a reply attaches to: never deeper than MAX_DEPTH."""
    chain = [parent]
    while chain[-1].parent_id is not None:
        chain.append(chain[-1].parent)
    # chain[-1] is the top-level comment (depth 1); chain[0] the one replied to.
    depth = len(chain)
    if depth < MAX_DEPTH:
        return parent
    return chain[depth - MAX_DEPTH + 1]  # the ancestor at depth MAX_DEPTH - 1


@transaction.atomic
def comment_create(
    *, contribution: Contribution, author, body: str, parent: Comment | None = None
) -> Comment:
    rules.can_comment(author, contribution).enforce()
    body = _clean_body(body)
    if parent is not None:
        if parent.contribution_id != contribution.pk:
            raise ValidationError(_("You can only reply to a comment on this contribution."))
        replied_to, parent = parent, _thread_parent(parent)
        if replied_to.is_hidden or parent.is_hidden:
            message = _("A moderator has hidden this comment: it can no longer be replied to.")
            raise ValidationError({"parent": message})
    comment = Comment.objects.create(
        contribution=contribution, author=author, body=body, parent=parent
    )
    activity_record(
        actor=author,
        verb="comment.created",
        target=comment,
        process=contribution.process,
        changes={"contribution": contribution.pk, "parent": parent.pk if parent else None},
    )
    _follow(contribution, author)
    url = f"{contribution_url(contribution)}#comment-{comment.pk}"
    title = contribution.title
    name = author.public_name
    if contribution.author_id and contribution.author_id != author.pk:
        notify(
            people=[contribution.author],
            verb="contribution.commented",
            text=lambda: (
                _("%(name)s commented on your contribution “%(title)s”.")
                % {"name": name, "title": title}
            ),
            url=url,
        )
    notify_followers(
        contribution,
        "contribution.followed_commented",
        lambda: _("New comment on “%(title)s”.") % {"title": title},
        url,
        exclude=[author.pk, contribution.author_id],
    )
    return comment


# --- reports --------------------------------------------------------------------------------


@transaction.atomic
def report_create(
    *, reporter, reason: str, contribution: Contribution | None = None, comment=None
) -> Report:
    """Flag a contribution or a comment for the moderators, once per person and target."""
    if (contribution is None) == (comment is None):
        raise ValueError("Report exactly one of a contribution or a comment.")
    owner = contribution if contribution is not None else comment.contribution
    rules.can_report(reporter, owner).enforce()
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Tell the moderators what is wrong.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("The reason can be at most 300 characters.")})
    target = {"contribution": contribution} if contribution is not None else {"comment": comment}
    if Report.objects.filter(reporter=reporter, **target).exists():
        raise ValidationError(_("You have already reported this."))
    report = Report.objects.create(reporter=reporter, reason=reason, **target)
    activity_record(
        actor=reporter,
        verb="report.created",
        target=report,
        process=owner.process,
        changes={
            "contribution": contribution.pk if contribution else None,
            "comment": comment.pk if comment else None,
            "reason": reason,
        },
    )
    return report


def _resolve_reports(*, actor, process, **target) -> int:
    reports = list(Report.objects.filter(resolved_at__isnull=True, **target))
    now = timezone.now()
    for report in reports:
        report.resolved_at = now
        report.resolved_by = actor
        report.save(update_fields=["resolved_at", "resolved_by"])
        activity_record(
            actor=actor,
            verb="report.resolved",
            target=report,
            process=process,
            changes={"resolved": [False, True]},
        )
    return len(reports)


@transaction.atomic
def report_resolve(*, report: Report, actor) -> Report:
    """Close a report without hiding anything (or after hiding)."""
    owner = report.contribution if report.contribution_id else report.comment.contribution
    rules.can_moderate(actor, owner.process).enforce()
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.resolved_at is None:
        report.resolved_at = timezone.now()
        report.resolved_by = actor
        report.save(update_fields=["resolved_at", "resolved_by"])
        activity_record(
            actor=actor,
            verb="report.resolved",
            target=report,
            process=owner.process,
            changes={"resolved": [False, True]},
        )
    return report


# --- moderation -----------------------------------------------------------------------------


def _clean_reason(reason: str, *, required: bool) -> str:
    reason = (reason or "").strip()
    if required and not reason:
        raise ValidationError({"reason": _("Give a reason: the author and readers will see it.")})
    if len(reason) > 300:
        raise ValidationError({"reason": _("The reason can be at most 300 characters.")})
    return reason


@transaction.atomic
def comment_hide(*, comment: Comment, actor, reason: str) -> Comment:
    process = comment.contribution.process
    rules.can_moderate(actor, process).enforce()
    reason = _clean_reason(reason, required=True)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    before = {"is_hidden": comment.is_hidden, "hidden_reason": comment.hidden_reason}
    comment.is_hidden = True
    comment.hidden_reason = reason
    comment.hidden_by = actor
    comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_by"])
    activity_record(
        actor=actor,
        verb="comment.hidden",
        target=comment,
        process=process,
        changes={
            "is_hidden": [before["is_hidden"], True],
            "hidden_reason": [before["hidden_reason"], reason],
            "reason": reason,
        },
    )
    _resolve_reports(actor=actor, process=process, comment=comment)
    if comment.author_id != actor.pk:
        notify(
            people=[comment.author],
            verb="comment.hidden",
            text=lambda: _("A moderator hid your comment: %(reason)s") % {"reason": reason},
            url=f"{contribution_url(comment.contribution)}#comment-{comment.pk}",
        )
    return comment


@transaction.atomic
def comment_restore(*, comment: Comment, actor, reason: str = "") -> Comment:
    process = comment.contribution.process
    rules.can_moderate(actor, process).enforce()
    reason = _clean_reason(reason, required=False)
    comment = Comment.objects.select_for_update().get(pk=comment.pk)
    before = {"is_hidden": comment.is_hidden, "hidden_reason": comment.hidden_reason}
    comment.is_hidden = False
    comment.hidden_reason = ""
    comment.hidden_by = None
    comment.save(update_fields=["is_hidden", "hidden_reason", "hidden_by"])
    activity_record(
        actor=actor,
        verb="comment.restored",
        target=comment,
        process=process,
        changes={
            "is_hidden": [before["is_hidden"], False],
            "hidden_reason": [before["hidden_reason"], ""],
            "reason": reason,
        },
    )
    if comment.author_id != actor.pk:
        notify(
            people=[comment.author],
            verb="comment.restored",
            text=lambda: _("A moderator restored your comment."),
            url=f"{contribution_url(comment.contribution)}#comment-{comment.pk}",
        )
    return comment


def contribution_hide(*, contribution: Contribution, actor, reason: str) -> Contribution:
    """Hide through the contribution workflow, then close its reports and tell the author."""
    reason = _clean_reason(reason, required=True)
    with transaction.atomic():
        contribution = contribution_services.contribution_change_status(
            contribution=contribution, actor=actor, target=Contribution.Status.HIDDEN, reason=reason
        )
        _resolve_reports(actor=actor, process=contribution.process, contribution=contribution)
        _tell_author(
            contribution,
            actor,
            "contribution.hidden",
            lambda: (
                _("A moderator hid your contribution “%(title)s”: %(reason)s")
                % {"title": contribution.title, "reason": reason}
            ),
        )
    return contribution


def contribution_restore(*, contribution: Contribution, actor, reason: str = "") -> Contribution:
    reason = _clean_reason(reason, required=False)
    with transaction.atomic():
        contribution = contribution_services.contribution_change_status(
            contribution=contribution,
            actor=actor,
            target=Contribution.Status.SUBMITTED,
            reason=reason,
        )
        _tell_author(
            contribution,
            actor,
            "contribution.restored",
            lambda: (
                _("A moderator restored your contribution “%(title)s”.")
                % {"title": contribution.title}
            ),
        )
    return contribution


def _tell_author(contribution: Contribution, actor, verb: str, text) -> None:
    if contribution.author_id and contribution.author_id != actor.pk:
        notify(
            people=[contribution.author],
            verb=verb,
            text=text,
            url=contribution_url(contribution),
        )


# --- notifications --------------------------------------------------------------------------


@transaction.atomic
def notifications_mark_read(*, person, ids=None) -> int:
    """Mark the person's notifications read (all, or only `ids`). Not logged: private state."""
    from cultiva.ideas.models import Notification

    rows = Notification.objects.filter(person=person, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=list(ids))
    return rows.update(read_at=timezone.now())
