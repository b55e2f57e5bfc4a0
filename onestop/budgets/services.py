"""Set up and plan budgets; commit, spend and release their money; decide which priorities they pay.

A budget can never be overspent, under any concurrency. The commit is one guarded UPDATE
(`... WHERE total - committed >= amount`): the database applies it atomically, so two decisions
racing for the last pounds cannot both win, on PostgreSQL or SQLite. It runs inside the
decision's transaction, so a refused commit leaves nothing of the decision behind.
"""

import datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from onestop.budgets.models import (
    Budget,
    BudgetAlert,
    Commitment,
    CommitmentStatus,
    ProfileMonth,
)
from onestop.budgets.profiles import Profile, even_profile, planned_to_date, profile_problem
from onestop.budgets.selectors import budget_profile
from onestop.budgets.thresholds import (
    admits,
    below_threshold_message,
    higher,
    paying_description,
    percent_ahead,
    threshold_for_spending,
)
from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.formatting import govuk_date
from onestop.core.money import format_pounds
from onestop.core.roles import Capability, Role
from onestop.councils.access import membership_require
from onestop.councils.models import Council, Membership, User
from onestop.intake.models import Application
from onestop.notifications.services import message_queue
from onestop.policy.models import Scheme
from onestop.policy.vocabulary import Priority


class BudgetExhausted(ServiceError):
    pass


class PriorityBelowThreshold(ServiceError):
    """The budget is paying only higher priorities at the moment: refuse or leave waiting."""


def _months_for_audit(profile: Profile) -> dict[str, int]:
    return {month.isoformat()[:7]: pence for month, pence in sorted(profile.items())}


def _profile_save(*, budget: Budget, profile: Profile) -> None:
    ProfileMonth.objects.filter(budget=budget).delete()
    ProfileMonth.objects.bulk_create(
        ProfileMonth(council_id=budget.council_id, budget=budget, month=month, planned_pence=pence)
        for month, pence in sorted(profile.items())
    )


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
    profile: Profile | None = None,
) -> Budget:
    """A budget and its monthly profile; without a profile the total is spread evenly by days."""
    if actor is not None:
        membership_require(
            actor=actor,
            council=council,
            capability=Capability.MANAGE_BUDGETS,
            doing="set up budgets",
        )
    name = name.strip()
    if not name:
        raise ServiceError("Enter a name for the budget.", field="name")
    if ends_on < starts_on:
        raise ServiceError("The end date must be on or after the start date.", field="ends_on")
    if total_pence <= 0:
        raise ServiceError("Enter a budget of more than £0.", field="total")
    overlapping = Budget.objects.filter(
        council=council, scheme=scheme, starts_on__lte=ends_on, ends_on__gte=starts_on
    ).first()
    if overlapping is not None:
        raise ServiceError(
            f"{scheme.name} already has a budget, {overlapping.name}, from "
            f"{govuk_date(overlapping.starts_on)} to {govuk_date(overlapping.ends_on)}. A scheme "
            "has one budget at a time: choose dates that do not overlap it.",
            field="starts_on",
        )
    if profile is None:
        profile = even_profile(starts_on=starts_on, ends_on=ends_on, total_pence=total_pence)
    problem = profile_problem(
        profile, starts_on=starts_on, ends_on=ends_on, total_pence=total_pence
    )
    if problem:
        raise ServiceError(problem, field="profile")
    budget = Budget.objects.create(
        council=council,
        scheme=scheme,
        name=name,
        starts_on=starts_on,
        ends_on=ends_on,
        total_pence=total_pence,
    )
    _profile_save(budget=budget, profile=profile)
    audit_record(
        actor=actor,
        council=council,
        action="budget.created",
        subject=budget,
        summary=f"Budget {name} of {format_pounds(total_pence)} set up",
        details={"profile": _months_for_audit(profile)},
    )
    return budget


@transaction.atomic
def budget_profile_change(*, actor: User, budget: Budget, profile: Profile, reason: str) -> Budget:
    """Replace the budget's monthly profile (finance), with the reason on record."""
    membership_require(
        actor=actor,
        council=budget.council,
        capability=Capability.MANAGE_BUDGETS,
        doing="change budget profiles",
    )
    if not reason.strip():
        raise ServiceError("Enter why the monthly plan is changing.", field="reason")
    problem = profile_problem(
        profile, starts_on=budget.starts_on, ends_on=budget.ends_on, total_pence=budget.total_pence
    )
    if problem:
        raise ServiceError(problem, field="profile")
    before = budget_profile(budget=budget)
    if dict(profile) == before:
        raise ServiceError(
            "No month has changed. Change at least one amount, or go back to the budget.",
            field="profile",
        )
    _profile_save(budget=budget, profile=profile)
    audit_record(
        actor=actor,
        council=budget.council,
        action="budget.profile_changed",
        subject=budget,
        summary=f"Monthly plan for {budget.name} changed",
        reason=reason.strip(),
        details={"before": _months_for_audit(before), "after": _months_for_audit(profile)},
    )
    return budget


