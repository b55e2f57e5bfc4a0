"""Reviews: asked for within the window, due in working days, never by the original decision
maker or approver, never reducing an award; extra money committed or nothing kept."""

import datetime
from collections.abc import Callable
from contextlib import AbstractContextManager

import pytest
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.budgets.models import Budget, Commitment
from onestop.budgets.services import BudgetExhausted
from onestop.casework.models import (
    AwardApproval,
    Decision,
    DecisionOutcome,
    DiscretionReason,
    Review,
    ReviewOutcome,
    ReviewStatus,
)
from onestop.casework.services.decisions import approval_approve, decision_record
from onestop.casework.services.reviews import review_assign, review_decide, review_request
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.core.working_days import add_calendar_months
from onestop.councils.models import Council, Membership
from onestop.fulfilment.models import Award, FulfilmentRequest
from onestop.intake.models import Application, ApplicationStatus
from onestop.notifications.models import Letter, LetterKind, Message
from onestop.policy.models import Scheme
from tests.factories import (
    london_time,
    make_award,
    make_budget,
    make_council,
    make_membership,
    make_review,
    make_scheme,
    person_details,
    submit_application,
)

pytestmark = pytest.mark.django_db

GROUNDS = "The decision did not count my rent, so it says I have more money than I do."
REASONS = "Your rent was left out of the sums. With it counted you are in crisis."
KEPT = (Review, Award, Commitment, FulfilmentRequest, Message, Letter, AuditEvent)


@pytest.fixture
def reviewer(council: Council) -> Membership:
    return make_membership(role=Role.DECISION_MAKER, council=council)


@pytest.fixture
def team_leader(council: Council) -> Membership:
    return make_membership(role=Role.TEAM_LEADER, council=council)


@pytest.fixture
def application(scheme: Scheme, budget: Budget) -> Application:
    return submit_application(
        scheme=scheme, applicant=person_details(first_name="Carys", phone="07700 900123")
    )


def decided_on(decision: Decision, day: datetime.date) -> Decision:
    """Move a decision to a day in the past: the window and deadlines count from it."""
    Decision.objects.filter(pk=decision.pk).update(
        created_at=london_time(day.year, day.month, day.day)
    )
    decision.refresh_from_db()
    return decision


def awarded(application: Application, by: Membership, amount: int = 6_000) -> Decision:
    return make_award(application=application, membership=by, amount_pence=amount)


def refused(application: Application, by: Membership) -> Decision:
    decision = decision_record(
        membership=by,
        application=application,
        outcome=DecisionOutcome.REFUSE,
        reasons="You have enough savings to meet this need.",
        discretion_reason=DiscretionReason.OTHER,
        discretion_details="Savings in a second account were found.",
    )
    assert isinstance(decision, Decision)
    return decision


def request(application: Application, by: Membership, on: datetime.date, **extra: str) -> Review:
    return review_request(
        actor=by.user,
        application=application,
        channel="phone",
        requested_on=on,
        grounds=GROUNDS,
        **extra,
    )


def decide(review: Review, by: Membership, outcome: str, amount: int = 0) -> Review:
    return review_decide(
        membership=by, review=review, outcome=outcome, amount_pence=amount, reasons=REASONS
    )


# Asking for a review


@pytest.mark.parametrize(
    ("region", "due"),
    [
        # Asked on the Thursday before Easter 2025: Good Friday is a holiday everywhere,
        # Easter Monday everywhere but Scotland.
        ("ENG", datetime.date(2025, 4, 23)),
        ("SCT", datetime.date(2025, 4, 22)),
    ],
)
def test_a_review_is_due_two_working_days_after_the_request_with_the_regions_bank_holidays(
    region: str, due: datetime.date
) -> None:
    council = make_council(bank_holiday_region=region)
    scheme = make_scheme(council=council)
    make_budget(scheme=scheme)
    application = submit_application(scheme=scheme)
    decided_on(make_award(application=application), datetime.date(2025, 4, 10))
    adviser = make_membership(role=Role.ADVISER, council=council)

    review = request(application, adviser, datetime.date(2025, 4, 17))

    assert scheme.review_target_working_days == 2
    assert review.due_on == due
    assert review.status == ReviewStatus.WAITING
    assert review.logged_by == adviser.user
    assert review.is_late is False


