"""Awards, the fulfilment outbox that delivers them, and the council's stock of e-voucher codes."""

import uuid

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel
from onestop.policy.models import AwardType


class AwardStatus(models.TextChoices):
    AWAITING_FULFILMENT = "awaiting_fulfilment", "Awaiting fulfilment"
    FULFILLED = "fulfilled", "Fulfilled"
    FAILED = "failed", "Fulfilment failed"


class Award(CouncilOwnedModel):
    application = models.ForeignKey(
        "intake.Application", on_delete=models.PROTECT, related_name="+"
    )
    commitment = models.OneToOneField(
        "budgets.Commitment", on_delete=models.PROTECT, related_name="award"
    )
    award_type = models.CharField(max_length=20, choices=AwardType.choices)
    value_pence = models.PositiveIntegerField()
    status = models.CharField(
        max_length=30, choices=AwardStatus.choices, default=AwardStatus.AWAITING_FULFILMENT
    )
    # Sent to the provider with every attempt, so a retry can never issue twice.
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    fulfilled_at = models.DateTimeField(null=True, blank=True)


class FulfilmentRequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    DONE = "done", "Done"
    FAILED = "failed", "Needs attention"


class FulfilmentRequest(CouncilOwnedModel):
    """The outbox row written with the award; the worker turns it into a delivered award."""

    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="fulfilment_request")
    provider = models.CharField(max_length=40)
    status = models.CharField(
        max_length=20,
        choices=FulfilmentRequestStatus.choices,
        default=FulfilmentRequestStatus.PENDING,
    )
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"])]


class VoucherBatch(CouncilOwnedModel):
    """One upload of e-voucher codes, kept so finance can see where stock came from."""

    file_name = models.CharField(max_length=200)
    code_count = models.PositiveIntegerField()
    total_value_pence = models.PositiveBigIntegerField()
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )


class VoucherCode(CouncilOwnedModel):
    batch = models.ForeignKey(VoucherBatch, on_delete=models.PROTECT, related_name="codes")
    code = models.CharField(max_length=64)
    retailer = models.CharField(max_length=100)
    value_pence = models.PositiveIntegerField()
    expires_on = models.DateField()
    award = models.ForeignKey(
        Award, on_delete=models.PROTECT, null=True, blank=True, related_name="voucher_codes"
    )
    issued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "code"], name="voucher_code_once_per_council"
            )
        ]
        indexes = [models.Index(fields=["council", "award", "retailer", "value_pence"])]