def commitment_record(
    *, actor: User | None, budget: Budget, application: Application, amount_pence: int
) -> Commitment:
    """The commitment and its audit row, not yet charged to the budget.

    Refused with PriorityBelowThreshold when the budget is paying only higher priorities than the
    application's. The caller must call `budget_charge` before its transaction ends, and should
    call it last: the guarded update locks the budget row until commit, so every other decision
    on the same budget waits only for the end of this transaction, not for all of it.
    """
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("commitment_record must run inside the decision's transaction")
    if amount_pence <= 0:
        raise ServiceError("An award must be more than £0.", field="amount")
    if not admits(threshold=budget.priority_threshold, priority=application.priority):
        raise PriorityBelowThreshold(
            below_threshold_message(
                scheme_name=application.scheme.name,
                threshold=budget.priority_threshold,
                priority=application.priority,
            )
        )
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


def _add_if_it_fits(*, budget_id: int, amount_pence: int) -> int | None:
    """The guarded UPDATE; returns the committed total after it, or None if it did not fit.

    Written as SQL because the ORM's update() cannot return the new value, and reading it back
    would be one more statement while this transaction holds the budget row's lock.
    """
    quote = connection.ops.quote_name
    table, committed, total = (
        quote(Budget._meta.db_table),
        quote("committed_pence"),
        quote("total_pence"),
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} SET {committed} = {committed} + %s "  # noqa: S608 - names are ours
            f"WHERE {quote('id')} = %s AND {total} >= {committed} + %s RETURNING {committed}",
            [amount_pence, budget_id, amount_pence],
        )
        row = cursor.fetchone()
    return None if row is None else int(row[0])


def _alerts_record(*, budget: Budget, before_pence: int, after_pence: int) -> None:
    """An alert for each set percentage this charge took committed spending to or past.

    Charges on one budget are serialised by its row lock, so exactly one charge crosses each
    line; the unique constraint backs that up, and get_or_create means a line crossed again
    after a release is not alerted twice.
    """
    crossed = sorted(
        percentage
        for percentage in set(budget.alert_percentages)
        if before_pence * 100 < percentage * budget.total_pence <= after_pence * 100
    )
    for percentage in crossed:
        alert, created = BudgetAlert.objects.get_or_create(
            budget=budget,
            percentage=percentage,
            defaults={"council_id": budget.council_id, "committed_pence": after_pence},
        )
        if created:
            audit_record(
                actor=None,
                council=budget.council,
                action="budget.alert",
                subject=alert,
                summary=(
                    f"{budget.name} has committed {percentage}% of its money: "
                    f"{format_pounds(after_pence)} of {format_pounds(budget.total_pence)}"
                ),
            )
            _finance_officers_tell(budget=budget, percentage=percentage, after_pence=after_pence)


def _finance_officers_tell(*, budget: Budget, percentage: int, after_pence: int) -> None:
    """Email each finance officer of the council: the outbox row is written now, sent after
    commit, so an alert for a charge that rolls back is never sent."""
    officers = Membership.objects.filter(
        council_id=budget.council_id, role=Role.FINANCE, user__is_active=True
    ).select_related("user")
    for officer in officers:
        message_queue(
            council=budget.council,
            template="budget_alert",
            contact_preference="email",
            phone="",
            email=officer.user.email,
            personalisation={
                "budget": budget.name,
                "percentage": str(percentage),
                "committed": format_pounds(after_pence),
                "total": format_pounds(budget.total_pence),
                "remaining": format_pounds(budget.total_pence - after_pence),
            },
        )


def budget_charge(*, commitment: Commitment) -> None:
    """Take the commitment's amount from its budget, or raise BudgetExhausted (the caller's
    transaction then rolls back, so nothing of the refused award is kept). Records an alert
    when the charge takes committed spending past one of the budget's set percentages."""
    budget = commitment.budget
    amount = commitment.amount_pence
    after = _add_if_it_fits(budget_id=budget.pk, amount_pence=amount)
    if after is None:
        budget.refresh_from_db()
        raise BudgetExhausted(
            f"There is not enough money left in {budget.name} for this award: "
            f"{format_pounds(budget.remaining_pence)} is left. Ask finance to review the budget.",
            field="amount",
        )
    _alerts_record(budget=budget, before_pence=after - amount, after_pence=after)


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
def commitment_spend(*, commitment: Commitment, actor: User | None = None) -> Commitment:
    """Mark committed money as paid out (the award was fulfilled). Doing it again changes nothing.

    Spent money stays counted in the budget's committed total: it is still gone from the budget.
    """
    spent = Commitment.objects.filter(pk=commitment.pk, status=CommitmentStatus.COMMITTED).update(
        status=CommitmentStatus.SPENT, updated_at=timezone.now()
    )
    current = Commitment.objects.select_related("budget", "application").get(pk=commitment.pk)
    if current.status == CommitmentStatus.RELEASED:
        raise ServiceError(
            "This money was released to the budget, so it cannot be paid out. Ask finance to "
            "check the award."
        )
    if spent:
        audit_record(
            actor=actor,
            council=current.council,
            action="budget.spent",
            subject=current,
            case_reference=current.application.reference,
            summary=f"{format_pounds(current.amount_pence)} paid out from {current.budget.name}",
        )
    return current


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
    if locked.status == CommitmentStatus.RELEASED:
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


