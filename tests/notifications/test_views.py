"""The staff pages of notifications: the outbox with its letters, downloading a letter, and a
council admin rewording, previewing and resetting its messages."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.notifications.models import Letter, MessageWording
from onestop.notifications.services import letter_send, message_queue
from tests.factories import make_letter, make_membership

pytestmark = pytest.mark.django_db


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def page(name: str, council: Council, **kwargs: object) -> str:
    return reverse(f"notifications:{name}", kwargs={"council_slug": council.slug, **kwargs})


@pytest.fixture
def admin(council: Council) -> Membership:
    return make_membership(role=Role.ADMIN, council=council)


@pytest.fixture
def sent_letter(council: Council) -> Letter:
    letter = make_letter(council=council, case_reference="CR-7K4M-2Q", recipient_name="Jo Bloggs")
    return letter_send(letter_id=letter.pk)


def edit_page(council: Council, template: str = "application_received", language: str = "en"):
    return page("template_edit", council, template=template, language=language)


# The outbox and letters


def test_the_outbox_shows_letters_and_the_status_of_each(
    council: Council, admin: Membership, sent_letter: Letter
) -> None:
    make_letter(council=council, case_reference="CR-AAAA-11", language="cy", recipient_name="Siân")
    message_queue(
        council=council,
        template="application_received",
        contact_preference="sms",
        phone="",
        email="",
        personalisation={
            "first_name": "Jo",
            "reference": "CR-7K4M-2Q",
            "scheme": "Crisis Payment",
            "decision_due": "4 June 2026",
        },
    )
    response = client_for(admin).get(page("outbox", council))
    text = text_of(response.content.decode())
    assert "Letters" in text
    assert "Jo Bloggs" in text
    assert "Decision: refused" in text
    for status in ("Sent", "Queued", "No contact details"):
        assert status in text
    assert "In Welsh" in text
    assert page("letter", council, letter_id=sent_letter.pk) in response.content.decode()
    assert "Change the wording of messages" in text


def test_finance_sees_the_outbox_but_cannot_download_letters(
    council: Council, sent_letter: Letter
) -> None:
    finance = make_membership(role=Role.FINANCE, council=council)
    client = client_for(finance)
    outbox = client.get(page("outbox", council)).content.decode()
    assert "Jo Bloggs" in outbox
    assert page("letter", council, letter_id=sent_letter.pk) not in outbox
    assert client.get(page("letter", council, letter_id=sent_letter.pk)).status_code == 403


def test_downloading_a_letter_gives_the_pdf_and_is_recorded_as_viewing_the_case(
    council: Council, adviser: Membership, sent_letter: Letter
) -> None:
    response = client_for(adviser).get(page("letter", council, letter_id=sent_letter.pk))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="CR-7K4M-2Q-decision-refusal-{sent_letter.pk}.pdf"'
    )
    assert response.content.startswith(b"%PDF")
    viewed = AuditEvent.objects.get(action="case.viewed", case_reference="CR-7K4M-2Q")
    assert viewed.actor == adviser.user
    assert viewed.council == council
    assert viewed.summary == "Letter downloaded: decision: refused"


def test_another_councils_letter_cannot_be_downloaded(
    council: Council, other_council: Council, sent_letter: Letter
) -> None:
    theirs = make_membership(role=Role.TEAM_LEADER, council=other_council)
    client = client_for(theirs)
    assert client.get(page("letter", council, letter_id=sent_letter.pk)).status_code == 404
    # Nor through their own council's address.
    assert client.get(page("letter", other_council, letter_id=sent_letter.pk)).status_code == 404
    assert not AuditEvent.objects.filter(action="case.viewed").exists()


def test_a_letter_still_being_made_sends_the_person_back_to_the_case(
    council: Council, adviser: Membership
) -> None:
    letter = make_letter(council=council, case_reference="CR-7K4M-2Q")
    client = client_for(adviser)
    response = client.get(page("letter", council, letter_id=letter.pk))
    assert response.status_code == 302
    assert response["Location"] == reverse(
        "casework:case", kwargs={"council_slug": council.slug, "reference": "CR-7K4M-2Q"}
    )
    assert not AuditEvent.objects.filter(action="case.viewed").exists()


# Message wording


def test_the_list_shows_each_message_in_each_language_and_whether_it_changed(
    council: Council, admin: Membership
) -> None:
    MessageWording.objects.create(
        council=council,
        template="award_made",
        language="cy",
        subject="Dyfarniad ((reference))",
        body="((reference)) ((amount))",
    )
    text = text_of(client_for(admin).get(page("templates", council)).content.decode())
    assert "Message wording" in text
    assert "Award made Sent when an application is approved. Welsh Changed" in text
    assert "Award made Sent when an application is approved. English Default" in text
    assert "Complaint received" in text


def test_the_edit_page_starts_from_the_wording_in_use(council: Council, admin: Membership) -> None:
    html = client_for(admin).get(edit_page(council, language="cy")).content.decode()
    assert "Rydym wedi cael eich cais ((reference))" in unescape(html)
    assert "((decision_due))" in unescape(html)
    assert "It uses the default wording." in text_of(html)


def test_preview_shows_the_message_with_example_details_and_saves_nothing(
    council: Council, admin: Membership
) -> None:
    before = AuditEvent.objects.count()
    response = client_for(admin).post(
        edit_page(council),
        {
            "subject": "Got your application ((reference))",
            "body": "Hello ((first_name)), your reference is ((reference)).",
            "action": "preview",
        },
    )
    text = text_of(response.content.decode())
    assert response.status_code == 200
    assert "Preview with example details" in text
    assert "This has not been saved." in text
    assert "Got your application CR-7K4M-2Q" in text
    assert "Hello Siân, your reference is CR-7K4M-2Q." in text
    assert "41 characters, sent as 1 text message" in text
    assert MessageWording.objects.count() == 0
    assert AuditEvent.objects.count() == before


def test_saving_uses_the_wording_from_then_on_and_is_audited(
    council: Council, admin: Membership
) -> None:
    client = client_for(admin)
    response = client.post(
        edit_page(council),
        {
            "subject": "Got your application ((reference))",
            "body": "Hello ((first_name)), your reference is ((reference)).",
            "action": "save",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == page("templates", council)
    wording = MessageWording.objects.get(council=council)
    assert (wording.template, wording.language, wording.changed_by) == (
        "application_received",
        "en",
        admin.user,
    )
    event = AuditEvent.objects.get(action="message_wording.changed")
    assert event.actor == admin.user
    assert event.summary == "Changed the English wording of “Application received”"
    listed = text_of(client.get(page("templates", council)).content.decode())
    assert "Saved. “Application received” in English now uses your wording." in listed
    message = message_queue(
        council=council,
        template="application_received",
        contact_preference="sms",
        phone="07700 900123",
        email="",
        personalisation={
            "first_name": "Jo",
            "reference": "CR-7K4M-2Q",
            "scheme": "Crisis Payment",
            "decision_due": "4 June 2026",
        },
    )
    assert message.body == "Hello Jo, your reference is CR-7K4M-2Q."


@pytest.mark.parametrize("action", ["save", "preview"])
def test_wording_that_breaks_the_rules_is_refused_with_what_to_do(
    council: Council, admin: Membership, action: str
) -> None:
    response = client_for(admin).post(
        edit_page(council),
        {"subject": "", "body": "Hello ((name)).", "action": action},
    )
    text = text_of(response.content.decode())
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "Enter the subject. It is the subject line of the email" in text
    assert "The message uses ((name)), which this message does not have." in text
    assert "Preview with example details" not in text
    assert MessageWording.objects.count() == 0
    assert not AuditEvent.objects.filter(action__startswith="message_wording").exists()


def test_reset_goes_back_to_the_default(council: Council, admin: Membership) -> None:
    client = client_for(admin)
    client.post(
        edit_page(council),
        {"subject": "Ours ((reference))", "body": "Ours ((reference)).", "action": "save"},
    )
    changed = client.get(edit_page(council)).content.decode()
    assert "Reset to the default wording" in changed
    assert "See the default wording" in changed
    reset_url = page("template_reset", council, template="application_received", language="en")
    response = client.post(reset_url, follow=True)
    assert "“Application received” in English is back to the default wording." in text_of(
        response.content.decode()
    )
    assert MessageWording.objects.count() == 0
    assert AuditEvent.objects.filter(action="message_wording.reset").count() == 1
    again = client.post(reset_url, follow=True)
    assert "This message already uses the default wording." in text_of(again.content.decode())


def test_an_unknown_message_or_language_is_not_found(council: Council, admin: Membership) -> None:
    client = client_for(admin)
    assert client.get(edit_page(council, template="nonsense")).status_code == 404
    assert client.get(edit_page(council, language="fr")).status_code == 404


def test_only_those_who_manage_templates_may_change_the_wording(
    council: Council, other_council: Council
) -> None:
    team_leader = make_membership(role=Role.TEAM_LEADER, council=council)
    assert client_for(team_leader).get(page("templates", council)).status_code == 403
    assert (
        client_for(team_leader)
        .post(edit_page(council), {"subject": "x", "body": "((reference))", "action": "save"})
        .status_code
        == 403
    )
    outsider = make_membership(role=Role.ADMIN, council=other_council)
    assert client_for(outsider).get(page("templates", council)).status_code == 404
    assert MessageWording.objects.count() == 0
