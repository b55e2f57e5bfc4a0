"""Messages to applicants: the right channel, the right words and language, sent once after
commit, retried, then given up."""

import datetime

import pytest

from onestop.core.roles import Role
from onestop.councils.models import Council
from onestop.notifications.models import Message, MessageChannel, MessageStatus
from onestop.notifications.services import (
    MAX_ATTEMPTS,
    message_queue,
    message_send,
    message_wording_save,
)
from onestop.notifications.templates import TEMPLATES
from tests.factories import make_membership

pytestmark = pytest.mark.django_db

PERSONALISATION = {
    "first_name": "Rhys",
    "reference": "CR-7K4M-2Q",
    "scheme": "Crisis Payment",
    "decision_due": "4 June 2026",
}


def queue(council: Council, **contact: str) -> Message:
    fields = {"contact_preference": "sms", "phone": "", "email": ""}
    fields.update(contact)
    return message_queue(
        council=council,
        template="application_received",
        personalisation=PERSONALISATION,
        case_reference="CR-7K4M-2Q",
        **fields,
    )


class RecordingBackend:
    name = "recording"

    def __init__(self) -> None:
        self.sent: list[int] = []

    def send(self, message: Message) -> str:
        self.sent.append(message.pk)
        return f"provider-{message.pk}"


class BrokenBackend:
    name = "broken"

    def __init__(self) -> None:
        self.calls = 0

    def send(self, message: Message) -> str:
        self.calls += 1
        raise ConnectionError("Notify could not be reached")


def test_a_text_message_for_someone_who_prefers_texts(council: Council) -> None:
    message = queue(council, contact_preference="sms", phone="07700 900111", email="a@example.com")
    assert message.channel == MessageChannel.SMS
    assert message.recipient == "07700 900111"
    assert message.subject == ""
    assert message.status == MessageStatus.QUEUED
    assert message.body == (
        "Dear Rhys, we have your Crisis Payment application. Your reference is "
        "CR-7K4M-2Q. We will tell you our decision by the end of 4 June 2026."
    )


def test_an_email_for_someone_who_prefers_email(council: Council) -> None:
    message = queue(
        council, contact_preference="email", phone="07700 900111", email="a@example.com"
    )
    assert message.channel == MessageChannel.EMAIL
    assert message.recipient == "a@example.com"
    assert message.subject == "We have your application CR-7K4M-2Q"


def test_a_text_when_they_prefer_email_but_gave_no_address(council: Council) -> None:
    message = queue(council, contact_preference="email", phone="07700 900111", email="")
    assert message.channel == MessageChannel.SMS
    assert message.recipient == "07700 900111"
    assert message.status == MessageStatus.QUEUED


def test_an_email_when_they_prefer_texts_but_gave_no_number(council: Council) -> None:
    message = queue(council, contact_preference="sms", phone="", email="a@example.com")
    assert message.channel == MessageChannel.EMAIL
    assert message.recipient == "a@example.com"
    assert message.subject


