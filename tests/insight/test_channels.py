"""Channel fairness: the figures equal a count made straight from the cases, and the page and
CSV show them to managers only."""

import csv
import datetime
import io
import statistics

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.casework.models import DecisionOutcome, Review, ReviewOutcome, ReviewStatus
from onestop.casework.services.decisions import decision_record
from onestop.core.roles import Role
from onestop.insight.selectors.channels import (
    ChannelFigures,
    Period,
    channel_figures,
    default_period,
    duration_words,
    gap_sentences,
)
from onestop.intake.models import Application, ApplicationStatus, Channel
from tests import factories

PASSWORD = "a-long-password-for-tests-only"

# One case: how it came in, how many hours ago, what was decided, what happened on review.
cases = st.lists(
    st.tuples(
        st.sampled_from(list(Channel)),
        st.integers(min_value=1, max_value=24 * 60),
        st.sampled_from(["undecided", "award", "refuse"]),
        st.sampled_from(["none", "asked", "changed"]),
    ),
    max_size=8,
)


def build_case(scheme, decider, channel, hours_ago, outcome, review) -> Application:
    application = factories.submit_application(
        scheme=scheme,
        channel=channel,
        submitted_at=timezone.now() - datetime.timedelta(hours=hours_ago),
    )
    if outcome == "undecided":
        return application
    decision_record(
        membership=decider,
        application=application,
        outcome=DecisionOutcome(outcome),
        reasons="Decided for the test.",
        amount_pence=6_000 if outcome == "award" else 0,
        discretion_reason="" if outcome == "award" else "other",
        discretion_details="" if outcome == "award" else "Refused for the test.",
    )
    if review != "none":
        made = factories.make_review(application=application)
        if review == "changed":
            # No need to go through the review service: only the outcome is counted here.
            Review.objects.filter(pk=made.pk).update(
                status=ReviewStatus.DECIDED,
                outcome=ReviewOutcome.CHANGED,
                amount_pence=made.original_amount_pence + 1_000,
                decided_at=timezone.now(),
            )
    return application


def counted_from_cases(applications: list[Application]) -> dict[Channel, dict]:
    """The expected figures, counted from the stored cases in the plainest way."""
    expected = {}
    for channel in Channel:
        mine = [a for a in applications if a.channel == channel]
        decided = [a for a in mine if a.status in ("awarded", "refused")]
        reviews = Review.objects.filter(application__in=mine)
        expected[channel] = {
            "applications": len(mine),
            "decided": len(decided),
            "awarded": sum(a.status == ApplicationStatus.AWARDED for a in decided),
            "median_hours_to_decision": statistics.median(
                (a.decided_at - a.submitted_at).total_seconds() / 3600 for a in decided
            )
            if decided
            else None,
            "reviews_asked": reviews.count(),
            "reviews_changed": reviews.filter(outcome=ReviewOutcome.CHANGED).count(),
        }
    return expected


@pytest.fixture
def setting(db):
    council = factories.make_council()
    scheme = factories.make_scheme(council=council)
    factories.make_budget(scheme=scheme, total_pence=10_000_000)
    decider = factories.make_membership(role=Role.DECISION_MAKER, council=council)
    return council, scheme, decider


@settings(max_examples=30)  # each example submits and decides real applications
@given(mix=cases)
def test_the_figures_equal_a_count_made_from_the_cases(setting, rolled_back, mix):
    council, scheme, decider = setting
    with rolled_back():
        built = [build_case(scheme, decider, *case) for case in mix]
        applications = list(Application.objects.filter(pk__in=[a.pk for a in built]))

        rows = channel_figures(council=council, period=default_period(timezone.localdate()))

        expected = counted_from_cases(applications)
        assert [row.channel for row in rows] == list(Channel)
        for row in rows:
            got = {
                "applications": row.applications,
                "decided": row.decided,
                "awarded": row.awarded,
                "median_hours_to_decision": row.median_hours_to_decision,
                "reviews_asked": row.reviews_asked,
                "reviews_changed": row.reviews_changed,
            }
            assert got == pytest.approx(expected[row.channel]), row.channel


