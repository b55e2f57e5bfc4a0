"""Taking an application: stored once, referenced, assessed, the applicant told; bad input saves nothing."""

import datetime
import re

import pytest

from onestop.core.errors import ServiceError
from onestop.core.models import AuditEvent
from onestop.core.references import normalise_reference
from onestop.councils.models import Council
from onestop.intake.models import (
    Application,
    ApplicationMember,
    ApplicationStatus,
    Assessment,
)
from onestop.intake.services import application_decided, application_submit
from onestop.notifications.models import Message, MessageChannel, MessageStatus
from onestop.people.models import Household, HouseholdMember, Person
from onestop.policy.models import Scheme
from onestop.policy.vocabulary import CrisisReason, Outcome, Priority
from tests.factories import (
    application_details,
    london_time,
    make_council,
    make_scheme,
    member_details,
    person_details,
    submit_application,
)

pytestmark = pytest.mark.django_db

SAVED = (
    Application,
    ApplicationMember,
    Assessment,
    Person,
    Household,
    HouseholdMember,
    Message,
    AuditEvent,
)


def test_submitting_stores_one_application_with_a_reference(
    council: Council, scheme: Scheme
) -> None:
    application = submit_application(council=council, scheme=scheme, submission_key="tok-1")
    assert Application.objects.filter(council=council).count() == 1
    assert re.fullmatch(r"CR-[0-9A-Z]{4}-[0-9A-Z]{2}", application.reference)
    assert normalise_reference(application.reference.lower().replace("-", " ")) == (
        application.reference
    )
    assert application.status == ApplicationStatus.AWAITING_DECISION
    assert AuditEvent.objects.filter(
        action="application.submitted", case_reference=application.reference
    ).exists()


def test_the_application_is_assessed_criterion_by_criterion(
    council: Council, scheme: Scheme
) -> None:
    application = submit_application(
        council=council, scheme=scheme, members=[member_details(), member_details()]
    )
    (assessment,) = Assessment.objects.filter(application=application)
    assert assessment.outcome == Outcome.ELIGIBLE
    assert {c["name"] for c in assessment.criteria} == {
        "lives_in_area",
        "savings",
        "income",
        "awards_in_12_months",
        "days_since_last_award",
    }
    assert all(c["passed"] and c["reason"] for c in assessment.criteria)
    assert assessment.proposed_award_pence == 10_000  # a household of three
    assert assessment.policy_version
    assert application.priority == Priority.MEDIUM
    assert ApplicationMember.objects.filter(application=application).count() == 2


def test_a_not_eligible_application_keeps_the_reason(council: Council, scheme: Scheme) -> None:
    application = submit_application(council=council, scheme=scheme, savings_pence=750_000)
    assessment = Assessment.objects.get(application=application)
    assert assessment.outcome == Outcome.NOT_ELIGIBLE
    assert {
        "name": "savings",
        "passed": False,
        "reason": "Household savings are £6,000 or more",
    } in (assessment.criteria)


def test_the_applicant_is_sent_their_reference(council: Council, scheme: Scheme) -> None:
    applicant = person_details(first_name="Aled", phone="07700 900123")
    application = submit_application(council=council, scheme=scheme, applicant=applicant)
    (message,) = Message.objects.filter(council=council, case_reference=application.reference)
    assert message.status == MessageStatus.QUEUED
    assert message.channel == MessageChannel.SMS
    assert message.recipient == "07700 900123"
    assert message.template == "application_received"
    assert "Dear Aled" in message.body
    assert application.reference in message.body


def test_the_same_submission_key_twice_gives_one_application(
    council: Council, scheme: Scheme, row_counts
) -> None:
    details = application_details(scheme=scheme)
    first = application_submit(actor=None, council=council, details=details, submission_key="k")
    after_first = row_counts(*SAVED)
    again = application_submit(actor=None, council=council, details=details, submission_key="k")
    assert again.pk == first.pk
    assert again.reference == first.reference
    assert row_counts(*SAVED) == after_first


