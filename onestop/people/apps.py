"""App configuration for people and households."""

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "onestop.people"
    label = "people"
    verbose_name = "People and households"
