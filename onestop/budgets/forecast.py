"""When a budget's money runs out at the current rate of spending, worked out in whole pence."""

import datetime
from dataclasses import dataclass

RATE_WINDOW_DAYS = 28


@dataclass(frozen=True)
class Forecast:
    """The run-out date at the average daily rate of commitments over the last 28 days (or since
    the budget started, if that is shorter), beside what the profile planned by today."""

    today: datetime.date
    planned_to_date_pence: int
    committed_to_date_pence: int
    window_days: int
    committed_in_window_pence: int
    runs_out_on: datetime.date | None
    outlasts_period: bool

    @property
    def daily_rate_pence(self) -> int:
        """The average committed a day over the window, rounded down, for showing."""
        return self.committed_in_window_pence // self.window_days if self.window_days else 0

    @property
    def nothing_being_spent(self) -> bool:
        return self.runs_out_on is None and not self.outlasts_period


def rate_window_start(*, starts_on: datetime.date, today: datetime.date) -> datetime.date:
    return max(starts_on, today - datetime.timedelta(days=RATE_WINDOW_DAYS - 1))


def forecast(
    *,
    today: datetime.date,
    starts_on: datetime.date,
    ends_on: datetime.date,
    remaining_pence: int,
    committed_in_window_pence: int,
    planned_to_date_pence: int,
    committed_to_date_pence: int,
) -> Forecast:
    """The day the remaining money is used up if commitments go on at the window's rate.

    The window is counted in whole days up to and including today. With nothing committed in the
    window there is no run-out date; a date after the budget ends is reported as outlasting it.
    """
    window_days = (today - rate_window_start(starts_on=starts_on, today=today)).days + 1
    window_days = max(window_days, 0)
    runs_out_on = None
    outlasts_period = False
    if committed_in_window_pence > 0 and window_days > 0:
        # Days until run out = remaining ÷ (committed ÷ days), rounded up, without floats.
        days_left = -(-remaining_pence * window_days // committed_in_window_pence)
        runs_out_on = today + datetime.timedelta(days=days_left)
        if runs_out_on > ends_on:
            runs_out_on = None
            outlasts_period = True
    return Forecast(
        today=today,
        planned_to_date_pence=planned_to_date_pence,
        committed_to_date_pence=committed_to_date_pence,
        window_days=window_days,
        committed_in_window_pence=committed_in_window_pence,
        runs_out_on=runs_out_on,
        outlasts_period=outlasts_period,
    )
