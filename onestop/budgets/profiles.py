"""A budget's monthly spend profile: which months it covers, an even split, checks, plan to date.

Pure functions over dates and pence, so the rules can be tested exhaustively without a database.
A profile is a mapping from the first day of each calendar month to the pence planned for it.
"""

import calendar
import datetime
from collections.abc import Mapping

from onestop.core.money import format_pounds

Profile = Mapping[datetime.date, int]


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def month_name(month: datetime.date) -> str:
    """'April 2026'."""
    return f"{month:%B %Y}"


def period_months(starts_on: datetime.date, ends_on: datetime.date) -> list[datetime.date]:
    """The first day of every calendar month the period touches, in order."""
    months = []
    month = month_start(starts_on)
    while month <= ends_on:
        months.append(month)
        month = month_end(month) + datetime.timedelta(days=1)
    return months


def days_in_period(month: datetime.date, starts_on: datetime.date, ends_on: datetime.date) -> int:
    """How many of the month's days fall within the period (a first or last month may be part)."""
    first = max(month, starts_on)
    last = min(month_end(month), ends_on)
    return max(0, (last - first).days + 1)


def even_profile(
    *, starts_on: datetime.date, ends_on: datetime.date, total_pence: int
) -> dict[datetime.date, int]:
    """The total spread by the number of the period's days in each month, to the penny.

    Each month gets its share rounded down; the pence left over by rounding go to the last month,
    so the months always add up to the total exactly.
    """
    months = period_months(starts_on, ends_on)
    period_days = (ends_on - starts_on).days + 1
    profile = {
        month: total_pence * days_in_period(month, starts_on, ends_on) // period_days
        for month in months
    }
    profile[months[-1]] += total_pence - sum(profile.values())
    return profile


def profile_problem(
    profile: Profile, *, starts_on: datetime.date, ends_on: datetime.date, total_pence: int
) -> str | None:
    """What is wrong with a profile for this budget, in words finance can act on; None if nothing."""
    months = period_months(starts_on, ends_on)
    outside = sorted(set(profile) - set(months))
    if outside:
        return (
            f"{month_name(outside[0])} is outside the budget's period, which runs from "
            f"{month_name(months[0])} to {month_name(months[-1])}. Plan spending only for those months."
        )
    missing = [month for month in months if month not in profile]
    if missing:
        return (
            f"Enter the planned spending for {month_name(missing[0])}. Every month from "
            f"{month_name(months[0])} to {month_name(months[-1])} needs an amount, even if it is £0."
        )
    negative = [month for month in months if profile[month] < 0]
    if negative:
        return f"The planned spending for {month_name(negative[0])} must be £0 or more."
    planned = sum(profile.values())
    if planned != total_pence:
        return (
            f"The months add up to {format_pounds(planned)}, but the budget is "
            f"{format_pounds(total_pence)}. Change the months so they add up to the budget."
        )
    return None


def planned_to_date(
    profile: Profile, *, starts_on: datetime.date, ends_on: datetime.date, today: datetime.date
) -> int:
    """What the profile plans to have been spent by the end of `today`.

    Whole months before today's month count in full; today's month counts pro rata by the
    period's days in it that have begun (rounded down to the penny).
    """
    if today < starts_on:
        return 0
    today = min(today, ends_on)
    current = month_start(today)
    planned = sum(pence for month, pence in profile.items() if month < current)
    days_so_far = (today - max(current, starts_on)).days + 1
    days_planned = days_in_period(current, starts_on, ends_on)
    return planned + profile.get(current, 0) * days_so_far // days_planned
