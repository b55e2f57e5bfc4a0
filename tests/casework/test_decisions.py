"""Deciding applications: money, award, outbox and message in one transaction; who may decide."""

import datetime
import re

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from onestop.budgets.models import Budget, Commitment
from onestop.budgets.services import BudgetExhausted
from onestop.casework.models import AwardApproval, Decision, DecisionOutcome, DiscretionReason
from onestop.casework.selectors.cases import case_timeline
from onestop.casework.selectors.decisions import approvals_waiting, discretion_report
from onestop.casework.selectors.queues import work_queue
from onestop.casework.services.decisions import (
    MAX_AWARD_PENCE,
    approval_approve,
    approval_return,
    case_view_record,
    decision_record,
    departs_from_policy,
)
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.fulfilment.models import Award, FulfilmentRequest, FulfilmentRequestStatus
from onestop.intake.models import Application, ApplicationStatus, Assessment
from onestop.notifications.models import Message
from onestop.policy.models import Scheme
from onestop.policy.vocabulary import CrisisReason
from tests.factories import (
    london_time,
    make_budget,
    make_council,
    make_membership,
    make_scheme,
    person_details,
    submit_application,
)

pytestmark = pytest.mark.django_db

REASONS = "You have no money for food this week and meet the scheme's criteria."
KEPT = (Decision, Commitment, Award, FulfilmentRequest, Message, AuditEvent)


@pytest.fixture
def application(scheme: Scheme, budget: Budget) -> Application:
    return submit_application(
        scheme=scheme, applicant=person_details(first_name="Bethan", phone="07700 900777")
    )


def award(membership: Membership, application: Application, amount: int = 6_000) -> Decision:
    """Award; an amount other than the policy's £60 gives the discretion it then needs."""
    departs = amount != 6_000
    decision = decision_record(
        membership=membership,
        application=application,
        outcome=DecisionOutcome.AWARD,
        reasons=REASONS,
        amount_pence=amount,
        discretion_reason=DiscretionReason.NEED_DIFFERS_FROM_TABLE if departs else "",
        discretion_details="Two children's school uniforms as well as food." if departs else "",
    )
    assert isinstance(decision, Decision)
    return decision


def test_an_award_commits_money_and_sends_it_for_fulfilment(
    decision_maker: Membership, application: Application, budget: Budget
) -> None:
    decision = award(decision_maker, application)

    budget.refresh_from_db()
    assert budget.committed_pence == 6_000
    (commitment,) = Commitment.objects.filter(budget=budget)
    assert commitment.application == application
    assert decision.award is not None
    assert decision.award.commitment == commitment
    assert decision.award.value_pence == 6_000
    assert FulfilmentRequest.objects.get(award=decision.award).status == (
        FulfilmentRequestStatus.PENDING
    )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWARDED
    assert application.decided_at is not None
    assert decision.decided_by == decision_maker.user
    assert decision.departs_from_assessment is False


def test_the_applicant_is_told_of_the_award(
    decision_maker: Membership, application: Application
) -> None:
    award(decision_maker, application)
    message = Message.objects.get(case_reference=application.reference, template="award_made")
    assert message.recipient == "07700 900777"
    assert message.body == (
        f"Dear Bethan, your application {application.reference} has been approved. "
        "We have awarded £60.00. We will send your e-voucher codes separately."
    )


def test_the_decision_is_audited_with_who_and_why(
    decision_maker: Membership, application: Application
) -> None:
    decision = award(decision_maker, application)
    events = {
        e.action: e
        for e in case_timeline(council=application.council, reference=application.reference)
    }
    decided = events["decision.award"]
    assert decided.actor == decision_maker.user
    assert decided.actor_label == decision_maker.user.display_name
    assert decided.reason == REASONS
    assert decided.subject_id == str(decision.pk)
    assert decided.summary == "Awarded £60.00"
    assert events["budget.committed"].actor == decision_maker.user
    assert events["award.created"].actor == decision_maker.user


