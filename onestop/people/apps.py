"""App configuration for people and households."""

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "onestop.people"
    label = "people"
    verbose_name = "People and households"

    def ready(self) -> None:
        # The case page shows the flags about its people without casework importing people's
        # flag pages: see core/case_panels.py.
        from onestop.core.case_panels import case_panel_register
        from onestop.people.duplicates.selectors import case_match_flags

        case_panel_register(
            heading="Possible duplicates and signals",
            template="people/flags/_case_panel.html",
            context=lambda application: {"match_flags": case_match_flags(application=application)},
        )
