"""Alerts: when committed spending first reaches a set percentage of a budget, once only."""

import pytest
from django.db import transaction

from onestop.budgets.models import Budget, BudgetAlert, Commitment
from onestop.budgets.services import BudgetExhausted, commitment_create, commitment_release
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.intake.models import Application
from onestop.notifications.models import Message
from onestop.policy.models import Scheme
from tests.factories import (
    make_budget,
    make_council,
    make_membership,
    make_scheme,
    submit_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ten_pounds(scheme: Scheme) -> Budget:
    """£100 with the default alerts at 50, 75, 90 and 100%."""
    return make_budget(scheme=scheme, total_pence=100_00, name="Crisis Payment 2026/27")


@pytest.fixture
def application(scheme: Scheme) -> Application:
    return submit_application(scheme=scheme)


def spend(budget: Budget, application: Application, pence: int) -> Commitment:
    return commitment_create(actor=None, budget=budget, application=application, amount_pence=pence)


def alerted(budget: Budget) -> list[int]:
    return list(BudgetAlert.objects.filter(budget=budget).values_list("percentage", flat=True))


def test_reaching_a_percentage_exactly_records_its_alert_with_an_audit_row(
    ten_pounds: Budget, application: Application
) -> None:
    spend(ten_pounds, application, 49_99)
    assert alerted(ten_pounds) == []
    spend(ten_pounds, application, 1)
    assert alerted(ten_pounds) == [50]
    alert = BudgetAlert.objects.get(budget=ten_pounds)
    assert alert.committed_pence == 50_00
    event = AuditEvent.objects.get(action="budget.alert")
    assert event.actor is None
    assert (
        event.summary == "Crisis Payment 2026/27 has committed 50% of its money: £50.00 of £100.00"
    )


def test_one_award_past_several_lines_records_each(
    ten_pounds: Budget, application: Application
) -> None:
    spend(ten_pounds, application, 95_00)
    assert alerted(ten_pounds) == [50, 75, 90]
    spend(ten_pounds, application, 5_00)
    assert alerted(ten_pounds) == [50, 75, 90, 100]


def test_a_line_crossed_again_after_a_release_is_not_alerted_twice(
    ten_pounds: Budget, application: Application
) -> None:
    first = spend(ten_pounds, application, 60_00)
    commitment_release(actor=None, commitment=first, reason="Award cancelled")
    spend(ten_pounds, application, 60_00)
    assert alerted(ten_pounds) == [50]
    assert AuditEvent.objects.filter(action="budget.alert").count() == 1


def test_a_refused_award_records_no_alert(ten_pounds: Budget, application: Application) -> None:
    spend(ten_pounds, application, 40_00)
    with pytest.raises(BudgetExhausted):
        spend(ten_pounds, application, 60_01)
    assert alerted(ten_pounds) == []


def test_a_budget_with_its_own_percentages_alerts_at_those(
    scheme: Scheme, application: Application
) -> None:
    budget = make_budget(scheme=scheme, total_pence=100_00)
    Budget.objects.filter(pk=budget.pk).update(alert_percentages=[25])
    budget.refresh_from_db()
    spend(budget, application, 60_00)
    assert alerted(budget) == [25]


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_awards_racing_past_a_line_record_its_alert_exactly_once(in_threads) -> None:
    council = make_council()
    scheme = make_scheme(council=council)
    budget = make_budget(scheme=scheme, total_pence=100_00)
    application = submit_application(council=council, scheme=scheme)
    spend(budget, application, 49_00)  # thirty £1 awards race from here: one crosses 50%, one 75%

    def race() -> int:
        with transaction.atomic():
            return spend(budget, application, 1_00).pk

    outcomes = in_threads(30, race)

    assert all(kind == "ok" for kind, _ in outcomes), outcomes
    budget.refresh_from_db()
    assert budget.committed_pence == 79_00
    assert alerted(budget) == [50, 75]
    assert AuditEvent.objects.filter(action="budget.alert").count() == 2


def test_each_finance_officer_is_emailed_when_a_line_is_crossed(
    ten_pounds: Budget, application: Application
) -> None:
    officer = make_membership(role=Role.FINANCE, council=ten_pounds.council)
    make_membership(role=Role.DECISION_MAKER, council=ten_pounds.council)  # not told
    spend(ten_pounds, application, 75_00)

    emails = Message.objects.filter(template="budget_alert").order_by("id")
    assert [m.recipient for m in emails] == [officer.user.email, officer.user.email]
    assert emails[0].subject == "Crisis Payment 2026/27 has committed 50% of its money"
    assert "£75.00 of £100.00" in emails[1].body
    assert "£25.00 is left" in emails[1].body
