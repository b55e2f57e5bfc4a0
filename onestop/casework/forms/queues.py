"""Forms for work queues: the queue's filters, and giving cases to people singly or in bulk."""

from typing import Any

from django import forms
from django.http import QueryDict

from onestop.casework.selectors.queues import (
    OPEN_STATUSES,
    QueueFilter,
    cases_by_reference,
    council_schemes,
    council_teams,
    people_holding_or_deciding,
    people_who_decide,
)
from onestop.core.forms import GovukForm
from onestop.councils.models import Council, Membership, Team, User
from onestop.intake.models import Application, ApplicationStatus

ALL = "all"
NO_TEAM = "none"
ANYONE = "anyone"
ME = "me"
UNASSIGNED = "unassigned"
OPEN = "open"
NOBODY = "nobody"
MAX_SELECTED_CASES = 500


def set_choices(form: forms.Form, name: str, choices: list[tuple[str, str]]) -> None:
    """Give a choice field the options it offers, built from the council's own records."""
    field = form.fields[name]
    assert isinstance(field, forms.ChoiceField)
    field.choices = choices


def _team_choices(teams: dict[str, Team]) -> list[tuple[str, str]]:
    return [(pk, team.name) for pk, team in teams.items()]


def _people_choices(people: dict[str, Membership]) -> list[tuple[str, str]]:
    return [(pk, m.user.display_name) for pk, m in people.items()]


class CouncilChoices:
    """The council's schemes, teams and people who decide, keyed by the value a form sends."""

    def __init__(self, council: Council) -> None:
        self.schemes = {str(s.pk): s for s in council_schemes(council=council)}
        self.teams = {str(t.pk): t for t in council_teams(council=council)}
        self.deciders = {str(m.user_id): m for m in people_who_decide(council=council)}


class QueueFilterForm(GovukForm):
    """The work queue's filters, sent in the address (a GET form) so a filtered queue can be shared.

    A filter missing from the address takes its default: my team if I have one, everyone's
    cases, awaiting a decision.
    """

    scheme = forms.ChoiceField(error_messages={"invalid_choice": "Choose a scheme from the list"})
    team = forms.ChoiceField(error_messages={"invalid_choice": "Choose a team from the list"})
    assigned = forms.ChoiceField(
        error_messages={"invalid_choice": "Choose whose cases to show from the list"}
    )
    status = forms.ChoiceField(
        choices=[
            (ApplicationStatus.AWAITING_DECISION.value, "Awaiting decision"),
            (ApplicationStatus.WAITING_FOR_INFORMATION.value, "Waiting for information"),
            (ApplicationStatus.AWAITING_APPROVAL.value, "Awaiting approval"),
            (OPEN, "All open cases"),
        ],
        error_messages={"invalid_choice": "Choose a status from the list"},
    )

    def __init__(
        self, query: QueryDict, *, membership: Membership, choices: CouncilChoices
    ) -> None:
        self.me = membership.user
        self.choices = choices
        my_team = str(membership.team_id) if membership.team_id else ALL
        defaults = {
            "scheme": ALL,
            "team": my_team if my_team in choices.teams else ALL,
            "assigned": ANYONE,
            "status": ApplicationStatus.AWAITING_DECISION.value,
        }
        data = {name: query.get(name) or default for name, default in defaults.items()}
        super().__init__(data)
        self.defaults = defaults
        set_choices(
            self,
            "scheme",
            [(ALL, "All schemes")] + [(pk, scheme.name) for pk, scheme in choices.schemes.items()],
        )
        set_choices(
            self,
            "team",
            [
                (ALL, "All teams"),
                *_team_choices(choices.teams),
                (NO_TEAM, "No team"),
            ],
        )
        set_choices(
            self,
            "assigned",
            [
                (ANYONE, "Everyone"),
                (ME, "Assigned to me"),
                (UNASSIGNED, "Not assigned to anyone"),
                *_people_choices(choices.deciders),
            ],
        )

    def _value(self, name: str) -> str:
        """The chosen value, or the default where the address held something not on the list."""
        self.is_valid()  # cleans every field; the valid ones are in cleaned_data
        return str(self.cleaned_data.get(name, self.defaults[name]))

    def filters(self) -> QueueFilter:
        scheme, team = self._value("scheme"), self._value("team")
        assigned, status = self._value("assigned"), self._value("status")
        holder: User | None = None
        if assigned == ME:
            holder = self.me
        elif assigned in self.choices.deciders:
            holder = self.choices.deciders[assigned].user
        return QueueFilter(
            scheme=self.choices.schemes.get(scheme),
            team=self.choices.teams.get(team),
            without_team=team == NO_TEAM,
            holder=holder,
            unassigned=assigned == UNASSIGNED,
            statuses=OPEN_STATUSES if status == OPEN else (status,),
        )


