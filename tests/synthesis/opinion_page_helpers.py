"""Polls, statements and votes for O2's page and service tests."""

from __future__ import annotations

from cultiva.synthesis.models import Conversation, OpinionVote, Statement
from tests.synthesis.opinion_helpers import planted_votes


def make_conversation(process, *, statements: int = 3, creator=None, **kw) -> Conversation:
    kw.setdefault("title", "Mi legyen a megye kulturális stratégiájában?")
    conversation = Conversation.objects.create(process=process, created_by=creator, **kw)
    Statement.objects.bulk_create(
        Statement(conversation=conversation, text={"hu": f"Állítás {i}"}, language="hu")
        for i in range(statements)
    )
    return conversation


def statements_of(conversation) -> list[Statement]:
    return list(conversation.statements.order_by("pk"))


def plant_votes(conversation, *, groups: int = 3, per_group: int = 20, seed: int = 0, **kw):
    """40 statements and `groups` planted opinion groups of external voters (`kw`: missing,
    noise of `planted_votes`); returns ({external voter: group}, the 40 statements)."""
    votes, truth = planted_votes(groups=groups, per_group=per_group, seed=seed, **kw)
    existing = statements_of(conversation)
    missing = 40 - len(existing)
    if missing > 0:
        Statement.objects.bulk_create(
            Statement(
                conversation=conversation, text={"hu": f"Tervezett állítás {i}"}, language="hu"
            )
            for i in range(missing)
        )
    statements = statements_of(conversation)[:40]
    OpinionVote.objects.bulk_create(
        OpinionVote(
            statement=statements[int(statement)], external_voter=f"p{participant}", value=value
        )
        for participant, statement, value in votes
    )
    return {f"p{participant}": group for participant, group in truth.items()}, statements
