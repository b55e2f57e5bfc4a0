"""Handing over prepaid cards, and recording which cash-out and e-voucher codes were used."""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.money import format_pounds
from onestop.councils.models import Council, User
from onestop.fulfilment.models import (
    AwardStatus,
    CardLoadStatus,
    CashOutCode,
    CashOutStatus,
    PrepaidCard,
    PrepaidCardStatus,
    VoucherCode,
)
from onestop.fulfilment.redemption_files import (
    RedemptionFileError,
    code_ending,
    parse_cash_out_redemptions,
    parse_voucher_redemptions,
)
from onestop.notifications.language import written_date


@dataclass(frozen=True)
class RedemptionsLoaded:
    """What a redemption report recorded."""

    file_name: str
    codes: int
    total_pence: int


def _day(moment: datetime.datetime | None) -> str:
    """The UK date of a moment, as staff read it: 3 March 2027."""
    return written_date(timezone.localdate(moment), "en") if moment else "an earlier date"


@transaction.atomic
def card_collect(*, actor: User, council: Council, card: PrepaidCard) -> PrepaidCard:
    """The person has collected their card from staff: it becomes active and the money
    waiting on it is put on it."""
    locked = (
        PrepaidCard.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(council=council, pk=card.pk)
        .first()
    )
    if locked is None:
        raise ServiceError("There is no such card. Check the card and try again.")
    if locked.status == PrepaidCardStatus.ACTIVE:
        raise ServiceError("This card has already been collected.")
    if locked.status == PrepaidCardStatus.CANCELLED:
        raise ServiceError(
            "This card was cancelled because it was not collected in time, and its money went "
            "back to the fund. Do not hand it over: make a new award if the person still needs it."
        )
    loads = list(
        locked.loads.select_for_update(of=("self",))
        .filter(status=CardLoadStatus.AWAITING_COLLECTION)
        .select_related("award__application")
        .order_by("id")
    )
    waiting = sum(load.amount_pence for load in loads)
    now = timezone.now()
    locked.status = PrepaidCardStatus.ACTIVE
    locked.collected_at = now
    locked.save(update_fields=["status", "collected_at", "updated_at"])
    PrepaidCard.objects.filter(pk=locked.pk).update(balance_pence=F("balance_pence") + waiting)
    locked.refresh_from_db(fields=["balance_pence"])
    for load in loads:
        load.status = CardLoadStatus.LOADED
        load.save(update_fields=["status", "updated_at"])
        audit_record(
            actor=actor,
            council=council,
            action="prepaid_card.collected",
            subject=locked,
            case_reference=load.award.application.reference,
            summary=(
                f"Prepaid card ending {locked.last_four} collected, with "
                f"{format_pounds(load.amount_pence)} from this award on it"
            ),
        )
    if not loads:
        audit_record(
            actor=actor,
            council=council,
            action="prepaid_card.collected",
            subject=locked,
            summary=f"Prepaid card ending {locked.last_four} collected",
        )
    return locked


def _use_date_problem(
    *,
    used_at: datetime.datetime,
    expires_on: datetime.date,
    issued_at: datetime.datetime,
    ask: str,
) -> str:
    """What is wrong with the day a report says a code was used, or "": after its last day,
    or before it was issued."""
    used_on = timezone.localdate(used_at)
    if used_on > expires_on:
        return (
            f"was used on {written_date(used_on, 'en')}, after it expired on "
            f"{written_date(expires_on, 'en')}. {ask}"
        )
    if used_at < issued_at:
        return f"was used on {written_date(used_on, 'en')}, before it was issued. Check the date."
    return ""


