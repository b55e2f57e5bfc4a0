"""The GOV.UK Notify backend really speaks Notify's HTTP API; the outbox backend keeps messages.

A small HTTP server on 127.0.0.1 stands in for Notify: it checks the signed token the official
client sends, records the JSON posted to /v2/notifications/sms, /email and /letter, and
answers as Notify does (201 with the notification's id), or with Notify's error format when
told to.
"""

import base64
import json
import threading
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import Any

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.test import override_settings
from notifications_python_client.authentication import decode_jwt_token, get_token_issuer

from onestop.core.roles import Role
from onestop.councils.models import Council
from onestop.notifications.backends import NotifyBackend, OutboxBackend, backend_for_settings
from onestop.notifications.checks import notify_configured
from onestop.notifications.models import Message, MessageChannel, MessageStatus
from onestop.notifications.services import (
    letter_send,
    message_queue,
    message_send,
    message_wording_save,
)
from tests.factories import make_letter, make_membership

SERVICE_ID = str(uuid.UUID(int=0x5E5F1CE0_0000_4000_8000_000000000001))
SECRET = str(uuid.UUID(int=0x5EC12E70_0000_4000_8000_000000000002))
# Notify keys are "<key name>-<service id>-<secret>"; the client reads the last 73 characters.
API_KEY = f"onestop_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_IDS = {
    "sms": "0f2c6b1e-7d4a-4c55-9a36-1b1e1f6f0a01",
    "email": "0f2c6b1e-7d4a-4c55-9a36-1b1e1f6f0a02",
}
SENT_PATHS = ("/v2/notifications/sms", "/v2/notifications/email", "/v2/notifications/letter")


@dataclass
class FakeNotify:
    """What the local Notify received, and how it should answer the next request."""

    url: str = ""
    received: list[dict[str, Any]] = field(default_factory=list)
    fail_with: tuple[int, dict[str, Any]] | None = None


def _handler(notify: FakeNotify) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            length = int(self.headers["Content-Length"])
            body = json.loads(self.rfile.read(length))
            token = self.headers["Authorization"].removeprefix("Bearer ")
            notify.received.append(
                {
                    "path": self.path,
                    "json": body,
                    "issuer": get_token_issuer(token),
                    "signed_with_secret": decode_jwt_token(token, SECRET),
                    "content_type": self.headers["Content-type"],
                }
            )
            if notify.fail_with:
                status, answer = notify.fail_with
            elif self.path in SENT_PATHS:
                status, answer = 201, self._created(body)
            else:
                status, answer = 404, {"status_code": 404, "errors": [{"error": "NotFound"}]}
            payload = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def _created(self, body: dict[str, Any]) -> dict[str, Any]:
            notification_id = str(uuid.uuid4())
            if self.path.endswith("/letter"):
                return {"id": notification_id, "reference": body["reference"], "postage": "second"}
            return {
                "id": notification_id,
                "reference": body.get("reference"),
                "content": {"body": "…", "from_number": "onestop"},
                "uri": f"{notify.url}/v2/notifications/{notification_id}",
                "template": {
                    "id": body["template_id"],
                    "version": 1,
                    "uri": f"{notify.url}/services/{SERVICE_ID}/templates/{body['template_id']}",
                },
            }

        def log_message(self, format: str, *args: Any) -> None:
            pass  # keep the test output clean

    return Handler


@pytest.fixture
def notify(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeNotify]:
    monkeypatch.setenv("NO_PROXY", "127.0.0.1,localhost")
    state = FakeNotify()
    server = HTTPServer(("127.0.0.1", 0), _handler(state))
    state.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
    )
    thread.start()
    yield state
    server.shutdown()
    server.server_close()
    thread.join()


def _backend(notify: FakeNotify) -> NotifyBackend:
    return NotifyBackend(
        api_key=API_KEY, base_url=notify.url, template_ids=TEMPLATE_IDS, letter_postage="first"
    )


