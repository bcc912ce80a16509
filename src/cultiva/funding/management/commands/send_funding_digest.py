"""Send the weekly digest of newly matching funding calls. Run it from cron once a week:

    0 7 * * 1  cd /srv/cultiva && .venv/bin/python manage.py send_funding_digest

It is idempotent: an organisation hears of a call once, however often it runs.
"""

from django.core.management.base import BaseCommand

from cultiva.funding.match_services import funding_digest_send
from cultiva.funding.tasks import send_funding_digest


class Command(BaseCommand):
    help = "E-mail each organisation's people about funding calls newly matching its projects."

    def add_arguments(self, parser):
        parser.add_argument(
            "--enqueue",
            action="store_true",
            help="Hand the work to the background worker instead of sending now.",
        )

    def handle(self, *args, enqueue: bool = False, **options):
        if enqueue:
            result = send_funding_digest.enqueue()
            self.stdout.write(f"Enqueued digest task {result.id}.")
            return
        sent = funding_digest_send()
        self.stdout.write(f"Sent {sent} digest e-mail(s).")
