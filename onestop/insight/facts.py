"""Build the daily facts from the cases, a few days at a time.

Each build looks at what changed since the last one (applications, awards, reviews, complaints
and referrals updated since), works out which days those changes touch, and recounts those
days whole: their fact rows are deleted and made again from the cases in one transaction. A
recount rather than an adjustment means a fact can never drift from the cases, whatever
changed. `full=True` recounts every day (`onestop insight facts --full`).
"""

import dataclasses
import datetime
from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from onestop.casework.models import Complaint, Review, ReviewOutcome
from onestop.councils.models import Council
from onestop.directory.models import Referral, ReferralDirection
from onestop.fulfilment.models import Award
from onestop.insight.models import DailyFact, FactBuild, FactMeasure, HouseholdType
from onestop.intake.models import Application, ApplicationMember, ApplicationStatus

# The management return counts a household with a child under 16 as one with children, and one
# with someone of State Pension age (66) as one with pensioners.
CHILD_UNDER = 16
PENSIONER_FROM = 66
REPEAT_WITHIN_DAYS = 90
_INSERT_BATCH = 5_000
_IDS_PER_QUERY = 20_000

Dimensions = tuple[int, str, str, str, str, str]  # scheme, channel, priority, reason, type, ward


@dataclasses.dataclass(frozen=True)
class FactBuildResult:
    days: int
    rows: int

    def __str__(self) -> str:
        return f"{self.days} days recounted into {self.rows} fact rows"


def _day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def _age(born: datetime.date, on: datetime.date) -> int:
    return on.year - born.year - ((on.month, on.day) < (born.month, born.day))


def _days_touched(council: Council, since: datetime.datetime) -> set[datetime.date]:
    days: set[datetime.date] = set()
    for submitted, decided in Application.objects.filter(
        council=council, updated_at__gte=since
    ).values_list("submitted_at", "decided_at"):
        days.add(_day(submitted))
        if decided:
            days.add(_day(decided))
    for (award_decided,) in Award.objects.filter(
        council=council, created_at__gte=since, application__decided_at__isnull=False
    ).values_list("application__decided_at"):
        if award_decided:
            days.add(_day(award_decided))
    for requested, decided in Review.objects.filter(
        council=council, updated_at__gte=since
    ).values_list("requested_on", "decided_at"):
        days.add(requested)
        if decided:
            days.add(_day(decided))
    days.update(
        Complaint.objects.filter(council=council, updated_at__gte=since).values_list(
            "received_on", flat=True
        )
    )
    for (made,) in Referral.objects.filter(
        council=council, created_at__gte=since, direction=ReferralDirection.OUT
    ).values_list("created_at"):
        days.add(_day(made))
    return days


def _between(field: str, days: set[datetime.date] | None) -> Q:
    if days is None:
        return Q()
    tz = timezone.get_current_timezone()
    start = datetime.datetime.combine(min(days), datetime.time.min, tzinfo=tz)
    end = datetime.datetime.combine(
        max(days) + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz
    )
    return Q(**{f"{field}__gte": start, f"{field}__lt": end})


def _in_chunks(ids: Iterable[int]) -> Iterable[list[int]]:
    """Ids a batch at a time: a council's first full build names hundreds of thousands, more
    than a statement may carry (PostgreSQL takes 65,535 parameters, SQLite 250,000 here)."""
    ordered = sorted(ids)
    for start in range(0, len(ordered), _IDS_PER_QUERY):
        yield ordered[start : start + _IDS_PER_QUERY]


def _household_types(application_ids: Iterable[int]) -> dict[int, str]:
    """Each application's household type, from the applicant and the members it declared."""
    ids = list(application_ids)
    ages: dict[int, list[int]] = defaultdict(list)
    disabled: dict[int, bool] = {}
    for chunk in _in_chunks(ids):
        for pk, born, submitted, is_disabled in Application.objects.filter(
            pk__in=chunk
        ).values_list("pk", "applicant__date_of_birth", "submitted_at", "disabled"):
            ages[pk].append(_age(born, _day(submitted)))
            disabled[pk] = is_disabled
        for application_id, born, submitted in ApplicationMember.objects.filter(
            application_id__in=chunk
        ).values_list("application_id", "person__date_of_birth", "application__submitted_at"):
            ages[application_id].append(_age(born, _day(submitted)))
    types: dict[int, str] = {}
    for pk in ids:
        if any(age < CHILD_UNDER for age in ages[pk]):
            types[pk] = HouseholdType.CHILDREN
        elif any(age >= PENSIONER_FROM for age in ages[pk]):
            types[pk] = HouseholdType.PENSIONERS
        elif disabled.get(pk):
            types[pk] = HouseholdType.DISABLED
        else:
            types[pk] = HouseholdType.OTHER
    return types


