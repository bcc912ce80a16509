"""The task worker outlives a database outage, and no task is left marked running for ever."""

import datetime as dt
import subprocess
import sys

import pytest
from django.core.management import call_command
from django.db import OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper
from django.utils import timezone
from django_tasks import task
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from cultiva.core import worker as worker_module
from cultiva.core.worker import SupervisedWorker, stranded_tasks_reap, worker_id_for_this_process

DONE: list[str] = []


@task()
def remember(value: str) -> str:
    DONE.append(value)
    return value


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }
    DONE.clear()


def dead_worker_id() -> str:
    """The id a worker of this machine had, whose process has ended."""
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    host = worker_id_for_this_process().split(":")[0]
    return f"{host}:{int(finished.stdout)}:abcdefgh"


def record_waits(monkeypatch) -> list[float]:
    """The worker's waits for the database, recorded instead of slept (at most ten)."""
    waits: list[float] = []

    def sleep(self, seconds):
        waits.append(seconds)
        if len(waits) > 10:
            raise RuntimeError(f"the worker keeps waiting: {waits}")

    monkeypatch.setattr(SupervisedWorker, "sleep", sleep)
    return waits


def mark_running(result, *worker_ids: str, started: dt.datetime | None = None) -> DBTaskResult:
    row = DBTaskResult.objects.get(pk=result.id)
    row.status = TaskResultStatus.RUNNING
    row.worker_ids = list(worker_ids)
    row.started_at = started or timezone.now()
    row.save()
    return row


@pytest.mark.django_db(transaction=True)
def test_worker_survives_a_database_outage_and_runs_the_waiting_task(database_tasks, monkeypatch):
    result = remember.enqueue("after the outage")
    waits = record_waits(monkeypatch)
    real_cursor = BaseDatabaseWrapper.cursor
    refused = {"left": 4}

    def cursor(self, *args, **kwargs):  # the first four queries find PostgreSQL gone
        if refused["left"]:
            refused["left"] -= 1
            raise OperationalError("server closed the connection unexpectedly")
        return real_cursor(self, *args, **kwargs)

    monkeypatch.setattr(BaseDatabaseWrapper, "cursor", cursor)
    call_command("run_worker", max_tasks=1, interval=0, verbosity=0)

    assert DONE == ["after the outage"]
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
    assert waits == [1, 2, 4, 8]  # backing off while the database was away


def test_worker_wait_between_tries_is_bounded():
    assert [worker_module.backoff_seconds(n, 60) for n in (1, 2, 3, 6, 7, 20)] == [
        1,
        2,
        4,
        32,
        60,
        60,
    ]


@pytest.mark.django_db
def test_stranded_tasks_run_again_or_fail(database_tasks):
    dead = dead_worker_id()
    elsewhere = "other-host:4242:abcdefgh"
    two_hours_ago = timezone.now() - dt.timedelta(hours=2)
    again = mark_running(remember.enqueue("again"), dead)
    tried_twice = mark_running(remember.enqueue("twice"), dead, dead)
    stale_elsewhere = mark_running(remember.enqueue("stale"), elsewhere, started=two_hours_ago)
    fresh_elsewhere = mark_running(remember.enqueue("fresh"), elsewhere)
    alive_here = mark_running(remember.enqueue("alive"), worker_id_for_this_process())

    reaped = stranded_tasks_reap(stale_after=dt.timedelta(hours=1), max_attempts=2)

    assert sorted(reaped.requeued) == sorted([str(again.pk), str(stale_elsewhere.pk)])
    assert reaped.failed == [str(tried_twice.pk)]
    statuses = {
        row.pk: row.status
        for row in DBTaskResult.objects.filter(
            pk__in=[
                r.pk for r in (again, tried_twice, stale_elsewhere, fresh_elsewhere, alive_here)
            ]
        )
    }
    assert statuses[again.pk] == TaskResultStatus.READY
    assert statuses[stale_elsewhere.pk] == TaskResultStatus.READY
    assert statuses[tried_twice.pk] == TaskResultStatus.FAILED
    assert statuses[fresh_elsewhere.pk] == TaskResultStatus.RUNNING
    assert statuses[alive_here.pk] == TaskResultStatus.RUNNING
    failed = DBTaskResult.objects.get(pk=tried_twice.pk)
    assert failed.exception_class_path == "cultiva.core.worker.WorkerLost"
    assert "gone" in failed.traceback and failed.finished_at is not None
    # Reaping again changes nothing.
    again_reaped = stranded_tasks_reap(stale_after=dt.timedelta(hours=1), max_attempts=2)
    assert again_reaped.requeued == [] and again_reaped.failed == []


@pytest.mark.django_db(transaction=True)  # the worker closes its connections between tasks
def test_worker_starting_runs_the_task_a_killed_worker_left_running(database_tasks, monkeypatch):
    waits = record_waits(monkeypatch)
    stranded = mark_running(remember.enqueue("left behind"), dead_worker_id())

    call_command("run_worker", max_tasks=1, interval=0, verbosity=0)

    row = DBTaskResult.objects.get(pk=stranded.pk)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert DONE == ["left behind"]
    assert len(row.worker_ids) == 2  # the dead worker's try, then this one's
    assert waits == []
