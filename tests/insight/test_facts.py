"""The daily facts equal a count made straight from the cases, however they were built: all at
once, or a few changed days at a time."""

import datetime
from collections import Counter

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.casework.models import Review, ReviewOutcome, ReviewStatus
from onestop.core.roles import Role
from onestop.daily import DAILY_JOBS
from onestop.insight.facts import facts_build
from onestop.insight.models import DailyFact, FactBuild, FactMeasure, HouseholdType
from onestop.intake.models import Application, ApplicationStatus, Channel
from onestop.intake.services import Circumstances
from onestop.people.services import MemberDetails
from tests import factories
from tests.insight.test_channels import build_case

cases = st.lists(
    st.tuples(
        st.sampled_from([Channel.WEB, Channel.PHONE, Channel.PARTNER]),
        st.integers(min_value=1, max_value=24 * 40),
        st.sampled_from(["undecided", "award", "refuse"]),
        st.sampled_from(["none", "asked", "changed"]),
    ),
    max_size=6,
)


def local_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment).date()


def from_cases(council) -> Counter:
    """(measure, day, channel) -> count, made the plainest way from the stored cases."""
    counted: Counter = Counter()
    for application in Application.objects.filter(council=council):
        counted[
            (FactMeasure.APPLIED, local_day(application.submitted_at), application.channel)
        ] += 1
        if application.status in (ApplicationStatus.AWARDED, ApplicationStatus.REFUSED):
            day = local_day(application.decided_at)
            counted[(FactMeasure.DECIDED, day, application.channel)] += 1
            measure = (
                FactMeasure.AWARDED
                if application.status == ApplicationStatus.AWARDED
                else FactMeasure.REFUSED
            )
            counted[(measure, day, application.channel)] += 1
    for review in Review.objects.filter(council=council).select_related("application"):
        counted[(FactMeasure.REVIEW_ASKED, review.requested_on, review.application.channel)] += 1
        if review.outcome == ReviewOutcome.CHANGED:
            counted[
                (
                    FactMeasure.REVIEW_CHANGED,
                    local_day(review.decided_at),
                    review.application.channel,
                )
            ] += 1
    return counted


def from_facts(council) -> Counter:
    counted: Counter = Counter()
    measures = {
        FactMeasure.APPLIED,
        FactMeasure.DECIDED,
        FactMeasure.AWARDED,
        FactMeasure.REFUSED,
        FactMeasure.REVIEW_ASKED,
        FactMeasure.REVIEW_CHANGED,
    }
    for fact in DailyFact.objects.filter(council=council, measure__in=measures):
        counted[(fact.measure, fact.day, fact.channel)] += fact.count
    return counted


@pytest.fixture
def setting(db):
    council = factories.make_council()
    scheme = factories.make_scheme(council=council)
    factories.make_budget(scheme=scheme, total_pence=10_000_000)
    decider = factories.make_membership(role=Role.DECISION_MAKER, council=council)
    return council, scheme, decider


@settings(max_examples=25)  # each example submits and decides real applications
@given(first=cases, then=cases)
def test_facts_built_at_once_or_bit_by_bit_equal_the_cases(setting, rolled_back, first, then):
    council, scheme, decider = setting
    with rolled_back():
        for case in first:
            build_case(scheme, decider, *case)
        facts_build(council=council)
        assert from_facts(council) == from_cases(council)

        # More happens: new cases, and an earlier one is decided; only changed days recount.
        for case in then:
            build_case(scheme, decider, *case)
        waiting = Application.objects.filter(
            council=council, status=ApplicationStatus.AWAITING_DECISION
        ).first()
        if waiting is not None:
            factories.make_award(application=waiting, membership=decider)
        facts_build(council=council)
        assert from_facts(council) == from_cases(council)

        everything = sorted(
            DailyFact.objects.filter(council=council).values_list(
                "day", "measure", "channel", "count", "pence"
            )
        )
        facts_build(council=council, full=True)
        assert (
            sorted(
                DailyFact.objects.filter(council=council).values_list(
                    "day", "measure", "channel", "count", "pence"
                )
            )
            == everything
        )


def test_an_award_counts_its_value_and_time_to_decision(setting):
    council, scheme, decider = setting
    application = build_case(scheme, decider, Channel.WEB, 30, "award", "none")
    application.refresh_from_db()

    facts_build(council=council)

    awarded = DailyFact.objects.get(council=council, measure=FactMeasure.AWARDED)
    decided = DailyFact.objects.get(council=council, measure=FactMeasure.DECIDED)
    assert (awarded.count, awarded.pence) == (1, 6_000)
    expected_hours = (application.decided_at - application.submitted_at).total_seconds() / 3600
    assert decided.hours == pytest.approx(expected_hours)
    assert DailyFact.objects.filter(measure=FactMeasure.DECIDED_IN_TIME).count() == 1


