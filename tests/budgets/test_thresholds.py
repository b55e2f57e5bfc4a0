"""Priority thresholds: who a budget under pressure pays, set by a person or raised by the rule."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from onestop.budgets.models import Budget, Commitment
from onestop.budgets.selectors import budget_admits
from onestop.budgets.services import (
    PriorityBelowThreshold,
    budget_create,
    budget_threshold_review,
    budget_threshold_set,
    budgets_in_force_review,
    commitment_create,
)
from onestop.budgets.thresholds import threshold_for_spending
from onestop.casework.models import Decision
from onestop.core.audit import SYSTEM_ACTOR_LABEL
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Membership
from onestop.daily import daily_jobs_run
from onestop.fulfilment.models import Award, FulfilmentRequest
from onestop.intake.models import ApplicationStatus
from onestop.notifications.models import Message
from onestop.policy.models import Scheme
from onestop.policy.vocabulary import CrisisReason, Priority
from tests.factories import make_award, make_budget, make_membership, submit_application

APRIL = datetime.date(2026, 4, 1)
TENTH_OF_APRIL = datetime.date(2026, 4, 10)
KEPT = (Decision, Commitment, Award, FulfilmentRequest, Message)


@pytest.fixture
def finance(scheme: Scheme) -> Membership:
    return make_membership(role=Role.FINANCE, council=scheme.council)


@pytest.fixture
def year_budget(scheme: Scheme) -> Budget:
    """£3,650 for 2026/27, spread evenly: £10 a day, so £100 planned by 10 April."""
    return budget_create(
        actor=None,
        council=scheme.council,
        scheme=scheme,
        name="Crisis Payment 2026/27",
        starts_on=APRIL,
        ends_on=datetime.date(2027, 3, 31),
        total_pence=3_650_00,
    )


def commit(budget: Budget, scheme: Scheme, pence: int) -> None:
    commitment_create(
        actor=None, budget=budget, application=submit_application(scheme=scheme), amount_pence=pence
    )


def level_of(budget: Budget) -> str:
    budget.refresh_from_db()
    return budget.priority_threshold


@pytest.mark.parametrize(
    ("threshold", "paid"),
    [
        (Priority.LOW, {"high", "medium", "low"}),
        (Priority.MEDIUM, {"high", "medium"}),
        (Priority.HIGH, {"high"}),
    ],
)
def test_a_threshold_pays_its_own_priority_and_those_above(
    scheme: Scheme, threshold: Priority, paid: set[str]
) -> None:
    budget = make_budget(scheme=scheme)
    Budget.objects.filter(pk=budget.pk).update(priority_threshold=threshold)
    budget.refresh_from_db()
    assert {p for p in Priority.values if budget_admits(budget=budget, priority=p)} == paid


@given(
    planned=st.integers(min_value=0, max_value=10**9),
    committed=st.integers(min_value=0, max_value=10**9),
)
def test_the_rule_calls_for_more_the_further_ahead_spending_is(
    planned: int, committed: int
) -> None:
    called_for = threshold_for_spending(
        planned_pence=planned, committed_pence=committed, medium_above=10, high_above=25
    )
    more = threshold_for_spending(
        planned_pence=planned, committed_pence=committed + 1, medium_above=10, high_above=25
    )
    order = [Priority.LOW, Priority.MEDIUM, Priority.HIGH]
    assert order.index(more) >= order.index(called_for)
    if committed <= planned:
        assert called_for == Priority.LOW


def test_an_application_below_the_threshold_is_refused_with_the_reason_and_nothing_is_kept(
    scheme: Scheme, budget: Budget, finance: Membership, decision_maker: Membership, row_counts
) -> None:
    # The default crisis, a sudden loss of income, is medium priority.
    medium = submit_application(scheme=scheme)
    assert medium.priority == Priority.MEDIUM
    budget_threshold_set(
        actor=finance.user,
        budget=budget,
        threshold=Priority.HIGH,
        reason="Spending is well ahead of plan",
    )
    before = row_counts(*KEPT)

    with pytest.raises(PriorityBelowThreshold) as refused:
        make_award(application=medium, membership=decision_maker)

    assert refused.value.message == (
        f"The {scheme.name} budget is paying only high priority awards at the moment, because "
        "spending is ahead of plan. This application is medium priority. Refuse it with that "
        "reason, or leave it waiting until the priority level changes."
    )
    assert row_counts(*KEPT) == before
    medium.refresh_from_db()
    assert medium.status == ApplicationStatus.AWAITING_DECISION

    high = submit_application(scheme=scheme, crisis_reason=CrisisReason.NO_MONEY_FOR_FOOD)
    assert high.priority == Priority.HIGH
    assert make_award(application=high, membership=decision_maker).amount_pence > 0


def test_a_person_sets_the_level_with_a_reason_and_may_lower_it(
    year_budget: Budget, finance: Membership, scheme: Scheme
) -> None:
    team_leader = make_membership(role=Role.TEAM_LEADER, council=scheme.council)
    budget_threshold_set(
        actor=finance.user, budget=year_budget, threshold=Priority.HIGH, reason="Overspending"
    )
    budget_threshold_set(
        actor=team_leader.user,
        budget=year_budget,
        threshold=Priority.LOW,
        reason="Extra money agreed by cabinet",
    )
    assert level_of(year_budget) == Priority.LOW
    events = list(AuditEvent.objects.filter(action="budget.threshold_set").order_by("id"))
    assert [(e.actor, e.reason) for e in events] == [
        (finance.user, "Overspending"),
        (team_leader.user, "Extra money agreed by cabinet"),
    ]
    assert events[0].summary == "Crisis Payment 2026/27 is now paying only high priority awards"


@pytest.mark.parametrize(
    ("role", "threshold", "reason", "problem"),
    [
        (Role.FINANCE, Priority.HIGH, "  ", "Enter why you are changing the priority level"),
        (Role.FINANCE, "urgent", "Busy", "Select which priorities the budget pays"),
        (Role.FINANCE, Priority.LOW, "Again", "already paying awards of every priority"),
        (Role.DECISION_MAKER, Priority.HIGH, "Busy", "do not have permission"),
        (Role.ADVISER, Priority.HIGH, "Busy", "do not have permission"),
    ],
)
def test_a_level_change_that_is_not_allowed_or_not_explained_changes_nothing(
    year_budget: Budget, scheme: Scheme, role: Role, threshold: str, reason: str, problem: str
) -> None:
    member = make_membership(role=role, council=scheme.council)
    expected = NotPermitted if "permission" in problem else ServiceError
    with pytest.raises(expected, match=problem):
        budget_threshold_set(
            actor=member.user, budget=year_budget, threshold=threshold, reason=reason
        )
    assert level_of(year_budget) == Priority.LOW
    assert not AuditEvent.objects.filter(action="budget.threshold_set").exists()


@pytest.mark.parametrize(
    ("committed", "level"),
    [(100_00, Priority.LOW), (110_00, Priority.LOW), (115_00, Priority.MEDIUM), (130_00, "high")],
)
def test_the_rule_raises_the_level_when_spending_runs_ahead_of_plan(
    scheme: Scheme, year_budget: Budget, committed: int, level: str
) -> None:
    commit(year_budget, scheme, committed)
    budget_threshold_review(budget=year_budget, today=TENTH_OF_APRIL)
    assert level_of(year_budget) == level


def test_the_rule_records_its_figures_as_the_reason(scheme: Scheme, year_budget: Budget) -> None:
    commit(year_budget, scheme, 115_00)
    budget_threshold_review(budget=year_budget, today=TENTH_OF_APRIL)
    event = AuditEvent.objects.get(action="budget.threshold_raised")
    assert event.actor is None
    assert event.actor_label == SYSTEM_ACTOR_LABEL
    assert (
        event.summary == "Crisis Payment 2026/27 is now paying only medium and high priority awards"
    )
    assert event.reason.startswith(
        "£115.00 committed by 10 April 2026 against £100.00 planned: 15% ahead of plan."
    )
    assert event.details["planned_pence"] == 100_00


def test_the_rule_never_lowers_the_level_and_keeps_quiet_when_nothing_changes(
    scheme: Scheme, year_budget: Budget, finance: Membership
) -> None:
    commit(year_budget, scheme, 115_00)
    budget_threshold_review(budget=year_budget, today=TENTH_OF_APRIL)
    budget_threshold_review(budget=year_budget, today=TENTH_OF_APRIL)
    assert AuditEvent.objects.filter(action="budget.threshold_raised").count() == 1

    budget_threshold_set(
        actor=finance.user, budget=year_budget, threshold=Priority.HIGH, reason="Be careful"
    )
    # By July spending is far behind plan: the rule still leaves a person's level alone.
    budget_threshold_review(budget=year_budget, today=datetime.date(2026, 7, 1))
    assert level_of(year_budget) == Priority.HIGH
    assert AuditEvent.objects.filter(action="budget.threshold_raised").count() == 1


def test_the_daily_review_covers_only_budgets_in_force(scheme: Scheme, year_budget: Budget) -> None:
    commit(year_budget, scheme, 300_00)
    raised = budgets_in_force_review(today=datetime.date(2027, 4, 1))  # the day after it ends
    assert raised == []
    assert level_of(year_budget) == Priority.LOW
    raised = budgets_in_force_review(today=TENTH_OF_APRIL)
    assert [b.pk for b in raised] == [year_budget.pk]
    assert level_of(year_budget) == Priority.HIGH


def test_the_daily_jobs_review_todays_budgets(scheme: Scheme) -> None:
    budget = make_budget(scheme=scheme, total_pence=1_000_000)
    commit(budget, scheme, 500_000)  # half the year's money in its first month

    outcomes = dict(daily_jobs_run(today=timezone.localdate()))

    assert outcomes["Review budget priority levels"] == "1 budget raised to a higher priority level"
    assert level_of(budget) == Priority.HIGH
