"""The service dashboard: the figures a manager reads, narrowed by the filters, the same in the
downloads, from the council's own facts only, and never from the cases."""

import csv
import datetime
import io
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from onestop.budgets.models import Budget
from onestop.budgets.selectors import budget_profile
from onestop.casework.models import ReviewOutcome, ReviewStatus
from onestop.core.money import format_pounds
from onestop.core.roles import Role
from onestop.insight.facts import facts_build
from onestop.insight.selectors.channels import Period
from onestop.insight.selectors.dashboard import (
    Dashboard,
    Filters,
    MonthSpend,
    Totals,
    default_period,
    headlines,
)
from onestop.intake.models import Application, Channel
from onestop.policy.vocabulary import CrisisReason, Priority
from tests import factories

PASSWORD = "a-long-password-for-tests-only"


class Tables(HTMLParser):
    """Every table on a page as its caption and its rows of cell texts, as a person reads them."""

    def __init__(self) -> None:
        super().__init__()
        self.found: dict[str, list[list[str]]] = {}
        self._caption: str | None = None
        self._rows: list[list[str]] = []
        self._cell: list[str] | None = None
        self._in_caption = False

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag == "table":
            self._caption, self._rows = "", []
        elif tag == "caption":
            self._in_caption = True
        elif tag == "tr":
            self._rows.append([])
        elif tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._in_caption = False
        elif tag in ("td", "th") and self._cell is not None:
            self._rows[-1].append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "table" and self._caption is not None:
            self.found[self._caption.strip()] = self._rows
            self._caption = None

    def handle_data(self, data: str) -> None:
        if self._in_caption and self._caption is not None:
            self._caption += data
        elif self._cell is not None:
            self._cell.append(data)


def tables_on(html: str) -> dict[str, dict[str, list[str]]]:
    """{caption: {first cell: the other cells}}: a table's rows by what heads them."""
    parser = Tables()
    parser.feed(html)
    return {
        caption: {row[0]: row[1:] for row in rows if row} for caption, rows in parser.found.items()
    }


def text_of(html: str) -> str:
    """The page's words, with the markup and extra spaces gone."""

    class Words(HTMLParser):
        words: list[str] = []

        def handle_data(self, data: str) -> None:
            self.words.append(data)

    parser = Words()
    parser.words = []
    parser.feed(html)
    return " ".join(" ".join(parser.words).split())


def staff_client(council, role) -> Client:
    user = factories.make_user(password=PASSWORD)
    factories.make_membership(role=role, council=council, user=user)
    client = Client()
    client.force_login(user)
    return client


def at_ten(days_ago: int) -> datetime.datetime:
    day = timezone.localdate() - datetime.timedelta(days=days_ago)
    return factories.london_time(day.year, day.month, day.day, 10)


def make_case(
    scheme,
    *,
    days_ago: int,
    channel: str = Channel.WEB,
    outcome: str = "undecided",
    amount_pence: int = 6_000,
    hours_to_decide: int = 2,
    priority: str = Priority.MEDIUM,
    crisis_reason: str = CrisisReason.LOSS_OF_INCOME,
    **details,
) -> Application:
    """An application made at 10am `days_ago` days ago, decided `hours_to_decide` later."""
    submitted = at_ten(days_ago)
    # An adult of working age unless told, so the household type is known.
    details.setdefault(
        "applicant", factories.person_details(date_of_birth=datetime.date(1990, 1, 1))
    )
    application = factories.submit_application(
        scheme=scheme,
        channel=channel,
        submitted_at=submitted,
        crisis_reason=crisis_reason,
        **details,
    )
    if outcome == "award":
        factories.make_award(application=application, amount_pence=amount_pence)
    elif outcome == "refuse":
        from onestop.casework.models import DecisionOutcome
        from onestop.casework.services.decisions import decision_record

        decision_record(
            membership=factories.make_membership(role=Role.DECISION_MAKER, council=scheme.council),
            application=application,
            outcome=DecisionOutcome.REFUSE,
            reasons="Refused for the test.",
            amount_pence=0,
            discretion_reason="other",
            discretion_details="Refused for the test.",
        )
    # The priority comes from the policy's assessment; set here so the mix is known. And the
    # decision is moved back to when this story says it was made.
    changes: dict = {"priority": priority}
    if outcome != "undecided":
        changes["decided_at"] = submitted + datetime.timedelta(hours=hours_to_decide)
    Application.objects.filter(pk=application.pk).update(**changes)
    application.refresh_from_db()
    return application


