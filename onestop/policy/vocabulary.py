"""The words policies and applications share: crisis reasons, outcomes and priority levels.

Policy files refer to crisis reasons by these codes (for example `crisis_reason == "other"`).
"""

from enum import StrEnum

from django.db import models


class CrisisReason(models.TextChoices):
    NO_MONEY_FOR_FOOD = "no_money_for_food", "No money for food"
    NO_MONEY_FOR_FUEL = "no_money_for_fuel", "No money for gas or electricity"
    LOSS_OF_INCOME = "loss_of_income", "Sudden loss of income"
    FIRE_OR_FLOOD = "fire_or_flood", "Fire or flood"
    DOMESTIC_ABUSE = "domestic_abuse", "Fleeing domestic abuse"
    LEAVING_CARE_PRISON_HOSPITAL = "leaving_institution", "Leaving care, prison or hospital"
    SETTING_UP_HOME = "setting_up_home", "Setting up home after being homeless"
    STAY_IN_COMMUNITY = "stay_in_community", "Needs items to keep living at home"
    RENT_SHORTFALL = "rent_shortfall", "Cannot pay the rent"
    THREAT_OF_EVICTION = "threat_of_eviction", "Facing eviction"
    OTHER = "other", "Something else"


class Outcome(StrEnum):
    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not_eligible"
    NEEDS_DECISION_MAKER = "needs_decision_maker"


class Priority(models.TextChoices):
    HIGH = "high", "High"
    MEDIUM = "medium", "Medium"
    LOW = "low", "Low"
