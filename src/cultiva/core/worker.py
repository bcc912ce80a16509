"""The background worker that outlives a database outage, and the reaper of stranded tasks.

django-tasks-db's `db_worker` stops at the first OperationalError: when PostgreSQL went away
for a moment, the worker died, the tasks waited for ever, and those it was running stayed
"running" for ever. `manage.py run_worker` runs `SupervisedWorker` instead:

- a database error (lost connection, server restarting, too many clients) does not end it:
  it drops its connections, waits 1, 2, 4 … up to `max_backoff` seconds and starts again;
- on every (re)start, and every `reap_every` seconds, `stranded_tasks_reap` looks at the tasks
  marked running: those whose worker is gone (a worker process of this machine that no
  longer exists, this worker's own when it runs nothing, any worker's after `stale_after`)
  run again, or are marked failed once they have been tried `max_attempts` times. Nothing
  is left running for ever, and every decision is logged.

A worker's id says where it runs (`host:pid:random`), so a worker on the same machine can
tell whether the one that claimed a task still exists; workers elsewhere are judged by time.
"""

from __future__ import annotations

import logging
import os
import socket
import time
from dataclasses import dataclass, field
from datetime import timedelta

from django.db import InterfaceError, OperationalError, close_old_connections, connections
from django.utils import timezone
from django.utils.crypto import get_random_string
from django_tasks_db.compat import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

logger = logging.getLogger("cultiva.worker")

DATABASE_DOWN = (OperationalError, InterfaceError)


class WorkerLost(Exception):
    """Recorded on a task whose worker stopped while running it, too often to try again."""


def worker_id_for_this_process() -> str:
    """`host:pid:random`, at most 64 characters (the task table's limit)."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{get_random_string(8)}"


def worker_exists(worker_id: str) -> bool | None:
    """Whether the worker process still exists: None when it runs on another machine (or
    its id does not say where it runs)."""
    host, _sep, rest = worker_id.partition(":")
    pid_text = rest.partition(":")[0]
    if not pid_text.isdigit() or host != socket.gethostname()[:40]:
        return None
    try:
        os.kill(int(pid_text), 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


@dataclass
class Reaped:
    requeued: list[str] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def stranded_tasks_reap(
    *, stale_after: timedelta, max_attempts: int, idle_worker_id: str = ""
) -> Reaped:
    """Run again, or mark failed, the tasks marked running whose worker is gone.

    A task's worker is gone when it ran on this machine and its process no longer exists,
    when it is `idle_worker_id` (the calling worker, which runs nothing right now), or when
    the task started more than `stale_after` ago and its worker is not known to be alive.
    A task already tried `max_attempts` times fails (WorkerLost) instead of running again.
    Each change is conditional on the task being unchanged, so two reapers never clash.
    """
    reaped = Reaped()
    now = timezone.now()
    for task in DBTaskResult.objects.running().only("id", "started_at", "worker_ids", "task_path"):
        worker_id = task.worker_ids[-1] if task.worker_ids else ""
        exists = worker_exists(worker_id) if worker_id != idle_worker_id else False
        stale = task.started_at is None or now - task.started_at > stale_after
        if exists is False:
            reason = f"its worker {worker_id} is gone"
        elif exists is None and stale:
            reason = f"it has been running since {task.started_at} (worker {worker_id})"
        else:
            continue
        unchanged = DBTaskResult.objects.filter(
            pk=task.pk, status=TaskResultStatus.RUNNING, started_at=task.started_at
        )
        if len(task.worker_ids) < max_attempts:
            if unchanged.update(status=TaskResultStatus.READY, started_at=None):
                reaped.requeued.append(str(task.pk))
                logger.warning("Task %s (%s) runs again: %s.", task.pk, task.task_path, reason)
        else:
            lost = WorkerLost(
                f"The worker stopped while running this task ({reason}); "
                f"tried {len(task.worker_ids)} times."
            )
            if unchanged.update(
                status=TaskResultStatus.FAILED,
                finished_at=now,
                return_value=None,
                exception_class_path=f"{WorkerLost.__module__}.{WorkerLost.__qualname__}",
                traceback=f"{lost}\n",
            ):
                reaped.failed.append(str(task.pk))
                logger.error("Task %s (%s) failed: %s", task.pk, task.task_path, lost)
    return reaped


def backoff_seconds(failures: int, max_backoff: float) -> float:
    """1, 2, 4, … seconds after the 1st, 2nd, 3rd failure in a row, at most `max_backoff`."""
    return min(max_backoff, 2.0 ** max(failures - 1, 0))


def drop_connections() -> None:
    """Forget connections a database outage broke; the next query opens a new one."""
    for connection in connections.all(initialized_only=True):
        try:
            connection.close()
        except DATABASE_DOWN:
            connection.connection = None


class SupervisedWorker(Worker):
    """django-tasks-db's worker, kept alive through database outages, reaping as it goes."""

    def __init__(
        self,
        *,
        stale_after: timedelta,
        max_attempts: int,
        reap_every: float,
        max_backoff: float,
        **kwargs,
    ):
        super().__init__(**kwargs)
        self.stale_after = stale_after
        self.max_attempts = max_attempts
        self.reap_every = reap_every
        self.max_backoff = max_backoff
        self.failures = 0

    def run(self) -> None:
        logger.info("Starting worker %s (queues %s)", self.worker_id, ",".join(self.queue_names))
        while self.running:
            try:
                self.work()
                return
            except DATABASE_DOWN as error:
                self.failures += 1
                delay = backoff_seconds(self.failures, self.max_backoff)
                logger.warning(
                    "Database unavailable (%s); worker %s tries again in %.0f s.",
                    str(error).strip() or type(error).__name__,
                    self.worker_id,
                    delay,
                )
                drop_connections()
                self.sleep(delay)

    def sleep(self, seconds: float) -> None:
        time.sleep(seconds)

    def reap(self) -> None:
        # Called only between tasks: whatever this worker still has marked running is stranded.
        stranded_tasks_reap(
            stale_after=self.stale_after,
            max_attempts=self.max_attempts,
            idle_worker_id=self.worker_id,
        )
        self.next_reap = time.monotonic() + self.reap_every

    def work(self) -> None:
        """The upstream loop (claim a task, run it, wait when there is none) with reaping."""
        close_old_connections()
        self.reap()
        while self.running:
            close_old_connections()
            if time.monotonic() >= self.next_reap:
                self.reap()
            task_result = self.claim_next()
            self.failures = 0  # the database answered
            if task_result is not None:
                self.run_task(task_result)
            if self.max_tasks is not None and self._run_tasks >= self.max_tasks:
                logger.info("Ran %d tasks on worker %s; stopping.", self._run_tasks, self.worker_id)
                return
            close_old_connections()
            if self.running and task_result is None:
                time.sleep(self.interval)

    def claim_next(self) -> DBTaskResult | None:
        tasks = DBTaskResult.objects.ready().filter(backend_name=self.backend_name)
        if not self.process_all_queues:
            tasks = tasks.filter(queue_name__in=self.queue_names)
        if self.excluded_queue_names:
            tasks = tasks.exclude(queue_name__in=self.excluded_queue_names)
        try:
            with exclusive_transaction(tasks.db):
                task_result = tasks.get_locked()
                if task_result is not None:
                    task_result.claim(self.worker_id)  # no other worker runs it now
                return task_result
        except OperationalError as error:
            if is_locked_database_exception(error):  # SQLite busy: it unlocks soon
                return None
            raise
