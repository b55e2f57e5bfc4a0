"""Queue a message in the same transaction as the change it reports, and send it after commit."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from onestop.councils.models import Council
from onestop.notifications.backends import NotificationBackend, backend_for_settings
from onestop.notifications.models import Message, MessageChannel, MessageStatus
from onestop.notifications.templates import TEMPLATES

MAX_ATTEMPTS = 5


def message_queue(
    *,
    council: Council,
    template: str,
    contact_preference: str,
    phone: str,
    email: str,
    personalisation: dict[str, Any],
    case_reference: str = "",
) -> Message:
    """Store the message now; it is sent by the task queue once the caller's transaction commits."""
    by_sms, by_email = (MessageChannel.SMS, phone), (MessageChannel.EMAIL, email)
    chosen, other = (by_email, by_sms) if contact_preference == "email" else (by_sms, by_email)
    # No way to reach them by their choice: use the other way, if they gave one.
    channel, recipient = chosen if chosen[1] or not other[1] else other
    subject, body = TEMPLATES[template].render(personalisation)
    message = Message.objects.create(
        council=council,
        channel=channel,
        recipient=recipient,
        template=template,
        personalisation=personalisation,
        subject=subject if channel == MessageChannel.EMAIL else "",
        body=body,
        case_reference=case_reference,
        status=MessageStatus.QUEUED if recipient else MessageStatus.NO_CONTACT,
    )
    if recipient:
        from onestop.notifications.tasks import send_message

        message_id = message.pk
        transaction.on_commit(lambda: send_message.enqueue(message_id=message_id))
    return message


def message_send(*, message_id: int, backend: NotificationBackend | None = None) -> Message:
    """Hand one queued message to the backend, once; safe to call again after a crash."""
    backend = backend or backend_for_settings()
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.status != MessageStatus.QUEUED:
            return message
        message.attempts += 1
        try:
            message.provider_reference = backend.send(message)
        except Exception as error:  # the provider said no: keep the reason, retry later
            message.error = f"{type(error).__name__}: {error}"[:300]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = MessageStatus.FAILED
        else:
            message.status = MessageStatus.SENT
            message.sent_at = timezone.now()
            message.error = ""
        message.backend = backend.name
        message.save()
    return message
