"""The audit log records who did or saw what, to which record, and why."""

import pytest

from onestop.core.audit import SYSTEM_ACTOR_LABEL, audit_record
from onestop.core.models import AuditEvent
from onestop.councils.models import Council
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def test_an_event_names_the_person_the_record_and_the_reason(council: Council) -> None:
    user = make_user(full_name="Priya Shah")
    event = audit_record(
        actor=user,
        council=council,
        action="case.viewed",
        subject=council,
        summary="Case viewed",
        case_reference="CR-7K4M-2Q",
        reason="Applicant phoned",
        details={"channel": "phone"},
    )
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.actor == user
    assert stored.actor_label == "Priya Shah"
    assert stored.council == council
    assert stored.action == "case.viewed"
    assert stored.subject_type == "councils.Council"
    assert stored.subject_id == str(council.pk)
    assert stored.case_reference == "CR-7K4M-2Q"
    assert stored.reason == "Applicant phoned"
    assert stored.details == {"channel": "phone"}
    assert stored.occurred_at is not None


def test_the_system_is_named_when_nobody_acted(council: Council) -> None:
    event = audit_record(
        actor=None, council=council, action="application.assessed", subject=council, summary="x"
    )
    assert event.actor is None
    assert event.actor_label == SYSTEM_ACTOR_LABEL
    assert event.details == {}


def test_a_person_without_a_name_is_shown_by_email(council: Council) -> None:
    user = make_user(full_name="", email="no.name@example.org")
    event = audit_record(actor=user, council=council, action="x", subject=user, summary="x")
    assert event.actor_label == "no.name@example.org"
    assert event.subject_type == "councils.User"


def test_the_label_is_kept_as_it_was_when_the_person_is_renamed(council: Council) -> None:
    user = make_user(full_name="Sam Jones")
    event = audit_record(actor=user, council=council, action="x", subject=council, summary="x")
    user.full_name = "Sam Jones-Okafor"
    user.save()
    event.refresh_from_db()
    assert event.actor_label == "Sam Jones"


def test_services_write_an_event_for_each_change(council: Council) -> None:
    created = AuditEvent.objects.filter(action="council.created", subject_id=str(council.pk))
    assert created.get().council == council
    newest_first = list(AuditEvent.objects.all())
    assert newest_first == sorted(newest_first, key=lambda e: (e.occurred_at, e.id), reverse=True)
