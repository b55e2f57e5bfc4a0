"""Other support recorded against a household: typed in by staff, or imported from a file that
is checked whole, so a file with any bad line saves nothing."""

import datetime
from collections.abc import Callable

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.intake.models import Application
from onestop.people.models import OtherSupport, OtherSupportSource
from onestop.people.other_support import (
    OtherSupportFileRefused,
    other_support_import,
    other_support_record,
)
from tests.factories import (
    address_details,
    make_membership,
    make_other_support,
    other_support_csv,
    submit_application,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate


@pytest.fixture
def application(council: Council) -> Application:
    return submit_application(
        council=council,
        address=address_details(
            address_line_1="12 Example Street", postcode="AB1 2CD", uprn="100000000012"
        ),
    )


@pytest.fixture
def second_application(council: Council) -> Application:
    return submit_application(
        council=council,
        address=address_details(address_line_1="3 Sample Road", postcode="ZZ9 9ZZ"),
    )


def test_a_decision_maker_records_support_and_it_is_audited(
    application: Application, decision_maker: Membership
) -> None:
    record = other_support_record(
        actor=decision_maker.user,
        household=application.household,
        person=application.applicant,
        kind="ctr_hardship",
        amount_pence=12_550,
        awarded_on=TODAY() - datetime.timedelta(days=3),
        period_from=TODAY() - datetime.timedelta(days=30),
        period_to=TODAY() + datetime.timedelta(days=60),
        description="  Hardship award for the council tax year  ",
    )
    record.refresh_from_db()
    assert record.council == application.council
    assert record.get_kind_display() == "Council Tax Reduction hardship"
    assert record.source == OtherSupportSource.RECORDED
    assert record.recorded_by == decision_maker.user
    assert record.description == "Hardship award for the council tax year"
    event = AuditEvent.objects.get(action="other_support.recorded")
    assert event.subject_id == str(record.pk)
    assert event.council == application.council
    assert "Council Tax Reduction hardship of £125.50" in event.summary


@pytest.mark.parametrize("role", [Role.TEAM_LEADER, Role.FINANCE])
def test_team_leaders_and_finance_may_record(application: Application, role: Role) -> None:
    member = make_membership(role=role, council=application.council)
    make_other_support(household=application.household, actor=member.user)
    assert OtherSupport.objects.count() == 1


@pytest.mark.parametrize("role", [Role.ADVISER, Role.ADMIN, Role.PARTNER])
def test_roles_without_the_capability_cannot_record(
    application: Application, role: Role, council: Council
) -> None:
    if role == Role.PARTNER:
        from tests.factories import make_partner_membership

        member = make_partner_membership(council=council)
    else:
        member = make_membership(role=role, council=council)
    with pytest.raises(NotPermitted):
        make_other_support(household=application.household, actor=member.user)
    assert not OtherSupport.objects.exists()


def test_staff_of_another_council_cannot_record(
    application: Application, other_council: Council
) -> None:
    outsider = make_membership(role=Role.DECISION_MAKER, council=other_council)
    with pytest.raises(NotPermitted):
        make_other_support(household=application.household, actor=outsider.user)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"amount_pence": 0}, "The amount must be more than £0"),
        (
            {"awarded_on": datetime.date.today() + datetime.timedelta(days=2)},
            "The date it was awarded must be today or in the past",
        ),
        (
            {"period_from": datetime.date(2026, 5, 1), "period_to": datetime.date(2026, 4, 1)},
            "The date the support ended must be on or after the date it started",
        ),
        ({"kind": "lottery_win"}, "Select the kind of support"),
    ],
)
def test_bad_details_are_refused_with_what_to_do(
    application: Application, decision_maker: Membership, changes: dict, message: str
) -> None:
    with pytest.raises(ServiceError, match=message):
        make_other_support(household=application.household, actor=decision_maker.user, **changes)
    assert not OtherSupport.objects.exists()


