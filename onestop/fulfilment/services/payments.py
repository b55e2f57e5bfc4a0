"""Bank payments: the council's Bacs details, making a payment file once, and returned payments."""

import datetime
import hashlib
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.models import AuditEvent
from onestop.core.money import format_pounds
from onestop.core.roles import Capability
from onestop.core.working_days import BankHolidayRegion, add_working_days, is_working_day
from onestop.councils.access import membership_require
from onestop.councils.models import Council, User
from onestop.fulfilment.bacs import (
    BacsOriginatorDetails,
    bacs_file_build,
    bacs_originator_problems,
)
from onestop.fulfilment.bank_details import bacs_name, digits_only
from onestop.fulfilment.models import (
    Award,
    AwardStatus,
    BacsOriginator,
    BankPayment,
    BankPaymentStatus,
    PaymentFile,
)
from onestop.fulfilment.services.returns import award_return
from onestop.intake.messages import applicant_message_queue

# Bacs runs on the England and Wales calendar wherever the council is: a Scottish or Northern
# Irish bank holiday is still a Bacs processing day.
BACS_CALENDAR = BankHolidayRegion.ENGLAND_AND_WALES
# Bacs takes a processing day at most 31 days after the day the file is sent.
LATEST_PROCESSING_DAYS = 31


@dataclass(frozen=True)
class ReturnReason:
    code: str
    label: str
    words: str  # how the case shows it: "The bank returned the payment of £60.00: <words>"


# The reasons on a Bacs ARUCS report (Automated Return of Unapplied Credit Service), by code.
RETURN_REASONS: dict[str, ReturnReason] = {
    r.code: r
    for r in (
        ReturnReason("B", "Account closed", "account closed"),
        ReturnReason("5", "No account", "no account with that number at the bank"),
        ReturnReason("0", "Invalid details", "the bank did not recognise the account details"),
        ReturnReason("3", "Account transferred", "account moved to another bank"),
        ReturnReason("2", "Beneficiary deceased", "the account holder has died"),
        ReturnReason("C", "Requested by the council", "stopped at the council's request"),
    )
}
OTHER_REASON = "other"


class BacsDetailsRefused(ServiceError):
    """The council's Bacs details have problems; `problems` maps each field to its message."""

    def __init__(self, problems: dict[str, str]) -> None:
        field, message = next(iter(problems.items()))
        super().__init__(message[0].upper() + message[1:], field=field)
        self.problems = problems


def _require(actor: User, council: Council, doing: str) -> None:
    membership_require(
        actor=actor, council=council, capability=Capability.MANAGE_PAYMENTS, doing=doing
    )


@transaction.atomic
def bacs_originator_set(
    *,
    actor: User,
    council: Council,
    service_user_number: str,
    account_name: str,
    sort_code: str,
    account_number: str,
) -> BacsOriginator:
    """Record (or correct) the council's service user number and the account payments come from."""
    _require(actor, council, "set the council's Bacs details")
    details = BacsOriginatorDetails(
        service_user_number=digits_only(service_user_number),
        account_name=bacs_name(account_name),
        sort_code=digits_only(sort_code),
        account_number=digits_only(account_number),
    )
    problems = bacs_originator_problems(details)
    if not account_name.strip():
        problems["account_name"] = "enter the name of the account payments come from"
    if problems:
        raise BacsDetailsRefused(problems)
    originator, _ = BacsOriginator.objects.update_or_create(
        council=council,
        defaults={
            "service_user_number": details.service_user_number,
            "account_name": details.account_name,
            "sort_code": details.sort_code,
            "account_number": details.account_number,
        },
    )
    audit_record(
        actor=actor,
        council=council,
        action="payments.originator_set",
        subject=originator,
        # The last digits are enough to check against the bank's letter; never the whole number.
        summary=(
            f"Bacs details set: service user number {details.service_user_number}, "
            f"{details.account_name}, account ending {details.account_number[-4:]}"
        ),
    )
    return originator


