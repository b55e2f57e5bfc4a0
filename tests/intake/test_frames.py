"""The applications frame: every row's policy inputs are exactly what policy_inputs gives."""

import datetime
from typing import Any

import pytest
from django.utils import timezone

from onestop.councils.models import Council
from onestop.intake.facts import policy_inputs
from onestop.intake.frames import applications_frame
from onestop.intake.models import Application, ApplicationStatus, Assessment
from onestop.intake.services import Circumstances, application_decided
from onestop.policy.facts import AWARD_HISTORY
from onestop.policy.models import Scheme
from onestop.policy.vocabulary import CrisisReason
from tests.factories import (
    address_details,
    london_time,
    make_council,
    make_scheme,
    member_details,
    person_details,
    submit_application,
)

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 4, 1)
END = datetime.date(2028, 3, 31)


def expected_inputs(application: Application) -> dict[str, Any]:
    """What the one-application path gives, as application_submit calls it."""
    members = [m.person.date_of_birth for m in application.members.select_related("person")]
    on = timezone.localtime(application.submitted_at).date()
    inputs = policy_inputs(application, members_dates_of_birth=members, on=on)
    inputs[AWARD_HISTORY] = list(inputs[AWARD_HISTORY])
    return inputs


def frame_rows(council: Council, scheme: Scheme) -> dict[str, dict[str, Any]]:
    frame = applications_frame(council=council, scheme=scheme, start=START, end=END)
    return {row["reference"]: row for row in frame.iter_rows(named=True)}


def award(application: Application, at: datetime.datetime) -> None:
    application_decided(application=application, status=ApplicationStatus.AWARDED, decided_at=at)


@pytest.fixture
def history(council: Council, scheme: Scheme) -> list[Application]:
    """One applicant's applications over two years, with awards near every boundary that
    matters: UK midnight, the clocks changing, the 400-day look-back, decided-after."""
    applicant = person_details(date_of_birth=datetime.date(1960, 2, 29))
    other_scheme = make_scheme(council=council, name="Housing Payment", reference_prefix="HP")
    made: list[Application] = []

    def apply(at: datetime.datetime, *, on: Scheme = scheme, **details: Any) -> Application:
        application = submit_application(
            council=council, scheme=on, applicant=applicant, submitted_at=at, **details
        )
        made.append(application)
        return application

    first = apply(london_time(2026, 5, 29))
    # Half an hour after midnight on 2 June, UK time: 1 June in UTC.
    award(first, london_time(2026, 6, 2, 0, 30))
    apply(london_time(2026, 6, 8, 9))  # six UK days after that award
    again = apply(london_time(2026, 6, 20))
    award(again, london_time(2026, 10, 25, 0, 30))  # the night the clocks go back
    # An award from another of the council's schemes does not use up this scheme's limits.
    elsewhere = apply(london_time(2026, 6, 21), on=other_scheme)
    award(elsewhere, london_time(2026, 10, 26, 12))
    # Decided after the next application was made: not an earlier award for it.
    slow = apply(london_time(2026, 11, 1, 10))
    apply(london_time(2026, 11, 1, 11))
    award(slow, london_time(2026, 11, 1, 12))
    # Refused: never counts.
    refused = apply(london_time(2026, 12, 1))
    application_decided(
        application=refused,
        status=ApplicationStatus.REFUSED,
        decided_at=london_time(2026, 12, 2),
    )
    # Exactly 400 days after the 2 June award: still counted; a minute later it is not.
    apply(london_time(2027, 7, 7, 0, 30))
    apply(london_time(2027, 7, 7, 0, 31))
    # A leap-day birthday: 67 on 1 March 2027, still 66 on 28 February.
    apply(london_time(2027, 2, 28, 23, 59))
    apply(london_time(2027, 3, 1, 0, 1))
    # Children on and around their fifth birthday, and an older child.
    apply(
        london_time(2027, 6, 2),
        members=[
            member_details(date_of_birth=datetime.date(2022, 6, 2)),  # 5 today
            member_details(date_of_birth=datetime.date(2022, 6, 3)),  # 5 tomorrow
            member_details(date_of_birth=datetime.date(2012, 1, 1)),  # 15
            member_details(date_of_birth=datetime.date(1990, 1, 1), relationship="partner"),
        ],
        crisis_reason=CrisisReason.NO_MONEY_FOR_FUEL,
        circumstances=Circumstances(
            pregnant=True, receives_housing_support=True, rent_arrears_pence=12_345
        ),
    )
    return made


