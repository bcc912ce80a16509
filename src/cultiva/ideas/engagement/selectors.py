"""Reads for the engagement panel, the moderation queue and the notifications page.

Query counts do not grow with the number of comments, reports or notifications.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Q

from cultiva.ideas.models import Comment, Contribution, Follow, Notification, Report, Support


@dataclass
class ThreadedComment:
    comment: Comment
    depth: int
    replies: list[ThreadedComment] = field(default_factory=list)


def comment_tree(*, contribution: Contribution) -> list[ThreadedComment]:
    """Top-level comments with their replies nested, oldest first. One query."""
    comments = list(
        Comment.objects.filter(contribution=contribution)
        .select_related("author", "hidden_by")
        .order_by("created_at", "id")
    )
    nodes = {c.pk: ThreadedComment(comment=c, depth=1) for c in comments}
    roots: list[ThreadedComment] = []
    for c in comments:
        node = nodes[c.pk]
        parent = nodes.get(c.parent_id) if c.parent_id else None
        if parent is None:
            roots.append(node)
        else:
            parent.replies.append(node)
    stack = [(root, 1) for root in roots]
    while stack:
        node, depth = stack.pop()
        node.depth = depth
        stack.extend((child, depth + 1) for child in node.replies)
    return roots


@dataclass
class EngagementState:
    support_count: int
    supported: bool
    following: bool
    comment_count: int
    reported_comment_ids: set[int]
    reported_contribution: bool


def engagement_state(*, contribution: Contribution, user) -> EngagementState:
    """Counts and the user's own marks. A fixed number of queries."""
    counts = Contribution.objects.filter(pk=contribution.pk).aggregate(
        supports=Count("supports", distinct=True),
        comments=Count("comments", distinct=True),
    )
    supported = following = reported = False
    reported_ids: set[int] = set()
    if user.is_authenticated:
        supported = Support.objects.filter(contribution=contribution, person=user).exists()
        following = Follow.objects.filter(contribution=contribution, person=user).exists()
        mine = Report.objects.filter(reporter=user).filter(
            Q(contribution=contribution) | Q(comment__contribution=contribution)
        )
        for contribution_id, comment_id in mine.values_list("contribution_id", "comment_id"):
            if contribution_id:
                reported = True
            else:
                reported_ids.add(comment_id)
    return EngagementState(
        support_count=counts["supports"] or 0,
        supported=supported,
        following=following,
        comment_count=counts["comments"] or 0,
        reported_comment_ids=reported_ids,
        reported_contribution=reported,
    )


def open_reports(*, process) -> list[Report]:
    """Unresolved reports on the process's contributions and comments, newest first."""
    return list(
        Report.objects.filter(resolved_at__isnull=True)
        .filter(Q(contribution__process=process) | Q(comment__contribution__process=process))
        .select_related(
            "reporter",
            "contribution__author",
            "comment__author",
            "comment__hidden_by",
            "comment__contribution",
        )
        .order_by("-created_at", "-id")
    )


def notifications_of(*, person, limit: int = 100) -> list[Notification]:
    return list(Notification.objects.filter(person=person).order_by("-created_at", "-id")[:limit])


def report_detail(*, pk: int) -> Report:
    return Report.objects.select_related(
        "contribution__process", "comment__contribution__process"
    ).get(pk=pk)


def comment_detail(*, pk: int) -> Comment:
    return Comment.objects.select_related("contribution__process", "author").get(pk=pk)
