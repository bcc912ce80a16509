"""Registration rules: places, the waiting list, questions, colleagues, invitations, e-mails."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from cultiva.accounts.models import Membership
from cultiva.core.models import ActivityLog
from cultiva.meetings.models import Invitation, Registration, RegistrationQuestion
from cultiva.meetings.services import registration as services
from tests.factories import make_meeting, make_user

Status = Registration.Status


@pytest.fixture
def meeting(world):
    return make_meeting(world.process, capacity=1, venue="Megyeháza, nagyterem")


def register(user, meeting, **kw):
    return services.registration_create(actor=user, meeting=meeting, **kw)


def test_register_gets_a_place_and_an_email(world, meeting, mailoutbox):
    registration = register(world.member, meeting, organisation=world.organisation)
    assert registration.status == Status.CONFIRMED
    assert registration.confirmed_at is not None
    assert registration.registered_by == world.member
    assert registration.organisation == world.organisation
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.to == [world.member.email]
    assert registration.personal_code in message.body
    assert meeting.venue in message.body
    assert ActivityLog.objects.filter(verb="registration.confirmed").count() == 1


def test_no_capacity_means_everyone_gets_a_place(world):
    meeting = make_meeting(world.process, capacity=None)
    for user in (world.member, world.outsider, world.expert):
        assert register(user, meeting).status == Status.CONFIRMED


def test_full_meeting_puts_people_on_the_waiting_list_in_order(world, meeting, mailoutbox):
    register(world.member, meeting)
    second = register(world.outsider, meeting)
    third = register(world.expert, meeting)
    assert (second.status, third.status) == (Status.WAITING, Status.WAITING)
    assert services.waiting_position(second) == 1
    assert services.waiting_position(third) == 2
    assert "2" in mailoutbox[-1].body  # the waiting-list notice tells the position


def test_full_meeting_without_waiting_list_refuses(world):
    meeting = make_meeting(world.process, capacity=1, waiting_list_enabled=False)
    register(world.member, meeting)
    with pytest.raises(ValidationError):
        register(world.outsider, meeting)
    assert not Registration.objects.filter(person=world.outsider).exists()


def test_registering_twice_is_refused(world, meeting):
    register(world.member, meeting)
    with pytest.raises(ValidationError):
        register(world.member, meeting)
    assert Registration.objects.filter(meeting=meeting).count() == 1


def test_cancelling_promotes_the_first_waiting_with_emails(world, meeting, mailoutbox):
    first = register(world.member, meeting)
    waiting = register(world.outsider, meeting)
    later = register(world.expert, meeting)
    mailoutbox.clear()
    services.registration_cancel(actor=world.member, registration=first)
    waiting.refresh_from_db()
    later.refresh_from_db()
    first.refresh_from_db()
    assert first.status == Status.CANCELLED and first.cancelled_at
    assert waiting.status == Status.CONFIRMED and waiting.confirmed_at
    assert later.status == Status.WAITING
    assert sorted(m.to[0] for m in mailoutbox) == sorted([world.member.email, world.outsider.email])
    promoted = next(m for m in mailoutbox if m.to == [world.outsider.email])
    assert waiting.personal_code in promoted.body
    assert ActivityLog.objects.filter(verb="registration.promoted").count() == 1


def test_promotion_email_in_the_persons_language(world, meeting, mailoutbox):
    world.outsider.preferred_language = "ro"
    world.outsider.save()
    first = register(world.member, meeting)
    register(world.outsider, meeting)
    mailoutbox.clear()
    services.registration_cancel(actor=world.member, registration=first)
    promoted = next(m for m in mailoutbox if m.to == [world.outsider.email])
    # The Romanian title of the meeting, not the Hungarian one.
    assert "Atelier cultural" in promoted.subject
    cancelled = next(m for m in mailoutbox if m.to == [world.member.email])
    assert "Kulturális műhely" in cancelled.subject


def test_cancelling_a_waiting_place_promotes_nobody(world, meeting):
    register(world.member, meeting)
    waiting = register(world.outsider, meeting)
    third = register(world.expert, meeting)
    services.registration_cancel(actor=world.outsider, registration=waiting)
    third.refresh_from_db()
    assert third.status == Status.WAITING
    assert services.waiting_position(third) == 1


def test_reregistering_after_cancelling_reuses_the_row(world, meeting):
    first = register(world.member, meeting)
    services.registration_cancel(actor=world.member, registration=first)
    again = register(world.member, meeting)
    assert again.pk == first.pk
    assert again.status == Status.CONFIRMED
    assert again.cancelled_at is None
    assert Registration.objects.filter(meeting=meeting, person=world.member).count() == 1


def test_reregistering_goes_to_the_end_of_the_queue(world, meeting):
    register(world.facilitator, meeting)
    mine = register(world.member, meeting)
    other = register(world.outsider, meeting)
    services.registration_cancel(actor=world.member, registration=mine)
    mine = register(world.member, meeting)
    assert services.waiting_position(other) == 1
    assert services.waiting_position(mine) == 2


def test_closed_window_refused(world):
    now = timezone.now()
    meeting = make_meeting(
        world.process,
        registration_opens_at=now - dt.timedelta(days=5),
        registration_closes_at=now - dt.timedelta(days=1),
    )
    with pytest.raises(PermissionDenied):
        register(world.member, meeting)


def test_window_not_yet_open_refused(world):
    now = timezone.now()
    meeting = make_meeting(
        world.process,
        registration_opens_at=now + dt.timedelta(days=1),
        registration_closes_at=now + dt.timedelta(days=2),
    )
    with pytest.raises(PermissionDenied):
        register(world.member, meeting)


def test_unpublished_meeting_refused(world):
    meeting = make_meeting(world.process, is_published=False)
    with pytest.raises(PermissionDenied):
        register(world.facilitator, meeting)


def test_organisation_must_be_ones_own(world, meeting):
    with pytest.raises(ValidationError) as error:
        register(world.member, meeting, organisation=world.other_organisation)
    assert "organisation" in error.value.message_dict


# --- questions ----------------------------------------------------------------------------


@pytest.fixture
def questions(meeting):
    text = RegistrationQuestion.objects.create(
        meeting=meeting, label={"hu": "Étrend", "en": "Diet"}, kind="text", is_required=True
    )
    choice = RegistrationQuestion.objects.create(
        meeting=meeting,
        label={"hu": "Szekció", "en": "Session"},
        kind="choice",
        choices=[{"hu": "Délelőtt", "en": "Morning"}, {"hu": "Délután", "en": "Afternoon"}],
        position=1,
    )
    yes_no = RegistrationQuestion.objects.create(
        meeting=meeting, label={"hu": "Parkolás", "en": "Parking"}, kind="yes_no", position=2
    )
    return text, choice, yes_no


def test_answers_are_stored_by_question_id(world, meeting, questions):
    text, choice, yes_no = questions
    registration = register(
        world.member,
        meeting,
        answers={str(text.pk): " vegetáriánus ", str(choice.pk): "1", str(yes_no.pk): "yes"},
    )
    assert registration.answers == {
        str(text.pk): "vegetáriánus",
        str(choice.pk): 1,
        str(yes_no.pk): True,
    }
    assert services.answer_display(choice, 1) == "Délután"


def test_required_question_missing(world, meeting, questions):
    text, _choice, _yes_no = questions
    with pytest.raises(ValidationError) as error:
        register(world.member, meeting, answers={str(text.pk): "   "})
    assert services.answer_field_name(text) in error.value.message_dict
    assert not Registration.objects.exists()


@pytest.mark.parametrize("bad", ["7", "x", "-1"])
def test_bad_choice_answer(world, meeting, questions, bad):
    text, choice, _yes_no = questions
    with pytest.raises(ValidationError) as error:
        register(world.member, meeting, answers={str(text.pk): "ok", str(choice.pk): bad})
    assert services.answer_field_name(choice) in error.value.message_dict


# --- colleagues ---------------------------------------------------------------------------


@pytest.fixture
def contact(world):
    Membership.objects.filter(user=world.member).update(role=Membership.Role.CONTACT)
    colleagues = [make_user(f"colleague{i}@example.org") for i in range(2)]
    for person in colleagues:
        Membership.objects.create(user=person, organisation=world.organisation)
    return world.member, colleagues


def test_contact_registers_colleagues(world, contact, mailoutbox):
    actor, colleagues = contact
    meeting = make_meeting(world.process, capacity=1)
    results = services.registrations_create_for_colleagues(
        actor=actor, meeting=meeting, organisation=world.organisation, people=colleagues
    )
    statuses = [r.registration.status for r in results]
    assert statuses == [Status.CONFIRMED, Status.WAITING]
    for registration in (r.registration for r in results):
        assert registration.registered_by == actor
        assert registration.organisation == world.organisation
    assert sorted(m.to[0] for m in mailoutbox) == sorted(p.email for p in colleagues)
    assert actor.get_full_name() in mailoutbox[0].body


def test_colleagues_already_registered_or_foreign_are_reported(world, contact):
    actor, colleagues = contact
    meeting = make_meeting(world.process)
    register(colleagues[0], meeting)
    results = services.registrations_create_for_colleagues(
        actor=actor,
        meeting=meeting,
        organisation=world.organisation,
        people=[colleagues[0], colleagues[1], world.outsider],
    )
    assert results[0].problem and results[0].registration is None
    assert results[1].registration.status == Status.CONFIRMED
    assert results[2].problem
    assert not Registration.objects.filter(person=world.outsider).exists()


def test_non_contact_cannot_register_colleagues(world):
    meeting = make_meeting(world.process)
    with pytest.raises(PermissionDenied):
        services.registrations_create_for_colleagues(
            actor=world.member, meeting=meeting, organisation=world.organisation, people=[]
        )


def test_contact_cannot_cancel_but_registrant_can(world, contact):
    actor, colleagues = contact
    meeting = make_meeting(world.process)
    [result] = services.registrations_create_for_colleagues(
        actor=actor, meeting=meeting, organisation=world.organisation, people=colleagues[:1]
    )
    services.registration_cancel(actor=actor, registration=result.registration)
    result.registration.refresh_from_db()
    assert result.registration.status == Status.CANCELLED


def test_others_cannot_cancel(world, meeting):
    registration = register(world.member, meeting)
    with pytest.raises(PermissionDenied):
        services.registration_cancel(actor=world.outsider, registration=registration)


# --- invitations --------------------------------------------------------------------------


def test_invitations_are_sent_once(world, mailoutbox):
    meeting = make_meeting(world.process)
    report = services.invitations_send(
        actor=world.facilitator,
        meeting=meeting,
        organisations=[world.organisation],
        emails=["Guest@Example.org", world.member.email],
    )
    assert sorted(report.sent) == sorted(["guest@example.org", world.member.email])
    assert report.skipped == []
    assert len(mailoutbox) == 2
    invitation = Invitation.objects.get(email=world.member.email)
    assert invitation.person == world.member and invitation.organisation == world.organisation
    mailoutbox.clear()
    again = services.invitations_send(
        actor=world.facilitator,
        meeting=meeting,
        organisations=[world.organisation, world.other_organisation],
        emails=["guest@example.org"],
    )
    assert again.sent == [world.outsider.email]
    assert sorted(again.skipped) == sorted(["guest@example.org", world.member.email])
    assert [m.to for m in mailoutbox] == [[world.outsider.email]]
    assert Invitation.objects.filter(meeting=meeting).count() == 3


def test_invitation_limit_and_bad_address(world):
    meeting = make_meeting(world.process)
    with pytest.raises(ValidationError):
        services.invitations_send(
            actor=world.facilitator,
            meeting=meeting,
            emails=[f"p{i}@example.org" for i in range(services.MAX_INVITATIONS + 1)],
        )
    with pytest.raises(ValidationError):
        services.invitations_send(actor=world.facilitator, meeting=meeting, emails=["nope"])
    assert not Invitation.objects.exists()


def test_only_staff_invite(world):
    meeting = make_meeting(world.process)
    with pytest.raises(PermissionDenied):
        services.invitations_send(actor=world.member, meeting=meeting, emails=["a@example.org"])


def test_parse_email_list():
    valid, invalid = services.parse_email_list(
        "a@example.org, B@example.org;\nnot-an-address  a@example.org"
    )
    assert valid == ["a@example.org", "b@example.org"]
    assert invalid == ["not-an-address"]


def test_a_personal_code_already_taken_in_the_meeting_is_drawn_again(world, monkeypatch):
    from cultiva.meetings import models as meeting_models
    from cultiva.meetings.models import Registration
    from tests.factories import make_meeting, make_user

    meeting = make_meeting(world.process)
    first = Registration.objects.create(meeting=meeting, person=make_user())
    draws = iter([first.personal_code, "ZZZZZZ"])
    monkeypatch.setattr(meeting_models, "new_personal_code", lambda: next(draws))
    second = Registration(meeting=meeting, person=make_user())
    second.personal_code = meeting_models.new_personal_code()  # the clash
    second.save()
    assert second.personal_code == "ZZZZZZ"
