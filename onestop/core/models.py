"""Base models every app builds on, and the audit log of who did or saw what."""

from typing import Any

from django.conf import settings
from django.db import models


class BaseModel(models.Model):
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class CouncilOwnedModel(BaseModel):
    """A row that belongs to one council: every query for it must name the council."""

    council = models.ForeignKey("councils.Council", on_delete=models.PROTECT, related_name="+")

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    """One thing a person (or the system) did or looked at, kept for accountability.

    Views are recorded as well as changes, to the standard of social care access logging.
    `subject_type` and `subject_id` name the record; `case_reference` groups events onto an
    application's timeline without joining across apps.
    """

    council = models.ForeignKey(
        "councils.Council", on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    occurred_at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    actor_label = models.CharField(max_length=200, help_text="Who, as shown on the timeline")
    action = models.CharField(max_length=80, db_index=True)
    subject_type = models.CharField(max_length=80)
    subject_id = models.CharField(max_length=64)
    case_reference = models.CharField(max_length=20, blank=True, db_index=True)
    summary = models.CharField(max_length=300, help_text="What happened, in plain English")
    reason = models.TextField(blank=True)
    details: models.JSONField[Any] = models.JSONField(default=dict, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["council", "-occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_label}: {self.summary}"