def test_every_row_has_exactly_the_inputs_policy_inputs_gives(
    council: Council, scheme: Scheme, history: list[Application]
) -> None:
    rows = frame_rows(council, scheme)
    in_scheme = [a for a in history if a.scheme_id == scheme.pk]
    assert sorted(rows) == sorted(a.reference for a in in_scheme)
    for application in in_scheme:
        expected = expected_inputs(application)
        row = rows[application.reference]
        assert {name: row[name] for name in expected} == expected, application.submitted_at


def test_award_history_counts_uk_days_and_the_400_day_window(
    council: Council, scheme: Scheme, history: list[Application]
) -> None:
    by_time = {
        timezone.localtime(a.submitted_at).replace(tzinfo=None): a.reference for a in history
    }
    rows = frame_rows(council, scheme)

    def awards_before(year: int, month: int, day: int, hour: int, minute: int = 0) -> list[int]:
        return rows[by_time[datetime.datetime(year, month, day, hour, minute)]][AWARD_HISTORY]

    assert awards_before(2026, 6, 8, 9) == [6]  # 2 June to 8 June, UK days
    assert awards_before(2026, 11, 1, 11) == [7, 152]  # the slow award is not yet made
    assert awards_before(2027, 7, 7, 0, 30) == [248, 255, 400]
    assert awards_before(2027, 7, 7, 0, 31) == [248, 255]


def test_ages_count_from_the_uk_day_of_the_application(
    council: Council, scheme: Scheme, history: list[Application]
) -> None:
    rows = {row["applied_on"]: row for row in frame_rows(council, scheme).values()}
    assert rows[datetime.date(2027, 2, 28)]["applicant_age"] == 66
    assert rows[datetime.date(2027, 3, 1)]["applicant_age"] == 67
    family = rows[datetime.date(2027, 6, 2)]
    assert family["household_size"] == 5
    assert family["children_under_5"] == 1  # the child who is 5 today is not under 5
    assert family["children"] == 3  # under 16: not the partner


def test_the_period_runs_from_uk_midnight_to_uk_midnight(council: Council, scheme: Scheme) -> None:
    late_march = submit_application(scheme=scheme, submitted_at=london_time(2027, 3, 31, 23, 59))
    early_april = submit_application(scheme=scheme, submitted_at=london_time(2027, 4, 1, 0, 1))
    april_30 = submit_application(scheme=scheme, submitted_at=london_time(2027, 4, 30, 23, 59))
    submit_application(scheme=scheme, submitted_at=london_time(2027, 5, 1, 0, 1))
    submit_application(scheme=make_scheme(council=council), submitted_at=london_time(2027, 4, 2))
    submit_application(council=make_council(), submitted_at=london_time(2027, 4, 2))

    frame = applications_frame(
        council=council,
        scheme=scheme,
        start=datetime.date(2027, 4, 1),
        end=datetime.date(2027, 4, 30),
    )

    assert frame["reference"].to_list() == [early_april.reference, april_30.reference]
    assert frame["applied_on"].to_list() == [datetime.date(2027, 4, 1), datetime.date(2027, 4, 30)]
    assert late_march.reference not in frame["reference"].to_list()


def test_the_frame_carries_the_ward_and_the_latest_stored_assessment(
    council: Council, scheme: Scheme
) -> None:
    application = submit_application(
        scheme=scheme,
        submitted_at=london_time(2026, 6, 1),
        address=address_details(ward="Castle"),
    )
    stored = Assessment.objects.get(application=application)
    newer = Assessment.objects.create(
        council=council,
        application=application,
        outcome="not_eligible",
        criteria=[],
        facts={},
        proposed_award_pence=0,
        priority="low",
        policy_version="x",
        assessed_on=stored.assessed_on,
    )
    assert newer.pk > stored.pk

    (row,) = frame_rows(council, scheme).values()

    assert row["ward"] == "Castle"
    assert row["current_outcome"] == "not_eligible"
    assert row["current_award"] == 0
    assert row["application_id"] == application.pk


def test_the_frame_is_built_with_a_few_queries_however_many_applications(
    council: Council, scheme: Scheme, django_assert_max_num_queries: Any
) -> None:
    for day in range(1, 13):
        submit_application(
            scheme=scheme,
            submitted_at=london_time(2026, 6, day),
            members=[member_details(date_of_birth=datetime.date(2024, 1, day))],
        )
    with django_assert_max_num_queries(3):
        frame = applications_frame(council=council, scheme=scheme, start=START, end=END)
    assert frame.height == 12
    assert frame["children_under_5"].to_list() == [1] * 12


def test_a_period_with_no_applications_gives_an_empty_frame_with_every_column(
    council: Council, scheme: Scheme
) -> None:
    frame = applications_frame(council=council, scheme=scheme, start=START, end=END)
    assert frame.height == 0
    assert {"applicant_age", "household_size", AWARD_HISTORY, "ward", "applied_on"} <= set(
        frame.columns
    )
