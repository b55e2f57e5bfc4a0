"""Auto-decision: clear cases are awarded at once with the policy's reasons; others wait."""

import pytest

from onestop.budgets.models import Budget
from onestop.casework.models import Decision
from onestop.casework.selectors.queues import work_queue
from onestop.casework.services.auto_decisions import assessment_reasons
from onestop.core.models import AuditEvent
from onestop.intake.models import Application, ApplicationStatus
from onestop.intake.selectors import application_latest_assessment
from onestop.notifications.models import Message
from onestop.policy.models import Scheme
from tests.factories import make_budget, submit_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def auto_scheme(scheme: Scheme) -> Scheme:
    Scheme.objects.filter(pk=scheme.pk).update(auto_decide=True, auto_award_limit_pence=10_000)
    scheme.refresh_from_db()
    return scheme


@pytest.fixture
def submit(django_capture_on_commit_callbacks):
    """Submit as a channel does: the auto-decision runs once the submission has committed."""

    def run(**kwargs) -> Application:
        with django_capture_on_commit_callbacks(execute=True):
            return submit_application(**kwargs)

    return run


def decision_of(application: Application) -> Decision | None:
    return Decision.objects.filter(application=application).first()


def test_a_clear_case_is_awarded_automatically_with_the_policys_reasons(
    auto_scheme: Scheme, submit, budget: Budget
) -> None:
    application = submit(scheme=auto_scheme)

    decision = decision_of(application)
    assert decision is not None
    assert decision.is_automatic
    assert decision.amount_pence == 6_000
    assessment = application_latest_assessment(application=application)
    assert assessment is not None
    assert decision.reasons == assessment_reasons(assessment)
    assert decision.reasons  # the same words the policy gives each criterion
    for criterion in assessment.criteria:
        if criterion["passed"]:
            assert criterion["reason"].rstrip(".") in decision.reasons
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWARDED
    assert Message.objects.filter(template="award_made", case_reference=application.reference)
    event = AuditEvent.objects.get(action="decision.award", case_reference=application.reference)
    assert event.actor is None
    assert "automatically" in event.summary
    budget.refresh_from_db()
    assert budget.committed_pence == 6_000


def test_schemes_that_do_not_allow_it_leave_every_case_to_a_person(
    scheme: Scheme, budget: Budget, submit
) -> None:
    application = submit(scheme=scheme)
    assert decision_of(application) is None
    assert application in work_queue(council=scheme.council)


def test_an_award_over_the_automatic_limit_waits_for_a_person(
    auto_scheme: Scheme, submit, budget: Budget
) -> None:
    Scheme.objects.filter(pk=auto_scheme.pk).update(auto_award_limit_pence=5_999)
    application = submit(scheme=auto_scheme)
    assert decision_of(application) is None


def test_a_case_the_policy_sends_to_a_person_is_never_decided_automatically(
    auto_scheme: Scheme, submit, budget: Budget
) -> None:
    # Savings over the limit: the policy refuses; refusals always need a person.
    application = submit(scheme=auto_scheme, savings_pence=900_000)
    assessment = application_latest_assessment(application=application)
    assert assessment is not None
    assert assessment.outcome != "eligible"
    assert decision_of(application) is None
    assert application in work_queue(council=auto_scheme.council)


def test_when_the_budget_cannot_pay_the_case_waits_and_the_reason_is_logged(
    auto_scheme: Scheme,
    submit,
) -> None:
    make_budget(scheme=auto_scheme, total_pence=1_000)
    application = submit(scheme=auto_scheme)
    assert decision_of(application) is None
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_DECISION
    event = AuditEvent.objects.get(
        action="decision.not_automatic", case_reference=application.reference
    )
    assert "not enough money" in event.reason


def test_the_same_application_submitted_twice_is_decided_once(
    auto_scheme: Scheme, submit, budget: Budget
) -> None:
    first = submit(scheme=auto_scheme, submission_key="token-1")
    again = submit(scheme=auto_scheme, submission_key="token-1")
    assert first == again
    assert Decision.objects.filter(application=first).count() == 1
    budget.refresh_from_db()
    assert budget.committed_pence == 6_000