def test_a_refusal_gives_the_applicant_the_reasons(
    decision_maker: Membership, application: Application, budget: Budget
) -> None:
    reasons = "Your household has savings of £6,000 or more."
    decision = decision_record(
        membership=decision_maker,
        application=application,
        outcome=DecisionOutcome.REFUSE,
        reasons=reasons,
        discretion_reason=DiscretionReason.NOT_IN_CRISIS,
        discretion_details="Savings account statement seen; the form left it out.",
    )
    assert isinstance(decision, Decision)
    assert decision.outcome == DecisionOutcome.REFUSE
    assert decision.amount_pence == 0
    assert decision.award is None
    assert decision.departs_from_assessment is True  # the rules said eligible
    application.refresh_from_db()
    assert application.status == ApplicationStatus.REFUSED
    budget.refresh_from_db()
    assert budget.committed_pence == 0
    message = Message.objects.get(
        case_reference=application.reference, template="application_refused"
    )
    assert reasons in message.body
    assert "ask for a review" in message.body
    event = AuditEvent.objects.get(action="decision.refuse", case_reference=application.reference)
    assert event.reason.startswith(reasons)
    assert "Savings account statement seen" in event.reason
    assert event.actor == decision_maker.user


@pytest.mark.parametrize("reasons", ["", "   \n "])
def test_a_decision_needs_reasons(
    decision_maker: Membership, application: Application, row_counts, reasons: str
) -> None:
    before = row_counts(*KEPT)
    with pytest.raises(ServiceError) as refused:
        decision_record(
            membership=decision_maker,
            application=application,
            outcome=DecisionOutcome.REFUSE,
            reasons=reasons,
        )
    assert refused.value.field == "reasons"
    assert row_counts(*KEPT) == before
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_DECISION


@pytest.mark.parametrize("amount", [0, -100, MAX_AWARD_PENCE + 1])
def test_an_award_must_be_between_a_penny_and_the_limit(
    decision_maker: Membership, application: Application, row_counts, amount: int
) -> None:
    before = row_counts(*KEPT)
    with pytest.raises(ServiceError, match=re.escape("Enter an award between £0.01 and £5,000.00")):
        award(decision_maker, application, amount)
    assert row_counts(*KEPT) == before


def test_an_award_other_than_proposed_is_marked_as_departing(
    decision_maker: Membership, application: Application
) -> None:
    assert award(decision_maker, application, 8_000).departs_from_assessment is True


def test_deciding_twice_is_refused(
    decision_maker: Membership, application: Application, budget: Budget, row_counts
) -> None:
    award(decision_maker, application)
    before = row_counts(*KEPT)
    with pytest.raises(ServiceError, match="has already been decided"):
        decision_record(
            membership=make_membership(role=Role.TEAM_LEADER, council=application.council),
            application=application,
            outcome=DecisionOutcome.REFUSE,
            reasons="Changed my mind",
        )
    after = row_counts(*KEPT)
    after.pop("core.AuditEvent")  # granting the team leader's role is audited
    before.pop("core.AuditEvent")
    assert after == before
    budget.refresh_from_db()
    assert budget.committed_pence == 6_000
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWARDED


@pytest.mark.parametrize("role", [Role.ADVISER, Role.FINANCE, Role.ADMIN])
def test_a_role_without_the_decide_capability_is_refused(
    council: Council, application: Application, row_counts, role: Role
) -> None:
    membership = make_membership(role=role, council=council)
    before = row_counts(*KEPT)
    with pytest.raises(NotPermitted):
        award(membership, application)
    assert row_counts(*KEPT) == before
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_DECISION


def test_a_team_leader_may_decide(council: Council, application: Application) -> None:
    leader = make_membership(role=Role.TEAM_LEADER, council=council)
    assert award(leader, application).decided_by == leader.user


def test_a_decision_maker_of_another_council_is_refused(
    other_council: Council, application: Application, row_counts
) -> None:
    outsider = make_membership(role=Role.DECISION_MAKER, council=other_council)
    before = row_counts(*KEPT)
    with pytest.raises(NotPermitted, match="do not have permission"):
        award(outsider, application)
    assert row_counts(*KEPT) == before


