"""Send the e-mail reminders that are due. Run it from cron every 15 minutes:

    */15 * * * *  cd /srv/cultiva && .venv/bin/python manage.py send_meeting_reminders

It is idempotent: a participant is reminded once per meeting, however often it runs.
"""

from cultiva.core.management.periodic import PeriodicMailCommand
from cultiva.meetings.services.registration import meeting_reminders_send
from cultiva.meetings.tasks import send_meeting_reminders


class Command(PeriodicMailCommand):
    help = "E-mail confirmed participants of meetings that start within their reminder time."

    task = send_meeting_reminders
    sent_label = "reminder(s)"

    def send(self) -> int:
        return meeting_reminders_send()
