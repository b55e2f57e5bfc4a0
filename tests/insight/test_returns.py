"""The management return: figures counted from the awards in the department's layout, the
files that carry them, the command that writes them, and the finance officer's sign-off."""

import csv
import datetime
import io
import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

import pytest
from click.testing import CliRunner
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook

from onestop.cli_returns import returns
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.fulfilment.models import Award, AwardStatus
from onestop.fulfilment.services.awards import payee_set
from onestop.fulfilment.services.returns import award_return
from onestop.insight.models import HouseholdType, ReturnSignOff
from onestop.insight.returns.build import (
    DELIVERY_METHODS,
    DeliveryMethod,
    ReturnFigures,
    Route,
    return_figures,
)
from onestop.insight.returns.files import (
    COLUMNS,
    SHEET,
    figures_digest,
    return_csv,
    return_xlsx,
)
from onestop.insight.returns.periods import (
    Period,
    PeriodFormatError,
    period_containing,
    period_parse,
)
from onestop.insight.returns.spend_types import SpendType, spend_type_of
from onestop.intake.models import Channel
from onestop.intake.services import Circumstances
from onestop.people.services import AddressDetails, PersonDetails
from onestop.policy.models import AwardType, Scheme
from onestop.policy.vocabulary import CrisisReason
from tests import factories

LONDON = factories.LONDON


def last_ended_period() -> Period:
    """The latest period that has ended, whatever today is."""
    return period_containing(timezone.localdate()).previous()


