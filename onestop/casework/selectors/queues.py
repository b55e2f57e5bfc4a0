"""Reads for work queues and the team leader's view: what is open, who holds it, what is late."""

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, IntegerField, Min, Q, QuerySet, Value, When

from onestop.casework.selectors.cases import DeadlineStatus, deadline_status, due_soon_until
from onestop.core.roles import Capability, Role, role_can
from onestop.councils.models import Council, Membership, Team, User
from onestop.intake.models import Application, ApplicationStatus
from onestop.policy.models import Scheme
from onestop.policy.vocabulary import Priority

# A case is open, and can be held by someone, until it is awarded or refused.
OPEN_STATUSES = (
    ApplicationStatus.AWAITING_DECISION,
    ApplicationStatus.WAITING_FOR_INFORMATION,
    ApplicationStatus.AWAITING_APPROVAL,
)
DECIDING_ROLES = tuple(role for role in Role if role_can(role, Capability.DECIDE))
QUEUE_PAGE_SIZE = 200


@dataclass(frozen=True)
class QueueFilter:
    """Which cases a queue shows. Each field left empty puts no limit on the queue."""

    scheme: Scheme | None = None
    team: Team | None = None
    without_team: bool = False
    holder: User | None = None
    unassigned: bool = False
    statuses: tuple[str, ...] = (ApplicationStatus.AWAITING_DECISION,)


def work_queue(*, council: Council, filters: QueueFilter | None = None) -> QuerySet[Application]:
    """Cases in the queue: highest priority first, then the earliest deadline, then the oldest."""
    filters = filters or QueueFilter()
    cases = Application.objects.select_related("scheme", "applicant", "team", "assigned_to").filter(
        council=council, status__in=filters.statuses
    )
    if filters.scheme is not None:
        cases = cases.filter(scheme=filters.scheme)
    if filters.team is not None:
        cases = cases.filter(team=filters.team)
    elif filters.without_team:
        cases = cases.filter(team__isnull=True)
    if filters.holder is not None:
        cases = cases.filter(assigned_to=filters.holder)
    elif filters.unassigned:
        cases = cases.filter(assigned_to__isnull=True)
    priority_rank = Case(
        When(priority=Priority.HIGH, then=Value(0)),
        When(priority=Priority.MEDIUM, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return cases.annotate(priority_rank=priority_rank).order_by(
        "priority_rank", "decision_due", "submitted_at", "id"
    )


@dataclass(frozen=True)
class QueuePage:
    """The most urgent cases of a queue, each with its deadline's colour, and how many in all."""

    rows: list[tuple[Application, DeadlineStatus]]
    total: int


def work_queue_page(
    *, council: Council, filters: QueueFilter, today: datetime.date, limit: int = QUEUE_PAGE_SIZE
) -> QueuePage:
    cases = work_queue(council=council, filters=filters)
    region = council.bank_holiday_region
    rows = [
        (case, deadline_status(due=case.decision_due, today=today, region=region))
        for case in cases[:limit]
    ]
    return QueuePage(rows=rows, total=len(rows) if len(rows) < limit else cases.count())


def people_who_decide(*, council: Council, team: Team | None = None) -> QuerySet[Membership]:
    """Staff who can be given cases (decision makers and team leaders), by name."""
    people = Membership.objects.select_related("user", "team").filter(
        council=council, role__in=DECIDING_ROLES, user__is_active=True
    )
    if team is not None:
        people = people.filter(team=team)
    return people.order_by("user__full_name", "user__email")


def people_holding_or_deciding(*, council: Council) -> QuerySet[Membership]:
    """Everyone whose cases may need moving: all who decide, and anyone still holding an open
    case (someone whose role has changed, or whose account is closed)."""
    holding = Application.objects.filter(
        council=council, status__in=OPEN_STATUSES, assigned_to__isnull=False
    ).values("assigned_to")
    return (
        Membership.objects.select_related("user")
        .filter(council=council)
        .filter(Q(role__in=DECIDING_ROLES) | Q(user__in=holding))
        .order_by("user__full_name", "user__email")
    )


def council_teams(*, council: Council) -> QuerySet[Team]:
    return Team.objects.filter(council=council).order_by("name")


def council_schemes(*, council: Council) -> QuerySet[Scheme]:
    return Scheme.objects.filter(council=council).order_by("name")


def cases_by_reference(*, council: Council, references: list[str]) -> list[Application]:
    """The council's cases with these references, in the order given; unknown ones left out."""
    found = {
        case.reference: case
        for case in Application.objects.filter(council=council, reference__in=references)
    }
    return [found[reference] for reference in references if reference in found]


@dataclass(frozen=True)
class Workload:
    """What one person holds (or, with no holder, what nobody holds yet), by deadline colour."""

    holder: User | None
    held: int = 0
    overdue: int = 0
    due_soon: int = 0
    on_time: int = 0
    oldest_deadline: datetime.date | None = None


@dataclass(frozen=True)
class TeamOverview:
    unassigned: Workload
    people: list[Workload]
    totals: Workload
    late: list[Application] = field(default_factory=list)


def _workload(holder: User | None, counts: Mapping[str, Any] | None) -> Workload:
    if counts is None:
        return Workload(holder=holder)
    return Workload(
        holder=holder,
        held=counts["held"],
        overdue=counts["overdue"],
        due_soon=counts["due_soon"],
        on_time=counts["on_time"],
        oldest_deadline=counts["oldest_deadline"],
    )


def team_overview(*, council: Council, team: Team | None, today: datetime.date) -> TeamOverview:
    """Who in the team (or, with no team given, the council) holds how many open cases, and
    which are late. Counts are of the same cases the work queue lists with every open status."""
    filters = QueueFilter(team=team, statuses=OPEN_STATUSES)
    cases = work_queue(council=council, filters=filters)
    soon = due_soon_until(today=today, region=council.bank_holiday_region)
    counted = (
        cases.order_by()
        .values("assigned_to")
        .annotate(
            held=Count("id"),
            overdue=Count("id", filter=Q(decision_due__lt=today)),
            due_soon=Count("id", filter=Q(decision_due__gte=today, decision_due__lte=soon)),
            on_time=Count("id", filter=Q(decision_due__gt=soon)),
            oldest_deadline=Min("decision_due"),
        )
    )
    by_holder: dict[int | None, Mapping[str, Any]] = {row["assigned_to"]: row for row in counted}
    holders = {m.user.pk: m.user for m in people_who_decide(council=council, team=team)}
    # Someone outside the team (moved, or no longer deciding) may still hold its cases.
    missing = [pk for pk in by_holder if pk is not None and pk not in holders]
    holders.update({user.pk: user for user in User.objects.filter(pk__in=missing)})
    people = sorted(
        (_workload(user, by_holder.get(pk)) for pk, user in holders.items()),
        key=lambda workload: workload.holder.display_name.lower() if workload.holder else "",
    )
    unassigned = _workload(None, by_holder.get(None))
    everyone = [unassigned, *people]
    deadlines = [w.oldest_deadline for w in everyone if w.oldest_deadline is not None]
    totals = Workload(
        holder=None,
        held=sum(w.held for w in everyone),
        overdue=sum(w.overdue for w in everyone),
        due_soon=sum(w.due_soon for w in everyone),
        on_time=sum(w.on_time for w in everyone),
        oldest_deadline=min(deadlines, default=None),
    )
    late = list(cases.filter(decision_due__lt=today).order_by("decision_due", "submitted_at", "id"))
    return TeamOverview(unassigned=unassigned, people=people, totals=totals, late=late)
