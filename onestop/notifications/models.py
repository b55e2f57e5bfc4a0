"""The outbox: every SMS and email the service sends, with what it said and what happened."""

from typing import Any

from django.db import models

from onestop.core.models import CouncilOwnedModel


class MessageChannel(models.TextChoices):
    SMS = "sms", "Text message"
    EMAIL = "email", "Email"


class MessageStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    NO_CONTACT = "no_contact", "No contact details"


class Message(CouncilOwnedModel):
    channel = models.CharField(max_length=10, choices=MessageChannel.choices)
    recipient = models.CharField(max_length=254, blank=True)
    template = models.CharField(max_length=60)
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
