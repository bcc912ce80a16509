"""`manage.py run_worker`: django-tasks-db's `db_worker` that survives database outages.

It takes db_worker's options, and reaps stranded tasks (see cultiva.core.worker):
tasks marked running whose worker is gone run again, or fail after --max-attempts tries.
"""

from __future__ import annotations

import os
from datetime import timedelta

from django.core.management.base import CommandError
from django_tasks_db.management.commands import db_worker

from cultiva.core.worker import SupervisedWorker, worker_id_for_this_process


class Command(db_worker.Command):
    help = "Run the background task worker; it outlives database outages and reaps stranded tasks."

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None, reload=False)
        parser.add_argument(
            "--stale-after",
            type=float,
            default=float(os.environ.get("CULTIVA_TASK_STALE_AFTER", "3600")),
            help="seconds after which a running task of a worker on another machine is taken "
            "as stranded (default: CULTIVA_TASK_STALE_AFTER or 3600)",
        )
        parser.add_argument(
            "--max-attempts",
            type=int,
            default=int(os.environ.get("CULTIVA_TASK_MAX_ATTEMPTS", "2")),
            help="a stranded task runs again until it was tried this often, then fails "
            "(default: CULTIVA_TASK_MAX_ATTEMPTS or 2)",
        )
        parser.add_argument("--reap-every", type=float, default=60.0, help="seconds")
        parser.add_argument(
            "--max-backoff",
            type=float,
            default=60.0,
            help="longest wait between tries while the database is unavailable (seconds)",
        )

    def handle(self, *, verbosity: int, **options) -> None:
        self.configure_logging(verbosity)
        if options["batch"] or options["reload"]:
            raise CommandError("run_worker runs until stopped; use db_worker for --batch/--reload")
        queue_names = options["queue_name"].split(",")
        excluded = options["exclude_queues"].split(",") if options["exclude_queues"] else []
        if excluded and "*" not in queue_names:
            raise CommandError("--exclude-queues can only be used with --queue-name=*")
        worker = SupervisedWorker(
            queue_names=queue_names,
            excluded_queue_names=excluded,
            interval=options["interval"],
            batch=False,
            backend_name=options["backend_name"],
            startup_delay=False,
            max_tasks=options["max_tasks"],
            worker_id=options["worker_id"] or worker_id_for_this_process(),
            stale_after=timedelta(seconds=options["stale_after"]),
            max_attempts=options["max_attempts"],
            reap_every=options["reap_every"],
            max_backoff=options["max_backoff"],
        )
        worker.configure_signals()
        worker.run()
