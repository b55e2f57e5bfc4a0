"""Background tasks for messages, on the `notifications` queue."""

import datetime

from django.utils import timezone
from django_tasks import default_task_backend, task

from onestop.notifications.models import MessageStatus
from onestop.notifications.services import message_send


@task(queue_name="notifications")
def send_message(*, message_id: int) -> None:
    message = message_send(message_id=message_id)
    if message.status == MessageStatus.QUEUED and default_task_backend.supports_defer:
        # The provider refused this time: try again later, waiting longer each time.
        delay = datetime.timedelta(seconds=30 * 2**message.attempts)
        send_message.using(run_after=timezone.now() + delay).enqueue(message_id=message_id)