def test_when_the_budget_cannot_pay_nothing_of_the_decision_is_kept(
    council: Council, decision_maker: Membership, row_counts
) -> None:
    scheme = make_scheme(council=council)
    budget = make_budget(scheme=scheme, total_pence=5_999)
    application = submit_application(scheme=scheme)
    before = row_counts(*KEPT)

    with pytest.raises(BudgetExhausted, match=re.escape("£59.99 is left")):
        award(decision_maker, application, 6_000)

    assert row_counts(*KEPT) == before
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_DECISION
    assert application.decided_at is None
    budget.refresh_from_db()
    assert budget.committed_pence == 0
    assert not Message.objects.filter(
        case_reference=application.reference, template="award_made"
    ).exists()
    # And it can still be decided once finance has found the money.
    assert award(decision_maker, application, 5_999).amount_pence == 5_999


def test_without_a_budget_in_force_the_award_is_refused(
    council: Council, decision_maker: Membership, row_counts
) -> None:
    scheme = make_scheme(council=council)
    last_year = timezone.localdate() - datetime.timedelta(days=400)
    make_budget(scheme=scheme, starts_on=last_year, ends_on=last_year + datetime.timedelta(days=30))
    application = submit_application(scheme=scheme)
    before = row_counts(*KEPT)
    with pytest.raises(ServiceError, match="There is no budget for Crisis Payment today"):
        award(decision_maker, application)
    assert row_counts(*KEPT) == before
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_DECISION


def test_viewing_a_case_is_audited(decision_maker: Membership, application: Application) -> None:
    event = case_view_record(membership=decision_maker, application=application)
    assert event.action == "case.viewed"
    assert event.actor == decision_maker.user
    assert event.council == application.council
    assert event.case_reference == application.reference
    assert event.actor_label == decision_maker.user.display_name
    assert event.summary.startswith("Case viewed")
    assert "decision maker" in event.summary.lower()
    assert event in case_timeline(council=application.council, reference=application.reference)


def test_the_work_queue_puts_high_priority_first_then_the_earliest_deadline(
    council: Council, scheme: Scheme, decision_maker: Membership, budget: Budget
) -> None:
    def submit(reason: str, day: int) -> Application:
        return submit_application(
            scheme=scheme, crisis_reason=reason, submitted_at=london_time(2026, 6, day)
        )

    medium_early = submit(CrisisReason.LOSS_OF_INCOME, 8)
    low_earliest = submit(CrisisReason.OTHER, 1)
    high_late = submit(CrisisReason.NO_MONEY_FOR_FOOD, 12)
    high_early = submit(CrisisReason.DOMESTIC_ABUSE, 9)
    medium_late = submit(CrisisReason.FIRE_OR_FLOOD, 10)
    decided = submit(CrisisReason.NO_MONEY_FOR_FOOD, 2)
    award(decision_maker, decided)
    elsewhere = submit_application(
        crisis_reason=CrisisReason.NO_MONEY_FOR_FOOD, submitted_at=london_time(2026, 6, 1)
    )

    queue = list(work_queue(council=council))

    assert queue == [high_early, high_late, medium_early, medium_late, low_earliest]
    assert decided not in queue
    assert elsewhere not in queue


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_decision_makers_racing_on_one_case_make_one_decision(in_threads) -> None:
    council = make_council()
    scheme = make_scheme(council=council)
    budget = make_budget(scheme=scheme, total_pence=1_000_000)
    application = submit_application(scheme=scheme)
    deciders = [make_membership(role=Role.DECISION_MAKER, council=council) for _ in range(8)]
    turn = iter(range(8))

    def decide() -> int:
        return award(deciders[next(turn)], application).pk

    outcomes = in_threads(8, decide)
    decided = [value for kind, value in outcomes if kind == "ok"]
    refused = [value for kind, value in outcomes if kind == "error"]
    assert len(decided) == 1
    assert all(
        isinstance(error, ServiceError) and "already been decided" in error.message
        for error in refused
    ), refused
    assert Decision.objects.filter(application=application).count() == 1
    assert Award.objects.filter(application=application).count() == 1
    budget.refresh_from_db()
    assert budget.committed_pence == 6_000


# Discretion: departing from the policy needs a reason from the list and details.