def aged(years: int, on: datetime.datetime) -> datetime.date:
    """A date of birth that makes someone `years` old (and a month) on the day."""
    return on.date() - datetime.timedelta(days=365 * years + years // 4 + 30)


class Awards:
    """Awards made through the real services, then dated into the period under test."""

    def __init__(self, council: Council) -> None:
        self.council = council
        self.decider = factories.make_membership(role=Role.DECISION_MAKER, council=council)
        self.schemes: dict[str, Scheme] = {}

    def scheme(self, award_type: str) -> Scheme:
        if award_type not in self.schemes:
            scheme = factories.make_scheme(council=self.council, award_type=award_type)
            factories.make_budget(scheme=scheme, total_pence=10_000_000)
            self.schemes[award_type] = scheme
        return self.schemes[award_type]

    def award(
        self,
        *,
        on: datetime.datetime,
        award_type: str = AwardType.E_VOUCHER,
        amount_pence: int = 5_000,
        channel: str = Channel.WEB,
        crisis_reason: str = CrisisReason.NO_MONEY_FOR_FOOD,
        age: int = 40,
        members: Sequence[tuple[int, str]] = (),
        circumstances: Circumstances | None = None,
        applicant: PersonDetails | None = None,
        address: AddressDetails | None = None,
        applied: datetime.datetime | None = None,
    ) -> Award:
        """One award made at `on`, to an applicant of `age` with members (age, relationship)."""
        application = factories.submit_application(
            scheme=self.scheme(award_type),
            channel=channel,
            crisis_reason=crisis_reason,
            applicant=applicant or factories.person_details(date_of_birth=aged(age, on)),
            address=address or factories.address_details(),
            members=[
                factories.member_details(date_of_birth=aged(years, on), relationship=relationship)
                for years, relationship in members
            ],
            circumstances=circumstances or Circumstances(),
            submitted_at=applied or on - datetime.timedelta(hours=2),
        )
        if award_type == AwardType.BANK_PAYMENT:
            payee_set(actor=None, application=application, details=factories.bank_details())
        if award_type == AwardType.GOODS:
            factories.goods_choose(application=application, price_pence=amount_pence)
        decision = factories.make_award(
            application=application, membership=self.decider, amount_pence=amount_pence
        )
        award = decision.award
        assert award is not None
        factories.set_created_at(award, on)
        return award


def in_period(period: Period, day: int = 10, hour: int = 12, minute: int = 0) -> datetime.datetime:
    first = period.first_day + datetime.timedelta(days=day)
    return datetime.datetime(first.year, first.month, first.day, hour, minute, tzinfo=LONDON)


def known_mix(council: Council, period: Period) -> dict[str, Award]:
    """Awards of every delivery method, route and household type, and some that must not count.

    Household A applies twice: first alone, then with a child; it counts as a household with
    children on both lines, because its latest application in the period had one.
    """
    make = Awards(council)
    same_household = {
        "applicant": factories.person_details(
            first_name="Morgan", last_name="Twice", date_of_birth=aged(40, in_period(period))
        ),
        "address": factories.address_details(address_line_1="7 Return Row", postcode="NB1 7RR"),
    }
    return {
        "a_food": make.award(on=in_period(period, 5), amount_pence=5_000, **same_household),
        "a_fuel": make.award(
            on=in_period(period, 40),
            award_type=AwardType.BANK_PAYMENT,
            amount_pence=7_000,
            channel=Channel.PHONE,
            crisis_reason=CrisisReason.NO_MONEY_FOR_FUEL,
            members=[(5, "child")],
            **same_household,
        ),
        "pensioner_proactive": make.award(
            on=in_period(period, 60),
            award_type=AwardType.PREPAID_CARD,
            amount_pence=8_000,
            channel=Channel.PROACTIVE,
            crisis_reason=CrisisReason.NO_MONEY_FOR_FUEL,
            age=70,
        ),
        "disabled_fridge": make.award(
            on=in_period(period, 80),
            award_type=AwardType.GOODS,
            amount_pence=9_000,
            channel=Channel.PARTNER,
            crisis_reason=CrisisReason.STAY_IN_COMMUNITY,
            circumstances=Circumstances(disabled=True, needs_fridge=True),
        ),
        "other_rent": make.award(
            on=in_period(period, 100),
            award_type=AwardType.CASH_OUT,
            amount_pence=6_500,
            crisis_reason=CrisisReason.RENT_SHORTFALL,
            age=30,
        ),
        "returned": make.award(
            on=in_period(period, 120),
            award_type=AwardType.CASH_OUT,
            amount_pence=4_000,
            crisis_reason=CrisisReason.LOSS_OF_INCOME,
            age=30,
        ),
        # 11:30pm on the period's last day (UK time) is in it; 12:30am the next day is not.
        "last_minute": make.award(
            on=datetime.datetime.combine(period.last_day, datetime.time(23, 30), tzinfo=LONDON),
            amount_pence=3_000,
            crisis_reason=CrisisReason.OTHER,
            age=30,
        ),
        "too_late": make.award(
            on=datetime.datetime.combine(
                period.last_day + datetime.timedelta(days=1), datetime.time(0, 30), tzinfo=LONDON
            ),
            amount_pence=2_000,
            age=30,
        ),
        # The award's moment decides, not the application's: decided 11:30pm the day before.
        "too_early": make.award(
            on=datetime.datetime.combine(
                period.first_day - datetime.timedelta(days=1), datetime.time(23, 30), tzinfo=LONDON
            ),
            applied=in_period(period, 0, hour=0, minute=10),
            amount_pence=1_000,
            age=30,
        ),
    }


def line_of(
    figures: ReturnFigures,
    household_type: HouseholdType | None,
    spend_type: SpendType | None,
    delivery_method: DeliveryMethod | None,
    route: Route | None,
) -> tuple[int, int, int]:
    (line,) = [
        line
        for line in (*figures.lines, *figures.totals)
        if (line.household_type, line.spend_type, line.delivery_method, line.route)
        == (household_type, spend_type, delivery_method, route)
    ]
    return line.value_pence, line.awards, line.households


@pytest.fixture
def period() -> Period:
    return last_ended_period()


@pytest.fixture
def mix(council: Council, period: Period) -> dict[str, Award]:
    awards = known_mix(council, period)
    award_return(
        actor=None, award=awards["returned"], reason="The cash-out code expired uncollected."
    )
    return awards


# The figures ----------------------------------------------------------------------------------


def counted_from_awards(council: Council, period: Period) -> Counter:
    """(delivery method, route) -> pence, counted the plainest way from the stored awards."""
    start, end = period.moments()
    counted: Counter = Counter()
    for award in Award.objects.filter(council=council).select_related("application"):
        if start <= award.created_at < end and award.status != AwardStatus.RETURNED:
            route = "proactive" if award.application.channel == "proactive" else "application"
            counted[(DELIVERY_METHODS[award.award_type], route)] += award.value_pence
    return counted


def test_the_figures_count_each_award_once_in_its_place(council, period, mix):
    figures = return_figures(council=council, period=period)

    children, pensioners = HouseholdType.CHILDREN, HouseholdType.PENSIONERS
    disabled, other = HouseholdType.DISABLED, HouseholdType.OTHER
    cash, voucher = DeliveryMethod.CASH, DeliveryMethod.VOUCHER
    card, goods = DeliveryMethod.PREPAID_CARD, DeliveryMethod.GOODS
    applied, proactive = Route.APPLICATION, Route.PROACTIVE
    assert line_of(figures, children, SpendType.FOOD, voucher, applied) == (5_000, 1, 1)
    assert line_of(figures, children, SpendType.ENERGY_AND_WATER, cash, applied) == (7_000, 1, 1)
    assert line_of(figures, pensioners, SpendType.ENERGY_AND_WATER, card, proactive) == (
        8_000,
        1,
        1,
    )
    assert line_of(
        figures, disabled, SpendType.ESSENTIALS_LINKED_TO_ENERGY_AND_WATER, goods, applied
    ) == (9_000, 1, 1)
    assert line_of(figures, other, SpendType.HOUSING_COSTS, cash, applied) == (6_500, 1, 1)
    assert line_of(figures, other, SpendType.WIDER_ESSENTIALS, voucher, applied) == (3_000, 1, 1)
    # Household A counts once in the whole and under children, though it had two awards.
    assert line_of(figures, None, None, None, None) == (38_500, 6, 5)
    assert line_of(figures, children, None, None, None) == (12_000, 2, 1)
    assert line_of(figures, None, None, None, proactive) == (8_000, 1, 1)
    assert line_of(figures, None, SpendType.ADVICE, None, None) == (0, 0, 0)
    assert (figures.returned_awards, figures.returned_pence) == (1, 4_000)
    from_lines: Counter = Counter()
    for line in figures.lines:
        from_lines[(line.delivery_method, line.route)] += line.value_pence
    assert +from_lines == counted_from_awards(council, period)  # unary + drops the zeros


def test_every_household_has_one_type_and_the_totals_add_up(council, period, mix):
    figures = return_figures(council=council, period=period)

    assert len(figures.lines) == 4 * 6 * 4 * 2  # every combination, empty ones too
    for dimension in range(4):
        totals = figures.totals_by(dimension)
        assert sum(line.value_pence for line in totals) == figures.total.value_pence
        assert sum(line.awards for line in totals) == figures.total.awards
    # With one type per household, the household-type totals add up to the households helped.
    assert sum(line.households for line in figures.totals_by(0)) == figures.total.households
    assert sum(line.value_pence for line in figures.lines) == figures.total.value_pence


def test_a_returned_award_is_taken_off(council, period, mix):
    before = return_figures(council=council, period=period)

    award_return(actor=None, award=mix["other_rent"], reason="The cash-out code expired.")
    after = return_figures(council=council, period=period)

    assert after.total.value_pence == before.total.value_pence - 6_500
    assert after.total.awards == before.total.awards - 1
    assert (after.returned_awards, after.returned_pence) == (2, 10_500)
    assert line_of(after, None, SpendType.HOUSING_COSTS, None, None) == (0, 0, 0)


def test_another_councils_awards_are_not_counted(council, other_council, period, mix):
    Awards(other_council).award(on=in_period(period), amount_pence=9_900)

    assert return_figures(council=council, period=period).total.value_pence == 38_500
    assert return_figures(council=other_council, period=period).total.value_pence == 9_900


@pytest.mark.parametrize(
    ("application", "spend_type"),
    [
        ({"crisis_reason": CrisisReason.NO_MONEY_FOR_FOOD}, SpendType.FOOD),
        ({"crisis_reason": CrisisReason.NO_MONEY_FOR_FUEL}, SpendType.ENERGY_AND_WATER),
        (
            {"crisis_reason": CrisisReason.SETTING_UP_HOME, "needs_cooker": True},
            SpendType.ESSENTIALS_LINKED_TO_ENERGY_AND_WATER,
        ),
        (
            {"crisis_reason": CrisisReason.NO_MONEY_FOR_FOOD, "needs_washing_machine": True},
            SpendType.ESSENTIALS_LINKED_TO_ENERGY_AND_WATER,
        ),
        (
            {"crisis_reason": CrisisReason.SETTING_UP_HOME, "needs_bed": True},
            SpendType.WIDER_ESSENTIALS,
        ),
        ({"crisis_reason": CrisisReason.FIRE_OR_FLOOD}, SpendType.WIDER_ESSENTIALS),
        ({"crisis_reason": CrisisReason.RENT_SHORTFALL}, SpendType.HOUSING_COSTS),
        (
            {"crisis_reason": CrisisReason.THREAT_OF_EVICTION, "needs_bed": True},
            SpendType.HOUSING_COSTS,
        ),
    ],
)
def test_spend_type_comes_from_the_crisis_reason_and_items(application, spend_type):
    items = {"needs_bed": False, "needs_cooker": False, "needs_fridge": False}
    items["needs_washing_machine"] = False
    assert spend_type_of({**items, **application}) == spend_type


def test_every_crisis_reason_and_award_type_has_a_place():
    no_items = dict.fromkeys(("needs_bed", "needs_cooker", "needs_fridge"), False)
    for reason in CrisisReason:
        application = {**no_items, "needs_washing_machine": False, "crisis_reason": reason}
        assert spend_type_of(application) in SpendType
    assert set(DELIVERY_METHODS) == set(AwardType)


# Periods --------------------------------------------------------------------------------------


def test_periods_are_halves_of_the_financial_year():
    first, second = period_parse("2026-27-H1"), period_parse("2026-27-H2")

    assert (first.first_day, first.last_day) == (
        datetime.date(2026, 4, 1),
        datetime.date(2026, 9, 30),
    )
    assert (second.first_day, second.last_day) == (
        datetime.date(2026, 10, 1),
        datetime.date(2027, 3, 31),
    )
    assert period_parse(" 2099-00-h2 ").code == "2099-00-H2"
    assert period_containing(datetime.date(2027, 3, 31)) == second
    assert (first.previous(), first.next()) == (period_parse("2025-26-H2"), second)
    assert (second.previous(), second.next()) == (first, period_parse("2027-28-H1"))
    assert period_containing(datetime.date(2027, 4, 1)) == period_parse("2027-28-H1")
    assert not first.has_ended(datetime.date(2026, 9, 30))
    assert first.has_ended(datetime.date(2026, 10, 1))


@pytest.mark.parametrize(
    "text", ["2026-H1", "2026-27", "2026-28-H1", "2026-27-H3", "26-27-H1", "0026-27-H1", ""]
)
def test_a_bad_period_is_refused_with_the_format(text):
    with pytest.raises(PeriodFormatError) as refused:
        period_parse(text)
    assert "like 2026-27-H1 (1 April to 30 September 2026)" in str(refused.value)


# Files ----------------------------------------------------------------------------------------


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def xlsx_table(data: bytes) -> tuple[dict[str, str], list[list[str]]]:
    """The heading (label -> value) and the figures table, read back as text."""
    sheet = load_workbook(io.BytesIO(data))[SHEET]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    header_at = next(i for i, row in enumerate(rows) if row[0] == COLUMNS[0])
    heading = {str(row[0]): str(row[1]) for row in rows[1:header_at] if row and row[0]}
    table = [[str(cell) for cell in rows[header_at]]]
    for row in rows[header_at + 1 :]:
        *labels, value, awards, households = row
        table.append([*labels, f"{Decimal(str(value)):.2f}", str(awards), str(households)])
    return heading, table


def test_the_xlsx_has_the_layout_and_the_same_figures_as_the_csv(council, period, mix):
    figures = return_figures(council=council, period=period)

    heading, table = xlsx_table(return_xlsx(figures, today=timezone.localdate()))
    rows = csv_rows(return_csv(figures))

    assert table == rows
    assert rows[0] == [
        "Household type",
        "Spend type",
        "Delivery method",
        "Route",
        "Value in pounds",
        "Number of awards",
        "Number of households",
    ]
    assert len(rows) == 1 + 192 + (4 + 6 + 4 + 2) + 1
    assert rows[-1] == ["All", "All", "All", "All", "385.00", "6", "5"]
    assert [
        "Household with pensioners",
        "Energy and water",
        "Prepaid card",
        "Proactive",
        "80.00",
        "1",
        "1",
    ] in rows
    assert heading["Council"] == council.name
    assert heading["Period"] == f"{period.name}: {period.dates}"
    assert heading["Status"] == "Final: the period has ended"
    assert heading["Taken off: money returned to the fund"].startswith("£40.00 from 1 award")
    assert heading["Figures digest (SHA-256 of the CSV file)"] == figures_digest(figures)


# The command ----------------------------------------------------------------------------------


def build(*args: str):
    return CliRunner().invoke(returns, ["build", *args])


def test_the_command_writes_both_files_and_prints_the_totals(council, period, mix, tmp_path):
    result = build(
        "--council", council.slug, "--period", period.code, "--output-dir", str(tmp_path)
    )

    assert result.exit_code == 0, result.output
    stem = f"onestop-return-{council.slug}-{period.code}"
    assert "Total: £385.00 in 6 awards to 5 households" in result.output
    assert "Proactive:" in result.output
    assert "Taken off: £40.00 returned to the fund from 1 award" in result.output
    csv_data = (tmp_path / f"{stem}.csv").read_bytes()
    assert csv_data == return_csv(return_figures(council=council, period=period))
    assert xlsx_table((tmp_path / f"{stem}.xlsx").read_bytes())[1] == csv_rows(csv_data)


def test_the_command_refuses_a_period_not_yet_ended_unless_draft(council, tmp_path):
    current = period_containing(timezone.localdate())

    refused = build(
        "--council", council.slug, "--period", current.code, "--output-dir", str(tmp_path)
    )
    drafted = build(
        "--council",
        council.slug,
        "--period",
        current.code,
        "--output-dir",
        str(tmp_path),
        "--draft",
    )

    assert refused.exit_code == 1
    assert f"{current.code} has not ended yet" in refused.output
    assert "add --draft" in refused.output
    assert drafted.exit_code == 0, drafted.output
    assert drafted.output.startswith("Draft management return")
    heading, _ = xlsx_table(
        (tmp_path / f"onestop-return-{council.slug}-{current.code}.xlsx").read_bytes()
    )
    assert heading["Status"].startswith("Draft")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--period", "2026-H1"], "is not a return period. Write the financial year and the half"),
        (["--period", "2025-26-H1", "--council", "nowhere"], "no council with the short name"),
    ],
)
def test_the_command_says_what_is_wrong(council, tmp_path, args, message):
    if "--council" not in args:
        args = [*args, "--council", council.slug]

    result = build(*args, "--output-dir", str(tmp_path))

    assert result.exit_code != 0
    assert message in result.output
    assert not list(tmp_path.iterdir())