def test_no_contact_details_is_recorded_and_nothing_is_sent(
    council: Council, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        message = queue(council, contact_preference="sms", phone="", email="")
    assert callbacks == []
    message.refresh_from_db()
    assert message.status == MessageStatus.NO_CONTACT
    assert message.recipient == ""
    assert message.sent_at is None
    # Even if a worker is handed it, it is not sent.
    backend = RecordingBackend()
    assert message_send(message_id=message.pk, backend=backend).status == MessageStatus.NO_CONTACT
    assert backend.sent == []


def test_the_message_is_sent_only_after_the_change_commits(
    council: Council, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        message = queue(council, phone="07700 900111")
        message.refresh_from_db()
        assert message.status == MessageStatus.QUEUED
    assert len(callbacks) == 1
    callbacks[0]()
    message.refresh_from_db()
    assert message.status == MessageStatus.SENT
    assert message.backend == "outbox"
    assert message.provider_reference.startswith("outbox-")
    assert message.sent_at is not None


def test_sending_is_idempotent(council: Council) -> None:
    message = queue(council, phone="07700 900111")
    backend = RecordingBackend()
    first = message_send(message_id=message.pk, backend=backend)
    again = message_send(message_id=message.pk, backend=backend)
    assert backend.sent == [message.pk]
    assert first.status == again.status == MessageStatus.SENT
    assert again.attempts == 1
    assert again.provider_reference == f"provider-{message.pk}"


def test_a_backend_that_fails_leaves_the_message_queued_with_the_error(council: Council) -> None:
    message = queue(council, phone="07700 900111")
    sent = message_send(message_id=message.pk, backend=BrokenBackend())
    assert sent.status == MessageStatus.QUEUED
    assert sent.attempts == 1
    assert sent.error == "ConnectionError: Notify could not be reached"
    assert sent.sent_at is None


def test_after_the_last_attempt_the_message_has_failed(council: Council) -> None:
    message = queue(council, phone="07700 900111")
    backend = BrokenBackend()
    for _ in range(MAX_ATTEMPTS - 1):
        assert message_send(message_id=message.pk, backend=backend).status == MessageStatus.QUEUED
    failed = message_send(message_id=message.pk, backend=backend)
    assert failed.status == MessageStatus.FAILED
    assert failed.attempts == MAX_ATTEMPTS
    assert failed.error == "ConnectionError: Notify could not be reached"
    message_send(message_id=message.pk, backend=backend)
    assert backend.calls == MAX_ATTEMPTS


def test_a_message_that_failed_once_can_still_be_sent(council: Council) -> None:
    message = queue(council, phone="07700 900111")
    message_send(message_id=message.pk, backend=BrokenBackend())
    sent = message_send(message_id=message.pk, backend=RecordingBackend())
    assert sent.status == MessageStatus.SENT
    assert sent.error == ""
    assert sent.attempts == 2


def test_a_welsh_speaker_gets_the_welsh_default(council: Council) -> None:
    message = message_queue(
        council=council,
        template="application_received",
        contact_preference="email",
        phone="",
        email="rhys@example.com",
        personalisation=PERSONALISATION,
        case_reference="CR-7K4M-2Q",
        language="cy",
    )
    assert message.language == "cy"
    assert message.subject == "Rydym wedi cael eich cais CR-7K4M-2Q"
    assert message.body.startswith("Annwyl Rhys, rydym wedi cael eich cais i'r cynllun")


def test_the_councils_own_wording_is_used_in_its_language_only(council: Council) -> None:
    admin = make_membership(role=Role.ADMIN, council=council)
    message_wording_save(
        actor=admin.user,
        council=council,
        template="application_received",
        language="en",
        subject="Application ((reference)) received",
        body="Hello ((first_name)), thank you. Your reference is ((reference)).",
    )
    english = queue(council, phone="07700 900111")
    welsh = message_queue(
        council=council,
        template="application_received",
        contact_preference="sms",
        phone="07700 900111",
        email="",
        personalisation=PERSONALISATION,
        language="cy",
    )
    assert english.body == "Hello Rhys, thank you. Your reference is CR-7K4M-2Q."
    assert welsh.body.startswith("Annwyl Rhys")


def test_another_councils_wording_is_not_used(council: Council, other_council: Council) -> None:
    admin = make_membership(role=Role.ADMIN, council=other_council)
    message_wording_save(
        actor=admin.user,
        council=other_council,
        template="application_received",
        language="en",
        subject="Got it ((reference))",
        body="Got it: ((reference)).",
    )
    assert queue(council, phone="07700 900111").body.startswith("Dear Rhys")


def test_dates_are_written_in_the_persons_language(council: Council) -> None:
    details = {**PERSONALISATION, "decision_due": datetime.date(2026, 7, 4)}
    english, welsh = (
        message_queue(
            council=council,
            template="application_received",
            contact_preference="sms",
            phone="07700 900111",
            email="",
            personalisation=details,
            language=language,
        )
        for language in ("en", "cy")
    )
    assert english.body.endswith("by the end of 4 July 2026.")
    assert welsh.body.endswith("erbyn diwedd y dydd ar 4 Gorffennaf 2026.")
    assert welsh.personalisation["decision_due"] == "4 Gorffennaf 2026"


def test_a_message_missing_personalisation_is_refused_and_nothing_stored(
    council: Council, row_counts
) -> None:
    with pytest.raises(ValueError, match="decision_due"):
        message_queue(
            council=council,
            template="application_received",
            contact_preference="sms",
            phone="07700 900111",
            email="",
            personalisation={"first_name": "Rhys", "reference": "CR-7K4M-2Q", "scheme": "x"},
        )
    assert row_counts(Message) == {"notifications.Message": 0}


def test_an_unknown_language_gets_english(council: Council) -> None:
    message = message_queue(
        council=council,
        template="application_received",
        contact_preference="sms",
        phone="07700 900111",
        email="",
        personalisation=PERSONALISATION,
        language="fr",
    )
    assert message.language == "en"
    assert message.body.startswith("Dear Rhys")


def test_every_new_template_can_be_queued_in_both_languages(council: Council) -> None:
    for key, template in TEMPLATES.items():
        for language in ("en", "cy"):
            personalisation = {name: f"<{name}>" for name in template.placeholders}
            message = message_queue(
                council=council,
                template=key,
                contact_preference="sms",
                phone="07700 900111",
                email="",
                personalisation=personalisation,
                language=language,
            )
            assert "((" not in message.body
            for name in template.required:
                assert f"<{name}>" in message.body
