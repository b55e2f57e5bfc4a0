"""Working days with the right UK bank holidays, for decision and review deadlines."""

import calendar
import datetime
from functools import lru_cache

import holidays
from django.db import models


class BankHolidayRegion(models.TextChoices):
    ENGLAND_AND_WALES = "ENG", "England and Wales"
    SCOTLAND = "SCT", "Scotland"
    NORTHERN_IRELAND = "NIR", "Northern Ireland"


@lru_cache(maxsize=8)
def _bank_holidays(region: str) -> holidays.HolidayBase:
    # Wales shares England's bank holidays; the package models them as subdivision ENG.
    return holidays.country_holidays("GB", subdiv=region, years=range(2020, 2036))


def is_working_day(day: datetime.date, *, region: str) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(region)


def add_working_days(start: datetime.date, days: int, *, region: str) -> datetime.date:
    """The date `days` working days after `start` (0 means `start` itself if it is one)."""
    day = start
    if days == 0:
        while not is_working_day(day, region=region):
            day += datetime.timedelta(days=1)
        return day
    remaining = days
    while remaining:
        day += datetime.timedelta(days=1)
        if is_working_day(day, region=region):
            remaining -= 1
    return day


def working_days_between(start: datetime.date, end: datetime.date, *, region: str) -> int:
    """Working days after `start` up to and including `end`; negative when `end` is earlier."""
    if end < start:
        return -working_days_between(end, start, region=region)
    count = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if is_working_day(day, region=region):
            count += 1
    return count


def working_day_before(day: datetime.date, *, region: str) -> datetime.date:
    """The last working day before `day`: when to remind someone of a deadline on `day`."""
    before = day - datetime.timedelta(days=1)
    while not is_working_day(before, region=region):
        before -= datetime.timedelta(days=1)
    return before


def add_calendar_months(day: datetime.date, months: int) -> datetime.date:
    """The same date `months` calendar months later; the month's last day if it has no such
    date (31 January plus one month is 28 February, or 29 in a leap year). Review windows are
    set in calendar months, not working days."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month_zero_based = divmod(month_index, 12)
    month = month_zero_based + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))
