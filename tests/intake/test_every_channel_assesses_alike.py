"""The same household gets the same assessment whichever way it comes in.

Each household is entered five ways, each through the channel's own front door as a person
uses it: the public web pages and the kiosk pages (one question at a time), the adviser's form,
a partner's referral in the portal, and the partner API. The five assessments must agree on the
outcome, every criterion and its reason, the award and its parts, the priority and the facts
the rules were given. Each entry uses a different name and address, so no history links them.
"""

import datetime
import itertools
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from onestop.core.roles import Role
from onestop.intake.models import Application, Assessment, Channel
from onestop.intake.selectors import application_latest_assessment
from tests import factories
from tests.api.conftest import application_body
from tests.intake.public.conftest import ANSWERS, answer, page_url, send
from tests.intake.test_partner_portal import refer_data

pytestmark = pytest.mark.django_db(transaction=False)

_names = itertools.count(1)
SURNAMES = ("Testerton", "Exampleby", "Sampleford", "Trialwood", "Mockridge")


@dataclass(frozen=True)
class Household:
    crisis_reason: str
    weekly_income: int  # pounds
    weekly_housing_costs: int
    savings: int
    disabled: bool
    child_born: datetime.date | None


households = st.builds(
    Household,
    crisis_reason=st.sampled_from(["no_money_for_food", "no_money_for_fuel", "loss_of_income"]),
    weekly_income=st.integers(min_value=0, max_value=600),
    weekly_housing_costs=st.integers(min_value=0, max_value=250),
    savings=st.sampled_from([0, 50, 499, 500, 2_000]),
    disabled=st.booleans(),
    child_born=st.one_of(st.none(), st.dates(datetime.date(2009, 1, 1), datetime.date(2025, 6, 1))),
)


@dataclass(frozen=True)
class Entrant:
    """Who is typed in for one channel: the same household under a name of its own."""

    first_name: str
    last_name: str
    address_line_1: str


def _entrant() -> Entrant:
    n = next(_names)
    return Entrant("Sam", f"{SURNAMES[n % len(SURNAMES)]}{n}", f"{n} Example Row")


# --- each channel's front door --------------------------------------------------------------


def _public(client: Client, council: Any, household: Household, who: Entrant, root: str) -> str:
    pages: dict[str, dict[str, Any]] = {
        **ANSWERS,
        "what-happened": {"crisis_reason": household.crisis_reason},
        "name": {"first_name": who.first_name, "last_name": who.last_name},
        "address/enter": {**ANSWERS["address/enter"], "address_line_1": who.address_line_1},
        "circumstances": {"circumstances": ["disabled"] if household.disabled else ["none"]},
        "income": {"weekly_income": str(household.weekly_income)},
        "housing-costs": {"weekly_housing_costs": str(household.weekly_housing_costs)},
        "savings": {"savings": str(household.savings)},
    }
    client.get(page_url(council, "start", root=root))
    for page, data in pages.items():
        if page == "lives-with-others" and household.child_born:
            answer(client, council, page, {"lives_with_others": "yes"}, root=root)
            born = household.child_born
            child = {
                "first_name": "Robin",
                "last_name": who.last_name,
                "date_of_birth_day": str(born.day),
                "date_of_birth_month": str(born.month),
                "date_of_birth_year": str(born.year),
                "relationship": "child",
            }
            added = answer(client, council, "people/add", child, root=root)
            assert added.status_code == 302, added.content.decode()[:400]
            answer(client, council, "people", {"add_another": "no"}, root=root)
            continue
        response = answer(client, council, page, data, root=root)
        assert response.status_code == 302, (page, response.content.decode()[:400])
    sent = send(client, council, root=root)
    assert sent.status_code == 302
    return Application.objects.latest("id").reference


def _form_fields(household: Household, who: Entrant) -> dict[str, Any]:
    """The adviser's form (which the partner portal shares) filled in for this household."""
    fields: dict[str, Any] = {
        "first_name": who.first_name,
        "last_name": who.last_name,
        "address_line_1": who.address_line_1,
        "crisis_reason": household.crisis_reason,
        "weekly_income": str(household.weekly_income),
        "weekly_housing_costs": str(household.weekly_housing_costs),
        "savings": str(household.savings),
    }
    if household.disabled:
        fields["circumstances"] = ["disabled"]
    if household.child_born:
        born = household.child_born
        fields.update(
            {
                "lives_with_others": "yes",
                "members-0-first_name": "Robin",
                "members-0-last_name": who.last_name,
                "members-0-date_of_birth_day": str(born.day),
                "members-0-date_of_birth_month": str(born.month),
                "members-0-date_of_birth_year": str(born.year),
                "members-0-relationship": "child",
            }
        )
    return fields


