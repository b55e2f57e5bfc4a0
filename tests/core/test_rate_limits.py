"""Per-client limits on the public pages: a friendly 429 page, and nothing typed is lost."""

import re

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from onestop.core.rate_limits import client_address, is_limited_path
from tests import factories


@pytest.fixture(autouse=True)
def fresh_counts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def council(db):
    return factories.make_council(name="Northshire Council", slug="northshire")


def limited(rate: str = "2/min", **more):
    return override_settings(PUBLIC_RATE_LIMIT=rate, **more)


def test_past_the_limit_a_public_page_says_wait_and_how_to_call(client: Client, council):
    with limited():
        assert client.get("/councils/northshire/can-i-get-help/").status_code == 200
        assert client.get("/councils/northshire/status/").status_code == 200
        page = client.get("/councils/northshire/status/")

    assert page.status_code == 429
    assert 0 < int(page["Retry-After"]) <= 60
    text = page.content.decode()
    assert "Too many requests from your connection" in text
    assert "Wait 1 minute, then try again." in text
    assert "01632 960000, or free on 0808 157 0000" in text
    assert 'href="/councils/northshire/status/"' in text  # try again


def test_a_refused_form_is_not_processed_and_what_was_typed_is_kept(client: Client, council):
    scheme = factories.make_scheme(council=council)
    application = factories.submit_application(scheme=scheme)
    typed = {
        "reference": application.reference,
        "date_of_birth_day": "7",
        "date_of_birth_month": "11",
        "date_of_birth_year": "1980",
    }
    with limited("1/min"):
        client.get("/councils/northshire/status/")
        page = client.post("/councils/northshire/status/", typed)

    assert page.status_code == 429
    text = page.content.decode()
    assert "Your answers are safe" in text
    for name, value in typed.items():
        assert f'name="{name}" value="{value}"' in text
    assert re.search(r'<form method="post" action="/councils/northshire/status/"', text)
    assert "csrfmiddlewaretoken" in text  # the page's own token, so Try again can be sent
    assert "application_status" not in client.session  # the look-up was not made


def test_other_clients_staff_pages_and_the_api_are_not_limited(council, client: Client):
    with limited("1/min"):
        client.get("/councils/northshire/status/", REMOTE_ADDR="192.0.2.1")
        assert (
            client.get("/councils/northshire/status/", REMOTE_ADDR="192.0.2.1").status_code == 429
        )
        assert (
            client.get("/councils/northshire/status/", REMOTE_ADDR="192.0.2.2").status_code == 200
        )
        for _ in range(3):
            assert client.get("/staff/sign-in/", REMOTE_ADDR="192.0.2.1").status_code == 200
            assert client.get("/api/v1/openapi.json", REMOTE_ADDR="192.0.2.1").status_code == 200


def test_addresses_set_as_exempt_such_as_kiosks_are_never_limited(council, client: Client):
    with limited("1/min", PUBLIC_RATE_LIMIT_EXEMPT=["10.20.0.0/16"]):
        answers = {
            client.get("/councils/northshire/status/", REMOTE_ADDR="10.20.3.4").status_code
            for _ in range(4)
        }

    assert answers == {200}


def test_with_no_limit_set_nothing_is_limited(council, client: Client):
    with limited(""):
        answers = {client.get("/councils/northshire/status/").status_code for _ in range(5)}

    assert answers == {200}


def test_an_unknown_council_gets_a_plain_429(db, client: Client):
    with limited("1/min"):
        client.get("/councils/nowhere/status/")
        answer = client.get("/councils/nowhere/status/")

    assert answer.status_code == 429
    assert answer["Retry-After"]


def _request(rf, remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/councils/northshire/", **extra)


def test_x_forwarded_for_is_ignored_unless_a_proxy_is_trusted(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 0

    assert client_address(_request(rf, "203.0.113.9", "198.51.100.1")) == "203.0.113.9"


def test_behind_a_trusted_proxy_only_the_address_it_saw_counts(rf, settings):
    settings.TRUSTED_PROXY_COUNT = 1

    # The first entry is whatever the client typed; the last is what the proxy saw.
    assert client_address(_request(rf, "10.0.0.5", "1.2.3.4, 198.51.100.7")) == "198.51.100.7"
    assert client_address(_request(rf, "10.0.0.5", "198.51.100.7")) == "198.51.100.7"
    assert client_address(_request(rf, "10.0.0.5")) == "10.0.0.5"


def test_which_paths_are_limited():
    assert is_limited_path("/councils/northshire/apply/")
    assert is_limited_path("/partners/northshire/referrals/")
    assert not is_limited_path("/partners/northshire/sign-in/")
    assert not is_limited_path("/staff/northshire/")
    assert not is_limited_path("/api/v1/applications")
    assert not is_limited_path("/assets/govuk/govuk-frontend.min.css")
