"""Reads about prepaid cards and cash-out codes, always within one council."""

import datetime
from dataclasses import dataclass

from django.db.models import Count, Prefetch, QuerySet, Sum

from onestop.councils.models import Council
from onestop.fulfilment.models import (
    CardLoad,
    CardLoadStatus,
    CashOutCode,
    CashOutStatus,
    PrepaidCard,
    PrepaidCardStatus,
)


@dataclass(frozen=True)
class CardWaiting:
    """A card waiting to be handed over, with the cases whose money is on it."""

    card: PrepaidCard
    person_name: str
    case_references: tuple[str, ...]
    amount_pence: int
    collect_by: datetime.date


def _waiting_loads() -> Prefetch:
    return Prefetch(
        "loads",
        queryset=CardLoad.objects.filter(status=CardLoadStatus.AWAITING_COLLECTION)
        .select_related("award__application")
        .order_by("id"),
        to_attr="waiting_loads",
    )


def _as_waiting(card: PrepaidCard) -> CardWaiting:
    loads: list[CardLoad] = card.waiting_loads  # type: ignore[attr-defined]
    return CardWaiting(
        card=card,
        person_name=card.person.full_name,
        case_references=tuple(load.award.application.reference for load in loads),
        amount_pence=sum(load.amount_pence for load in loads),
        collect_by=card.collect_by,
    )


def cards_awaiting_collection(*, council: Council) -> list[CardWaiting]:
    """Cards waiting to be collected, the one to be collected soonest first."""
    cards = (
        PrepaidCard.objects.filter(council=council, status=PrepaidCardStatus.AWAITING_COLLECTION)
        .select_related("person")
        .prefetch_related(_waiting_loads())
        .order_by("collect_by", "id")
    )
    return [_as_waiting(card) for card in cards]


def card_with_waiting_money(*, council: Council, card_id: int) -> CardWaiting | None:
    """One card of the council's, with the money waiting on it; None if it is not theirs."""
    card = (
        PrepaidCard.objects.filter(council=council, pk=card_id)
        .select_related("person")
        .prefetch_related(_waiting_loads())
        .first()
    )
    return _as_waiting(card) if card is not None else None


SENT_BY_LABELS = {"sms": "Text message", "email": "Email", "letter": "Letter"}


@dataclass(frozen=True)
class CashOutCount:
    status: str
    label: str
    codes: int
    value_pence: int


def cash_out_counts(*, council: Council) -> list[CashOutCount]:
    """How many codes are out, collected and expired, and their value: every status shown,
    even at nought."""
    rows: dict[str, tuple[int, int]] = {
        row["status"]: (row["codes"], row["value"] or 0)
        for row in CashOutCode.objects.filter(council=council)
        .values("status")
        .annotate(codes=Count("id"), value=Sum("value_pence"))
    }
    return [
        CashOutCount(status.value, status.label, *rows.get(status.value, (0, 0)))
        for status in CashOutStatus
    ]


def cash_out_latest(*, council: Council, limit: int = 20) -> QuerySet[CashOutCode]:
    """The latest codes issued, newest first (never their numbers: those are the money)."""
    return (
        CashOutCode.objects.filter(council=council)
        .select_related("award__application")
        .order_by("-created_at", "-id")[:limit]
    )
