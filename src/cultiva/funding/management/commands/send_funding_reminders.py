"""Send the funding deadline reminders that are due. Run it from cron once an hour:

    0 * * * *  cd /srv/cultiva && .venv/bin/python manage.py send_funding_reminders

It is idempotent: each application is reminded once per deadline and reminder day.
"""

from cultiva.core.management.periodic import PeriodicMailCommand
from cultiva.funding.reminder_tasks import application_reminders_send, send_funding_reminders


class Command(PeriodicMailCommand):
    help = "E-mail applicant organisations 14, 3 and 1 days before their calls' deadlines."

    task = send_funding_reminders
    sent_label = "reminder(s)"

    def send(self) -> int:
        return application_reminders_send()
