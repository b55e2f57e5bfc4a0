"""The staff pages for duplicate and fraud flags: the list, each kind of flag's page, answering a
flag, the council's thresholds, and the panel on the case page."""

import datetime
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.intake.models import Application
from onestop.people.duplicates.selectors import case_match_flags, percent_likely
from onestop.people.duplicates.services import match_flag_decide
from onestop.people.models import (
    MatchFlag,
    MatchFlagKind,
    MatchFlagSource,
    MatchFlagStatus,
    MatchingSettings,
)
from onestop.policy.models import Scheme
from tests.factories import (
    address_details,
    make_address_flag,
    make_bank_account_flag,
    make_duplicate_flag,
    make_membership,
    make_scheme,
    person_details,
    submit_application,
)

pytestmark = pytest.mark.django_db

NI_NUMBER = "QQ123456C"
ACCOUNT_NUMBER = "31926819"
ACACIA_ROAD = {"address_line_1": "12 Acacia Road", "postcode": "NB1 4XY", "town": "Northbridge"}


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def text_of(html: str) -> str:
    """The page's words with tags and runs of white space collapsed, as a reader meets them."""
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html))).strip()


def input_value(html: str, name: str) -> str:
    tag = re.search(rf'<input[^>]*name="{name}"[^>]*>', html)
    assert tag is not None, f"no {name} box"
    value = re.search(r'value="([^"]*)"', tag.group(0))
    return value.group(1) if value else ""


def list_page(council: Council, query: str = "") -> str:
    return reverse("match_flags:list", kwargs={"council_slug": council.slug}) + query


def flag_page(flag: MatchFlag) -> str:
    return reverse(
        "match_flags:flag", kwargs={"council_slug": flag.council.slug, "flag_id": flag.pk}
    )


def thresholds_page(council: Council) -> str:
    return reverse("match_flags:thresholds", kwargs={"council_slug": council.slug})


def case_page(application: Application) -> str:
    return reverse(
        "casework:case",
        kwargs={"council_slug": application.council.slug, "reference": application.reference},
    )


def household_page(application: Application) -> str:
    return reverse(
        "households:household",
        kwargs={"council_slug": application.council.slug, "household_id": application.household_id},
    )


@pytest.fixture
def team_leader(council: Council) -> Membership:
    return make_membership(role=Role.TEAM_LEADER, council=council)


@pytest.fixture
def admin(council: Council) -> Membership:
    return make_membership(role=Role.ADMIN, council=council)


@pytest.fixture
def jane(scheme: Scheme) -> Application:
    return submit_application(
        scheme=scheme,
        applicant=person_details(
            first_name="Jane",
            last_name="Smith",
            date_of_birth=datetime.date(1988, 3, 14),
            phone="07700 900123",
            email="jane.smith@example.com",
            national_insurance_number=NI_NUMBER,
        ),
        address=address_details(
            address_line_1="4 Mill Lane", postcode="NB2 7QT", town="Northbridge"
        ),
    )


@pytest.fixture
def jane_again(scheme: Scheme) -> Application:
    return submit_application(
        scheme=scheme,
        applicant=person_details(
            first_name="Jane",
            last_name="Smyth",
            date_of_birth=datetime.date(1988, 3, 14),
            phone="07700 900123",
            email="",
        ),
        address=address_details(
            address_line_1="Flat 2, 9 Quay Street", postcode="NB3 1AB", town="Northbridge"
        ),
    )


@pytest.fixture
def duplicate(jane: Application, jane_again: Application) -> MatchFlag:
    return make_duplicate_flag(
        person=jane.applicant,
        other_person=jane_again.applicant,
        probability=0.97,
        application_reference=jane_again.reference,
    )


@pytest.fixture
def households(scheme: Scheme) -> list[Application]:
    """Three applications from three households."""
    return [submit_application(scheme=scheme) for _ in range(3)]


