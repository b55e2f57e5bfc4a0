"""Essential household items in OpenFisca: the rules of policies/essential-items/policy.yaml."""

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
        folder="essential-items",
        prefix="essential_items",
        criteria=("lives_in_area", "reason", "savings"),
    )
)
REASONS_HELPED = (
    CrisisReason.leaving_institution,
    CrisisReason.setting_up_home,
    CrisisReason.stay_in_community,
    CrisisReason.fire_or_flood,
)
ITEMS = ("bed", "cooker", "fridge", "washing_machine")


class essential_items_lives_in_area(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Lives in the council's area, or has no fixed address here"

    def formula(household, period):
        return household("is_resident", period)


class essential_items_reason(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Setting up home, after a fire or flood, or to keep living in the community"

    def formula(household, period):
        reason = household("crisis_reason", period)
        helped = reason == REASONS_HELPED[0]
        for other in REASONS_HELPED[1:]:
            helped = helped + (reason == other)
        return helped


class essential_items_savings(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "Household savings under the limit (higher from pension age)"

    def formula(household, period, parameters):
        p = parameters(period).essential_items
        pension_age = household("applicant_age", period) >= p.pension_age
        limit = where(pension_age, p.savings_limit_pension_age, p.savings_limit)
        return household("savings", period) < limit


class essential_items_chose_an_item(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "At least one item from the catalogue was chosen"

    def formula(household, period):
        chosen = household("needs_bed", period)
        for item in ITEMS[1:]:
            chosen = chosen + household(f"needs_{item}", period)
        return chosen


class essential_items_referred(Variable):
    value_type = bool
    entity = Household
    definition_period = DAY
    label = "No item chosen, or a fire or flood: a decision maker must judge"

    def formula(household, period):
        fire = household("crisis_reason", period) == CrisisReason.fire_or_flood
        return ~household("essential_items_chose_an_item", period) + fire


essential_items_meets_criteria, essential_items_outcome = decision_variables(SCHEME)


class essential_items_award(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "The catalogue price of every item needed: nothing unless eligible or to decide"

    def formula(household, period, parameters):
        price = parameters(period).essential_items.price
        total = sum(where(household(f"needs_{item}", period), price[item], 0) for item in ITEMS)
        refused = household("essential_items_outcome", period) == Outcome.not_eligible
        return where(refused, 0, total)


class essential_items_priority(Variable):
    value_type = Enum
    possible_values = Priority
    default_value = Priority.medium
    entity = Household
    definition_period = DAY
    label = "High, medium or low"

    def formula(household, period):
        high = (
            (household("children_under_5", period) > 0)
            + household("pregnant", period)
            + household("disabled", period)
        )
        big_item = (
            household("needs_bed", period)
            + household("needs_cooker", period)
            + household("needs_fridge", period)
        )
        return select([high, ~big_item], [Priority.high, Priority.low], default=Priority.medium)


VARIABLES = [
    essential_items_lives_in_area,
    essential_items_reason,
    essential_items_savings,
    essential_items_chose_an_item,
    essential_items_referred,
    essential_items_meets_criteria,
    essential_items_outcome,
    essential_items_award,
    essential_items_priority,
]
