"""Teams: creating one, putting staff in it, and choosing which team takes each scheme's cases."""

from django.db import transaction

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.roles import Capability
from onestop.councils.access import require_capability
from onestop.councils.models import Council, Membership, Team
from onestop.policy.models import Scheme

TEAM_NAME_MAX_LENGTH = Team._meta.get_field("name").max_length or 120


def _check_team(team: Team | None, council: Council) -> None:
    if team is not None and team.council_id != council.pk:
        raise ServiceError("Choose one of this council's teams.", field="team")


def team_create(*, membership: Membership, name: str) -> Team:
    council = membership.council
    require_capability(
        membership=membership,
        council=council,
        capability=Capability.ASSIGN_CASES,
        doing="manage teams",
    )
    name = " ".join(name.split())
    if not name:
        raise ServiceError("Enter a name for the team, like Crisis team.", field="name")
    if len(name) > TEAM_NAME_MAX_LENGTH:
        raise ServiceError(
            f"The team's name must be {TEAM_NAME_MAX_LENGTH} characters or fewer.", field="name"
        )
    with transaction.atomic():
        if Team.objects.filter(council=council, name__iexact=name).exists():
            raise ServiceError(
                f"There is already a team called {name}. Choose another name.", field="name"
            )
        team = Team.objects.create(council=council, name=name)
        audit_record(
            actor=membership.user,
            council=council,
            action="team.created",
            subject=team,
            summary=f"Team {name} set up",
        )
    return team


def team_member_set(*, membership: Membership, member: Membership, team: Team | None) -> Membership:
    """Put a member of staff in a team, or (no team) take them out of theirs."""
    council = membership.council
    require_capability(
        membership=membership,
        council=council,
        capability=Capability.ASSIGN_CASES,
        doing="manage teams",
    )
    if member.council_id != council.pk:
        raise ServiceError("Choose someone who works for this council.", field="person")
    _check_team(team, council)
    with transaction.atomic():
        locked = (
            Membership.objects.select_for_update(of=("self",))
            .select_related("team", "user")
            .get(pk=member.pk)
        )
        before = locked.team
        if (before.pk if before else None) == (team.pk if team else None):
            return locked
        locked.team = team
        locked.save(update_fields=["team", "updated_at"])
        name = locked.user.display_name
        if team is None:
            summary = f"{name} taken out of {before}"
        elif before is None:
            summary = f"{name} put in {team.name}"
        else:
            summary = f"{name} moved from {before.name} to {team.name}"
        audit_record(
            actor=membership.user,
            council=council,
            action="membership.team_changed",
            subject=locked,
            summary=summary,
            details={"from": before.pk if before else None, "to": team.pk if team else None},
        )
    return locked


def scheme_team_set(*, membership: Membership, scheme: Scheme, team: Team | None) -> Scheme:
    """Choose the team whose queue a scheme's new applications join.

    Applications already made stay where they are; a team leader moves them one by one.
    """
    council = membership.council
    require_capability(
        membership=membership,
        council=council,
        capability=Capability.ASSIGN_CASES,
        doing="manage teams",
    )
    if scheme.council_id != council.pk:
        raise ServiceError("Choose one of this council's schemes.", field="scheme")
    _check_team(team, council)
    with transaction.atomic():
        locked = (
            Scheme.objects.select_for_update(of=("self",)).select_related("team").get(pk=scheme.pk)
        )
        before = locked.team
        if (before.pk if before else None) == (team.pk if team else None):
            return locked
        locked.team = team
        locked.save(update_fields=["team", "updated_at"])
        audit_record(
            actor=membership.user,
            council=council,
            action="scheme.team_changed",
            subject=locked,
            summary=(
                f"New {locked.name} applications go to {team.name}"
                if team
                else f"New {locked.name} applications go to no particular team"
            ),
            details={"from": before.pk if before else None, "to": team.pk if team else None},
        )
    return locked
