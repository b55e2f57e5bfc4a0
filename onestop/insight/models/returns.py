"""The finance officer's sign-off of a management return, and exactly which figures it covers."""

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel


class ReturnSignOff(CouncilOwnedModel):
    """A council's return for a period, signed off: who, when, which finance director approved
    it, and the SHA-256 of the figures signed, so a later change in them shows.

    Signing off the same period again (after the figures changed) replaces the record; the
    audit log keeps every sign-off.
    """

    period = models.CharField(max_length=10, help_text="Like 2026-27-H1")
    figures_digest = models.CharField(
        max_length=64, help_text="SHA-256 of the return's CSV file, in hex"
    )
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField()
    approved_by_name = models.CharField(
        max_length=120, help_text="The finance director who approved the return"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["council", "period"], name="one_return_sign_off_per_period"
            )
        ]

    def __str__(self) -> str:
        return f"Return {self.period} signed off by {self.approved_by_name}"
