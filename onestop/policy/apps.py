"""App configuration for schemes and policy."""

from django.apps import AppConfig


class PolicyConfig(AppConfig):
    name = "onestop.policy"
    label = "policy"
    verbose_name = "Schemes and policy"
