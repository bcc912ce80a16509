"""Contribution page panels of the duplicates feature: "merged into …" and "also proposed by"."""

from __future__ import annotations

from django import template

from cultiva.ideas.models import Contribution
from cultiva.synthesis import rules
from cultiva.synthesis.selectors import duplicates as selectors

register = template.Library()


@register.inclusion_tag("synthesis/duplicates/_merge_banner.html", takes_context=True)
def merge_banner(context, contribution: Contribution):
    """On a merged contribution: where it went (one query, only for merged ones)."""
    merge = selectors.merge_given(contribution)
    user = context["request"].user
    kept = merge.kept if merge else None
    if kept is None and contribution.status == Contribution.Status.MERGED:
        kept = contribution.merged_into
    return {
        "contribution": contribution,
        "merge": merge,
        "kept": kept,
        "can_undo": bool(merge) and bool(rules.can_review_duplicates(user, contribution.process)),
        "request": context["request"],
    }


@register.inclusion_tag("synthesis/duplicates/_also_proposed.html", takes_context=True)
def also_proposed_by(context, contribution: Contribution):
    """On a kept contribution: the authors and provenance of the duplicates merged into it."""
    merges = selectors.merges_received(contribution)
    user = context["request"].user
    return {
        "contribution": contribution,
        "merges": merges,
        "can_undo": bool(merges) and bool(rules.can_review_duplicates(user, contribution.process)),
        "request": context["request"],
    }
