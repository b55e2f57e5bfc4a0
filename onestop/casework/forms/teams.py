"""Forms for managing teams: a new team, a person's team, and the team for each scheme."""

from typing import Any

from django import forms

from onestop.casework.forms.queues import NO_TEAM, CouncilChoices, set_choices
from onestop.casework.services.teams import TEAM_NAME_MAX_LENGTH
from onestop.core.forms import GovukForm
from onestop.councils.models import Council, Membership, Team
from onestop.councils.selectors import council_staff
from onestop.policy.models import Scheme


def _team_field(required_message: str) -> forms.ChoiceField:
    return forms.ChoiceField(
        error_messages={
            "required": required_message,
            "invalid_choice": "Choose a team from the list",
        }
    )


class _TeamChoice(GovukForm):
    team = _team_field("Choose a team")

    def __init__(self, *args: Any, choices: CouncilChoices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.choices = choices
        set_choices(
            self,
            "team",
            [
                *((pk, team.name) for pk, team in choices.teams.items()),
                (NO_TEAM, "No team"),
            ],
        )

    def chosen_team(self) -> Team | None:
        return self.choices.teams.get(self.cleaned_data["team"])


class TeamCreateForm(GovukForm):
    name = forms.CharField(
        max_length=TEAM_NAME_MAX_LENGTH,
        error_messages={
            "required": "Enter a name for the team, like Crisis team",
            "max_length": f"The team's name must be {TEAM_NAME_MAX_LENGTH} characters or fewer",
        },
    )


class TeamMemberForm(_TeamChoice):
    """Put one member of the council's staff in a team."""

    person = forms.ChoiceField(
        error_messages={
            "required": "Choose the person to put in a team",
            "invalid_choice": "Choose a person from the list",
        }
    )
    field_order = ["person", "team"]

    def __init__(self, *args: Any, council: Council, choices: CouncilChoices, **kwargs: Any):
        super().__init__(*args, choices=choices, **kwargs)
        self.fields["team"].error_messages["required"] = "Choose the team to put them in"
        self.staff = {str(m.pk): m for m in council_staff(council=council)}
        set_choices(
            self,
            "person",
            [
                (pk, f"{m.user.display_name} ({m.get_role_display().lower()})")
                for pk, m in self.staff.items()
            ],
        )

    def member(self) -> Membership:
        return self.staff[self.cleaned_data["person"]]


class SchemeTeamForm(_TeamChoice):
    """Choose the team that takes one scheme's new applications."""

    scheme = forms.ChoiceField(
        error_messages={
            "required": "Choose the scheme",
            "invalid_choice": "Choose a scheme from the list",
        }
    )
    field_order = ["scheme", "team"]

    def __init__(self, *args: Any, choices: CouncilChoices, **kwargs: Any):
        super().__init__(*args, choices=choices, **kwargs)
        self.fields["team"].error_messages["required"] = (
            "Choose the team that takes its applications"
        )
        set_choices(self, "scheme", [(pk, scheme.name) for pk, scheme in choices.schemes.items()])

    def chosen_scheme(self) -> Scheme:
        return self.choices.schemes[self.cleaned_data["scheme"]]