# The pages and the sign-off -------------------------------------------------------------------


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


@pytest.fixture
def finance(council: Council) -> Membership:
    return factories.make_membership(role=Role.FINANCE, council=council)


def page_of(council: Council, period: Period) -> str:
    return f"/staff/{council.slug}/insight/returns/{period.code}/"


def shown_digest(page: str) -> str:
    """The digest of the figures the page shows, which its sign-off form sends back."""
    found = re.search(r'name="figures_digest" value="([0-9a-f]{64})"', page)
    assert found, "the page has no sign-off form"
    return found[1]


def sign_off(client: Client, council: Council, period: Period, **overrides: str):
    page = client.get(page_of(council, period))
    data = {
        "confirm": "yes",
        "approved_by_name": "Jordan Director",
        "figures_digest": shown_digest(page.content.decode()),
    }
    data.update(overrides)
    return client.post(page_of(council, period), data)


def test_a_finance_officer_signs_off_and_the_page_shows_it(council, period, mix, finance):
    client = client_for(finance)

    listed = client.get(f"/staff/{council.slug}/insight/returns/")
    response = sign_off(client, council, period)

    assert period.name in listed.content.decode()
    assert response.status_code == 302
    signed = ReturnSignOff.objects.get(council=council, period=period.code)
    figures = return_figures(council=council, period=period)
    assert signed.figures_digest == figures_digest(figures)
    assert (signed.signed_by, signed.approved_by_name) == (finance.user, "Jordan Director")
    event = AuditEvent.objects.get(action="return.signed_off")
    assert (event.council, event.actor, event.details["figures_digest"]) == (
        council,
        finance.user,
        signed.figures_digest,
    )
    page = client.get(page_of(council, period)).content.decode()
    assert "approved by Jordan Director, finance director" in page
    assert "Sign off the return" not in page
    heading, _ = xlsx_table(client.get(page_of(council, period) + "return.xlsx").content)
    assert heading["Sign-off"].startswith(f"Signed off by {finance.user.display_name}")
    assert client.get(page_of(council, period) + "return.csv").content == return_csv(figures)


