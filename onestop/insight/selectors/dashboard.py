"""The service dashboard's figures, read from the daily facts only (never from the cases).

Every figure is a sum of fact rows for the period and filters asked for: the applications made,
the decisions, awards, reviews, complaints and referrals that happened in it. Rates are worked
out from the sums, so a rate over a period is the rate of the period, not an average of days.
"""

import calendar
import datetime
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet, Sum

from onestop.budgets.selectors import budget_profile, budgets_of
from onestop.councils.models import Council
from onestop.insight.models import DailyFact, FactMeasure, HouseholdType
from onestop.insight.selectors.channels import Period, duration_words
from onestop.intake.models import Channel
from onestop.policy.selectors import schemes_all
from onestop.policy.vocabulary import CrisisReason, Priority

WEEKS_SHOWN_BY_DEFAULT = 8
# A ward filter value for applications whose household's ward is not known (stored blank).
NO_WARD = "none"
NO_WARD_LABEL = "Ward not known"

# count, pence, hours: what one fact row (or a sum of them) carries.
Cell = tuple[int, int, float]


def default_period(today: datetime.date) -> Period:
    """The last 8 full weeks, Monday to Sunday, before the week we are in."""
    end = today - datetime.timedelta(days=today.weekday() + 1)
    return Period(end - datetime.timedelta(days=7 * WEEKS_SHOWN_BY_DEFAULT - 1), end)


@dataclass(frozen=True)
class Filters:
    """What the manager asked for. Empty strings (and None for scheme and ward) mean "all"."""

    period: Period
    scheme_id: int | None = None
    channel: str = ""
    priority: str = ""
    crisis_reason: str = ""
    household_type: str = ""
    ward: str | None = None  # "" is the applications whose ward is not known

    @property
    def narrower_than_schemes(self) -> bool:
        """Whether a filter other than the period and scheme is set: then the money shown is
        only part of what the scheme's budgets pay for."""
        return bool(
            self.channel
            or self.priority
            or self.crisis_reason
            or self.household_type
            or self.ward is not None
        )


@dataclass(frozen=True)
class Totals:
    """Sums of the facts for some days and filters, and the rates worked out from them."""

    applications: int = 0
    decisions: int = 0
    awards: int = 0
    spend_pence: int = 0
    decided_in_time: int = 0
    hours_to_decision: float = 0.0
    repeats: int = 0
    reviews_asked: int = 0
    reviews_changed: int = 0
    complaints: int = 0
    referrals: int = 0

    @classmethod
    def of(cls, cells: Mapping[str, Cell]) -> "Totals":
        def count(measure: FactMeasure) -> int:
            return cells.get(measure, (0, 0, 0.0))[0]

        return cls(
            applications=count(FactMeasure.APPLIED),
            decisions=count(FactMeasure.DECIDED),
            awards=count(FactMeasure.AWARDED),
            spend_pence=cells.get(FactMeasure.AWARDED, (0, 0, 0.0))[1],
            decided_in_time=count(FactMeasure.DECIDED_IN_TIME),
            hours_to_decision=cells.get(FactMeasure.DECIDED, (0, 0, 0.0))[2],
            repeats=count(FactMeasure.REPEAT),
            reviews_asked=count(FactMeasure.REVIEW_ASKED),
            reviews_changed=count(FactMeasure.REVIEW_CHANGED),
            complaints=count(FactMeasure.COMPLAINT),
            referrals=count(FactMeasure.REFERRAL),
        )

    @property
    def award_rate(self) -> float | None:
        """Awards as a percentage of decisions; None without decisions."""
        return 100 * self.awards / self.decisions if self.decisions else None

    @property
    def in_time_rate(self) -> float | None:
        """Decisions made by their due date, as a percentage of decisions."""
        return 100 * self.decided_in_time / self.decisions if self.decisions else None

    @property
    def mean_hours_to_decision(self) -> float | None:
        return self.hours_to_decision / self.decisions if self.decisions else None

    @property
    def repeat_rate(self) -> float | None:
        """Applications from a household that had applied in the 90 days before, as a
        percentage of applications."""
        return 100 * self.repeats / self.applications if self.applications else None

    @property
    def overturn_rate(self) -> float | None:
        """Decisions changed on review as a percentage of decisions made in the same days."""
        return 100 * self.reviews_changed / self.decisions if self.decisions else None


