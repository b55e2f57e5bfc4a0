"""Create an award with its outbox row, in the decision's own transaction, and record what a
decision maker says about how it arrives: the bank account to pay, or the goods to deliver."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from onestop.budgets.models import Commitment
from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.money import format_pounds
from onestop.councils.models import User
from onestop.fulfilment.bank_details import BankDetails, bank_details_clean, bank_details_problems
from onestop.fulfilment.models import (
    Award,
    CatalogueItem,
    DeliverySlot,
    FulfilmentRequest,
    GoodsRequest,
    GoodsRequestLine,
    Payee,
)
from onestop.fulfilment.selectors.catalogue import delivers_to
from onestop.intake.models import Application
from onestop.people.duplicates.checks import bank_account_given
from onestop.policy.models import AwardType


@dataclass(frozen=True)
class GoodsLine:
    catalogue_item_id: int
    quantity: int = 1


@dataclass(frozen=True)
class GoodsChoice:
    lines: tuple[GoodsLine, ...]
    delivery_date: datetime.date
    delivery_slot: str


@transaction.atomic
def payee_set(*, actor: User | None, application: Application, details: BankDetails) -> Payee:
    """Record (or correct) the account the application's awards are paid into."""
    problems = bank_details_problems(details)
    if problems:
        field, message = next(iter(problems.items()))
        raise ServiceError(f"{message}.", field=field)
    clean = bank_details_clean(details)
    payee, _ = Payee.objects.update_or_create(
        application=application,
        defaults={
            "council": application.council,
            "account_name": clean.account_name[:70],
            "sort_code": clean.sort_code,
            "account_number": clean.account_number,
        },
    )
    audit_record(
        actor=actor,
        council=application.council,
        action="payee.recorded",
        subject=payee,
        case_reference=application.reference,
        # Never the whole account number in the log: the last digits are enough to check.
        summary=f"Bank details recorded: account ending {clean.account_number[-4:]}",
    )
    # One account given by several households is a signal for staff to look at.
    bank_account_given(
        person=application.applicant,
        sort_code=clean.sort_code,
        account_number=clean.account_number,
        reference=application.reference,
    )
    return payee


def _goods_checked(
    *, application: Application, choice: GoodsChoice
) -> list[tuple[CatalogueItem, int]]:
    if not choice.lines:
        raise ServiceError("Select at least one item to deliver.", field="items")
    postcode = application.household.postcode
    items = CatalogueItem.objects.filter(
        council=application.council, pk__in=[line.catalogue_item_id for line in choice.lines]
    ).in_bulk()
    checked = []
    for line in choice.lines:
        item = items.get(line.catalogue_item_id)
        if item is None or not item.is_available:
            raise ServiceError(
                "One of the items is no longer available. Choose again.", field="items"
            )
        if not delivers_to(item=item, postcode=postcode):
            raise ServiceError(
                f"{item.name} cannot be delivered to {postcode}. Choose an item from a supplier "
                "that delivers there.",
                field="items",
            )
        if not 1 <= line.quantity <= 10:
            raise ServiceError(f"Enter how many of {item.name}, from 1 to 10.", field="items")
        checked.append((item, line.quantity))
    today = timezone.localdate()
    if not today < choice.delivery_date <= today + datetime.timedelta(days=60):
        raise ServiceError(
            "The delivery day must be after today and within 60 days.", field="delivery_date"
        )
    if choice.delivery_slot not in DeliverySlot.values:
        raise ServiceError("Select a morning or afternoon delivery.", field="delivery_slot")
    return checked


@transaction.atomic
def goods_request_set(
    *, actor: User | None, application: Application, choice: GoodsChoice
) -> GoodsRequest:
    """Record the goods chosen for an application, each item checked: in the council's
    catalogue, still available, delivered to the household's postcode, on a day ahead."""
    checked = _goods_checked(application=application, choice=choice)
    request, _ = GoodsRequest.objects.update_or_create(
        application=application,
        defaults={
            "council": application.council,
            "delivery_date": choice.delivery_date,
            "delivery_slot": choice.delivery_slot,
        },
    )
    request.lines.all().delete()
    GoodsRequestLine.objects.bulk_create(
        GoodsRequestLine(
            council=application.council,
            request=request,
            catalogue_item=item,
            quantity=quantity,
            unit_price_pence=item.price_pence,
        )
        for item, quantity in checked
    )
    audit_record(
        actor=actor,
        council=application.council,
        action="goods.chosen",
        subject=request,
        case_reference=application.reference,
        summary=(
            "Goods chosen: "
            + ", ".join(f"{item.name}" + (f" x {q}" if q > 1 else "") for item, q in checked)
            + f" ({format_pounds(request.total_pence)})"
        )[:300],
    )
    return request


def award_create(*, actor: User | None, commitment: Commitment, award_type: str) -> Award:
    """The award and its outbox row, in the caller's (the decision's) transaction.

    A bank payment needs the application's bank details, and goods the application's chosen
    items costing exactly the award; without them the decision is refused, so no award ever
    waits for something it cannot be fulfilled with.
    """
    application = commitment.application
    if (
        award_type == AwardType.BANK_PAYMENT
        and not Payee.objects.filter(application=application).exists()
    ):
        raise ServiceError("Enter the bank details to pay the award into.", field="account_name")
    if award_type == AwardType.GOODS:
        goods = GoodsRequest.objects.filter(application=application).first()
        if goods is None:
            raise ServiceError("Select the items to deliver.", field="items")
        if goods.total_pence != commitment.amount_pence:
            raise ServiceError(
                f"The items cost {format_pounds(goods.total_pence)}, so the award must be that "
                "amount.",
                field="amount",
            )
    award = Award.objects.create(
        council=commitment.council,
        application=application,
        commitment=commitment,
        award_type=award_type,
        value_pence=commitment.amount_pence,
    )
    request = FulfilmentRequest.objects.create(
        council=award.council, award=award, provider=award_type
    )
    audit_record(
        actor=actor,
        council=award.council,
        action="award.created",
        subject=award,
        case_reference=application.reference,
        summary=(
            f"Award of {format_pounds(award.value_pence)} sent for fulfilment "
            f"({AwardType(award_type).label.lower()})"
        ),
    )
    from onestop.fulfilment.tasks import fulfil_award

    request_id = request.pk
    transaction.on_commit(lambda: fulfil_award.enqueue(request_id=request_id))
    return award
