"""Reads of feedback: the process's questions, and a meeting's results summarised.

The results take three queries whatever the number of responses: the questions, the
answers (one column), and the number of participants.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import QuerySet

from cultiva.meetings.models import FeedbackQuestion, FeedbackResponse, Meeting, Registration

RATINGS = (1, 2, 3, 4, 5)


def feedback_questions(*, process) -> QuerySet[FeedbackQuestion]:
    return FeedbackQuestion.objects.filter(process=process).order_by("position", "id")


def has_given_feedback(*, user, meeting: Meeting) -> bool:
    return (
        user.is_authenticated
        and FeedbackResponse.objects.filter(meeting=meeting, respondent=user).exists()
    )


@dataclass
class QuestionResult:
    question: FeedbackQuestion
    counts: dict[int, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))
    texts: list[str] = field(default_factory=list)

    @property
    def is_rating(self) -> bool:
        return self.question.kind == FeedbackQuestion.Kind.RATING

    @property
    def answered(self) -> int:
        return sum(self.counts.values()) if self.is_rating else len(self.texts)

    @property
    def average(self) -> float | None:
        total = sum(self.counts.values())
        if not total:
            return None
        return sum(rating * count for rating, count in self.counts.items()) / total

    @property
    def rows(self) -> list[tuple[int, int, float]]:
        """(rating, answers, share in per cent) for the data table."""
        total = sum(self.counts.values()) or 1
        return [(rating, count, 100 * count / total) for rating, count in self.counts.items()]


@dataclass
class FeedbackResults:
    responses: int
    participants: int
    questions: list[QuestionResult]


def feedback_results(*, meeting: Meeting) -> FeedbackResults:
    questions = list(feedback_questions(process=meeting.process))
    results = {str(q.pk): QuestionResult(question=q) for q in questions}
    answers_list = list(
        FeedbackResponse.objects.filter(meeting=meeting)
        .order_by("created_at", "id")
        .values_list("answers", flat=True)
    )
    for answers in answers_list:
        if not isinstance(answers, dict):
            continue
        for key, value in answers.items():
            result = results.get(key)
            if result is None:
                continue
            if result.is_rating:
                if isinstance(value, int) and value in result.counts:
                    result.counts[value] += 1
            elif isinstance(value, str) and value.strip():
                result.texts.append(value)
    participants = (
        Registration.objects.filter(meeting=meeting, status=Registration.Status.CONFIRMED)
        .values("person")
        .count()
    )
    return FeedbackResults(
        responses=len(answers_list),
        participants=participants,
        questions=list(results.values()),
    )
