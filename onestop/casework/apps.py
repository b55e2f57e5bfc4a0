"""App configuration for casework."""

from django.apps import AppConfig


class CaseworkConfig(AppConfig):
    name = "onestop.casework"
    label = "casework"
    verbose_name = "Casework"

    def ready(self) -> None:
        from onestop.casework.tasks import on_application_assessed
        from onestop.intake.signals import application_assessed

        application_assessed.connect(on_application_assessed, dispatch_uid="casework.auto_decide")
