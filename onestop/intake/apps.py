"""App configuration for applications."""

from django.apps import AppConfig


class IntakeConfig(AppConfig):
    name = "onestop.intake"
    label = "intake"
    verbose_name = "Applications"

    def ready(self) -> None:
        # People's "many applications from one address" signal counts intake's applications.
        from onestop.intake.selectors import applications_at_households
        from onestop.people.duplicates.registry import applications_counter_register

        applications_counter_register(applications_at_households)
