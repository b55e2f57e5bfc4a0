"""The council's directory as the Open Referral UK API publishes it: open, read-only, only the
council's own active services, paginated and filtered as the profile says, and every object
carrying the fields the profile (and HSDS 3 under it) require."""

from typing import Any

import pytest
from django.test import Client

from onestop.directory.models import Service, ServiceStatus
from tests.factories import directory_feed, load_directory, make_council

pytestmark = pytest.mark.django_db

PAGE_FIELDS = {
    "total_items": int,
    "total_pages": int,
    "page_number": int,
    "size": int,
    "first_page": bool,
    "last_page": bool,
    "empty": bool,
    "contents": list,
}
# Required fields per object: HSDS 3.0's schemas, with the UK profile's additions (a service's
# url, a taxonomy term's taxonomy). Nested objects are checked by the names they appear under.
REQUIRED = {
    "service": ["id", "name", "status", "url"],
    "organization": ["id", "name", "description"],
    "service_at_location": ["id"],
    "location": ["id", "location_type"],
    "address": [
        "id",
        "address_1",
        "city",
        "state_province",
        "postal_code",
        "country",
        "address_type",
    ],
    "taxonomy": ["id", "name", "description"],
    "taxonomy_term": ["id", "name", "description", "taxonomy"],
    "attribute": ["id", "taxonomy_term_id"],
    "contact": ["id"],
    "phone": ["id", "number"],
    "schedule": ["id"],
}
NESTED = {
    "organization": "organization",
    "service": "service",
    "location": "location",
    "taxonomy_term": "taxonomy_term",
    "taxonomy_detail": "taxonomy",
    "service_at_locations": "service_at_location",
    "addresses": "address",
    "attributes": "attribute",
    "contacts": "contact",
    "phones": "phone",
    "schedules": "schedule",
}
ENUMS = {
    ("service", "status"): {"active", "inactive", "defunct", "temporarily closed"},
    ("location", "location_type"): {"physical", "postal", "virtual"},
    ("address", "address_type"): {"physical", "postal", "virtual"},
}


def assert_valid(record: Any, kind: str, path: str = "$") -> None:
    """The profile's required fields are there, as strings; nothing is null; nested objects
    are valid in turn."""
    assert isinstance(record, dict), f"{path} is not an object"
    for name in REQUIRED[kind]:
        assert name in record, f"{path}.{name} is required for a {kind}"
        assert isinstance(record[name], str), f"{path}.{name} must be a string"
    for name, value in record.items():
        assert value is not None, f"{path}.{name} is null; HSDS leaves absent values out"
        if (kind, name) in ENUMS:
            assert value in ENUMS[(kind, name)], f"{path}.{name} = {value!r}"
        if name in NESTED:
            if isinstance(value, list):
                for index, item in enumerate(value):
                    assert_valid(item, NESTED[name], f"{path}.{name}[{index}]")
            else:
                assert_valid(value, NESTED[name], f"{path}.{name}")


def assert_page(body: dict[str, Any], kind: str) -> None:
    for name, kind_of in PAGE_FIELDS.items():
        assert isinstance(body[name], kind_of), f"{name} must be {kind_of.__name__}"
    assert body["size"] == len(body["contents"])
    for index, item in enumerate(body["contents"]):
        assert_valid(item, kind, f"$.contents[{index}]")


@pytest.fixture
def home() -> Any:
    council = make_council(slug="home")
    load_directory(council=council)
    return council


@pytest.fixture
def other() -> Any:
    council = make_council(slug="other")
    load_directory(council=council, feed=directory_feed(town="Otherton", postcode_area="OT"))
    return council


def get(path: str, **params: Any) -> Any:
    """As a service finder in a browser would ask: anonymous, no key, from another site."""
    response = Client().get(
        f"/councils/home/openreferral/{path}", params, HTTP_ORIGIN="https://finder.example"
    )
    assert response["Access-Control-Allow-Origin"] == "*"
    return response


def names(body: dict[str, Any]) -> list[str]:
    return [item["name"] for item in body["contents"]]


def test_services_are_listed_openly_without_a_key(home: Any) -> None:
    response = get("services")

    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert_page(body, "service")
    assert body["total_items"] == 6
    assert body["page_number"] == 1
    assert body["first_page"]
    assert body["last_page"]
    assert not body["empty"]


def test_inactive_services_are_not_served(home: Any) -> None:
    inactive = Service.objects.get(council=home, name="Winter fuel fund")
    assert inactive.status == ServiceStatus.INACTIVE

    assert "Winter fuel fund" not in names(get("services").json())
    assert get(f"services/{inactive.hsds_id}").status_code == 404
    at_locations = get("service_at_locations").json()["contents"]
    assert all(at["service"]["name"] != "Winter fuel fund" for at in at_locations)


def test_another_councils_services_never_appear(home: Any, other: Any) -> None:
    others = set(Service.objects.filter(council=other).values_list("name", flat=True))
    other_service = Service.objects.filter(council=other, status="active").first()
    assert other_service is not None

    listed = get("services", per_page=500).json()
    full = get("services", per_page=500, full="true").json()

    assert listed["total_items"] == 6
    assert not others & set(names(listed)) - set(
        Service.objects.filter(council=home).values_list("name", flat=True)
    )
    assert all(not item["organization"]["name"].startswith("Otherton") for item in full["contents"])
    assert all(
        "Otherton" not in str(item) for item in get("service_at_locations").json()["contents"]
    )
    # The same feed ids exist in both councils; the home council's address gives home's record.
    same_id = get(f"services/{other_service.hsds_id}").json()
    assert "Otherton" not in str(same_id)
    assert get("services/no-such-id").status_code == 404