@dataclass(frozen=True)
class Week:
    start: datetime.date
    end: datetime.date  # inclusive; the first week of a period may be shorter than 7 days
    totals: Totals

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class BreakdownRow:
    key: str
    label: str
    totals: Totals


@dataclass(frozen=True)
class Breakdown:
    dimension: str  # the filter's name: "channel", "scheme", ...
    title: str  # "Channel"
    rows: list[BreakdownRow]


@dataclass(frozen=True)
class MonthSpend:
    """This month's awards so far beside the budgets' monthly profile, with a straight-line
    forecast to the end of the month from the average a day so far."""

    month: datetime.date  # the first day
    today: datetime.date
    spent_pence: int
    planned_pence: int | None  # None when no budget of the schemes plans this month
    budget_names: list[str]

    @property
    def days_in_month(self) -> int:
        return calendar.monthrange(self.month.year, self.month.month)[1]

    @property
    def days_so_far(self) -> int:
        return self.today.day

    @property
    def daily_average_pence(self) -> int:
        return self.spent_pence // self.days_so_far

    @property
    def forecast_pence(self) -> int:
        """What the month comes to if each day left is like the average day so far."""
        return self.spent_pence * self.days_in_month // self.days_so_far

    @property
    def planned_to_date_pence(self) -> int | None:
        if self.planned_pence is None:
            return None
        return self.planned_pence * self.days_so_far // self.days_in_month

    @property
    def forecast_against_plan_pence(self) -> int | None:
        """Positive when the forecast is over the plan, negative under it."""
        if self.planned_pence is None:
            return None
        return self.forecast_pence - self.planned_pence

    @property
    def forecast_against_plan_percent(self) -> float | None:
        """How far over (positive) or under the plan the forecast is, as a percentage of it."""
        against = self.forecast_against_plan_pence
        if against is None or not self.planned_pence:
            return None
        return 100 * against / self.planned_pence


@dataclass(frozen=True)
class Dashboard:
    filters: Filters
    totals: Totals
    last_7_days: Totals
    previous_7_days: Totals
    weeks: list[Week]
    breakdowns: list[Breakdown]
    month: MonthSpend


@dataclass(frozen=True)
class Choices:
    """What the facts hold for each filter, as (value, label) pairs, in the order shown."""

    schemes: list[tuple[str, str]] = field(default_factory=list)
    channels: list[tuple[str, str]] = field(default_factory=list)
    priorities: list[tuple[str, str]] = field(default_factory=list)
    crisis_reasons: list[tuple[str, str]] = field(default_factory=list)
    household_types: list[tuple[str, str]] = field(default_factory=list)
    wards: list[tuple[str, str]] = field(default_factory=list)


# --- labels and orders -------------------------------------------------------------------------


def _vocabulary_order(
    values: Iterable[str], vocabulary: type[Channel | Priority | CrisisReason | HouseholdType]
) -> list[tuple[str, str]]:
    """The values in the vocabulary's order with its labels; any value it no longer has last."""
    present = set(values)
    known = [(v.value, str(v.label)) for v in vocabulary if v.value in present]
    unknown = sorted(present - {v.value for v in vocabulary})
    return known + [(v, v.replace("_", " ").capitalize()) for v in unknown]


def _ward_order(values: Iterable[str]) -> list[tuple[str, str]]:
    present = set(values)
    named = sorted((w for w in present if w), key=str.casefold)
    return [(w, w) for w in named] + ([(NO_WARD, NO_WARD_LABEL)] if "" in present else [])


def _scheme_order(council: Council, ids: Iterable[int]) -> list[tuple[str, str]]:
    wanted = set(ids)
    return [
        (str(scheme.pk), scheme.name)
        for scheme in schemes_all(council=council).filter(pk__in=wanted)
    ]


