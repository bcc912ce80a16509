"""Writes of feedback: the process's questions (coordinators) and participants' answers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from cultiva.core.activity import activity_record, field_changes
from cultiva.meetings import rules
from cultiva.meetings.models import FeedbackQuestion, FeedbackResponse, Meeting

MAX_TEXT_ANSWER = 4000


class FeedbackAlreadyGiven(Exception):  # noqa: N818 - reads better at the call site
    """The person has already answered this meeting's feedback form."""


def question_is_answered(*, question: FeedbackQuestion) -> bool:
    return FeedbackResponse.objects.filter(
        meeting__process_id=question.process_id, answers__has_key=str(question.pk)
    ).exists()


def _question_values(question: FeedbackQuestion) -> dict[str, Any]:
    return {
        "label": question.label,
        "kind": question.kind,
        "is_required": question.is_required,
        "position": question.position,
    }


@transaction.atomic
def feedback_question_create(
    *,
    actor,
    process,
    label: dict[str, str],
    kind: str = FeedbackQuestion.Kind.RATING,
    is_required: bool = False,
    position: int = 0,
) -> FeedbackQuestion:
    rules.can_manage_feedback_questions(actor, process).enforce()
    if not label:
        raise ValidationError(_("Fill in the text in at least one language."), code="label")
    question = FeedbackQuestion.objects.create(
        process=process, label=label, kind=kind, is_required=is_required, position=position
    )
    activity_record(
        actor=actor,
        verb="feedback_question.created",
        target=question,
        process=process,
        changes=_question_values(question),
    )
    return question


@transaction.atomic
def feedback_question_update(
    *,
    actor,
    question: FeedbackQuestion,
    label: dict[str, str],
    kind: str,
    is_required: bool,
    position: int,
) -> FeedbackQuestion:
    rules.can_manage_feedback_questions(actor, question.process).enforce()
    if not label:
        raise ValidationError(_("Fill in the text in at least one language."), code="label")
    if kind != question.kind and question_is_answered(question=question):
        raise ValidationError(
            _("People have already answered this question, so its kind cannot change."),
            code="kind",
        )
    before = _question_values(question)
    question.label = label
    question.kind = kind
    question.is_required = is_required
    question.position = position
    question.save()
    changes = field_changes(before, _question_values(question))
    if changes:
        activity_record(
            actor=actor,
            verb="feedback_question.updated",
            target=question,
            process=question.process,
            changes=changes,
        )
    return question


@transaction.atomic
def feedback_question_delete(*, actor, question: FeedbackQuestion) -> None:
    rules.can_manage_feedback_questions(actor, question.process).enforce()
    if question_is_answered(question=question):
        raise ValidationError(
            _("People have already answered this question, so it cannot be deleted."),
            code="answered",
        )
    activity_record(
        actor=actor,
        verb="feedback_question.deleted",
        target=question,
        process=question.process,
        changes={"label": question.label},
    )
    question.delete()


def clean_answers(
    questions: list[FeedbackQuestion], answers: dict[Any, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """The answers to keep, keyed by question id as text; and the problems per question id."""
    cleaned: dict[str, Any] = {}
    problems: dict[str, str] = {}
    for question in questions:
        key = str(question.pk)
        value = answers.get(question.pk, answers.get(key))
        if isinstance(value, str):
            value = value.strip()
        if value in (None, ""):
            if question.is_required:
                problems[key] = _("This answer is required.")
            continue
        if question.kind == FeedbackQuestion.Kind.RATING:
            try:
                rating = int(value)
            except (TypeError, ValueError):
                rating = 0
            if not 1 <= rating <= 5:
                problems[key] = _("Choose a rating from 1 to 5.")
                continue
            cleaned[key] = rating
        else:
            text = str(value)
            if len(text) > MAX_TEXT_ANSWER:
                problems[key] = _("Please keep the answer under %(limit)s characters.") % {
                    "limit": MAX_TEXT_ANSWER
                }
                continue
            cleaned[key] = text
    return cleaned, problems


@transaction.atomic
def feedback_submit(*, meeting: Meeting, respondent, answers: dict[Any, Any]) -> FeedbackResponse:
    """Record a participant's answers to the meeting's feedback form, once per person."""
    rules.can_give_feedback(respondent, meeting).enforce()
    if FeedbackResponse.objects.filter(meeting=meeting, respondent=respondent).exists():
        raise FeedbackAlreadyGiven
    questions = list(FeedbackQuestion.objects.filter(process_id=meeting.process_id))
    if not questions:
        raise ValidationError(_("This process has no feedback form yet."), code="no_questions")
    cleaned, problems = clean_answers(questions, answers)
    if problems:
        raise ValidationError({f"q_{key}": [message] for key, message in problems.items()})
    if not cleaned:
        # A form sent with every answer left blank says nothing: it is not counted as a response.
        raise ValidationError(
            _("Answer at least one question before sending your feedback."), code="empty"
        )
    try:
        with transaction.atomic():
            response = FeedbackResponse.objects.create(
                meeting=meeting, respondent=respondent, answers=cleaned
            )
    except IntegrityError:  # a second tab submitted at the same moment
        raise FeedbackAlreadyGiven from None
    activity_record(
        actor=respondent,
        verb="feedback.given",
        target=response,
        process=meeting.process,
        changes={"meeting": meeting.pk, "answered": len(cleaned)},
    )
    return response
