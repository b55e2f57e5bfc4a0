"""Who holds a case: taking one from the queue, assigning, reassigning in bulk, moving teams.

Only people who can decide (decision makers and team leaders) may hold a case, and only open
cases move: a case already awarded or refused is left alone and reported as skipped. Every
change writes one audit row per case, with the case reference, so it shows on the timeline.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from onestop.casework.selectors.queues import OPEN_STATUSES
from onestop.core.audit import audit_record
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.roles import Capability, role_can
from onestop.councils.access import require_capability
from onestop.councils.models import Membership, Team, User
from onestop.intake.models import Application


def _open_case_locked(application: Application) -> Application:
    """The case's row, locked so that two people changing who holds it cannot both win."""
    locked = (
        Application.objects.select_for_update(of=("self",))
        .select_related("assigned_to", "team")
        .get(pk=application.pk)
    )
    if locked.status not in OPEN_STATUSES:
        raise ServiceError(
            f"{locked.reference} has already been decided, so nobody needs to hold it."
        )
    return locked


def _check_can_hold(*, assignee: Membership, application: Application) -> None:
    if assignee.council_id != application.council_id:
        raise ServiceError(
            f"{assignee.user.display_name} does not work for this council. Choose someone who does.",
            field="assignee",
        )
    if not role_can(assignee.role, Capability.DECIDE) or not assignee.user.is_active:
        raise ServiceError(
            f"{assignee.user.display_name} is a {assignee.get_role_display().lower()} and cannot "
            "decide applications. Choose a decision maker or team leader.",
            field="assignee",
        )


def _hold(case: Application, holder: User | None) -> None:
    case.assigned_to = holder
    case.assigned_at = timezone.now() if holder is not None else None
    case.save(update_fields=["assigned_to", "assigned_at", "updated_at"])


def case_take(*, membership: Membership, application: Application) -> Application:
    """A decision maker takes an unassigned case from the queue for themselves."""
    require_capability(
        membership=membership,
        council=application.council,
        capability=Capability.DECIDE,
        doing="take cases",
    )
    with transaction.atomic():
        case = _open_case_locked(application)
        if case.assigned_to_id == membership.user_id:
            return case
        if case.assigned_to is not None:
            raise ServiceError(
                f"{case.assigned_to.display_name} already holds {case.reference}. "
                "Ask a team leader if it should come to you."
            )
        _hold(case, membership.user)
        audit_record(
            actor=membership.user,
            council=case.council,
            action="case.taken",
            subject=case,
            case_reference=case.reference,
            summary=f"Taken from the queue by {membership.user.display_name}",
        )
    return case


def case_assign(
    *,
    membership: Membership,
    application: Application,
    assignee: Membership | None,
    reason: str = "",
) -> Application:
    """A team leader gives a case to someone who can decide it, or, with no assignee, to nobody."""
    require_capability(
        membership=membership,
        council=application.council,
        capability=Capability.ASSIGN_CASES,
        doing="assign cases",
    )
    if assignee is not None:
        _check_can_hold(assignee=assignee, application=application)
    holder = assignee.user if assignee is not None else None
    with transaction.atomic():
        case = _open_case_locked(application)
        if case.assigned_to_id == (holder.pk if holder else None):
            return case
        before = case.assigned_to
        _hold(case, holder)
        if holder is None:
            summary = f"Returned to the queue from {before.display_name if before else 'nobody'}"
        elif before is None:
            summary = f"Assigned to {holder.display_name}"
        else:
            summary = f"Reassigned from {before.display_name} to {holder.display_name}"
        audit_record(
            actor=membership.user,
            council=case.council,
            action="case.assigned" if holder else "case.unassigned",
            subject=case,
            case_reference=case.reference,
            summary=summary,
            reason=reason.strip(),
            details={"from": before.pk if before else None, "to": holder.pk if holder else None},
        )
    return case


@dataclass(frozen=True)
class Reassignment:
    """What a bulk reassignment did: the cases moved, and each skipped case with why."""

    to: User
    moved: list[str] = field(default_factory=list)
    skipped: dict[str, str] = field(default_factory=dict)

    def summary(self) -> str:
        moved = len(self.moved)
        text = f"{moved} case{'' if moved == 1 else 's'} moved to {self.to.display_name}."
        if self.skipped:
            count = len(self.skipped)
            reasons = "; ".join(f"{ref} {why}" for ref, why in self.skipped.items())
            text += f" {count} skipped: {reasons}."
        return text


