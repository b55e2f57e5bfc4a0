"""Save and come back later: a code by text or email, kept hashed, that works with its contact."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone

from onestop.councils.models import Council
from onestop.intake.models import Application, ApplicationDraft
from onestop.intake.public.services import drafts_expired_delete
from onestop.notifications.models import Message
from tests.factories import make_scheme
from tests.intake.public.conftest import ANSWERS, page_url, send, text, walk

pytestmark = pytest.mark.django_db

PHONE = "07700 900123"
EMAIL = "morgan@example.com"


def save_for_later(client: Client, council: Council, contact: str, *, root: str = "apply") -> str:
    """Save from the page after the name, and return the code the message carried."""
    walk(client, council, stop="date-of-birth", root=root)
    to_save = client.post(
        page_url(council, "date-of-birth", root=root),
        {"action": "save", "date_of_birth_day": "14", "date_of_birth_month": "3",
         "date_of_birth_year": "1988"},
    )  # fmt: skip
    assert to_save["Location"] == page_url(council, "save", root=root)
    saved = client.post(page_url(council, "save", root=root), {"contact": contact})
    assert saved["Location"] == page_url(council, "saved", root=root)
    message = Message.objects.filter(template="application_saved").latest("id")
    found = re.search(r"\b([A-Z2-9]{4}-[A-Z2-9]{4})\b", message.body)
    assert found, message.body
    return found.group(1)


def resume(client: Client, council: Council, code: str, contact: str):
    return client.post(page_url(council, "return"), {"code": code, "contact": contact})


def test_saving_sends_a_code_by_text_and_keeps_only_its_hash(council: Council, scheme) -> None:
    client = Client()
    code = save_for_later(client, council, PHONE)
    message = Message.objects.get(template="application_saved")
    assert message.channel == "sms"
    assert message.recipient == "07700900123"
    assert f"/councils/{council.slug}/apply/return/" in message.body
    draft = ApplicationDraft.objects.get(council=council)
    assert draft.expires_on == timezone.localdate() + datetime.timedelta(days=28)
    stored = " ".join(str(v) for v in [draft.code_hash, draft.contact, draft.answers])
    assert code not in stored
    assert code.replace("-", "") not in stored
    assert draft.answers["answers"]["first_name"] == "Morgan"
    assert draft.answers["answers"]["date_of_birth"] == "1988-03-14"  # the page saved from
    page = text(client.get(page_url(council, "saved")))
    assert "Your answers have been saved" in page
    assert "We have sent a code to …123" in page


def test_the_code_and_contact_bring_the_answers_back(council: Council, scheme) -> None:
    code = save_for_later(Client(), council, EMAIL)
    assert Message.objects.get(template="application_saved").channel == "email"
    elsewhere = Client()  # another day, another device
    back = resume(elsewhere, council, code.lower().replace("-", " "), "Morgan@Example.com")
    assert back["Location"] == page_url(council, "address/enter")  # the first not answered
    assert 'value="Morgan"' in elsewhere.get(page_url(council, "name")).content.decode()
    walk(elsewhere, council, start="address/enter")
    send(elsewhere, council)
    assert Application.objects.filter(council=council).count() == 1
    assert not ApplicationDraft.objects.exists()  # sent: the draft is no longer kept


def test_a_wrong_code_or_contact_is_refused_the_same_way(council: Council, scheme) -> None:
    code = save_for_later(Client(), council, PHONE)
    client = Client()
    for wrong in [resume(client, council, "ABCD-EFGH", PHONE),
                  resume(client, council, code, "07700 900999")]:  # fmt: skip
        assert wrong.status_code == 200
        assert "We could not find saved answers with that code" in text(wrong)
    blank = resume(client, council, "", "")
    assert "Enter the code we sent you" in text(blank)
    assert "Enter an email address or a mobile phone number" in text(blank)


def test_guessing_is_limited(council: Council, scheme) -> None:
    code = save_for_later(Client(), council, PHONE)
    client = Client()
    for _ in range(4):
        assert resume(client, council, "ABCD-EFGH", PHONE).status_code == 200
    blocked = resume(client, council, "ABCD-EFGH", PHONE)
    assert blocked.status_code == 429
    assert "Call us to carry on with your application" in text(blocked)
    # Even the right code is refused now, in this session.
    assert resume(client, council, code, PHONE).status_code == 429
    # A new session from the same address is stopped after the address's limit.
    for _session in range(3):
        other = Client()
        for _ in range(5):
            resume(other, council, "ABCD-EFGH", PHONE)
    assert resume(Client(), council, code, PHONE).status_code == 429
    # From another address the right code still works.
    assert resume(Client(REMOTE_ADDR="192.0.2.9"), council, code, PHONE).status_code == 302


def test_an_expired_code_is_refused_and_the_daily_job_deletes_it(council: Council, scheme) -> None:
    code = save_for_later(Client(), council, PHONE)
    draft = ApplicationDraft.objects.get()
    draft.expires_on = timezone.localdate() - datetime.timedelta(days=1)
    draft.save()
    refused = resume(Client(), council, code, PHONE)
    assert "We could not find saved answers with that code" in text(refused)
    assert drafts_expired_delete(today=timezone.localdate()) == 1
    assert not ApplicationDraft.objects.exists()
    assert drafts_expired_delete(today=timezone.localdate()) == 0


def test_saving_again_replaces_the_earlier_code(council: Council, scheme) -> None:
    client = Client()
    first = save_for_later(client, council, PHONE)
    second = client.post(page_url(council, "save"), {"contact": PHONE})
    assert second.status_code == 302
    assert ApplicationDraft.objects.count() == 1
    assert "We could not find" in text(resume(Client(), council, first, PHONE))


def test_the_save_page_checks_the_contact(council: Council, scheme) -> None:
    client = Client()
    walk(client, council, stop="name")
    for typed, message in [
        ("", "Enter an email address or a mobile phone number"),
        ("morgan@", "Enter an email address in the correct format, like name@example.com"),
        ("12345", "Enter an email address, or a mobile phone number like 07700 900 982"),
    ]:
        response = client.post(page_url(council, "save"), {"contact": typed})
        assert response.status_code == 200
        assert f'<a href="#contact">{message}</a>' in response.content.decode()
    assert not ApplicationDraft.objects.exists()


def test_saving_with_an_unfinished_page_keeps_the_answers_before_it(
    council: Council, scheme
) -> None:
    client = Client()
    walk(client, council, stop="name")
    to_save = client.post(page_url(council, "name"), {"action": "save", "first_name": ""})
    assert to_save["Location"] == page_url(council, "save")
    client.post(page_url(council, "save"), {"contact": PHONE})
    answers = ApplicationDraft.objects.get().answers["answers"]
    assert answers["crisis_reason"] == ANSWERS["what-happened"]["crisis_reason"]
    assert "first_name" not in answers


def test_a_code_from_another_council_does_not_work(council: Council, scheme, other_council) -> None:
    code = save_for_later(Client(), council, PHONE)
    make_scheme(council=other_council)
    refused = resume(Client(), other_council, code, PHONE)
    assert "We could not find saved answers" in text(refused)