# The breakdowns, in the order shown: (filter name, fact field, title).
_DIMENSIONS: list[tuple[str, str, str]] = [
    ("channel", "channel", "Channel"),
    ("scheme", "scheme_id", "Scheme"),
    ("priority", "priority", "Priority"),
    ("crisis_reason", "crisis_reason", "Crisis reason"),
    ("household_type", "household_type", "Household type"),
    ("ward", "ward", "Ward"),
]


def _orderer(council: Council, dimension: str) -> Callable[[Iterable[str]], list[tuple[str, str]]]:
    if dimension == "channel":
        return lambda values: _vocabulary_order(values, Channel)
    if dimension == "priority":
        return lambda values: _vocabulary_order(values, Priority)
    if dimension == "crisis_reason":
        return lambda values: _vocabulary_order(values, CrisisReason)
    if dimension == "household_type":
        return lambda values: _vocabulary_order(values, HouseholdType)
    if dimension == "ward":
        return _ward_order
    return lambda values: _scheme_order(council, (int(v) for v in values))


def _stored(dimension: str, key: str) -> str:
    """The value the facts hold for a filter's value (a ward not known is stored blank)."""
    return "" if dimension == "ward" and key == NO_WARD else key


def dashboard_choices(*, council: Council) -> Choices:
    """Every value each filter can take: those found in the council's facts."""
    facts = DailyFact.objects.filter(council=council).order_by()

    def distinct(fact_field: str) -> list[str]:
        return [str(v) for v in facts.values_list(fact_field, flat=True).distinct()]

    orders = {name: _orderer(council, name) for name, _field, _title in _DIMENSIONS}
    return Choices(
        schemes=orders["scheme"](distinct("scheme_id")),
        channels=orders["channel"](distinct("channel")),
        priorities=orders["priority"](distinct("priority")),
        crisis_reasons=orders["crisis_reason"](distinct("crisis_reason")),
        household_types=orders["household_type"](distinct("household_type")),
        wards=orders["ward"](distinct("ward")),
    )


# --- reading the facts ---------------------------------------------------------------------------


def _facts(
    council: Council, filters: Filters, start: datetime.date, end: datetime.date
) -> QuerySet[DailyFact]:
    """The council's facts for the days, narrowed by every filter but the period."""
    wanted = Q(council=council, day__gte=start, day__lte=end)
    if filters.scheme_id is not None:
        wanted &= Q(scheme_id=filters.scheme_id)
    for name in ("channel", "priority", "crisis_reason", "household_type"):
        if value := getattr(filters, name):
            wanted &= Q(**{name: value})
    if filters.ward is not None:
        wanted &= Q(ward=filters.ward)
    return DailyFact.objects.filter(wanted).order_by()


def _summed(facts: QuerySet[DailyFact], *group: str) -> list[tuple[tuple[Any, ...], str, Cell]]:
    """The facts summed by the fields, and measure: ((group values), measure, (count, pence,
    hours))."""
    rows = facts.values(*group, "measure").annotate(
        n=Sum("count"), money=Sum("pence"), time=Sum("hours")
    )
    return [
        (
            tuple(row[name] for name in group),
            row["measure"],
            (row["n"] or 0, row["money"] or 0, row["time"] or 0.0),
        )
        for row in rows
    ]


def _add(into: dict[str, list[float]], measure: str, cell: Cell) -> None:
    sums = into.setdefault(measure, [0, 0, 0.0])
    sums[0] += cell[0]
    sums[1] += cell[1]
    sums[2] += cell[2]


def _totals(cells: Mapping[str, list[float]]) -> Totals:
    return Totals.of({m: (int(c[0]), int(c[1]), float(c[2])) for m, c in cells.items()})


def _weeks(period: Period) -> list[tuple[datetime.date, datetime.date]]:
    """Blocks of 7 days counted back from the period's end, so the last bar is the last 7
    days of the headline figures; the first block takes what is left."""
    blocks = []
    end = period.end
    while end >= period.start:
        start = max(period.start, end - datetime.timedelta(days=6))
        blocks.append((start, end))
        end = start - datetime.timedelta(days=1)
    return blocks[::-1]


