"""The pages for deciding: discretion asked for, four eyes shown, information asked for."""

import pytest
from django.test import Client

from onestop.budgets.models import Budget
from onestop.casework.models import AwardApproval, Decision, DecisionOutcome, DiscretionReason
from onestop.casework.services.decisions import decision_record
from onestop.core.roles import Role
from onestop.councils.models import Membership
from onestop.intake.models import Application, ApplicationStatus
from onestop.policy.models import Scheme
from tests.factories import make_membership, submit_application

pytestmark = pytest.mark.django_db


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def case_url(application: Application, page: str = "") -> str:
    return f"/staff/{application.council.slug}/cases/{application.reference}/{page}"


@pytest.fixture
def application(scheme: Scheme, budget: Budget) -> Application:
    return submit_application(scheme=scheme)


def test_refusing_against_the_policy_without_a_reason_is_sent_back_with_the_error(
    decision_maker: Membership, application: Application
) -> None:
    response = client_for(decision_maker).post(
        case_url(application, "decide/"),
        {"outcome": "refuse", "reasons": "You do not need an award.", "amount": ""},
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "The policy proposes an award of £60.00. Select why your decision is different" in page
    assert not Decision.objects.exists()


def test_refusing_with_a_discretion_reason_is_recorded(
    decision_maker: Membership, application: Application
) -> None:
    response = client_for(decision_maker).post(
        case_url(application, "decide/"),
        {
            "outcome": "refuse",
            "reasons": "Your payment has arrived.",
            "discretion_reason": DiscretionReason.NOT_IN_CRISIS,
            "discretion_details": "Called: the Universal Credit payment arrived today.",
        },
    )
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert decision.discretion_reason == DiscretionReason.NOT_IN_CRISIS


def test_an_award_over_the_limit_says_it_waits_and_team_leaders_see_it_listed(
    decision_maker: Membership, scheme: Scheme, application: Application
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(approval_above_pence=5_000)
    client = client_for(decision_maker)
    response = client.post(
        case_url(application, "decide/"),
        {"outcome": "award", "amount": "60.00", "reasons": "You meet the rules."},
        follow=True,
    )
    assert "now waits for a team leader" in response.content.decode()
    assert "waiting for a team leader" in client.get(case_url(application)).content.decode()

    leader = client_for(make_membership(role=Role.TEAM_LEADER, council=scheme.council))
    listing = leader.get(f"/staff/{scheme.council.slug}/cases/approvals/").content.decode()
    approve_link = f'href="{case_url(application, "approve/")}">{application.reference}</a>'
    assert approve_link in listing

    response = leader.post(case_url(application, "approve/"), {"action": "approve"}, follow=True)
    assert "Award approved" in response.content.decode()
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWARDED


def test_the_proposer_is_told_someone_else_must_approve(
    scheme: Scheme, application: Application
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(approval_above_pence=5_000)
    application.scheme.refresh_from_db()
    leader = make_membership(role=Role.TEAM_LEADER, council=scheme.council)
    proposal = decision_record(
        membership=leader,
        application=application,
        outcome=DecisionOutcome.AWARD,
        reasons="You meet the rules.",
        amount_pence=6_000,
    )
    assert isinstance(proposal, AwardApproval)
    client = client_for(leader)
    page = client.get(case_url(application, "approve/")).content.decode()
    assert "You proposed this award, so another team leader must approve it." in page
    response = client.post(case_url(application, "approve/"), {"action": "approve"})
    assert "another team leader must approve it" in response.content.decode()
    assert not Decision.objects.exists()


def test_asking_for_information_from_the_case_page(
    decision_maker: Membership, application: Application
) -> None:
    client = client_for(decision_maker)
    assert "Ask for more information" in client.get(case_url(application)).content.decode()
    response = client.post(
        case_url(application, "ask-for-information/"),
        {"what_is_needed": "Your <b>tenancy</b> agreement"},
        follow=True,
    )
    page = response.content.decode()
    assert "is waiting for information" in page
    assert "Your &lt;b&gt;tenancy&lt;/b&gt; agreement" in page  # shown, never run as markup
    assert "Record information received" in page


def test_the_discretion_report_lists_decisions_by_reason(
    decision_maker: Membership, application: Application, scheme: Scheme
) -> None:
    decision_record(
        membership=decision_maker,
        application=application,
        outcome=DecisionOutcome.REFUSE,
        reasons="Your payment arrived.",
        discretion_reason=DiscretionReason.NOT_IN_CRISIS,
        discretion_details="Payment arrived today.",
    )
    leader = client_for(make_membership(role=Role.TEAM_LEADER, council=scheme.council))
    page = leader.get(f"/staff/{scheme.council.slug}/cases/discretion/").content.decode()
    assert DiscretionReason.NOT_IN_CRISIS.label in page
    assert f">{application.reference}</a>" in page
    assert "Payment arrived today." in page


def test_the_decide_page_warns_when_the_budget_is_not_paying_this_priority(
    decision_maker: Membership, application: Application, budget: Budget
) -> None:
    Budget.objects.filter(pk=budget.pk).update(priority_threshold="high")
    application.refresh_from_db()
    assert application.priority != "high"
    page = client_for(decision_maker).get(case_url(application, "decide/")).content.decode()
    assert "is paying only high priority awards at the moment" in page
    assert "Refuse it with that reason, or leave it waiting" in page
