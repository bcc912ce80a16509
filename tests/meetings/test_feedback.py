"""Feedback: questions set per process by coordinators; answered once per participant
after a meeting starts; results as a chart with its data table, for the staff."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from cultiva.core.models import ActivityLog
from cultiva.meetings.models import FeedbackQuestion, FeedbackResponse, Registration
from cultiva.meetings.services import feedback as services
from tests.factories import make_meeting, make_user

ROLES = ["anonymous", "outsider", "member", "facilitator", "coordinator"]


def login(client, world, role):
    if role != "anonymous":
        client.force_login(world.user(role))


def outcome(response):
    if response.status_code == 302 and "/accounts/login/" in response["Location"]:
        return "login"
    return response.status_code


@pytest.fixture
def meeting(world):
    """A meeting that started an hour ago, with the member registered."""
    meeting = make_meeting(world.process, starts_at=timezone.now() - dt.timedelta(hours=1))
    Registration.objects.create(
        meeting=meeting, person=world.member, status=Registration.Status.CONFIRMED
    )
    return meeting


@pytest.fixture
def questions(world):
    rating = FeedbackQuestion.objects.create(
        process=world.process,
        label={"hu": "Mennyire volt hasznos?", "ro": "Cât de util a fost?", "en": "How useful?"},
        kind=FeedbackQuestion.Kind.RATING,
        is_required=True,
        position=1,
    )
    text = FeedbackQuestion.objects.create(
        process=world.process,
        label={"hu": "Mit javasolna?", "en": "What would you suggest?"},
        kind=FeedbackQuestion.Kind.TEXT,
        position=2,
    )
    return rating, text


def form_url(world, meeting):
    return reverse("meetings:feedback", args=[world.process.slug, meeting.pk])


def results_url(world, meeting):
    return reverse("meetings:feedback_results", args=[world.process.slug, meeting.pk])


# --- questions -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"), list(zip(ROLES, ["login", 403, 403, 403, 200], strict=True))
)
def test_question_page_per_role(client, world, role, expected):
    login(client, world, role)
    response = client.get(reverse("meetings:feedback_questions", args=[world.process.slug]))
    assert outcome(response) == expected


@pytest.mark.parametrize(
    ("role", "edit", "delete"),
    [
        ("anonymous", "login", "login"),
        ("outsider", 403, 403),
        ("member", 403, 403),
        ("facilitator", 403, 403),
        ("coordinator", 200, 302),
    ],
)
def test_question_edit_and_delete_per_role(client, world, questions, role, edit, delete):
    _rating, text = questions
    login(client, world, role)
    args = [world.process.slug, text.pk]
    assert outcome(client.get(reverse("meetings:feedback_question_edit", args=args))) == edit
    response = client.post(reverse("meetings:feedback_question_delete", args=args))
    assert outcome(response) == delete
    assert FeedbackQuestion.objects.filter(pk=text.pk).exists() == (delete != 302)


def test_question_of_another_process_is_404(client, world, questions):
    from tests.factories import make_process

    other = make_process()
    client.force_login(world.coordinator)
    url = reverse("meetings:feedback_question_edit", args=[other.slug, questions[0].pk])
    assert client.get(url).status_code in (403, 404)
    url = reverse("meetings:feedback_question_edit", args=[world.process.slug, 999999])
    assert client.get(url).status_code == 404


def test_coordinator_manages_questions(client, world):
    client.force_login(world.coordinator)
    page = reverse("meetings:feedback_questions", args=[world.process.slug])
    response = client.post(
        page,
        {
            "label_hu": "Hogy érezte magát?",
            "label_ro": "Cum v-ați simțit?",
            "label_en": "",
            "kind": "rating",
            "is_required": "on",
            "position": "1",
        },
    )
    assert response.status_code == 302
    question = FeedbackQuestion.objects.get()
    assert question.label == {"hu": "Hogy érezte magát?", "ro": "Cum v-ați simțit?"}
    assert question.is_required and question.kind == "rating"
    # Without any text it is refused with a message, nothing stored.
    response = client.post(page, {"kind": "text", "position": "2"})
    assert response.status_code == 200 and response.context["form"].errors["label"]
    assert FeedbackQuestion.objects.count() == 1
    edit = reverse("meetings:feedback_question_edit", args=[world.process.slug, question.pk])
    response = client.post(edit, {"label_hu": "Új szöveg", "kind": "text", "position": "3"})
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.label == {"hu": "Új szöveg"}
    assert (question.kind, question.is_required) == ("text", False)
    delete = reverse("meetings:feedback_question_delete", args=[world.process.slug, question.pk])
    assert client.post(delete).status_code == 302
    assert not FeedbackQuestion.objects.exists()
    verbs = set(ActivityLog.objects.values_list("verb", flat=True))
    assert {
        "feedback_question.created",
        "feedback_question.updated",
        "feedback_question.deleted",
    } <= verbs


def test_answered_question_keeps_its_kind_and_cannot_be_deleted(world, meeting, questions):
    rating, _text = questions
    services.feedback_submit(meeting=meeting, respondent=world.member, answers={rating.pk: 4})
    with pytest.raises(ValidationError):
        services.feedback_question_update(
            actor=world.coordinator,
            question=rating,
            label={"hu": "x"},
            kind="text",
            is_required=True,
            position=1,
        )
    with pytest.raises(ValidationError):
        services.feedback_question_delete(actor=world.coordinator, question=rating)
    assert FeedbackQuestion.objects.filter(pk=rating.pk, kind="rating").exists()


def test_facilitator_cannot_define_questions(world):
    with pytest.raises(PermissionDenied):
        services.feedback_question_create(
            actor=world.facilitator, process=world.process, label={"hu": "x"}
        )


# --- answering -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"), list(zip(ROLES, ["login", 403, 200, 403, 403], strict=True))
)
def test_feedback_form_per_role(client, world, meeting, questions, role, expected):
    login(client, world, role)
    assert outcome(client.get(form_url(world, meeting))) == expected


def test_feedback_opens_when_the_meeting_starts(client, world, questions):
    future = make_meeting(world.process)
    Registration.objects.create(
        meeting=future, person=world.member, status=Registration.Status.CONFIRMED
    )
    client.force_login(world.member)
    assert client.get(form_url(world, future)).status_code == 403


def test_participant_answers_once(client, world, meeting, questions):
    rating, text = questions
    client.force_login(world.member)
    response = client.post(
        form_url(world, meeting), {f"q_{rating.pk}": "4", f"q_{text.pk}": "  Több szünet  "}
    )
    assert response.status_code == 302
    answer = FeedbackResponse.objects.get()
    assert answer.respondent == world.member
    assert answer.answers == {str(rating.pk): 4, str(text.pk): "Több szünet"}
    assert ActivityLog.objects.filter(verb="feedback.given").count() == 1
    # A second attempt says they already answered, and changes nothing.
    again = client.get(form_url(world, meeting))
    assert again.status_code == 200 and again.context["already"]
    again = client.post(form_url(world, meeting), {f"q_{rating.pk}": "1"})
    assert again.status_code == 200 and again.context["already"]
    assert FeedbackResponse.objects.get().answers[str(rating.pk)] == 4
    with pytest.raises(services.FeedbackAlreadyGiven):
        services.feedback_submit(meeting=meeting, respondent=world.member, answers={rating.pk: 2})


@pytest.mark.parametrize("value", ["", "0", "6", "abc"])
def test_required_and_valid_rating(client, world, meeting, questions, value):
    rating, _text = questions
    client.force_login(world.member)
    response = client.post(form_url(world, meeting), {f"q_{rating.pk}": value})
    assert response.status_code == 200
    assert f"q_{rating.pk}" in response.context["form"].errors
    assert not FeedbackResponse.objects.exists()


def test_service_validates_answers_too(world, meeting, questions):
    rating, text = questions
    with pytest.raises(ValidationError) as refused:
        services.feedback_submit(meeting=meeting, respondent=world.member, answers={text.pk: "x"})
    assert f"q_{rating.pk}" in refused.value.error_dict
    assert not FeedbackResponse.objects.exists()


def test_an_empty_form_is_not_counted_as_a_response(client, world, meeting):
    """Only optional questions, all left blank: the participant is asked to answer one, and the
    results do not count an empty response."""
    FeedbackQuestion.objects.create(
        process=world.process, label={"en": "Anything else?"}, kind=FeedbackQuestion.Kind.TEXT
    )
    client.force_login(world.member)
    response = client.post(form_url(world, meeting), {})
    assert response.status_code == 200
    assert "válaszoljon legalább egy kérdésre" in str(response.context["form"].non_field_errors())
    assert not FeedbackResponse.objects.exists()
    with pytest.raises(ValidationError):
        services.feedback_submit(meeting=meeting, respondent=world.member, answers={})
    assert not FeedbackResponse.objects.exists()


def test_no_questions_no_form(client, world, meeting):
    client.force_login(world.member)
    response = client.get(form_url(world, meeting))
    assert response.status_code == 200 and not response.context["form"].fields
    assert client.post(form_url(world, meeting), {}).status_code == 200
    assert not FeedbackResponse.objects.exists()


# --- results -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "expected"), list(zip(ROLES, ["login", 403, 403, 200, 200], strict=True))
)
def test_results_per_role(client, world, meeting, questions, role, expected):
    login(client, world, role)
    assert outcome(client.get(results_url(world, meeting))) == expected


def add_responses(meeting, questions, ratings, texts=()):
    rating, text = questions
    rows = []
    for index, value in enumerate(ratings):
        answers = {str(rating.pk): value}
        if index < len(texts):
            answers[str(text.pk)] = texts[index]
        rows.append(FeedbackResponse(meeting=meeting, respondent=make_user(), answers=answers))
    FeedbackResponse.objects.bulk_create(rows)


def test_results_show_chart_table_average_and_escaped_texts(client, world, meeting, questions):
    add_responses(meeting, questions, [5, 5, 4, 2], texts=["<script>alert(1)</script>", "Jó volt"])
    client.force_login(world.facilitator)
    response = client.get(results_url(world, meeting))
    content = response.content.decode()
    summary = response.context["summary"]
    result = summary.questions[0]
    assert summary.responses == 4 and summary.participants == 1
    assert result.counts == {1: 0, 2: 1, 3: 0, 4: 1, 5: 2}
    assert result.average == 4.0 and result.answered == 4
    assert content.count("<svg") == 1 and 'role="img"' in content
    assert "<table" in content and "<caption>" in content
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content
    assert "Jó volt" in content


def test_results_query_count_does_not_grow(client, world, meeting, questions):
    client.force_login(world.coordinator)

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(results_url(world, meeting)).status_code == 200
        return len(queries)

    add_responses(meeting, questions, [3] * 10, texts=["szöveg"] * 10)
    few = count()
    add_responses(meeting, questions, [4] * 120, texts=["szöveg"] * 120)
    assert count() == few


# --- the feedback panel on the meeting page ---------------------------------------------------


def test_feedback_panel(client, world, meeting, questions):
    page = reverse("meetings:detail", args=[world.process.slug, meeting.pk])
    rating, _text = questions
    client.force_login(world.member)
    assert form_url(world, meeting) in client.get(page).content.decode()
    services.feedback_submit(meeting=meeting, respondent=world.member, answers={rating.pk: 5})
    content = client.get(page).content.decode()
    assert form_url(world, meeting) not in content
    assert results_url(world, meeting) not in content
    client.force_login(world.outsider)
    content = client.get(page).content.decode()
    assert form_url(world, meeting) not in content and results_url(world, meeting) not in content
    client.force_login(world.facilitator)
    assert results_url(world, meeting) in client.get(page).content.decode()
