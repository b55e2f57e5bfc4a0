"""Insight's models: the daily facts the dashboards, returns and public page read."""

from onestop.insight.models.facts import DailyFact, FactBuild, FactMeasure, HouseholdType
from onestop.insight.models.returns import ReturnSignOff

__all__ = ["DailyFact", "FactBuild", "FactMeasure", "HouseholdType", "ReturnSignOff"]
