"""The local cash-out backend: a numbered code, once per award, sent by text, email or letter."""

import datetime
import secrets

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from onestop.core.money import format_pounds
from onestop.fulfilment.barcodes import code128_svg
from onestop.fulfilment.models import Award, CashOutCode
from onestop.fulfilment.providers import FulfilmentFailed, FulfilmentResult
from onestop.fulfilment.providers.locking import award_lock
from onestop.notifications.language import written_date
from onestop.notifications.letters import CashOutLetterContext
from onestop.notifications.models import LetterKind
from onestop.people.models import Person

CODE_LENGTH = 19  # 18 random digits and a Luhn check digit, as PayPoint-style codes have
ATTEMPTS = 10

# Where the code can be used, in the person's language ("at ((where))" in the message).
WHERE = {
    "en": "any PayPoint shop or Post Office",
    "cy": "unrhyw siop PayPoint neu Swyddfa'r Post",
}

SENT_BY_WORDS = {"sms": "by text message", "email": "by email", "letter": "by post"}


def luhn_check_digit(body: str) -> str:
    """The digit that makes `body` + digit pass the Luhn check (so a mistyped digit, or two
    neighbouring digits swapped, is caught at the counter)."""
    total = 0
    for position, digit in enumerate(reversed(body)):
        value = int(digit)
        if position % 2 == 0:  # doubled: the check digit will sit to the right of this one
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return str((10 - total % 10) % 10)


def luhn_valid(number: str) -> bool:
    return (
        len(number) > 1
        and number.isascii()
        and number.isdigit()
        and luhn_check_digit(number[:-1]) == number[-1]
    )


def new_code() -> str:
    """A random code: never starting with 0, so it cannot lose a digit in a spreadsheet."""
    body = str(secrets.randbelow(9) + 1) + "".join(
        str(secrets.randbelow(10)) for _ in range(CODE_LENGTH - 2)
    )
    return body + luhn_check_digit(body)


def grouped(code: str) -> str:
    """The code in groups of four, as people read it out: 1234 5678 9012 3456 789."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def sent_by(person: Person) -> str:
    """How the code reaches the person: their preferred way if they gave it, the other way if
    not (as messages choose), and a letter if they gave no phone number or email address."""
    chosen, other = ("email", "sms") if person.contact_preference == "email" else ("sms", "email")
    given = {"sms": bool(person.phone.strip()), "email": bool(person.email.strip())}
    if given[chosen]:
        return chosen
    if given[other]:
        return other
    return "letter"


class LocalCashOutProvider:
    """Issues one cash-out code per award and keeps it, so a retry gives back the same code."""

    name = "cash_out_codes"

    def fulfil(self, award: Award, *, idempotency_key: str) -> FulfilmentResult:
        with award_lock(award):
            existing = CashOutCode.objects.filter(award=award).first()
            if existing is None:
                existing = self._issue(award)
            return self._result(award, existing)

    def _issue(self, award: Award) -> CashOutCode:
        applicant = award.application.applicant
        expires_on = timezone.localdate() + datetime.timedelta(
            days=getattr(settings, "CASH_OUT_VALID_DAYS", 14)
        )
        for _ in range(ATTEMPTS):
            try:
                # A savepoint, so a clash with another award's code leaves the lock's
                # transaction usable for the next try.
                with transaction.atomic():
                    return CashOutCode.objects.create(
                        council=award.council,
                        award=award,
                        code=new_code(),
                        value_pence=award.value_pence,
                        expires_on=expires_on,
                        sent_by=sent_by(applicant),
                    )
            except IntegrityError:
                continue
        raise FulfilmentFailed(
            "A new cash-out code could not be made. Try again; if it fails again, tell the "
            "service's support team."
        )

    @staticmethod
    def _result(award: Award, code: CashOutCode) -> FulfilmentResult:
        applicant = award.application.applicant
        language = applicant.language if applicant.language in WHERE else "en"
        where = WHERE[language]
        summary = (
            f"Cash-out code for {format_pounds(code.value_pence)} sent "
            f"{SENT_BY_WORDS.get(code.sent_by, code.sent_by)}, "
            f"to use by {written_date(code.expires_on, 'en')}"
        )
        if code.sent_by == "letter":
            return FulfilmentResult(
                summary=summary,
                letter_kind=LetterKind.CASH_OUT_CODE,
                letter_context=CashOutLetterContext(
                    code=grouped(code.code),
                    barcode_svg=str(code128_svg(code.code)),
                    amount_pence=code.value_pence,
                    expires_on=code.expires_on,
                    where=where,
                ),
            )
        return FulfilmentResult(
            summary=summary,
            message_template="cash_out_code",
            personalisation={
                "code": grouped(code.code),
                "expires_on": code.expires_on,
                "where": where,
            },
        )
