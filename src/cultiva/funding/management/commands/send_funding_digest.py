"""Send the weekly digest of newly matching funding calls. Run it from cron once a week:

    0 7 * * 1  cd /srv/cultiva && .venv/bin/python manage.py send_funding_digest

It is idempotent: an organisation hears of a call once, however often it runs.
"""

from cultiva.core.management.periodic import PeriodicMailCommand
from cultiva.funding.match_services import funding_digest_send
from cultiva.funding.tasks import send_funding_digest


class Command(PeriodicMailCommand):
    help = "E-mail each organisation's people about funding calls newly matching its projects."

    task = send_funding_digest
    sent_label = "digest e-mail(s)"

    def send(self) -> int:
        return funding_digest_send()
