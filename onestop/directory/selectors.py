"""Reading the council's directory: for staff pages, and for the published Open Referral API."""

import datetime
import math
from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from onestop.core.postcodes import normalise_postcode, postcode_district
from onestop.councils.models import Council
from onestop.directory.models import (
    Address,
    DirectoryLoad,
    DirectoryOrganization,
    Location,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)

EARTH_RADIUS_METRES = 6_371_000


def _words_match(queryset: QuerySet[Service], text: str, prefix: str = "") -> QuerySet[Service]:
    """Every word must appear in the service's name or description, its organisation's name,
    or one of its taxonomy terms."""
    for word in text.split():
        queryset = queryset.filter(
            Q(**{f"{prefix}name__icontains": word})
            | Q(**{f"{prefix}description__icontains": word})
            | Q(**{f"{prefix}organization__name__icontains": word})
            | Q(**{f"{prefix}taxonomy_terms__name__icontains": word})
        )
    return queryset.distinct()


# -- staff pages ---------------------------------------------------------------------------


def services_for_staff(*, council: Council, text: str = "", status: str = "") -> QuerySet[Service]:
    services = Service.objects.filter(council=council).select_related("organization")
    if status:
        services = services.filter(status=status)
    return _words_match(services, text) if text.strip() else services


def service_for_staff(*, council: Council, service_id: int) -> Service | None:
    return (
        Service.objects.filter(council=council, pk=service_id)
        .select_related("organization")
        .prefetch_related(
            "taxonomy_terms",
            "contacts__phones",
            "phones",
            "schedules",
            Prefetch(
                "at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                    "location__addresses"
                ),
            ),
        )
        .first()
    )


def organizations_of(*, council: Council) -> QuerySet[DirectoryOrganization]:
    return DirectoryOrganization.objects.filter(council=council)


def taxonomy_terms_of(*, council: Council) -> QuerySet[TaxonomyTerm]:
    return TaxonomyTerm.objects.filter(council=council).select_related("taxonomy", "parent")


def latest_load(*, council: Council) -> DirectoryLoad | None:
    return DirectoryLoad.objects.filter(council=council).first()


# -- the published directory -----------------------------------------------------------------


@dataclass(frozen=True)
class ServiceFilters:
    """The Open Referral UK API's filters; each one given narrows the results further."""

    text: str = ""
    taxonomy_term_id: str = ""
    taxonomy_id: str = ""
    organization_id: str = ""
    minimum_age: int | None = None
    maximum_age: int | None = None
    modified_after: datetime.datetime | None = None
    postcode: str = ""
    proximity_metres: float | None = None


class PostcodeNotPlaced(Exception):
    """No published location has the postcode, so there is no point to measure distance from."""


def published_services(*, council: Council) -> QuerySet[Service]:
    """The council's services the public may see: only active ones."""
    return Service.objects.filter(council=council, status=ServiceStatus.ACTIVE)


def published_service(*, council: Council, hsds_id: str) -> Service | None:
    return (
        published_services(council=council)
        .filter(hsds_id=hsds_id)
        .select_related("organization")
        .prefetch_related(
            "contacts__phones",
            "phones",
            "schedules",
            "attributes__taxonomy_term__taxonomy",
            Prefetch(
                "at_locations",
                queryset=ServiceAtLocation.objects.select_related("location").prefetch_related(
                    "location__addresses", "schedules"
                ),
            ),
        )
        .first()
    )


def _located_near(
    *, council: Council, postcode: str, proximity_metres: float | None
) -> QuerySet[Location]:
    """Locations in the postcode's district or, with a proximity, within that many metres of
    the postcode. The postcode is placed at the middle of the council's own located addresses
    with that postcode, as no postcode look-up is available offline."""
    locations = Location.objects.filter(council=council)
    if proximity_metres is None:
        district = postcode_district(postcode)
        return locations.filter(addresses__postal_code__startswith=f"{district} ").distinct()
    placed = Location.objects.filter(
        council=council,
        addresses__postal_code=normalise_postcode(postcode),
        latitude__isnull=False,
        longitude__isnull=False,
    ).values_list("latitude", "longitude")
    points = [(float(lat or 0), float(lon or 0)) for lat, lon in placed]
    if not points:
        raise PostcodeNotPlaced(postcode)
    latitude = sum(point[0] for point in points) / len(points)
    longitude = sum(point[1] for point in points) / len(points)
    near = [
        location.pk
        for location in locations.filter(latitude__isnull=False, longitude__isnull=False)
        if _metres_between(latitude, longitude, location.latitude, location.longitude)
        <= proximity_metres
    ]
    return locations.filter(pk__in=near)


def _metres_between(lat1: float, lon1: float, lat2: float | None, lon2: float | None) -> float:
    assert lat2 is not None
    assert lon2 is not None
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = math.radians(lat2 - lat1), math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(a))


def service_search(*, council: Council, filters: ServiceFilters) -> QuerySet[Service]:
    """Published services matching every filter given, in name order."""
    services = published_services(council=council)
    if filters.text.strip():
        services = _words_match(services, filters.text)
    if filters.taxonomy_term_id:
        services = services.filter(taxonomy_terms__hsds_id=filters.taxonomy_term_id)
    if filters.taxonomy_id:
        services = services.filter(taxonomy_terms__taxonomy__hsds_id=filters.taxonomy_id)
    if filters.organization_id:
        services = services.filter(organization__hsds_id=filters.organization_id)
    if filters.minimum_age is not None:
        services = services.filter(minimum_age__gte=filters.minimum_age)
    if filters.maximum_age is not None:
        services = services.filter(maximum_age__lte=filters.maximum_age)
    if filters.modified_after is not None:
        services = services.filter(last_modified__gte=filters.modified_after)
    if filters.postcode:
        near = _located_near(
            council=council, postcode=filters.postcode, proximity_metres=filters.proximity_metres
        )
        services = services.filter(at_locations__location__in=near)
    return services.distinct().select_related("organization").order_by("name", "hsds_id")


def service_at_location_search(
    *, council: Council, filters: ServiceFilters
) -> QuerySet[ServiceAtLocation]:
    """Where the published services matching the filters are given, in service name order."""
    services = service_search(council=council, filters=filters)
    at_locations = ServiceAtLocation.objects.filter(council=council, service__in=services)
    if filters.postcode:
        at_locations = at_locations.filter(
            location__in=_located_near(
                council=council,
                postcode=filters.postcode,
                proximity_metres=filters.proximity_metres,
            )
        )
    return (
        at_locations.select_related("service__organization", "location")
        .prefetch_related(
            Prefetch("location__addresses", queryset=Address.objects.order_by("hsds_id"))
        )
        .order_by("service__name", "hsds_id")
    )


def published_service_at_location(*, council: Council, hsds_id: str) -> ServiceAtLocation | None:
    return (
        ServiceAtLocation.objects.filter(
            council=council, hsds_id=hsds_id, service__status=ServiceStatus.ACTIVE
        )
        .select_related("location")
        .first()
    )


def taxonomies_published(*, council: Council) -> QuerySet[Taxonomy]:
    return Taxonomy.objects.filter(council=council).order_by("name", "hsds_id")


def taxonomy_terms_published(*, council: Council, taxonomy_id: str = "") -> QuerySet[TaxonomyTerm]:
    terms = TaxonomyTerm.objects.filter(council=council).select_related("taxonomy", "parent")
    if taxonomy_id:
        terms = terms.filter(taxonomy__hsds_id=taxonomy_id)
    return terms.order_by("name", "hsds_id")
