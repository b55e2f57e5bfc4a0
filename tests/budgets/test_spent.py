"""Spent money: an award paid out stays gone from the budget, and is shown apart from promises."""

import pytest

from onestop.budgets.models import Budget, CommitmentStatus
from onestop.budgets.selectors import budget_books
from onestop.budgets.services import commitment_create, commitment_release, commitment_spend
from onestop.core.errors import ServiceError
from onestop.core.models import AuditEvent
from onestop.fulfilment.models import FulfilmentRequest
from onestop.fulfilment.services.outbox import fulfilment_process
from onestop.policy.models import Scheme
from tests.factories import load_vouchers, make_award, submit_application

pytestmark = pytest.mark.django_db


def test_fulfilling_an_award_marks_its_money_spent(scheme: Scheme, budget: Budget) -> None:
    waiting = make_award(application=submit_application(scheme=scheme), amount_pence=6_000)
    load_vouchers(scheme.council, values=[5_000, 1_000])
    paid = make_award(application=submit_application(scheme=scheme), amount_pence=6_000)

    fulfilment_process(request_id=FulfilmentRequest.objects.get(award=paid.award).pk)

    paid.award.commitment.refresh_from_db()
    assert paid.award.commitment.status == CommitmentStatus.SPENT
    books = budget_books(budget=budget)
    assert (books.committed_pence, books.spent_pence, books.released_pence) == (6_000, 6_000, 0)
    budget.refresh_from_db()
    assert budget.committed_pence == 12_000  # both are gone from the budget
    assert books.remaining_pence == budget.remaining_pence
    waiting.award.commitment.refresh_from_db()
    assert waiting.award.commitment.status == CommitmentStatus.COMMITTED
    assert AuditEvent.objects.filter(
        action="budget.spent", case_reference=paid.application.reference
    ).exists()


def test_spending_twice_changes_nothing_more(scheme: Scheme, budget: Budget) -> None:
    commitment = commitment_create(
        actor=None, budget=budget, application=submit_application(scheme=scheme), amount_pence=500
    )
    commitment_spend(commitment=commitment)
    again = commitment_spend(commitment=commitment)
    assert again.status == CommitmentStatus.SPENT
    assert AuditEvent.objects.filter(action="budget.spent").count() == 1
    budget.refresh_from_db()
    assert budget.committed_pence == 500


def test_spent_money_that_comes_back_is_released_once(scheme: Scheme, budget: Budget) -> None:
    commitment = commitment_create(
        actor=None, budget=budget, application=submit_application(scheme=scheme), amount_pence=500
    )
    commitment_spend(commitment=commitment)
    commitment_release(actor=None, commitment=commitment, reason="Voucher expired unused")
    books = budget_books(budget=budget)
    assert (books.committed_pence, books.spent_pence, books.released_pence) == (0, 0, 500)
    budget.refresh_from_db()
    assert budget.committed_pence == 0
    with pytest.raises(ServiceError, match="released to the budget, so it cannot be paid out"):
        commitment_spend(commitment=commitment)
