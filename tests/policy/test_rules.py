"""The crisis payment rules: each criterion at its boundary, the award, the priority."""

import dataclasses
import datetime

import pytest

from onestop.policy.rules import (
    FOOD_AWARD_PENCE,
    ApplicationFacts,
    CrisisReason,
    Outcome,
    Priority,
    assess,
)

ON = datetime.date(2026, 6, 1)
ELIGIBLE = ApplicationFacts(
    household_size=1,
    children_under_5=0,
    weekly_income_after_housing_pence=10_000,
    savings_pence=0,
    crisis_reason=CrisisReason.LOSS_OF_INCOME,
    awards_in_last_365_days=0,
    days_since_last_award=None,
)


def facts(**changes: object) -> ApplicationFacts:
    return dataclasses.replace(ELIGIBLE, **changes)


def criterion(result_facts: ApplicationFacts, name: str) -> tuple[bool, str]:
    result = assess(result_facts, on=ON)
    (found,) = [c for c in result.criteria if c.name == name]
    return found.passed, found.reason


def test_an_eligible_application_passes_every_criterion_with_reasons() -> None:
    result = assess(ELIGIBLE, on=ON)
    assert result.outcome == Outcome.ELIGIBLE
    assert [c.name for c in result.criteria] == [
        "savings",
        "income",
        "awards_in_12_months",
        "days_since_last_award",
    ]
    assert all(c.passed and c.reason for c in result.criteria)
    assert result.proposed_award_pence == FOOD_AWARD_PENCE["single"]
    assert result.version


@pytest.mark.parametrize(
    ("savings_pence", "passes", "reason"),
    [
        (599_999, True, "Household savings are under £6,000"),
        (600_000, False, "Household savings are £6,000 or more"),
    ],
)
def test_savings_limit(savings_pence: int, passes: bool, reason: str) -> None:
    assert criterion(facts(savings_pence=savings_pence), "savings") == (passes, reason)


@pytest.mark.parametrize(
    ("weekly_pence", "passes"),
    [
        (39_423, True),  # £20,499.96 a year
        (39_424, False),  # £20,500.48 a year
    ],
)
def test_income_limit_of_20500_a_year(weekly_pence: int, passes: bool) -> None:
    passed, reason = criterion(facts(weekly_income_after_housing_pence=weekly_pence), "income")
    assert passed is passes
    assert "£20,500 a year" in reason


@pytest.mark.parametrize(("awards", "passes"), [(0, True), (2, True), (3, False), (4, False)])
def test_at_most_three_awards_in_12_months(awards: int, passes: bool) -> None:
    passed, reason = criterion(facts(awards_in_last_365_days=awards), "awards_in_12_months")
    assert passed is passes
    if not passes:
        assert reason == "Already 3 awards in the last 12 months, the most the scheme allows"


@pytest.mark.parametrize(("days", "passes"), [(None, True), (0, False), (6, False), (7, True)])
def test_seven_days_between_awards(days: int | None, passes: bool) -> None:
    passed, reason = criterion(facts(days_since_last_award=days), "days_since_last_award")
    assert passed is passes
    if not passes:
        assert f"{days} days ago" in reason


@pytest.mark.parametrize(
    "failing",
    [
        {"savings_pence": 600_000},
        {"weekly_income_after_housing_pence": 50_000},
        {"awards_in_last_365_days": 3},
        {"days_since_last_award": 2},
    ],
)
def test_failing_any_criterion_is_not_eligible_with_no_award(failing: dict[str, int]) -> None:
    result = assess(facts(**failing), on=ON)
    assert result.outcome == Outcome.NOT_ELIGIBLE
    assert result.proposed_award_pence == 0
    assert [c.passed for c in result.criteria].count(False) == 1


@pytest.mark.parametrize(
    ("household_size", "award"),
    [(1, 6_000), (2, 10_000), (5, 10_000), (6, 15_000), (9, 15_000)],
)
def test_food_award_by_household_size(household_size: int, award: int) -> None:
    assert assess(facts(household_size=household_size), on=ON).proposed_award_pence == award


@pytest.mark.parametrize(
    ("changes", "priority"),
    [
        ({"crisis_reason": CrisisReason.LOSS_OF_INCOME}, Priority.MEDIUM),
        ({"crisis_reason": CrisisReason.NO_MONEY_FOR_FUEL}, Priority.MEDIUM),
        ({"crisis_reason": CrisisReason.FIRE_OR_FLOOD}, Priority.MEDIUM),
        ({"crisis_reason": CrisisReason.NO_MONEY_FOR_FOOD}, Priority.HIGH),
        ({"crisis_reason": CrisisReason.DOMESTIC_ABUSE}, Priority.HIGH),
        ({"children_under_5": 1, "household_size": 2}, Priority.HIGH),
        ({"crisis_reason": CrisisReason.OTHER}, Priority.LOW),
        (
            {"crisis_reason": CrisisReason.OTHER, "children_under_5": 1, "household_size": 2},
            Priority.HIGH,
        ),
    ],
)
def test_priority_rules(changes: dict[str, object], priority: Priority) -> None:
    assert assess(facts(**changes), on=ON).priority == priority


def test_a_crisis_the_policy_does_not_list_needs_a_decision_maker() -> None:
    result = assess(facts(crisis_reason=CrisisReason.OTHER), on=ON)
    assert result.outcome == Outcome.NEEDS_DECISION_MAKER
    assert result.proposed_award_pence == FOOD_AWARD_PENCE["single"]
    assert result.notes == [
        "The crisis is not one the policy lists, so a decision maker must judge it"
    ]


def test_an_unlisted_crisis_that_fails_a_criterion_is_simply_not_eligible() -> None:
    result = assess(facts(crisis_reason=CrisisReason.OTHER, savings_pence=700_000), on=ON)
    assert result.outcome == Outcome.NOT_ELIGIBLE
    assert result.notes == []
