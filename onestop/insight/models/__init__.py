"""Insight's models: the daily facts the dashboards, returns and public page read."""

from onestop.insight.models.facts import DailyFact, FactBuild, FactMeasure, HouseholdType

__all__ = ["DailyFact", "FactBuild", "FactMeasure", "HouseholdType"]