@transaction.atomic
def cash_out_redemptions_load(
    *, actor: User | None, council: Council, file_name: str, data: bytes
) -> RedemptionsLoaded:
    """Record the codes the cash-out provider says were collected. The whole file is checked
    against the codes issued first; a file with any problem changes nothing."""
    lines = parse_cash_out_redemptions(data)
    codes = {
        code.code: code
        for code in CashOutCode.objects.select_for_update(of=("self",))
        .select_related("award__application")
        .filter(council=council, code__in=[line.code for line in lines])
    }
    problems: list[str] = []
    for line in lines:
        code = codes.get(line.code)
        named = code_ending(line.code)
        if code is None:
            problems.append(
                f"Line {line.line}: {named} was not issued by {council.name}. Check this is "
                "the right report, or ask the provider about the code."
            )
            continue
        if line.amount_pence != code.value_pence:
            problems.append(
                f"Line {line.line}: the amount is {format_pounds(line.amount_pence)}, but "
                f"{named} was issued for {format_pounds(code.value_pence)}. Ask the provider "
                "to check it."
            )
        if code.status == CashOutStatus.REDEEMED:
            problems.append(
                f"Line {line.line}: {named} is already recorded as collected on "
                f"{_day(code.redeemed_at)}. Remove the line: this report may have been "
                "loaded before."
            )
        elif code.status == CashOutStatus.EXPIRED:
            problems.append(
                f"Line {line.line}: {named} expired on {written_date(code.expires_on, 'en')} "
                "and its money went back to the fund. Ask the provider to check it."
            )
        elif when := _use_date_problem(
            used_at=line.redeemed_at,
            expires_on=code.expires_on,
            issued_at=code.created_at,
            ask="Ask the provider to check it.",
        ):
            problems.append(f"Line {line.line}: {named} {when}")
    if problems:
        raise RedemptionFileError(problems)
    for line in lines:
        code = codes[line.code]
        code.status = CashOutStatus.REDEEMED
        code.redeemed_at = line.redeemed_at
        code.redeemed_at_location = line.location
        code.save(update_fields=["status", "redeemed_at", "redeemed_at_location", "updated_at"])
        where = f" at {line.location}" if line.location else ""
        audit_record(
            actor=actor,
            council=council,
            action="cash_out.redeemed",
            subject=code,
            case_reference=code.award.application.reference,
            summary=(
                f"Cash-out code for {format_pounds(code.value_pence)} collected{where} on "
                f"{_day(line.redeemed_at)}"
            )[:300],
            details={"file_name": file_name[:200]},
        )
    return RedemptionsLoaded(
        file_name=file_name, codes=len(lines), total_pence=sum(line.amount_pence for line in lines)
    )


@transaction.atomic
def voucher_redemptions_load(
    *, actor: User | None, council: Council, file_name: str, data: bytes
) -> RedemptionsLoaded:
    """Record the e-voucher codes a retailer says were used, checked whole like the cash-out
    report; used codes are never returned to the fund."""
    lines = parse_voucher_redemptions(data)
    codes = {
        code.code: code
        for code in VoucherCode.objects.select_for_update(of=("self",))
        .select_related("award__application")
        .filter(council=council, code__in=[line.code for line in lines])
    }
    problems: list[str] = []
    for line in lines:
        code = codes.get(line.code)
        named = code_ending(line.code)
        if code is None:
            problems.append(
                f"Line {line.line}: {named} is not in {council.name}'s voucher stock. Check "
                "this is the right report, or ask the retailer about the code."
            )
            continue
        if code.award is None or code.issued_at is None:
            problems.append(
                f"Line {line.line}: {named} was never issued to anyone. Ask the retailer to "
                "check it."
            )
        elif code.redeemed_at is not None:
            problems.append(
                f"Line {line.line}: {named} is already recorded as used on "
                f"{_day(code.redeemed_at)}. Remove the line: this report may have been "
                "loaded before."
            )
        elif code.award.status == AwardStatus.RETURNED:
            problems.append(
                f"Line {line.line}: {named} expired on {written_date(code.expires_on, 'en')} "
                "and its money went back to the fund. Ask the retailer to check it."
            )
        elif when := _use_date_problem(
            used_at=line.redeemed_at,
            expires_on=code.expires_on,
            issued_at=code.issued_at,
            ask="Ask the retailer to check it.",
        ):
            problems.append(f"Line {line.line}: {named} {when}")
    if problems:
        raise RedemptionFileError(problems)
    for line in lines:
        code = codes[line.code]
        code.redeemed_at = line.redeemed_at
        code.save(update_fields=["redeemed_at", "updated_at"])
        assert code.award is not None  # checked above
        audit_record(
            actor=actor,
            council=council,
            action="voucher.redeemed",
            subject=code,
            case_reference=code.award.application.reference,
            summary=(
                f"{format_pounds(code.value_pence)} e-voucher from {code.retailer} used on "
                f"{_day(line.redeemed_at)}"
            )[:300],
            details={"file_name": file_name[:200]},
        )
    return RedemptionsLoaded(
        file_name=file_name,
        codes=len(lines),
        total_pence=sum(codes[line.code].value_pence for line in lines),
    )
