"""Two people at once: one application per project and call, one step from one status
(PostgreSQL only: rows are locked, the unique constraint decides)."""

from __future__ import annotations

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from cultiva.funding import application_services as services
from cultiva.funding.models import Application, ApplicationStep
from tests.factories import make_application, make_world
from tests.funding.app_fixtures import project_and_call

pytestmark = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="Needs PostgreSQL: SQLite's in-memory test database cannot be shared by threads, "
    "and it serialises writers anyway. Run with CULTIVA_TEST_DATABASE_URL.",
)


def _twice(action) -> tuple[list[str], list[Exception]]:
    barrier = threading.Barrier(2)
    outcomes: list[str] = []
    errors: list[Exception] = []

    def run(who):
        try:
            barrier.wait(timeout=10)
            action(who)
            outcomes.append("done")
        except ValidationError:
            outcomes.append("refused")
        except Exception as error:  # reported to the main thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(who,)) for who in (0, 1)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return outcomes, errors


@pytest.mark.django_db(transaction=True)
def test_two_starts_at_once_make_one_application():
    world = make_world()
    project, call = project_and_call(world)
    actors = (world.member, world.facilitator)
    outcomes, errors = _twice(
        lambda who: services.application_start(actor=actors[who], project=project, call=call)
    )
    assert not errors, errors
    assert sorted(outcomes) == ["done", "refused"]
    assert Application.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_steps_at_once_make_one():
    world = make_world()
    project, call = project_and_call(world)
    application = make_application(project, call, status="preparation")
    targets = ("submitted", "withdrawn")

    # Both pages showed "in preparation".
    seen = [Application.objects.get(pk=application.pk) for _ in targets]

    def step(who):
        services.application_step(actor=world.member, application=seen[who], target=targets[who])

    outcomes, errors = _twice(step)
    assert not errors, errors
    assert sorted(outcomes) == ["done", "refused"]
    assert ApplicationStep.objects.count() == 1