def test_the_applicant_is_told_when_to_expect_the_outcome(
    application: Application, decision_maker: Membership, adviser: Membership
) -> None:
    decided_on(awarded(application, decision_maker), datetime.date(2025, 12, 19))

    request(application, adviser, datetime.date(2025, 12, 24))

    message = Message.objects.get(case_reference=application.reference, template="review_received")
    assert message.recipient == "07700 900123"
    # Christmas Day and Boxing Day are not working days.
    assert "We will tell you the outcome by 30 December 2025." in message.body
    assert application.reference in message.body


def test_the_request_is_on_the_case_timeline_with_who_took_it_and_why(
    application: Application, decision_maker: Membership, adviser: Membership
) -> None:
    awarded(application, decision_maker)
    review = make_review(application=application, actor=adviser.user, grounds=GROUNDS)

    event = AuditEvent.objects.get(action="review.requested")
    assert event.actor == adviser.user
    assert event.case_reference == application.reference
    assert event.reason == GROUNDS
    assert event.subject_id == str(review.pk)
    assert event.summary == "Review asked for (phone)"


def test_an_application_not_yet_decided_cannot_be_reviewed(
    application: Application, adviser: Membership
) -> None:
    with pytest.raises(ServiceError, match="has not been decided yet"):
        make_review(application=application, actor=adviser.user)
    assert not Review.objects.exists()


def test_a_decision_reviewed_once_is_not_reviewed_again(
    application: Application, decision_maker: Membership, reviewer: Membership
) -> None:
    awarded(application, decision_maker)
    decide(make_review(application=application), reviewer, ReviewOutcome.UPHELD)

    with pytest.raises(ServiceError, match=r"was reviewed on .* Local Government and Social Care"):
        make_review(application=application)


def test_a_second_request_while_one_waits_is_refused(
    application: Application, decision_maker: Membership
) -> None:
    awarded(application, decision_maker)
    make_review(application=application)
    with pytest.raises(ServiceError, match="already waiting"):
        make_review(application=application)
    assert Review.objects.count() == 1


def test_a_request_dated_before_the_decision_or_in_the_future_is_refused(
    application: Application, decision_maker: Membership, adviser: Membership
) -> None:
    decided_on(awarded(application, decision_maker), datetime.date(2025, 6, 10))
    with pytest.raises(ServiceError, match="on or after the decision, made on 10 June 2025"):
        request(application, adviser, datetime.date(2025, 6, 9))
    with pytest.raises(ServiceError, match="today or in the past"):
        request(application, adviser, timezone.localdate() + datetime.timedelta(days=1))
    assert not Review.objects.exists()


def test_someone_who_cannot_take_requests_cannot_log_one(
    application: Application, decision_maker: Membership, council: Council
) -> None:
    awarded(application, decision_maker)
    finance = make_membership(role=Role.FINANCE, council=council)
    with pytest.raises(NotPermitted):
        make_review(application=application, actor=finance.user)
    assert not Review.objects.exists()


# The review window: calendar months from the decision