def test_a_retry_with_changed_details_still_gives_the_first_application(
    council: Council, scheme: Scheme
) -> None:
    first = submit_application(council=council, scheme=scheme, submission_key="double-click")
    again = submit_application(
        council=council, scheme=scheme, submission_key="double-click", savings_pence=1
    )
    assert again.pk == first.pk
    assert Application.objects.filter(council=council).count() == 1


def test_the_same_key_at_two_councils_is_two_applications(council: Council, scheme: Scheme) -> None:
    ours = submit_application(council=council, scheme=scheme, submission_key="shared-key")
    theirs = submit_application(scheme=make_scheme(), submission_key="shared-key")
    assert ours.pk != theirs.pk


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_submission_raced_from_many_threads_gives_one_application(in_threads) -> None:
    council = make_council()
    scheme = make_scheme(council=council)
    details = application_details(scheme=scheme)

    def submit() -> int:
        return application_submit(
            actor=None, council=council, details=details, submission_key="raced-key"
        ).pk

    outcomes = in_threads(12, submit)
    assert [kind for kind, _ in outcomes] == ["ok"] * 12, outcomes
    assert len({pk for _, pk in outcomes}) == 1
    assert Application.objects.filter(council=council).count() == 1
    assert Person.objects.filter(council=council).count() == 1
    assert Message.objects.filter(council=council).count() == 1
    assert Assessment.objects.filter(council=council).count() == 1


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"consent_given": False},
            "consent",
            "The applicant must agree to the council using their information",
        ),
        ({"weekly_income_pence": -1}, "weekly_income", "Amounts cannot be negative."),
        (
            {"weekly_housing_costs_pence": -100},
            "weekly_housing_costs",
            "Amounts cannot be negative.",
        ),
        ({"savings_pence": -1}, "savings", "Amounts cannot be negative."),
    ],
)
def test_bad_details_are_refused_and_nothing_is_saved(
    council: Council, scheme: Scheme, row_counts, changes: dict, field: str, message: str
) -> None:
    before = row_counts(*SAVED)
    with pytest.raises(ServiceError) as refused:
        submit_application(council=council, scheme=scheme, **changes)
    assert refused.value.field == field
    assert message in refused.value.message
    assert row_counts(*SAVED) == before


def test_a_scheme_of_another_council_is_refused_and_nothing_is_saved(
    council: Council, row_counts
) -> None:
    their_scheme = make_scheme()
    before = row_counts(*SAVED)
    with pytest.raises(ServiceError) as refused:
        submit_application(council=council, scheme=their_scheme)
    assert refused.value.field == "scheme"
    assert refused.value.message == "Choose a scheme this council runs."
    assert row_counts(*SAVED) == before


def test_a_closed_scheme_is_refused_and_nothing_is_saved(council: Council, row_counts) -> None:
    closed = make_scheme(council=council, name="Winter Fuel Help", is_open=False)
    before = row_counts(*SAVED)
    with pytest.raises(ServiceError) as refused:
        submit_application(council=council, scheme=closed)
    assert refused.value.message == "Winter Fuel Help is not taking applications."
    assert row_counts(*SAVED) == before


@pytest.mark.parametrize(
    ("region", "due", "due_in_words"),
    [
        ("ENG", datetime.date(2026, 9, 1), "1 September 2026"),  # Monday 31 August is a holiday
        ("NIR", datetime.date(2026, 9, 1), "1 September 2026"),
        ("SCT", datetime.date(2026, 8, 31), "31 August 2026"),  # Scotland's was 3 August
    ],
)
def test_the_decision_is_due_in_working_days_with_the_councils_bank_holidays(
    region: str, due: datetime.date, due_in_words: str
) -> None:
    council = make_council(bank_holiday_region=region)
    scheme = make_scheme(council=council, decision_target_working_days=1)
    friday = london_time(2026, 8, 28, 16, 45)
    application = submit_application(council=council, scheme=scheme, submitted_at=friday)
    application.refresh_from_db()
    assert application.decision_due == due
    message = Message.objects.get(case_reference=application.reference)
    assert f"by the end of {due_in_words}" in message.body


