"""Crisis Payment in OpenFisca: the rules of policies/crisis-payment/policy.yaml."""

from openfisca_core.indexed_enums import Enum
from openfisca_core.model_api import DAY, Variable, select, where

from benchmarks.openfisca_onestop.entities import Household
from benchmarks.openfisca_onestop.inputs import CrisisReason
from benchmarks.openfisca_onestop.schemes import (
    OpenFiscaScheme,
    Outcome,
    Priority,
    decision_variables,
    register,
)

SCHEME = register(
    OpenFiscaScheme(
        folder="crisis-payment",
        prefix="crisis_payment",
        criteria=(
            "lives_in_area",
            "savings",
            "income",
            "awards_in_12_months",
            "days_since_last_award",
        ),
    )
)


class crisis_payment_lives_in_area(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Lives in the council's area, or has no fixed address here"

    def formula(household, period):
        return household("is_resident", period)


class crisis_payment_savings(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Household savings are under the limit"

    def formula(household, period, parameters):
        limit = parameters(period).crisis_payment.savings_limit
        return household("savings", period) < limit


class crisis_payment_income(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Household income after housing costs is under the limit"

    def formula(household, period, parameters):
        limit = parameters(period).crisis_payment.annual_income_limit
        return household("annual_income_after_housing", period) < limit


class crisis_payment_awards_in_12_months(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Fewer than the most awards in the last 12 months"

    def formula(household, period, parameters):
        most = parameters(period).crisis_payment.most_awards_in_12_months
        return household("awards_in_last_365_days", period) < most


class crisis_payment_days_since_last_award(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "No award in the last few days"

    def formula(household, period, parameters):
        least = parameters(period).crisis_payment.least_days_between_awards
        return household("days_since_last_award", period) >= least


class crisis_payment_referred(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "The crisis is not one the policy lists, so a decision maker must judge it"

    def formula(household, period):
        return household("crisis_reason", period) == CrisisReason.other


crisis_payment_meets_criteria, crisis_payment_outcome = decision_variables(SCHEME)


class crisis_payment_food_award(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Food, by the size of the household"

    def formula(household, period, parameters):
        food = parameters(period).crisis_payment.food_award
        size = household("household_size", period)
        amount = select([size <= 1, size <= 5], [food.single, food.two_to_five], food.six_or_more)
        reason = household("crisis_reason", period)
        return where(reason != CrisisReason.no_money_for_fuel, amount, 0)


class crisis_payment_fuel_award(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Gas or electricity"

    def formula(household, period, parameters):
        fuel = parameters(period).crisis_payment.fuel_award
        reason = household("crisis_reason", period)
        return where(reason == CrisisReason.no_money_for_fuel, fuel, 0)


class crisis_payment_award(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "The proposed award: nothing unless eligible or for a decision maker"

    def formula(household, period):
        total = household("crisis_payment_food_award", period) + household(
            "crisis_payment_fuel_award", period
        )
        refused = household("crisis_payment_outcome", period) == Outcome.not_eligible
        return where(refused, 0, total)


class crisis_payment_priority(Variable):
    value_type = Enum
    possible_values = Priority
    default_value = Priority.medium
    entity = Household
    definition_period = DAY
    label = "High, medium or low"

    def formula(household, period):
        reason = household("crisis_reason", period)
        high = (
            (household("children_under_5", period) > 0)
            + household("pregnant", period)
            + household("disabled", period)
            + (reason == CrisisReason.domestic_abuse)
            + (reason == CrisisReason.no_money_for_food)
        )
        low = reason == CrisisReason.other
        return select([high, low], [Priority.high, Priority.low], default=Priority.medium)


VARIABLES = [
    crisis_payment_lives_in_area,
    crisis_payment_savings,
    crisis_payment_income,
    crisis_payment_awards_in_12_months,
    crisis_payment_days_since_last_award,
    crisis_payment_referred,
    crisis_payment_meets_criteria,
    crisis_payment_outcome,
    crisis_payment_food_award,
    crisis_payment_fuel_award,
    crisis_payment_award,
    crisis_payment_priority,
]
