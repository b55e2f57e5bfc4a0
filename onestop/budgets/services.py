"""Commit and release budget money. A budget can never be overspent, under any concurrency.

The commit is one guarded UPDATE (`... WHERE total - committed >= amount`): the database
applies it atomically, so two decisions racing for the last pounds cannot both win, on
PostgreSQL or SQLite. It runs inside the decision's transaction, so a refused commit
leaves nothing of the decision behind.
"""

import datetime

from django.db import transaction
from django.db.models import F

from onestop.budgets.models import Budget, Commitment, CommitmentStatus
from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.money import format_pounds
from onestop.councils.models import Council, User
from onestop.intake.models import Application
from onestop.policy.models import Scheme


class BudgetExhausted(ServiceError):
    pass


@transaction.atomic
def budget_create(
    *,
    actor: User | None,
    council: Council,
    scheme: Scheme,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    total_pence: int,
) -> Budget:
    if ends_on < starts_on:
        raise ServiceError("The end date must be on or after the start date.", field="ends_on")
    if total_pence <= 0:
        raise ServiceError("Enter a budget of more than £0.", field="total")
    budget = Budget.objects.create(
        council=council,
        scheme=scheme,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        total_pence=total_pence,
    )
    audit_record(
        actor=actor,
        council=council,
        action="budget.created",
        subject=budget,
        summary=f"Budget {name} of {format_pounds(total_pence)} set up",
    )
    return budget


def commitment_record(
    *, actor: User | None, budget: Budget, application: Application, amount_pence: int
) -> Commitment:
    """The commitment and its audit row, not yet charged to the budget.

    The caller must call `budget_charge` before its transaction ends, and should call it last:
    the guarded update locks the budget row until commit, so every other decision on the same
    budget waits only for the end of this transaction, not for all of it.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("commitment_record must run inside the decision's transaction")
    if amount_pence <= 0:
        raise ServiceError("An award must be more than £0.", field="amount")
    commitment = Commitment.objects.create(
        council=budget.council, budget=budget, application=application, amount_pence=amount_pence
    )
    audit_record(
        actor=actor,
        council=budget.council,
        action="budget.committed",
        subject=commitment,
        case_reference=application.reference,
        summary=f"{format_pounds(amount_pence)} committed from {budget.name}",
    )
    return commitment


def budget_charge(*, commitment: Commitment) -> None:
    """Take the commitment's amount from its budget, or raise BudgetExhausted (the caller's
    transaction then rolls back, so nothing of the refused award is kept)."""
    budget = commitment.budget
    amount = commitment.amount_pence
    updated = Budget.objects.filter(
        pk=budget.pk, total_pence__gte=F("committed_pence") + amount
    ).update(committed_pence=F("committed_pence") + amount)
    if updated != 1:
        budget.refresh_from_db()
        raise BudgetExhausted(
            f"There is not enough money left in {budget.name} for this award: "
            f"{format_pounds(budget.remaining_pence)} is left. Ask finance to review the budget.",
            field="amount",
        )


@transaction.atomic
def commitment_create(
    *, actor: User | None, budget: Budget, application: Application, amount_pence: int
) -> Commitment:
    """Record and charge a commitment at once, for callers with nothing else in the transaction."""
    commitment = commitment_record(
        actor=actor, budget=budget, application=application, amount_pence=amount_pence
    )
    budget_charge(commitment=commitment)
    return commitment


@transaction.atomic
def commitment_release(*, actor: User | None, commitment: Commitment, reason: str) -> Commitment:
    """Give a commitment's money back to its budget (an award cancelled, expired or returned).

    Released once only: a second release is refused, so money can never be returned twice.
    """
    if not reason.strip():
        raise ServiceError("Enter why the money is being released.", field="reason")
    locked = (
        Commitment.objects.select_for_update()
        .select_related("budget", "application")
        .get(pk=commitment.pk)
    )
    if locked.status != CommitmentStatus.COMMITTED:
        raise ServiceError("This money has already been released to the budget.")
    locked.status = CommitmentStatus.RELEASED
    locked.save(update_fields=["status", "updated_at"])
    Budget.objects.filter(pk=locked.budget_id).update(
        committed_pence=F("committed_pence") - locked.amount_pence
    )
    audit_record(
        actor=actor,
        council=locked.council,
        action="budget.released",
        subject=locked,
        case_reference=locked.application.reference,
        summary=f"{format_pounds(locked.amount_pence)} released to {locked.budget.name}",
        reason=reason,
    )
    return locked