@transaction.atomic
def budget_threshold_set(*, actor: User, budget: Budget, threshold: str, reason: str) -> Budget:
    """A finance officer or team leader sets which priorities the budget pays, raising or
    lowering it, with the reason on record. Only a person lowers it."""
    membership_require(
        actor=actor,
        council=budget.council,
        capability=Capability.SET_PRIORITY_THRESHOLD,
        doing="set budget priority levels",
    )
    if threshold not in Priority.values:
        raise ServiceError("Select which priorities the budget pays.", field="threshold")
    if not reason.strip():
        raise ServiceError("Enter why you are changing the priority level.", field="reason")
    current = Budget.objects.select_for_update().get(pk=budget.pk)
    if current.priority_threshold == threshold:
        raise ServiceError(
            f"The budget is already {paying_description(threshold)}. Select a different level.",
            field="threshold",
        )
    previous = current.priority_threshold
    current.priority_threshold = threshold
    current.save(update_fields=["priority_threshold", "updated_at"])
    audit_record(
        actor=actor,
        council=current.council,
        action="budget.threshold_set",
        subject=current,
        summary=f"{current.name} is now {paying_description(threshold)}",
        reason=reason.strip(),
        details={"from": previous, "to": threshold},
    )
    return current


@transaction.atomic
def budget_threshold_review(*, budget: Budget, today: datetime.date) -> Budget:
    """The automatic rule: raise the threshold when committed spending is ahead of the profile.

    Compares what is committed now with what the profile planned by the end of today, and raises
    the threshold to medium or high past the budget's two percentages. It only ever raises: a
    lower level is a person's decision.
    """
    current = Budget.objects.get(pk=budget.pk)
    if not current.starts_on <= today <= current.ends_on:
        return current
    planned = planned_to_date(
        budget_profile(budget=current),
        starts_on=current.starts_on,
        ends_on=current.ends_on,
        today=today,
    )
    called_for = threshold_for_spending(
        planned_pence=planned,
        committed_pence=current.committed_pence,
        medium_above=current.medium_when_ahead_percent,
        high_above=current.high_when_ahead_percent,
    )
    raised = higher(current.priority_threshold, called_for)
    if raised == current.priority_threshold:
        return current
    # Only from the level just read: a person's change since then is not overridden.
    changed = Budget.objects.filter(
        pk=current.pk, priority_threshold=current.priority_threshold
    ).update(priority_threshold=raised, updated_at=timezone.now())
    if not changed:
        return Budget.objects.get(pk=current.pk)
    ahead = percent_ahead(planned_pence=planned, committed_pence=current.committed_pence)
    how_far = f"{ahead}% ahead of plan" if ahead is not None else "spending before any was planned"
    audit_record(
        actor=None,
        council=current.council,
        action="budget.threshold_raised",
        subject=current,
        summary=f"{current.name} is now {paying_description(raised)}",
        reason=(
            f"{format_pounds(current.committed_pence)} committed by {govuk_date(today)} against "
            f"{format_pounds(planned)} planned: {how_far}. The priority level rises to medium when "
            f"spending is more than {current.medium_when_ahead_percent}% ahead of plan, and to "
            f"high when it is more than {current.high_when_ahead_percent}% ahead."
        ),
        details={
            "from": current.priority_threshold,
            "to": raised,
            "planned_pence": planned,
            "committed_pence": current.committed_pence,
        },
    )
    current.priority_threshold = raised
    return current


def budgets_in_force_review(*, today: datetime.date) -> list[Budget]:
    """Run the automatic rule over every council's budgets in force today; the ones raised."""
    raised = []
    for budget in Budget.objects.filter(starts_on__lte=today, ends_on__gte=today).order_by("pk"):
        reviewed = budget_threshold_review(budget=budget, today=today)
        if reviewed.priority_threshold != budget.priority_threshold:
            raised.append(reviewed)
    return raised