def test_signing_off_needs_the_confirmation_and_the_directors_name(council, period, finance):
    response = sign_off(client_for(finance), council, period, confirm="", approved_by_name=" ")

    page = response.content.decode()
    assert response.status_code == 200
    assert "Confirm that these figures are correct" in page
    assert "Enter the name of the finance director who approved the return" in page
    assert not ReturnSignOff.objects.exists()


def test_figures_that_changed_before_signing_are_not_signed(council, period, mix, finance):
    client = client_for(finance)
    stale = shown_digest(client.get(page_of(council, period)).content.decode())
    award_return(actor=None, award=mix["a_food"], reason="The voucher expired unused.")

    response = sign_off(client, council, period, figures_digest=stale)

    assert "The figures changed while you were checking them" in response.content.decode()
    assert not ReturnSignOff.objects.exists()


def test_a_change_after_sign_off_shows_a_warning_and_can_be_signed_again(
    council, period, mix, finance
):
    client = client_for(finance)
    sign_off(client, council, period)

    award_return(actor=None, award=mix["a_fuel"], reason="The payment bounced.")
    page = client.get(page_of(council, period)).content.decode()
    listed = client.get(f"/staff/{council.slug}/insight/returns/").content.decode()
    sign_off(client, council, period, approved_by_name="Sam Director")

    assert "These figures are different from the ones" in page
    assert "Changed since sign-off" in listed
    signed = ReturnSignOff.objects.get(council=council, period=period.code)
    assert signed.approved_by_name == "Sam Director"
    assert signed.figures_digest == figures_digest(return_figures(council=council, period=period))
    assert AuditEvent.objects.filter(action="return.signed_off_again").count() == 1
    assert (
        "These figures are different" not in client.get(page_of(council, period)).content.decode()
    )


