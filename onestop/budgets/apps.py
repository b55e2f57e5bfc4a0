"""App configuration for budgets."""

from django.apps import AppConfig


class BudgetsConfig(AppConfig):
    name = "onestop.budgets"
    label = "budgets"
    verbose_name = "Budgets"
