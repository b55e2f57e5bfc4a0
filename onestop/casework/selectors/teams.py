"""Reads about a council's teams: who is in each, and which schemes' applications each takes."""

from dataclasses import dataclass

from onestop.casework.selectors.queues import council_schemes, council_teams
from onestop.councils.models import Council, Membership, Team
from onestop.councils.selectors import council_staff
from onestop.policy.models import Scheme


@dataclass(frozen=True)
class TeamSummary:
    team: Team | None  # None: the staff and schemes in no team
    people: list[Membership]
    schemes: list[Scheme]


def teams_summary(*, council: Council) -> list[TeamSummary]:
    """Each team with its people and schemes, by name, then whoever and whatever is in none."""
    staff = list(council_staff(council=council))
    schemes = list(council_schemes(council=council))
    teams: list[Team | None] = [*council_teams(council=council), None]
    return [
        TeamSummary(
            team=team,
            people=[m for m in staff if m.team_id == (team.pk if team else None)],
            schemes=[s for s in schemes if s.team_id == (team.pk if team else None)],
        )
        for team in teams
    ]
