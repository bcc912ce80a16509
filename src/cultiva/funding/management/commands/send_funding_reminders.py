"""Send the funding deadline reminders that are due. Run it from cron once an hour:

    0 * * * *  cd /srv/cultiva && .venv/bin/python manage.py send_funding_reminders

It is idempotent: each application is reminded once per deadline and reminder day.
"""

from django.core.management.base import BaseCommand

from cultiva.funding.reminder_tasks import application_reminders_send, send_funding_reminders


class Command(BaseCommand):
    help = "E-mail applicant organisations 14, 3 and 1 days before their calls' deadlines."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the background worker instead of sending now.",
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            result = send_funding_reminders.enqueue()
            self.stdout.write(f"Enqueued reminder task {result.id}.")
            return
        sent = application_reminders_send()
        self.stdout.write(f"Sent {sent} reminder(s).")