def test_pages_split_the_list_and_say_where_they_are(home: Any) -> None:
    first = get("services", per_page=4).json()
    second = get("services", per_page=4, page=2).json()
    beyond = get("services", per_page=4, page=3).json()

    assert (first["total_items"], first["total_pages"], first["size"]) == (6, 2, 4)
    assert first["first_page"]
    assert not first["last_page"]
    assert (second["page_number"], second["size"]) == (2, 2)
    assert second["last_page"]
    assert not second["first_page"]
    assert not set(names(first)) & set(names(second))
    assert len(set(names(first)) | set(names(second))) == 6
    assert beyond["empty"]
    assert beyond["contents"] == []


@pytest.mark.parametrize(
    "params",
    [
        {"page": "0"},
        {"page": "two"},
        {"per_page": "100000"},
        {"postcode": "nowhere"},
        {"proximity": "500"},
    ],
)
def test_bad_parameters_get_a_problem_that_says_what_to_do(
    home: Any, params: dict[str, str]
) -> None:
    response = get("services", **params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 400
    assert response.json()["detail"]


def test_text_search_finds_words_in_names_descriptions_and_needs(home: Any) -> None:
    assert names(get("services", search="debt").json()) == [
        "Advice line",
        "Debt advice",
        "Energy advice",
    ]
    assert names(get("services", text="food parcels").json()) == ["Northbridge Food Bank parcels"]
    assert get("services", search="nothing matches this").json()["empty"] is True


def test_services_can_be_filtered_by_taxonomy_term(home: Any) -> None:
    terms = {t["name"]: t["id"] for t in get("taxonomy_terms").json()["contents"]}

    housing = get("services", taxonomy_term_id=terms["Housing and homelessness"]).json()
    energy = get("service_at_locations", taxonomy_term_id=terms["Energy and fuel"]).json()

    assert names(housing) == ["Advice line", "Housing options"]
    assert energy["total_items"] == 0  # energy advice is by phone: it has no location


def test_postcode_finds_services_in_its_district_and_proximity_by_distance(home: Any) -> None:
    district = get("service_at_locations", postcode="NB1 9ZZ").json()
    near = get("service_at_locations", postcode="NB1 4AB", proximity="500").json()
    wider = get("service_at_locations", postcode="NB1 4AB", proximity="5000").json()

    assert sorted(at["service"]["name"] for at in district["contents"]) == [
        "Advice line",
        "Benefits check",
        "Northbridge Food Bank parcels",
    ]
    assert near["total_items"] == 3
    assert wider["total_items"] == 4
    assert names(get("services", postcode="NB2 8EF").json()) == ["Housing options"]
    assert get("services", postcode="ZZ9 9ZZ", proximity="500").status_code == 400


def test_one_service_comes_with_everything_about_it(home: Any) -> None:
    service = Service.objects.get(council=home, name="Advice line")

    body = get(f"services/{service.hsds_id}").json()

    assert_valid(body, "service")
    assert body["id"] == service.hsds_id
    assert body["organization"]["name"] == "Citizens Advice Northbridge"
    assert body["url"] == "https://citizensadvice.northbridge.example/advice-line"
    location = body["service_at_locations"][0]["location"]
    assert location["addresses"][0]["postal_code"] == "NB1 2DE"
    assert body["schedules"][0]["opens_at"] == "09:30:00"
    assert body["phones"][0]["number"] == "01632 960 202"
    assert {a["taxonomy_term"]["name"] for a in body["attributes"]} == {
        "General advice",
        "Debt advice",
        "Housing and homelessness",
    }


def test_a_service_with_no_web_address_still_has_a_url(home: Any) -> None:
    service = Service.objects.get(council=home, name="Debt advice")

    body = get(f"services/{service.hsds_id}").json()

    assert body["url"] == f"http://testserver/councils/home/openreferral/services/{service.hsds_id}"


def test_service_at_locations_taxonomies_and_terms_are_listed(home: Any) -> None:
    at_locations = get("service_at_locations").json()
    taxonomies = get("taxonomies").json()
    terms = get("taxonomy_terms").json()

    assert_page(at_locations, "service_at_location")
    assert_page(taxonomies, "taxonomy")
    assert_page(terms, "taxonomy_term")
    assert at_locations["total_items"] == 4
    assert [t["name"] for t in taxonomies["contents"]] == ["onestop needs"]
    assert terms["total_items"] == 6
    one = at_locations["contents"][0]
    assert_valid(get(f"service_at_locations/{one['id']}").json(), "service_at_location")
    assert_valid(get(f"taxonomies/{taxonomies['contents'][0]['id']}").json(), "taxonomy")
    assert_valid(get(f"taxonomy_terms/{terms['contents'][0]['id']}").json(), "taxonomy_term")


def test_the_directory_is_read_only(home: Any) -> None:
    response = Client().post("/councils/home/openreferral/services", {})

    assert response.status_code == 405
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_browser_preflight_is_answered(home: Any) -> None:
    response = Client().options("/councils/home/openreferral/services")

    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"


def test_an_unknown_council_is_not_found() -> None:
    response = Client().get("/councils/nowhere/openreferral/services")

    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
    assert response["Access-Control-Allow-Origin"] == "*"


def test_the_root_says_which_version_and_profile(home: Any) -> None:
    body = get("").json()

    assert body["version"] == "3.0"
    assert "openreferraluk" in body["profile"]
