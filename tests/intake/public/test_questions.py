"""Each question page: a wrong or missing answer gets the GOV.UK message, and pages come in order."""

import pytest
from django.test import Client

from onestop.councils.models import Council
from tests.factories import make_gazetteer_address
from tests.intake.public.conftest import ANSWERS, answer, page_url, text, walk

pytestmark = pytest.mark.django_db

BAD_ANSWERS = [
    ("what-happened", {}, "crisis_reason", "Select what has happened"),
    ("tell-us-more", {"crisis_details": "x" * 2001}, "crisis_details",
     "Tell us more in 2,000 characters or fewer"),
    ("name", {"first_name": "", "last_name": "Testerton"}, "first_name", "Enter your first name"),
    ("name", {"first_name": "Morgan", "last_name": ""}, "last_name", "Enter your last name"),
    ("date-of-birth", {}, "date_of_birth_day", "Enter your date of birth"),
    ("date-of-birth", {"date_of_birth_day": "31", "date_of_birth_month": "2",
                       "date_of_birth_year": "1990"}, "date_of_birth_day",
     "Date of birth must be a real date"),
    ("date-of-birth", {"date_of_birth_day": "1", "date_of_birth_month": "1",
                       "date_of_birth_year": "2999"}, "date_of_birth_day",
     "Date of birth must be in the past"),
    ("address/enter", {"address_line_1": "", "town": "Northtown", "postcode": "NT2 4CD"},
     "address_line_1", "Enter the first line of your address"),
    ("address/enter", {"address_line_1": "3 Example Row", "town": "", "postcode": "NT2 4CD"},
     "town", "Enter your town or city"),
    ("address/enter", {"address_line_1": "3 Example Row", "town": "Northtown",
                       "postcode": "NOT A CODE"}, "postcode",
     "Enter a real postcode, like SW1A 2AA"),
    ("lives-with-others", {}, "lives_with_others", "Select yes if anyone else lives with you"),
    ("circumstances", {}, "circumstances",
     "Select which of these apply, or select none of these"),
    ("circumstances", {"circumstances": ["pregnant", "none"]}, "circumstances",
     "Select the ones that apply, or select none of these"),
    ("income", {"weekly_income": ""}, "weekly_income",
     "Enter weekly household income, or 0 if there is none"),
    ("income", {"weekly_income": "lots"}, "weekly_income",
     "Weekly household income must be an amount of money, like 120 or 120.50"),
    ("housing-costs", {"weekly_housing_costs": "-5"}, "weekly_housing_costs",
     "Weekly rent or mortgage must be £0 or more"),
    ("renting", {}, "rents", "Select yes if you rent your home"),
    ("savings", {"savings": ""}, "savings", "Enter savings, or 0 if there is none"),
    ("contact", {}, "contact_preference", "Select how we should contact you"),
    ("mobile", {"phone": ""}, "phone", "Enter a mobile phone number"),
    ("mobile", {"phone": "12345"}, "phone",
     "Enter a UK phone number, like 07700 900 982 or 01632 960 001"),
    ("consent", {}, "consent", "Select that you agree to us using your information to apply"),
]  # fmt: skip


@pytest.mark.parametrize(("page", "data", "field", "message"), BAD_ANSWERS)
def test_a_wrong_answer_is_shown_with_the_govuk_error_summary(
    council: Council, scheme, page: str, data: dict, field: str, message: str
) -> None:
    client = Client()
    walk(client, council, stop=page)
    response = answer(client, council, page, data)
    assert response.status_code == 200
    body = response.content.decode()
    assert "There is a problem" in text(response)
    assert f'<a href="#{field}">{message}</a>' in body
    assert text(response).startswith("Error:")  # the title says so first
    assert f"Error: {message}" in text(response)  # and the field, beside it


def test_email_is_asked_for_when_chosen_instead_of_a_mobile_number(
    council: Council, scheme
) -> None:
    client = Client()
    walk(client, council, stop="contact")
    chose = answer(client, council, "contact", {"contact_preference": "email"})
    assert chose["Location"] == page_url(council, "email")
    assert "Enter an email address" in text(answer(client, council, "email", {"email": ""}))
    assert "Enter an email address in the correct format, like name@example.com" in text(
        answer(client, council, "email", {"email": "not-an-email"})
    )
    answer(client, council, "email", {"email": "morgan@example.com"})
    answer(client, council, "consent", {"consent": "yes"})
    check = text(client.get(page_url(council, "check-your-answers")))
    assert "Email address morgan@example.com" in check
    assert "07700" not in check


def test_the_rent_questions_come_only_for_people_who_rent(council: Council, scheme) -> None:
    client = Client()
    walk(client, council, stop="renting")
    said_yes = answer(client, council, "renting", {"rents": "yes"})
    assert said_yes["Location"] == page_url(council, "rent")
    bad = answer(client, council, "rent", {"weekly_rent_shortfall": "abc", "rent_arrears": ""})
    assert "Rent not covered each week must be an amount of money" in text(bad)
    answer(client, council, "rent", {"weekly_rent_shortfall": "20", "rent_arrears": "300"})
    answer(client, council, "renting", {"rents": "no"})
    assert client.get(page_url(council, "rent"))["Location"] == page_url(council, "savings")


def test_things_to_buy_are_asked_about_only_after_a_crisis_that_needs_them(
    council: Council, scheme
) -> None:
    client = Client()
    overrides = {"what-happened": {"crisis_reason": "setting_up_home"}}
    walk(client, council, overrides=overrides, stop="income")
    assert client.get(page_url(council, "income"))["Location"] == page_url(council, "items")
    bad = answer(client, council, "items", {})
    assert "Select the things you need, or select none of these" in text(bad)
    ok = answer(client, council, "items", {"items_needed": ["needs_bed", "needs_cooker"]})
    assert ok["Location"] == page_url(council, "income")