def cases_reassign(
    *,
    membership: Membership,
    applications: Sequence[Application],
    assignee: Membership,
    reason: str = "",
) -> Reassignment:
    """Give several cases to one person, in one transaction; decided cases are skipped."""
    if not applications:
        raise ServiceError("Select the cases to reassign.", field="cases")
    for application in applications:
        require_capability(
            membership=membership,
            council=application.council,
            capability=Capability.ASSIGN_CASES,
            doing="assign cases",
        )
        _check_can_hold(assignee=assignee, application=application)
    holder = assignee.user
    result = Reassignment(to=holder)
    with transaction.atomic():
        # Locked in a fixed order, so two bulk moves over the same cases cannot deadlock.
        cases = (
            Application.objects.select_for_update(of=("self",))
            .select_related("assigned_to")
            .filter(pk__in=[a.pk for a in applications])
            .order_by("pk")
        )
        for case in cases:
            if case.status not in OPEN_STATUSES:
                result.skipped[case.reference] = "has already been decided"
                continue
            if case.assigned_to_id == holder.pk:
                result.skipped[case.reference] = f"is already with {holder.display_name}"
                continue
            before = case.assigned_to
            _hold(case, holder)
            audit_record(
                actor=membership.user,
                council=case.council,
                action="case.assigned",
                subject=case,
                case_reference=case.reference,
                summary=(
                    f"Reassigned from {before.display_name} to {holder.display_name}"
                    if before
                    else f"Assigned to {holder.display_name}"
                ),
                reason=reason.strip(),
                details={"from": before.pk if before else None, "to": holder.pk, "bulk": True},
            )
            result.moved.append(case.reference)
    return result


def cases_reassign_all(
    *, membership: Membership, holder: Membership, assignee: Membership, reason: str = ""
) -> Reassignment:
    """Move every open case one person holds to another, for example when they are off sick."""
    if holder.council_id != membership.council_id:
        raise NotPermitted("You do not have permission to assign cases for this council.")
    if holder.pk == assignee.pk:
        raise ServiceError("Choose a different person to give the cases to.", field="assignee")
    held = list(
        Application.objects.filter(
            council_id=membership.council_id, assigned_to=holder.user, status__in=OPEN_STATUSES
        )
    )
    if not held:
        raise ServiceError(
            f"{holder.user.display_name} holds no open cases, so there is nothing to move.",
            field="holder",
        )
    return cases_reassign(
        membership=membership, applications=held, assignee=assignee, reason=reason
    )


def _team_name(team: Team | None) -> str:
    return team.name if team is not None else "no team"


def case_team_move(
    *, membership: Membership, application: Application, team: Team | None, reason: str
) -> Application:
    """Move a case to another team's queue, saying why.

    Whoever holds it keeps it only if they are in the new team; otherwise it waits, unassigned,
    in that team's queue.
    """
    require_capability(
        membership=membership,
        council=application.council,
        capability=Capability.ASSIGN_CASES,
        doing="move cases between teams",
    )
    if team is not None and team.council_id != application.council_id:
        raise ServiceError("Choose one of this council's teams.", field="team")
    reason = reason.strip()
    if not reason:
        raise ServiceError("Enter why the case is moving to another team.", field="reason")
    with transaction.atomic():
        case = _open_case_locked(application)
        if case.team_id == (team.pk if team else None):
            raise ServiceError(
                f"{case.reference} is already with {_team_name(team)}. Choose another team.",
                field="team",
            )
        before = case.team
        case.team = team
        case.save(update_fields=["team", "updated_at"])
        holder = case.assigned_to
        holder_stays = (
            holder is not None
            and team is not None
            and Membership.objects.filter(
                council_id=case.council_id, user=holder, team=team
            ).exists()
        )
        summary = f"Moved from {_team_name(before)} to {_team_name(team)}"
        if holder is not None and not holder_stays:
            _hold(case, None)
            summary += f"; {holder.display_name} no longer holds it"
        audit_record(
            actor=membership.user,
            council=case.council,
            action="case.team_changed",
            subject=case,
            case_reference=case.reference,
            summary=summary[:300],
            reason=reason,
            details={"from": before.pk if before else None, "to": team.pk if team else None},
        )
    return case
