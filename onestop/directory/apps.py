"""Django's record of the directory app."""

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "onestop.directory"
    default_auto_field = "django.db.models.BigAutoField"
