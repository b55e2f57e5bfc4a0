"""A council's support schemes; each names the policy file under policies/ that assesses it."""

from django.db import models

from onestop.core.models import CouncilOwnedModel


class AwardType(models.TextChoices):
    """How an award reaches the person; each has a provider in onestop.fulfilment.providers."""

    E_VOUCHER = "e_voucher", "E-voucher"
    BANK_PAYMENT = "bank_payment", "Bank payment"
    CASH_OUT = "cash_out", "Cash-out code"
    PREPAID_CARD = "prepaid_card", "Prepaid card"
    GOODS = "goods", "Goods in kind"


class Scheme(CouncilOwnedModel):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60)
    reference_prefix = models.CharField(
        max_length=3, help_text="Starts every reference for this scheme, for example CR"
    )
    policy = models.CharField(
        max_length=60, help_text="The folder under policies/ that holds this scheme's policy file"
    )
    decision_target_working_days = models.PositiveSmallIntegerField(
        default=1, help_text="Decide by the end of this many working days after the application"
    )
    award_type = models.CharField(
        max_length=20, choices=AwardType.choices, default=AwardType.E_VOUCHER
    )
    is_open = models.BooleanField(default=True)
    team = models.ForeignKey(
        "councils.Team",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The team whose queue this scheme's applications join",
    )
    approval_above_pence = models.PositiveIntegerField(
        null=True,
        blank=True,
        help_text="Awards above this need a team leader's approval (four eyes); empty for none",
    )
    auto_decide = models.BooleanField(
        default=False,
        help_text="Award clear cases automatically when the policy finds them eligible",
    )
    auto_award_limit_pence = models.PositiveIntegerField(
        default=0, help_text="The largest award that may be decided automatically"
    )
    review_target_working_days = models.PositiveSmallIntegerField(
        default=2, help_text="Review a decision by the end of this many working days"
    )
    information_wait_working_days = models.PositiveSmallIntegerField(
        default=5, help_text="How long an applicant has to send information asked for"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["council", "slug"], name="scheme_slug_per_council")
        ]
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