def test_each_household_counts_as_one_type_children_first(setting):
    council, scheme, _ = setting
    today = timezone.localdate()

    def born(years: int) -> datetime.date:
        return today.replace(year=today.year - years) - datetime.timedelta(days=1)

    factories.submit_application(
        scheme=scheme,
        applicant=factories.person_details(date_of_birth=born(70)),
        members=[MemberDetails("Ada", "Example", born(5), "child")],
    )
    factories.submit_application(
        scheme=scheme, applicant=factories.person_details(date_of_birth=born(70))
    )
    factories.submit_application(
        scheme=scheme,
        applicant=factories.person_details(date_of_birth=born(40)),
        circumstances=Circumstances(disabled=True),
    )
    factories.submit_application(
        scheme=scheme, applicant=factories.person_details(date_of_birth=born(40))
    )

    facts_build(council=council)

    types = Counter()
    for fact in DailyFact.objects.filter(council=council, measure=FactMeasure.APPLIED):
        types[fact.household_type] += fact.count
    assert types == {
        HouseholdType.CHILDREN: 1,
        HouseholdType.PENSIONERS: 1,
        HouseholdType.DISABLED: 1,
        HouseholdType.OTHER: 1,
    }


def test_applying_again_within_90_days_is_a_repeat(setting):
    council, scheme, _ = setting
    now = timezone.now()
    same = {
        "applicant": factories.person_details(first_name="Repeat", last_name="Applicant"),
        "address": factories.address_details(address_line_1="3 Repeat Row", postcode="NB1 2AB"),
    }
    factories.submit_application(
        scheme=scheme, submitted_at=now - datetime.timedelta(days=200), **same
    )
    factories.submit_application(
        scheme=scheme, submitted_at=now - datetime.timedelta(days=30), **same
    )
    factories.submit_application(scheme=scheme, submitted_at=now, **same)

    facts_build(council=council)

    repeats = DailyFact.objects.filter(council=council, measure=FactMeasure.REPEAT)
    assert sorted(fact.day for fact in repeats) == [local_day(now)]
    assert sum(fact.count for fact in repeats) == 1


def test_a_build_with_nothing_changed_recounts_nothing_and_another_council_is_untouched(setting):
    council, scheme, decider = setting
    build_case(scheme, decider, Channel.WEB, 5, "award", "none")
    other = factories.submit_application(channel=Channel.PHONE)

    first = facts_build(council=council)
    # The next build, a while later, with nothing changed since (past the builder's grace).
    FactBuild.objects.filter(council=council).update(
        changes_until=timezone.now() + datetime.timedelta(minutes=6)
    )
    again = facts_build(council=council)

    assert first.rows > 0
    assert (again.days, again.rows) == (0, 0)
    assert not DailyFact.objects.filter(council=other.council).exists()
    assert FactBuild.objects.filter(council=council).count() == 1


def test_the_daily_jobs_bring_the_facts_up_to_date_last():
    assert DAILY_JOBS[-1].name == "Bring the insight facts up to date"


def test_a_decision_changed_on_review_counts_on_the_day_it_changed(setting):
    council, scheme, decider = setting
    application = build_case(scheme, decider, Channel.PHONE, 48, "award", "changed")
    facts_build(council=council)
    review = Review.objects.get(application=application)
    changed = DailyFact.objects.get(council=council, measure=FactMeasure.REVIEW_CHANGED)
    assert review.status == ReviewStatus.DECIDED
    assert changed.day == local_day(review.decided_at)


def test_a_first_build_over_more_applications_than_a_query_may_name_counts_them_all(
    setting, monkeypatch
):
    # A large council's first build names more ids than one statement may carry, so they go a
    # batch at a time; batches of two here stand for batches of 20,000.
    monkeypatch.setattr("onestop.insight.facts._IDS_PER_QUERY", 2)
    council, scheme, decider = setting
    for hours_ago, outcome in ((5, "award"), (30, "refuse"), (50, "award"), (70, "undecided")):
        build_case(scheme, decider, Channel.WEB, hours_ago, outcome, "asked")
    factories.submit_application(
        scheme=scheme, members=[MemberDetails("Ada", "Example", datetime.date(2022, 1, 1), "child")]
    )

    facts_build(council=council, full=True)

    assert from_facts(council) == from_cases(council)
    awarded = DailyFact.objects.filter(council=council, measure=FactMeasure.AWARDED)
    assert sum(fact.pence for fact in awarded) == 12_000
    children = DailyFact.objects.filter(
        council=council, measure=FactMeasure.APPLIED, household_type=HouseholdType.CHILDREN
    )
    assert sum(fact.count for fact in children) == 1
