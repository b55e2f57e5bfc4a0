"""Decisions on applications: the outcome, the reasons, and who made it."""

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel


class DecisionOutcome(models.TextChoices):
    AWARD = "award", "Award"
    REFUSE = "refuse", "Refuse"


class Decision(CouncilOwnedModel):
    application = models.ForeignKey(
        "intake.Application", on_delete=models.PROTECT, related_name="+"
    )
    assessment = models.ForeignKey("intake.Assessment", on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(max_length=10, choices=DecisionOutcome.choices)
    amount_pence = models.PositiveIntegerField(default=0)
    reasons = models.TextField(help_text="Told to the applicant")
    departs_from_assessment = models.BooleanField(
        default=False, help_text="The decision differs from what the rules proposed"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    award = models.OneToOneField(
        "fulfilment.Award", on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )

    class Meta:
        ordering = ["-created_at"]
