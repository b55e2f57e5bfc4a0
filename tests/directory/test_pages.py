"""Staff pages for the directory: team leaders and admins find, view, change and add services;
other staff are told they do not have permission."""

from typing import Any

import pytest
from django.test import Client

from onestop.core.roles import Role
from onestop.directory.models import Service, ServiceStatus, TaxonomyTerm
from tests.factories import load_directory, make_council, make_membership

pytestmark = pytest.mark.django_db


@pytest.fixture
def council() -> Any:
    council = make_council(slug="home")
    load_directory(council=council)
    return council


def client_for(council: Any, role: Role = Role.TEAM_LEADER) -> Client:
    client = Client()
    client.force_login(make_membership(role=role, council=council).user)
    return client


def page(response: Any) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_the_directory_lists_and_searches_services(council: Any) -> None:
    client = client_for(council, Role.ADMIN)

    everything = page(client.get("/staff/home/directory/"))
    food = page(client.get("/staff/home/directory/", {"q": "food"}))
    inactive = page(client.get("/staff/home/directory/", {"status": "inactive"}))

    assert "7 services" in everything
    assert "http://testserver/councils/home/openreferral/services" in everything
    assert "Northbridge Food Bank parcels" in food
    assert "Debt advice" not in food
    assert "Winter fuel fund" in inactive
    assert "Advice line" not in inactive


def test_a_service_page_shows_what_people_will_see(council: Any) -> None:
    service = Service.objects.get(council=council, name="Advice line")

    shown = page(client_for(council).get(f"/staff/home/directory/{service.pk}/"))

    assert "Citizens Advice Northbridge" in shown
    assert "01632 960 202" in shown
    assert "Housing and homelessness" in shown
    assert "Published in the directory" in shown


def test_staff_change_a_service(council: Any) -> None:
    service = Service.objects.get(council=council, name="Debt advice")
    client = client_for(council)
    debt = TaxonomyTerm.objects.get(council=council, name="Debt advice")
    benefits = TaxonomyTerm.objects.get(council=council, name="Benefits")
    form = page(client.get(f"/staff/home/directory/{service.pk}/change/"))
    assert 'value="Debt advice"' in form

    response = client.post(
        f"/staff/home/directory/{service.pk}/change/",
        {
            "name": "Debt and benefits advice",
            "description": "Free advice.",
            "status": "active",
            "email": "help@money.example",
            "url": "https://money.example",
            "organization": str(service.organization_id),
            "terms": [str(debt.pk), str(benefits.pk)],
        },
        follow=True,
    )

    shown = page(response)
    assert "Changes to Debt and benefits advice saved." in shown
    service.refresh_from_db()
    assert service.name == "Debt and benefits advice"
    assert set(service.taxonomy_terms.values_list("name", flat=True)) == {"Debt advice", "Benefits"}


def test_a_mistake_is_shown_in_the_error_summary_and_nothing_changes(council: Any) -> None:
    service = Service.objects.get(council=council, name="Debt advice")

    shown = page(
        client_for(council).post(
            f"/staff/home/directory/{service.pk}/change/",
            {"name": "", "status": "active", "email": "not-an-email", "organization": "new"},
        )
    )

    assert "There is a problem" in shown
    assert "Enter the service&#39;s name" in shown or "Enter the service's name" in shown
    assert "Enter an email address, like help@example.org" in shown
    assert "Enter the new organisation" in shown
    service.refresh_from_db()
    assert service.name == "Debt advice"


def test_staff_add_a_service(council: Any) -> None:
    response = client_for(council).post(
        "/staff/home/directory/add/",
        {
            "name": "Baby bank",
            "description": "Clothes and equipment for babies.",
            "status": "active",
            "organization": "new",
            "new_organization_name": "Northbridge Baby Bank",
        },
        follow=True,
    )

    assert "Baby bank added to the directory." in page(response)
    assert Service.objects.get(council=council, name="Baby bank").organization.name == (
        "Northbridge Baby Bank"
    )


def test_staff_stop_publishing_a_service_and_it_leaves_the_api(council: Any) -> None:
    service = Service.objects.get(council=council, name="Debt advice")

    response = client_for(council).post(
        f"/staff/home/directory/{service.pk}/status/", {"status": "inactive"}, follow=True
    )

    assert "Debt advice is no longer published in the directory." in page(response)
    service.refresh_from_db()
    assert service.status == ServiceStatus.INACTIVE
    assert (
        Client().get(f"/councils/home/openreferral/services/{service.hsds_id}").status_code == 404
    )


@pytest.mark.parametrize("role", [Role.ADVISER, Role.DECISION_MAKER, Role.FINANCE])
def test_staff_without_the_directory_permission_get_403(council: Any, role: Role) -> None:
    service = Service.objects.get(council=council, name="Debt advice")
    client = client_for(council, role)

    for url in [
        "/staff/home/directory/",
        "/staff/home/directory/add/",
        f"/staff/home/directory/{service.pk}/",
        f"/staff/home/directory/{service.pk}/change/",
    ]:
        response = client.get(url)
        assert response.status_code == 403, url
        assert "You do not have permission" in response.content.decode()
    refused = client.post(f"/staff/home/directory/{service.pk}/status/", {"status": "inactive"})
    assert refused.status_code == 403
    service.refresh_from_db()
    assert service.status == ServiceStatus.ACTIVE


def test_another_councils_service_is_not_found(council: Any) -> None:
    other = make_council(slug="other")
    load_directory(council=other)
    theirs = Service.objects.get(council=other, name="Debt advice")

    assert client_for(council).get(f"/staff/home/directory/{theirs.pk}/").status_code == 404
