"""Walking the public application with Django's test client: answers for every question page."""

import html
import re
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client

from onestop.councils.models import Council

# A single applicant with no gazetteer: what each question page is sent, in order.
ANSWERS: dict[str, dict[str, Any]] = {
    "what-happened": {"crisis_reason": "no_money_for_food"},
    "tell-us-more": {"crisis_details": "My benefits were stopped and I have no food."},
    "name": {"first_name": "Morgan", "last_name": "Testerton"},
    "date-of-birth": {
        "date_of_birth_day": "14",
        "date_of_birth_month": "3",
        "date_of_birth_year": "1988",
    },
    "address/enter": {
        "address_line_1": "3 Example Row",
        "address_line_2": "",
        "town": "Northtown",
        "postcode": "nt2 4cd",
    },
    "lives-with-others": {"lives_with_others": "no"},
    "circumstances": {"circumstances": ["none"]},
    "income": {"weekly_income": "95"},
    "housing-costs": {"weekly_housing_costs": "70"},
    "renting": {"rents": "no"},
    "savings": {"savings": "0"},
    "contact": {"contact_preference": "sms"},
    "mobile": {"phone": "07700 900456"},
    "consent": {"consent": "yes"},
}


@pytest.fixture(autouse=True)
def no_earlier_failures() -> Iterator[None]:
    """Wrong codes are counted in the cache, which outlives each test's database."""
    cache.clear()
    yield
    cache.clear()


def page_url(council: Council, page: str, *, root: str = "apply") -> str:
    return (
        f"/councils/{council.slug}/{root}/{page}/" if page else f"/councils/{council.slug}/{root}/"
    )


def text(response: HttpResponse) -> str:
    """The page's words, as a person reads them: tags dropped, entities decoded, spaces squeezed."""
    body = response.content.decode()
    body = re.sub(r"<(script|style)\b.*?</\1>", " ", body, flags=re.S)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", body)).split())


def answer(
    client: Client, council: Council, page: str, data: dict[str, Any], *, root: str = "apply"
) -> HttpResponse:
    return client.post(page_url(council, page, root=root), {"action": "continue", **data})


def walk(
    client: Client,
    council: Council,
    *,
    root: str = "apply",
    overrides: dict[str, dict[str, Any]] | None = None,
    start: str | None = None,
    stop: str | None = None,
) -> HttpResponse | None:
    """Answer the questions in order, from `start` and up to (not including) `stop`; each
    answer must lead on to the page of the next."""
    client.get(page_url(council, "start", root=root))
    answers = {**ANSWERS, **(overrides or {})}
    pages = list(answers)
    pages = pages[pages.index(start) if start else 0 : pages.index(stop) if stop else None]
    response = None
    for n, page in enumerate(pages):
        response = answer(client, council, page, answers[page], root=root)
        assert response.status_code == 302, (page, text(response)[:600])
        if n + 1 < len(pages):
            following = page_url(council, pages[n + 1], root=root)
            assert response["Location"] == following, (page, response["Location"])
    return response


def send(client: Client, council: Council, *, root: str = "apply") -> HttpResponse:
    check = client.get(page_url(council, "check-your-answers", root=root))
    assert check.status_code == 200, check.get("Location")
    token = re.search(r'name="form_token" value="([^"]+)"', check.content.decode())
    assert token
    return client.post(
        page_url(council, "check-your-answers", root=root), {"form_token": token.group(1)}
    )