class _Counter:
    """Fact rows being counted: (day, measure, dimensions) -> [count, pence, hours]."""

    def __init__(self) -> None:
        self.cells: dict[tuple[datetime.date, str, Dimensions], list[float]] = defaultdict(
            lambda: [0, 0, 0.0]
        )

    def add(
        self,
        day: datetime.date,
        measure: FactMeasure,
        dimensions: Dimensions,
        *,
        pence: int = 0,
        hours: float = 0.0,
    ) -> None:
        cell = self.cells[(day, measure, dimensions)]
        cell[0] += 1
        cell[1] += pence
        cell[2] += hours

    def insert(self, council: Council) -> int:
        """Write the counted rows; one multi-row statement per batch, not one model each."""
        ops = connection.ops
        now = ops.adapt_datetimefield_value(timezone.now())
        rows = [
            (
                council.pk,
                ops.adapt_datefield_value(day),
                measure,
                *dimensions,
                int(cell[0]),
                int(cell[1]),
                cell[2],
                now,
                now,
            )
            for (day, measure, dimensions), cell in self.cells.items()
        ]
        columns = (
            "council_id, day, measure, scheme_id, channel, priority, crisis_reason,"
            " household_type, ward, count, pence, hours, created_at, updated_at"
        )
        marks = ", ".join(["%s"] * 14)
        with connection.cursor() as cursor:
            for start in range(0, len(rows), _INSERT_BATCH):
                cursor.executemany(
                    f"INSERT INTO {DailyFact._meta.db_table} ({columns}) VALUES ({marks})",  # noqa: S608
                    rows[start : start + _INSERT_BATCH],
                )
        return len(rows)

    def days(self) -> set[datetime.date]:
        return {day for day, _, _ in self.cells}


def _count_days(council: Council, days: set[datetime.date] | None) -> _Counter:
    """Every measure on the days (every day when None), counted from the cases."""
    wanted = (lambda day: True) if days is None else days.__contains__
    applications = Application.objects.filter(council=council)
    fields = (
        "pk",
        "scheme_id",
        "channel",
        "priority",
        "crisis_reason",
        "household__ward",
        "household_id",
        "submitted_at",
        "decided_at",
        "decision_due",
        "status",
    )
    rows: dict[int, dict[str, Any]] = {}
    for row in applications.filter(
        _between("submitted_at", days) | _between("decided_at", days) if days is not None else Q()
    ).values(*fields):
        rows[row["pk"]] = row
    reviews = list(
        Review.objects.filter(council=council)
        .filter(
            Q(requested_on__in=days) | _between("decided_at", days) if days is not None else Q()
        )
        .values("application_id", "requested_on", "decided_at", "outcome")
    )
    complaints = list(
        Complaint.objects.filter(council=council)
        .filter(Q(received_on__in=days) if days is not None else Q())
        .values("application_id", "received_on")
    )
    referrals = list(
        Referral.objects.filter(council=council, direction=ReferralDirection.OUT)
        .filter(_between("created_at", days))
        .values("application_id", "created_at")
    )
    others = {
        event["application_id"] for event in [*reviews, *complaints, *referrals]
    } - rows.keys()
    for chunk in _in_chunks(others):
        for row in applications.filter(pk__in=chunk).values(*fields):
            rows[row["pk"]] = row
    types = _household_types(rows)
    dimensions = {
        pk: (
            row["scheme_id"],
            row["channel"],
            row["priority"],
            row["crisis_reason"],
            types[pk],
            row["household__ward"] or "",
        )
        for pk, row in rows.items()
    }
    counter = _Counter()
    awarded_pence: dict[int, int] = defaultdict(int)
    for chunk in _in_chunks(pk for pk, row in rows.items() if row["decided_at"]):
        for application_id, value in Award.objects.filter(application_id__in=chunk).values_list(
            "application_id", "value_pence"
        ):
            awarded_pence[application_id] += value
    earlier = _earlier_applications(council, rows.values())
    for pk, row in rows.items():
        applied = _day(row["submitted_at"])
        if wanted(applied):
            counter.add(applied, FactMeasure.APPLIED, dimensions[pk])
            if earlier.get(pk):
                counter.add(applied, FactMeasure.REPEAT, dimensions[pk])
        decided_at = row["decided_at"]
        if decided_at and row["status"] in (ApplicationStatus.AWARDED, ApplicationStatus.REFUSED):
            decided = _day(decided_at)
            if not wanted(decided):
                continue
            hours = (decided_at - row["submitted_at"]).total_seconds() / 3600
            counter.add(decided, FactMeasure.DECIDED, dimensions[pk], hours=hours)
            if decided <= row["decision_due"]:
                counter.add(decided, FactMeasure.DECIDED_IN_TIME, dimensions[pk])
            if row["status"] == ApplicationStatus.AWARDED:
                counter.add(decided, FactMeasure.AWARDED, dimensions[pk], pence=awarded_pence[pk])
            else:
                counter.add(decided, FactMeasure.REFUSED, dimensions[pk])
    for review in reviews:
        if wanted(review["requested_on"]):
            counter.add(
                review["requested_on"],
                FactMeasure.REVIEW_ASKED,
                dimensions[review["application_id"]],
            )
        if review["decided_at"] and review["outcome"] == ReviewOutcome.CHANGED:
            decided = _day(review["decided_at"])
            if wanted(decided):
                counter.add(
                    decided, FactMeasure.REVIEW_CHANGED, dimensions[review["application_id"]]
                )
    for complaint in complaints:
        if complaint["application_id"] in dimensions:
            counter.add(
                complaint["received_on"],
                FactMeasure.COMPLAINT,
                dimensions[complaint["application_id"]],
            )
    for referral in referrals:
        made = _day(referral["created_at"])
        if wanted(made):
            counter.add(made, FactMeasure.REFERRAL, dimensions[referral["application_id"]])
    return counter


