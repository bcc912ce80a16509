"""Two people racing for the last place never both get it (PostgreSQL only)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection

from cultiva.meetings.models import Meeting, Registration
from cultiva.meetings.services import registration as services
from tests.factories import make_meeting, make_world

Status = Registration.Status

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL: SQLite's in-memory test database cannot be shared by threads, "
    "and it serialises writers anyway. Run with CULTIVA_TEST_DATABASE_URL.",
)


def race(meeting_pk: int, people) -> list:
    barrier = threading.Barrier(len(people))
    outcomes: list = []
    errors: list = []

    def take_place(person):
        try:
            meeting = Meeting.objects.select_related("process").get(pk=meeting_pk)
            barrier.wait(timeout=10)
            outcomes.append(services.registration_create(actor=person, meeting=meeting).status)
        except Exception as error:  # reported to the main thread below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=take_place, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not errors, errors
    return outcomes


@pytest.mark.django_db(transaction=True)
def test_last_place_goes_to_exactly_one(mailoutbox):
    world = make_world()
    for _attempt in range(5):
        meeting = make_meeting(world.process, capacity=1)
        outcomes = race(meeting.pk, [world.member, world.outsider])
        assert sorted(outcomes) == [Status.CONFIRMED, Status.WAITING]
        assert Registration.objects.filter(meeting=meeting, status=Status.CONFIRMED).count() == 1


@pytest.mark.django_db(transaction=True)
def test_last_place_without_waiting_list(mailoutbox):
    world = make_world()
    for _attempt in range(3):
        meeting = make_meeting(world.process, capacity=1, waiting_list_enabled=False)
        barrier_people = [world.member, world.outsider]
        barrier = threading.Barrier(2)
        results: list = []

        def take_place(person, meeting_pk=meeting.pk, barrier=barrier, results=results):
            try:
                meeting = Meeting.objects.select_related("process").get(pk=meeting_pk)
                barrier.wait(timeout=10)
                services.registration_create(actor=person, meeting=meeting)
                results.append("placed")
            except services.ValidationError:
                results.append("refused")
            finally:
                connection.close()

        threads = [threading.Thread(target=take_place, args=(p,)) for p in barrier_people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert sorted(results) == ["placed", "refused"]
        assert Registration.objects.filter(meeting=meeting).count() == 1
