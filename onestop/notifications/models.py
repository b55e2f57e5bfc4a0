"""The outbox of every SMS, email and letter the service sends, and councils' own message wording."""

from typing import Any

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel


class MessageChannel(models.TextChoices):
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"


class MessageLanguage(models.TextChoices):
    """The languages letters and messages are written in: a person's recorded preference."""

    ENGLISH = "en", "English"
    WELSH = "cy", "Welsh"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    NO_CONTACT = "no_contact", "No contact details"


class Message(CouncilOwnedModel):
    channel = models.CharField(max_length=10, choices=MessageChannel.choices)
    recipient = models.CharField(max_length=254, blank=True)
    template = models.CharField(max_length=60)
    language = models.CharField(
        max_length=2, choices=MessageLanguage.choices, default=MessageLanguage.ENGLISH
    )
    personalisation: models.JSONField[Any] = models.JSONField(default=dict)
    subject = models.CharField(max_length=200, blank=True)
    body = models.TextField(help_text="The message as the person receives it")
    case_reference = models.CharField(max_length=20, blank=True, db_index=True)
    status = models.CharField(
        max_length=20, choices=MessageStatus.choices, default=MessageStatus.QUEUED
    )
    backend = models.CharField(max_length=20, blank=True)
    provider_reference = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["council", "-created_at"])]


class MessageWording(CouncilOwnedModel):
    """A council's own wording of one message template in one language, used instead of ours."""

    template = models.CharField(max_length=60)
    language = models.CharField(max_length=2, choices=MessageLanguage.choices)
    subject = models.CharField(max_length=200)
    body = models.TextField()
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "template", "language"], name="one_wording_per_language"
            )
        ]


class LetterKind(models.TextChoices):
    DECISION_AWARD = "decision_award", "Decision: award"
    DECISION_REFUSAL = "decision_refusal", "Decision: refused"
    REVIEW_OUTCOME = "review_outcome", "Review outcome"
    INFORMATION_REQUEST = "information_request", "More information needed"
    CASH_OUT_CODE = "cash_out_code", "Cash-out code"


class LetterStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    NO_ADDRESS = "no_address", "No postal address"


class Letter(CouncilOwnedModel):
    """A posted letter: what it says (the context), the PDF as sent, and what happened to it.

    The PDF is kept in the database, not in a file: it is written in the same transaction as
    the letter's status, it is backed up with the case it belongs to, every web and worker
    machine sees it, and nothing under the web root ever holds it.
    """

    kind = models.CharField(max_length=30, choices=LetterKind.choices)
    language = models.CharField(
        max_length=2, choices=MessageLanguage.choices, default=MessageLanguage.ENGLISH
    )
    case_reference = models.CharField(max_length=20, blank=True, db_index=True)
    recipient_name = models.CharField(max_length=200)
    address_lines: models.JSONField[Any] = models.JSONField(
        default=list, help_text="The postal address, first line to postcode"
    )
    context: models.JSONField[Any] = models.JSONField(
        default=dict, help_text="What the letter says, as its kind's context"
    )
    pdf = models.BinaryField(blank=True, default=b"", editable=False)
    status = models.CharField(
        max_length=20, choices=LetterStatus.choices, default=LetterStatus.QUEUED
    )
    backend = models.CharField(max_length=20, blank=True)
    provider_reference = models.CharField(max_length=100, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["council", "-created_at"])]

    @property
    def file_name(self) -> str:
        return f"{self.case_reference or 'letter'}-{self.kind.replace('_', '-')}-{self.pk}.pdf"
