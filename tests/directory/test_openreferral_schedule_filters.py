"""The Open Referral UK API's opening-time filters: `day`, `start_time` and `end_time` find the
services open on a day and within a period, from their own schedules and their locations',
leaving out schedules not in force today."""

import datetime
import uuid
from typing import Any

import pytest
from django.utils import timezone

from onestop.directory.models import Schedule, Service
from tests.directory.test_openreferral_api import assert_page, get, names
from tests.factories import directory_feed, load_directory, make_council

pytestmark = pytest.mark.django_db


def session(byday: str, opens: str, closes: str, **more: str) -> dict[str, str]:
    """One schedule as a feed gives it: weekly on the days in `byday`, unless `more` says."""
    return {
        "id": str(uuid.uuid4()),
        "freq": "WEEKLY",
        "byday": byday,
        "opens_at": opens,
        "closes_at": closes,
        **more,
    }


@pytest.fixture
def home() -> Any:
    """The demo town's directory, with opening times set out for these tests:

    - Advice line: weekdays 09:30 to 16:30 (until today), and a drop-in at its advice centre
      on Mondays 10:00 to 12:00
    - Benefits check: Mondays 09:00 to 12:00, and weekly 14:00 to 16:00 from Wednesday
      1 April 2026 (no byday: the day is dtstart's, as RFC 5545 has it)
    - Debt advice: every day 08:00 to 20:00 (daily, with no byday)
    - Energy advice: Fridays 13:00 to 17:00
    - Food Bank parcels: Tuesdays, Thursdays and Saturdays 10:00 to 13:00, at the church hall
      only
    - Housing options: weekdays 09:00 to 17:00 until yesterday, and Saturdays 09:00 to 12:00
      from tomorrow
    """
    today = timezone.localdate()
    yesterday, tomorrow = today - datetime.timedelta(days=1), today + datetime.timedelta(days=1)
    feed = directory_feed()
    services = {service["name"]: service for service in feed["services"]}
    services["Advice line"]["schedules"] = [
        session("MO,TU,WE,TH,FR", "09:30", "16:30", valid_to=today.isoformat())
    ]
    services["Advice line"]["service_at_locations"][0]["schedules"] = [
        session("MO", "10:00", "12:00")
    ]
    services["Benefits check"]["schedules"] = [
        session("MO", "09:00", "12:00"),
        session("", "14:00", "16:00", dtstart="2026-04-01"),
    ]
    services["Debt advice"]["schedules"] = [session("", "08:00", "20:00", freq="DAILY")]
    services["Energy advice"]["schedules"] = [session("FR", "13:00", "17:00")]
    food_bank = services["Northbridge Food Bank parcels"]
    food_bank["schedules"] = []
    food_bank["service_at_locations"][0]["schedules"] = [session("TU,TH,SA", "10:00", "13:00")]
    services["Housing options"]["schedules"] = [
        session("MO,TU,WE,TH,FR", "09:00", "17:00", valid_to=yesterday.isoformat()),
        session("SA", "09:00", "12:00", valid_from=tomorrow.isoformat()),
    ]
    council = make_council(slug="home")
    load_directory(council=council, feed=feed)
    return council


def test_monday_mornings_and_friday_afternoons_find_different_services(home: Any) -> None:
    monday_mornings = get("services", day="MO", start_time="09:00", end_time="12:00").json()
    friday_afternoons = get("services", day="FR", start_time="12:00", end_time="18:00").json()

    assert names(monday_mornings) == ["Advice line", "Benefits check"]
    assert names(friday_afternoons) == ["Energy advice"]
    assert_page(monday_mornings, "service")
    assert_page(friday_afternoons, "service")


@pytest.mark.parametrize("day", ["MO", "mo", "Monday", "MONDAY", " monday "])
def test_a_day_may_be_given_by_its_code_or_its_name(home: Any, day: str) -> None:
    assert names(get("services", day=day).json()) == [
        "Advice line",
        "Benefits check",
        "Debt advice",
    ]


def test_a_daily_schedule_with_no_days_listed_is_open_every_day(home: Any) -> None:
    assert names(get("services", day="SU").json()) == ["Debt advice"]
    assert "Debt advice" in names(get("services", day="WE").json())


def test_a_weekly_schedule_with_no_days_listed_is_open_on_its_first_days_weekday(
    home: Any,
) -> None:
    assert names(get("services", day="WE", start_time="14:00").json()) == ["Benefits check"]
    assert get("services", day="TH", start_time="14:00", end_time="16:00").json()["empty"]


