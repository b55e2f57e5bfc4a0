"""The public performance page: sums of the daily facts for a full month or quarter, where no
count from 1 to 4 ever shows, nothing worked out from one shows, and no hidden count can be
worked out from a total; open to anyone, with no personal details, as a page and as CSV."""

import csv
import datetime
import io
import re
from collections import Counter, defaultdict

import pytest
from django.test import Client
from django.utils import timezone, translation
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.casework.models import DecisionOutcome
from onestop.casework.services.decisions import decision_record
from onestop.core.roles import Role
from onestop.insight.facts import facts_build
from onestop.insight.models import DailyFact, FactBuild, FactMeasure
from onestop.insight.selectors.public import (
    COUNTED,
    FIGURES,
    Hidden,
    PeriodKind,
    PublicPerformance,
    Unit,
    last_full_month,
    last_full_quarter,
    period_choices,
    period_from_key,
    public_performance,
    suppress,
)
from onestop.intake.models import Application, Channel
from onestop.notifications.language import written_date
from tests import factories

SMALL = {1, 2, 3, 4}
# The figures each shown figure is worked out from, besides itself.
WORKED_OUT_FROM = {
    "applications": [FactMeasure.APPLIED],
    "decisions": [FactMeasure.DECIDED],
    "awards": [FactMeasure.AWARDED],
    "award_rate": [FactMeasure.AWARDED, FactMeasure.DECIDED],
    "total_awarded": [FactMeasure.AWARDED],
    "decided_in_time": [FactMeasure.DECIDED_IN_TIME, FactMeasure.DECIDED],
    "mean_days_to_decision": [FactMeasure.DECIDED],
    "reviews": [FactMeasure.REVIEW_ASKED],
    "changed_on_review": [FactMeasure.REVIEW_CHANGED, FactMeasure.DECIDED],
    "complaints": [FactMeasure.COMPLAINT],
    "referrals": [FactMeasure.REFERRAL],
}


def page_of(council, period=None) -> str:
    query = f"?period={period.key}" if period else ""
    response = Client().get(f"/councils/{council.slug}/performance/{query}")
    assert response.status_code == 200
    return response.content.decode()


def csv_of(council, period=None) -> list[dict[str, str]]:
    query = f"?period={period.key}" if period else ""
    response = Client().get(f"/councils/{council.slug}/performance/figures.csv{query}")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(response.content.decode())))


def text_of(html: str) -> str:
    """The page's words, as a person reads them: tags dropped, spaces squeezed."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def percent(part: int, whole: int) -> int:
    return int(100 * part / whole + 0.5)


# --- Suppression, over random fact tables -------------------------------------------------


@pytest.fixture
def place(db):
    """A council with two open schemes and a closed one, and another council's scheme."""
    council = factories.make_council()
    schemes = [
        factories.make_scheme(council=council, name="Crisis Payment"),
        factories.make_scheme(council=council, name="Household Items"),
        factories.make_scheme(council=council, name="Winter Fuel", is_open=False),
    ]
    other = factories.make_scheme(name="Crisis Payment")
    FactBuild.objects.create(council=council, changes_until=timezone.now())
    return council, schemes, other


counts = st.one_of(st.integers(1, 4), st.integers(1, 4), st.integers(5, 30))
facts = st.lists(
    st.tuples(
        st.integers(0, 3),  # scheme 0 to 2 of this council; 3 another council's
        st.sampled_from(list(Channel)),
        st.sampled_from(COUNTED),
        st.integers(-3, 95),  # days from the start of the period: some fall outside
        counts,
        st.integers(0, 20_000),  # pence per award
        st.integers(0, 300),  # hours to each decision
    ),
    max_size=25,
)


def store(council, schemes, other, rows, period) -> dict:
    """The facts, stored; and the plainest count of the ones the page should sum."""
    expected: dict = {
        "scheme": defaultdict(Counter),
        "pence": Counter(),
        "hours": Counter(),
        "channel": Counter(),
    }
    stored = []
    for which, channel, measure, offset, count, pence, hours in rows:
        scheme = other if which == 3 else schemes[which]
        day = period.start + datetime.timedelta(days=offset)
        stored.append(
            DailyFact(
                council=scheme.council,
                day=day,
                measure=measure,
                scheme=scheme,
                channel=channel,
                priority="medium",
                crisis_reason="loss_of_income",
                household_type="other",
                ward="Abbey",
                count=count,
                pence=count * pence if measure == FactMeasure.AWARDED else 0,
                hours=count * hours if measure == FactMeasure.DECIDED else 0.0,
            )
        )
        if scheme.council_id != council.pk or not period.start <= day <= period.end:
            continue
        for key in (scheme.pk, None):
            expected["scheme"][key][measure] += count
            if measure == FactMeasure.AWARDED:
                expected["pence"][key] += count * pence
            if measure == FactMeasure.DECIDED:
                expected["hours"][key] += count * hours
        if measure == FactMeasure.APPLIED:
            expected["channel"][channel] += count
    DailyFact.objects.bulk_create(stored)
    return expected


