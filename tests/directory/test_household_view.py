"""The household view: everyone in the household, every application and what came of it, other
support, one timeline and the last 12 months' support; recording and importing other support."""

import datetime
import re
from html import unescape

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onestop.budgets.models import Budget
from onestop.core.models import AuditEvent
from onestop.core.money import format_pounds
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.directory.household import (
    household_support_summary,
    twelve_months_before,
)
from onestop.fulfilment.models import Award, AwardStatus
from onestop.intake.models import Application
from onestop.people.models import Household, OtherSupport
from onestop.policy.models import Scheme
from tests.factories import (
    address_details,
    london_time,
    make_award,
    make_complaint,
    make_membership,
    make_other_support,
    make_review,
    member_details,
    other_support_csv,
    person_details,
    set_created_at,
    submit_application,
)

pytestmark = pytest.mark.django_db

HOME = {"address_line_1": "12 Example Street", "postcode": "AB1 2CD", "uprn": "100000000012"}


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def text_of(html: str) -> str:
    """The page's words with tags and runs of white space collapsed, as a reader meets them."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def household_page(household: Household) -> str:
    return reverse(
        "households:household",
        kwargs={"council_slug": household.council.slug, "household_id": household.pk},
    )


def record_page(household: Household) -> str:
    return reverse(
        "households:other_support_new",
        kwargs={"council_slug": household.council.slug, "household_id": household.pk},
    )


def import_page(council: Council) -> str:
    return reverse("households:other_support_import", kwargs={"council_slug": council.slug})


@pytest.fixture
def first(scheme: Scheme, budget: Budget) -> Application:
    """Morgan's application for Morgan and Robin, awarded."""
    application = submit_application(
        scheme=scheme,
        applicant=person_details(first_name="Morgan", last_name="Testerton"),
        address=address_details(**HOME),
        members=[member_details(first_name="Robin", last_name="Testerton")],
    )
    make_award(application=application, amount_pence=6_000)
    return application


@pytest.fixture
def second(scheme: Scheme, budget: Budget, first: Application) -> Application:
    """A later application from the same home by Sam, not decided yet."""
    return submit_application(
        scheme=scheme,
        applicant=person_details(first_name="Sam", last_name="Otherly"),
        address=address_details(**HOME),
    )


@pytest.fixture
def household(first: Application) -> Household:
    return first.household


def test_the_page_shows_everyone_every_application_and_what_came_of_it(
    household: Household, first: Application, second: Application, adviser: Membership
) -> None:
    review = make_review(application=first)
    complaint = make_complaint(application=first, summary="Nobody called me back.")
    response = client_for(adviser).get(household_page(household))
    assert response.status_code == 200
    html = response.content.decode()
    page = text_of(html)
    assert "12 Example Street" in page
    for name in ("Morgan Testerton", "Robin Testerton", "Sam Otherly"):
        assert name in page
    for application in (first, second):
        link = reverse(
            "casework:case",
            kwargs={"council_slug": household.council.slug, "reference": application.reference},
        )
        assert f'href="{link}"' in html
    assert first.scheme.name in page
    assert "Awarded" in page
    assert "Awaiting decision" in page
    assert "Not decided yet" in page
    assert "Eligible" in page  # the assessment's outcome
    assert "Award £60.00" in page  # the decision
    assert "E-voucher, £60.00: awaiting fulfilment" in page  # the award and its fulfilment
    assert f"Asked for on {review.requested_on.day}" in page
    assert complaint.reference in page


def test_other_support_is_listed_and_on_the_timeline_newest_first(
    household: Household, first: Application, adviser: Membership
) -> None:
    make_other_support(
        household=household,
        kind="household_support_fund",
        amount_pence=10_000,
        awarded_on=datetime.date(2020, 1, 10),
        description="Winter fuel help",
    )
    make_other_support(
        household=household,
        kind="discretionary_housing_payment",
        amount_pence=25_000,
        awarded_on=timezone.localdate(),
        person=first.applicant,
    )
    page = text_of(client_for(adviser).get(household_page(household)).content.decode())
    assert "Winter fuel help" in page
    assert "Discretionary Housing Payment of £250.00 for Morgan Testerton" in page
    timeline = page.split("Timeline", 2)[-1]
    older = timeline.index("Household Support Fund of £100.00")
    decided = timeline.index("Award")
    newest = timeline.index("Discretionary Housing Payment of £250.00")
    assert newest < decided < older
    assert "Case viewed" not in timeline


