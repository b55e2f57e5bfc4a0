"""Asking the applicant for more information: the case waits, with a reminder and a deadline."""

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel


class InformationRequestStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for the applicant"
    RECEIVED = "received", "Information received"
    LAPSED = "lapsed", "Deadline passed"


class InformationRequest(CouncilOwnedModel):
    application = models.ForeignKey(
        "intake.Application", on_delete=models.PROTECT, related_name="+"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    what_is_needed = models.TextField(help_text="Told to the applicant")
    due_on = models.DateField(help_text="The case returns to the queue after this day")
    remind_on = models.DateField(help_text="The applicant is reminded on this day")
    reminded_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(
        max_length=20,
        choices=InformationRequestStatus.choices,
        default=InformationRequestStatus.WAITING,
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolution_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application"],
                condition=models.Q(status="waiting"),
                name="one_open_information_request",
            )
        ]
