"""Fixtures for the partner API: a council with an open scheme, a partner and its key."""

import json
import uuid
from dataclasses import dataclass
from typing import Any

import pytest
from django.test import Client
from django.test.client import Client as DjangoClient

from onestop.councils.models import ApiKey, Council, Organisation
from onestop.policy.models import Scheme
from tests import factories


@dataclass
class Partner:
    council: Council
    scheme: Scheme
    organisation: Organisation
    api_key: ApiKey
    key: str

    def headers(self, idempotency_key: str | None = None) -> dict[str, str]:
        headers = {"Authorization": f"Bearer {self.key}"}
        if idempotency_key is not None:
            headers["Idempotency-Key"] = idempotency_key
        return headers


@pytest.fixture
def partner(db: None) -> Partner:
    council = factories.make_council()
    scheme = factories.make_scheme(council=council)
    factories.make_budget(scheme=scheme)
    api_key, key = factories.make_api_key(council=council)
    return Partner(council, scheme, api_key.organisation, api_key, key)


def application_body(for_scheme: Scheme, /, **overrides: Any) -> dict[str, Any]:
    """A good referral: an eligible single adult, as tests.factories.application_details."""
    body: dict[str, Any] = {
        "scheme": for_scheme.slug,
        "applicant": {
            "first_name": factories.fake.first_name(),
            "last_name": factories.fake.last_name(),
            "date_of_birth": "1988-04-12",
            "phone": "07700 900123",
            "email": "client@example.com",
            "contact_preference": "sms",
            "language": "en",
        },
        "address": {
            "address_line_1": f"{factories._next()} {factories.fake.street_name()}",
            "town": factories.fake.city(),
            "postcode": "SW1A 2AA",
        },
        "members": [],
        "crisis_reason": "loss_of_income",
        "crisis_details": "My hours were cut and I cannot pay for food this week.",
        "weekly_income_pence": 15_000,
        "weekly_housing_costs_pence": 9_000,
        "savings_pence": 5_000,
        "consent": True,
    }
    body.update(overrides)
    return body


def post_application(
    client: DjangoClient,
    partner: Partner,
    body: dict[str, Any],
    *,
    idempotency_key: str | None = None,
) -> Any:
    return client.post(
        "/api/v1/applications",
        data=json.dumps(body),
        content_type="application/json",
        headers=partner.headers(idempotency_key or str(uuid.uuid4())),
    )


@pytest.fixture
def client() -> Client:
    return Client()
