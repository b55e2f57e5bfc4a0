"""App configuration for councils and staff."""

from django.apps import AppConfig


class CouncilsConfig(AppConfig):
    name = "onestop.councils"
    label = "councils"
    verbose_name = "Councils and staff"