def earliest_processing_date(today: datetime.date | None = None) -> datetime.date:
    """The first day a file sent today can be processed: the next Bacs working day."""
    return add_working_days(today or timezone.localdate(), 1, region=BACS_CALENDAR)


def arrival_date(processing_date: datetime.date) -> datetime.date:
    """Bacs pays into accounts on the working day after the processing day (the third day
    of its cycle: sent, processed, paid)."""
    return add_working_days(processing_date, 1, region=BACS_CALENDAR)


def _processing_date_problem(processing_date: datetime.date) -> str | None:
    today = timezone.localdate()
    if processing_date <= today:
        return "The processing day must be after today"
    if processing_date > today + datetime.timedelta(days=LATEST_PROCESSING_DAYS):
        return f"The processing day must be within {LATEST_PROCESSING_DAYS} days of today"
    if not is_working_day(processing_date, region=BACS_CALENDAR):
        return (
            "The processing day must be a working day, not a weekend or bank holiday, such as "
            f"{_written(add_working_days(processing_date, 0, region=BACS_CALENDAR))}"
        )
    return None


def _written(day: datetime.date) -> str:
    return f"{day.day} {day:%B %Y}"


def _next_serial(council: Council) -> int:
    latest = PaymentFile.objects.filter(council=council).aggregate(latest=Max("serial_number"))
    return (latest["latest"] or 0) + 1


@transaction.atomic
def payment_file_build(
    *, actor: User, council: Council, processing_date: datetime.date
) -> PaymentFile:
    """Put every waiting payment in one new Bacs file, mark them sent, and tell each person.

    A payment goes into one file only, ever: the council's Bacs details row is locked first, so
    two people making a file at once take turns, and the second finds the payments already sent.
    Any bad payment refuses the whole file (BacsFileRefused names each one); nothing is saved.
    """
    _require(actor, council, "make payment files")
    originator = BacsOriginator.objects.select_for_update().filter(council=council).first()
    if originator is None:
        raise ServiceError(
            "Set the council's Bacs details (service user number and the account payments come "
            "from) before making a payment file."
        )
    problem = _processing_date_problem(processing_date)
    if problem:
        raise ServiceError(problem + ".", field="processing_date")
    payments = list(
        BankPayment.objects.select_for_update(of=("self",))
        .filter(council=council, status=BankPaymentStatus.QUEUED)
        .exclude(award__status=AwardStatus.RETURNED)
        .select_related("award__application__applicant")
        .order_by("id")
    )
    if not payments:
        raise ServiceError("There are no payments waiting, so there is nothing to put in a file.")
    serial_number = _next_serial(council)
    # Raises BacsFileRefused, naming each bad payment, before anything is written.
    content = bacs_file_build(
        originator=originator,
        payments=payments,
        processing_date=processing_date,
        serial_number=serial_number,
        created_on=timezone.localdate(),
    )
    total = sum(p.amount_pence for p in payments)
    payment_file = PaymentFile.objects.create(
        council=council,
        serial_number=serial_number,
        processing_date=processing_date,
        file_name=f"{council.slug}-bacs-{serial_number:06d}.txt",
        content=content,
        payment_count=len(payments),
        total_pence=total,
        sha256=hashlib.sha256(content.encode("ascii")).hexdigest(),
        created_by=actor,
    )
    now = timezone.now()
    marked = BankPayment.objects.filter(
        pk__in=[p.pk for p in payments], status=BankPaymentStatus.QUEUED
    ).update(status=BankPaymentStatus.SENT, payment_file=payment_file, updated_at=now)
    if marked != len(payments):  # the lock makes this impossible; never pay twice if it is not
        raise ServiceError("Some payments changed while the file was being made. Try again.")
    arrives_by = arrival_date(processing_date)
    audit_record(
        actor=actor,
        council=council,
        action="payments.file_built",
        subject=payment_file,
        summary=(
            f"Payment file {serial_number:06d} made: {len(payments)} payment"
            f"{'s' if len(payments) != 1 else ''} totalling {format_pounds(total)}, "
            f"processing day {_written(processing_date)}"
        ),
    )
    _record_each_payment_sent(
        actor=actor, payments=payments, payment_file=payment_file, arrives_by=arrives_by
    )
    return payment_file