@pytest.mark.parametrize(
    ("decided", "last_day_in_time"),
    [
        (datetime.date(2025, 1, 31), datetime.date(2025, 2, 28)),
        (datetime.date(2024, 1, 31), datetime.date(2024, 2, 29)),  # a leap year
        (datetime.date(2025, 3, 31), datetime.date(2025, 4, 30)),
        (datetime.date(2025, 2, 28), datetime.date(2025, 3, 28)),
        (datetime.date(2024, 12, 15), datetime.date(2025, 1, 15)),  # over the new year
    ],
)
def test_a_request_on_the_windows_last_day_is_in_time_and_the_next_day_is_late(
    row_counts: Callable[..., dict[str, int]],
    application: Application,
    decision_maker: Membership,
    adviser: Membership,
    decided: datetime.date,
    last_day_in_time: datetime.date,
) -> None:
    decision = decided_on(awarded(application, decision_maker), decided)
    before = row_counts(*KEPT)

    with pytest.raises(ServiceError) as refused_late:
        request(application, adviser, last_day_in_time + datetime.timedelta(days=1))
    assert refused_late.value.field == "late_reason"
    assert row_counts(*KEPT) == before

    review = request(application, adviser, last_day_in_time)
    assert review.is_late is False
    assert review.decision == decision


def test_a_late_request_without_a_reason_is_refused_with_what_to_do(
    row_counts: Callable[..., dict[str, int]],
    application: Application,
    decision_maker: Membership,
    adviser: Membership,
) -> None:
    decided_on(awarded(application, decision_maker), datetime.date(2025, 1, 31))
    before = row_counts(*KEPT)
    with pytest.raises(ServiceError) as error:
        request(application, adviser, datetime.date(2025, 3, 3), late_reason="   ")
    assert error.value.message == (
        "The applicant asked on 3 March 2025, after the review window closed on 28 February "
        "2025 (1 month from the decision). To accept the request anyway, enter why the council "
        "is accepting it late. If it is not accepted, tell the applicant they can go to the "
        "Local Government and Social Care Ombudsman."
    )
    assert row_counts(*KEPT) == before


def test_a_late_request_is_accepted_at_the_councils_discretion_with_the_reason_kept(
    application: Application, decision_maker: Membership, adviser: Membership
) -> None:
    decided_on(awarded(application, decision_maker), datetime.date(2025, 1, 31))
    why = "The applicant was in hospital when the decision arrived."

    review = request(application, adviser, datetime.date(2025, 3, 3), late_reason=why)

    assert review.is_late is True
    assert review.late_reason == why
    event = AuditEvent.objects.get(action="review.requested")
    assert "accepted at the council's discretion" in event.summary
    assert why in event.reason


def test_a_council_with_a_longer_window_counts_its_own_months(
    decision_maker: Membership,
) -> None:
    council = decision_maker.council
    Council.objects.filter(pk=council.pk).update(review_window_months=2)
    council.refresh_from_db()
    scheme = make_scheme(council=council)
    make_budget(scheme=scheme)
    application = submit_application(scheme=scheme)
    decided_on(awarded(application, decision_maker), datetime.date(2024, 12, 31))

    with pytest.raises(ServiceError, match="closed on 28 February 2025 \\(2 months"):
        make_review(application=application, requested_on=datetime.date(2025, 3, 1))
    review = make_review(application=application, requested_on=datetime.date(2025, 2, 28))
    assert review.is_late is False


DAYS = st.dates(min_value=datetime.date(2020, 1, 1), max_value=datetime.date(2030, 12, 31))


@given(day=DAYS, months=st.integers(min_value=0, max_value=24))
def test_adding_calendar_months_keeps_the_day_or_ends_the_month(
    day: datetime.date, months: int
) -> None:
    later = add_calendar_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    if later.day != day.day:
        # Only when the later month is too short, and then on its last day.
        assert later.day < day.day
        assert (later + datetime.timedelta(days=1)).day == 1


@given(first=DAYS, second=DAYS, months=st.integers(min_value=1, max_value=12))
def test_a_later_decision_never_has_an_earlier_window_end(
    first: datetime.date, second: datetime.date, months: int
) -> None:
    earlier, later = sorted([first, second])
    assert add_calendar_months(earlier, months) <= add_calendar_months(later, months)