@pytest.fixture
def mix(db):
    """Seven applications in the 28 days to today: three in the 7 days before the last 7, four
    in the last 7; one long before; and another council's award that must never show."""
    council = factories.make_council()
    crisis = factories.make_scheme(council=council, name="Crisis Payment")
    items = factories.make_scheme(council=council, name="Household Items")
    for scheme in (crisis, items):
        factories.make_budget(scheme=scheme, total_pence=10_000_000)
    brook_applicant = factories.person_details(
        first_name="Robin", last_name="Brookes", date_of_birth=datetime.date(1990, 1, 1)
    )
    brook_address = factories.address_details(ward="Brook")
    abbey = factories.address_details(ward="Abbey")
    child = [factories.member_details()]
    pensioner = factories.person_details(date_of_birth=datetime.date(1940, 5, 1))

    # The 7 days before the last 7: two phone decisions on the day, one slow online award.
    make_case(
        crisis,
        days_ago=10,
        channel=Channel.PHONE,
        outcome="award",
        amount_pence=4_000,
        priority=Priority.LOW,
        applicant=brook_applicant,
        address=brook_address,
    )
    make_case(crisis, days_ago=10, channel=Channel.PHONE, outcome="refuse")
    # Decided 9 days later (yesterday): late, and in the last 7 days.
    make_case(items, days_ago=10, outcome="award", amount_pence=10_000, hours_to_decide=216)

    # The last 7 days.
    make_case(
        crisis,
        days_ago=2,
        outcome="award",
        amount_pence=6_000,
        priority=Priority.HIGH,
        crisis_reason=CrisisReason.NO_MONEY_FOR_FOOD,
        address=abbey,
        members=child,
    )
    reviewed = make_case(
        crisis,
        days_ago=2,
        outcome="refuse",
        priority=Priority.HIGH,
        crisis_reason=CrisisReason.NO_MONEY_FOR_FOOD,
        address=factories.address_details(ward="Abbey"),
        members=[factories.member_details()],
    )
    review = factories.make_review(application=reviewed)
    from onestop.casework.models import Review

    Review.objects.filter(pk=review.pk).update(
        status=ReviewStatus.DECIDED,
        outcome=ReviewOutcome.CHANGED,
        amount_pence=5_000,
        decided_at=timezone.now(),
        # Asked for yesterday: the review service takes no date before the decision's (today).
        requested_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    kiosk = make_case(
        crisis,
        days_ago=2,
        channel=Channel.KIOSK,
        outcome="award",
        amount_pence=5_000,
        applicant=pensioner,
    )
    factories.make_complaint(
        application=kiosk, received_on=timezone.localdate() - datetime.timedelta(days=1)
    )
    factories.make_referral_out(application=kiosk)
    # The Brookes household again, so a repeat application.
    make_case(crisis, days_ago=1, applicant=brook_applicant, address=brook_address)

    # Long before the period, and another council's.
    make_case(crisis, days_ago=60, outcome="award", amount_pence=7_000)
    other = factories.make_scheme(name="Crisis Payment")
    factories.make_budget(scheme=other, total_pence=10_000_000)
    make_case(other, days_ago=2, outcome="award", amount_pence=99_900)

    facts_build(council=council)
    facts_build(council=other.council)
    return council, crisis, items


def period_query(**extra: str) -> dict[str, str]:
    today = timezone.localdate()
    start = today - datetime.timedelta(days=27)
    return {
        "start_day": str(start.day),
        "start_month": str(start.month),
        "start_year": str(start.year),
        "end_day": str(today.day),
        "end_month": str(today.month),
        "end_year": str(today.year),
        **extra,
    }


def dashboard_url(council) -> str:
    return f"/staff/{council.slug}/insight/"


def test_the_manager_reads_the_headline_figures_and_the_change_on_the_week_before(mix):
    council, _, _ = mix
    client = staff_client(council, Role.TEAM_LEADER)

    page = client.get(dashboard_url(council), period_query())

    assert page.status_code == 200
    words = text_of(page.content.decode())
    assert "Service dashboard" in words
    # Four applications in the last 7 days against three before; awards 3 against 1.
    assert "Applications 7 In the last 7 days: 4, up 33% on the 7 days before (3)." in words
    assert "Awards 4 In the last 7 days: 3, up 200% on the 7 days before (1)." in words
    assert "Award rate 67% 4 of 6 decisions were awards" in words
    assert "Spend (value awarded) £250" in words
    assert "Decided in time 83% 5 of 6 decisions were made by the date due" in words
    # (5 decisions in 2 hours and one in 216) / 6 decisions.
    assert "Mean time to decision 37.7 hours" in words
    assert "Repeat applications 14% 1 of 7 applications" in words
    assert "Decisions changed on review 17% 1 changed, against 6 decisions" in words

    figures = tables_on(page.content.decode())["Headline figures"]
    assert figures["Applications"] == ["7", "4", "3"]
    assert figures["Decisions"] == ["6", "4", "2"]
    assert figures["Spend (value awarded)"] == ["£250.00", "£210.00", "£40.00"]
    assert figures["Reviews asked for"] == ["1", "1", "0"]
    assert figures["Complaints"] == ["1", "1", "0"]
    assert figures["Referrals made"] == ["1", "1", "0"]


def test_the_breakdowns_give_each_channel_scheme_household_and_ward_its_row(mix):
    council, _, _ = mix
    client = staff_client(council, Role.ADMIN)

    tables = tables_on(client.get(dashboard_url(council), period_query()).content.decode())

    # Applications, decisions, awards, award rate, spend, decided in time, mean time.
    by_channel = tables["By channel"]
    assert list(by_channel) == ["Channel", "Phone", "Online", "Kiosk"]
    assert by_channel["Online"] == ["4", "3", "2", "67%", "£160.00", "67%", "3.1 days"]
    assert by_channel["Phone"] == ["2", "2", "1", "50%", "£40.00", "100%", "2 hours"]
    assert by_channel["Kiosk"] == ["1", "1", "1", "100%", "£50.00", "100%", "2 hours"]
    assert tables["By scheme"]["Household Items"][:3] == ["1", "1", "1"]
    assert tables["By priority"]["High"][:3] == ["2", "2", "1"]
    assert tables["By crisis reason"]["No money for food"][:3] == ["2", "2", "1"]
    assert tables["By household type"]["Household with children"][:3] == ["2", "2", "1"]
    assert tables["By household type"]["Household with pensioners"][:3] == ["1", "1", "1"]
    assert tables["By ward"]["Abbey"][:3] == ["2", "2", "1"]
    assert tables["By ward"]["Brook"][:3] == ["2", "1", "1"]
    weeks = tables["By week"]
    last_week = timezone.localdate() - datetime.timedelta(days=6)
    assert weeks[f"{last_week.day} {last_week:%B %Y}"][1:] == ["4", "4", "3", "£210.00"]


def test_the_filters_narrow_every_figure(mix):
    council, _, items = mix
    client = staff_client(council, Role.TEAM_LEADER)

    online = tables_on(
        client.get(dashboard_url(council), period_query(channel="web")).content.decode()
    )
    abbey = tables_on(
        client.get(dashboard_url(council), period_query(ward="Abbey")).content.decode()
    )
    household_items = tables_on(
        client.get(dashboard_url(council), period_query(scheme=str(items.pk))).content.decode()
    )
    unknown_ward = tables_on(
        client.get(dashboard_url(council), period_query(ward="none")).content.decode()
    )

    assert online["Headline figures"]["Applications"][0] == "4"
    assert online["Headline figures"]["Spend (value awarded)"][0] == "£160.00"
    assert list(online["By channel"]) == ["Channel", "Online"]
    assert abbey["Headline figures"]["Applications"][0] == "2"
    assert abbey["Headline figures"]["Decisions changed on review"][0] == "50%"
    assert household_items["Headline figures"]["Awards"][0] == "1"
    assert household_items["Headline figures"]["Decided in time"][0] == "0%"
    assert unknown_ward["Headline figures"]["Applications"][0] == "3"
    assert list(unknown_ward["By ward"]) == ["Ward", "Ward not known"]


def test_the_filters_offer_only_what_the_facts_hold(mix):
    council, _, _ = mix
    client = staff_client(council, Role.TEAM_LEADER)

    page = client.get(dashboard_url(council)).content.decode()

    assert '<option value="Abbey">Abbey</option>' in page
    assert '<option value="none">Ward not known</option>' in page
    assert '<option value="kiosk">Kiosk</option>' in page
    assert "Partner referral" not in page


def test_the_downloads_carry_the_same_figures_for_the_same_filters(mix):
    council, _, _ = mix
    client = staff_client(council, Role.TEAM_LEADER)
    query = period_query(channel="web")
    base = f"/staff/{council.slug}/insight/dashboard"

    page = client.get(dashboard_url(council), query).content.decode()
    channel_csv = client.get(f"{base}/channel.csv", query)
    figures_csv = client.get(f"{base}/figures.csv", query)
    workbook_response = client.get(f"{base}/all.xlsx", query)

    assert f"{base}/channel.csv?" in page
    assert "channel=web" in page
    assert channel_csv["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(channel_csv.content.decode())))
    assert rows == [
        {
            "Channel": "Online",
            "Applications": "4",
            "Decisions": "3",
            "Awards": "2",
            "Award rate (%)": "66.7",
            "Spend (£)": "160.00",
            "Decided in time (%)": "66.7",
            "Mean time to decision (hours)": "73.3",
        }
    ]
    figures = {
        row["Figure"]: row for row in csv.DictReader(io.StringIO(figures_csv.content.decode()))
    }
    assert figures["Applications"]["Whole period"] == "4"
    assert figures["Spend (value awarded)"]["Whole period"] == "160.00"

    assert workbook_response.status_code == 200
    workbook = load_workbook(io.BytesIO(workbook_response.content))
    assert "By channel" in workbook.sheetnames
    assert "Headline figures" in workbook.sheetnames
    sheet = list(workbook["By channel"].iter_rows(values_only=True))
    assert sheet[0][:3] == ("Channel", "Applications", "Decisions")
    assert sheet[1] == ("Online", 4, 3, 2, 66.7, 160.0, 66.7, 73.3)
    headline = {row[0]: row[1:] for row in workbook["Headline figures"].iter_rows(values_only=True)}
    assert headline["Applications"] == (4, 3, 1)


def test_a_single_table_downloads_as_a_spreadsheet_of_one_sheet(mix):
    council, _, _ = mix
    client = staff_client(council, Role.TEAM_LEADER)

    response = client.get(f"/staff/{council.slug}/insight/dashboard/ward.xlsx", period_query())

    workbook = load_workbook(io.BytesIO(response.content))
    assert workbook.sheetnames == ["By ward"]
    wards = {row[0]: row[1] for row in workbook["By ward"].iter_rows(min_row=2, values_only=True)}
    assert wards == {"Abbey": 2, "Brook": 2, "Ward not known": 3}


def test_another_councils_facts_never_appear(mix):
    council, _, _ = mix
    client = staff_client(council, Role.TEAM_LEADER)

    page = client.get(dashboard_url(council), period_query()).content.decode()
    download = client.get(
        f"/staff/{council.slug}/insight/dashboard/all.xlsx", period_query()
    ).content

    assert "£999" not in page
    assert tables_on(page)["Headline figures"]["Awards"][0] == "4"
    workbook = load_workbook(io.BytesIO(download))
    headline = {row[0]: row[1] for row in workbook["Headline figures"].iter_rows(values_only=True)}
    assert headline["Spend (value awarded)"] == 250


def test_the_page_reads_only_the_facts_never_the_cases(mix):
    council, _, _ = mix
    client = staff_client(council, Role.TEAM_LEADER)

    with CaptureQueriesContext(connection) as queries:
        page = client.get(dashboard_url(council), period_query(channel="web"))
        client.get(f"/staff/{council.slug}/insight/dashboard/all.xlsx", period_query())

    assert page.status_code == 200
    sql = " ".join(query["sql"] for query in queries.captured_queries)
    assert "insight_dailyfact" in sql
    assert "intake_application" not in sql
    assert "casework_" not in sql


def test_bad_dates_are_an_error_that_says_what_to_do(mix):
    council, _, _ = mix
    client = staff_client(council, Role.TEAM_LEADER)

    backwards = client.get(
        dashboard_url(council),
        {
            "start_day": "1",
            "start_month": "6",
            "start_year": "2026",
            "end_day": "1",
            "end_month": "5",
            "end_year": "2026",
        },
    )
    not_a_date = client.get(dashboard_url(council), period_query(start_day="31", start_month="2"))
    download = client.get(
        f"/staff/{council.slug}/insight/dashboard/channel.csv", period_query(start_month="13")
    )

    text = backwards.content.decode()
    assert "There is a problem" in text
    assert "The date to count to must be the same as or after the date to count from" in text
    assert "<table" not in text
    assert "From must be a real date" in not_a_date.content.decode()
    assert download.status_code == 400
    assert "From must be a real date" in download.content.decode()


def test_a_ward_not_in_the_facts_is_an_error(mix):
    council, _, _ = mix
    client = staff_client(council, Role.TEAM_LEADER)

    page = client.get(dashboard_url(council), period_query(ward="Nowhere"))

    assert "Choose a ward from the list" in page.content.decode()


def test_without_filters_the_page_shows_the_last_8_full_weeks(mix):
    council, _, _ = mix
    client = staff_client(council, Role.TEAM_LEADER)
    period = default_period(timezone.localdate())

    page = client.get(dashboard_url(council)).content.decode()

    assert period.end.weekday() == 6
    assert (period.end - period.start).days == 55
    assert f"{period.start.day} {period.start:%B %Y} to {period.end.day} {period.end:%B %Y}" in page
    assert len(tables_on(page)["By week"]) == 1 + 8


def test_this_months_spend_is_set_against_the_budgets_profile(mix):
    council, crisis, _ = mix
    client = staff_client(council, Role.TEAM_LEADER)
    today = timezone.localdate()

    page = client.get(dashboard_url(council), period_query(scheme=str(crisis.pk)))

    words = text_of(page.content.decode())
    month = tables_on(page.content.decode())["Spending this month"]
    # The Crisis Payment awards made this month: of £40 (10 days ago), £60 and £50 (2 days ago).
    this_month = sum(
        pence
        for days_ago, pence in ((10, 4_000), (2, 6_000), (2, 5_000))
        if (today - datetime.timedelta(days=days_ago)).month == today.month
    )
    assert month["Awarded so far"] == [f"£{this_month // 100}.00"]
    assert f"Spending in {today:%B %Y}" in words
    budget = Budget.objects.get(scheme=crisis)
    planned = budget_profile(budget=budget)[today.replace(day=1)]
    assert month["Planned for the month"] == [format_pounds(planned)]
    assert f"The budget ({budget.name}) plans {format_pounds(planned)} for {today:%B %Y}" in words
    assert "under the plan" in words or "over the plan" in words


def test_with_a_channel_chosen_the_spending_is_said_to_be_part_of_the_budget(mix):
    council, _, _ = mix
    client = staff_client(council, Role.TEAM_LEADER)

    everything = text_of(client.get(dashboard_url(council), period_query()).content.decode())
    online = text_of(
        client.get(dashboard_url(council), period_query(channel="web")).content.decode()
    )

    assert "so they are part of what the budget pays for" not in everything
    assert "so they are part of what the budget pays for" in online


def test_the_change_on_the_week_before_reads_both_ways():
    period = Period(datetime.date(2026, 6, 1), datetime.date(2026, 6, 28))
    month = MonthSpend(datetime.date(2026, 6, 1), datetime.date(2026, 6, 28), 0, None, [])
    dashboard = Dashboard(
        filters=Filters(period=period),
        totals=Totals(applications=30, decisions=20, awards=10, hours_to_decision=400),
        last_7_days=Totals(applications=5, decisions=0, spend_pence=12_000, complaints=2),
        previous_7_days=Totals(
            applications=10, decisions=4, awards=3, hours_to_decision=96, spend_pence=12_000
        ),
        weeks=[],
        breakdowns=[],
        month=month,
    )

    said = {headline.label: headline.change for headline in headlines(dashboard)}

    assert said["Applications"] == "In the last 7 days: 5, down 50% on the 7 days before (10)."
    assert said["Award rate"] == "No decisions in the last 7 days (75% the 7 days before)."
    assert (
        said["Spend (value awarded)"] == "In the last 7 days: £120, the same as the 7 days before."
    )
    assert said["Complaints"] == "In the last 7 days: 2, and none in the 7 days before."
    assert said["Referrals made"] == "None in the last 7 days or the 7 days before."
    assert (
        said["Mean time to decision"]
        == "No decisions in the last 7 days (24 hours the 7 days before)."
    )


def test_the_forecast_is_a_straight_line_from_the_average_day():
    ten_days_in = MonthSpend(
        month=datetime.date(2026, 6, 1),
        today=datetime.date(2026, 6, 10),
        spent_pence=30_000,
        planned_pence=100_000,
        budget_names=["Crisis Payment 2026 to 2027"],
    )

    assert ten_days_in.daily_average_pence == 3_000
    assert ten_days_in.forecast_pence == 90_000
    assert ten_days_in.planned_to_date_pence == 100_000 // 3
    assert ten_days_in.forecast_against_plan_pence == -10_000
    assert ten_days_in.forecast_against_plan_percent == pytest.approx(-10)


def test_the_period_is_shown_week_by_week_back_from_its_end():
    from onestop.insight.selectors.dashboard import _weeks

    blocks = _weeks(Period(datetime.date(2026, 6, 1), datetime.date(2026, 6, 17)))

    assert blocks == [
        (datetime.date(2026, 6, 1), datetime.date(2026, 6, 3)),
        (datetime.date(2026, 6, 4), datetime.date(2026, 6, 10)),
        (datetime.date(2026, 6, 11), datetime.date(2026, 6, 17)),
    ]


def test_decision_makers_advisers_and_finance_may_not_see_it(mix):
    council, _, _ = mix
    for role in (Role.DECISION_MAKER, Role.ADVISER, Role.FINANCE):
        client = staff_client(council, role)
        assert client.get(dashboard_url(council)).status_code == 403
        assert client.get(f"/staff/{council.slug}/insight/dashboard/all.xlsx").status_code == 403
