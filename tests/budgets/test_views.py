"""Budget pages: finance sees and plans budgets, team leaders set priority levels, advisers cannot."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from onestop.budgets.models import Budget
from onestop.budgets.selectors import budget_profile
from onestop.budgets.services import commitment_create
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council
from onestop.policy.models import Scheme
from onestop.policy.vocabulary import Priority
from tests.factories import make_budget, make_membership, submit_application

pytestmark = pytest.mark.django_db


def signed_in(council: Council, role: Role) -> Client:
    client = Client()
    client.force_login(make_membership(role=role, council=council).user)
    return client


def page(client: Client, name: str, council: Council, **kwargs: int) -> str:
    response = client.get(reverse(name, kwargs={"council_slug": council.slug, **kwargs}))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def budget(scheme: Scheme) -> Budget:
    budget = make_budget(scheme=scheme, total_pence=100_00, name="Crisis Payment 2026/27")
    commitment_create(
        actor=None, budget=budget, application=submit_application(scheme=scheme), amount_pence=80_00
    )
    budget.refresh_from_db()
    return budget


def test_the_list_shows_each_budget_s_money_level_and_forecast(
    council: Council, budget: Budget
) -> None:
    html = page(signed_in(council, Role.FINANCE), "budgets:list", council)
    assert "Crisis Payment 2026/27" in html
    assert "£80.00" in html  # committed, not yet paid
    assert "£20.00" in html  # left
    assert "Every priority" in html
    assert "Money runs out" in html


def test_the_budget_page_shows_profile_alerts_forecast_and_level(
    council: Council, budget: Budget
) -> None:
    html = page(signed_in(council, Role.FINANCE), "budgets:detail", council, budget_id=budget.pk)
    assert "Planned and committed spending by month" in html
    assert "Committed spending has reached 75% of this budget" in html
    assert "Planned by today" in html
    assert "The budget is paying awards of every priority" in html
    assert "Change the monthly plan" in html


def test_a_team_leader_raises_the_level_with_a_reason(council: Council, budget: Budget) -> None:
    client = signed_in(council, Role.TEAM_LEADER)
    url = reverse("budgets:detail", kwargs={"council_slug": council.slug, "budget_id": budget.pk})
    response = client.post(
        url, {"threshold": Priority.HIGH, "reason": "80% gone in the first month"}, follow=True
    )
    assert "Crisis Payment 2026/27 is now paying only high priority awards." in (
        response.content.decode()
    )
    budget.refresh_from_db()
    assert budget.priority_threshold == Priority.HIGH
    assert "Change the monthly plan" not in response.content.decode()  # finance's job


def test_a_level_change_without_a_reason_shows_the_error_and_changes_nothing(
    council: Council, budget: Budget
) -> None:
    client = signed_in(council, Role.FINANCE)
    url = reverse("budgets:detail", kwargs={"council_slug": council.slug, "budget_id": budget.pk})
    html = client.post(url, {"threshold": Priority.HIGH, "reason": ""}).content.decode()
    assert "There is a problem" in html
    assert "Enter why you are changing the priority level" in html
    budget.refresh_from_db()
    assert budget.priority_threshold == Priority.LOW


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("budgets:list", False),
        ("budgets:new", False),
        ("budgets:detail", True),
        ("budgets:months", True),
    ],
)
def test_advisers_are_refused_every_budget_page(
    council: Council, budget: Budget, name: str, kwargs: bool
) -> None:
    url = reverse(
        name,
        kwargs={"council_slug": council.slug, **({"budget_id": budget.pk} if kwargs else {})},
    )
    response = signed_in(council, Role.ADVISER).get(url)
    assert response.status_code == 403


def test_another_councils_budget_is_not_found(
    council: Council, other_council: Council, budget: Budget
) -> None:
    client = signed_in(other_council, Role.FINANCE)
    url = reverse(
        "budgets:detail", kwargs={"council_slug": other_council.slug, "budget_id": budget.pk}
    )
    assert client.get(url).status_code == 404


def budget_answers(scheme: Scheme, **changes: str) -> dict[str, str]:
    answers = {
        "scheme": str(scheme.pk),
        "name": "Crisis Payment 2027/28",
        "starts_on_day": "1",
        "starts_on_month": "4",
        "starts_on_year": "2027",
        "ends_on_day": "31",
        "ends_on_month": "3",
        "ends_on_year": "2028",
        "total": "36,600",
        "spread": "even",
    }
    answers.update(changes)
    return answers


def test_finance_sets_up_a_budget_spread_evenly(council: Council, scheme: Scheme) -> None:
    client = signed_in(council, Role.FINANCE)
    url = reverse("budgets:new", kwargs={"council_slug": council.slug})
    response = client.post(url, budget_answers(scheme), follow=True)
    assert "Crisis Payment 2027/28 is set up." in response.content.decode()
    budget = Budget.objects.get(name="Crisis Payment 2027/28")
    assert budget.total_pence == 36_600_00
    assert budget_profile(budget=budget)[datetime.date(2027, 4, 1)] == 3_000_00


def test_finance_plans_a_new_budget_month_by_month(council: Council, scheme: Scheme) -> None:
    client = signed_in(council, Role.FINANCE)
    url = reverse("budgets:new", kwargs={"council_slug": council.slug})
    answers = budget_answers(scheme, spread="monthly")

    html = client.post(url, answers).content.decode()
    assert "Plan spending month by month" in html
    assert 'value="3000.00"' in html  # April, pre-filled evenly
    assert not Budget.objects.filter(name="Crisis Payment 2027/28").exists()

    months = {f"month_{y}_{m:02d}": "3050" for y, m in [(2027, n) for n in range(4, 13)]}
    months |= {f"month_2028_{m:02d}": "3050" for m in range(1, 4)}
    months["month_2027_04"] = "3000"  # £50 short of the budget
    html = client.post(url, answers | months | {"months_shown": "yes"}).content.decode()
    assert "The months add up to £36,550.00, but the budget is £36,600.00" in html
    assert not Budget.objects.filter(name="Crisis Payment 2027/28").exists()

    months["month_2027_04"] = "3050"
    response = client.post(url, answers | months | {"months_shown": "yes"}, follow=True)
    assert "Crisis Payment 2027/28 is set up." in response.content.decode()
    budget = Budget.objects.get(name="Crisis Payment 2027/28")
    assert set(budget_profile(budget=budget).values()) == {3_050_00}


def test_a_budget_set_up_with_mistakes_says_what_to_fix(council: Council, scheme: Scheme) -> None:
    client = signed_in(council, Role.FINANCE)
    url = reverse("budgets:new", kwargs={"council_slug": council.slug})
    html = client.post(
        url, budget_answers(scheme, ends_on_year="2026", total="", name="")
    ).content.decode()
    assert "There is a problem" in html
    assert "Enter a name for the budget" in html
    assert "The end date must be on or after the start date" in html
    assert "Enter the budget, more than £0" in html
    assert not Budget.objects.exists()


def test_finance_changes_the_monthly_plan(council: Council, budget: Budget) -> None:
    client = signed_in(council, Role.FINANCE)
    url = reverse("budgets:months", kwargs={"council_slug": council.slug, "budget_id": budget.pk})
    html = page(client, "budgets:months", council, budget_id=budget.pk)
    assert "Change the monthly plan" in html
    plan = budget_profile(budget=budget)
    first, second = sorted(plan)[:2]
    answers = {f"month_{m:%Y_%m}": f"{p / 100:.2f}" for m, p in plan.items()}
    answers[f"month_{first:%Y_%m}"] = f"{(plan[first] + plan[second]) / 100:.2f}"
    answers[f"month_{second:%Y_%m}"] = "0"

    html = client.post(url, answers).content.decode()
    assert "Enter why the monthly plan is changing" in html

    response = client.post(url, answers | {"reason": "Spend early"}, follow=True)
    assert "The monthly plan for Crisis Payment 2026/27 is changed." in response.content.decode()
    assert budget_profile(budget=budget)[second] == 0
    assert AuditEvent.objects.get(action="budget.profile_changed").reason == "Spend early"