@pytest.mark.parametrize(
    ("outcome", "amount"), [(DecisionOutcome.REFUSE, 0), (DecisionOutcome.AWARD, 9_000)]
)
def test_departing_from_the_policy_needs_a_reason_from_the_list(
    decision_maker: Membership, application: Application, row_counts, outcome, amount: int
) -> None:
    before = row_counts(*KEPT)
    with pytest.raises(ServiceError, match="Select why your decision is different") as refused:
        decision_record(
            membership=decision_maker,
            application=application,
            outcome=outcome,
            reasons=REASONS,
            amount_pence=amount,
        )
    assert refused.value.field == "discretion_reason"
    with pytest.raises(ServiceError, match="Explain why you used discretion") as refused:
        decision_record(
            membership=decision_maker,
            application=application,
            outcome=outcome,
            reasons=REASONS,
            amount_pence=amount,
            discretion_reason=DiscretionReason.OTHER,
            discretion_details="  ",
        )
    assert refused.value.field == "discretion_details"
    assert row_counts(*KEPT) == before


def test_a_reason_given_when_following_the_policy_is_not_kept(
    decision_maker: Membership, application: Application
) -> None:
    decision = decision_record(
        membership=decision_maker,
        application=application,
        outcome=DecisionOutcome.AWARD,
        reasons=REASONS,
        amount_pence=6_000,
        discretion_reason=DiscretionReason.SAFEGUARDING,
        discretion_details="Not needed",
    )
    assert isinstance(decision, Decision)
    assert (decision.departs_from_assessment, decision.discretion_reason) == (False, "")


def test_discretion_is_reported_by_reason(
    decision_maker: Membership, application: Application, scheme: Scheme
) -> None:
    award(decision_maker, application, 9_000)
    award(decision_maker, submit_application(scheme=scheme))  # follows the policy
    assert discretion_report(council=scheme.council) == [
        (DiscretionReason.NEED_DIFFERS_FROM_TABLE.label, 1)
    ]
    event = AuditEvent.objects.get(action="decision.award", case_reference=application.reference)
    assert "using discretion" in event.summary
    assert event.details["discretion_reason"] == DiscretionReason.NEED_DIFFERS_FROM_TABLE


# Four eyes: awards above the scheme's value wait for a team leader.


@pytest.fixture
def four_eyes_scheme(scheme: Scheme) -> Scheme:
    Scheme.objects.filter(pk=scheme.pk).update(approval_above_pence=5_000)
    scheme.refresh_from_db()
    return scheme


def propose(membership: Membership, scheme: Scheme) -> AwardApproval:
    """A new application on the scheme, awarded £60 (over its £50 four-eyes value)."""
    proposal = decision_record(
        membership=membership,
        application=submit_application(scheme=scheme),
        outcome=DecisionOutcome.AWARD,
        reasons=REASONS,
        amount_pence=6_000,
    )
    assert isinstance(proposal, AwardApproval)
    return proposal


def test_an_award_over_the_limit_waits_for_approval_and_commits_nothing(
    decision_maker: Membership, four_eyes_scheme: Scheme, budget: Budget
) -> None:
    proposal = propose(decision_maker, four_eyes_scheme)
    application = proposal.application
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_APPROVAL
    budget.refresh_from_db()
    assert budget.committed_pence == 0
    assert not Award.objects.filter(application=application).exists()
    assert not Message.objects.filter(template="award_made").exists()
    assert list(approvals_waiting(council=four_eyes_scheme.council)) == [proposal]


def test_a_team_leader_approves_and_only_then_is_money_committed_and_the_applicant_told(
    decision_maker: Membership, four_eyes_scheme: Scheme, budget: Budget
) -> None:
    proposal = propose(decision_maker, four_eyes_scheme)
    application = proposal.application
    leader = make_membership(role=Role.TEAM_LEADER, council=four_eyes_scheme.council)

    decision = approval_approve(membership=leader, approval=proposal, comment="Agreed.")

    assert decision.decided_by == decision_maker.user
    assert decision.approved_by == leader.user
    assert decision.award is not None
    assert decision.award.value_pence == 6_000
    budget.refresh_from_db()
    assert budget.committed_pence == 6_000
    assert Message.objects.filter(template="award_made", case_reference=application.reference)
    actions = set(
        AuditEvent.objects.filter(case_reference=application.reference).values_list(
            "action", flat=True
        )
    )
    assert {"approval.requested", "approval.approved", "decision.award"} <= actions
    approved = AuditEvent.objects.get(action="approval.approved")
    assert (approved.actor, approved.reason) == (leader.user, "Agreed.")


