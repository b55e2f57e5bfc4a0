"""App configuration for applications."""

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "onestop.intake"
    label = "intake"
    verbose_name = "Applications"
