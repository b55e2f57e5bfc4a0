"""Complaints about the service: logged from any channel, acknowledged, answered at two stages."""

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel


class ComplaintChannel(models.TextChoices):
    ONLINE = "online", "Online"
    PHONE = "phone", "Phone"
    EMAIL = "email", "Email"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


class ComplaintStatus(models.TextChoices):
    STAGE_1 = "stage_1", "Stage 1: being looked into"
    STAGE_1_ANSWERED = "stage_1_answered", "Stage 1 answered"
    STAGE_2 = "stage_2", "Stage 2: being looked into"
    CLOSED = "closed", "Closed"


class ComplaintOutcome(models.TextChoices):
    UPHELD = "upheld", "Upheld"
    PARTLY_UPHELD = "partly_upheld", "Partly upheld"
    NOT_UPHELD = "not_upheld", "Not upheld"


class Complaint(CouncilOwnedModel):
    reference = models.CharField(max_length=20, unique=True)
    application = models.ForeignKey(
        "intake.Application", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    complainant_name = models.CharField(max_length=200)
    phone = models.CharField(max_length=30, blank=True)
    email = models.EmailField(blank=True)
    channel = models.CharField(max_length=20, choices=ComplaintChannel.choices)
    received_on = models.DateField()
    summary = models.TextField(help_text="What the complaint is about")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ComplaintStatus.choices, default=ComplaintStatus.STAGE_1
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledge_by = models.DateField()
    stage_1_due_on = models.DateField()
    stage_1_response = models.TextField(blank=True)
    stage_1_outcome = models.CharField(max_length=20, choices=ComplaintOutcome.choices, blank=True)
    stage_1_answered_at = models.DateTimeField(null=True, blank=True)
    stage_1_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    escalated_on = models.DateField(null=True, blank=True)
    escalation_reason = models.TextField(blank=True)
    stage_2_due_on = models.DateField(null=True, blank=True)
    stage_2_response = models.TextField(blank=True)
    stage_2_outcome = models.CharField(max_length=20, choices=ComplaintOutcome.choices, blank=True)
    stage_2_answered_at = models.DateTimeField(null=True, blank=True)
    stage_2_answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [
            # Stage 2 is answered by someone who did not answer stage 1.
            models.CheckConstraint(
                condition=models.Q(stage_2_answered_by__isnull=True)
                | ~models.Q(stage_2_answered_by=models.F("stage_1_answered_by")),
                name="stage_2_answered_by_someone_else",
            )
        ]

    def __str__(self) -> str:
        return self.reference