@pytest.fixture
def bank_flag(households: list[Application]) -> MatchFlag:
    return make_bank_account_flag(
        people=[a.applicant for a in households], account_number=ACCOUNT_NUMBER
    )


@pytest.fixture
def at_acacia_road(scheme: Scheme) -> list[Application]:
    return [
        submit_application(scheme=scheme, address=address_details(**ACACIA_ROAD)) for _ in range(3)
    ]


@pytest.fixture
def address_flag(at_acacia_road: list[Application]) -> MatchFlag:
    return make_address_flag(
        household=at_acacia_road[0].household,
        references=[a.reference for a in at_acacia_road],
        window_days=90,
    )


# The list ---------------------------------------------------------------------------------


def test_the_list_says_what_each_flag_is_in_plain_words(
    decision_maker, duplicate, bank_flag, address_flag
):
    page = text_of(
        client_for(decision_maker).get(list_page(decision_maker.council)).content.decode()
    )
    assert "Jane Smith and Jane Smyth may be the same person, 97% likely" in page
    assert "One bank account given by 3 households" in page
    assert "3 applications from 12 Acacia Road in 90 days" in page
    assert "Check on a new application" in page
    assert "Bank details given for an award" in page
    assert "3 flags" in page


def test_each_row_links_to_its_flag(decision_maker, duplicate):
    html = client_for(decision_maker).get(list_page(decision_maker.council)).content.decode()
    assert f'href="{flag_page(duplicate)}"' in html


def test_flags_still_to_check_come_first_with_counts_for_each_status(
    decision_maker, duplicate, address_flag
):
    # The newer flag is answered, so only "open first" can put the older one at the top.
    match_flag_decide(
        actor=decision_maker.user, flag=address_flag, confirmed=False, reason="Student house."
    )
    page = text_of(
        client_for(decision_maker).get(list_page(decision_maker.council)).content.decode()
    )
    assert page.index("Jane Smith and Jane Smyth") < page.index("12 Acacia Road")
    assert "All (2)" in page
    assert "To check (1)" in page
    assert "Confirmed (0)" in page
    assert "Dismissed (1)" in page


def test_the_list_filters_by_status_and_by_kind(decision_maker, duplicate, bank_flag, address_flag):
    client = client_for(decision_maker)
    council = decision_maker.council
    match_flag_decide(actor=decision_maker.user, flag=bank_flag, confirmed=True, reason="Odd.")

    confirmed = text_of(client.get(list_page(council, "?status=confirmed")).content.decode())
    assert "One bank account given by 3 households" in confirmed
    assert "Jane Smith" not in confirmed
    assert "Acacia Road" not in confirmed
    assert "1 flag " in confirmed

    addresses = text_of(
        client.get(list_page(council, "?kind=many_applications_at_address")).content.decode()
    )
    assert "3 applications from 12 Acacia Road" in addresses
    assert "Jane Smith" not in addresses
    assert "given by 3 households" not in addresses
    # The counts follow the kind chosen.
    assert "All (1)" in addresses

    nothing = text_of(
        client.get(
            list_page(council, "?status=dismissed&kind=shared_bank_account")
        ).content.decode()
    )
    assert "No flags match" in nothing


def test_the_list_shows_fifty_flags_a_page(decision_maker, jane, jane_again):
    council = decision_maker.council
    MatchFlag.objects.bulk_create(
        [
            MatchFlag(
                council=council,
                kind=MatchFlagKind.POSSIBLE_DUPLICATE,
                subject=f"people:test:{n}",
                person=jane.applicant,
                other_person=jane_again.applicant,
                match_probability=0.9,
                found_by=MatchFlagSource.NIGHTLY_RUN,
            )
            for n in range(51)
        ]
    )
    client = client_for(decision_maker)
    first = client.get(list_page(council)).content.decode()
    assert first.count("may be the same person, 90% likely") == 50
    assert "51 flags, showing 1 to 50" in text_of(first)
    assert 'href="?page=2"' in first
    second = client.get(list_page(council, "?page=2")).content.decode()
    assert second.count("may be the same person, 90% likely") == 1
    assert "showing 51 to 51" in text_of(second)


