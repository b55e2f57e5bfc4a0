"""Sending the online application: one application, on the web channel, the same every time."""

import pytest
from django.test import Client

from onestop.intake.models import Application, ApplicationStatus, Channel
from onestop.people.models import Household
from onestop.policy.models import Scheme
from tests.factories import make_gazetteer_address, make_scheme
from tests.intake.public.conftest import answer, page_url, send, text, walk

pytestmark = pytest.mark.django_db


def test_the_last_answer_leads_to_check_answers_showing_every_answer(council, scheme) -> None:
    client = Client()
    last = walk(client, council)
    assert last is not None
    assert last["Location"] == page_url(council, "check-your-answers")
    check = text(client.get(last["Location"]))
    assert "Check your answers before sending your application" in check
    for shown in [
        "I have no money for food",
        "My benefits were stopped and I have no food.",
        "Morgan Testerton",
        "14 March 1988",
        "3 Example Row Northtown NT2 4CD",
        "Text message",
        "07700 900456",
        "£95.00",
        "£70.00",
    ]:
        assert shown in check


def test_sending_makes_one_application_online_with_its_reference(council, scheme) -> None:
    client = Client()
    walk(client, council)
    sent = send(client, council)
    assert sent["Location"] == page_url(council, "application-sent")
    application = Application.objects.get(council=council)
    assert application.channel == Channel.WEB
    assert application.submitted_by is None
    assert application.status == ApplicationStatus.AWAITING_DECISION
    assert application.applicant.first_name == "Morgan"
    assert application.weekly_income_pence == 9_500
    assert application.weekly_housing_costs_pence == 7_000
    assert application.crisis_reason == "no_money_for_food"
    assert application.household.postcode == "NT2 4CD"
    assert application.submission_key.startswith("web:")
    confirmation = text(client.get(sent["Location"]))
    assert "Application sent" in confirmation
    assert f"Your reference is {application.reference}" in confirmation
    assert "What happens next" in confirmation
    assert application.decision_due.strftime("%B %Y") in confirmation


def test_sending_twice_gives_the_same_application(council, scheme) -> None:
    client = Client()
    walk(client, council)
    check = client.get(page_url(council, "check-your-answers")).content.decode()
    token = check.split('name="form_token" value="')[1].split('"')[0]
    first = client.post(page_url(council, "check-your-answers"), {"form_token": token})
    again = client.post(page_url(council, "check-your-answers"), {"form_token": token})
    assert first["Location"] == again["Location"] == page_url(council, "application-sent")
    assert Application.objects.filter(council=council).count() == 1


def test_after_sending_the_answers_are_gone_and_a_new_application_starts_empty(
    council, scheme
) -> None:
    client = Client()
    walk(client, council)
    send(client, council)
    response = client.get(page_url(council, "check-your-answers"))
    assert response["Location"] == page_url(council, "what-happened")
    name = client.get(page_url(council, "name"))
    assert name["Location"] == page_url(council, "what-happened")


def test_someone_with_no_fixed_address_can_apply(council, scheme) -> None:
    client = Client()
    walk(client, council, stop="address/enter")
    response = answer(client, council, "no-fixed-address", {"contact_address": ""})
    assert response["Location"] == page_url(council, "lives-with-others")
    walk(client, council, start="lives-with-others")
    check = text(client.get(page_url(council, "check-your-answers")))
    assert "No fixed address" in check
    send(client, council)
    application = Application.objects.get(council=council)
    assert application.household.no_fixed_address is True


def test_choosing_from_the_gazetteer_records_the_uprn_and_ward(council, scheme) -> None:
    home = make_gazetteer_address(
        council=council,
        uprn="100023336956",
        postcode="NB1 2AB",
        ward="Eastgate",
        address_line_1="12 Gazetteer Street",
    )
    make_gazetteer_address(council=council, postcode="NB1 2AB", ward="Eastgate")
    client = Client()
    walk(client, council, stop="address/enter")
    postcode = answer(client, council, "postcode", {"postcode": "nb12ab"})
    assert postcode["Location"] == page_url(council, "address")
    pick = text(client.get(postcode["Location"]))
    assert "2 addresses found" in pick
    assert "12 Gazetteer Street" in pick
    chosen = answer(client, council, "address", {"uprn": home.uprn})
    assert chosen["Location"] == page_url(council, "lives-with-others")
    walk(client, council, start="lives-with-others")
    send(client, council)
    household = Household.objects.get(pk=Application.objects.get(council=council).household_id)
    assert (household.uprn, household.ward) == ("100023336956", "Eastgate")


def test_the_person_is_recorded_as_welsh_speaking_when_reading_in_welsh(council, scheme) -> None:
    client = Client()
    client.cookies["django_language"] = "cy"
    walk(client, council)
    send(client, council)
    assert Application.objects.get(council=council).applicant.language == "cy"


def test_english_is_recorded_by_default(council, scheme) -> None:
    client = Client()
    walk(client, council)
    send(client, council)
    assert Application.objects.get(council=council).applicant.language == "en"


def test_a_scheme_question_only_when_more_than_one_scheme_is_open(council, scheme) -> None:
    client = Client()
    assert client.get(page_url(council, "start"))["Location"] == page_url(council, "what-happened")
    other = make_scheme(council=council, name="Essential household items", reference_prefix="EH")
    assert client.get(page_url(council, "start"))["Location"] == page_url(council, "scheme")
    page = text(client.get(page_url(council, "scheme")))
    assert "Crisis Payment" in page
    assert "Essential household items" in page
    answer(client, council, "scheme", {"scheme": str(other.pk)})
    walk(client, council)
    send(client, council)
    assert Application.objects.get(council=council).scheme == other
    assert Scheme.objects.filter(council=council).count() == 2