def _month_spend(*, council: Council, filters: Filters, today: datetime.date) -> MonthSpend:
    month = today.replace(day=1)
    awarded = (
        _facts(council, filters, month, today)
        .filter(measure=FactMeasure.AWARDED)
        .aggregate(money=Sum("pence"))["money"]
        or 0
    )
    month_end = month.replace(day=calendar.monthrange(month.year, month.month)[1])
    budgets = budgets_of(council=council).filter(starts_on__lte=month_end, ends_on__gte=month)
    if filters.scheme_id is not None:
        budgets = budgets.filter(scheme_id=filters.scheme_id)
    planned: int | None = None
    names = []
    for budget in budgets.order_by("name"):
        in_month = budget_profile(budget=budget).get(month)
        if in_month is not None:
            planned = (planned or 0) + in_month
            names.append(budget.name)
    return MonthSpend(
        month=month, today=today, spent_pence=awarded, planned_pence=planned, budget_names=names
    )


def dashboard_figures(*, council: Council, filters: Filters, today: datetime.date) -> Dashboard:
    """Everything the service dashboard shows, for the council's facts and these filters."""
    period = filters.period
    previous_start = period.end - datetime.timedelta(days=13)
    last_start = period.end - datetime.timedelta(days=6)
    # One read by day covers the headline, the weeks, and the 14 days the week-on-week change
    # compares (which may reach back before a short period).
    by_day: dict[datetime.date, dict[str, list[float]]] = defaultdict(dict)
    for (day,), measure, cell in _summed(
        _facts(council, filters, min(period.start, previous_start), period.end), "day"
    ):
        _add(by_day[day], measure, cell)

    def sum_days(start: datetime.date, end: datetime.date) -> Totals:
        cells: dict[str, list[float]] = {}
        for day, measures in by_day.items():
            if start <= day <= end:
                for measure, cell in measures.items():
                    _add(cells, measure, (int(cell[0]), int(cell[1]), float(cell[2])))
        return _totals(cells)

    in_period = _facts(council, filters, period.start, period.end)
    breakdowns = []
    for name, fact_field, title in _DIMENSIONS:
        by_value: dict[str, dict[str, list[float]]] = defaultdict(dict)
        for (value,), measure, cell in _summed(in_period, fact_field):
            _add(by_value[str(value)], measure, cell)
        rows = [
            BreakdownRow(key=key, label=label, totals=_totals(by_value[_stored(name, key)]))
            for key, label in _orderer(council, name)(by_value)
        ]
        breakdowns.append(Breakdown(dimension=name, title=title, rows=rows))
    return Dashboard(
        filters=filters,
        totals=sum_days(period.start, period.end),
        last_7_days=sum_days(last_start, period.end),
        previous_7_days=sum_days(previous_start, last_start - datetime.timedelta(days=1)),
        weeks=[Week(start, end, sum_days(start, end)) for start, end in _weeks(period)],
        breakdowns=breakdowns,
        month=_month_spend(council=council, filters=filters, today=today),
    )


# --- in words ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Headline:
    """One headline figure for the period, and how its last 7 days compare with the 7 before."""

    name: str
    label: str
    value: str
    change: str
    detail: str = ""  # what a rate is a share of: "300 of 412 decisions"


def _percent(rate: float) -> str:
    return f"{rate:.0f}%"


def _count_change(now: int, before: int, show: Callable[[int], str]) -> str:
    if now == before == 0:
        return "None in the last 7 days or the 7 days before."
    if before == 0:
        return f"In the last 7 days: {show(now)}, and none in the 7 days before."
    if now == before:
        return f"In the last 7 days: {show(now)}, the same as the 7 days before."
    change = round(100 * abs(now - before) / before)
    size = f"{change}%" if change else "less than 1%"
    direction = "up" if now > before else "down"
    return (
        f"In the last 7 days: {show(now)}, {direction} {size} on the 7 days before "
        f"({show(before)})."
    )


def _rate_change(now: float | None, before: float | None, without: str) -> str:
    if now is None and before is None:
        return f"No {without} in the last 7 days or the 7 days before."
    if now is None:
        return f"No {without} in the last 7 days ({_percent(before or 0)} the 7 days before)."
    if before is None:
        return f"In the last 7 days: {_percent(now)}, with no {without} the 7 days before."
    points = round(now - before)
    if points == 0:
        return f"In the last 7 days: {_percent(now)}, about the same as the 7 days before."
    direction = "up" if points > 0 else "down"
    unit = "percentage point" if abs(points) == 1 else "percentage points"
    return (
        f"In the last 7 days: {_percent(now)}, {direction} {abs(points)} {unit} on the 7 days "
        f"before ({_percent(before)})."
    )


def _time_change(now: float | None, before: float | None) -> str:
    if now is None and before is None:
        return "No decisions in the last 7 days or the 7 days before."
    if now is None:
        return f"No decisions in the last 7 days ({duration_words(before or 0)} the 7 days before)."
    if before is None:
        return f"In the last 7 days: {duration_words(now)}, with no decisions the 7 days before."
    if duration_words(now) == duration_words(before):
        return f"In the last 7 days: {duration_words(now)}, the same as the 7 days before."
    direction = "up" if now > before else "down"
    return (
        f"In the last 7 days: {duration_words(now)}, {direction} from "
        f"{duration_words(before)} the 7 days before."
    )


def whole_pounds(pence: int) -> str:
    """£1,234 for a headline (pence are in the tables and downloads)."""
    return f"£{round(pence / 100):,}"


def _of(part: int, whole: int, noun: str) -> str:
    return f"{part:,} of {whole:,} {noun}" if whole else ""


def headlines(dashboard: Dashboard) -> list[Headline]:
    """The headline figures in the order shown, each with its week-on-week change in words."""
    total, now, before = dashboard.totals, dashboard.last_7_days, dashboard.previous_7_days

    def count(name: str, label: str) -> Headline:
        value = getattr(total, name)
        change = _count_change(getattr(now, name), getattr(before, name), "{:,}".format)
        return Headline(name, label, f"{value:,}", change)

    def rate(name: str, label: str, without: str, detail: str) -> Headline:
        value = getattr(total, name)
        return Headline(
            name,
            label,
            _percent(value) if value is not None else f"No {without}",
            _rate_change(getattr(now, name), getattr(before, name), without),
            detail,
        )

    mean = total.mean_hours_to_decision
    return [
        count("applications", "Applications"),
        count("decisions", "Decisions"),
        count("awards", "Awards"),
        rate(
            "award_rate",
            "Award rate",
            "decisions",
            _of(total.awards, total.decisions, "decisions were awards"),
        ),
        Headline(
            "spend_pence",
            "Spend (value awarded)",
            whole_pounds(total.spend_pence),
            _count_change(now.spend_pence, before.spend_pence, whole_pounds),
        ),
        rate(
            "in_time_rate",
            "Decided in time",
            "decisions",
            _of(total.decided_in_time, total.decisions, "decisions were made by the date due"),
        ),
        Headline(
            "mean_hours_to_decision",
            "Mean time to decision",
            duration_words(mean) if mean is not None else "No decisions",
            _time_change(now.mean_hours_to_decision, before.mean_hours_to_decision),
        ),
        rate(
            "repeat_rate",
            "Repeat applications",
            "applications",
            _of(
                total.repeats,
                total.applications,
                "applications were from a household that had applied in the 90 days before",
            ),
        ),
        count("reviews_asked", "Reviews asked for"),
        rate(
            "overturn_rate",
            "Decisions changed on review",
            "decisions",
            f"{total.reviews_changed:,} changed, against {total.decisions:,} decisions"
            if total.decisions
            else "",
        ),
        count("complaints", "Complaints"),
        count("referrals", "Referrals made"),
    ]