def _record_each_payment_sent(
    *,
    actor: User,
    payments: list[BankPayment],
    payment_file: PaymentFile,
    arrives_by: datetime.date,
) -> None:
    """One audit event on each case, and one message to each person."""
    for payment in payments:
        application = payment.award.application
        audit_record(
            actor=actor,
            council=payment_file.council,
            action="payment.sent",
            subject=payment,
            case_reference=application.reference,
            summary=(
                f"Bank payment of {format_pounds(payment.amount_pence)} to the account ending "
                f"{payment.account_number[-4:]} sent in payment file "
                f"{payment_file.serial_number:06d}, to arrive by {_written(arrives_by)}"
            ),
        )
        applicant_message_queue(
            application=application,
            template="payment_sent",
            personalisation={
                "amount": format_pounds(payment.amount_pence),
                "account_ending": payment.account_number[-4:],
                "arrives_by": arrives_by,
            },
        )


def payment_file_download_record(*, actor: User, payment_file: PaymentFile) -> AuditEvent:
    """Downloading a file is reading everyone's bank details in it: who did, and when."""
    _require(actor, payment_file.council, "download payment files")
    return audit_record(
        actor=actor,
        council=payment_file.council,
        action="payments.file_downloaded",
        subject=payment_file,
        summary=(
            f"Payment file {payment_file.serial_number:06d} downloaded "
            f"({payment_file.payment_count} payments, {format_pounds(payment_file.total_pence)})"
        ),
    )


def return_reason_words(*, code: str, details: str = "") -> str:
    """The words the case shows for an ARUCS reason code, or the details for another reason."""
    if code == OTHER_REASON:
        return details.strip()
    reason = RETURN_REASONS.get(code)
    if reason is None:
        raise ServiceError("Select why the bank returned the payment.", field="reason")
    return reason.words


@transaction.atomic
def payment_bounce_record(
    *, actor: User, council: Council, payment: BankPayment, reason: str
) -> BankPayment:
    """A payment the bank sent back (on its ARUCS report): the payment is marked returned and
    the award's money goes back to the budget, once."""
    _require(actor, council, "record returned payments")
    reason = reason.strip()
    if not reason:
        raise ServiceError("Enter why the bank returned the payment.", field="reason")
    locked = (
        BankPayment.objects.select_for_update(of=("self",))
        .select_related("award__application", "payment_file")
        .filter(council=council, pk=payment.pk)
        .first()
    )
    if locked is None:
        raise ServiceError("There is no such payment. Check the reference and try again.")
    if locked.status == BankPaymentStatus.BOUNCED:
        raise ServiceError("This payment has already been recorded as returned.")
    if locked.status != BankPaymentStatus.SENT:
        raise ServiceError(
            "Only a payment sent in a payment file can be returned by the bank. This one is "
            "still waiting for a file."
        )
    locked.status = BankPaymentStatus.BOUNCED
    locked.bounced_at = timezone.now()
    locked.bounce_reason = reason[:200]
    locked.save(update_fields=["status", "bounced_at", "bounce_reason", "updated_at"])
    award: Award = locked.award
    assert locked.payment_file is not None  # a sent payment is always in a file
    audit_record(
        actor=actor,
        council=council,
        action="payment.returned",
        subject=locked,
        case_reference=award.application.reference,
        summary=(
            f"Bank payment of {format_pounds(locked.amount_pence)} from payment file "
            f"{locked.payment_file.serial_number:06d} returned by the bank"
        ),
        reason=reason,
    )
    award_return(
        actor=actor,
        award=award,
        reason=f"The bank returned the payment of {format_pounds(locked.amount_pence)}: {reason}",
    )
    return locked
