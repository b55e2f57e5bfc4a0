"""Background tasks for messages and letters, on the `notifications` queue."""

import datetime

from django.utils import timezone
from django_tasks import default_task_backend, task

from onestop.notifications.models import LetterStatus, MessageStatus
from onestop.notifications.services import letter_send, message_send


def _retry_delay(attempts: int) -> datetime.datetime:
    """The provider refused this time: try again later, waiting longer each time."""
    return timezone.now() + datetime.timedelta(seconds=30 * 2**attempts)


@task(queue_name="notifications")
def send_message(*, message_id: int) -> None:
    message = message_send(message_id=message_id)
    if message.status == MessageStatus.QUEUED and default_task_backend.supports_defer:
        send_message.using(run_after=_retry_delay(message.attempts)).enqueue(message_id=message_id)


@task(queue_name="notifications")
def send_letter(*, letter_id: int) -> None:
    letter = letter_send(letter_id=letter_id)
    if letter.status == LetterStatus.QUEUED and default_task_backend.supports_defer:
        send_letter.using(run_after=_retry_delay(letter.attempts)).enqueue(letter_id=letter_id)
