"""Kiosk mode: the same questions on a shared screen that forgets each person completely."""

import re
import time

import pytest
from django.test import Client, override_settings

from onestop.councils.models import Council
from onestop.intake.models import Application, Channel
from onestop.intake.public.views.common import KIOSK_SEEN_AT
from tests.intake.public.conftest import ANSWERS, answer, page_url, send, text, walk

pytestmark = pytest.mark.django_db

KIOSK = "kiosk"
LOCAL, FREEPHONE = "01632 960000", "0808 157 0000"  # make_council's numbers


def session_keys(client: Client) -> set[str]:
    """What the session holds (Django's session store is not iterable itself)."""
    return set(client.session.keys())


def test_applying_at_a_kiosk_makes_a_kiosk_application_and_leaves_nothing(
    council: Council, scheme
) -> None:
    client = Client()
    walk(client, council, root=KIOSK)
    sent = send(client, council, root=KIOSK)
    assert sent["Location"] == page_url(council, "application-sent", root=KIOSK)
    application = Application.objects.get(council=council)
    assert application.channel == Channel.KIOSK
    assert application.submission_key.startswith("kiosk:")
    confirmation = client.get(sent["Location"])
    body = confirmation.content.decode()
    assert re.search(rf'class="onestop-kiosk-reference">{application.reference}<', body)
    # The confirmation clears itself sooner than a question page does.
    assert re.search(r'http-equiv="refresh" content="30;url=/councils/[^/]+/kiosk/clear/"', body)
    # Only the reference is left, for the confirmation page: no answers.
    assert not any(
        key.startswith("kiosk:") and not key.endswith(":sent") for key in session_keys(client)
    )
    assert client.get(page_url(council, "name", root=KIOSK))["Location"] == page_url(
        council, "what-happened", root=KIOSK
    )


def test_every_kiosk_page_has_the_numbers_start_again_and_the_timer(
    council: Council, scheme
) -> None:
    client = Client()
    client.get(page_url(council, "start", root=KIOSK))
    pages = [page_url(council, "", root=KIOSK)]
    for page, data in ANSWERS.items():
        pages.append(page_url(council, page, root=KIOSK))
        check_kiosk_page(client, pages[-1])
        answer(client, council, page, data, root=KIOSK)
    for extra in ["", "check-your-answers", "save", "return"]:
        check_kiosk_page(client, page_url(council, extra, root=KIOSK))


def check_kiosk_page(client: Client, url: str) -> None:
    response = client.get(url)
    assert response.status_code == 200, url
    words = text(response)
    assert LOCAL in words, url
    assert FREEPHONE in words, url
    assert "Start again or finish" in words, url
    body = response.content.decode()
    assert 'http-equiv="refresh" content="120;url=/councils/' in body, url
    assert "no-store" in response["Cache-Control"], url
    # No autofill: the form, and every field a person types in, say so.
    for form in re.findall(r"<form\b[^>]*>", body):
        assert 'autocomplete="off"' in form, (url, form)
    for field in re.findall(r"<(?:input|textarea|select)\b[^>]*>", body):
        if re.search(r'type="(hidden|radio|checkbox)"', field):
            continue
        assert 'autocomplete="off"' in field, (url, field)


def test_after_the_kiosk_is_left_alone_everything_typed_is_gone(council: Council, scheme) -> None:
    client = Client()
    walk(client, council, root=KIOSK, stop="income")
    assert "Morgan" in client.get(page_url(council, "name", root=KIOSK)).content.decode()
    session = client.session
    session[KIOSK_SEEN_AT] = time.time() - 121
    session.save()
    response = client.get(page_url(council, "name", root=KIOSK))
    assert response.status_code == 200
    assert "We cleared the screen" in text(response)
    assert "Morgan" not in response.content.decode()
    assert session_keys(client) == {KIOSK_SEEN_AT}
    # The next person starts from the first question with nothing filled in.
    first = client.get(page_url(council, "name", root=KIOSK))
    assert first["Location"] == page_url(council, "what-happened", root=KIOSK)


def test_a_form_sent_after_the_timeout_is_not_kept(council: Council, scheme) -> None:
    client = Client()
    walk(client, council, root=KIOSK, stop="name")
    session = client.session
    session[KIOSK_SEEN_AT] = time.time() - 500
    session.save()
    late = answer(client, council, "name", ANSWERS["name"], root=KIOSK)
    assert "We cleared the screen" in text(late)
    assert session_keys(client) == {KIOSK_SEEN_AT}


@override_settings(KIOSK_INACTIVITY_SECONDS=30)
def test_the_timeout_is_a_setting(council: Council, scheme) -> None:
    client = Client()
    walk(client, council, root=KIOSK, stop="name")
    body = client.get(page_url(council, "name", root=KIOSK)).content.decode()
    assert 'http-equiv="refresh" content="30;url=' in body
    session = client.session
    session[KIOSK_SEEN_AT] = time.time() - 31
    session.save()
    assert "We cleared the screen" in text(client.get(page_url(council, "name", root=KIOSK)))


def test_within_the_time_nothing_is_cleared(council: Council, scheme) -> None:
    client = Client()
    walk(client, council, root=KIOSK, stop="name")
    session = client.session
    session[KIOSK_SEEN_AT] = time.time() - 60
    session.save()
    page = client.get(page_url(council, "name", root=KIOSK))
    assert "We cleared the screen" not in text(page)
    assert page.status_code == 200


def test_start_again_clears_everything(council: Council, scheme) -> None:
    client = Client()
    walk(client, council, root=KIOSK, stop="date-of-birth")
    cleared = client.get(f"/councils/{council.slug}/kiosk/clear/")
    assert cleared["Location"] == f"/councils/{council.slug}/kiosk/?cleared=1"
    assert "no-store" in cleared["Cache-Control"]
    assert session_keys(client) == {KIOSK_SEEN_AT}
    assert "We cleared the screen" in text(client.get(cleared["Location"]))


def test_saving_at_a_kiosk_sends_the_code_and_keeps_nothing_on_the_kiosk(
    council: Council, scheme
) -> None:
    client = Client()
    walk(client, council, root=KIOSK, stop="date-of-birth")
    saved = client.post(page_url(council, "save", root=KIOSK), {"contact": "07700 900123"})
    assert saved["Location"] == page_url(council, "saved", root=KIOSK)
    assert not any(
        key.startswith("kiosk:") and not key.endswith(":saved") for key in session_keys(client)
    )
    page = client.get(saved["Location"])
    assert "Your answers have been saved" in text(page)
    assert client.get(page_url(council, "name", root=KIOSK))["Location"] == page_url(
        council, "what-happened", root=KIOSK
    )


def test_the_web_pages_are_not_the_kiosk_pages(council: Council, scheme) -> None:
    body = Client().get(page_url(council, "")).content.decode()
    assert 'http-equiv="refresh"' not in body
    assert "Start again or finish" not in body