@settings(max_examples=25)
@given(decided=st.dates(min_value=datetime.date(2023, 1, 1), max_value=datetime.date(2025, 10, 31)))
def test_any_decision_date_gives_a_window_that_ends_on_time_and_is_late_a_day_after(
    rolled_back: Callable[[], AbstractContextManager[None]],
    application: Application,
    decision_maker: Membership,
    adviser: Membership,
    decided: datetime.date,
) -> None:
    with rolled_back():
        decision = decided_on(awarded(application, decision_maker), decided)
        window_ends = add_calendar_months(decided, 1)
        assert datetime.timedelta(days=28) <= window_ends - decided <= datetime.timedelta(days=31)
        with pytest.raises(ServiceError):
            request(application, adviser, window_ends + datetime.timedelta(days=1))
        assert request(application, adviser, window_ends).decision == decision


# Who may review


def test_a_decision_maker_can_never_review_their_own_decision(
    row_counts: Callable[..., dict[str, int]], application: Application, decision_maker: Membership
) -> None:
    awarded(application, decision_maker)
    review = make_review(application=application)
    before = row_counts(*KEPT)

    with pytest.raises(NotPermitted, match="You made the original decision"):
        decide(review, decision_maker, ReviewOutcome.CHANGED, 9_000)

    review.refresh_from_db()
    assert review.status == ReviewStatus.WAITING
    assert row_counts(*KEPT) == before


def test_the_database_refuses_a_self_review_too(
    application: Application, decision_maker: Membership
) -> None:
    awarded(application, decision_maker)
    review = make_review(application=application)
    assert review.original_decided_by == decision_maker.user

    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(reviewed_by=decision_maker.user)


def test_the_team_leader_who_approved_the_award_cannot_review_it(
    application: Application, decision_maker: Membership, team_leader: Membership
) -> None:
    Scheme.objects.filter(pk=application.scheme_id).update(approval_above_pence=5_000)
    application.refresh_from_db()
    proposal = decision_record(
        membership=decision_maker,
        application=application,
        outcome=DecisionOutcome.AWARD,
        reasons="You meet the scheme's criteria.",
        amount_pence=6_000,
    )
    assert isinstance(proposal, AwardApproval)
    decision = approval_approve(membership=team_leader, approval=proposal)
    assert decision.approved_by == team_leader.user
    review = make_review(application=application)

    with pytest.raises(NotPermitted, match="You approved the original decision"):
        decide(review, team_leader, ReviewOutcome.UPHELD)
    other_leader = make_membership(role=Role.TEAM_LEADER, council=application.council)
    assert decide(review, other_leader, ReviewOutcome.UPHELD).reviewed_by == other_leader.user


def test_an_adviser_cannot_decide_a_review(
    application: Application, decision_maker: Membership, adviser: Membership
) -> None:
    awarded(application, decision_maker)
    review = make_review(application=application)
    with pytest.raises(NotPermitted):
        decide(review, adviser, ReviewOutcome.UPHELD)


def test_a_team_leader_assigns_a_review_but_never_to_the_original_decision_maker(
    application: Application,
    decision_maker: Membership,
    reviewer: Membership,
    team_leader: Membership,
    adviser: Membership,
) -> None:
    awarded(application, decision_maker)
    review = make_review(application=application)

    with pytest.raises(NotPermitted, match="made the original decision"):
        review_assign(membership=team_leader, review=review, assignee=decision_maker)
    with pytest.raises(ServiceError, match="cannot review decisions"):
        review_assign(membership=team_leader, review=review, assignee=adviser)
    assert review_assign(membership=team_leader, review=review, assignee=reviewer).assigned_to == (
        reviewer.user
    )
    event = AuditEvent.objects.get(action="review.assigned")
    assert event.actor == team_leader.user
    assert event.summary == f"Review assigned to {reviewer.user.display_name}"


def test_a_decision_maker_may_take_a_review_but_not_hand_one_to_someone_else(
    application: Application, decision_maker: Membership, reviewer: Membership
) -> None:
    awarded(application, decision_maker)
    review = make_review(application=application)
    other = make_membership(role=Role.DECISION_MAKER, council=application.council)

    with pytest.raises(NotPermitted):
        review_assign(membership=reviewer, review=review, assignee=other)
    assert review_assign(membership=reviewer, review=review, assignee=reviewer).assigned_to == (
        reviewer.user
    )


