"""Monthly spend profiles: the even split, the checks finance sees, and the plan to date."""

import datetime
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.budgets.models import Budget
from onestop.budgets.profiles import (
    days_in_period,
    even_profile,
    period_months,
    planned_to_date,
    profile_problem,
)
from onestop.budgets.selectors import budget_profile
from onestop.budgets.services import budget_create, budget_profile_change
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.policy.models import Scheme
from tests.factories import make_membership

APRIL = datetime.date(2026, 4, 1)
MARCH_END = datetime.date(2027, 3, 31)
YEAR_MONTHS = period_months(APRIL, MARCH_END)

dates = st.dates(min_value=datetime.date(2024, 1, 1), max_value=datetime.date(2030, 12, 31))


@given(
    starts_on=dates,
    length_days=st.integers(min_value=0, max_value=3 * 366),
    total=st.integers(min_value=1, max_value=10**12),
)
def test_an_even_split_covers_every_month_and_adds_up_to_the_penny(
    starts_on: datetime.date, length_days: int, total: int
) -> None:
    ends_on = starts_on + datetime.timedelta(days=length_days)
    profile = even_profile(starts_on=starts_on, ends_on=ends_on, total_pence=total)
    assert sum(profile.values()) == total
    assert list(profile) == period_months(starts_on, ends_on)
    assert all(pence >= 0 for pence in profile.values())
    assert all(days_in_period(m, starts_on, ends_on) > 0 for m in profile)
    assert profile_problem(profile, starts_on=starts_on, ends_on=ends_on, total_pence=total) is None


def test_an_even_split_follows_the_days_in_each_month() -> None:
    profile = even_profile(starts_on=APRIL, ends_on=MARCH_END, total_pence=365_00)
    assert profile[datetime.date(2026, 4, 1)] == 30_00
    assert profile[datetime.date(2026, 5, 1)] == 31_00
    assert profile[datetime.date(2027, 2, 1)] == 28_00


def test_a_part_month_at_each_end_gets_its_share_and_the_rounding_goes_last() -> None:
    profile = even_profile(
        starts_on=datetime.date(2026, 4, 21), ends_on=datetime.date(2026, 6, 10), total_pence=100
    )
    # 10 days of April, 31 of May, 10 of June: 51 days.
    assert profile == {
        datetime.date(2026, 4, 1): 19,
        datetime.date(2026, 5, 1): 60,
        datetime.date(2026, 6, 1): 21,
    }


def ten_pounds_a_month(**changes: int | None) -> dict[datetime.date, int]:
    """£10 for each month of the year 2026/27, with some months changed (None removes one)."""
    profile = dict.fromkeys(YEAR_MONTHS, 10_00)
    for name, pence in changes.items():
        month = datetime.datetime.strptime(name, "%b_%Y").date()
        if pence is None:
            profile.pop(month)
        else:
            profile[month] = pence
    return profile


@pytest.mark.parametrize(
    ("profile", "message"),
    [
        (ten_pounds_a_month(Apr_2027=0), "April 2027 is outside the budget's period"),
        (ten_pounds_a_month(Jul_2026=None), "Enter the planned spending for July 2026"),
        (ten_pounds_a_month(Jul_2026=-1), "The planned spending for July 2026 must be £0 or more"),
        (
            ten_pounds_a_month(Jul_2026=10_05),
            "The months add up to £120.05, but the budget is £120.00",
        ),
    ],
)
def test_a_profile_that_does_not_fit_the_budget_says_what_to_change(
    profile: dict[datetime.date, int], message: str
) -> None:
    problem = profile_problem(profile, starts_on=APRIL, ends_on=MARCH_END, total_pence=120_00)
    assert problem is not None
    assert message in problem


def test_the_plan_to_date_counts_whole_months_and_today_s_month_pro_rata() -> None:
    profile = dict.fromkeys(YEAR_MONTHS, 30_000)
    profile[datetime.date(2026, 5, 1)] = 31_000
    assert planned_to_date(profile, starts_on=APRIL, ends_on=MARCH_END, today=APRIL) == 1_000
    assert (
        planned_to_date(
            profile, starts_on=APRIL, ends_on=MARCH_END, today=datetime.date(2026, 5, 10)
        )
        == 30_000 + 10_000
    )
    assert (
        planned_to_date(
            profile, starts_on=APRIL, ends_on=MARCH_END, today=datetime.date(2026, 3, 31)
        )
        == 0
    )
    assert planned_to_date(
        profile, starts_on=APRIL, ends_on=MARCH_END, today=datetime.date(2028, 1, 1)
    ) == sum(profile.values())