def test_the_times_find_sessions_within_them_as_the_profile_defines(home: Any) -> None:
    def fridays(**times: str) -> list[str]:
        return names(get("services", day="FR", **times).json())

    # Energy advice is open on Fridays from 13:00 to 17:00.
    assert fridays(start_time="13:00", end_time="17:00") == ["Energy advice"]
    assert fridays(start_time="13:01", end_time="17:00") == []
    assert fridays(start_time="13:00", end_time="16:59") == []
    assert fridays(start_time="13:00") == ["Energy advice"]
    assert fridays(end_time="17:00:00") == ["Advice line", "Energy advice"]


def test_the_day_and_times_must_all_fit_the_same_schedule(home: Any) -> None:
    # The Advice line's Monday drop-in fits these times, and it is open on Fridays, but its
    # Friday session runs beyond them.
    assert names(get("services", start_time="10:00", end_time="12:00").json()) == ["Advice line"]
    assert get("services", day="FR", start_time="10:00", end_time="12:00").json()["empty"]


def test_a_session_past_midnight_is_found_only_by_a_period_past_midnight(home: Any) -> None:
    housing = Service.objects.get(council=home, name="Housing options")
    Schedule.objects.create(
        council=home,
        hsds_id=str(uuid.uuid4()),
        service=housing,
        freq="DAILY",
        description="Out of hours: 17:00 until 09:00 the next morning",
        opens_at=datetime.time(17, 0),
        closes_at=datetime.time(9, 0),
    )

    assert names(get("services", day="SU", start_time="17:00", end_time="09:00").json()) == [
        "Housing options"
    ]
    assert "Housing options" not in names(
        get("services", day="SU", start_time="08:00", end_time="20:00").json()
    )


def test_schedules_at_a_location_count_for_the_service(home: Any) -> None:
    services = get("services", day="SA").json()
    at_locations = get("service_at_locations", day="TU").json()

    assert names(services) == ["Debt advice", "Northbridge Food Bank parcels"]
    assert_page(at_locations, "service_at_location")
    assert sorted(at["service"]["name"] for at in at_locations["contents"]) == [
        "Advice line",
        "Northbridge Food Bank parcels",
    ]


def test_schedules_not_in_force_today_are_left_out(home: Any) -> None:
    # Housing options' weekday hours ended yesterday and its Saturday hours start tomorrow;
    # the Advice line's weekday hours end today, so still count.
    assert "Housing options" not in names(get("services", day="TU").json())
    assert "Housing options" not in names(get("services", day="SA").json())
    assert "Advice line" in names(get("services", day="TU").json())
    # Without opening-time filters the service is listed as before.
    assert "Housing options" in names(get("services").json())


def test_opening_times_combine_with_other_filters(home: Any) -> None:
    debt_on_mondays = get("services", day="Monday", search="debt").json()

    assert names(debt_on_mondays) == ["Advice line", "Debt advice"]


def test_opening_times_are_paginated_with_each_service_once(home: Any) -> None:
    # The Advice line has two Monday schedules, its own and its location's.
    first = get("services", day="MO", per_page=2).json()
    second = get("services", day="MO", per_page=2, page=2).json()
    full = get("services", day="MO", full="true").json()

    assert (first["total_items"], first["total_pages"], first["size"]) == (3, 2, 2)
    assert not first["last_page"]
    assert (second["page_number"], second["size"], second["last_page"]) == (2, 1, True)
    assert names(first) + names(second) == ["Advice line", "Benefits check", "Debt advice"]
    assert_page(full, "service")
    assert names(full) == ["Advice line", "Benefits check", "Debt advice"]


def test_blank_opening_filters_are_ignored(home: Any) -> None:
    body = get("services", day="", start_time=" ", end_time="").json()

    assert body["total_items"] == 6


@pytest.mark.parametrize(
    ("params", "detail"),
    [
        ({"day": "Funday"}, "day must be a day of the week, like MO or Monday."),
        ({"day": "M"}, "day must be a day of the week, like MO or Monday."),
        ({"day": "Mon"}, "day must be a day of the week, like MO or Monday."),
        ({"start_time": "9am"}, "start_time must be a time of day, like 09:30."),
        ({"start_time": "24:00"}, "start_time must be a time of day, like 09:30."),
        ({"end_time": "12:60"}, "end_time must be a time of day, like 09:30."),
        ({"end_time": "2026-04-01T12:00"}, "end_time must be a time of day, like 09:30."),
    ],
)
def test_bad_opening_filters_get_a_problem_that_says_what_to_send(
    home: Any, params: dict[str, str], detail: str
) -> None:
    services = get("services", **params)
    at_locations = get("service_at_locations", **params)

    for response in (services, at_locations):
        assert response.status_code == 400
        assert response["Content-Type"] == "application/problem+json"
        assert response.json()["detail"] == detail