def _earlier_applications(council: Council, rows: Iterable[dict[str, Any]]) -> dict[int, bool]:
    """Whether each application's household had applied in the REPEAT_WITHIN_DAYS before it."""
    rows = list(rows)
    if not rows:
        return {}
    window = datetime.timedelta(days=REPEAT_WITHIN_DAYS)
    oldest = min(row["submitted_at"] for row in rows) - window
    by_household: dict[int, list[tuple[datetime.datetime, int]]] = defaultdict(list)
    for chunk in _in_chunks({row["household_id"] for row in rows}):
        for pk, household_id, submitted in Application.objects.filter(
            council=council, household_id__in=chunk, submitted_at__gte=oldest
        ).values_list("pk", "household_id", "submitted_at"):
            by_household[household_id].append((submitted, pk))
    found = {}
    for row in rows:
        submitted = row["submitted_at"]
        found[row["pk"]] = any(
            submitted - window <= other < submitted or (other == submitted and pk < row["pk"])
            for other, pk in by_household[row["household_id"]]
            if pk != row["pk"]
        )
    return found


def facts_build(*, council: Council, full: bool = False) -> FactBuildResult:
    """Bring the council's facts up to date: recount the days changed since the last build."""
    started = timezone.now()
    last = FactBuild.objects.filter(council=council).first()
    days: set[datetime.date] | None
    if full or last is None:
        days = None
    else:
        # A moment's grace either side of the last build, for a transaction that committed
        # just after it read.
        days = _days_touched(council, last.changes_until - datetime.timedelta(minutes=5))
        if not days:
            FactBuild.objects.filter(pk=last.pk).update(changes_until=started)
            return FactBuildResult(days=0, rows=0)
    counter = _count_days(council, days)
    recounted = len(days) if days is not None else len(counter.days())
    with transaction.atomic():
        stale = DailyFact.objects.filter(council=council)
        if days is not None:
            stale = stale.filter(day__in=days)
        stale.delete()
        written = counter.insert(council)
        FactBuild.objects.update_or_create(
            council=council, defaults={"changes_until": started, "days_rebuilt": recounted}
        )
    return FactBuildResult(days=recounted, rows=written)


def facts_build_all(*, today: datetime.date) -> str:
    """The daily job: every council's facts brought up to date."""
    results = [
        f"{council.name}: {facts_build(council=council)}"
        for council in Council.objects.order_by("name")
    ]
    return "; ".join(results) or "No councils"
