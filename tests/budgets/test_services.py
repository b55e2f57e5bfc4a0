"""Budgets: commitments reduce what remains, and a budget is never overspent, even under a race."""

import datetime

import pytest
from django.db.models import Sum
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.budgets.models import Budget, Commitment
from onestop.budgets.services import BudgetExhausted, budget_create, commitment_create
from onestop.core.errors import ServiceError
from onestop.core.models import AuditEvent
from onestop.intake.models import Application
from onestop.policy.models import Scheme
from tests.factories import make_budget, make_council, make_scheme, submit_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def application(scheme: Scheme) -> Application:
    return submit_application(scheme=scheme)


def committed_in_rows(budget: Budget) -> int:
    return (
        Commitment.objects.filter(budget=budget).aggregate(total=Sum("amount_pence"))["total"] or 0
    )


def test_a_commitment_reduces_what_remains(scheme: Scheme, application: Application) -> None:
    budget = make_budget(scheme=scheme, total_pence=50_000)
    commitment = commitment_create(
        actor=None, budget=budget, application=application, amount_pence=6_000
    )
    budget.refresh_from_db()
    assert budget.committed_pence == 6_000
    assert budget.remaining_pence == 44_000
    assert commitment.amount_pence == 6_000
    assert AuditEvent.objects.filter(
        action="budget.committed", case_reference=application.reference
    ).exists()


def test_the_last_penny_can_be_committed(scheme: Scheme, application: Application) -> None:
    budget = make_budget(scheme=scheme, total_pence=6_000)
    commitment_create(actor=None, budget=budget, application=application, amount_pence=6_000)
    budget.refresh_from_db()
    assert budget.remaining_pence == 0


def test_a_commitment_larger_than_what_remains_is_refused(
    scheme: Scheme, application: Application
) -> None:
    budget = make_budget(scheme=scheme, total_pence=10_000, name="Crisis Payment 2026 to 2027")
    commitment_create(actor=None, budget=budget, application=application, amount_pence=6_000)
    with pytest.raises(BudgetExhausted) as refused:
        commitment_create(actor=None, budget=budget, application=application, amount_pence=4_001)
    assert refused.value.message == (
        "There is not enough money left in Crisis Payment 2026 to 2027 for this award: "
        "£40.00 is left. Ask finance to review the budget."
    )
    budget.refresh_from_db()
    assert budget.committed_pence == 6_000
    assert Commitment.objects.filter(budget=budget).count() == 1


@pytest.mark.parametrize("amount", [0, -500])
def test_an_award_of_nothing_is_refused(
    scheme: Scheme, application: Application, amount: int
) -> None:
    budget = make_budget(scheme=scheme, total_pence=10_000)
    with pytest.raises(ServiceError, match="more than £0"):
        commitment_create(actor=None, budget=budget, application=application, amount_pence=amount)
    budget.refresh_from_db()
    assert budget.committed_pence == 0


def test_a_budget_must_have_money_and_end_after_it_starts(scheme: Scheme) -> None:
    day = datetime.date(2026, 4, 1)
    with pytest.raises(ServiceError, match="more than £0"):
        budget_create(
            actor=None,
            council=scheme.council,
            scheme=scheme,
            name="Empty",
            starts_on=day,
            ends_on=day,
            total_pence=0,
        )
    with pytest.raises(ServiceError, match="end date"):
        budget_create(
            actor=None,
            council=scheme.council,
            scheme=scheme,
            name="Backwards",
            starts_on=day,
            ends_on=day - datetime.timedelta(days=1),
            total_pence=100,
        )
    assert not Budget.objects.filter(scheme=scheme).exists()


@settings(max_examples=30)
@given(
    total=st.integers(min_value=1, max_value=50_000),
    amounts=st.lists(st.integers(min_value=-1_000, max_value=20_000), max_size=12),
)
def test_no_sequence_of_commitments_overspends(
    scheme: Scheme, application: Application, rolled_back, total: int, amounts: list[int]
) -> None:
    with rolled_back():
        budget = make_budget(scheme=scheme, total_pence=total)
        expected = 0
        for amount in amounts:
            if amount <= 0:
                with pytest.raises(ServiceError):
                    commitment_create(
                        actor=None, budget=budget, application=application, amount_pence=amount
                    )
            elif expected + amount <= total:
                commitment_create(
                    actor=None, budget=budget, application=application, amount_pence=amount
                )
                expected += amount
            else:
                with pytest.raises(BudgetExhausted):
                    commitment_create(
                        actor=None, budget=budget, application=application, amount_pence=amount
                    )
            budget.refresh_from_db()
            assert budget.committed_pence == expected
            assert budget.committed_pence <= budget.total_pence
            assert budget.committed_pence == committed_in_rows(budget)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_racing_commitments_never_overspend_and_never_lose_a_commitment(in_threads) -> None:
    council = make_council()
    scheme = make_scheme(council=council)
    budget = make_budget(scheme=scheme, total_pence=10 * 6_000 + 5_999)  # fits 10 awards
    application = submit_application(council=council, scheme=scheme)

    def commit() -> int:
        return commitment_create(
            actor=None, budget=budget, application=application, amount_pence=6_000
        ).pk

    outcomes = in_threads(40, commit)
    succeeded = [value for kind, value in outcomes if kind == "ok"]
    refused = [value for kind, value in outcomes if kind == "error"]
    assert len(succeeded) == 10
    assert len(refused) == 30
    assert all(isinstance(error, BudgetExhausted) for error in refused), refused
    budget.refresh_from_db()
    assert budget.committed_pence == 60_000
    assert budget.remaining_pence == 5_999
    assert budget.committed_pence + budget.remaining_pence == budget.total_pence
    assert sorted(succeeded) == sorted(
        Commitment.objects.filter(budget=budget).values_list("pk", flat=True)
    )
    assert committed_in_rows(budget) == budget.committed_pence
