"""E-voucher stock the council loads, and the codes issued from it to awards."""

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel
from onestop.fulfilment.models.awards import Award


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
    # From the retailer's redemption report; an issued code past its date without one is
    # returned to the budget by reconciliation.
    redeemed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "code"], name="voucher_code_once_per_council"
            )
        ]
        indexes = [models.Index(fields=["council", "award", "retailer", "value_pence"])]
