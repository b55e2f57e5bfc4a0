"""Releasing a commitment gives its money back to the budget once, with a reason on record."""

import pytest

from onestop.budgets.models import Budget, CommitmentStatus
from onestop.budgets.services import commitment_create, commitment_release
from onestop.core.errors import ServiceError
from onestop.core.models import AuditEvent
from onestop.policy.models import Scheme
from tests.factories import submit_application


def test_a_release_returns_the_money_and_records_why(scheme: Scheme, budget: Budget) -> None:
    application = submit_application(scheme=scheme)
    commitment = commitment_create(
        actor=None, budget=budget, application=application, amount_pence=6_000
    )

    released = commitment_release(actor=None, commitment=commitment, reason="Voucher expired")

    budget.refresh_from_db()
    assert released.status == CommitmentStatus.RELEASED
    assert budget.committed_pence == 0
    event = AuditEvent.objects.get(action="budget.released")
    assert event.reason == "Voucher expired"
    assert event.case_reference == application.reference
    assert event.summary == f"£60.00 released to {budget.name}"


def test_a_release_needs_a_reason_and_changes_nothing_without_one(
    scheme: Scheme, budget: Budget
) -> None:
    commitment = commitment_create(
        actor=None, budget=budget, application=submit_application(scheme=scheme), amount_pence=6_000
    )
    with pytest.raises(ServiceError, match="Enter why the money is being released"):
        commitment_release(actor=None, commitment=commitment, reason="  ")
    budget.refresh_from_db()
    assert budget.committed_pence == 6_000