def test_an_application_just_after_midnight_is_due_from_the_uk_date() -> None:
    council = make_council(bank_holiday_region="ENG")
    scheme = make_scheme(council=council, decision_target_working_days=1)
    # 00:30 on Tuesday 16 June in London is still Monday 15 June in UTC.
    application = submit_application(
        council=council, scheme=scheme, submitted_at=london_time(2026, 6, 16, 0, 30)
    )
    assert application.decision_due == datetime.date(2026, 6, 17)


def test_a_child_under_five_makes_the_application_high_priority(
    council: Council, scheme: Scheme
) -> None:
    submitted = london_time(2026, 6, 2)
    toddler = member_details(date_of_birth=datetime.date(2021, 6, 3))  # 5 tomorrow
    application = submit_application(
        council=council, scheme=scheme, submitted_at=submitted, members=[toddler]
    )
    assert application.priority == Priority.HIGH
    assert Assessment.objects.get(application=application).facts["children_under_5"] == 1


def test_a_child_on_their_fifth_birthday_is_not_under_five(
    council: Council, scheme: Scheme
) -> None:
    submitted = london_time(2026, 6, 2)
    five_today = member_details(date_of_birth=datetime.date(2021, 6, 2))
    application = submit_application(
        council=council,
        scheme=scheme,
        submitted_at=submitted,
        members=[five_today],
        crisis_reason=CrisisReason.LOSS_OF_INCOME,
    )
    assert Assessment.objects.get(application=application).facts["children_under_5"] == 0
    assert application.priority == Priority.MEDIUM


def test_an_earlier_award_counts_by_uk_calendar_days(council: Council, scheme: Scheme) -> None:
    applicant = person_details()
    earlier = submit_application(
        council=council, scheme=scheme, applicant=applicant, submitted_at=london_time(2026, 5, 29)
    )
    # Awarded half an hour after midnight on Tuesday 2 June (23:30 on 1 June in UTC).
    application_decided(
        application=earlier,
        status=ApplicationStatus.AWARDED,
        decided_at=london_time(2026, 6, 2, 0, 30),
    )
    # Monday 8 June: six days after the award, so the seven-day gap is not met.
    later = submit_application(
        council=council, scheme=scheme, applicant=applicant, submitted_at=london_time(2026, 6, 8)
    )
    assessment = Assessment.objects.get(application=later)
    assert assessment.facts["awards_in_last(365)"] == 1
    assert assessment.facts["days_since_last_award"] == 6
    assert assessment.outcome == Outcome.NOT_ELIGIBLE


def test_a_returning_applicant_is_matched_not_duplicated(council: Council, scheme: Scheme) -> None:
    applicant = person_details()
    first = submit_application(council=council, scheme=scheme, applicant=applicant)
    second = submit_application(
        council=council,
        scheme=scheme,
        applicant=person_details(
            first_name=applicant.first_name.upper(),
            last_name=applicant.last_name,
            date_of_birth=applicant.date_of_birth,
            phone="07700 900999",
        ),
    )
    assert second.applicant_id == first.applicant_id
    assert Person.objects.filter(council=council).count() == 1
    assert Person.objects.get(council=council).phone == "07700 900999"  # their latest word


def test_deciding_an_application_twice_is_refused(council: Council, scheme: Scheme) -> None:
    application = submit_application(council=council, scheme=scheme)
    decided_at = london_time(2026, 6, 2)
    application_decided(
        application=application, status=ApplicationStatus.REFUSED, decided_at=decided_at
    )
    with pytest.raises(ServiceError, match="has already been decided"):
        application_decided(
            application=application, status=ApplicationStatus.AWARDED, decided_at=decided_at
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED
