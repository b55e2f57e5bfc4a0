"""Reads about budgets, always within one council: books, profile, forecast and alerts."""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import QuerySet, Sum
from django.db.models.functions import TruncDate

from onestop.budgets.forecast import Forecast, forecast, rate_window_start
from onestop.budgets.models import Budget, BudgetAlert, Commitment, CommitmentStatus, ProfileMonth
from onestop.budgets.profiles import month_start, planned_to_date
from onestop.budgets.thresholds import admits
from onestop.core.models import AuditEvent
from onestop.councils.models import Council
from onestop.policy.models import Scheme

THRESHOLD_ACTIONS = ("budget.threshold_set", "budget.threshold_raised")


@dataclass(frozen=True)
class Books:
    """A budget's money by state. Committed here means promised and not yet paid out; the
    budget's own committed total is this plus spent."""

    total_pence: int
    committed_pence: int
    spent_pence: int
    released_pence: int

    @property
    def remaining_pence(self) -> int:
        return self.total_pence - self.committed_pence - self.spent_pence


@dataclass(frozen=True)
class MonthLine:
    month: datetime.date
    planned_pence: int
    committed_pence: int


def budgets_of(*, council: Council) -> QuerySet[Budget]:
    return Budget.objects.select_related("scheme").filter(council=council)


def budget_of(*, council: Council, budget_id: int) -> Budget | None:
    return budgets_of(council=council).filter(pk=budget_id).first()


def budget_in_force(*, council: Council, scheme: Scheme, on: datetime.date) -> Budget | None:
    return Budget.objects.filter(
        council=council, scheme=scheme, starts_on__lte=on, ends_on__gte=on
    ).first()


def budget_admits(*, budget: Budget, priority: str) -> bool:
    """Whether the budget is paying awards of this priority at the moment."""
    return admits(threshold=budget.priority_threshold, priority=priority)


def budget_profile(*, budget: Budget) -> dict[datetime.date, int]:
    return dict(
        ProfileMonth.objects.filter(council_id=budget.council_id, budget=budget).values_list(
            "month", "planned_pence"
        )
    )


def budget_books(*, budget: Budget) -> Books:
    by_status = dict(
        Commitment.objects.filter(council_id=budget.council_id, budget=budget)
        .values("status")
        .annotate(total=Sum("amount_pence"))
        .values_list("status", "total")
    )
    return Books(
        total_pence=budget.total_pence,
        committed_pence=by_status.get(CommitmentStatus.COMMITTED, 0),
        spent_pence=by_status.get(CommitmentStatus.SPENT, 0),
        released_pence=by_status.get(CommitmentStatus.RELEASED, 0),
    )


def books_of(*, council: Council) -> dict[int, Books]:
    """Every budget's books in the council, by budget id, in one query."""
    sums: dict[int, dict[str, int]] = defaultdict(dict)
    for budget_id, status, total in (
        Commitment.objects.filter(council=council)
        .values("budget_id", "status")
        .annotate(total=Sum("amount_pence"))
        .values_list("budget_id", "status", "total")
    ):
        sums[budget_id][status] = total
    return {
        budget.pk: Books(
            total_pence=budget.total_pence,
            committed_pence=sums[budget.pk].get(CommitmentStatus.COMMITTED, 0),
            spent_pence=sums[budget.pk].get(CommitmentStatus.SPENT, 0),
            released_pence=sums[budget.pk].get(CommitmentStatus.RELEASED, 0),
        )
        for budget in Budget.objects.filter(council=council)
    }


def _committed_by_day(*, budget: Budget) -> dict[datetime.date, int]:
    """Money committed and not released, by the (local) day it was committed."""
    return dict(
        Commitment.objects.filter(council_id=budget.council_id, budget=budget)
        .exclude(status=CommitmentStatus.RELEASED)
        .annotate(day=TruncDate("created_at"))
        .values("day")
        .annotate(total=Sum("amount_pence"))
        .values_list("day", "total")
    )


def budget_months(*, budget: Budget) -> list[MonthLine]:
    """Each month of the profile: planned beside committed (and not released) in that month."""
    committed: dict[datetime.date, int] = defaultdict(int)
    for day, total in _committed_by_day(budget=budget).items():
        committed[month_start(day)] += total
    return [
        MonthLine(month=month, planned_pence=planned, committed_pence=committed[month])
        for month, planned in sorted(budget_profile(budget=budget).items())
    ]


def budget_forecast(*, budget: Budget, today: datetime.date) -> Forecast | None:
    """The run-out date at the current rate, and planned beside committed to date; None outside
    the budget's period, where there is nothing to forecast."""
    if not budget.starts_on <= today <= budget.ends_on:
        return None
    window_start = rate_window_start(starts_on=budget.starts_on, today=today)
    by_day = _committed_by_day(budget=budget)
    return forecast(
        today=today,
        starts_on=budget.starts_on,
        ends_on=budget.ends_on,
        remaining_pence=budget.remaining_pence,
        committed_in_window_pence=sum(
            total for day, total in by_day.items() if window_start <= day <= today
        ),
        planned_to_date_pence=planned_to_date(
            budget_profile(budget=budget),
            starts_on=budget.starts_on,
            ends_on=budget.ends_on,
            today=today,
        ),
        committed_to_date_pence=budget.committed_pence,
    )


def budget_alerts(*, budget: Budget) -> QuerySet[BudgetAlert]:
    return BudgetAlert.objects.filter(council_id=budget.council_id, budget=budget).order_by(
        "percentage"
    )


def budget_threshold_changes(*, budget: Budget) -> QuerySet[AuditEvent]:
    """Who changed the priority level and why, newest first."""
    return AuditEvent.objects.filter(
        council_id=budget.council_id,
        action__in=THRESHOLD_ACTIONS,
        subject_type=Budget._meta.label,
        subject_id=str(budget.pk),
    )


@dataclass(frozen=True)
class BudgetOverview:
    """A budget as the budgets list shows it."""

    budget: Budget
    books: Books
    forecast: Forecast | None


@dataclass(frozen=True)
class BudgetDetail:
    """Everything the budget page shows."""

    budget: Budget
    books: Books
    forecast: Forecast | None
    months: list[MonthLine]
    alerts: list[BudgetAlert]
    threshold_changes: list[AuditEvent]


def budget_overviews(*, council: Council, today: datetime.date) -> list[BudgetOverview]:
    books = books_of(council=council)
    return [
        BudgetOverview(
            budget=budget,
            books=books[budget.pk],
            forecast=budget_forecast(budget=budget, today=today),
        )
        for budget in budgets_of(council=council)
    ]


def budget_detail(*, council: Council, budget_id: int, today: datetime.date) -> BudgetDetail | None:
    budget = budget_of(council=council, budget_id=budget_id)
    if budget is None:
        return None
    return BudgetDetail(
        budget=budget,
        books=budget_books(budget=budget),
        forecast=budget_forecast(budget=budget, today=today),
        months=budget_months(budget=budget),
        alerts=list(budget_alerts(budget=budget)),
        threshold_changes=list(budget_threshold_changes(budget=budget)[:10]),
    )