def _adviser(council: Any, scheme: Any, household: Household, who: Entrant) -> str:
    adviser = factories.make_membership(role=Role.ADVISER, council=council)
    client = Client()
    client.force_login(adviser.user)
    data = factories.application_form_post(scheme=scheme, **_form_fields(household, who))
    response = client.post(f"/staff/{council.slug}/applications/new/", data)
    assert response.status_code == 302, response.content.decode()[:600]
    return Application.objects.latest("id").reference


def _partner_portal(council: Any, scheme: Any, household: Household, who: Entrant) -> str:
    member = factories.make_partner_membership(council=council)
    client = Client()
    client.force_login(member.user)
    data = {**refer_data(scheme), **_form_fields(household, who)}
    response = client.post(f"/partners/{council.slug}/refer/", data)
    assert response.status_code == 302, response.content.decode()[:600]
    return Application.objects.latest("id").reference


def _api(council: Any, scheme: Any, household: Household, who: Entrant) -> str:
    _api_key, key = factories.make_api_key(council=council)
    body = application_body(
        scheme,
        crisis_reason=household.crisis_reason,
        weekly_income_pence=household.weekly_income * 100,
        weekly_housing_costs_pence=household.weekly_housing_costs * 100,
        savings_pence=household.savings * 100,
        circumstances={"disabled": household.disabled},
        members=[
            {
                "first_name": "Robin",
                "last_name": who.last_name,
                "date_of_birth": household.child_born.isoformat(),
                "relationship": "child",
            }
        ]
        if household.child_born
        else [],
    )
    body["applicant"].update(
        first_name=who.first_name, last_name=who.last_name, date_of_birth="1988-03-14"
    )
    body["address"].update(address_line_1=who.address_line_1, postcode="NT2 4CD")
    response = Client().post(
        "/api/v1/applications",
        data=body,
        content_type="application/json",
        headers={"Authorization": f"Bearer {key}", "Idempotency-Key": str(uuid.uuid4())},
    )
    assert response.status_code == 201, response.content.decode()[:600]
    return str(response.json()["reference"])


def _verdict(reference: str) -> dict[str, Any]:
    assessment = application_latest_assessment(
        application=Application.objects.get(reference=reference)
    )
    assert isinstance(assessment, Assessment)
    return {
        "outcome": assessment.outcome,
        "criteria": assessment.criteria,
        "notes": assessment.notes,
        "award_parts": assessment.award_parts,
        "proposed_award_pence": assessment.proposed_award_pence,
        "priority": assessment.priority,
        "facts": assessment.facts,
        "policy_version": assessment.policy_version,
    }


@pytest.fixture
def place(db: None) -> tuple[Any, Any]:
    council = factories.make_council()
    scheme = factories.make_scheme(council=council)
    factories.make_budget(scheme=scheme)
    return council, scheme


@settings(
    max_examples=5,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(household=households)
def test_one_household_gets_one_assessment_by_every_channel(
    place: tuple[Any, Any], household: Household
) -> None:
    council, scheme = place
    references = {
        Channel.WEB: _public(Client(), council, household, _entrant(), "apply"),
        Channel.KIOSK: _public(Client(), council, household, _entrant(), "kiosk"),
        Channel.PHONE: _adviser(council, scheme, household, _entrant()),
        Channel.PARTNER: _partner_portal(council, scheme, household, _entrant()),
        "api": _api(council, scheme, household, _entrant()),
    }
    channels = {ref: Application.objects.get(reference=ref).channel for ref in references.values()}
    assert sorted(channels.values()) == sorted(
        [Channel.WEB, Channel.KIOSK, Channel.PHONE, Channel.PARTNER, Channel.PARTNER]
    )
    verdicts = {route: _verdict(reference) for route, reference in references.items()}
    by_web = verdicts[Channel.WEB]
    for route, verdict in verdicts.items():
        assert verdict == by_web, f"{route} was assessed differently from the web"
