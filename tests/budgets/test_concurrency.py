"""Never overspent: racing award decisions, and a state machine of commits, on one budget.

The race (PostgreSQL only) fires 200 award decisions through the real `decision_record` at a
budget that fits exactly 50; the state machine (SQLite and PostgreSQL) runs random sequences of
awards and direct commitments and checks the budget's books after every step.

Releases (an award cancelled, expired or returned) give money back exactly once; cancellation
of an award will release through the same service when fulfilment brings it.
"""

import threading
from contextlib import ExitStack
from typing import Any

import pytest
from django.db import connection, transaction
from django.db.models import Sum
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    rule,
    run_state_machine_as_test,
)

from onestop.budgets.models import Budget, Commitment, CommitmentStatus
from onestop.budgets.services import BudgetExhausted, commitment_create, commitment_release
from onestop.casework.models import Decision
from onestop.core.errors import ServiceError
from onestop.core.roles import Role
from onestop.fulfilment.models import Award, FulfilmentRequest
from onestop.intake.models import Application, ApplicationStatus
from tests.factories import (
    make_award,
    make_budget,
    make_council,
    make_membership,
    make_scheme,
    submit_application,
)

AWARD_PENCE = 6_000
FITS = 50
RACERS = 200
# PostgreSQL's default max_connections is 100: 200 connections at once would be refused by the
# server, not by the budget. The 200 threads are released together by one barrier and then
# race through at most this many connections at a time (each connection closed when done).
OPEN_CONNECTIONS = 60
BUDGET_REASON = "not enough money left"
REASONS = "You meet the scheme's criteria for a crisis payment."


def committed_in_rows(budget: Budget) -> int:
    return (
        Commitment.objects.filter(budget=budget, status=CommitmentStatus.COMMITTED).aggregate(
            total=Sum("amount_pence")
        )["total"]
        or 0
    )


