"""Working days with each UK nation's bank holidays, as GOV.UK publishes them.

The dates below are written out by hand from the published lists (gov.uk/bank-holidays), not
read back from the `holidays` package, so the tests would notice the package being wrong.
"""

import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.core.working_days import (
    BankHolidayRegion,
    add_working_days,
    is_working_day,
    working_day_before,
    working_days_between,
)

ENG = BankHolidayRegion.ENGLAND_AND_WALES
SCT = BankHolidayRegion.SCOTLAND
NIR = BankHolidayRegion.NORTHERN_IRELAND
D = datetime.date


@pytest.mark.parametrize(
    ("day", "england_and_wales", "scotland", "northern_ireland", "why"),
    [
        (D(2026, 1, 1), False, False, False, "New Year's Day everywhere"),
        (D(2026, 1, 2), True, False, True, "2 January is a bank holiday only in Scotland"),
        (D(2027, 1, 4), True, False, True, "2 January 2027 is a Saturday: Scotland's substitute"),
        (D(2026, 3, 17), True, True, False, "St Patrick's Day, Northern Ireland only"),
        (D(2027, 3, 17), True, True, False, "St Patrick's Day, Northern Ireland only"),
        (D(2026, 4, 3), False, False, False, "Good Friday everywhere"),
        (D(2026, 4, 6), False, True, False, "Easter Monday is not a bank holiday in Scotland"),
        (D(2027, 3, 29), False, True, False, "Easter Monday 2027"),
        (D(2026, 5, 4), False, False, False, "Early May bank holiday everywhere"),
        (D(2026, 5, 25), False, False, False, "Spring bank holiday everywhere"),
        (D(2026, 7, 13), True, True, False, "Battle of the Boyne (12 July is a Sunday)"),
        (D(2026, 8, 3), True, False, True, "Summer bank holiday in Scotland: first Monday"),
        (D(2026, 8, 31), False, True, False, "Summer bank holiday elsewhere: last Monday"),
        (D(2026, 11, 30), True, False, True, "St Andrew's Day, Scotland only"),
        (D(2025, 12, 1), True, False, True, "St Andrew's Day 2025 is a Sunday: substitute"),
        (D(2026, 12, 25), False, False, False, "Christmas Day"),
        (D(2026, 12, 28), False, False, False, "Boxing Day 2026 is a Saturday: substitute"),
        (D(2027, 12, 27), False, False, False, "Christmas Day 2027 is a Saturday: substitute"),
        (D(2027, 12, 28), False, False, False, "Boxing Day 2027 is a Sunday: substitute"),
        (D(2026, 6, 16), True, True, True, "an ordinary Tuesday"),
        (D(2026, 6, 13), False, False, False, "a Saturday"),
        (D(2026, 6, 14), False, False, False, "a Sunday"),
    ],
)
def test_working_days_follow_each_nations_bank_holidays(
    day: datetime.date, england_and_wales: bool, scotland: bool, northern_ireland: bool, why: str
) -> None:
    assert is_working_day(day, region=ENG) is england_and_wales, why
    assert is_working_day(day, region=SCT) is scotland, why
    assert is_working_day(day, region=NIR) is northern_ireland, why


def test_one_working_day_after_the_friday_before_a_bank_holiday_monday() -> None:
    friday = D(2026, 8, 28)  # England's summer bank holiday is Monday 31 August 2026
    assert add_working_days(friday, 1, region=ENG) == D(2026, 9, 1)
    assert add_working_days(friday, 1, region=NIR) == D(2026, 9, 1)
    assert add_working_days(friday, 1, region=SCT) == D(2026, 8, 31)


def test_easter_in_england_and_in_scotland() -> None:
    maundy_thursday = D(2026, 4, 2)
    assert add_working_days(maundy_thursday, 1, region=ENG) == D(2026, 4, 7)
    assert add_working_days(maundy_thursday, 1, region=SCT) == D(2026, 4, 6)


def test_christmas_and_new_year_2026() -> None:
    christmas_eve = D(2026, 12, 24)  # Thursday; then Christmas, weekend, Boxing Day substitute
    assert add_working_days(christmas_eve, 1, region=ENG) == D(2026, 12, 29)
    new_years_eve = D(2026, 12, 31)  # Thursday; 1 January, then 2 January in Scotland
    assert add_working_days(new_years_eve, 1, region=ENG) == D(2027, 1, 4)
    assert add_working_days(new_years_eve, 1, region=SCT) == D(2027, 1, 5)


def test_zero_working_days_is_today_or_the_next_working_day() -> None:
    assert add_working_days(D(2026, 6, 16), 0, region=ENG) == D(2026, 6, 16)
    assert add_working_days(D(2026, 6, 13), 0, region=ENG) == D(2026, 6, 15)  # Saturday
    assert add_working_days(D(2026, 8, 29), 0, region=ENG) == D(2026, 9, 1)  # bank holiday weekend


def test_a_weekend_does_not_count() -> None:
    friday = D(2026, 6, 12)
    assert add_working_days(friday, 1, region=ENG) == D(2026, 6, 15)
    assert add_working_days(friday, 5, region=ENG) == D(2026, 6, 19)
    assert working_days_between(friday, D(2026, 6, 15), region=ENG) == 1
    assert working_days_between(D(2026, 6, 15), friday, region=ENG) == -1


DAYS = st.dates(min_value=D(2025, 1, 1), max_value=D(2034, 12, 31))
REGIONS = st.sampled_from([ENG, SCT, NIR])


@given(start=DAYS, days=st.integers(min_value=1, max_value=40), region=REGIONS)
def test_adding_working_days_lands_on_a_working_day_that_far_away(
    start: datetime.date, days: int, region: str
) -> None:
    due = add_working_days(start, days, region=region)
    assert is_working_day(due, region=region)
    assert working_days_between(start, due, region=region) == days


@pytest.mark.parametrize(
    ("region", "expected"),
    [
        # St Andrew's Day, Monday 30 November 2026, is a bank holiday in Scotland only.
        (BankHolidayRegion.SCOTLAND, datetime.date(2026, 11, 27)),
        (BankHolidayRegion.ENGLAND_AND_WALES, datetime.date(2026, 11, 30)),
    ],
)
def test_the_working_day_before_a_deadline_skips_the_regions_bank_holidays(
    region: str, expected: datetime.date
) -> None:
    assert working_day_before(datetime.date(2026, 12, 1), region=region) == expected
