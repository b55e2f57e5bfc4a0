"""Prepaid cards: a new card to collect, money added to a card in use, and handing cards over."""

import datetime
import re

import pytest
from django.utils import timezone

from onestop.core.errors import ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.fulfilment.models import (
    Award,
    CardLoad,
    CardLoadStatus,
    PrepaidCard,
    PrepaidCardStatus,
)
from onestop.fulfilment.providers import FulfilmentResult
from onestop.fulfilment.providers.cards import LocalPrepaidCardProvider
from onestop.fulfilment.services.codes_and_cards import card_collect
from onestop.notifications.models import Message
from onestop.people.services import PersonDetails
from tests.factories import (
    fulfil_now,
    make_award_for_person,
    make_council,
    make_membership,
    person_details,
)

pytestmark = pytest.mark.django_db


def provide(award: Award) -> FulfilmentResult:
    return LocalPrepaidCardProvider().fulfil(award, idempotency_key=str(award.idempotency_key))


def card_award(applicant: PersonDetails, amount_pence: int = 6_000, **kwargs) -> Award:
    return make_award_for_person(
        award_type="prepaid_card", applicant=applicant, amount_pence=amount_pence, **kwargs
    )


def staff_of(award: Award):
    return make_membership(role=Role.TEAM_LEADER, council=award.council).user


def test_someone_without_a_card_gets_a_new_one_to_collect() -> None:
    award = fulfil_now(card_award(person_details(first_name="Dylan", phone="07700 900222")))
    card = PrepaidCard.objects.get()
    assert card.person == award.application.applicant
    assert card.status == PrepaidCardStatus.AWAITING_COLLECTION
    assert re.fullmatch(r"PC[0-9]{10}", card.card_reference)
    assert re.fullmatch(r"[0-9]{4}", card.last_four)
    assert card.collect_from == f"{award.council.name} customer service centre"
    assert card.collect_by == timezone.localdate() + datetime.timedelta(days=14)
    assert card.balance_pence == 0  # the money goes on when the card is handed over
    load = CardLoad.objects.get(award=award)
    assert (load.card, load.status, load.amount_pence) == (
        card,
        CardLoadStatus.AWAITING_COLLECTION,
        6_000,
    )
    (message,) = Message.objects.filter(template="prepaid_card_ready")
    assert message.recipient == "07700 900222"
    assert f"Collect it from {card.collect_from} by " in message.body
    assert "Dear Dylan, your prepaid card with £60.00 on it is ready." in message.body


def test_where_and_how_long_to_collect_can_be_set(settings) -> None:
    settings.PREPAID_CARD_COLLECT_FROM = "the Civic Centre, Northbridge"
    settings.PREPAID_CARD_COLLECT_DAYS = 7
    fulfil_now(card_award(person_details()))
    card = PrepaidCard.objects.get()
    assert card.collect_from == "the Civic Centre, Northbridge"
    assert card.collect_by == timezone.localdate() + datetime.timedelta(days=7)


def test_a_second_award_before_collection_goes_on_the_same_card() -> None:
    applicant = person_details()
    first = fulfil_now(card_award(applicant, 4_000))
    council = first.council
    second = fulfil_now(card_award(applicant, 2_500, council=council))
    assert second.application.applicant == first.application.applicant
    card = PrepaidCard.objects.get()
    assert sorted(card.loads.values_list("amount_pence", flat=True)) == [2_500, 4_000]
    assert set(card.loads.values_list("status", flat=True)) == {CardLoadStatus.AWAITING_COLLECTION}
    assert Message.objects.filter(template="prepaid_card_ready").count() == 2


def test_money_for_someone_whose_card_is_in_use_is_put_straight_on_it() -> None:
    applicant = person_details(first_name="Ffion")
    first = fulfil_now(card_award(applicant, 4_000))
    card = PrepaidCard.objects.get()
    card_collect(actor=staff_of(first), council=first.council, card=card)

    second = fulfil_now(card_award(applicant, 2_500, council=first.council))

    card.refresh_from_db()
    assert PrepaidCard.objects.count() == 1
    assert card.balance_pence == 6_500
    assert CardLoad.objects.get(award=second).status == CardLoadStatus.LOADED
    (message,) = Message.objects.filter(template="prepaid_card_topped_up")
    assert f"we have put £25.00 on your prepaid card ending {card.last_four}" in message.body


def test_calling_the_provider_again_puts_the_money_on_once() -> None:
    applicant = person_details()
    first = fulfil_now(card_award(applicant))
    card = PrepaidCard.objects.get()
    card_collect(actor=staff_of(first), council=first.council, card=card)
    award = card_award(applicant, 1_000, council=first.council)

    results = [provide(award), provide(award)]

    assert results[0] == results[1]
    assert results[0].message_template == "prepaid_card_topped_up"
    card.refresh_from_db()
    assert card.balance_pence == 7_000
    assert CardLoad.objects.filter(award=award).count() == 1


def test_a_new_card_is_issued_once_however_often_the_provider_is_called() -> None:
    award = card_award(person_details())
    assert provide(award) == provide(award)
    assert PrepaidCard.objects.count() == 1
    assert CardLoad.objects.count() == 1


def test_handing_over_the_card_puts_the_waiting_money_on_it_and_says_so_on_each_case() -> None:
    applicant = person_details()
    first = fulfil_now(card_award(applicant, 4_000))
    second = fulfil_now(card_award(applicant, 2_500, council=first.council))
    card = PrepaidCard.objects.get()
    staff = staff_of(first)

    collected = card_collect(actor=staff, council=first.council, card=card)

    assert collected.status == PrepaidCardStatus.ACTIVE
    assert collected.collected_at is not None
    assert collected.balance_pence == 6_500
    assert set(card.loads.values_list("status", flat=True)) == {CardLoadStatus.LOADED}
    for award in (first, second):
        event = AuditEvent.objects.get(
            action="prepaid_card.collected", case_reference=award.application.reference
        )
        assert event.actor == staff
        assert f"Prepaid card ending {card.last_four} collected" in event.summary


def test_a_card_cannot_be_handed_over_twice() -> None:
    award = fulfil_now(card_award(person_details()))
    card = PrepaidCard.objects.get()
    card_collect(actor=staff_of(award), council=award.council, card=card)
    with pytest.raises(ServiceError, match="already been collected"):
        card_collect(actor=staff_of(award), council=award.council, card=card)
    card.refresh_from_db()
    assert card.balance_pence == 6_000


def test_a_cancelled_card_cannot_be_handed_over() -> None:
    award = fulfil_now(card_award(person_details()))
    PrepaidCard.objects.update(status=PrepaidCardStatus.CANCELLED)
    with pytest.raises(ServiceError, match="Do not hand it over"):
        card_collect(actor=staff_of(award), council=award.council, card=PrepaidCard.objects.get())


def test_another_councils_card_cannot_be_handed_over() -> None:
    award = fulfil_now(card_award(person_details()))
    elsewhere = make_council()
    staff = make_membership(role=Role.TEAM_LEADER, council=elsewhere).user
    with pytest.raises(ServiceError, match="no such card"):
        card_collect(actor=staff, council=elsewhere, card=PrepaidCard.objects.get())
    assert PrepaidCard.objects.get().status == PrepaidCardStatus.AWAITING_COLLECTION
    assert award.council != elsewhere