def expected_value(key: str, sums: Counter, pence: int, hours: int):
    """What a figure should be, worked out straight from the summed facts."""
    decided = sums[FactMeasure.DECIDED]
    share = {
        "award_rate": FactMeasure.AWARDED,
        "decided_in_time": FactMeasure.DECIDED_IN_TIME,
        "changed_on_review": FactMeasure.REVIEW_CHANGED,
    }
    if key in share:
        return percent(sums[share[key]], decided) if decided else None
    if key == "total_awarded":
        return int(pence / 10_000 + 0.5) * 100
    if key == "mean_days_to_decision":
        return hours / decided / 24 if decided else None
    return sums[WORKED_OUT_FROM[key][0]]


def check_hidden_and_shown(performance: PublicPerformance, expected: dict) -> None:
    for scope in (performance.total, *performance.schemes):
        sums = expected["scheme"][scope.scheme_id]
        for figure in scope.figures:
            sources = [sums[m] for m in WORKED_OUT_FROM[figure.key]]
            if figure.unit == Unit.COUNT:
                # A count from 1 to 4 never shows; it always says "fewer than 5".
                assert figure.value not in SMALL
                assert (figure.hidden == Hidden.SMALL) == (sources[0] in SMALL)
            elif any(n in SMALL for n in sources):
                # Worked out from a count from 1 to 4: hidden, and says so.
                assert figure.hidden == Hidden.FROM_SMALL
                assert figure.shown == "not shown (fewer than 5)"
            if figure.hidden is None:
                wanted = expected_value(
                    figure.key,
                    sums,
                    expected["pence"][scope.scheme_id],
                    expected["hours"][scope.scheme_id],
                )
                if figure.unit == Unit.DAYS and wanted is not None:
                    assert figure.value == pytest.approx(wanted, abs=0.051)
                else:
                    assert figure.value == wanted, (scope.name, figure.key)
            else:
                assert figure.value is None
    total_applied = expected["scheme"][None][FactMeasure.APPLIED]
    for row in performance.channels:
        applied = expected["channel"][row.channel]
        assert row.applications.value not in SMALL
        assert (row.applications.hidden == Hidden.SMALL) == (applied in SMALL)
        if applied in SMALL or total_applied in SMALL:
            assert row.share.hidden == Hidden.FROM_SMALL
        if row.applications.hidden is None:
            assert row.applications.value == applied
        if row.share.hidden is None:
            assert row.share.value == (percent(applied, total_applied) if total_applied else None)


def check_no_lone_hidden_cell(performance: PublicPerformance) -> None:
    """In no breakdown whose total shows is exactly one cell hidden: it could be worked out."""
    for spec in FIGURES:
        if performance.total.figure(spec.key).hidden is None:
            hidden = [s.name for s in performance.schemes if s.figure(spec.key).hidden]
            assert len(hidden) != 1, (spec.key, hidden)
    for part in ("applications", "share"):
        if performance.total.figure("applications").hidden is None:
            hidden = [r.channel for r in performance.channels if getattr(r, part).hidden]
            assert len(hidden) != 1, (part, hidden)


@settings(max_examples=60)
@given(rows=facts)
def test_no_small_number_can_be_seen_or_worked_out_and_the_rest_are_the_facts_sums(
    place, rolled_back, rows
):
    council, schemes, other = place
    period = last_full_quarter(timezone.localdate())
    with rolled_back():
        expected = store(council, schemes, other, rows, period)

        performance = public_performance(council=council, period=period)

        shown = {s.scheme_id for s in performance.schemes}
        assert shown == {schemes[0].pk, schemes[1].pk} | (
            {schemes[2].pk} if expected["scheme"][schemes[2].pk] else set()
        )
        check_hidden_and_shown(performance, expected)
        check_no_lone_hidden_cell(performance)

        download = csv_of(council, period)
        assert [row["value"] for row in download] == [
            figure.csv_value for _scheme, _way, figure in performance.rows()
        ]
        for row in download:
            if row["unit"] == Unit.COUNT:
                assert row["value"] not in {"1", "2", "3", "4"}


def test_one_small_cell_hides_the_next_smallest_above_0_too():
    hidden, total = suppress({"a": 3, "b": 0, "c": 20, "d": 7}, 30)
    assert hidden == {"a": Hidden.SMALL, "b": None, "c": None, "d": Hidden.PROTECTING}
    assert total is None

    # Two small cells already protect each other; a small total needs nothing more.
    assert suppress({"a": 3, "b": 2, "c": 20}, 25)[0] == {
        "a": Hidden.SMALL,
        "b": Hidden.SMALL,
        "c": None,
    }
    assert suppress({"a": 3, "b": 0}, 3) == ({"a": Hidden.SMALL, "b": None}, Hidden.SMALL)