def _queue(council: Council, language: str = "en", **contact: str) -> Message:
    return message_queue(
        council=council,
        template="application_received",
        personalisation={
            "first_name": "Siân",
            "reference": "CR-7K4M-2Q",
            "scheme": "Crisis Payment",
            "decision_due": "4 June 2026",
        },
        case_reference="CR-7K4M-2Q",
        language=language,
        **contact,
    )


@pytest.mark.django_db
def test_a_text_message_is_posted_to_notify_as_the_words_we_rendered(
    council: Council, notify: FakeNotify
) -> None:
    message = _queue(council, contact_preference="sms", phone="07700 900321", email="")
    sent = message_send(message_id=message.pk, backend=_backend(notify))

    (request,) = notify.received
    assert request["path"] == "/v2/notifications/sms"
    assert request["json"] == {
        "phone_number": "07700 900321",
        "template_id": TEMPLATE_IDS["sms"],
        "personalisation": {
            "body": (
                "Dear Siân, we have your Crisis Payment application. Your reference is "
                "CR-7K4M-2Q. We will tell you our decision by the end of 4 June 2026."
            )
        },
        "reference": "CR-7K4M-2Q",
    }
    assert request["issuer"] == SERVICE_ID
    assert request["signed_with_secret"] is True
    assert request["content_type"] == "application/json"
    assert sent.status == MessageStatus.SENT
    assert sent.backend == "notify"
    uuid.UUID(sent.provider_reference)  # Notify's notification id is kept


@pytest.mark.django_db
def test_an_email_is_posted_to_notify_with_its_subject_and_body(
    council: Council, notify: FakeNotify
) -> None:
    message = _queue(council, contact_preference="email", phone="", email="sian@example.com")
    assert message.channel == MessageChannel.EMAIL
    message_send(message_id=message.pk, backend=_backend(notify))

    (request,) = notify.received
    assert request["path"] == "/v2/notifications/email"
    assert request["json"]["email_address"] == "sian@example.com"
    assert request["json"]["template_id"] == TEMPLATE_IDS["email"]
    assert request["json"]["personalisation"] == {
        "subject": "We have your application CR-7K4M-2Q",
        "body": message.body,
    }
    assert request["json"]["reference"] == "CR-7K4M-2Q"


@pytest.mark.django_db
def test_notify_sends_the_councils_own_wording_in_the_persons_language(
    council: Council, notify: FakeNotify
) -> None:
    admin = make_membership(role=Role.ADMIN, council=council)
    message_wording_save(
        actor=admin.user,
        council=council,
        template="application_received",
        language="cy",
        subject="Cais ((reference))",
        body="Helo ((first_name)). Cyfeirnod: ((reference)). Penderfyniad erbyn ((decision_due)).",
    )
    message = _queue(
        council, language="cy", contact_preference="sms", phone="07700 900321", email=""
    )
    message_send(message_id=message.pk, backend=_backend(notify))

    (request,) = notify.received
    assert request["json"]["personalisation"] == {
        "body": "Helo Siân. Cyfeirnod: CR-7K4M-2Q. Penderfyniad erbyn 4 June 2026."
    }


@pytest.mark.django_db
def test_a_letter_is_posted_to_notify_as_a_precompiled_pdf(
    council: Council, notify: FakeNotify
) -> None:
    letter = make_letter(council=council, case_reference="CR-7K4M-2Q")
    sent = letter_send(letter_id=letter.pk, backend=_backend(notify))

    (request,) = notify.received
    assert request["path"] == "/v2/notifications/letter"
    assert request["json"]["reference"] == "CR-7K4M-2Q"
    assert request["json"]["postage"] == "first"
    posted = base64.b64decode(request["json"]["content"])
    assert posted.startswith(b"%PDF")
    assert posted == bytes(sent.pdf)
    assert sent.status == "sent"
    assert sent.backend == "notify"
    uuid.UUID(sent.provider_reference)