def test_the_list_is_only_the_councils_own(decision_maker, other_council, duplicate):
    theirs = submit_application(scheme=make_scheme(council=other_council))
    also_theirs = submit_application(scheme=theirs.scheme)
    make_duplicate_flag(person=theirs.applicant, other_person=also_theirs.applicant)
    page = text_of(
        client_for(decision_maker).get(list_page(decision_maker.council)).content.decode()
    )
    assert theirs.applicant.full_name not in page
    assert "1 flag " in page


# One flag's page --------------------------------------------------------------------------


def test_a_possible_duplicate_shows_the_two_people_side_by_side(
    decision_maker, duplicate, jane, jane_again
):
    html = client_for(decision_maker).get(flag_page(duplicate)).content.decode()
    page = text_of(html)
    assert "Jane Smith and Jane Smyth may be the same person, 97% likely" in page
    assert "How likely they are the same person 97%" in page
    # Each detail of each person, with the level the check found beside it.
    assert "First name Jane Jane The same" in page
    assert "Last name Smith Smyth One letter or digit different, or two swapped" in page
    assert "Date of birth 14 March 1988 14 March 1988 The same" in page
    assert "Address 4 Mill Lane, " in page
    assert "Flat 2, 9 Quay Street" in page
    assert "Phone 07700 900123 07700 900123 The same" in page
    assert "Email jane.smith@example.com Not given Different" in page
    assert "National Insurance number Given Not given" in page
    assert "Bank account Not given Not given" in page
    # What is held is said, never the number itself.
    assert NI_NUMBER not in html
    assert "QQ 12" not in html
    # Their cases and their households are a click away.
    for application in (jane, jane_again):
        assert f'href="{case_page(application)}"' in html
        assert f'href="{household_page(application)}"' in html
    assert "Found" in page
    assert "by the check on a new application" in page


def test_a_shared_bank_account_shows_the_households_and_people(
    decision_maker, bank_flag, households
):
    html = client_for(decision_maker).get(flag_page(bank_flag)).content.decode()
    page = text_of(html)
    assert "One bank account given by 3 households" in page
    for application in households:
        assert application.household.address_line_1 in page
        assert application.applicant.full_name in page
        assert f'href="{household_page(application)}"' in html
        assert f'href="{case_page(application)}"' in html
    assert ACCOUNT_NUMBER not in html


def test_many_applications_at_one_address_shows_the_household_and_applications(
    decision_maker, address_flag, at_acacia_road
):
    html = client_for(decision_maker).get(flag_page(address_flag)).content.decode()
    page = text_of(html)
    assert "3 applications from 12 Acacia Road in 90 days" in page
    assert "Applications from this address in 90 days" in page
    assert f'href="{household_page(at_acacia_road[0])}"' in html
    for application in at_acacia_road:
        assert f'href="{case_page(application)}"' in html
        assert application.applicant.full_name in page  # recorded as living there


def test_the_answer_is_asked_in_words_that_fit_the_kind(decision_maker, duplicate, bank_flag):
    client = client_for(decision_maker)
    pair = text_of(client.get(flag_page(duplicate)).content.decode())
    assert "Are they the same person?" in pair
    assert "Yes, they are the same person" in pair
    assert "No, they are different people" in pair
    signal = text_of(client.get(flag_page(bank_flag)).content.decode())
    assert "This needs looking into" in signal
    assert "This is explained" in signal


def test_viewing_a_flag_is_audited(decision_maker, duplicate):
    client_for(decision_maker).get(flag_page(duplicate))
    viewed = AuditEvent.objects.get(action="match_flag.viewed")
    assert viewed.actor == decision_maker.user
    assert viewed.council == decision_maker.council
    assert viewed.subject_id == str(duplicate.pk)


