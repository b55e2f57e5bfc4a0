"""App configuration for fulfilment."""

from django.apps import AppConfig


class FulfilmentConfig(AppConfig):
    name = "onestop.fulfilment"
    label = "fulfilment"
    verbose_name = "Fulfilment"
