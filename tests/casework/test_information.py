"""Asking for more information: the case waits, the applicant is reminded, and the case returns."""

import datetime

import pytest
from django.utils import timezone

from onestop.budgets.models import Budget
from onestop.casework.models import Decision, InformationRequest, InformationRequestStatus
from onestop.casework.selectors.queues import work_queue
from onestop.casework.services.information import (
    information_received,
    information_request,
    information_requests_chase,
)
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.councils.models import Membership
from onestop.intake.models import Application, ApplicationStatus
from onestop.notifications.models import Message
from onestop.policy.models import Scheme
from tests.factories import make_award, person_details, submit_application

pytestmark = pytest.mark.django_db

NEEDED = "A photo of your latest Universal Credit statement"


@pytest.fixture
def application(scheme: Scheme, budget: Budget) -> Application:
    return submit_application(
        scheme=scheme, applicant=person_details(first_name="Dylan", phone="07700 900123")
    )


def ask(membership: Membership, application: Application, **kwargs) -> InformationRequest:
    return information_request(
        membership=membership, application=application, what_is_needed=NEEDED, **kwargs
    )


def test_the_case_waits_and_the_applicant_is_told_what_to_send_and_by_when(
    decision_maker: Membership, application: Application
) -> None:
    request = ask(decision_maker, application)

    application.refresh_from_db()
    assert application.status == ApplicationStatus.WAITING_FOR_INFORMATION
    assert application not in work_queue(council=application.council)
    message = Message.objects.get(
        case_reference=application.reference, template="information_requested"
    )
    assert NEEDED in message.body
    assert f"{request.due_on.day} {request.due_on:%B %Y}" in message.body
    event = AuditEvent.objects.get(action="information.requested")
    assert (event.actor, event.reason) == (decision_maker.user, NEEDED)


def test_the_default_deadline_is_in_working_days_and_the_reminder_a_working_day_before(
    decision_maker: Membership, application: Application
) -> None:
    request = ask(decision_maker, application)
    today = timezone.localdate()
    assert request.due_on > today
    assert request.due_on.weekday() < 5
    assert request.remind_on < request.due_on
    assert request.remind_on.weekday() < 5


def test_asking_needs_what_and_a_deadline_after_today(
    decision_maker: Membership, application: Application
) -> None:
    with pytest.raises(ServiceError, match="Enter what the applicant needs"):
        information_request(membership=decision_maker, application=application, what_is_needed=" ")
    with pytest.raises(ServiceError, match="working day after today"):
        ask(decision_maker, application, due_on=timezone.localdate())
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_DECISION
    assert not InformationRequest.objects.exists()


def test_an_adviser_cannot_ask_but_can_record_what_arrived(
    adviser: Membership, decision_maker: Membership, application: Application
) -> None:
    with pytest.raises(NotPermitted):
        ask(adviser, application)
    ask(decision_maker, application)

    request = information_received(
        membership=adviser, application=application, note="Statement seen: £412 due on Friday."
    )

    assert request.status == InformationRequestStatus.RECEIVED
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_DECISION
    assert application in work_queue(council=application.council)
    assert AuditEvent.objects.get(action="information.received").actor == adviser.user


def test_only_one_request_waits_at_a_time(
    decision_maker: Membership, application: Application
) -> None:
    ask(decision_maker, application)
    with pytest.raises(ServiceError, match="waiting for information"):
        ask(decision_maker, application)
    assert InformationRequest.objects.count() == 1


def test_the_chase_reminds_once_then_returns_the_case_after_the_deadline(
    decision_maker: Membership, application: Application
) -> None:
    request = ask(decision_maker, application)

    assert information_requests_chase(today=request.remind_on - datetime.timedelta(days=1)) == (
        0,
        0,
    )
    assert information_requests_chase(today=request.remind_on) == (1, 0)
    assert information_requests_chase(today=request.remind_on) == (0, 0)  # never twice
    reminder = Message.objects.get(template="information_reminder")
    assert NEEDED in reminder.body

    assert information_requests_chase(today=request.due_on) == (0, 0)  # the deadline day counts
    assert information_requests_chase(today=request.due_on + datetime.timedelta(days=1)) == (0, 1)

    request.refresh_from_db()
    assert request.status == InformationRequestStatus.LAPSED
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_DECISION
    lapsed = AuditEvent.objects.get(action="information.lapsed")
    assert lapsed.actor is None
    assert "back in the queue" in lapsed.summary


def test_a_decision_while_waiting_closes_the_request(
    decision_maker: Membership, application: Application
) -> None:
    request = ask(decision_maker, application)
    decision = make_award(application=application, membership=decision_maker)
    assert isinstance(decision, Decision)
    request.refresh_from_db()
    assert request.status == InformationRequestStatus.RECEIVED
    assert information_requests_chase(today=request.due_on + datetime.timedelta(days=9)) == (0, 0)
