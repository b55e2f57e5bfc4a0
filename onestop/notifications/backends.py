"""Where messages and letters go: GOV.UK Notify when configured, otherwise the local outbox.

Both implement `NotificationBackend`. The outbox backend is the default: it keeps the
rendered message or letter in the database, where staff can read it, and gives it a
reference as Notify would. The Notify backend sends through `notifications-python-client`.

Notify sends exactly the words we rendered: the council's own wording, in the person's
language. So there is one Notify template per channel, whose content is only placeholders
(((body)) for text messages; ((subject)) and ((body)) for email), and letters go as PDFs.
"""

import io
import uuid
from typing import Protocol

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from onestop.notifications.models import Letter, Message, MessageChannel

# The keys of NOTIFY_TEMPLATE_IDS: one Notify template for each channel.
NOTIFY_CHANNEL_TEMPLATES = ("email", "sms")
NOTIFY_POSTAGE = ("first", "second", "economy")


class NotificationBackend(Protocol):
    name: str

    def send(self, message: Message) -> str:
        """Send the message and return the provider's reference for it; raise on failure."""
        ...

    def send_letter(self, letter: Letter) -> str:
        """Post the letter's PDF and return the provider's reference for it; raise on failure."""
        ...


class OutboxBackend:
    """Keeps messages and letters in the stored outbox: nothing leaves the machine."""

    name = "outbox"

    def send(self, message: Message) -> str:
        return f"outbox-{uuid.uuid4()}"

    def send_letter(self, letter: Letter) -> str:
        return f"outbox-{uuid.uuid4()}"


class NotifyBackend:
    """GOV.UK Notify through its official Python client."""

    name = "notify"

    def __init__(
        self,
        *,
        api_key: str,
        base_url: str,
        template_ids: dict[str, str],
        letter_postage: str = "second",
    ) -> None:
        from notifications_python_client.notifications import NotificationsAPIClient

        self.client = NotificationsAPIClient(api_key, base_url=base_url)
        self.template_ids = template_ids
        self.letter_postage = letter_postage

    def send(self, message: Message) -> str:
        reference = message.case_reference or None
        if message.channel == MessageChannel.SMS:
            response = self.client.send_sms_notification(
                phone_number=message.recipient,
                template_id=self.template_ids["sms"],
                personalisation={"body": message.body},
                reference=reference,
            )
        else:
            response = self.client.send_email_notification(
                email_address=message.recipient,
                template_id=self.template_ids["email"],
                personalisation={"subject": message.subject, "body": message.body},
                reference=reference,
            )
        return str(response["id"])

    def send_letter(self, letter: Letter) -> str:
        response = self.client.send_precompiled_letter_notification(
            reference=letter.case_reference or f"letter-{letter.pk}",
            pdf_file=io.BytesIO(bytes(letter.pdf)),
            postage=self.letter_postage,
        )
        return str(response["id"])


def notify_configuration_problems() -> list[str]:
    """What is missing or wrong in the Notify settings; none when Notify is off or set up fully."""
    template_ids = settings.NOTIFY_TEMPLATE_IDS
    if not settings.NOTIFY_API_KEY:
        if template_ids:
            return ["NOTIFY_TEMPLATE_IDS is set but NOTIFY_API_KEY is not"]
        return []
    problems = []
    missing = [key for key in NOTIFY_CHANNEL_TEMPLATES if not template_ids.get(key)]
    if missing:
        problems.append("NOTIFY_TEMPLATE_IDS has no Notify template for: " + ", ".join(missing))
    unknown = sorted(set(template_ids) - set(NOTIFY_CHANNEL_TEMPLATES))
    if unknown:
        problems.append(
            "NOTIFY_TEMPLATE_IDS names templates other than email and sms: " + ", ".join(unknown)
        )
    if settings.NOTIFY_LETTER_POSTAGE not in NOTIFY_POSTAGE:
        problems.append("NOTIFY_LETTER_POSTAGE must be first, second or economy")
    return problems


def backend_for_settings() -> NotificationBackend:
    problems = notify_configuration_problems()
    if problems:
        raise ImproperlyConfigured("; ".join(problems))
    if settings.NOTIFY_API_KEY:
        return NotifyBackend(
            api_key=settings.NOTIFY_API_KEY,
            base_url=settings.NOTIFY_BASE_URL,
            template_ids=settings.NOTIFY_TEMPLATE_IDS,
            letter_postage=settings.NOTIFY_LETTER_POSTAGE,
        )
    return OutboxBackend()
