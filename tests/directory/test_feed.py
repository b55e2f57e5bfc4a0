"""Reading an Open Referral UK feed: a good one is understood, a bad one refused whole with
where each problem is and what to do."""

import copy
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.directory.feed import FeedRefused, feed_decode, feed_parse
from tests.factories import directory_feed


def refused(data: Any) -> list[str]:
    with pytest.raises(FeedRefused) as caught:
        feed_parse(data)
    return caught.value.problems


def test_the_sample_feed_is_read_with_everything_nested() -> None:
    feed = feed_parse(directory_feed())

    assert len(feed.services) == 7
    assert len(feed.organizations) == 5
    assert len(feed.locations) == 3
    assert len(feed.taxonomy_terms) == 6
    food = next(s for s in feed.services if s["name"] == "Northbridge Food Bank parcels")
    assert food["status"] == "active"
    assert food["schedules"][0]["byday"] == "TU,TH,SA"
    assert food["phones"][0]["number"] == "01632 960 101"
    assert food["service_at_locations"][0]["location_id"] in feed.locations


NESTED_SERVICE: dict[str, Any] = {
    "id": "s1",
    "name": "Debt advice",
    "status": "active",
    "organization": {"id": "o1", "name": "Money Matters", "description": "A charity"},
    "service_at_locations": [
        {
            "id": "sal1",
            "location": {
                "id": "l1",
                "name": "Hub",
                "addresses": [
                    {"id": "a1", "address_1": "1 High St", "city": "Town", "postal_code": "nb11aa"}
                ],
            },
        }
    ],
    "attributes": [{"id": "at1", "taxonomy_term": {"id": "t1", "name": "Debt", "description": ""}}],
}


def test_a_list_of_fully_nested_services_is_a_feed() -> None:
    service = copy.deepcopy(NESTED_SERVICE)

    feed = feed_parse([service])

    assert feed.locations["l1"]["addresses"][0]["postal_code"] == "NB1 1AA"
    assert feed.taxonomy_terms["t1"]["name"] == "Debt"
    assert feed.services[0]["organization_id"] == "o1"


def test_an_api_page_is_a_feed_too() -> None:
    page = {"total_items": 1, "contents": [NESTED_SERVICE]}

    assert len(feed_parse(page).services) == 1


def test_a_service_without_a_name_is_refused_with_its_place_in_the_file() -> None:
    data = directory_feed()
    del data["services"][3]["name"]

    assert refused(data) == ["services[3].name: missing; every service needs a name"]


def test_every_problem_is_listed_not_just_the_first() -> None:
    data = directory_feed()
    data["services"][0]["status"] = "open"
    data["services"][1]["email"] = "not an email"
    data["services"][2]["organization"] = {"id": "x", "description": "no name"}
    data["services"][4]["attributes"][0]["taxonomy_term_id"] = "no-such-term"

    problems = refused(data)

    assert problems[0].startswith('services[0].status: "open" is not one of: active, inactive')
    assert problems[1].startswith('services[1].email: "not an email" is not an email address')
    assert "services[2].organization.name: missing; every organization needs a name" in problems
    assert any(
        p.startswith(
            'services[4].attributes[0].taxonomy_term_id: no taxonomy term with id "no-such-term"'
        )
        for p in problems
    )


def test_ids_must_be_unique_and_shared_records_must_agree() -> None:
    data = directory_feed()
    data["services"][1]["id"] = data["services"][0]["id"]
    different = copy.deepcopy(data["services"][2]["organization"])
    different["name"] = "Someone else"
    data["services"][3]["organization"] = different

    problems = refused(data)

    assert any(p.startswith("services[1].id:") and "ids must be unique" in p for p in problems)
    assert any(p.startswith("services[3].organization:") and "differs" in p for p in problems)


def test_a_file_that_is_not_a_feed_is_refused() -> None:
    assert refused({"hello": "world"})[0].startswith("file: not an Open Referral feed")
    assert refused([])[0].startswith("services: empty")
    assert (
        refused(["a service"])[0] == "services[0]: must be an object (a service in curly brackets)"
    )


def test_a_file_that_is_not_json_says_where() -> None:
    with pytest.raises(FeedRefused) as caught:
        feed_decode(b'{"services": [\n  {"id": 1,}\n]}')

    assert caught.value.message.startswith("line 2, column")
    assert "not valid JSON" in caught.value.message


def test_a_long_list_of_problems_is_counted() -> None:
    data = directory_feed()
    data["services"] = [{"id": f"s{n}", "status": "active"} for n in range(150)]

    with pytest.raises(FeedRefused) as caught:
        feed_parse(data)

    assert caught.value.message.startswith("The file has 300 problems, so nothing was loaded.")


REQUIRED_SERVICE_FIELDS = ["id", "name", "status"]


@settings(max_examples=30)
@given(
    index=st.integers(min_value=0, max_value=6),
    field=st.sampled_from(REQUIRED_SERVICE_FIELDS),
    bad=st.sampled_from([None, "", [], {}]),
)
def test_spoiling_any_required_service_field_refuses_the_file(
    index: int, field: str, bad: Any
) -> None:
    data = json.loads(json.dumps(directory_feed()))
    data["services"][index][field] = bad

    problems = refused(data)

    assert any(p.startswith(f"services[{index}].{field}:") for p in problems)
