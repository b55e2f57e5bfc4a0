"""Bank payments and the Bacs Standard 18 files that carry them to the council's bank."""

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel
from onestop.fulfilment.models.awards import Award


class BacsOriginator(CouncilOwnedModel):
    """The council's own Bacs details: the account payments come from, and its service user
    number (SUN), which the bank gives the council for submitting files."""

    service_user_number = models.CharField(max_length=6, help_text="Six digits, from the bank")
    account_name = models.CharField(max_length=18, help_text="As Bacs shows it, 18 characters")
    sort_code = models.CharField(max_length=6)
    account_number = models.CharField(max_length=8)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council"], name="one_bacs_originator_per_council")
        ]


class PaymentFile(CouncilOwnedModel):
    """One Bacs Standard 18 file, built once; its payments are marked as sent when it is."""

    serial_number = models.PositiveIntegerField(help_text="Counts up per council; in VOL1 and HDR1")
    processing_date = models.DateField()
    file_name = models.CharField(max_length=100)
    content = models.TextField()
    payment_count = models.PositiveIntegerField()
    total_pence = models.PositiveBigIntegerField()
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "serial_number"], name="payment_file_serial_per_council"
            )
        ]
        ordering = ["-serial_number"]


class BankPaymentStatus(models.TextChoices):
    QUEUED = "queued", "Waiting for the next payment file"
    SENT = "sent", "Sent in a payment file"
    BOUNCED = "bounced", "Returned by the bank"


class BankPayment(CouncilOwnedModel):
    """A payment waiting for, or carried in, a Bacs file. One per award, never two."""

    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="bank_payment")
    account_name = models.CharField(max_length=18, help_text="As Bacs carries it")
    sort_code = models.CharField(max_length=6)
    account_number = models.CharField(max_length=8)
    amount_pence = models.PositiveIntegerField()
    reference = models.CharField(max_length=18, help_text="Shown on the person's statement")
    status = models.CharField(
        max_length=20, choices=BankPaymentStatus.choices, default=BankPaymentStatus.QUEUED
    )
    payment_file = models.ForeignKey(
        PaymentFile, on_delete=models.PROTECT, null=True, blank=True, related_name="payments"
    )
    bounced_at = models.DateTimeField(null=True, blank=True)
    bounce_reason = models.CharField(max_length=200, blank=True)

    class Meta:
        indexes = [models.Index(fields=["council", "status"])]
