"""Which of the department's spend types an award counts under, from its application.

This is the mapping a finance officer reviews before signing off: each rule has a comment
saying why. The first rule that fits the application decides; every award gets exactly one
spend type. Change a rule here, and the next return built uses it (docs/returns.md).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db import models

from onestop.policy.vocabulary import CrisisReason


class SpendType(models.TextChoices):
    """The department's spend types, in the order its return lists them."""

    FOOD = "food", "Food"
    ENERGY_AND_WATER = "energy_and_water", "Energy and water"
    ESSENTIALS_LINKED_TO_ENERGY_AND_WATER = (
        "essentials_energy_water",
        "Essentials linked to energy and water",
    )
    WIDER_ESSENTIALS = "wider_essentials", "Wider essentials"
    HOUSING_COSTS = "housing_costs", "Housing costs"
    ADVICE = "advice", "Advice"


# What the rules read from an application: its crisis reason and the items it asked for.
APPLICATION_FIELDS = (
    "crisis_reason",
    "needs_bed",
    "needs_cooker",
    "needs_fridge",
    "needs_washing_machine",
)


@dataclass(frozen=True)
class Rule:
    spend_type: SpendType
    applies: Callable[[dict[str, Any]], bool]


def _reason(*reasons: CrisisReason) -> Callable[[dict[str, Any]], bool]:
    return lambda application: application["crisis_reason"] in reasons


def _white_goods(application: dict[str, Any]) -> bool:
    return bool(
        application["needs_cooker"]
        or application["needs_fridge"]
        or application["needs_washing_machine"]
    )


RULES: tuple[Rule, ...] = (
    # Rent the household cannot pay, or an eviction to stop: the money goes on housing, even
    # when items were asked for too (the housing payment is the award).
    Rule(
        SpendType.HOUSING_COSTS,
        _reason(CrisisReason.RENT_SHORTFALL, CrisisReason.THREAT_OF_EVICTION),
    ),
    # A cooker, fridge or washing machine: appliances that run on energy and water are the
    # department's "essentials linked to energy and water", whatever the crisis was.
    Rule(SpendType.ESSENTIALS_LINKED_TO_ENERGY_AND_WATER, _white_goods),
    # A bed (and no appliance): other household items are "wider essentials".
    Rule(SpendType.WIDER_ESSENTIALS, lambda application: bool(application["needs_bed"])),
    # No money for food: food.
    Rule(SpendType.FOOD, _reason(CrisisReason.NO_MONEY_FOR_FOOD)),
    # No money for gas or electricity: energy (and water) bills and top-ups.
    Rule(SpendType.ENERGY_AND_WATER, _reason(CrisisReason.NO_MONEY_FOR_FUEL)),
    # Everything else a crisis payment covers (a sudden loss of income, fire or flood, fleeing
    # abuse, leaving care, prison or hospital, setting up home, staying in the community,
    # something else) pays for general living essentials: "wider essentials", the
    # department's category for essentials not named above.
    Rule(
        SpendType.WIDER_ESSENTIALS,
        _reason(
            CrisisReason.LOSS_OF_INCOME,
            CrisisReason.FIRE_OR_FLOOD,
            CrisisReason.DOMESTIC_ABUSE,
            CrisisReason.LEAVING_CARE_PRISON_HOSPITAL,
            CrisisReason.SETTING_UP_HOME,
            CrisisReason.STAY_IN_COMMUNITY,
            CrisisReason.OTHER,
        ),
    ),
)

# Advice: money the council spends on advice services, not awards to households. No award
# counts as advice-only today (every award pays money or goods), so the advice rows of the
# return are always zero; they stay in it because the department's layout has them.


def spend_type_of(application: dict[str, Any]) -> SpendType:
    """The spend type of an award made on this application (a dict of APPLICATION_FIELDS).

    An application whose crisis reason no rule names (a reason added later) counts as wider
    essentials until a rule is written for it.
    """
    for rule in RULES:
        if rule.applies(application):
            return rule.spend_type
    return SpendType.WIDER_ESSENTIALS
