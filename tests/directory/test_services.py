"""Loading a feed into a council's directory, and staff curating it."""

import copy
from typing import Any

import pytest

from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.directory import models as directory
from onestop.directory.feed import FeedRefused
from onestop.directory.models import Service, ServiceSource, ServiceStatus, TaxonomyTerm
from onestop.directory.services import (
    ServiceDetails,
    directory_load,
    service_save,
    service_status_set,
)
from tests.factories import (
    directory_feed,
    load_directory,
    make_council,
    make_membership,
)

pytestmark = pytest.mark.django_db

MODELS = [
    directory.DirectoryOrganization,
    directory.Service,
    directory.Location,
    directory.Address,
    directory.ServiceAtLocation,
    directory.Taxonomy,
    directory.TaxonomyTerm,
    directory.Attribute,
    directory.Contact,
    directory.Phone,
    directory.Schedule,
]


def snapshot() -> dict[str, list[tuple[Any, ...]]]:
    """Every directory record, field by field, to show what a load changed."""
    return {
        model.__name__: sorted(
            tuple(str(v) for k, v in row.items() if k not in ("id", "created_at"))
            for row in model.objects.values()
        )
        for model in MODELS
    }


def service_named(council: Any, name: str) -> Service:
    return Service.objects.get(council=council, name=name)


def test_a_feed_fills_the_directory_and_the_load_is_audited() -> None:
    council = make_council()

    loaded = load_directory(council=council)

    assert loaded.summary == "7 services added, 0 changed, 0 unchanged, 0 withdrawn"
    food = service_named(council, "Northbridge Food Bank parcels")
    assert food.organization.name == "Northbridge Food Bank"
    assert [t.name for t in food.taxonomy_terms.all()] == ["Food"]
    assert food.at_locations.get().location.addresses.get().postal_code == "NB1 4AB"
    assert food.schedules.get().opens_at.isoformat() == "10:00:00"
    assert service_named(council, "Winter fuel fund").status == ServiceStatus.INACTIVE
    event = AuditEvent.objects.get(action="directory.loaded")
    assert event.council == council
    assert "7 services added" in event.summary


def test_a_bad_file_is_refused_whole_and_nothing_is_saved() -> None:
    council = make_council()
    load_directory(council=council)
    before = snapshot()
    data = directory_feed()
    data["services"][0]["name"] = "Renamed, but the file is bad"
    del data["services"][5]["name"]

    with pytest.raises(FeedRefused) as caught:
        load_directory(council=council, feed=data)

    assert caught.value.problems == ["services[5].name: missing; every service needs a name"]
    assert snapshot() == before
    assert AuditEvent.objects.filter(action="directory.loaded").count() == 1


def test_loading_the_same_file_twice_changes_nothing() -> None:
    council = make_council()
    load_directory(council=council)
    before = snapshot()

    again = load_directory(council=council)

    assert again.summary == "0 services added, 0 changed, 7 unchanged, 0 withdrawn"
    assert snapshot() == before


def test_a_new_feed_updates_records_by_id_and_withdraws_services_it_leaves_out() -> None:
    council = make_council()
    load_directory(council=council)
    data = directory_feed()
    data["services"][1]["description"] = "Advice by phone and video."
    data["services"][1]["phones"][0]["number"] = "01632 960 299"
    dropped = data["services"].pop(4)

    loaded = load_directory(council=council, feed=data)

    assert loaded.summary == "0 services added, 1 changed, 5 unchanged, 1 withdrawn"
    advice = service_named(council, "Advice line")
    assert advice.description == "Advice by phone and video."
    assert advice.phones.get().number == "01632 960 299"
    assert Service.objects.get(hsds_id=dropped["id"]).status == ServiceStatus.DEFUNCT
    # Back in the next feed, it is published again.
    load_directory(council=council)
    assert Service.objects.get(hsds_id=dropped["id"]).status == ServiceStatus.ACTIVE


def test_two_councils_can_load_feeds_with_the_same_ids() -> None:
    home, other = make_council(), make_council()
    load_directory(council=home)
    data = directory_feed()
    data["services"][0]["name"] = "Other food bank"

    load_directory(council=other, feed=data)

    assert service_named(home, "Northbridge Food Bank parcels").council == home
    assert service_named(other, "Other food bank").council == other
    assert Service.objects.filter(council=home).count() == 7