def test_a_person_of_another_council_is_refused(
    application: Application, decision_maker: Membership, other_council: Council
) -> None:
    stranger = submit_application(council=other_council).applicant
    with pytest.raises(ServiceError, match="Select someone in this household"):
        make_other_support(
            household=application.household, actor=decision_maker.user, person=stranger
        )


def test_a_good_file_is_imported_finding_households_by_uprn_or_address(
    application: Application,
    second_application: Application,
    decision_maker: Membership,
    council: Council,
) -> None:
    data = other_support_csv(
        [
            "100000000012,,,discretionary_housing_payment,250.00,2026-01-15,Rent shortfall",
            ',zz99zz,3 sample road,Household Support Fund,"1,000",15/12/2025,"Energy, food"',
        ]
    )
    imported = other_support_import(
        actor=decision_maker.user, council=council, file_name="dhp-export.csv", data=data
    )
    assert (imported.records, imported.total_pence) == (2, 125_000)
    first = OtherSupport.objects.get(household=application.household)
    assert (first.kind, first.amount_pence, first.awarded_on) == (
        "discretionary_housing_payment",
        25_000,
        datetime.date(2026, 1, 15),
    )
    assert first.source == OtherSupportSource.IMPORTED
    assert first.file_name == "dhp-export.csv"
    second = OtherSupport.objects.get(household=second_application.household)
    assert (second.kind, second.amount_pence, second.description) == (
        "household_support_fund",
        100_000,
        "Energy, food",
    )
    events = AuditEvent.objects.filter(action="other_support.imported")
    assert {e.subject_id for e in events} == {str(first.pk), str(second.pk)}


def test_columns_may_come_in_any_order_with_an_optional_period(
    application: Application, decision_maker: Membership, council: Council
) -> None:
    data = other_support_csv(
        ["Hardship,ctr_hardship,12 Example Street,AB1 2CD,,80,2026-02-01,2026-01-01,2026-03-31"],
        header="description,kind,address_line_1,postcode,uprn,amount,awarded_on,period_from,period_to",
    )
    other_support_import(actor=decision_maker.user, council=council, file_name="a.csv", data=data)
    record = OtherSupport.objects.get()
    assert (record.period_from, record.period_to) == (
        datetime.date(2026, 1, 1),
        datetime.date(2026, 3, 31),
    )


