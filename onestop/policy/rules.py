"""The first, simple rule set in code for a crisis payment; the policy engine replaces it.

Figures follow published Crisis and Resilience Fund crisis-strand policies: savings under
£6,000; household income after housing costs under £20,500 a year; at most 3 awards in any
rolling 12 months and at least 7 days between awards; food award by household size.
"""

import datetime
from dataclasses import dataclass, field
from enum import StrEnum

from django.db import models


class CrisisReason(models.TextChoices):
    NO_MONEY_FOR_FOOD = "no_money_for_food", "No money for food"
    NO_MONEY_FOR_FUEL = "no_money_for_fuel", "No money for gas or electricity"
    LOSS_OF_INCOME = "loss_of_income", "Sudden loss of income"
    FIRE_OR_FLOOD = "fire_or_flood", "Fire or flood"
    DOMESTIC_ABUSE = "domestic_abuse", "Fleeing domestic abuse"
    LEAVING_CARE_PRISON_HOSPITAL = "leaving_institution", "Leaving care, prison or hospital"
    OTHER = "other", "Something else"


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_DECISION_MAKER = "needs_decision_maker"


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"


PRIORITY_ORDER = {Priority.HIGH: 0, Priority.MEDIUM: 1, Priority.LOW: 2}

SAVINGS_LIMIT_PENCE = 600_000
ANNUAL_INCOME_LIMIT_PENCE = 2_050_000
MAX_AWARDS_IN_12_MONTHS = 3
MIN_DAYS_BETWEEN_AWARDS = 7
FOOD_AWARD_PENCE = {"single": 6_000, "two_to_five": 10_000, "six_or_more": 15_000}
RULE_SET_VERSION = "crisis-payment-simple 2026-04-01"


@dataclass(frozen=True)
class ApplicationFacts:
    """What the rules need to know, worked out from an application and its history."""

    household_size: int
    children_under_5: int
    weekly_income_after_housing_pence: int
    savings_pence: int
    crisis_reason: str
    awards_in_last_365_days: int
    days_since_last_award: int | None


@dataclass(frozen=True)
class CriterionResult:
    name: str
    passed: bool
    reason: str


@dataclass(frozen=True)
class AssessmentResult:
    outcome: Outcome
    criteria: list[CriterionResult]
    proposed_award_pence: int
    priority: Priority
    version: str = RULE_SET_VERSION
    notes: list[str] = field(default_factory=list)


def _criteria(facts: ApplicationFacts) -> list[CriterionResult]:
    annual_income = facts.weekly_income_after_housing_pence * 52
    gap = facts.days_since_last_award
    return [
        CriterionResult(
            "savings",
            facts.savings_pence < SAVINGS_LIMIT_PENCE,
            "Household savings are under £6,000"
            if facts.savings_pence < SAVINGS_LIMIT_PENCE
            else "Household savings are £6,000 or more",
        ),
        CriterionResult(
            "income",
            annual_income < ANNUAL_INCOME_LIMIT_PENCE,
            "Household income after housing costs is under £20,500 a year"
            if annual_income < ANNUAL_INCOME_LIMIT_PENCE
            else "Household income after housing costs is £20,500 a year or more",
        ),
        CriterionResult(
            "awards_in_12_months",
            facts.awards_in_last_365_days < MAX_AWARDS_IN_12_MONTHS,
            f"{facts.awards_in_last_365_days} awards in the last 12 months, fewer than 3"
            if facts.awards_in_last_365_days < MAX_AWARDS_IN_12_MONTHS
            else "Already 3 awards in the last 12 months, the most the scheme allows",
        ),
        CriterionResult(
            "days_since_last_award",
            gap is None or gap >= MIN_DAYS_BETWEEN_AWARDS,
            "No award in the last 7 days"
            if gap is None or gap >= MIN_DAYS_BETWEEN_AWARDS
            else f"An award was made {gap} days ago; the scheme needs 7 days between awards",
        ),
    ]


def _food_award(household_size: int) -> int:
    if household_size <= 1:
        return FOOD_AWARD_PENCE["single"]
    if household_size <= 5:
        return FOOD_AWARD_PENCE["two_to_five"]
    return FOOD_AWARD_PENCE["six_or_more"]


def _priority(facts: ApplicationFacts) -> Priority:
    if facts.children_under_5 > 0 or facts.crisis_reason in {
        CrisisReason.DOMESTIC_ABUSE,
        CrisisReason.NO_MONEY_FOR_FOOD,
    }:
        return Priority.HIGH
    if facts.crisis_reason == CrisisReason.OTHER:
        return Priority.LOW
    return Priority.MEDIUM


def assess(facts: ApplicationFacts, *, on: datetime.date) -> AssessmentResult:
    """Criterion by criterion, with the proposed award and the priority."""
    criteria = _criteria(facts)
    notes: list[str] = []
    if not all(c.passed for c in criteria):
        outcome = Outcome.NOT_ELIGIBLE
    elif facts.crisis_reason == CrisisReason.OTHER:
        outcome = Outcome.NEEDS_DECISION_MAKER
        notes.append("The crisis is not one the policy lists, so a decision maker must judge it")
    else:
        outcome = Outcome.ELIGIBLE
    award = _food_award(facts.household_size) if outcome != Outcome.NOT_ELIGIBLE else 0
    return AssessmentResult(
        outcome=outcome,
        criteria=criteria,
        proposed_award_pence=award,
        priority=_priority(facts),
        notes=notes,
    )
