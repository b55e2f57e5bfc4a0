"""Awards, what the decision said about how each arrives, and the outbox row that delivers it."""

import uuid

from django.db import models

from onestop.core.models import CouncilOwnedModel
from onestop.policy.models import AwardType


class AwardStatus(models.TextChoices):
    AWAITING_FULFILMENT = "awaiting_fulfilment", "Awaiting fulfilment"
    FULFILLED = "fulfilled", "Fulfilled"
    FAILED = "failed", "Fulfilment failed"
    # The money came back to the budget: a code expired unused, a card was not collected,
    # goods could not be delivered or were returned, or a bank payment bounced.
    RETURNED = "returned", "Money returned to the fund"


class DeliverySlot(models.TextChoices):
    MORNING = "morning", "Morning (8am to 1pm)"
    AFTERNOON = "afternoon", "Afternoon (1pm to 6pm)"


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
    returned_at = models.DateTimeField(null=True, blank=True)
    returned_reason = models.CharField(max_length=300, blank=True)

    class Meta:
        indexes = [models.Index(fields=["council", "status"])]


class Payee(CouncilOwnedModel):
    """The bank account an application's bank-payment awards are paid into, as the decision
    maker confirmed it. A payment copies it when it is queued, so a later change never alters
    a payment already made."""

    application = models.OneToOneField(
        "intake.Application", on_delete=models.PROTECT, related_name="payee"
    )
    account_name = models.CharField(max_length=70)
    sort_code = models.CharField(max_length=6, help_text="Six digits, no dashes")
    account_number = models.CharField(max_length=8, help_text="Eight digits")


class GoodsRequest(CouncilOwnedModel):
    """The items a decision maker chose for an application, and when to deliver them."""

    application = models.OneToOneField(
        "intake.Application", on_delete=models.PROTECT, related_name="goods_request"
    )
    delivery_date = models.DateField()
    delivery_slot = models.CharField(max_length=20, choices=DeliverySlot.choices)

    @property
    def total_pence(self) -> int:
        return sum(line.quantity * line.unit_price_pence for line in self.lines.all())


class GoodsRequestLine(CouncilOwnedModel):
    """One item chosen from the catalogue, at its price when it was chosen."""

    request = models.ForeignKey(GoodsRequest, on_delete=models.CASCADE, related_name="lines")
    catalogue_item = models.ForeignKey(
        "fulfilment.CatalogueItem", on_delete=models.PROTECT, related_name="+"
    )
    quantity = models.PositiveSmallIntegerField(default=1)
    unit_price_pence = models.PositiveIntegerField()


class FulfilmentRequestStatus(models.TextChoices):
    PENDING = "pending", "Waiting to be sent"
    DONE = "done", "Done"
    FAILED = "failed", "Needs attention"
    CANCELLED = "cancelled", "Cancelled, money returned"


class FulfilmentRequest(CouncilOwnedModel):
    """The outbox row written with the award; a worker turns it into a delivered award.

    A worker claims the row by setting `claimed_until` (a lease) and committing, then calls the
    provider outside any transaction. If the worker dies, the lease runs out and another worker
    claims the row again; the provider, called with the same idempotency key, gives back what
    it did the first time.
    """

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
    claimed_until = models.DateTimeField(null=True, blank=True)
    claimed_by = models.CharField(max_length=80, blank=True)
    result_summary = models.CharField(max_length=300, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status", "next_attempt_at"])]