def test_only_the_period_the_scheme_and_the_council_asked_for_are_counted(setting):
    council, scheme, decider = setting
    other_scheme = factories.make_scheme(council=council)
    today = timezone.localdate()
    build_case(scheme, decider, Channel.WEB, 5, "award", "none")
    build_case(scheme, decider, Channel.WEB, 24 * 100, "award", "none")  # before the period
    build_case(other_scheme, decider, Channel.WEB, 5, "undecided", "none")
    factories.submit_application(channel=Channel.WEB)  # another council's

    everything = channel_figures(council=council, period=default_period(today))
    one_scheme = channel_figures(council=council, period=default_period(today), scheme=scheme)
    long_ago = channel_figures(
        council=council, period=Period(today - datetime.timedelta(days=200), today)
    )

    web = Channel.WEB.value
    assert next(r for r in everything if r.channel == web).applications == 2
    assert next(r for r in one_scheme if r.channel == web).applications == 1
    assert next(r for r in long_ago if r.channel == web).applications == 3


def figures(channel, decided, awarded, hours=None) -> ChannelFigures:
    return ChannelFigures(channel, decided, decided, awarded, hours, 0, 0)


def test_the_gap_to_the_best_channel_is_said_in_words():
    rows = [
        figures(Channel.WEB, 100, 60, hours=72),
        figures(Channel.PHONE, 100, 72, hours=24),
        figures(Channel.KIOSK, 4, 2, hours=30),
        figures(Channel.PARTNER, 0, 0),
    ]

    sentences = gap_sentences(rows)

    assert (
        "Online applicants were awarded 12 percentage points less often than phone applicants."
        in sentences
    )
    assert (
        "Kiosk applicants were awarded 22 percentage points less often than phone applicants "
        "(only 4 decided, so this may be chance)." in sentences
    )
    assert (
        "Online applicants waited 2 days longer for a decision than phone applicants (median)."
        in sentences
    )
    assert not any("partners" in s for s in sentences)


def test_durations_read_as_hours_then_days():
    assert duration_words(1) == "1 hour"
    assert duration_words(5.25) == "5.2 hours"
    assert duration_words(60) == "2.5 days"


def staff_client(council, role) -> Client:
    user = factories.make_user(password=PASSWORD)
    factories.make_membership(role=role, council=council, user=user)
    client = Client()
    client.force_login(user)
    return client


def test_managers_see_the_table_and_the_gap_and_can_download_it(setting):
    council, scheme, decider = setting
    build_case(scheme, decider, Channel.WEB, 10, "refuse", "changed")
    build_case(scheme, decider, Channel.PHONE, 3, "award", "none")
    client = staff_client(council, Role.TEAM_LEADER)

    page = client.get(f"/staff/{council.slug}/insight/channels/")
    download = client.get(f"/staff/{council.slug}/insight/channels/channel-fairness.csv")

    assert page.status_code == 200
    text = page.content.decode()
    assert "Channel fairness" in text
    assert '<table class="govuk-table' in text
    assert (
        "Online applicants were awarded 100 percentage points less often than phone applicants"
        in text
    )
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(download.content.decode())))
    by_channel = {row["channel"]: row for row in rows}
    assert by_channel["Online"]["applications"] == "1"
    assert by_channel["Online"]["award_rate_percent"] == "0.0"
    assert by_channel["Online"]["reviews_changed_decision"] == "1"
    assert by_channel["Phone"]["awarded"] == "1"
    assert by_channel["Kiosk"]["award_rate_percent"] == ""


def test_a_period_that_ends_before_it_starts_is_an_error(setting):
    council, _, _ = setting
    client = staff_client(council, Role.ADMIN)

    page = client.get(
        f"/staff/{council.slug}/insight/channels/",
        {
            "start_day": "1",
            "start_month": "6",
            "start_year": "2026",
            "end_day": "1",
            "end_month": "5",
            "end_year": "2026",
        },
    )

    text = page.content.decode()
    assert "There is a problem" in text
    assert "The date to count to must be the same as or after the date to count from" in text
    assert "<table" not in text


def test_decision_makers_and_advisers_may_not_see_it(setting):
    council, _, _ = setting
    for role in (Role.DECISION_MAKER, Role.ADVISER, Role.FINANCE):
        assert (
            staff_client(council, role).get(f"/staff/{council.slug}/insight/channels/").status_code
            == 403
        )
