"""Django's record of the directory app."""

from django.apps import AppConfig


class DirectoryConfig(AppConfig):
    name = "onestop.directory"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from onestop.directory.referral_services import (
            on_application_assessed,
            on_application_decided,
        )
        from onestop.intake.signals import application_assessed, application_decided_signal

        application_assessed.connect(
            on_application_assessed, dispatch_uid="directory.referral_from_partner"
        )
        application_decided_signal.connect(
            on_application_decided, dispatch_uid="directory.referral_outcome_to_partner"
        )
        from onestop.core.case_panels import case_panel_register
        from onestop.directory.referral_views import case_referrals

        case_panel_register(
            heading="Referrals",
            template="directory/referrals/_case_list.html",
            context=lambda application: {"referrals": case_referrals(application=application)},
        )
