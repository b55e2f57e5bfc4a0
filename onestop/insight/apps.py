"""Django's record of the insight app."""

from django.apps import AppConfig


class InsightConfig(AppConfig):
    name = "onestop.insight"
    default_auto_field = "django.db.models.BigAutoField"
