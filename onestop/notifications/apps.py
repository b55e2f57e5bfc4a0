"""App configuration for notifications."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "onestop.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from onestop.notifications import checks  # noqa: F401 - registers the check