def test_another_councils_flag_is_not_found(decision_maker, other_council):
    theirs = submit_application(scheme=make_scheme(council=other_council))
    also_theirs = submit_application(scheme=theirs.scheme)
    flag = make_duplicate_flag(person=theirs.applicant, other_person=also_theirs.applicant)
    url = reverse(
        "match_flags:flag",
        kwargs={"council_slug": decision_maker.council.slug, "flag_id": flag.pk},
    )
    client = client_for(decision_maker)
    assert client.get(url).status_code == 404
    assert client.post(url, {"answer": "confirm", "reason": "Mine now"}).status_code == 404
    flag.refresh_from_db()
    assert flag.status == MatchFlagStatus.OPEN


# Answering a flag -------------------------------------------------------------------------


def test_confirming_a_duplicate_records_the_answer_and_says_so(decision_maker, duplicate):
    client = client_for(decision_maker)
    response = client.post(
        flag_page(duplicate),
        {"answer": "confirm", "reason": "Same date of birth and phone; she moved in March."},
    )
    assert response.status_code == 302
    assert response["Location"] == list_page(decision_maker.council)
    duplicate.refresh_from_db()
    assert duplicate.status == MatchFlagStatus.CONFIRMED
    assert duplicate.decision_reason == "Same date of birth and phone; she moved in March."
    assert duplicate.decided_by == decision_maker.user
    event = AuditEvent.objects.get(action="match_flag.confirmed")
    assert event.actor == decision_maker.user
    assert event.reason == "Same date of birth and phone; she moved in March."
    banner = text_of(client.get(response["Location"]).content.decode())
    assert "You confirmed that Jane Smith and Jane Smyth are the same person." in banner


def test_dismissing_a_signal_records_the_answer(team_leader, address_flag):
    client = client_for(team_leader)
    response = client.post(
        flag_page(address_flag),
        {"answer": "dismiss", "reason": "A house of students, each applying for themselves."},
    )
    assert response.status_code == 302
    address_flag.refresh_from_db()
    assert address_flag.status == MatchFlagStatus.DISMISSED
    assert address_flag.decision_reason == "A house of students, each applying for themselves."
    assert AuditEvent.objects.filter(action="match_flag.dismissed").count() == 1
    banner = text_of(client.get(response["Location"]).content.decode())
    assert "You recorded that this is explained: 3 applications from 12 Acacia Road" in banner


def test_an_answer_without_a_reason_is_refused_and_saves_nothing(decision_maker, duplicate):
    response = client_for(decision_maker).post(flag_page(duplicate), {"answer": "confirm"})
    assert response.status_code == 200
    html = response.content.decode()
    page = text_of(html)
    assert "There is a problem" in page
    assert "Enter your reason" in page
    assert 'href="#reason"' in html
    duplicate.refresh_from_db()
    assert duplicate.status == MatchFlagStatus.OPEN
    assert duplicate.decision_reason == ""
    assert not AuditEvent.objects.filter(action="match_flag.confirmed").exists()


def test_an_answer_must_be_chosen(decision_maker, duplicate):
    response = client_for(decision_maker).post(
        flag_page(duplicate), {"reason": "I looked at both."}
    )
    page = text_of(response.content.decode())
    assert "Select yes if they are the same person" in page
    # What they typed is kept for them.
    assert "I looked at both." in page
    duplicate.refresh_from_db()
    assert duplicate.status == MatchFlagStatus.OPEN


def test_an_answered_flag_shows_who_answered_when_and_why(decision_maker, team_leader, duplicate):
    match_flag_decide(
        actor=decision_maker.user, flag=duplicate, confirmed=False, reason="Cousins, not one."
    )
    page = text_of(client_for(team_leader).get(flag_page(duplicate)).content.decode())
    assert "Answer No, they are different people" in page
    assert f"Answered by {decision_maker.user.display_name}" in page
    assert "Reason Cousins, not one." in page
    assert "Dismissed" in page
    assert "Save your answer" not in page


