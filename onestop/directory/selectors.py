"""Reading the council's directory: for staff pages, and for the published Open Referral API."""

import datetime
import math
from dataclasses import dataclass

from django.db.models import Exists, F, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from onestop.core.postcodes import normalise_postcode, postcode_district
from onestop.councils.models import Council
from onestop.directory.models import (
    Address,
    DirectoryLoad,
    DirectoryOrganization,
    Location,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)

EARTH_RADIUS_METRES = 6_371_000
# RFC 5545's weekday codes, Monday first, as ISO 8601 numbers the days from 1.
WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


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
    # Opening times: `day` is a weekday code from WEEKDAYS; times are compared as times of day.
    day: str = ""
    start_time: datetime.time | None = None
    end_time: datetime.time | None = None

    @property
    def by_schedule(self) -> bool:
        return bool(self.day) or self.start_time is not None or self.end_time is not None


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


def _schedules_open(
    *, council: Council, filters: ServiceFilters, today: datetime.date
) -> QuerySet[Schedule]:
    """Schedules in force today that cover the day asked for and fit the times asked for.

    The UK profile defines the times as the service's: `start_time` finds services that open at
    or after it, `end_time` services that close at or before it; so together they find
    sessions that lie within the period asked for. A session's day is in its `byday`
    (RFC 5545, such as "MO,WE" or "1MO" for the first Monday of a month); a schedule with no
    `byday` is every day if it is daily, or the weekday of its `dtstart` if it is weekly. A
    session past midnight (closing before it opens) is found by a period past midnight."""
    schedules = Schedule.objects.filter(
        Q(valid_from__isnull=True) | Q(valid_from__lte=today),
        Q(valid_to__isnull=True) | Q(valid_to__gte=today),
        council=council,
    )
    if filters.day:
        # index() refuses anything but a weekday code, so nothing else reaches the pattern.
        iso_weekday = WEEKDAYS.index(filters.day) + 1
        schedules = schedules.filter(
            # A whole item of the list, so that "MO" never matches part of another word.
            Q(byday__iregex=rf"(^|,)\s*[+-]?[0-9]{{0,2}}{filters.day}\s*(,|$)")
            | Q(byday="", freq__iexact="daily")
            | Q(byday="", freq__iexact="weekly", dtstart__iso_week_day=iso_weekday)
        )
    if filters.start_time is not None:
        schedules = schedules.filter(opens_at__gte=filters.start_time)
    if filters.end_time is not None:
        schedules = schedules.filter(closes_at__lte=filters.end_time)
    start, end = filters.start_time, filters.end_time
    if start is not None and end is not None and start <= end:
        # A period within one day cannot hold a session that runs past midnight, though it
        # opens after the start and closes before the end as times of day.
        schedules = schedules.filter(opens_at__lte=F("closes_at"))
    return schedules


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
    if filters.by_schedule:
        # One schedule must match all the opening filters given; a service_at_location's
        # schedules belong to its service too, so they are among these.
        open_then = _schedules_open(council=council, filters=filters, today=timezone.localdate())
        services = services.filter(Exists(open_then.filter(service=OuterRef("pk"))))
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
