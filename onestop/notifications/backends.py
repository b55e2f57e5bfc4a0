"""Where messages go: GOV.UK Notify when configured, otherwise the local outbox.

Both implement `NotificationBackend`. The outbox backend is the default: it keeps the
rendered message in the database, where staff can read it, and gives it a reference as
Notify would. The Notify backend sends through `notifications-python-client`.
"""

import uuid
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from onestop.notifications.models import Message, MessageChannel
from onestop.notifications.templates import TEMPLATES


class NotificationBackend(Protocol):
    name: str

    def send(self, message: Message) -> str:
        """Send the message and return the provider's reference for it; raise on failure."""
        ...


class OutboxBackend:
    """Keeps messages in the stored outbox: nothing leaves the machine."""

    name = "outbox"

    def send(self, message: Message) -> str:
        return f"outbox-{uuid.uuid4()}"


class NotifyBackend:
    """GOV.UK Notify through its official Python client."""

    name = "notify"

    def __init__(self, *, api_key: str, base_url: str, template_ids: dict[str, str]) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(api_key, base_url=base_url)
        self.template_ids = template_ids

    def send(self, message: Message) -> str:
        template_id = self.template_ids[message.template]
        if message.channel == MessageChannel.SMS:
            response = self.client.send_sms_notification(
                phone_number=message.recipient,
                template_id=template_id,
                personalisation=message.personalisation,
                reference=message.case_reference or None,
            )
        else:
            response = self.client.send_email_notification(
                email_address=message.recipient,
                template_id=template_id,
                personalisation=message.personalisation,
                reference=message.case_reference or None,
            )
        return str(response["id"])


def missing_notify_templates() -> list[str]:
    """Message templates with no Notify template ID, when Notify is switched on."""
    if not settings.NOTIFY_API_KEY:
        return []
    return sorted(set(TEMPLATES) - set(settings.NOTIFY_TEMPLATE_IDS))


def backend_for_settings() -> NotificationBackend:
    if settings.NOTIFY_API_KEY:
        missing = missing_notify_templates()
        if missing:
            raise ImproperlyConfigured(
                "NOTIFY_TEMPLATE_IDS has no Notify template for: " + ", ".join(missing)
            )
        return NotifyBackend(
            api_key=settings.NOTIFY_API_KEY,
            base_url=settings.NOTIFY_BASE_URL,
            template_ids=settings.NOTIFY_TEMPLATE_IDS,
        )
    return OutboxBackend()
