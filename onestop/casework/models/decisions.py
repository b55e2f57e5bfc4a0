"""Decisions on applications, the reasons for them, and the discretion used in making them."""

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel


class DecisionOutcome(models.TextChoices):
    AWARD = "award", "Award"
    REFUSE = "refuse", "Refuse"


class DiscretionReason(models.TextChoices):
    """Why a decision maker departed from what the policy proposed; reported to managers."""

    EXCEPTIONAL_CIRCUMSTANCES = (
        "exceptional_circumstances",
        "Exceptional circumstances the policy does not cover",
    )
    SAFEGUARDING = "safeguarding", "Risk to the safety of a child or vulnerable adult"
    HEALTH_OR_DISABILITY = "health_or_disability", "Health or disability needs"
    NEED_DIFFERS_FROM_TABLE = (
        "need_differs_from_table",
        "The household's actual need differs from the award table",
    )
    REPEAT_LIMIT_WAIVED = "repeat_limit_waived", "Limit on repeat awards waived"
    OTHER_HELP_MORE_SUITABLE = (
        "other_help_more_suitable",
        "Other help is available and more suitable",
    )
    NOT_IN_CRISIS = "not_in_crisis", "Evidence shows the household is not in crisis"
    BUDGET_PRIORITY = (
        "budget_priority",
        "The budget is paying only higher priority awards at the moment",
    )
    OTHER = "other", "Another reason (explained in the details)"


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
    discretion_reason = models.CharField(
        max_length=40, choices=DiscretionReason.choices, blank=True
    )
    discretion_details = models.TextField(
        blank=True, help_text="Why discretion was used, for the record; not sent to the applicant"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        help_text="Empty when the scheme's auto-decision rule decided",
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text="The team leader who approved a high-value award (four eyes)",
    )
    award = models.OneToOneField(
        "fulfilment.Award", on_delete=models.PROTECT, null=True, blank=True, related_name="decision"
    )

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["application"], name="one_decision_per_application"),
            models.CheckConstraint(
                condition=models.Q(departs_from_assessment=False) | ~models.Q(discretion_reason=""),
                name="discretion_has_a_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(approved_by__isnull=True)
                | ~models.Q(approved_by=models.F("decided_by")),
                name="nobody_approves_their_own_award",
            ),
        ]

    @property
    def is_automatic(self) -> bool:
        return self.decided_by_id is None
