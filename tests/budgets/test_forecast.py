"""Forecasts: when the money runs out at the current rate, and the plan beside what is committed."""

import datetime

import pytest
from django.utils import timezone

from onestop.budgets.forecast import Forecast, forecast
from onestop.budgets.models import Budget, Commitment
from onestop.budgets.profiles import month_start
from onestop.budgets.selectors import budget_forecast, budget_months
from onestop.budgets.services import commitment_create, commitment_release
from onestop.policy.models import Scheme
from tests.factories import make_budget, submit_application

TODAY = datetime.date(2026, 6, 15)
DAY = datetime.timedelta(days=1)


def forecast_for(
    *,
    starts_on: datetime.date,
    remaining: int,
    in_window: int,
    ends_on: datetime.date | None = None,
) -> Forecast:
    return forecast(
        today=TODAY,
        starts_on=starts_on,
        ends_on=ends_on or datetime.date(2027, 3, 31),
        remaining_pence=remaining,
        committed_in_window_pence=in_window,
        planned_to_date_pence=0,
        committed_to_date_pence=0,
    )


def test_the_rate_is_the_average_over_the_last_28_days() -> None:
    result = forecast_for(starts_on=datetime.date(2026, 4, 1), remaining=10_000, in_window=28_000)
    assert result.window_days == 28
    assert result.daily_rate_pence == 1_000
    assert result.runs_out_on == TODAY + 10 * DAY


def test_a_budget_younger_than_28_days_averages_since_it_started() -> None:
    result = forecast_for(starts_on=TODAY - 6 * DAY, remaining=10_000, in_window=7_000)
    assert result.window_days == 7
    assert result.runs_out_on == TODAY + 10 * DAY


def test_part_of_a_day_left_counts_as_a_day() -> None:
    result = forecast_for(starts_on=datetime.date(2026, 4, 1), remaining=10_001, in_window=28_000)
    assert result.runs_out_on == TODAY + 11 * DAY


def test_with_nothing_being_spent_there_is_no_run_out_date() -> None:
    result = forecast_for(starts_on=datetime.date(2026, 4, 1), remaining=10_000, in_window=0)
    assert result.runs_out_on is None
    assert result.nothing_being_spent


def test_money_that_outlasts_the_period_says_so() -> None:
    result = forecast_for(
        starts_on=datetime.date(2026, 4, 1),
        ends_on=TODAY + 9 * DAY,
        remaining=10_000,
        in_window=28_000,
    )
    assert result.runs_out_on is None
    assert result.outlasts_period
    assert not result.nothing_being_spent


@pytest.fixture
def spending(scheme: Scheme) -> Budget:
    """£3,000, started 60 days ago: £1,000 committed 40 days ago, £560 ten days ago, and £200
    committed and released again yesterday."""
    today = timezone.localdate()
    budget = make_budget(
        scheme=scheme,
        total_pence=300_000,
        starts_on=today - 60 * DAY,
        ends_on=today + 300 * DAY,
    )

    def commit(pence: int, days_ago: int) -> Commitment:
        commitment = commitment_create(
            actor=None,
            budget=budget,
            application=submit_application(scheme=scheme),
            amount_pence=pence,
        )
        noon = datetime.datetime.combine(today - days_ago * DAY, datetime.time(12))
        Commitment.objects.filter(pk=commitment.pk).update(created_at=timezone.make_aware(noon))
        return commitment

    commit(100_000, 40)
    commit(56_000, 10)
    commitment_release(actor=None, commitment=commit(20_000, 1), reason="Award cancelled")
    budget.refresh_from_db()
    return budget


def test_the_forecast_uses_money_committed_in_the_window_and_not_released(
    spending: Budget,
) -> None:
    today = timezone.localdate()
    result = budget_forecast(budget=spending, today=today)
    assert result is not None
    assert result.committed_in_window_pence == 56_000
    assert result.daily_rate_pence == 2_000
    assert result.committed_to_date_pence == 156_000
    # £1,440 left at £20 a day.
    assert result.runs_out_on == today + 72 * DAY
    assert 0 < result.planned_to_date_pence < 300_000


def test_there_is_no_forecast_outside_the_budgets_period(spending: Budget) -> None:
    assert budget_forecast(budget=spending, today=spending.ends_on + DAY) is None
    assert budget_forecast(budget=spending, today=spending.starts_on - DAY) is None


def test_each_month_shows_planned_beside_committed(spending: Budget) -> None:
    months = budget_months(budget=spending)
    assert sum(m.planned_pence for m in months) == 300_000
    assert sum(m.committed_pence for m in months) == 156_000
    ten_days_ago = month_start(timezone.localdate() - 10 * DAY)
    assert next(m for m in months if m.month == ten_days_ago).committed_pence >= 56_000