# --- Periods -------------------------------------------------------------------------------


def test_the_last_full_month_and_quarter_end_before_today():
    today = datetime.date(2026, 12, 3)
    assert (last_full_month(today).start, last_full_month(today).end) == (
        datetime.date(2026, 11, 1),
        datetime.date(2026, 11, 30),
    )
    quarter = last_full_quarter(today)
    assert (quarter.start, quarter.end) == (datetime.date(2026, 7, 1), datetime.date(2026, 9, 30))
    january = last_full_quarter(datetime.date(2027, 1, 1))
    assert (january.start, january.end) == (datetime.date(2026, 10, 1), datetime.date(2026, 12, 31))
    assert quarter.name == "July to September 2026"
    assert last_full_month(today).name == "November 2026"


def test_an_address_names_only_a_full_month_or_quarter_that_has_ended():
    today = datetime.date(2026, 12, 3)
    assert period_from_key("quarter-2026-04", today=today).end == datetime.date(2026, 6, 30)
    assert period_from_key("month-2026-02", today=today).end == datetime.date(2026, 2, 28)
    for key in ("quarter-2026-10", "month-2026-12", "quarter-2026-05", "month-2026-13", "x", ""):
        assert period_from_key(key, today=today) is None


def test_earlier_quarters_go_back_to_the_first_facts(place):
    council, schemes, _other = place
    today = datetime.date(2026, 12, 3)
    DailyFact.objects.create(
        council=council,
        day=datetime.date(2026, 2, 10),
        measure=FactMeasure.APPLIED,
        scheme=schemes[0],
        channel=Channel.WEB,
        priority="medium",
        crisis_reason="loss_of_income",
        household_type="other",
        count=1,
    )
    choices = period_choices(council=council, today=today)
    assert [c.text for c in choices] == [
        "November 2026 (the last full month)",
        "July to September 2026 (the last full quarter)",
        "April to June 2026",
        "January to March 2026",
    ]
    assert choices[0].period.kind == PeriodKind.MONTH


# --- The page, from real applications -----------------------------------------------------


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return factories.london_time(day.year, day.month, day.day, hour)


def applied_and_decided(scheme, when, *, outcome=None, channel=Channel.WEB, **details):
    application = factories.submit_application(
        scheme=scheme, channel=channel, submitted_at=when, **details
    )
    if outcome == "award":
        factories.make_award(application=application, amount_pence=6_000)
    elif outcome == "refuse":
        decision_record(
            membership=factories.make_membership(role=Role.DECISION_MAKER, council=scheme.council),
            application=application,
            outcome=DecisionOutcome.REFUSE,
            reasons="Refused for the test.",
            amount_pence=0,
            discretion_reason="other",
            discretion_details="Refused for the test.",
        )
    if outcome:
        # Decided two hours after applying, inside the period, rather than today.
        Application.objects.filter(pk=application.pk).update(
            decided_at=when + datetime.timedelta(hours=2)
        )
    return application


@pytest.fixture
def quarter_of_cases(db):
    """Last quarter at one council: six online applications (five awarded at £60, one refused),
    one by phone not yet decided, and a complaint; and another council's busier quarter."""
    period = last_full_quarter(timezone.localdate())
    council = factories.make_council(name="Northshire Council")
    scheme = factories.make_scheme(council=council, name="Crisis Payment")
    factories.make_budget(scheme=scheme, total_pence=10_000_000)
    day = period.start + datetime.timedelta(days=10)
    applications = [
        applied_and_decided(
            scheme,
            at(day),
            outcome="award" if n < 5 else "refuse",
            address=factories.address_details(ward="Brookside"),
        )
        for n in range(6)
    ]
    applications.append(applied_and_decided(scheme, at(day), channel=Channel.PHONE))
    factories.make_complaint(application=applications[0], received_on=day)

    other_scheme = factories.make_scheme(name="Crisis Payment")
    factories.make_budget(scheme=other_scheme, total_pence=10_000_000)
    for _n in range(8):
        applied_and_decided(other_scheme, at(day), outcome="award")

    facts_build(council=council)
    facts_build(council=other_scheme.council)
    return council, period, applications


