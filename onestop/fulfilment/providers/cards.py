"""The local prepaid card backend: top up the person's card, or issue one for them to collect."""

import datetime
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from onestop.core.money import format_pounds
from onestop.fulfilment.models import (
    Award,
    CardLoad,
    CardLoadStatus,
    PrepaidCard,
    PrepaidCardStatus,
)
from onestop.fulfilment.providers import FulfilmentFailed, FulfilmentResult
from onestop.fulfilment.providers.locking import award_lock
from onestop.notifications.language import written_date
from onestop.people.models import Person

ATTEMPTS = 10


def new_card_reference() -> str:
    return "PC" + "".join(str(secrets.randbelow(10)) for _ in range(10))


def collect_from(award: Award) -> str:
    """Where new cards are collected: the setting if the council's deployment names a place."""
    return (
        getattr(settings, "PREPAID_CARD_COLLECT_FROM", "")
        or f"{award.council.name} customer service centre"
    )


def collect_days() -> int:
    return int(getattr(settings, "PREPAID_CARD_COLLECT_DAYS", 14))


class LocalPrepaidCardProvider:
    """Puts each award on the person's prepaid card once: on the card they use, on the card
    waiting for them to collect, or on a new card issued for them to collect."""

    name = "prepaid_cards"

    def fulfil(self, award: Award, *, idempotency_key: str) -> FulfilmentResult:
        with award_lock(award):
            load = CardLoad.objects.filter(award=award).select_related("card").first()
            if load is None:
                load = self._load(award)
            return self._result(award, load)

    def _load(self, award: Award) -> CardLoad:
        person = award.application.applicant
        # Two awards for the same person fulfilled at once take turns here, so they share
        # one new card rather than each issuing one.
        Person.objects.select_for_update().filter(pk=person.pk).first()
        today = timezone.localdate()
        cards = PrepaidCard.objects.select_for_update().filter(council=award.council, person=person)
        card = cards.filter(status=PrepaidCardStatus.ACTIVE).order_by("-collected_at").first()
        if card is not None:
            PrepaidCard.objects.filter(pk=card.pk).update(
                balance_pence=F("balance_pence") + award.value_pence, updated_at=timezone.now()
            )
            return CardLoad.objects.create(
                council=award.council,
                award=award,
                card=card,
                amount_pence=award.value_pence,
                status=CardLoadStatus.LOADED,
            )
        # A card still waiting to be collected takes the new money too; the person gets the
        # full time to collect it from today. One past its date is left for reconciliation
        # to cancel, and a new card is issued instead.
        card = (
            cards.filter(status=PrepaidCardStatus.AWAITING_COLLECTION, collect_by__gte=today)
            .order_by("-created_at")
            .first()
        )
        collect_by = today + datetime.timedelta(days=collect_days())
        if card is not None:
            if card.collect_by < collect_by:
                card.collect_by = collect_by
                card.save(update_fields=["collect_by", "updated_at"])
        else:
            card = self._new_card(award, collect_by)
        return CardLoad.objects.create(
            council=award.council,
            award=award,
            card=card,
            amount_pence=award.value_pence,
            status=CardLoadStatus.AWAITING_COLLECTION,
        )

    @staticmethod
    def _new_card(award: Award, collect_by: datetime.date) -> PrepaidCard:
        for _ in range(ATTEMPTS):
            try:
                with transaction.atomic():  # a savepoint: a clash leaves the lock usable
                    return PrepaidCard.objects.create(
                        council=award.council,
                        person=award.application.applicant,
                        card_reference=new_card_reference(),
                        last_four=f"{secrets.randbelow(10_000):04d}",
                        status=PrepaidCardStatus.AWAITING_COLLECTION,
                        collect_from=collect_from(award)[:200],
                        collect_by=collect_by,
                    )
            except IntegrityError:
                continue
        raise FulfilmentFailed(
            "A new prepaid card could not be made. Try again; if it fails again, tell the "
            "service's support team."
        )

    @staticmethod
    def _result(award: Award, load: CardLoad) -> FulfilmentResult:
        card = load.card
        amount = format_pounds(load.amount_pence)
        # Put on a card already in use (loaded after it was collected): a top-up. Otherwise the
        # money waits on a card to collect. Decided from the records, so a retry gives back
        # the same answer even if the card has been collected since.
        topped_up = load.status == CardLoadStatus.LOADED and (
            card.collected_at is None or load.created_at >= card.collected_at
        )
        if topped_up:
            return FulfilmentResult(
                summary=f"{amount} put on prepaid card ending {card.last_four}",
                message_template="prepaid_card_topped_up",
                personalisation={"card_ending": card.last_four},
            )
        return FulfilmentResult(
            summary=(
                f"{amount} on prepaid card ending {card.last_four}, to collect from "
                f"{card.collect_from} by {written_date(card.collect_by, 'en')}"
            ),
            message_template="prepaid_card_ready",
            personalisation={"collect_from": card.collect_from, "collect_by": card.collect_by},
        )