def test_a_budget_without_a_profile_is_spread_evenly(scheme: Scheme) -> None:
    budget = budget_create(
        actor=None,
        council=scheme.council,
        scheme=scheme,
        name="Crisis Payment 2026/27",
        starts_on=APRIL,
        ends_on=MARCH_END,
        total_pence=365_00,
    )
    assert budget_profile(budget=budget) == even_profile(
        starts_on=APRIL, ends_on=MARCH_END, total_pence=365_00
    )


def test_a_budget_takes_a_profile_that_fits_and_refuses_one_that_does_not(scheme: Scheme) -> None:
    winter_heavy = dict.fromkeys(YEAR_MONTHS, 5_000_00)
    winter_heavy[datetime.date(2026, 12, 1)] = 20_000_00
    winter_heavy[datetime.date(2027, 1, 1)] = 20_000_00
    details = {
        "actor": None,
        "council": scheme.council,
        "scheme": scheme,
        "name": "Crisis Payment 2026/27",
        "starts_on": APRIL,
        "ends_on": MARCH_END,
    }
    with pytest.raises(ServiceError, match=re.escape("The months add up to £90,000.00")) as refused:
        budget_create(**details, total_pence=100_000_00, profile=winter_heavy)
    assert refused.value.field == "profile"
    assert not Budget.objects.filter(scheme=scheme).exists()

    budget = budget_create(**details, total_pence=90_000_00, profile=winter_heavy)
    assert budget_profile(budget=budget) == winter_heavy


def test_a_scheme_has_one_budget_at_a_time(scheme: Scheme) -> None:
    details = {"actor": None, "council": scheme.council, "scheme": scheme, "total_pence": 100}
    budget_create(**details, name="This year", starts_on=APRIL, ends_on=MARCH_END)
    with pytest.raises(ServiceError, match="already has a budget, This year"):
        budget_create(
            **details, name="Overlapping", starts_on=MARCH_END, ends_on=datetime.date(2028, 3, 31)
        )
    budget_create(
        **details,
        name="Next year",
        starts_on=datetime.date(2027, 4, 1),
        ends_on=datetime.date(2028, 3, 31),
    )
    assert Budget.objects.filter(scheme=scheme).count() == 2


def test_finance_changes_the_profile_with_a_reason_on_record(scheme: Scheme) -> None:
    finance = make_membership(role=Role.FINANCE, council=scheme.council)
    budget = budget_create(
        actor=finance.user,
        council=scheme.council,
        scheme=scheme,
        name="Crisis Payment 2026/27",
        starts_on=APRIL,
        ends_on=MARCH_END,
        total_pence=120_00,
    )
    new_plan = dict.fromkeys(YEAR_MONTHS, 10_00)
    new_plan[datetime.date(2026, 4, 1)] = 0
    new_plan[datetime.date(2026, 12, 1)] = 20_00

    with pytest.raises(ServiceError, match="Enter why the monthly plan is changing"):
        budget_profile_change(actor=finance.user, budget=budget, profile=new_plan, reason=" ")
    budget_profile_change(
        actor=finance.user, budget=budget, profile=new_plan, reason="Winter fuel demand"
    )

    assert budget_profile(budget=budget) == new_plan
    event = AuditEvent.objects.get(action="budget.profile_changed")
    assert event.reason == "Winter fuel demand"
    assert event.actor == finance.user
    assert event.details["after"]["2026-12"] == 20_00


def test_a_profile_change_that_does_not_add_up_or_is_not_allowed_changes_nothing(
    scheme: Scheme, budget: Budget
) -> None:
    finance = make_membership(role=Role.FINANCE, council=scheme.council)
    adviser = make_membership(role=Role.ADVISER, council=scheme.council)
    before = budget_profile(budget=budget)
    short = dict.fromkeys(before, 0)
    with pytest.raises(ServiceError, match=re.escape("add up to £0.00")):
        budget_profile_change(actor=finance.user, budget=budget, profile=short, reason="Cuts")
    with pytest.raises(NotPermitted):
        budget_profile_change(actor=adviser.user, budget=budget, profile=before, reason="Why not")
    assert budget_profile(budget=budget) == before
    assert not AuditEvent.objects.filter(action="budget.profile_changed").exists()
