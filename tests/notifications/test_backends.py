"""The GOV.UK Notify backend really speaks Notify's HTTP API; the outbox backend keeps messages.

A small HTTP server on 127.0.0.1 stands in for Notify: it checks the signed token the official
client sends, records the JSON posted to /v2/notifications/sms and /email, and answers as
Notify does (201 with the notification's id), or with Notify's error format when told to.
"""

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

from onestop.councils.models import Council
from onestop.notifications.backends import NotifyBackend, OutboxBackend, backend_for_settings
from onestop.notifications.checks import notify_templates_configured
from onestop.notifications.models import Message, MessageChannel, MessageStatus
from onestop.notifications.services import message_queue, message_send
from onestop.notifications.templates import TEMPLATES

SERVICE_ID = str(uuid.UUID(int=0x5E5F1CE0_0000_4000_8000_000000000001))
SECRET = str(uuid.UUID(int=0x5EC12E70_0000_4000_8000_000000000002))
# Notify keys are "<key name>-<service id>-<secret>"; the client reads the last 73 characters.
API_KEY = f"onestop_test-{SERVICE_ID}-{SECRET}"
TEMPLATE_IDS = {
    "application_received": "0f2c6b1e-7d4a-4c55-9a36-1b1e1f6f0a01",
    "award_made": "0f2c6b1e-7d4a-4c55-9a36-1b1e1f6f0a02",
}


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
            elif self.path in ("/v2/notifications/sms", "/v2/notifications/email"):
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
    return NotifyBackend(api_key=API_KEY, base_url=notify.url, template_ids=TEMPLATE_IDS)


def _queue(council: Council, **contact: str) -> Message:
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
        **contact,
    )


@pytest.mark.django_db
def test_a_text_message_is_posted_to_notify(council: Council, notify: FakeNotify) -> None:
    message = _queue(council, contact_preference="sms", phone="07700 900321", email="")
    sent = message_send(message_id=message.pk, backend=_backend(notify))

    (request,) = notify.received
    assert request["path"] == "/v2/notifications/sms"
    assert request["json"] == {
        "phone_number": "07700 900321",
        "template_id": TEMPLATE_IDS["application_received"],
        "personalisation": {
            "first_name": "Siân",
            "reference": "CR-7K4M-2Q",
            "scheme": "Crisis Payment",
            "decision_due": "4 June 2026",
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
def test_an_email_is_posted_to_notify(council: Council, notify: FakeNotify) -> None:
    message = _queue(council, contact_preference="email", phone="", email="sian@example.com")
    assert message.channel == MessageChannel.EMAIL
    message_send(message_id=message.pk, backend=_backend(notify))

    (request,) = notify.received
    assert request["path"] == "/v2/notifications/email"
    assert request["json"]["email_address"] == "sian@example.com"
    assert request["json"]["template_id"] == TEMPLATE_IDS["application_received"]
    assert request["json"]["personalisation"]["first_name"] == "Siân"
    assert request["json"]["reference"] == "CR-7K4M-2Q"


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
def test_the_outbox_backend_keeps_the_message_and_gives_it_a_reference(council: Council) -> None:
    message = _queue(council, contact_preference="sms", phone="07700 900321", email="")
    sent = message_send(message_id=message.pk, backend=OutboxBackend())
    assert sent.status == MessageStatus.SENT
    assert sent.backend == "outbox"
    assert sent.provider_reference.startswith("outbox-")
    assert Message.objects.get(pk=message.pk).body.startswith("Dear Siân")


def test_notify_without_a_template_for_every_message_refuses_to_start() -> None:
    with (
        override_settings(NOTIFY_API_KEY=API_KEY, NOTIFY_TEMPLATE_IDS={"award_made": "x"}),
        pytest.raises(ImproperlyConfigured, match="application_received"),
    ):
        backend_for_settings()
    with override_settings(NOTIFY_API_KEY=API_KEY, NOTIFY_TEMPLATE_IDS={}):
        errors = notify_templates_configured(None)
    assert [e.id for e in errors] == ["notifications.E001"]


def test_without_a_notify_key_messages_stay_in_the_outbox() -> None:
    assert isinstance(backend_for_settings(), OutboxBackend)


ALL_TEMPLATE_IDS = {key: f"00000000-0000-4000-8000-{n:012d}" for n, key in enumerate(TEMPLATES)}


def test_with_a_notify_key_messages_go_to_notify(notify: FakeNotify) -> None:
    with override_settings(
        NOTIFY_API_KEY=API_KEY, NOTIFY_BASE_URL=notify.url, NOTIFY_TEMPLATE_IDS=ALL_TEMPLATE_IDS
    ):
        backend = backend_for_settings()
    assert isinstance(backend, NotifyBackend)
    assert backend.client.service_id == SERVICE_ID
    assert backend.client.base_url == notify.url