def test_a_file_with_bad_lines_is_refused_whole_with_each_line_explained(
    application: Application,
    decision_maker: Membership,
    council: Council,
    other_council: Council,
    row_counts: Callable[..., dict[str, int]],
) -> None:
    elsewhere = submit_application(
        council=other_council,
        address=address_details(address_line_1="9 Far Lane", postcode="CD3 4EF"),
    )
    future = (TODAY() + datetime.timedelta(days=5)).isoformat()
    data = other_support_csv(
        [
            "100000000012,,,discretionary_housing_payment,250.00,2026-01-15,Good line",
            ",CD3 4EF,9 Far Lane,other,10,2026-01-15,Another council's household",
            "100000000012,,,lottery,10,2026-01-15,",
            "100000000012,,,other,ten pounds,2026-01-15,",
            f"100000000012,,,other,10,{future},",
            "100000000012,,,other,10,31/02/2026,",
            ",,,other,10,2026-01-15,",
            "100000000012,,,discretionary_housing_payment,250,2026-01-15,Same again",
        ]
    )
    before = row_counts(OtherSupport, AuditEvent)
    with pytest.raises(OtherSupportFileRefused) as refused:
        other_support_import(
            actor=decision_maker.user, council=council, file_name="bad.csv", data=data
        )
    problems = refused.value.problems
    assert problems == [
        f"Line 3: {council.name} has no household at 9 Far Lane, CD3 4EF. Check the address: "
        "only households that have applied to the council can have other support recorded.",
        "Line 4: the kind 'lottery' is not one we know. Use one of discretionary_housing_payment,"
        " ctr_hardship, household_support_fund, other.",
        "Line 5: the amount must be in pounds, like 120 or 120.50.",
        "Line 6: the date it was awarded must be today or in the past.",
        "Line 7: the date awarded must be a real date, like 2026-03-31.",
        "Line 8: it does not say which household. Give the UPRN, or the postcode and first line "
        "of the address.",
        "Line 9: it is the same award as line 2. Remove one of them.",
    ]
    assert "Nothing was imported" in refused.value.message
    assert row_counts(OtherSupport, AuditEvent) == before
    assert not OtherSupport.objects.filter(household=elsewhere.household).exists()


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        (b"", "The file is empty."),
        (other_support_csv([]), "The file has no awards in it."),
        (
            other_support_csv(["1,2,3"], header="uprn,kind,amount"),
            "Line 1: the header has no postcode, address_line_1, awarded_on, description column.",
        ),
        (
            other_support_csv(
                ["x"],
                header="uprn,postcode,address_line_1,kind,amount,awarded_on,description,notes",
            ),
            "Line 1: the header has a column this import does not know: notes.",
        ),
        (
            other_support_csv(["100000000012,,,other,10"]),
            "Line 2: it has 5 values but the header has 7.",
        ),
        (b"uprn,postcode\n\xff\xfe", "Line 2: the file is not UTF-8 text."),
    ],
)
def test_a_file_in_the_wrong_shape_is_refused(
    application: Application,
    decision_maker: Membership,
    council: Council,
    data: bytes,
    problem: str,
) -> None:
    with pytest.raises(OtherSupportFileRefused) as refused:
        other_support_import(
            actor=decision_maker.user, council=council, file_name="x.csv", data=data
        )
    assert refused.value.problems[0].startswith(problem)
    assert not OtherSupport.objects.exists()


def test_importing_the_same_file_twice_is_refused_the_second_time(
    application: Application, decision_maker: Membership, council: Council
) -> None:
    data = other_support_csv(["100000000012,,,other,10,2026-01-15,Food parcel"])
    other_support_import(actor=decision_maker.user, council=council, file_name="a.csv", data=data)
    with pytest.raises(OtherSupportFileRefused) as refused:
        other_support_import(
            actor=decision_maker.user, council=council, file_name="a.csv", data=data
        )
    assert refused.value.problems == [
        "Line 2: this Other support is already recorded for the household. Remove the line: "
        "the file may have been imported before."
    ]
    assert OtherSupport.objects.count() == 1


def test_an_adviser_cannot_import(
    application: Application, adviser: Membership, council: Council
) -> None:
    data = other_support_csv(["100000000012,,,other,10,2026-01-15,"])
    with pytest.raises(NotPermitted):
        other_support_import(actor=adviser.user, council=council, file_name="a.csv", data=data)
    assert not OtherSupport.objects.exists()


@given(
    good=st.lists(st.integers(min_value=1, max_value=100_000), min_size=1, max_size=5),
    bad_at=st.integers(min_value=0, max_value=5),
)
def test_one_bad_line_anywhere_saves_nothing(
    application: Application,
    decision_maker: Membership,
    council: Council,
    rolled_back: Callable,
    good: list[int],
    bad_at: int,
) -> None:
    with rolled_back():
        lines = [
            f"100000000012,,,other,{pence / 100:.2f},2026-01-{1 + i:02d},Line {i}"
            for i, pence in enumerate(good)
        ]
        lines.insert(min(bad_at, len(lines)), "100000000012,,,other,-5,2026-01-20,Bad")
        with pytest.raises(OtherSupportFileRefused) as refused:
            other_support_import(
                actor=decision_maker.user,
                council=council,
                file_name="p.csv",
                data=other_support_csv(lines),
            )
        assert refused.value.problems == [
            f"Line {min(bad_at, len(good)) + 2}: the amount must be in pounds, like 120 or 120.50."
        ]
        assert not OtherSupport.objects.exists()
