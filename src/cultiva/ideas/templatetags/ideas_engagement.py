"""The engagement panel of the contribution page: supports, follow, threaded comments."""

from django import template
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from cultiva.ideas import rules
from cultiva.ideas.engagement import selectors
from cultiva.ideas.engagement.forms import CommentForm
from cultiva.ideas.engagement.notifications import unread_count
from cultiva.ideas.models import Contribution

register = template.Library()


@register.simple_tag(takes_context=True)
def engagement_panel(context, contribution):
    request = context["request"]
    user = request.user
    state = selectors.engagement_state(contribution=contribution, user=user)
    can_moderate = bool(rules.can_moderate(user, contribution.process))
    html = render_to_string(
        "ideas/engagement/panel.html",
        {
            "contribution": contribution,
            "state": state,
            "comments": selectors.comment_tree(contribution=contribution),
            "support_verdict": rules.can_support(user, contribution),
            "comment_verdict": rules.can_comment(user, contribution),
            "can_follow": bool(rules.can_follow(user, contribution)),
            "can_report": bool(rules.can_report(user, contribution)),
            "can_moderate": can_moderate,
            "is_hidden": contribution.status == Contribution.Status.HIDDEN,
            "can_hide": can_moderate and contribution.status == Contribution.Status.SUBMITTED,
            "comment_form": CommentForm(),
        },
        request=request,
    )
    return mark_safe(html)  # noqa: S308 - rendered by a template with autoescaping


@register.simple_tag(takes_context=True)
def unread_notifications_count(context) -> int:
    """For the header: `{% unread_notifications_count as n %}`."""
    request = context.get("request")
    return unread_count(getattr(request, "user", None))