def assert_books_balance(budget: Budget) -> None:
    budget.refresh_from_db()
    assert budget.committed_pence <= budget.total_pence
    assert budget.committed_pence + budget.remaining_pence == budget.total_pence
    assert budget.committed_pence == committed_in_rows(budget)


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_200_racing_awards_at_a_budget_for_50_make_exactly_50_awards() -> None:
    council = make_council()
    scheme = make_scheme(council=council)
    budget = make_budget(scheme=scheme, total_pence=FITS * AWARD_PENCE)
    membership = make_membership(role=Role.DECISION_MAKER, council=council)
    applications = [submit_application(council=council, scheme=scheme) for _ in range(RACERS)]
    assert all(a.status == ApplicationStatus.AWAITING_DECISION for a in applications)

    start = threading.Barrier(RACERS)
    connections = threading.BoundedSemaphore(OPEN_CONNECTIONS)
    outcomes: list[tuple[str, Any]] = [("not run", None)] * RACERS

    def decide(index: int) -> None:
        try:
            start.wait(timeout=120)
            with connections:
                try:
                    outcomes[index] = (
                        "ok",
                        make_award(
                            membership=membership,
                            application=applications[index],
                            reasons=REASONS,
                            amount_pence=AWARD_PENCE,
                        ).pk,
                    )
                finally:
                    connection.close()  # this thread's own connection, before the slot is freed
        except Exception as error:  # sorted out below: only the budget's refusal is expected
            outcomes[index] = ("error", error)

    threads = [threading.Thread(target=decide, args=(i,)) for i in range(RACERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)  # a guard against a hang, not a timing check
    assert not any(thread.is_alive() for thread in threads)

    won = [i for i, (kind, _) in enumerate(outcomes) if kind == "ok"]
    lost = [i for i, (kind, _) in enumerate(outcomes) if kind != "ok"]
    errors = [outcomes[i][1] for i in lost]
    assert len(won) == FITS, errors[:3]
    assert len(lost) == RACERS - FITS
    for error in errors:
        assert isinstance(error, BudgetExhausted), repr(error)
        assert isinstance(error, ServiceError)
        assert BUDGET_REASON in str(error), str(error)

    budget.refresh_from_db()
    assert budget.committed_pence == FITS * AWARD_PENCE
    assert budget.remaining_pence == 0
    assert budget.committed_pence + budget.remaining_pence == budget.total_pence
    assert committed_in_rows(budget) == budget.committed_pence
    assert Commitment.objects.filter(budget=budget).count() == FITS

    won_ids = [applications[i].pk for i in won]
    lost_ids = [applications[i].pk for i in lost]
    assert sorted(
        Decision.objects.filter(application_id__in=won_ids).values_list("pk", flat=True)
    ) == sorted(pk for kind, pk in outcomes if kind == "ok")
    assert Award.objects.filter(application_id__in=won_ids).count() == FITS
    assert FulfilmentRequest.objects.filter(award__application_id__in=won_ids).count() == FITS
    assert not Application.objects.filter(
        pk__in=won_ids, status=ApplicationStatus.AWAITING_DECISION
    ).exists()

    # Nothing of a refused decision is kept.
    assert not Decision.objects.filter(application_id__in=lost_ids).exists()
    assert not Commitment.objects.filter(application_id__in=lost_ids).exists()
    assert not Award.objects.filter(application_id__in=lost_ids).exists()
    assert not FulfilmentRequest.objects.filter(award__application_id__in=lost_ids).exists()
    assert Application.objects.filter(
        pk__in=lost_ids, status=ApplicationStatus.AWAITING_DECISION, decided_at__isnull=True
    ).count() == len(lost_ids)


class BudgetBooks(RuleBasedStateMachine):
    """One budget per example; awards through decision_record and bare commitments race for it
    one at a time, and a model of what should be committed is checked after every step."""

    def __init__(self) -> None:
        super().__init__()
        self.undo = ExitStack()
        self.undo.enter_context(transaction.atomic())  # rolled back in teardown

    @initialize(total=st.integers(min_value=1, max_value=60_000))
    def set_up(self, total: int) -> None:
        self.council = make_council()
        self.scheme = make_scheme(council=self.council)
        self.budget = make_budget(scheme=self.scheme, total_pence=total)
        self.membership = make_membership(role=Role.DECISION_MAKER, council=self.council)
        self.shared = submit_application(council=self.council, scheme=self.scheme)
        self.expected = 0
        self.commitments = 0
        self.released = 0

    @rule(amount=st.integers(min_value=1, max_value=30_000))
    def award(self, amount: int) -> None:
        application = submit_application(council=self.council, scheme=self.scheme)

        def decide() -> Decision:
            # Through decision_record, with a discretion reason when the amount is not the
            # policy's, as a decision maker would give.
            return make_award(
                membership=self.membership,
                application=application,
                reasons=REASONS,
                amount_pence=amount,
            )

        if self.expected + amount > self.budget.total_pence:
            with pytest.raises(BudgetExhausted, match=BUDGET_REASON):
                decide()
            application.refresh_from_db()
            assert application.status == ApplicationStatus.AWAITING_DECISION
            assert not Decision.objects.filter(application=application).exists()
            assert not Commitment.objects.filter(application=application).exists()
            assert not Award.objects.filter(application=application).exists()
            return
        assert decide().amount_pence == amount
        self.expected += amount
        self.commitments += 1

    @rule(amount=st.integers(min_value=1, max_value=30_000))
    def commit(self, amount: int) -> None:
        def commit() -> None:
            with transaction.atomic():  # as the decision's transaction would hold it
                commitment_create(
                    actor=None, budget=self.budget, application=self.shared, amount_pence=amount
                )

        if self.expected + amount > self.budget.total_pence:
            with pytest.raises(BudgetExhausted, match=BUDGET_REASON):
                commit()
            return
        commit()
        self.expected += amount
        self.commitments += 1

    @rule()
    def commit_the_rest(self) -> None:
        """Exactly what remains always fits, down to the last penny."""
        self.budget.refresh_from_db()
        if self.budget.remaining_pence == 0:
            return
        commitment_create(
            actor=None,
            budget=self.budget,
            application=self.shared,
            amount_pence=self.budget.remaining_pence,
        )
        self.expected = self.budget.total_pence
        self.commitments += 1

    @rule(data=st.data())
    def release(self, data: st.DataObject) -> None:
        live = list(
            Commitment.objects.filter(
                budget=self.budget, status=CommitmentStatus.COMMITTED
            ).order_by("id")
        )
        if not live:
            return
        chosen = data.draw(st.sampled_from(live))
        commitment_release(actor=None, commitment=chosen, reason="Voucher expired unused")
        self.expected -= chosen.amount_pence
        self.released += 1
        with pytest.raises(ServiceError, match="already been released"):
            commitment_release(actor=None, commitment=chosen, reason="Released twice")

    @invariant()
    def books_balance(self) -> None:
        if not hasattr(self, "budget"):
            return
        assert_books_balance(self.budget)
        assert self.budget.committed_pence == self.expected
        assert Commitment.objects.filter(budget=self.budget).count() == self.commitments
        assert (
            Commitment.objects.filter(budget=self.budget, status=CommitmentStatus.RELEASED).count()
            == self.released
        )

    def teardown(self) -> None:
        transaction.set_rollback(True)
        self.undo.close()


@pytest.mark.django_db
def test_no_sequence_of_awards_commitments_and_releases_overspends() -> None:
    run_state_machine_as_test(
        BudgetBooks, settings=settings(max_examples=25, stateful_step_count=20)
    )
