"""Two coordinators taking each other's role at the same moment: one of them stays
(PostgreSQL only: the process's row is locked while a coordinator's role is taken)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cultiva.processes import people
from cultiva.processes.models import Process, ProcessRole
from tests.factories import make_process, make_user

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL: SQLite's in-memory test database cannot be shared by threads, "
    "and it serialises writers anyway. Run with CULTIVA_TEST_DATABASE_URL.",
)


@pytest.mark.django_db(transaction=True)
def test_two_coordinators_removing_each_other_leave_one():
    first, second = make_user("elso@example.org"), make_user("masodik@example.org")
    for attempt in range(5):
        process = make_process(slug=f"verseny-{attempt}")
        for person in (first, second):
            ProcessRole.objects.create(process=process, user=person, role="coordinator")
        barrier = threading.Barrier(2)
        outcomes: list[str] = []
        errors: list[Exception] = []

        def remove(
            actor, person, process_pk=process.pk, barrier=barrier, outcomes=outcomes, errors=errors
        ):
            try:
                here = Process.objects.get(pk=process_pk)
                barrier.wait(timeout=10)
                people.role_revoke(actor=actor, process=here, person=person, role="coordinator")
                outcomes.append("removed")
            except ValidationError:
                outcomes.append("refused")
            except Exception as error:  # reported to the main thread below
                errors.append(error)
            finally:
                connection.close()

        threads = [
            threading.Thread(target=remove, args=(first, second)),
            threading.Thread(target=remove, args=(second, first)),
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=30)
        assert not errors, errors
        assert sorted(outcomes) == ["refused", "removed"]
        assert ProcessRole.objects.filter(process=process, role="coordinator").count() == 1
