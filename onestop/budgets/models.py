"""A scheme's money for a period, its monthly profile, each commitment of it, and spend alerts."""

from django.db import models

from onestop.core.models import CouncilOwnedModel
from onestop.policy.vocabulary import Priority


def default_alert_percentages() -> list[int]:
    return [50, 75, 90, 100]


class Budget(CouncilOwnedModel):
    scheme = models.ForeignKey("policy.Scheme", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    starts_on = models.DateField()
    ends_on = models.DateField()
    total_pence = models.PositiveBigIntegerField()
    committed_pence = models.PositiveBigIntegerField(
        default=0, help_text="Money promised or paid to awards and not released"
    )
    priority_threshold = models.CharField(
        max_length=10,
        choices=Priority.choices,
        default=Priority.LOW,
        help_text="The lowest priority of award the budget pays",
    )
    medium_when_ahead_percent = models.PositiveSmallIntegerField(
        default=10,
        help_text="Raise the threshold to medium when spending is more than this % ahead of plan",
    )
    high_when_ahead_percent = models.PositiveSmallIntegerField(
        default=25,
        help_text="Raise the threshold to high when spending is more than this % ahead of plan",
    )
    alert_percentages = models.JSONField(
        default=default_alert_percentages,
        help_text="Alert finance when committed spending first reaches each % of the budget",
    )

    class Meta:
        ordering = ["-starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(committed_pence__lte=models.F("total_pence")),
                name="budget_never_overspent",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def remaining_pence(self) -> int:
        return self.total_pence - self.committed_pence


class ProfileMonth(CouncilOwnedModel):
    """The spending planned for one calendar month of a budget's period."""

    budget = models.ForeignKey(Budget, on_delete=models.CASCADE, related_name="profile")
    month = models.DateField(help_text="The first day of the month")
    planned_pence = models.PositiveBigIntegerField()

    class Meta:
        ordering = ["budget", "month"]
        constraints = [
            models.UniqueConstraint(fields=["budget", "month"], name="one_plan_per_budget_month")
        ]


class CommitmentStatus(models.TextChoices):
    COMMITTED = "committed", "Committed"
    SPENT = "spent", "Spent"
    RELEASED = "released", "Released"


class Commitment(CouncilOwnedModel):
    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="commitments")
    application = models.ForeignKey(
        "intake.Application", on_delete=models.PROTECT, related_name="+"
    )
    amount_pence = models.PositiveIntegerField()
    status = models.CharField(
        max_length=20, choices=CommitmentStatus.choices, default=CommitmentStatus.COMMITTED
    )


class BudgetAlert(CouncilOwnedModel):
    """Committed spending reached a set percentage of the budget: recorded once per percentage."""

    budget = models.ForeignKey(Budget, on_delete=models.PROTECT, related_name="alerts")
    percentage = models.PositiveSmallIntegerField()
    committed_pence = models.PositiveBigIntegerField(
        help_text="Committed when the line was crossed"
    )

    class Meta:
        ordering = ["budget", "percentage"]
        constraints = [
            models.UniqueConstraint(
                fields=["budget", "percentage"], name="one_alert_per_budget_percentage"
            )
        ]
