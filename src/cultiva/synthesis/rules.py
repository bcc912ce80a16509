"""Who may use the synthesis tools. Every view and service asks here."""

from __future__ import annotations

from django.utils.translation import gettext as _

from cultiva.core.rules import ALLOW, Verdict, deny
from cultiva.processes.rules import can_facilitate, can_view_process


def can_curate_themes(user, process) -> Verdict:
    """Run the clustering, rename, move, split, merge, lock, publish and promote themes."""
    return can_facilitate(user, process)


def can_view_theme_summary(user, process) -> Verdict:
    """The public summary of themes: once published, for everyone who can see the process."""
    if can_facilitate(user, process):
        return ALLOW
    verdict = can_view_process(user, process)
    if not verdict:
        return verdict
    from cultiva.synthesis.models import ThemeBoard

    try:
        published = process.theme_board.published_at is not None
    except ThemeBoard.DoesNotExist:
        published = False
    if not published:
        return deny(_("The themes of this process are not published yet."))
    return ALLOW


def can_view_translation_queue(user, process) -> Verdict:
    """The list of public content still missing a version in an official language."""
    return can_facilitate(user, process)


def can_review_duplicates(user, process) -> Verdict:
    """The duplicate queue, merging and undoing merges."""
    return can_facilitate(user, process)


def can_see_similar(user, process) -> Verdict:
    """ "Similar contributions already exist" while typing: anyone who may contribute."""
    if not user.is_authenticated:
        return deny(_("Sign in to contribute."))
    return can_view_process(user, process)


def can_manage_conversations(user, process) -> Verdict:
    """Create opinion polls, add and moderate statements, import Pol.is, see the opinion map."""
    return can_facilitate(user, process)


def can_vote_in_conversation(user, conversation) -> Verdict:
    if not user.is_authenticated:
        return deny(_("Sign in to vote."))
    verdict = can_view_process(user, conversation.process)
    if not verdict:
        return verdict
    if not conversation.is_open:
        return deny(_("Voting in this poll is closed."))
    if conversation.source == conversation.Source.POLIS:
        return deny(_("Imported Pol.is conversations take no new votes."))
    return ALLOW


def can_view_conversation(user, conversation) -> Verdict:
    """Facilitators see every poll; participants the open ones of a process they can see."""
    if can_manage_conversations(user, conversation.process):
        return ALLOW
    verdict = can_view_process(user, conversation.process)
    if not verdict:
        return verdict
    if not conversation.is_open or conversation.source == conversation.Source.POLIS:
        return deny(_("This poll is closed."))
    return ALLOW


def can_propose_statement(user, conversation) -> Verdict:
    """Participants add statements of their own (moderated) when the poll allows it."""
    verdict = can_vote_in_conversation(user, conversation)
    if not verdict:
        return verdict
    if not conversation.allow_statements:
        return deny(_("This poll takes no statements from participants."))
    return ALLOW
