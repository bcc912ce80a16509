"""Background task: e-mail a notification (thin wrapper loading by id)."""

from __future__ import annotations

from django_tasks import task

from cultiva.ideas.models import Notification


@task()
def send_notification_email(notification_id: int) -> bool:
    from cultiva.ideas.engagement.notifications import notification_email_send

    notification = Notification.objects.select_related("person").filter(pk=notification_id).first()
    if notification is None:
        return False
    return notification_email_send(notification=notification)
