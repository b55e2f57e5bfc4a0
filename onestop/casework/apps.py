"""App configuration for casework."""

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "onestop.casework"
    label = "casework"
    verbose_name = "Casework"
