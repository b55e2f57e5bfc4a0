"""Cash-out codes (PayPoint or Post Office style): a barcode number the person takes to a shop
or post office and exchanges for cash before it expires."""

from django.db import models

from onestop.core.models import CouncilOwnedModel
from onestop.fulfilment.models.awards import Award


class CashOutStatus(models.TextChoices):
    ISSUED = "issued", "Sent, not collected yet"
    REDEEMED = "redeemed", "Collected"
    EXPIRED = "expired", "Expired without being collected"


class CashOutCode(CouncilOwnedModel):
    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="cash_out_code")
    code = models.CharField(max_length=20, help_text="The number under the barcode")
    value_pence = models.PositiveIntegerField()
    expires_on = models.DateField()
    sent_by = models.CharField(max_length=10, help_text="sms, email or letter")
    status = models.CharField(
        max_length=20, choices=CashOutStatus.choices, default=CashOutStatus.ISSUED
    )
    redeemed_at = models.DateTimeField(null=True, blank=True)
    redeemed_at_location = models.CharField(max_length=120, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["code"], name="cash_out_code_unique"),
        ]
        indexes = [models.Index(fields=["council", "status", "expires_on"])]