def test_a_page_opened_too_soon_sends_you_to_the_first_question_not_answered(
    council: Council, scheme
) -> None:
    client = Client()
    assert client.get(page_url(council, "savings"))["Location"] == page_url(
        council, "what-happened"
    )
    walk(client, council, stop="date-of-birth")
    for page in ["savings", "consent", "check-your-answers", "address/enter", "people"]:
        assert client.get(page_url(council, page))["Location"] == page_url(
            council, "date-of-birth"
        ), page
    # A page that is not part of this application at all is not found.
    assert client.get(page_url(council, "no-such-question")).status_code == 404


def test_answers_are_shown_again_on_their_page(council: Council, scheme) -> None:
    client = Client()
    walk(client, council, stop="savings")
    income = client.get(page_url(council, "income")).content.decode()
    assert 'value="95.00"' in income
    born = client.get(page_url(council, "date-of-birth")).content.decode()
    assert 'value="14"' in born
    assert 'value="1988"' in born


def test_changing_an_answer_from_check_answers_goes_back_to_check_answers(
    council: Council, scheme
) -> None:
    client = Client()
    walk(client, council)
    changed = answer(client, council, "income", {"weekly_income": "120"})
    assert changed["Location"] == page_url(council, "check-your-answers")
    assert "£120.00" in text(client.get(changed["Location"]))


def test_a_change_that_needs_more_answers_asks_them_first(council: Council, scheme) -> None:
    client = Client()
    walk(client, council)
    changed = answer(client, council, "renting", {"rents": "yes"})
    assert changed["Location"] == page_url(council, "rent")


def test_the_household_is_added_one_person_at_a_time(council: Council, scheme) -> None:
    client = Client()
    walk(client, council, stop="lives-with-others")
    said_yes = answer(client, council, "lives-with-others", {"lives_with_others": "yes"})
    assert said_yes["Location"] == page_url(council, "people")
    assert client.get(page_url(council, "people"))["Location"] == page_url(council, "people/add")
    empty = answer(client, council, "people/add", {})
    for message in [
        "Enter their first name",
        "Enter their last name",
        "Enter their date of birth",
        "Select how they are related to you",
    ]:
        assert message in text(empty)
    person = {"first_name": "Robin", "last_name": "Testerton", "date_of_birth_day": "2",
              "date_of_birth_month": "11", "date_of_birth_year": "2015",
              "relationship": "child"}  # fmt: skip
    added = answer(client, council, "people/add", person)
    assert added["Location"] == page_url(council, "people")
    summary = text(client.get(page_url(council, "people")))
    assert "You have added 1 person" in summary
    assert "Robin Testerton" in summary
    assert "My child" in summary
    assert "Select yes if you need to add another person" in text(
        answer(client, council, "people", {})
    )
    more = answer(client, council, "people", {"add_another": "yes"})
    assert more["Location"] == page_url(council, "people/add")
    answer(
        client, council, "people/add", {**person, "first_name": "Sam", "relationship": "partner"}
    )
    assert "You have added 2 people" in text(client.get(page_url(council, "people")))
    answer(client, council, "people/1/remove", {"remove": "yes"})
    answer(client, council, "people/0/change", {**person, "first_name": "Robyn"})
    done = answer(client, council, "people", {"add_another": "no"})
    assert done["Location"] == page_url(council, "circumstances")
    walk(client, council, start="circumstances")
    check = text(client.get(page_url(council, "check-your-answers")))
    assert "Robyn Testerton" in check
    assert "Sam Testerton" not in check


def test_the_postcode_with_no_addresses_found_offers_to_type_it(council: Council, scheme) -> None:
    make_gazetteer_address(council=council, postcode="NB1 2AB")
    client = Client()
    walk(client, council, stop="address/enter")
    assert client.get(page_url(council, "address/enter"))["Location"] == page_url(
        council, "postcode"
    )
    answer(client, council, "postcode", {"postcode": "ZZ9 9ZZ"})
    page = text(client.get(page_url(council, "address")))
    assert "We could not find an address for ZZ9 9ZZ" in page
    assert "Enter your address" in page
    typed = answer(client, council, "address/enter", ANSWERS["address/enter"])
    assert typed["Location"] == page_url(council, "lives-with-others")
    assert "Select your address" in text(answer(client, council, "address", {}))


def test_the_pages_about_abuse_and_safety_have_exit_this_page(council: Council, scheme) -> None:
    client = Client()
    client.get(page_url(council, "start"))
    crisis = client.get(page_url(council, "what-happened")).content.decode()
    assert "govuk-exit-this-page" in crisis
    assert "I am fleeing domestic abuse" in crisis
    answer(client, council, "what-happened", ANSWERS["what-happened"])
    assert "govuk-exit-this-page" in client.get(page_url(council, "tell-us-more")).content.decode()
    answer(client, council, "tell-us-more", ANSWERS["tell-us-more"])
    assert "govuk-exit-this-page" not in client.get(page_url(council, "name")).content.decode()


def test_the_start_page_says_what_you_need_and_links_to_the_guide(council: Council, scheme) -> None:
    page = Client().get(page_url(council, ""))
    words = text(page)
    assert "Apply for crisis support" in words
    assert "What you need" in words
    assert "How long it takes" in words
    assert "Crisis Payment" in words
    body = page.content.decode()
    assert f'href="/councils/{council.slug}/apply/start/"' in body
    assert f'href="/councils/{council.slug}/can-i-get-help/"' in body


def test_an_unknown_council_is_not_found(db) -> None:
    assert Client().get("/councils/nowhere/apply/").status_code == 404
