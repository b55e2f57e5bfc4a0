"""A scheme's money for a period, and each commitment of it to an award."""

from django.db import models

from onestop.core.models import CouncilOwnedModel


class Budget(CouncilOwnedModel):
    scheme = models.ForeignKey("policy.Scheme", on_delete=models.PROTECT, related_name="+")
    name = models.CharField(max_length=120)
    starts_on = models.DateField()
    ends_on = models.DateField()
    total_pence = models.PositiveBigIntegerField()
    committed_pence = models.PositiveBigIntegerField(
        default=0, help_text="Money promised to awards and not released"
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


class CommitmentStatus(models.TextChoices):
    COMMITTED = "committed", "Committed"
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