def test_a_team_leader_can_never_approve_their_own_award(
    council: Council, four_eyes_scheme: Scheme, budget: Budget, row_counts
) -> None:
    leader = make_membership(role=Role.TEAM_LEADER, council=council)
    proposal = propose(leader, four_eyes_scheme)
    before = row_counts(*KEPT)
    with pytest.raises(NotPermitted, match="another team leader must approve it"):
        approval_approve(membership=leader, approval=proposal)
    with pytest.raises(NotPermitted):
        approval_return(membership=leader, approval=proposal, comment="Changed my mind")
    assert row_counts(*KEPT) == before
    # And the database refuses it even if a service forgot to check.
    with pytest.raises(IntegrityError), transaction.atomic():
        AwardApproval.objects.filter(pk=proposal.pk).update(approver=leader.user)


def test_a_decision_maker_cannot_approve(
    decision_maker: Membership, four_eyes_scheme: Scheme, budget: Budget
) -> None:
    leader = make_membership(role=Role.TEAM_LEADER, council=four_eyes_scheme.council)
    approval = propose(leader, four_eyes_scheme)
    with pytest.raises(NotPermitted):
        approval_approve(membership=decision_maker, approval=approval)


def test_a_returned_award_goes_back_to_the_queue_with_the_comment(
    decision_maker: Membership, four_eyes_scheme: Scheme, budget: Budget
) -> None:
    proposal = propose(decision_maker, four_eyes_scheme)
    application = proposal.application
    leader = make_membership(role=Role.TEAM_LEADER, council=four_eyes_scheme.council)
    with pytest.raises(ServiceError, match="Enter why you are returning"):
        approval_return(membership=leader, approval=proposal, comment="")

    approval_return(membership=leader, approval=proposal, comment="Check the rent arrears.")

    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_DECISION
    assert application in work_queue(council=four_eyes_scheme.council)
    with pytest.raises(ServiceError, match="already been approved or returned"):
        approval_approve(membership=leader, approval=proposal)
    budget.refresh_from_db()
    assert budget.committed_pence == 0
    event = AuditEvent.objects.get(action="approval.returned")
    assert event.reason == "Check the rent arrears."


def test_an_award_at_the_limit_needs_no_approval(
    decision_maker: Membership, four_eyes_scheme: Scheme, budget: Budget
) -> None:
    application = submit_application(scheme=four_eyes_scheme)
    decision = decision_record(
        membership=decision_maker,
        application=application,
        outcome=DecisionOutcome.AWARD,
        reasons=REASONS,
        amount_pence=5_000,
        discretion_reason=DiscretionReason.NEED_DIFFERS_FROM_TABLE,
        discretion_details="Food for one week only; the family has a food bank parcel.",
    )
    assert isinstance(decision, Decision)
    assert decision.approved_by is None


@pytest.mark.parametrize(
    ("policy_outcome", "proposed", "awarding", "amount", "departs"),
    [
        ("eligible", 6_000, True, 6_000, False),
        ("eligible", 6_000, True, 7_000, True),
        ("eligible", 6_000, False, 0, True),
        ("not_eligible", 0, False, 0, False),
        ("not_eligible", 0, True, 5_000, True),
        # Where the policy asks for a person's judgement, refusing is that judgement.
        ("needs_decision_maker", 6_000, False, 0, False),
        ("needs_decision_maker", 6_000, True, 6_000, False),
        ("needs_decision_maker", 6_000, True, 4_000, True),
        ("needs_decision_maker", 0, True, 4_000, False),
    ],
)
def test_what_counts_as_departing_from_the_policy(
    policy_outcome: str, proposed: int, awarding: bool, amount: int, departs: bool
) -> None:
    assessment = Assessment(outcome=policy_outcome, proposed_award_pence=proposed)
    assert (
        departs_from_policy(assessment=assessment, awarding=awarding, amount_pence=amount)
        is departs
    )