def test_anyone_sees_last_quarters_figures_with_small_numbers_hidden(quarter_of_cases):
    council, period, _applications = quarter_of_cases

    words = text_of(page_of(council))

    assert "Crisis support figures" in words
    assert period.name in words
    for figure, value in [
        ("Applications received", "7"),
        ("Decisions made", "6"),
        ("Awards made", "5"),
        ("Award rate", "83%"),
        ("Total awarded", "£300"),
        ("Decided within our target time", "100%"),
        ("Average time to a decision", "0.1 days"),
        ("Reviews asked for", "0"),
        ("Complaints", "fewer than 5"),
    ]:
        assert f"{figure} {value}" in words, figure
    # One application by phone: fewer than 5; online (6) is hidden too, or 7 - 6 would tell.
    assert "By phone fewer than 5" in words
    assert "Online not shown" in words
    assert "Online 6" not in words


def test_the_page_shows_no_names_references_or_wards(quarter_of_cases):
    council, _period, applications = quarter_of_cases

    html = page_of(council)

    for application in applications:
        assert application.reference not in html
        assert application.applicant.full_name not in html
        assert application.applicant.last_name not in html
    assert "Brookside" not in html


def test_another_councils_facts_are_never_counted(quarter_of_cases):
    council, period, _applications = quarter_of_cases

    performance = public_performance(council=council, period=period)

    assert performance.total.figure("applications").value == 7
    assert performance.total.figure("awards").value == 5


def test_the_csv_has_the_pages_figures(quarter_of_cases):
    council, period, _applications = quarter_of_cases
    performance = public_performance(council=council, period=period)

    words = text_of(page_of(council))
    download = csv_of(council)

    assert len(download) == len(list(performance.rows()))
    for row, (scheme, way, figure) in zip(download, performance.rows(), strict=True):
        assert (row["scheme"], row["how_people_applied"], row["figure"]) == (
            scheme,
            way,
            figure.label,
        )
        assert row["value"] == figure.csv_value
        assert (row["period_start"], row["period_end"]) == (
            period.start.isoformat(),
            period.end.isoformat(),
        )
        if not way:
            assert f"{figure.label} {figure.shown}" in words
    money = next(row for row in download if row["figure"] == "Total awarded")
    assert (money["unit"], money["value"]) == ("pounds", "300")


def test_the_page_and_csv_may_be_kept_by_shared_caches_for_an_hour(quarter_of_cases):
    council, _period, _applications = quarter_of_cases
    for address in ("", "figures.csv"):
        response = Client().get(f"/councils/{council.slug}/performance/{address}")
        directives = {d.strip() for d in response["Cache-Control"].split(",")}
        assert {"public", "max-age=3600"} <= directives
        assert not directives & {"private", "no-store", "no-cache"}
        assert "Cookie" in response["Vary"]
        assert not response.cookies


def test_an_earlier_quarter_can_be_chosen(quarter_of_cases):
    council, period, _applications = quarter_of_cases
    earlier = last_full_quarter(period.start)

    words = text_of(page_of(council, earlier))

    assert earlier.name in words
    assert "Applications received 0" in words


def test_an_unknown_council_or_period_is_not_found(quarter_of_cases):
    council, _period, _applications = quarter_of_cases
    client = Client()
    assert client.get("/councils/nowhere/performance/").status_code == 404
    assert client.get("/councils/nowhere/performance/figures.csv").status_code == 404
    this_quarter = (
        f"quarter-{timezone.localdate():%Y}-{(timezone.localdate().month - 1) // 3 * 3 + 1:02d}"
    )
    for period in ("quarter-2026-02", "soon", this_quarter):
        assert (
            client.get(f"/councils/{council.slug}/performance/?period={period}").status_code == 404
        )


def test_before_the_first_build_the_page_says_there_are_no_figures_yet(db):
    council = factories.make_council()
    factories.make_scheme(council=council)

    words = text_of(page_of(council))

    assert "We have not published any figures yet" in words
    assert "Applications received" not in words
    assert csv_of(council) == []


def test_figures_last_updated_inside_the_period_are_marked_as_maybe_incomplete(db):
    council = factories.make_council()
    factories.make_scheme(council=council)
    month = last_full_month(timezone.localdate())
    updated = at(month.end, hour=6)
    FactBuild.objects.create(council=council, changes_until=updated)

    words = text_of(page_of(council, month))

    assert f"These figures were last updated on {written_date(month.end, 'en')}" in words
    assert "These figures may not be complete" in words


def test_the_welsh_page_names_the_month_in_welsh(db):
    council = factories.make_council()
    factories.make_scheme(council=council)
    FactBuild.objects.create(council=council, changes_until=timezone.now())
    month = last_full_month(timezone.localdate())
    client = Client()
    client.cookies["django_language"] = "cy"

    # The request switches this thread to Welsh; the override puts English back after it.
    with translation.override(translation.get_language()):
        html = client.get(f"/councils/{council.slug}/performance/?period={month.key}")

    assert written_date(month.start, "cy").split(" ", 1)[1] in html.content.decode()