# Outcomes


def test_keeping_the_decision_changes_no_money_and_tells_the_applicant(
    application: Application, decision_maker: Membership, reviewer: Membership, budget: Budget
) -> None:
    awarded(application, decision_maker)
    review = make_review(application=application)
    budget.refresh_from_db()
    committed = budget.committed_pence

    decided = decide(review, reviewer, ReviewOutcome.UPHELD)

    assert decided.status == ReviewStatus.DECIDED
    assert decided.amount_pence == 6_000
    assert decided.award is None
    budget.refresh_from_db()
    assert budget.committed_pence == committed
    message = Message.objects.get(template="review_decided")
    assert "we have kept our original decision" in message.body
    event = AuditEvent.objects.get(action="review.upheld")
    assert event.actor == reviewer.user
    assert event.reason == REASONS
    assert event.summary == "Review: original decision kept"


def test_a_refusal_changed_to_an_award_commits_the_money_and_makes_the_award(
    application: Application, decision_maker: Membership, reviewer: Membership, budget: Budget
) -> None:
    refused(application, decision_maker)
    review = make_review(application=application)
    assert review.original_amount_pence == 0
    budget.refresh_from_db()
    committed = budget.committed_pence

    decided = decide(review, reviewer, ReviewOutcome.CHANGED, 7_500)

    budget.refresh_from_db()
    assert budget.committed_pence == committed + 7_500
    assert decided.award is not None
    assert decided.award.value_pence == 7_500
    assert FulfilmentRequest.objects.filter(award=decided.award).exists()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWARDED
    event = AuditEvent.objects.get(action="review.changed")
    assert event.actor == reviewer.user
    assert event.reason == REASONS
    assert event.summary == "Review: refusal changed to an award of £75.00"
    message = Message.objects.get(template="review_decided")
    assert "we have changed our decision and awarded you £75.00" in message.body


def test_an_award_increased_on_review_commits_only_the_difference(
    application: Application, decision_maker: Membership, reviewer: Membership, budget: Budget
) -> None:
    awarded(application, decision_maker, amount=6_000)
    review = make_review(application=application)
    budget.refresh_from_db()
    committed = budget.committed_pence

    decided = decide(review, reviewer, ReviewOutcome.CHANGED, 9_000)

    budget.refresh_from_db()
    assert budget.committed_pence == committed + 3_000
    assert decided.amount_pence == 9_000
    assert decided.award is not None
    assert decided.award.value_pence == 3_000
    assert Award.objects.filter(application=application).count() == 2


@pytest.mark.parametrize("amount", [5_999, 6_000, 0])
def test_a_review_can_never_reduce_an_award_or_change_it_to_the_same(
    row_counts: Callable[..., dict[str, int]],
    application: Application,
    decision_maker: Membership,
    reviewer: Membership,
    amount: int,
) -> None:
    awarded(application, decision_maker, amount=6_000)
    review = make_review(application=application)
    before = row_counts(*KEPT)

    with pytest.raises(ServiceError) as error:
        decide(review, reviewer, ReviewOutcome.CHANGED, amount)

    assert error.value.field == "amount"
    assert "£60.00" in error.value.message
    assert row_counts(*KEPT) == before
    review.refresh_from_db()
    assert review.status == ReviewStatus.WAITING


def test_the_database_refuses_a_decided_review_below_the_original_award(
    application: Application, decision_maker: Membership
) -> None:
    awarded(application, decision_maker, amount=6_000)
    review = make_review(application=application)
    with pytest.raises(IntegrityError), transaction.atomic():
        Review.objects.filter(pk=review.pk).update(status=ReviewStatus.DECIDED, amount_pence=100)