def test_an_answered_flag_cannot_be_answered_again(decision_maker, team_leader, duplicate):
    match_flag_decide(
        actor=decision_maker.user, flag=duplicate, confirmed=False, reason="Cousins, not one."
    )
    response = client_for(team_leader).post(
        flag_page(duplicate), {"answer": "confirm", "reason": "I think they are one."}
    )
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert f"{decision_maker.user.display_name} has already answered this flag" in page
    duplicate.refresh_from_db()
    assert duplicate.status == MatchFlagStatus.DISMISSED
    assert duplicate.decision_reason == "Cousins, not one."
    assert duplicate.decided_by == decision_maker.user


def test_a_refusal_by_the_service_is_shown_as_a_problem_with_the_form(
    monkeypatch, decision_maker, duplicate
):
    from onestop.core.errors import ServiceError
    from onestop.people.duplicates import views

    def refuse(**kwargs):
        raise ServiceError("Someone has already answered this flag. Refresh the page.")

    monkeypatch.setattr(views, "match_flag_decide", refuse)
    response = client_for(decision_maker).post(
        flag_page(duplicate), {"answer": "confirm", "reason": "Same person."}
    )
    assert response.status_code == 200
    page = text_of(response.content.decode())
    assert "There is a problem Someone has already answered this flag." in page
    duplicate.refresh_from_db()
    assert duplicate.status == MatchFlagStatus.OPEN


# Who may open the pages -------------------------------------------------------------------


def test_an_adviser_may_not_open_the_flag_pages(adviser, duplicate):
    client = client_for(adviser)
    for url in (list_page(adviser.council), flag_page(duplicate), thresholds_page(adviser.council)):
        response = client.get(url)
        assert response.status_code == 403
        assert "You do not have permission" in response.content.decode()
    assert (
        client.post(flag_page(duplicate), {"answer": "confirm", "reason": "x"}).status_code == 403
    )
    duplicate.refresh_from_db()
    assert duplicate.status == MatchFlagStatus.OPEN


def test_an_admin_sets_thresholds_but_does_not_answer_flags(admin, duplicate):
    client = client_for(admin)
    assert client.get(thresholds_page(admin.council)).status_code == 200
    assert client.get(list_page(admin.council)).status_code == 403


# Thresholds -------------------------------------------------------------------------------


def thresholds_post(**overrides: str) -> dict[str, str]:
    values = {
        "match_percentage": "85",
        "households_per_bank_account": "3",
        "applications_per_address": "5",
        "address_window_days": "30",
    }
    values.update(overrides)
    return values


def test_the_thresholds_page_shows_the_current_values_and_the_shipped_model(team_leader):
    html = client_for(team_leader).get(thresholds_page(team_leader.council)).content.decode()
    assert input_value(html, "match_percentage") == "90"
    assert input_value(html, "households_per_bank_account") == "2"
    assert input_value(html, "applications_per_address") == "4"
    assert input_value(html, "address_window_days") == "90"
    assert "model that comes with onestop" in text_of(html)
    # Reading the page creates nothing.
    assert not MatchingSettings.objects.filter(council=team_leader.council).exists()


def test_the_thresholds_page_says_when_the_model_was_last_fitted(team_leader):
    MatchingSettings.objects.create(
        council=team_leader.council,
        fitted_model={"comparisons": []},
        fitted_at=timezone.make_aware(datetime.datetime(2026, 5, 3, 2, 5)),
        fitted_on_people=12_345,
    )
    page = text_of(
        client_for(team_leader).get(thresholds_page(team_leader.council)).content.decode()
    )
    assert "Fitted to this council's own people" in page
    assert "Last fitted 3 May 2026 at 2:05am" in page
    assert "Fitted on 12,345 people" in page


