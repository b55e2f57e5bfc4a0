"""Housing Payment in OpenFisca: the rules of policies/housing-payment/policy.yaml."""

from openfisca_core.indexed_enums import Enum
from openfisca_core.model_api import DAY, Variable, min_, where

from benchmarks.openfisca_onestop.entities import Household
from benchmarks.openfisca_onestop.schemes import (
    OpenFiscaScheme,
    Outcome,
    Priority,
    decision_variables,
    register,
)

SCHEME = register(
    OpenFiscaScheme(
        folder="housing-payment",
        prefix="housing_payment",
        criteria=("housing_support", "lives_in_area", "rent_to_meet"),
    )
)


class housing_payment_housing_support(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Gets Housing Benefit or the housing element of Universal Credit"

    def formula(household, period):
        return household("receives_housing_support", period)


class housing_payment_lives_in_area(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Lives in the council's area"

    def formula(household, period):
        return household("is_resident", period)


class housing_payment_rent_to_meet(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "A rent shortfall to meet, or rent arrears with an eviction started"

    def formula(household, period):
        shortfall = household("weekly_rent_shortfall", period) > 0
        arrears = household("rent_arrears", period) > 0
        return shortfall + household("at_risk_of_eviction", period) * arrears


class housing_payment_referred(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Arrears over the cap, or an eviction without arrears: a decision maker must judge"

    def formula(household, period, parameters):
        cap = parameters(period).housing_payment.arrears_cap
        at_risk = household("at_risk_of_eviction", period)
        arrears = household("rent_arrears", period)
        return at_risk * (arrears > cap) + at_risk * (arrears == 0)


housing_payment_meets_criteria, housing_payment_outcome = decision_variables(
    SCHEME, never_refuse=True
)


class housing_payment_rent_shortfall_award(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "The weekly rent shortfall, for the most weeks an award pays"

    def formula(household, period, parameters):
        weeks = parameters(period).housing_payment.most_weeks
        shortfall = household("weekly_rent_shortfall", period)
        paid = household("receives_housing_support", period) * (shortfall > 0)
        return where(paid, shortfall * weeks, 0)


class housing_payment_rent_arrears_award(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Rent arrears, up to the cap, to stop an eviction"

    def formula(household, period, parameters):
        cap = parameters(period).housing_payment.arrears_cap
        arrears = household("rent_arrears", period)
        paid = (
            household("receives_housing_support", period)
            * household("at_risk_of_eviction", period)
            * (arrears > 0)
        )
        return where(paid, min_(arrears, cap), 0)


class housing_payment_award(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "The proposed award: nothing if not eligible"

    def formula(household, period):
        total = household("housing_payment_rent_shortfall_award", period) + household(
            "housing_payment_rent_arrears_award", period
        )
        refused = household("housing_payment_outcome", period) == Outcome.not_eligible
        return where(refused, 0, total)


class housing_payment_priority(Variable):
    value_type = Enum
    possible_values = Priority
    default_value = Priority.medium
    entity = Household
    definition_period = DAY
    label = "High or medium"

    def formula(household, period):
        high = household("at_risk_of_eviction", period) + (
            household("children_under_5", period) > 0
        )
        return where(high, Priority.high, Priority.medium)


VARIABLES = [
    housing_payment_housing_support,
    housing_payment_lives_in_area,
    housing_payment_rent_to_meet,
    housing_payment_referred,
    housing_payment_meets_criteria,
    housing_payment_outcome,
    housing_payment_rent_shortfall_award,
    housing_payment_rent_arrears_award,
    housing_payment_award,
    housing_payment_priority,
]
