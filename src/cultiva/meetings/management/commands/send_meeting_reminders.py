"""Send the e-mail reminders that are due. Run it from cron every 15 minutes:

    */15 * * * *  cd /srv/cultiva && .venv/bin/python manage.py send_meeting_reminders

It is idempotent: a participant is reminded once per meeting, however often it runs.
"""

from django.core.management.base import BaseCommand

from cultiva.meetings.services.registration import meeting_reminders_send
from cultiva.meetings.tasks import send_meeting_reminders


class Command(BaseCommand):
    help = "E-mail confirmed participants of meetings that start within their reminder time."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the background worker instead of sending now.",
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            result = send_meeting_reminders.enqueue()
            self.stdout.write(f"Enqueued reminder task {result.id}.")
            return
        sent = meeting_reminders_send()
        self.stdout.write(f"Sent {sent} reminder(s).")