def test_a_period_not_yet_ended_cannot_be_signed_off(council, finance):
    current = period_containing(timezone.localdate())
    client = client_for(finance)

    page = client.get(page_of(council, current)).content.decode()
    response = client.post(
        page_of(council, current),
        {"confirm": "yes", "approved_by_name": "Jordan Director", "figures_digest": "0" * 64},
    )

    assert "This period has not ended" in page
    assert "Sign off the return" not in page
    assert "has not ended yet" in response.content.decode()
    assert not ReturnSignOff.objects.exists()


@pytest.mark.parametrize("role", [Role.ADVISER, Role.TEAM_LEADER, Role.ADMIN])
def test_other_roles_may_not_see_or_sign_returns(council, period, role):
    client = client_for(factories.make_membership(role=role, council=council))

    assert client.get(f"/staff/{council.slug}/insight/returns/").status_code == 403
    assert client.get(page_of(council, period) + "return.csv").status_code == 403
    response = client.post(
        page_of(council, period), {"confirm": "yes", "approved_by_name": "Jordan Director"}
    )
    assert response.status_code == 403
    assert not ReturnSignOff.objects.exists()


def test_another_councils_finance_officer_gets_page_not_found(council, other_council, period):
    client = client_for(factories.make_membership(role=Role.FINANCE, council=other_council))

    assert client.get(f"/staff/{council.slug}/insight/returns/").status_code == 404
    assert client.get(page_of(council, period)).status_code == 404
    assert client.get(page_of(council, period) + "return.xlsx").status_code == 404


def test_a_bad_or_future_period_address_is_page_not_found(council, finance):
    client = client_for(finance)
    future = period_containing(timezone.localdate()).next()

    assert client.get(f"/staff/{council.slug}/insight/returns/2026-H1/").status_code == 404
    assert client.get(page_of(council, future)).status_code == 404


def test_the_files_are_named_for_the_council_and_period(council, period, finance):
    response = client_for(finance).get(page_of(council, period) + "return.xlsx")

    assert response["Content-Disposition"] == (
        f'attachment; filename="onestop-return-{council.slug}-{period.code}.xlsx"'
    )


def test_a_name_that_looks_like_a_formula_stays_text_in_the_xlsx(council, period):
    Council.objects.filter(pk=council.pk).update(name="=HYPERLINK(1) Council")
    council.refresh_from_db()

    data = return_xlsx(return_figures(council=council, period=period), today=timezone.localdate())

    sheet = load_workbook(io.BytesIO(data))[SHEET]
    (cell,) = [row[1] for row in sheet.iter_rows(max_row=9) if row[0].value == "Council"]
    assert (cell.value, cell.data_type) == ("=HYPERLINK(1) Council", "s")