def test_the_summary_equals_a_direct_count_of_the_last_12_months(
    household: Household,
    first: Application,
    second: Application,
    scheme: Scheme,
    adviser: Membership,
) -> None:
    today = timezone.localdate()
    since = twelve_months_before(today)
    # An award made 13 months ago, and one whose money went back to the fund: neither counts.
    old = submit_application(
        scheme=scheme, applicant=person_details(), address=address_details(**HOME)
    )
    old_award = make_award(application=old, amount_pence=4_000).award
    assert old_award is not None
    # Back-dated, as the policy was not in force then.
    Application.objects.filter(pk=old.pk).update(submitted_at=london_time(today.year - 2, 3, 1))
    set_created_at(old_award, london_time(today.year - 2, 3, 2))
    returned = make_award(application=second, amount_pence=3_000).award
    assert returned is not None
    Award.objects.filter(pk=returned.pk).update(status=AwardStatus.RETURNED)
    make_other_support(household=household, kind="ctr_hardship", amount_pence=8_000)
    make_other_support(household=household, kind="ctr_hardship", amount_pence=2_050)
    make_other_support(
        household=household,
        kind="other",
        amount_pence=99_999,
        awarded_on=since - datetime.timedelta(days=1),
    )

    awards = [
        a
        for a in Award.objects.filter(application__household=household)
        if a.status != AwardStatus.RETURNED and since <= timezone.localdate(a.created_at) <= today
    ]
    support = [
        s
        for s in OtherSupport.objects.filter(household=household)
        if since <= s.awarded_on <= today
    ]
    expected_total = sum(a.value_pence for a in awards) + sum(s.amount_pence for s in support)
    applications = [
        a
        for a in Application.objects.filter(household=household)
        if since <= timezone.localdate(a.submitted_at) <= today
    ]

    summary = household_support_summary(council=household.council, household=household, today=today)
    assert summary.total_pence == expected_total == 6_000 + 10_050
    assert summary.applications == len(applications) == 2
    assert [
        (line.scheme, line.award_type, line.awards, line.total_pence)
        for line in summary.awards_by_scheme
    ] == [(scheme.name, "E-voucher", 1, 6_000)]
    assert [
        (line.kind, line.records, line.total_pence) for line in summary.other_support_by_kind
    ] == [("Council Tax Reduction hardship", 2, 10_050)]
    page = text_of(client_for(adviser).get(household_page(household)).content.decode())
    assert f"Total support {format_pounds(expected_total)}" in page


def test_opening_the_page_is_audited(
    household: Household, first: Application, second: Application, adviser: Membership
) -> None:
    client_for(adviser).get(household_page(household))
    event = AuditEvent.objects.get(action="household.viewed")
    assert event.actor == adviser.user
    assert event.council == household.council
    assert (event.subject_type, event.subject_id) == ("people.Household", str(household.pk))
    assert sorted(event.details["case_references"]) == sorted([first.reference, second.reference])


def test_a_household_of_another_council_is_not_found(
    household: Household, other_council: Council
) -> None:
    theirs = make_membership(role=Role.TEAM_LEADER, council=other_council)
    # Their own council's address for our household's id, and our council's address.
    wrong_council = reverse(
        "households:household",
        kwargs={"council_slug": other_council.slug, "household_id": household.pk},
    )
    assert client_for(theirs).get(wrong_council).status_code == 404
    assert client_for(theirs).get(household_page(household)).status_code == 404
    assert not AuditEvent.objects.filter(action="household.viewed").exists()


def test_a_role_without_view_cases_is_refused(household: Household) -> None:
    finance = make_membership(role=Role.FINANCE, council=household.council)
    assert client_for(finance).get(household_page(household)).status_code == 403


