"""Complaints: logged from any channel, acknowledged, two stages with working-day deadlines,
stage 2 answered by someone else, linked to the case, reported."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onestop.casework.models import Complaint, ComplaintOutcome, ComplaintStatus
from onestop.casework.selectors.complaints import complaint_next_deadline, complaint_report
from onestop.casework.services.complaints import (
    complaint_acknowledge,
    complaint_answer_stage_1,
    complaint_answer_stage_2,
    complaint_close,
    complaint_escalate,
    complaint_log,
)
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.references import normalise_reference
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.intake.models import Application
from onestop.notifications.models import Message
from onestop.policy.models import Scheme
from tests.factories import (
    london_time,
    make_complaint,
    make_council,
    make_membership,
    submit_application,
)

pytestmark = pytest.mark.django_db

RESPONSE = "We are sorry. The adviser should have called you back on Tuesday, as promised."
# The Thursday before Easter 2025: Good Friday and Easter Monday are bank holidays in England.
MAUNDY_THURSDAY = datetime.date(2025, 4, 17)


@pytest.fixture
def handler(council: Council) -> Membership:
    return make_membership(role=Role.TEAM_LEADER, council=council)


@pytest.fixture
def second_handler(council: Council) -> Membership:
    return make_membership(role=Role.TEAM_LEADER, council=council)


@pytest.fixture
def application(scheme: Scheme) -> Application:
    return submit_application(scheme=scheme)


def answered_on(complaint: Complaint, day: datetime.date) -> None:
    """Move the stage 1 answer to a past day, as if it were given then."""
    Complaint.objects.filter(pk=complaint.pk).update(
        stage_1_answered_at=london_time(day.year, day.month, day.day)
    )
    complaint.refresh_from_db()


def stage_1(complaint: Complaint, by: Membership, outcome: str = "not_upheld") -> Complaint:
    return complaint_answer_stage_1(
        actor=by.user, complaint=complaint, outcome=outcome, response=RESPONSE
    )


# Logging


def test_a_complaint_gets_a_reference_and_working_day_deadlines(
    council: Council, adviser: Membership
) -> None:
    complaint = complaint_log(
        actor=adviser.user,
        council=council,
        complainant_name="  Dafydd Example  ",
        phone="07700 900456",
        email="",
        channel="phone",
        received_on=MAUNDY_THURSDAY,
        summary="Nobody told me what was happening with my application.",
    )

    assert complaint.reference.startswith("CP-")
    assert normalise_reference(complaint.reference) == complaint.reference
    assert complaint.complainant_name == "Dafydd Example"
    assert complaint.status == ComplaintStatus.STAGE_1
    assert complaint.logged_by == adviser.user
    # 3 and 10 working days, past Good Friday, Easter Monday and the early May bank holiday.
    assert complaint.acknowledge_by == datetime.date(2025, 4, 24)
    assert complaint.stage_1_due_on == datetime.date(2025, 5, 6)


def test_a_complaint_about_a_case_is_on_the_cases_timeline(
    application: Application, adviser: Membership
) -> None:
    complaint = make_complaint(application=application, actor=adviser.user)
    event = AuditEvent.objects.get(action="complaint.logged")
    assert event.case_reference == application.reference
    assert event.actor == adviser.user
    assert event.reason == complaint.summary
    assert event.summary == f"Complaint {complaint.reference}: logged (phone)"


def test_a_complaint_about_no_particular_case_is_audited_without_one(
    council: Council, adviser: Membership
) -> None:
    make_complaint(council=council, actor=adviser.user)
    assert AuditEvent.objects.get(action="complaint.logged").case_reference == ""


@pytest.mark.parametrize(
    ("field", "overrides"),
    [
        ("complainant_name", {"complainant_name": "  "}),
        ("summary", {"summary": ""}),
        ("channel", {"channel": "carrier_pigeon"}),
        ("received_on", {"received_on": datetime.date(2099, 1, 1)}),
    ],
)
def test_a_complaint_missing_what_it_needs_is_refused_and_nothing_saved(
    council: Council, adviser: Membership, field: str, overrides: dict
) -> None:
    with pytest.raises(ServiceError) as error:
        make_complaint(council=council, actor=adviser.user, **overrides)
    assert error.value.field == field
    assert not Complaint.objects.exists()
    assert not AuditEvent.objects.filter(action__startswith="complaint.").exists()


def test_another_councils_application_cannot_be_linked(
    council: Council, adviser: Membership
) -> None:
    elsewhere = submit_application(council=make_council())
    with pytest.raises(ServiceError):
        make_complaint(council=council, actor=adviser.user, application=elsewhere)
    assert not Complaint.objects.exists()


def test_finance_officers_do_not_log_complaints(council: Council) -> None:
    finance = make_membership(role=Role.FINANCE, council=council)
    with pytest.raises(NotPermitted):
        make_complaint(council=council, actor=finance.user)


# Acknowledging


def test_acknowledging_tells_the_complainant_their_reference_and_when_to_expect_an_answer(
    council: Council, handler: Membership
) -> None:
    complaint = make_complaint(
        council=council,
        complainant_name="Dafydd Example",
        email="dafydd@example.com",
        received_on=MAUNDY_THURSDAY,
    )

    complaint_acknowledge(actor=handler.user, complaint=complaint)

    complaint.refresh_from_db()
    assert complaint.acknowledged_at is not None
    message = Message.objects.get(template="complaint_acknowledged")
    assert message.recipient == "dafydd@example.com"
    assert message.body == (
        f"Dear Dafydd Example, we have your complaint. Your reference is {complaint.reference}. "
        "We will reply to you by 6 May 2025."
    )
    event = AuditEvent.objects.get(action="complaint.acknowledged")
    assert event.actor == handler.user


def test_a_complainant_with_no_phone_or_email_is_acknowledged_by_letter(
    council: Council, handler: Membership
) -> None:
    complaint = make_complaint(council=council, phone="", email="")
    complaint_acknowledge(actor=handler.user, complaint=complaint)
    assert not Message.objects.filter(template="complaint_acknowledged").exists()
    assert (
        "acknowledge it by letter"
        in AuditEvent.objects.get(action="complaint.acknowledged").summary
    )


def test_a_complaint_is_acknowledged_once(council: Council, handler: Membership) -> None:
    complaint = make_complaint(council=council)
    complaint_acknowledge(actor=handler.user, complaint=complaint)
    with pytest.raises(ServiceError, match="already been acknowledged"):
        complaint_acknowledge(actor=handler.user, complaint=complaint)
    assert Message.objects.filter(template="complaint_acknowledged").count() == 1


def test_an_adviser_logs_complaints_but_does_not_handle_them(
    council: Council, adviser: Membership
) -> None:
    complaint = make_complaint(council=council, actor=adviser.user)
    with pytest.raises(NotPermitted):
        complaint_acknowledge(actor=adviser.user, complaint=complaint)
    with pytest.raises(NotPermitted):
        stage_1(complaint, adviser)


# Stages


def test_the_stage_1_answer_is_kept_with_who_gave_it_and_acknowledges_if_nobody_had(
    council: Council, handler: Membership
) -> None:
    complaint = make_complaint(council=council)

    answered = stage_1(complaint, handler, outcome=ComplaintOutcome.PARTLY_UPHELD)

    assert answered.status == ComplaintStatus.STAGE_1_ANSWERED
    assert answered.stage_1_outcome == ComplaintOutcome.PARTLY_UPHELD
    assert answered.stage_1_response == RESPONSE
    assert answered.stage_1_answered_by == handler.user
    assert answered.acknowledged_at is not None
    event = AuditEvent.objects.get(action="complaint.stage_1_answered")
    assert event.actor == handler.user
    assert event.reason == RESPONSE
    assert complaint_next_deadline(answered) is None


def test_escalating_sets_the_stage_2_deadline_in_working_days_from_the_request(
    council: Council, handler: Membership
) -> None:
    complaint = stage_1(
        make_complaint(council=council, received_on=datetime.date(2025, 11, 20)), handler
    )
    answered_on(complaint, datetime.date(2025, 12, 1))

    escalated = complaint_escalate(
        actor=handler.user,
        complaint=complaint,
        reason="The answer did not say why nobody called.",
        escalated_on=datetime.date(2025, 12, 10),
    )

    assert escalated.status == ComplaintStatus.STAGE_2
    # 20 working days from 10 December 2025, past Christmas, Boxing Day and New Year's Day.
    assert escalated.stage_2_due_on == datetime.date(2026, 1, 12)
    deadline = complaint_next_deadline(escalated)
    assert deadline is not None
    assert deadline.due_on == datetime.date(2026, 1, 12)
    event = AuditEvent.objects.get(action="complaint.escalated")
    assert event.reason == "The answer did not say why nobody called."


def test_a_complaint_cannot_go_to_stage_2_before_stage_1_is_answered(
    council: Council, handler: Membership
) -> None:
    complaint = make_complaint(council=council)
    with pytest.raises(ServiceError, match="cannot escalate it to stage 2"):
        complaint_escalate(
            actor=handler.user,
            complaint=complaint,
            reason="Still unhappy.",
            escalated_on=timezone.localdate(),
        )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.STAGE_1


def test_escalation_before_the_stage_1_answer_was_given_is_refused(
    council: Council, handler: Membership
) -> None:
    complaint = stage_1(make_complaint(council=council), handler)
    answered_on(complaint, datetime.date(2025, 12, 1))
    with pytest.raises(ServiceError, match="on or after the stage 1 answer, given on 1 December"):
        complaint_escalate(
            actor=handler.user,
            complaint=complaint,
            reason="Still unhappy.",
            escalated_on=datetime.date(2025, 11, 30),
        )


def escalated(council: Council, first: Membership) -> Complaint:
    complaint = stage_1(make_complaint(council=council), first)
    return complaint_escalate(
        actor=first.user,
        complaint=complaint,
        reason="The stage 1 answer missed the point.",
        escalated_on=timezone.localdate(),
    )


def test_whoever_answered_stage_1_cannot_answer_stage_2(
    council: Council, handler: Membership
) -> None:
    complaint = escalated(council, handler)
    with pytest.raises(NotPermitted, match="You answered stage 1, so someone else"):
        complaint_answer_stage_2(
            actor=handler.user, complaint=complaint, outcome="upheld", response=RESPONSE
        )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.STAGE_2
    assert complaint.stage_2_answered_by is None


def test_the_database_refuses_stage_2_by_the_stage_1_responder_too(
    council: Council, handler: Membership
) -> None:
    complaint = escalated(council, handler)
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(stage_2_answered_by=handler.user)


def test_someone_else_answers_stage_2_and_the_complaint_closes(
    council: Council, handler: Membership, second_handler: Membership
) -> None:
    complaint = escalated(council, handler)

    closed = complaint_answer_stage_2(
        actor=second_handler.user, complaint=complaint, outcome="upheld", response=RESPONSE
    )

    assert closed.status == ComplaintStatus.CLOSED
    assert closed.stage_2_answered_by == second_handler.user
    assert closed.stage_2_outcome == ComplaintOutcome.UPHELD
    assert closed.closed_at is not None
    event = AuditEvent.objects.get(action="complaint.stage_2_answered")
    assert event.actor == second_handler.user
    assert event.reason == RESPONSE


def test_a_complaint_is_closed_early_with_a_reason_and_cannot_then_be_answered(
    council: Council, handler: Membership
) -> None:
    complaint = make_complaint(council=council)
    with pytest.raises(ServiceError, match="why the complaint is being closed"):
        complaint_close(actor=handler.user, complaint=complaint, reason=" ")

    complaint_close(actor=handler.user, complaint=complaint, reason="Withdrawn by phone.")

    assert AuditEvent.objects.get(action="complaint.closed").reason == "Withdrawn by phone."
    with pytest.raises(ServiceError, match="is now closed"):
        stage_1(complaint, handler)


# The report


def test_the_report_counts_stages_outcomes_and_what_was_on_time(
    council: Council, handler: Membership, second_handler: Membership
) -> None:
    make_complaint(council=council)  # waiting at stage 1
    stage_1(make_complaint(council=council, received_on=datetime.date(2025, 3, 3)), handler)
    stage_1(make_complaint(council=council), handler, outcome="upheld")
    complaint_acknowledge(actor=handler.user, complaint=make_complaint(council=council))
    finished = escalated(council, handler)
    complaint_answer_stage_2(
        actor=second_handler.user, complaint=finished, outcome="partly_upheld", response=RESPONSE
    )
    make_complaint(council=make_council())  # another council's: not counted

    report = complaint_report(council=council)

    assert report.total == 5
    assert dict(report.by_stage) == {
        "Stage 1: being looked into": 2,
        "Stage 1 answered": 2,
        "Stage 2: being looked into": 0,
        "Closed": 1,
    }
    assert dict(report.by_outcome) == {"Upheld": 1, "Partly upheld": 1, "Not upheld": 1}
    # The complaint received in March 2025 was acknowledged and answered late.
    assert (report.stage_1_answered.on_time, report.stage_1_answered.of) == (2, 3)
    assert (report.stage_2_answered.on_time, report.stage_2_answered.of) == (1, 1)
    # Answering acknowledges too: three answered at stage 1 and one only acknowledged.
    assert (report.acknowledged.on_time, report.acknowledged.of) == (3, 4)


# Pages


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def complaint_page(complaint: Complaint) -> str:
    return reverse(
        "casework:complaint",
        kwargs={"council_slug": complaint.council.slug, "complaint_reference": complaint.reference},
    )


def form_data(**overrides: str) -> dict[str, str]:
    today = timezone.localdate()
    data = {
        "complainant_name": "Dafydd Example",
        "phone": "",
        "email": "dafydd@example.com",
        "channel": "email",
        "received_on_day": str(today.day),
        "received_on_month": str(today.month),
        "received_on_year": str(today.year),
        "summary": "The voucher code did not work in the shop.",
    }
    data.update(overrides)
    return data


def test_an_adviser_logs_a_complaint_from_the_case_page(
    application: Application, adviser: Membership
) -> None:
    client = client_for(adviser)
    case_page = reverse(
        "casework:case",
        kwargs={"council_slug": application.council.slug, "reference": application.reference},
    )
    assert "No complaints about this case." in client.get(case_page).content.decode()
    url = reverse(
        "casework:case_complaint_new",
        kwargs={"council_slug": application.council.slug, "reference": application.reference},
    )

    response = client.post(url, form_data())

    assert response.status_code == 302
    assert response["Location"] == case_page
    complaint = Complaint.objects.get()
    assert complaint.application == application
    page = client.get(case_page).content.decode()
    assert complaint.reference in page
    assert f"Complaint logged. Its reference is {complaint.reference}." in page


def test_a_complaint_logged_standalone_may_quote_an_application(
    application: Application, handler: Membership
) -> None:
    url = reverse("casework:complaint_new", kwargs={"council_slug": application.council.slug})
    client = client_for(handler)

    unknown = client.post(url, form_data(reference="CR-0000-00"))
    assert "No application has that reference" in unknown.content.decode()
    assert not Complaint.objects.exists()

    response = client.post(url, form_data(reference=application.reference.lower()))
    complaint = Complaint.objects.get()
    assert complaint.application == application
    assert response["Location"] == complaint_page(complaint)


def test_bad_input_shows_the_error_summary_and_saves_nothing(
    council: Council, adviser: Membership
) -> None:
    url = reverse("casework:complaint_new", kwargs={"council_slug": council.slug})
    response = client_for(adviser).post(
        url, form_data(complainant_name="", email="not an email", phone="12")
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Enter the name of the person complaining" in page
    assert "Enter an email address in the correct format" in page
    assert "Enter a UK phone number" in page
    assert not Complaint.objects.exists()


def test_the_list_shows_whats_due_with_its_deadline_and_the_report(
    council: Council, handler: Membership
) -> None:
    overdue = make_complaint(council=council, received_on=datetime.date(2025, 3, 3))
    fresh = make_complaint(council=council)
    page = client_for(handler).get(
        reverse("casework:complaints", kwargs={"council_slug": council.slug})
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert html.index(overdue.reference) < html.index(fresh.reference)
    assert "Acknowledge by 6 March 2025" in html
    assert "Overdue" in html
    assert "Done by the deadline" in html


def test_the_complaint_page_shows_its_history_and_is_audited(
    council: Council, handler: Membership, second_handler: Membership
) -> None:
    complaint = escalated(council, handler)
    client = client_for(handler)

    html = client.get(complaint_page(complaint)).content.decode()

    assert "The stage 1 answer missed the point." in html
    assert "You answered stage 1, so someone else must answer stage 2." in html
    assert "escalated to stage 2" in html
    assert AuditEvent.objects.filter(action="complaint.viewed", actor=handler.user).exists()
    answer = reverse(
        "casework:complaint_answer",
        kwargs={"council_slug": council.slug, "complaint_reference": complaint.reference},
    )
    assert client.get(answer).status_code == 302
    assert client_for(second_handler).get(answer).status_code == 200


def test_answering_stage_1_on_its_page(council: Council, handler: Membership) -> None:
    complaint = make_complaint(council=council)
    answer = reverse(
        "casework:complaint_answer",
        kwargs={"council_slug": council.slug, "complaint_reference": complaint.reference},
    )
    client = client_for(handler)
    assert "Select whether the complaint is upheld" in client.post(answer, {}).content.decode()

    response = client.post(answer, {"outcome": "upheld", "response": RESPONSE})

    assert response.status_code == 302
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.STAGE_1_ANSWERED


@pytest.mark.parametrize("role", [Role.ADVISER, Role.DECISION_MAKER, Role.FINANCE, Role.ADMIN])
def test_only_complaint_handlers_see_the_list_and_the_complaints(
    council: Council, role: Role
) -> None:
    complaint = make_complaint(council=council)
    client = client_for(make_membership(role=role, council=council))
    assert client.get(complaint_page(complaint)).status_code == 403
    assert (
        client.get(
            reverse("casework:complaints", kwargs={"council_slug": council.slug})
        ).status_code
        == 403
    )


def test_another_council_cannot_open_a_complaint(council: Council, handler: Membership) -> None:
    complaint = make_complaint(council=council)
    other = make_council()
    both = make_membership(role=Role.TEAM_LEADER, council=other, user=handler.user)
    elsewhere = reverse(
        "casework:complaint",
        kwargs={"council_slug": other.slug, "complaint_reference": complaint.reference},
    )
    assert client_for(both).get(elsewhere).status_code == 404
    outsider = make_membership(role=Role.TEAM_LEADER, council=other)
    assert client_for(outsider).get(complaint_page(complaint)).status_code == 404
