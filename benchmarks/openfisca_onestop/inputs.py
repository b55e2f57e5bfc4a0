"""The inputs an application gives (onestop.policy.facts.INPUTS) and the facts worked out from them.

OpenFisca has no list-valued variables, so the award history (ages in days of earlier awards)
comes in as a fixed number of slots, an empty slot holding NO_EARLIER_AWARD_DAYS.
"""

from openfisca_core.indexed_enums import Enum
from openfisca_core.model_api import DAY, Variable, max_, min_

from benchmarks.openfisca_onestop.entities import Household

NO_EARLIER_AWARD_DAYS = 99_999
AWARD_SLOTS = 6  # the longest award history the comparison data holds


class CrisisReason(Enum):
    no_money_for_food = "No money for food"
    no_money_for_fuel = "No money for gas or electricity"
    loss_of_income = "Sudden loss of income"
    fire_or_flood = "Fire or flood"
    domestic_abuse = "Fleeing domestic abuse"
    leaving_institution = "Leaving care, prison or hospital"
    setting_up_home = "Setting up home after being homeless"
    stay_in_community = "Needs items to keep living at home"
    rent_shortfall = "Cannot pay the rent"
    threat_of_eviction = "Facing eviction"
    other = "Something else"


def _input(name: str, value_type: type, label: str, default: object) -> type[Variable]:
    return type(
        name,
        (Variable,),
        {
            "value_type": value_type,
            "entity": Household,
            "definition_period": DAY,
            "label": label,
            "default_value": default,
        },
    )


INPUT_VARIABLES = [
    _input("applicant_age", int, "The applicant's age in whole years", 30),
    _input("household_size", int, "People in the household, the applicant included", 1),
    _input("children_under_5", int, "Children in the household under 5", 0),
    _input("pregnant", bool, "Someone in the household is pregnant", False),
    _input("disabled", bool, "Someone in the household has a disability", False),
    _input("weekly_income", int, "Household income a week before housing costs, pence", 0),
    _input("weekly_housing_costs", int, "Rent or mortgage a week, pence", 0),
    _input("savings", int, "Household savings, pence", 0),
    _input("is_resident", bool, "Lives in the council's area", True),
    _input("receives_qualifying_benefit", bool, "Gets a qualifying benefit", False),
    _input("receives_housing_support", bool, "Gets Housing Benefit or UC housing", False),
    _input("weekly_rent_shortfall", int, "Rent a week not covered, pence", 0),
    _input("rent_arrears", int, "Rent owed, pence", 0),
    _input("at_risk_of_eviction", bool, "The landlord has started eviction", False),
    _input("needs_bed", bool, "Needs a bed", False),
    _input("needs_cooker", bool, "Needs a cooker", False),
    _input("needs_fridge", bool, "Needs a fridge", False),
    _input("needs_washing_machine", bool, "Needs a washing machine", False),
    *(
        _input(
            f"earlier_award_age_{slot}",
            int,
            f"Age in days of earlier award {slot}",
            NO_EARLIER_AWARD_DAYS,
        )
        for slot in range(1, AWARD_SLOTS + 1)
    ),
]


class crisis_reason(Variable):
    value_type = Enum
    possible_values = CrisisReason
    default_value = CrisisReason.other
    entity = Household
    definition_period = DAY
    label = "The main reason help is needed"


class weekly_income_after_housing(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Household income a week after rent or mortgage, never below 0"

    def formula(household, period):
        income = household("weekly_income", period)
        housing = household("weekly_housing_costs", period)
        return max_(income - housing, 0)


class annual_income_after_housing(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Household income a year (52 weeks) after rent or mortgage"

    def formula(household, period):
        return household("weekly_income_after_housing", period) * 52


def _award_ages(household, period):
    return [household(f"earlier_award_age_{slot}", period) for slot in range(1, AWARD_SLOTS + 1)]


class awards_in_last_365_days(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = "Awards made in the 365 days before the application"

    def formula(household, period):
        return sum((age < 365).astype(int) for age in _award_ages(household, period))


class days_since_last_award(Variable):
    value_type = int
    entity = Household
    definition_period = DAY
    label = f"Days since the last award ({NO_EARLIER_AWARD_DAYS} if there has been none)"

    def formula(household, period):
        ages = _award_ages(household, period)
        youngest = ages[0]
        for age in ages[1:]:
            youngest = min_(youngest, age)
        return youngest


VARIABLES = [
    *INPUT_VARIABLES,
    crisis_reason,
    weekly_income_after_housing,
    annual_income_after_housing,
    awards_in_last_365_days,
    days_since_last_award,
]