class ReferencesField(forms.Field):
    """The references of the cases ticked in the queue's table."""

    widget = forms.MultipleHiddenInput

    def to_python(self, value: Any) -> list[str]:
        return [str(v).strip().upper() for v in value or [] if str(v).strip()]


class BulkReassignForm(GovukForm):
    cases = ReferencesField(error_messages={"required": "Select the cases to reassign"})
    assignee = forms.ChoiceField(
        error_messages={
            "required": "Choose who should hold the selected cases",
            "invalid_choice": "Choose a decision maker or team leader from the list",
        }
    )

    def __init__(self, *args: Any, council: Council, choices: CouncilChoices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.council = council
        self.choices = choices
        set_choices(self, "assignee", _people_choices(choices.deciders))

    def clean_cases(self) -> list[Application]:
        references: list[str] = self.cleaned_data["cases"]
        if len(references) > MAX_SELECTED_CASES:
            raise forms.ValidationError(f"Select {MAX_SELECTED_CASES} cases or fewer at a time")
        found = cases_by_reference(council=self.council, references=references)
        if len(found) != len(set(references)):
            raise forms.ValidationError(
                "Some of the cases you selected could not be found. Reload the queue and select them again"
            )
        return found

    def assignee_membership(self) -> Membership:
        return self.choices.deciders[self.cleaned_data["assignee"]]


class ReassignAllForm(GovukForm):
    """Move everything one person holds to another, for example when they are off sick."""

    holder = forms.ChoiceField(
        error_messages={
            "required": "Choose whose cases to move",
            "invalid_choice": "Choose whose cases to move from the list",
        }
    )
    assignee = forms.ChoiceField(
        error_messages={
            "required": "Choose who should hold the cases",
            "invalid_choice": "Choose a decision maker or team leader from the list",
        }
    )
    reason = forms.CharField(
        required=False,
        max_length=500,
        error_messages={"max_length": "The reason must be 500 characters or fewer"},
    )

    def __init__(self, *args: Any, council: Council, choices: CouncilChoices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.choices = choices
        self.holders = {str(m.user_id): m for m in people_holding_or_deciding(council=council)}
        set_choices(self, "holder", _people_choices(self.holders))
        set_choices(self, "assignee", _people_choices(choices.deciders))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("holder") and data.get("holder") == data.get("assignee"):
            self.add_error(
                "assignee", "Choose someone other than the person whose cases you are moving"
            )
        return data

    def memberships(self) -> tuple[Membership, Membership]:
        data = self.cleaned_data
        return self.holders[data["holder"]], self.choices.deciders[data["assignee"]]


class CaseAssignForm(GovukForm):
    """Give one case to someone, or back to the queue."""

    assignee = forms.ChoiceField(
        error_messages={
            "required": "Choose who should hold this case",
            "invalid_choice": "Choose a decision maker or team leader from the list",
        }
    )
    reason = forms.CharField(
        required=False,
        max_length=500,
        widget=forms.Textarea,
        error_messages={"max_length": "The reason must be 500 characters or fewer"},
    )

    def __init__(self, *args: Any, choices: CouncilChoices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.choices = choices
        set_choices(
            self,
            "assignee",
            [
                *_people_choices(choices.deciders),
                (NOBODY, "Nobody: return it to the queue"),
            ],
        )

    def assignee_membership(self) -> Membership | None:
        return self.choices.deciders.get(self.cleaned_data["assignee"])


class CaseTeamForm(GovukForm):
    """Move one case to another team's queue, saying why."""

    team = forms.ChoiceField(
        error_messages={
            "required": "Choose the team to move the case to",
            "invalid_choice": "Choose a team from the list",
        }
    )
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why the case is moving to another team",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )

    def __init__(self, *args: Any, choices: CouncilChoices, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.choices = choices
        set_choices(self, "team", [*_team_choices(choices.teams), (NO_TEAM, "No team")])

    def chosen_team(self) -> Team | None:
        return self.choices.teams.get(self.cleaned_data["team"])


class TeamChoiceForm(GovukForm):
    """Which team the team leader's view shows: my team by default, or every team."""

    team = forms.ChoiceField(error_messages={"invalid_choice": "Choose a team from the list"})

    def __init__(self, query: QueryDict, *, membership: Membership, choices: CouncilChoices):
        my_team = str(membership.team_id) if membership.team_id else ALL
        self.default = my_team if my_team in choices.teams else ALL
        super().__init__({"team": query.get("team") or self.default})
        self.choices = choices
        set_choices(self, "team", [(ALL, "All teams"), *_team_choices(choices.teams)])

    def chosen_team(self) -> Team | None:
        value = self.cleaned_data["team"] if self.is_valid() else self.default
        return self.choices.teams.get(value)