@pytest.mark.django_db
def test_a_refusal_from_notify_keeps_the_message_queued_with_notifys_reason(
    council: Council, notify: FakeNotify
) -> None:
    notify.fail_with = (
        400,
        {
            "status_code": 400,
            "errors": [
                {
                    "error": "BadRequestError",
                    "message": "Can't send to this recipient using a team-only API key",
                }
            ],
        },
    )
    message = _queue(council, contact_preference="sms", phone="07700 900321", email="")
    sent = message_send(message_id=message.pk, backend=_backend(notify))
    assert sent.status == MessageStatus.QUEUED
    assert sent.attempts == 1
    assert "Can't send to this recipient using a team-only API key" in sent.error


@pytest.mark.django_db
def test_a_letter_notify_refuses_stays_queued_with_the_reason(
    council: Council, notify: FakeNotify
) -> None:
    notify.fail_with = (
        400,
        {
            "status_code": 400,
            "errors": [{"error": "BadRequestError", "message": "Cannot send letters"}],
        },
    )
    letter = letter_send(letter_id=make_letter(council=council).pk, backend=_backend(notify))
    assert letter.status == "queued"
    assert "Cannot send letters" in letter.error
    assert bytes(letter.pdf).startswith(b"%PDF")  # kept, so a retry posts the same letter


@pytest.mark.django_db
def test_the_outbox_backend_keeps_the_message_and_gives_it_a_reference(council: Council) -> None:
    message = _queue(council, contact_preference="sms", phone="07700 900321", email="")
    sent = message_send(message_id=message.pk, backend=OutboxBackend())
    assert sent.status == MessageStatus.SENT
    assert sent.backend == "outbox"
    assert sent.provider_reference.startswith("outbox-")
    assert Message.objects.get(pk=message.pk).body.startswith("Dear Siân")


def test_without_a_notify_key_messages_stay_in_the_outbox() -> None:
    assert isinstance(backend_for_settings(), OutboxBackend)
    assert notify_configured(None) == []


def test_with_a_key_and_both_templates_messages_go_to_notify(notify: FakeNotify) -> None:
    with override_settings(
        NOTIFY_API_KEY=API_KEY, NOTIFY_BASE_URL=notify.url, NOTIFY_TEMPLATE_IDS=TEMPLATE_IDS
    ):
        backend = backend_for_settings()
        assert notify_configured(None) == []
    assert isinstance(backend, NotifyBackend)
    assert backend.client.service_id == SERVICE_ID
    assert backend.client.base_url == notify.url
    assert backend.letter_postage == "second"


@pytest.mark.parametrize(
    ("key", "template_ids", "postage", "complaint"),
    [
        (API_KEY, {}, "second", "no Notify template for: email, sms"),
        (API_KEY, {"sms": TEMPLATE_IDS["sms"]}, "second", "no Notify template for: email"),
        (
            API_KEY,
            {**TEMPLATE_IDS, "application_received": "x"},
            "second",
            "other than email and sms: application_received",
        ),
        (API_KEY, TEMPLATE_IDS, "express", "must be first, second or economy"),
        ("", TEMPLATE_IDS, "second", "NOTIFY_API_KEY is not"),
    ],
    ids=["no templates", "no email template", "old per-message templates", "bad postage", "no key"],
)
def test_half_configured_notify_refuses_to_start(
    key: str, template_ids: dict[str, str], postage: str, complaint: str
) -> None:
    with override_settings(
        NOTIFY_API_KEY=key, NOTIFY_TEMPLATE_IDS=template_ids, NOTIFY_LETTER_POSTAGE=postage
    ):
        with pytest.raises(ImproperlyConfigured, match=complaint):
            backend_for_settings()
        errors = notify_configured(None)
    assert [e.id for e in errors] == ["notifications.E001"]
    assert complaint in errors[0].msg
