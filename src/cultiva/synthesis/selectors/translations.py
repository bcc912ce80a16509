"""The translation queue: public content of a process still missing a version in one of the
official languages (poll statements, themes of the summary, contributions).

A fixed number of queries however many rows there are: statements and themes are read once and
checked in Python (their versions are in one JSON column); contributions are filtered in the
database, counted, and the first `limit` of them read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef, Q

from cultiva.core.i18n import official_languages
from cultiva.ideas.models import Contribution, ContributionTranslation
from cultiva.ideas.rules import PUBLIC_STATUSES
from cultiva.synthesis.models import Conversation, Statement, Theme, ThemeBoard

SHOWN_ROWS = 100


@dataclass
class TranslationQueue:
    statements: list[Statement] = field(default_factory=list)
    themes: list[Theme] = field(default_factory=list)
    contributions: list[Contribution] = field(default_factory=list)
    contribution_count: int = 0
    summary_published: bool = False

    @property
    def total(self) -> int:
        return len(self.statements) + len(self.themes) + self.contribution_count


def translation_queue(*, process, limit: int = SHOWN_ROWS) -> TranslationQueue:
    queue = TranslationQueue()
    # Statements put to a vote (Pol.is imports are read only on the facilitators' map).
    statements = (
        Statement.objects.filter(
            conversation__process=process, moderation=Statement.Moderation.ACCEPTED
        )
        .exclude(conversation__source=Conversation.Source.POLIS)
        .select_related("conversation")
        .order_by("conversation_id", "pk")
    )
    queue.statements = [s for s in statements if s.missing_languages]
    queue.themes = [t for t in Theme.objects.filter(process=process) if t.missing_languages]
    queue.summary_published = ThemeBoard.objects.filter(
        process=process, published_at__isnull=False
    ).exists()

    languages = official_languages()
    translated = {
        code: Exists(
            ContributionTranslation.objects.filter(contribution=OuterRef("pk"), language=code)
        )
        for code in languages
    }
    lacking = Q(pk__in=[])
    for code in languages:
        lacking |= ~Q(language=code) & Q(**{f"has_{code}": False})
    contributions = (
        Contribution.objects.filter(process=process, status__in=PUBLIC_STATUSES)
        .annotate(**{f"has_{code}": expression for code, expression in translated.items()})
        .filter(lacking)
        .order_by("-created_at", "-pk")
    )
    queue.contribution_count = contributions.count()
    queue.contributions = list(contributions.only("pk", "title", "language", "kind")[:limit])
    for contribution in queue.contributions:
        contribution.missing_languages = [
            code
            for code in languages
            if code != contribution.language and not getattr(contribution, f"has_{code}")
        ]
    return queue
