"""The local bank payment backend: queues one payment per award for the next Bacs file."""

from onestop.core.money import format_pounds
from onestop.fulfilment.bacs import account_number_problem, sort_code_problem
from onestop.fulfilment.bank_details import BankDetails, bacs_name, bank_details_problems
from onestop.fulfilment.models import Award, BankPayment, BankPaymentStatus, Payee
from onestop.fulfilment.providers import FulfilmentFailed, FulfilmentResult
from onestop.fulfilment.providers.locking import award_lock


class LocalBacsPaymentProvider:
    """Copies the application's bank details into a queued payment, exactly once per award.

    The person is told nothing yet: they are told when finance makes the payment file that
    carries it, with the day the money should arrive.
    """

    name = "bacs_payments"

    def fulfil(self, award: Award, *, idempotency_key: str) -> FulfilmentResult:
        with award_lock(award):
            payment = BankPayment.objects.filter(award=award).first()
            if payment is None:  # not a retry: queue it now
                payment = self._queue(award)
            return self._result(payment)

    @staticmethod
    def _queue(award: Award) -> BankPayment:
        payee = (
            Payee.objects.filter(application_id=award.application_id)
            .select_related("application")
            .first()
        )
        if payee is None:
            raise FulfilmentFailed(
                "There are no bank details for this case. Record the person's bank details on "
                "the case, then retry."
            )
        problems = bank_details_problems(
            BankDetails(
                account_name=payee.account_name,
                sort_code=payee.sort_code,
                account_number=payee.account_number,
            )
        )
        # Bacs's own checks too: only the digits 0 to 9 go in a file.
        first = next(iter(problems.values()), None) or (
            sort_code_problem(payee.sort_code) or account_number_problem(payee.account_number)
        )
        if first:
            raise FulfilmentFailed(
                f"The bank details on this case cannot be used ({first.lower()}). Correct them "
                "on the case, then retry."
            )
        return BankPayment.objects.create(
            council=award.council,
            award=award,
            account_name=bacs_name(payee.account_name),
            sort_code=payee.sort_code,
            account_number=payee.account_number,
            amount_pence=award.value_pence,
            # The case reference is what the person sees on their statement, and what the
            # bank quotes back if the payment is returned.
            reference=payee.application.reference[:18],
            status=BankPaymentStatus.QUEUED,
        )

    @staticmethod
    def _result(payment: BankPayment) -> FulfilmentResult:
        return FulfilmentResult(
            summary=(
                f"Bank payment of {format_pounds(payment.amount_pence)} to the account ending "
                f"{payment.account_number[-4:]}, waiting for the next payment file"
            )
        )