def _team_leader(council: Any) -> Any:
    return make_membership(role=Role.TEAM_LEADER, council=council).user


def test_staff_add_a_service_with_a_new_organisation_and_needs() -> None:
    council = make_council()
    load_directory(council=council)
    actor = _team_leader(council)
    food = TaxonomyTerm.objects.get(council=council, name="Food")

    service = service_save(
        actor=actor,
        council=council,
        service=None,
        details=ServiceDetails(
            name="Community larder",
            description="Low-cost food club",
            url="https://larder.example",
            email="",
            status=ServiceStatus.ACTIVE,
            organization=None,
            new_organization_name="Eastgate Larder",
            taxonomy_terms=(food,),
        ),
    )

    assert service.source == ServiceSource.STAFF
    assert service.organization.name == "Eastgate Larder"
    assert list(service.taxonomy_terms.all()) == [food]
    assert AuditEvent.objects.filter(
        action="directory.service_added", subject_id=str(service.pk)
    ).exists()
    # A later feed load leaves a staff service alone.
    assert load_directory(council=council).withdrawn == 0
    assert Service.objects.get(pk=service.pk).status == ServiceStatus.ACTIVE


def test_what_staff_change_survives_the_next_feed_load() -> None:
    council = make_council()
    load_directory(council=council)
    actor = _team_leader(council)
    advice = service_named(council, "Advice line")

    service_save(
        actor=actor,
        council=council,
        service=advice,
        details=ServiceDetails(
            name="Advice line (Citizens Advice)",
            description=advice.description,
            url=advice.url,
            email=advice.email,
            status=advice.status,
            organization=advice.organization,
            taxonomy_terms=tuple(advice.taxonomy_terms.all()),
        ),
    )
    service_status_set(
        actor=actor,
        council=council,
        service=service_named(council, "Debt advice"),
        status="inactive",
    )
    data = copy.deepcopy(directory_feed())
    data["services"][1]["description"] = "New description from the feed."
    load_directory(council=council, feed=data)

    advice.refresh_from_db()
    assert advice.name == "Advice line (Citizens Advice)"
    assert advice.description == "New description from the feed."
    assert service_named(council, "Debt advice").status == ServiceStatus.INACTIVE
    assert AuditEvent.objects.filter(action="directory.service_changed").count() == 1
    assert AuditEvent.objects.filter(action="directory.service_status_set").count() == 1


def test_staff_without_the_directory_permission_cannot_change_it() -> None:
    council = make_council()
    load_directory(council=council)
    adviser = make_membership(role=Role.ADVISER, council=council).user

    with pytest.raises(NotPermitted):
        service_status_set(
            actor=adviser,
            council=council,
            service=service_named(council, "Debt advice"),
            status="inactive",
        )
    with pytest.raises(NotPermitted):
        directory_load(actor=adviser, council=council, data=directory_feed())


def test_a_service_cannot_be_given_another_councils_organisation() -> None:
    home, other = make_council(), make_council()
    load_directory(council=home)
    load_directory(council=other)
    foreign = Service.objects.filter(council=other).first()
    assert foreign is not None

    with pytest.raises(ServiceError, match="council's organisations"):
        service_save(
            actor=_team_leader(home),
            council=home,
            service=None,
            details=ServiceDetails(
                name="Sneaky",
                description="",
                url="",
                email="",
                status="active",
                organization=foreign.organization,
            ),
        )


def test_a_demo_council_gets_a_directory_in_its_own_postcode_area() -> None:
    from onestop.directory.models import Address
    from onestop.directory.sample_data.support_services import sample_directory_load

    council = make_council(name="Glenmoor Council", slug="glenmoor")

    loaded = sample_directory_load(council=council)

    assert loaded.added == 7
    assert service_named(council, "Glenmoor Food Bank parcels").status == ServiceStatus.ACTIVE
    assert all(a.postal_code.startswith("GM") for a in Address.objects.filter(council=council))