def test_when_the_budget_cannot_pay_the_extra_nothing_of_the_review_is_kept(
    row_counts: Callable[..., dict[str, int]],
    scheme: Scheme,
    decision_maker: Membership,
    reviewer: Membership,
) -> None:
    small = make_budget(scheme=scheme, total_pence=7_000)
    application = submit_application(scheme=scheme)
    awarded(application, decision_maker, amount=6_000)
    review = make_review(application=application)
    before = row_counts(*KEPT)

    with pytest.raises(BudgetExhausted, match=r"£10\.00 is left"):
        decide(review, reviewer, ReviewOutcome.CHANGED, 9_000)

    assert row_counts(*KEPT) == before
    small.refresh_from_db()
    assert small.committed_pence == 6_000
    review.refresh_from_db()
    assert review.status == ReviewStatus.WAITING
    assert review.reviewed_by is None


def test_the_outcome_letter_names_the_ombudsman(
    application: Application, decision_maker: Membership, reviewer: Membership
) -> None:
    refused(application, decision_maker)
    decide(make_review(application=application), reviewer, ReviewOutcome.CHANGED, 5_000)

    letter = Letter.objects.get(kind=LetterKind.REVIEW_OUTCOME)
    assert letter.case_reference == application.reference
    assert letter.recipient_name == application.applicant.full_name
    assert letter.address_lines[-1] == application.household.postcode
    assert letter.context["decision_changed"] is True
    assert letter.context["award_pence"] == 5_000
    assert letter.context["review_reasons"] == REASONS
    assert letter.context["ombudsman_name"] == "Local Government and Social Care Ombudsman"
    assert letter.context["ombudsman_url"] == "https://www.lgo.org.uk"


def test_a_review_decided_twice_is_refused_the_second_time(
    application: Application, decision_maker: Membership, reviewer: Membership
) -> None:
    awarded(application, decision_maker)
    review = make_review(application=application)
    decide(review, reviewer, ReviewOutcome.UPHELD)
    with pytest.raises(ServiceError, match="already been decided"):
        decide(review, make_membership(council=application.council), ReviewOutcome.UPHELD)


# Pages


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def ask_page(application: Application) -> str:
    return reverse(
        "casework:review_new",
        kwargs={"council_slug": application.council.slug, "reference": application.reference},
    )


def review_page(review: Review) -> str:
    return reverse(
        "casework:review", kwargs={"council_slug": review.council.slug, "review_id": review.pk}
    )


def test_an_adviser_logs_a_phone_request_from_the_case(
    application: Application, decision_maker: Membership, adviser: Membership
) -> None:
    awarded(application, decision_maker)
    client = client_for(adviser)
    case_page = reverse(
        "casework:case",
        kwargs={"council_slug": application.council.slug, "reference": application.reference},
    )
    assert "Log a review request" in client.get(case_page).content.decode()
    today = timezone.localdate()

    response = client.post(
        ask_page(application),
        {
            "channel": "phone",
            "requested_on_day": str(today.day),
            "requested_on_month": str(today.month),
            "requested_on_year": str(today.year),
            "grounds": GROUNDS,
            "late_reason": "",
        },
    )

    assert response.status_code == 302
    review = Review.objects.get()
    assert review.grounds == GROUNDS
    assert review.logged_by == adviser.user
    page = client.get(response["Location"]).content.decode()
    assert "Review request logged" in page


