"""The shape of the cron commands that send periodic e-mails (meeting reminders, funding
deadlines, the funding digest): run the job now, or hand it to the background worker."""

from __future__ import annotations

from django.core.management.base import BaseCommand


class PeriodicMailCommand(BaseCommand):
    task = None  # the django-tasks task that runs `send` in the worker
    sent_label = "e-mail(s)"  # what the count in the report names

    def send(self) -> int:
        raise NotImplementedError

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the background worker instead of sending now.",
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            result = self.task.enqueue()
            self.stdout.write(f"Enqueued task {result.id}.")
            return
        self.stdout.write(f"Sent {self.send()} {self.sent_label}.")
