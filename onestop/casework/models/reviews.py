"""Reviews: the applicant asks for a decision to be looked at again by someone else."""

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel


class ReviewChannel(models.TextChoices):
    ONLINE = "online", "Online"
    PHONE = "phone", "Phone"
    LETTER = "letter", "Letter"
    IN_PERSON = "in_person", "In person"


class ReviewStatus(models.TextChoices):
    WAITING = "waiting", "Waiting for review"
    DECIDED = "decided", "Decided"


class ReviewOutcome(models.TextChoices):
    UPHELD = "upheld", "Original decision kept"
    CHANGED = "changed", "Decision changed"


class Review(CouncilOwnedModel):
    application = models.ForeignKey(
        "intake.Application", on_delete=models.PROTECT, related_name="+"
    )
    decision = models.ForeignKey(
        "casework.Decision", on_delete=models.PROTECT, related_name="reviews"
    )
    # Copied from the decision so the database itself can refuse a self-review.
    original_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    original_amount_pence = models.PositiveIntegerField()
    channel = models.CharField(max_length=20, choices=ReviewChannel.choices)
    requested_on = models.DateField(help_text="When the applicant asked")
    grounds = models.TextField(help_text="Why the applicant thinks the decision is wrong")
    logged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    is_late = models.BooleanField(default=False, help_text="Asked after the review window")
    late_reason = models.TextField(blank=True, help_text="Why a late request was accepted")
    due_on = models.DateField()
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.WAITING
    )
    outcome = models.CharField(max_length=20, choices=ReviewOutcome.choices, blank=True)
    amount_pence = models.PositiveIntegerField(
        default=0, help_text="The award after review: never less than the original"
    )
    reasons = models.TextField(blank=True, help_text="Told to the applicant")
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    award = models.OneToOneField(
        "fulfilment.Award",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review",
        help_text="The extra award a changed decision made",
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(reviewed_by__isnull=True)
                | ~models.Q(reviewed_by=models.F("original_decided_by")),
                name="nobody_reviews_their_own_decision",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="decided")
                | models.Q(amount_pence__gte=models.F("original_amount_pence")),
                name="a_review_never_reduces_an_award",
            ),
            models.UniqueConstraint(
                fields=["decision"],
                condition=models.Q(status="waiting"),
                name="one_waiting_review_per_decision",
            ),
        ]