def test_a_late_request_without_a_reason_shows_the_error_and_saves_nothing(
    application: Application, decision_maker: Membership, adviser: Membership
) -> None:
    decided_on(awarded(application, decision_maker), datetime.date(2025, 1, 31))
    response = client_for(adviser).post(
        ask_page(application),
        {
            "channel": "letter",
            "requested_on_day": "3",
            "requested_on_month": "3",
            "requested_on_year": "2025",
            "grounds": GROUNDS,
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "after the review window closed on 28 February 2025" in page
    assert 'href="#late_reason"' in page
    assert not Review.objects.exists()


def test_the_reviews_list_shows_deadlines_and_who_holds_each_review(
    application: Application, decision_maker: Membership, reviewer: Membership
) -> None:
    awarded(application, decision_maker)
    review = make_review(application=application)
    review_assign(membership=reviewer, review=review, assignee=reviewer)
    page = client_for(reviewer).get(
        reverse("casework:reviews", kwargs={"council_slug": application.council.slug})
    )
    html = page.content.decode()
    assert page.status_code == 200
    assert application.reference in html
    assert reviewer.user.display_name in html
    assert "On time" in html or "Due next working day" in html or "Due today" in html


def test_the_original_decision_maker_sees_no_form_and_cannot_post_one(
    application: Application, decision_maker: Membership
) -> None:
    awarded(application, decision_maker)
    review = make_review(application=application)
    client = client_for(decision_maker)

    html = client.get(review_page(review)).content.decode()
    assert "You made or approved the original decision" in html
    assert "Record the outcome" not in html

    response = client.post(
        review_page(review), {"outcome": "changed", "amount": "90", "reasons": REASONS}
    )
    assert response.status_code == 200
    assert "You made the original decision" in response.content.decode()
    review.refresh_from_db()
    assert review.status == ReviewStatus.WAITING


def test_a_reviewer_changes_the_decision_on_the_review_page(
    application: Application, decision_maker: Membership, reviewer: Membership, budget: Budget
) -> None:
    refused(application, decision_maker)
    review = make_review(application=application)
    client = client_for(reviewer)

    missing_amount = client.post(review_page(review), {"outcome": "changed", "reasons": REASONS})
    assert "Enter the award after the review" in missing_amount.content.decode()

    response = client.post(
        review_page(review), {"outcome": "changed", "amount": "45.50", "reasons": REASONS}
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.amount_pence == 4_550
    html = client.get(review_page(review)).content.decode()
    assert "Decision changed" in html
    assert "Local Government and Social Care Ombudsman" in html


def test_a_team_leader_assigns_from_the_review_page(
    application: Application, decision_maker: Membership, team_leader: Membership
) -> None:
    awarded(application, decision_maker)
    review = make_review(application=application)
    client = client_for(team_leader)
    page = client.get(review_page(review)).content.decode()
    assert decision_maker.user.display_name not in page.split("Assign the review to")[1]

    response = client.post(
        reverse(
            "casework:review_assign",
            kwargs={"council_slug": review.council.slug, "review_id": review.pk},
        ),
        {"assignee": str(decision_maker.pk)},
    )
    assert response.status_code == 200
    assert "Select who is to do the review" in response.content.decode()
    review.refresh_from_db()
    assert review.assigned_to is None


@pytest.mark.parametrize("role", [Role.ADVISER, Role.FINANCE, Role.ADMIN])
def test_people_who_do_not_review_are_refused_the_review_pages(
    application: Application, decision_maker: Membership, role: Role
) -> None:
    awarded(application, decision_maker)
    review = make_review(application=application)
    client = client_for(make_membership(role=role, council=application.council))
    for url in (
        review_page(review),
        reverse("casework:reviews", kwargs={"council_slug": review.council.slug}),
    ):
        assert client.get(url).status_code == 403


def test_another_councils_staff_get_page_not_found(
    application: Application, decision_maker: Membership
) -> None:
    awarded(application, decision_maker)
    review = make_review(application=application)
    other = make_council()
    outsider = make_membership(role=Role.TEAM_LEADER, council=other)
    # Their own council's address, with this council's review: still not found.
    both = make_membership(role=Role.TEAM_LEADER, council=other)
    make_membership(role=Role.TEAM_LEADER, council=application.council, user=both.user)
    assert client_for(outsider).get(review_page(review)).status_code == 404
    elsewhere = reverse(
        "casework:review", kwargs={"council_slug": other.slug, "review_id": review.pk}
    )
    assert client_for(both).get(elsewhere).status_code == 404
