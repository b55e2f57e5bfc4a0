"""Team pages for team leaders: the council's teams, a new team, who is in which, and scheme teams."""

from collections.abc import Callable

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from onestop.casework.forms.queues import CouncilChoices
from onestop.casework.forms.teams import SchemeTeamForm, TeamCreateForm, TeamMemberForm
from onestop.casework.selectors.teams import teams_summary
from onestop.casework.services.teams import scheme_team_set, team_create, team_member_set
from onestop.casework.views.queues import posted
from onestop.core.errors import ServiceError
from onestop.core.forms import GovukForm, error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page


@staff_page(Capability.ASSIGN_CASES)
def teams(request: HttpRequest, staff: Staff) -> HttpResponse:
    return render(
        request,
        "casework/teams.html",
        {
            "staff": staff,
            "summary": teams_summary(council=staff.council),
            "active": "team",
            "title": "Teams",
        },
    )


def _form_page(
    request: HttpRequest,
    staff: Staff,
    form: GovukForm,
    *,
    template: str,
    title: str,
    save: Callable[[], str],
) -> HttpResponse:
    """Show the form; on a good POST, save it and go back to the teams page saying what changed."""
    if request.method == "POST" and form.is_valid():
        try:
            done = save()
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, done)
            return redirect("casework:teams", council_slug=staff.council.slug)
    return render(
        request,
        template,
        {
            "staff": staff,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "team",
            "title": title,
        },
    )


@staff_page(Capability.ASSIGN_CASES)
def team_new(request: HttpRequest, staff: Staff) -> HttpResponse:
    form = TeamCreateForm(posted(request))

    def save() -> str:
        team = team_create(membership=staff.membership, name=form.cleaned_data["name"])
        return f"{team.name} set up. Now put people in it and choose the schemes it takes."

    return _form_page(
        request, staff, form, template="casework/teams_new.html", title="Set up a team", save=save
    )


@staff_page(Capability.ASSIGN_CASES)
def team_member(request: HttpRequest, staff: Staff) -> HttpResponse:
    form = TeamMemberForm(
        posted(request),
        initial={"person": request.GET.get("person", "")},
        council=staff.council,
        choices=CouncilChoices(staff.council),
    )

    def save() -> str:
        team = form.chosen_team()
        member = team_member_set(membership=staff.membership, member=form.member(), team=team)
        name = member.user.display_name
        return f"{name} is now in {team.name}." if team else f"{name} is not in a team now."

    return _form_page(
        request,
        staff,
        form,
        template="casework/teams_person.html",
        title="Put someone in a team",
        save=save,
    )


@staff_page(Capability.ASSIGN_CASES)
def scheme_team(request: HttpRequest, staff: Staff) -> HttpResponse:
    form = SchemeTeamForm(
        posted(request),
        initial={"scheme": request.GET.get("scheme", "")},
        choices=CouncilChoices(staff.council),
    )

    def save() -> str:
        team = form.chosen_team()
        scheme = scheme_team_set(
            membership=staff.membership, scheme=form.chosen_scheme(), team=team
        )
        where = team.name if team else "no particular team"
        return f"New {scheme.name} applications now go to {where}."

    return _form_page(
        request,
        staff,
        form,
        template="casework/teams_scheme.html",
        title="Choose the team for a scheme",
        save=save,
    )