def test_a_decision_maker_records_other_support_from_the_page(
    household: Household, first: Application, decision_maker: Membership
) -> None:
    client = client_for(decision_maker)
    form = client.get(record_page(household)).content.decode()
    assert "Morgan Testerton" in form
    assert "The whole household" in form
    response = client.post(
        record_page(household),
        {
            "kind": "discretionary_housing_payment",
            "person": str(first.applicant.pk),
            "amount": "125.50",
            "awarded_on_day": "3",
            "awarded_on_month": "2",
            "awarded_on_year": "2026",
            "period_from_day": "",
            "period_from_month": "",
            "period_from_year": "",
            "period_to_day": "",
            "period_to_month": "",
            "period_to_year": "",
            "description": "Rent shortfall",
        },
        follow=True,
    )
    assert response.redirect_chain[-1][0] == household_page(household)
    page = text_of(response.content.decode())
    assert "Discretionary Housing Payment of £125.50 recorded" in page
    record = OtherSupport.objects.get()
    assert (record.person, record.awarded_on, record.recorded_by) == (
        first.applicant,
        datetime.date(2026, 2, 3),
        decision_maker.user,
    )


def test_bad_answers_are_shown_in_an_error_summary_and_nothing_is_saved(
    household: Household, decision_maker: Membership
) -> None:
    response = client_for(decision_maker).post(
        record_page(household),
        {"person": "household", "amount": "0", "awarded_on_day": "31", "awarded_on_month": "2"},
    )
    page = text_of(response.content.decode())
    assert "There is a problem" in page
    assert "Select the kind of support" in page
    assert "The amount must be more than £0" in page
    assert "The date it was awarded must include a year" in page
    assert not OtherSupport.objects.exists()


def test_finance_may_record_but_not_see_the_household(household: Household) -> None:
    finance = make_membership(role=Role.FINANCE, council=household.council)
    response = client_for(finance).post(
        record_page(household),
        {
            "kind": "ctr_hardship",
            "person": "household",
            "amount": "40",
            "awarded_on_day": "1",
            "awarded_on_month": "2",
            "awarded_on_year": "2026",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == record_page(household)
    assert OtherSupport.objects.get().person is None


def test_recording_needs_the_capability(household: Household, adviser: Membership) -> None:
    client = client_for(adviser)
    assert client.get(record_page(household)).status_code == 403
    assert client.get(import_page(household.council)).status_code == 403
    page = client.get(household_page(household)).content.decode()
    assert "Record other support" not in page


def test_recording_for_another_councils_household_is_not_found(
    household: Household, other_council: Council
) -> None:
    theirs = make_membership(role=Role.DECISION_MAKER, council=other_council)
    url = reverse(
        "households:other_support_new",
        kwargs={"council_slug": other_council.slug, "household_id": household.pk},
    )
    assert client_for(theirs).post(url, {"kind": "other"}).status_code == 404
    assert not OtherSupport.objects.exists()


def test_importing_a_good_file_and_a_bad_one(
    household: Household, decision_maker: Membership
) -> None:
    client = client_for(decision_maker)
    good = other_support_csv(["100000000012,,,ctr_hardship,80.00,2026-01-15,Hardship"])
    response = client.post(
        import_page(household.council),
        {"support_file": SimpleUploadedFile("ctr.csv", good, content_type="text/csv")},
        follow=True,
    )
    assert "1 record of other support worth £80.00 imported from ctr.csv" in text_of(
        response.content.decode()
    )
    bad = other_support_csv(
        [
            "100000000012,,,other,12,2026-01-16,Fine",
            "100000000099,,,other,12,2026-01-16,No such home",
        ]
    )
    response = client.post(
        import_page(household.council),
        {"support_file": SimpleUploadedFile("more.csv", bad, content_type="text/csv")},
    )
    page = text_of(response.content.decode())
    assert "There is a problem" in page
    assert "Nothing was imported: the file has 1 problem" in page
    assert "Line 3: " in page
    assert "has no household at UPRN 100000000099" in page
    assert OtherSupport.objects.count() == 1