def test_saving_thresholds_changes_them_and_says_so(team_leader):
    client = client_for(team_leader)
    council = team_leader.council
    response = client.post(thresholds_page(council), thresholds_post(match_percentage="85%"))
    assert response.status_code == 302
    saved = MatchingSettings.objects.get(council=council)
    assert saved.duplicate_threshold == pytest.approx(0.85)
    assert saved.households_per_bank_account == 3
    assert saved.applications_per_address == 5
    assert saved.address_window_days == 30
    event = AuditEvent.objects.get(action="matching.thresholds_set")
    assert event.actor == team_leader.user
    page = client.get(response["Location"]).content.decode()
    assert "Thresholds saved" in page
    assert input_value(page, "match_percentage") == "85"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("match_percentage", "50", "The match probability must be 51% or more"),
        ("match_percentage", "100", "The match probability must be 99% or less"),
        ("match_percentage", "0.9", "Enter the match probability as a whole number, like 90%"),
        ("match_percentage", "", "Enter the match probability"),
        (
            "households_per_bank_account",
            "1",
            "The number of households per bank account must be 2 or more",
        ),
        (
            "applications_per_address",
            "many",
            "Enter the number of applications from one address as a whole number, like 4",
        ),
        ("address_window_days", "0", "The number of days must be 1 or more"),
        ("address_window_days", "400", "The number of days must be 365 or less"),
    ],
)
def test_bad_thresholds_are_refused_with_a_clear_message(team_leader, field, value, message):
    response = client_for(team_leader).post(
        thresholds_page(team_leader.council), thresholds_post(**{field: value})
    )
    assert response.status_code == 200
    html = response.content.decode()
    page = text_of(html)
    assert "There is a problem" in page
    assert message in page
    assert f'href="#{field}"' in html
    assert not MatchingSettings.objects.filter(council=team_leader.council).exists()
    assert not AuditEvent.objects.filter(action="matching.thresholds_set").exists()


# The case page's panel --------------------------------------------------------------------


def test_the_case_page_shows_flags_about_its_applicant(decision_maker, duplicate, jane):
    html = client_for(decision_maker).get(case_page(jane)).content.decode()
    page = text_of(html)
    assert "Possible duplicates and signals" in page
    assert "Jane Smith and Jane Smyth may be the same person, 97% likely" in page
    assert f'href="{flag_page(duplicate)}"' in html


def test_an_adviser_sees_the_flag_on_the_case_without_a_link_they_cannot_follow(
    adviser, duplicate, jane
):
    html = client_for(adviser).get(case_page(jane)).content.decode()
    assert "Jane Smith and Jane Smyth may be the same person" in text_of(html)
    assert f'href="{flag_page(duplicate)}"' not in html
    assert "A decision maker or team leader checks these flags" in text_of(html)


def test_the_case_panel_finds_flags_about_its_household_and_bank_account(
    bank_flag, households, address_flag, at_acacia_road
):
    assert [row.flag for row in case_match_flags(application=households[1])] == [bank_flag]
    assert [row.flag for row in case_match_flags(application=at_acacia_road[2])] == [address_flag]


def test_the_case_panel_leaves_out_dismissed_flags(decision_maker, duplicate, jane):
    match_flag_decide(actor=decision_maker.user, flag=duplicate, confirmed=False, reason="No.")
    assert case_match_flags(application=jane) == []
    page = text_of(client_for(decision_maker).get(case_page(jane)).content.decode())
    assert "No possible duplicates or signals about these people" in page


def test_the_case_panel_takes_one_query(django_assert_num_queries, duplicate, bank_flag, jane):
    with django_assert_num_queries(1):
        rows = case_match_flags(application=jane)
        headlines = [row.headline for row in rows]
    assert headlines == ["Jane Smith and Jane Smyth may be the same person, 97% likely"]


def test_a_probability_is_never_rounded_up_to_certainty():
    assert percent_likely(0.97) == "97%"
    assert percent_likely(0.999) == "more than 99%"
    assert percent_likely(1.0) == "100%"
