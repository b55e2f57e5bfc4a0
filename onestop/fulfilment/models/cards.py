"""Prepaid cards: a card issued to a person to collect, and the loads (top-ups) put on it."""

from django.db import models

from onestop.core.models import CouncilOwnedModel
from onestop.fulfilment.models.awards import Award


class PrepaidCardStatus(models.TextChoices):
    AWAITING_COLLECTION = "awaiting_collection", "Waiting to be collected"
    ACTIVE = "active", "Collected and in use"
    CANCELLED = "cancelled", "Cancelled"


class PrepaidCard(CouncilOwnedModel):
    """A card in the person's name. Only the last four digits are kept here; the card
    provider holds the full number."""

    person = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    card_reference = models.CharField(max_length=20, help_text="The provider's id for the card")
    last_four = models.CharField(max_length=4)
    status = models.CharField(
        max_length=30,
        choices=PrepaidCardStatus.choices,
        default=PrepaidCardStatus.AWAITING_COLLECTION,
    )
    collect_from = models.CharField(max_length=200, help_text="Where the person collects it")
    collect_by = models.DateField()
    collected_at = models.DateTimeField(null=True, blank=True)
    balance_pence = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["card_reference"], name="prepaid_card_reference_unique")
        ]


class CardLoadStatus(models.TextChoices):
    AWAITING_COLLECTION = "awaiting_collection", "On a card waiting to be collected"
    LOADED = "loaded", "On the card, ready to spend"
    CANCELLED = "cancelled", "Cancelled: the card was not collected"


class CardLoad(CouncilOwnedModel):
    """One award put on a card: a new card's first load or a top-up of a card in use."""

    award = models.OneToOneField(Award, on_delete=models.PROTECT, related_name="card_load")
    card = models.ForeignKey(PrepaidCard, on_delete=models.PROTECT, related_name="loads")
    amount_pence = models.PositiveIntegerField()
    status = models.CharField(max_length=30, choices=CardLoadStatus.choices)
