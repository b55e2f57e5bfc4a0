"""Referrals between the council and its partners: out from a case to a directory service, and
in from a partner that sent the application, kept in one record per case."""

from django.conf import settings
from django.db import models
from django.db.models import Q

from onestop.core.models import CouncilOwnedModel


class ReferralDirection(models.TextChoices):
    OUT = "out", "To a service"
    IN = "in", "From a partner"


class ReferralStatus(models.TextChoices):
    SENT = "sent", "Sent"
    ACCEPTED = "accepted", "Accepted"
    DECLINED = "declined", "Declined"
    CLOSED = "closed", "Closed"


# Statuses in which a referral is still open: the case keeps showing it.
OPEN_STATUSES = (ReferralStatus.SENT, ReferralStatus.ACCEPTED)


class Referral(CouncilOwnedModel):
    """One referral about one case: the household sent to a service (out), with the person's
    consent, or the case itself sent to the council by a partner (in)."""

    application = models.ForeignKey(
        "intake.Application", on_delete=models.PROTECT, related_name="+"
    )
    household = models.ForeignKey("people.Household", on_delete=models.PROTECT, related_name="+")
    direction = models.CharField(max_length=3, choices=ReferralDirection.choices)
    service = models.ForeignKey(
        "directory.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
    )
    # The partner receiving an out referral (the service's organisation's partner link, if it
    # has one) or the partner that sent an in referral.
    partner = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    needs = models.CharField(max_length=500, blank=True)
    consent_given_at = models.DateTimeField(null=True, blank=True)
    consent_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    status = models.CharField(
        max_length=10, choices=ReferralStatus.choices, default=ReferralStatus.SENT
    )
    decline_reason = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    outcome_recorded_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # Nobody is referred on without their consent.
            models.CheckConstraint(
                condition=~Q(direction="out") | Q(consent_given_at__isnull=False),
                name="directory_referral_out_has_consent",
            ),
            models.CheckConstraint(
                condition=~Q(direction="out") | Q(service__isnull=False),
                name="directory_referral_out_has_service",
            ),
            # A partner's application arrives once, so it is one in referral.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(direction="in"),
                name="directory_referral_one_in_per_application",
            ),
        ]
        indexes = [
            models.Index(fields=["council", "partner", "status"]),
            models.Index(fields=["council", "household"]),
        ]

    def __str__(self) -> str:
        return f"Referral {self.pk} ({self.direction})"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES
