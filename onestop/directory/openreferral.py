"""The council's directory, published read-only in the Open Referral UK API profile (HSDS 3).

Open to anyone, with no key, as the profile requires; every response (errors too) carries
`Access-Control-Allow-Origin: *` so that service finders running in a browser can use it. Only
the council's own active services, and where they are given, are published.

Lists are paginated as the profile says: `total_items`, `total_pages`, `page_number`, `size`,
`first_page`, `last_page`, `empty`, then `contents`. Pages count from 1; `per_page` defaults to
50, at most 500.
"""

import datetime
import json
import math
import re
from collections.abc import Callable, Iterable
from functools import wraps
from typing import Any, TypeVar

from django.db.models import Model, QuerySet
from django.http import HttpRequest, HttpResponse
from django.urls import reverse

from onestop.core.postcodes import is_postcode
from onestop.core.problems import ProblemError, problem_response
from onestop.councils.models import Council
from onestop.councils.selectors import council_by_slug
from onestop.directory.models import (
    Address,
    Attribute,
    Contact,
    DirectoryOrganization,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    Taxonomy,
    TaxonomyTerm,
)
from onestop.directory.selectors import (
    WEEKDAYS,
    PostcodeNotPlaced,
    ServiceFilters,
    published_service,
    published_service_at_location,
    service_at_location_search,
    service_search,
    taxonomies_published,
    taxonomy_terms_published,
)

HSDS_VERSION = "3.0"
PROFILE_URL = "https://openreferraluk.org/"
DEFAULT_PER_PAGE = 50
MAX_PER_PAGE = 500
CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    "Access-Control-Allow-Headers": "Content-Type",
}

Json = dict[str, Any]
M = TypeVar("M", bound=Model)


# -- serialisers: HSDS 3 objects, optional fields left out when empty ---------------------------


def _compact(record: Json, *, keep: Iterable[str]) -> Json:
    """The record without empty optional fields: HSDS types them as strings or numbers, never
    null, so an absent value is left out. Fields in `keep` are required and always there."""
    required = set(keep)
    return {
        name: value
        for name, value in record.items()
        if name in required or value not in (None, "", [])
    }


def _date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value else None


def _time(value: datetime.time | None) -> str | None:
    return value.strftime("%H:%M:%S") if value else None


def organization_json(org: DirectoryOrganization) -> Json:
    return _compact(
        {
            "id": org.hsds_id,
            "name": org.name,
            "alternate_name": org.alternate_name,
            "description": org.description,
            "email": org.email,
            "website": org.website,
        },
        keep=("id", "name", "description"),
    )


def taxonomy_json(taxonomy: Taxonomy) -> Json:
    return _compact(
        {
            "id": taxonomy.hsds_id,
            "name": taxonomy.name,
            "description": taxonomy.description,
            "uri": taxonomy.uri,
            "version": taxonomy.version,
        },
        keep=("id", "name", "description"),
    )


def taxonomy_term_json(term: TaxonomyTerm) -> Json:
    taxonomy = term.taxonomy
    return _compact(
        {
            "id": term.hsds_id,
            "code": term.code,
            "name": term.name,
            "description": term.description,
            "parent_id": term.parent.hsds_id if term.parent else None,
            "taxonomy": taxonomy.name if taxonomy else term.taxonomy_name,
            "taxonomy_id": taxonomy.hsds_id if taxonomy else None,
            "taxonomy_detail": taxonomy_json(taxonomy) if taxonomy else None,
            "term_uri": term.term_uri,
            "language": term.language,
        },
        keep=("id", "name", "description", "taxonomy"),
    )


def attribute_json(attribute: Attribute, service: Service) -> Json:
    return _compact(
        {
            "id": attribute.hsds_id,
            "link_id": service.hsds_id,
            "link_type": attribute.link_type,
            "link_entity": "service",
            "taxonomy_term_id": attribute.taxonomy_term.hsds_id,
            "value": attribute.value,
            "label": attribute.label,
            "taxonomy_term": taxonomy_term_json(attribute.taxonomy_term),
        },
        keep=("id", "taxonomy_term_id"),
    )


def phone_json(phone: Phone) -> Json:
    return _compact(
        {
            "id": phone.hsds_id,
            "number": phone.number,
            "extension": phone.extension,
            "type": phone.type,
            "description": phone.description,
        },
        keep=("id", "number"),
    )


def contact_json(contact: Contact) -> Json:
    return _compact(
        {
            "id": contact.hsds_id,
            "name": contact.name,
            "title": contact.title,
            "department": contact.department,
            "email": contact.email,
            "phones": [phone_json(phone) for phone in contact.phones.all()],
        },
        keep=("id", "phones"),
    )


def schedule_json(schedule: Schedule) -> Json:
    return _compact(
        {
            "id": schedule.hsds_id,
            "valid_from": _date(schedule.valid_from),
            "valid_to": _date(schedule.valid_to),
            "dtstart": _date(schedule.dtstart),
            "freq": schedule.freq,
            "interval": schedule.interval,
            "byday": schedule.byday,
            "bymonthday": schedule.bymonthday,
            "opens_at": _time(schedule.opens_at),
            "closes_at": _time(schedule.closes_at),
            "description": schedule.description,
            "schedule_link": schedule.schedule_link,
            "attending_type": schedule.attending_type,
            "notes": schedule.notes,
        },
        keep=("id",),
    )


def address_json(address: Address, location: Location) -> Json:
    return _compact(
        {
            "id": address.hsds_id,
            "location_id": location.hsds_id,
            "attention": address.attention,
            "address_1": address.address_1,
            "address_2": address.address_2,
            "city": address.city,
            "region": address.region,
            "state_province": address.state_province,
            "postal_code": address.postal_code,
            "country": address.country,
            "address_type": address.address_type,
        },
        keep=(
            "id",
            "address_1",
            "city",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ),
    )


def location_json(location: Location) -> Json:
    return _compact(
        {
            "id": location.hsds_id,
            "location_type": location.location_type,
            "url": location.url,
            "name": location.name,
            "alternate_name": location.alternate_name,
            "description": location.description,
            "transportation": location.transportation,
            "latitude": location.latitude,
            "longitude": location.longitude,
            "external_identifier": location.external_identifier,
            "external_identifier_type": location.external_identifier_type,
            "addresses": [address_json(a, location) for a in location.addresses.all()],
        },
        keep=("id", "location_type", "addresses"),
    )


def _service_url(request: HttpRequest, council: Council, service: Service) -> str:
    """The profile requires a url for every service: its own web page, else its organisation's,
    else its address in this API."""
    return (
        service.url
        or service.organization.website
        or request.build_absolute_uri(
            reverse(
                "openreferral:service",
                kwargs={"council_slug": council.slug, "service_id": service.hsds_id},
            )
        )
    )


def service_list_json(request: HttpRequest, council: Council, service: Service) -> Json:
    """A service's own fields and its organisation, as the lists give them."""
    return _compact(
        {
            "id": service.hsds_id,
            "organization_id": service.organization.hsds_id,
            "name": service.name,
            "alternate_name": service.alternate_name,
            "description": service.description,
            "url": _service_url(request, council, service),
            "email": service.email,
            "status": service.status,
            "interpretation_services": service.interpretation_services,
            "application_process": service.application_process,
            "fees_description": service.fees_description,
            "eligibility_description": service.eligibility_description,
            "minimum_age": service.minimum_age,
            "maximum_age": service.maximum_age,
            "assured_date": _date(service.assured_date),
            "assurer_email": service.assurer_email,
            "alert": service.alert,
            "last_modified": service.last_modified.isoformat(timespec="milliseconds"),
            "organization": organization_json(service.organization),
        },
        keep=("id", "name", "status", "url"),
    )


def service_at_location_json(at: ServiceAtLocation, service: Service) -> Json:
    return _compact(
        {
            "id": at.hsds_id,
            "service_id": service.hsds_id,
            "location_id": at.location.hsds_id,
            "description": at.description,
            "location": location_json(at.location),
            "schedules": [schedule_json(s) for s in at.schedules.all()],
        },
        keep=("id",),
    )


def service_full_json(request: HttpRequest, council: Council, service: Service) -> Json:
    """A service with everything about it nested, as `/services/{id}` gives it."""
    schedules = [s for s in service.schedules.all() if s.service_at_location_id is None]
    phones = [p for p in service.phones.all() if p.contact_id is None]
    return {
        **service_list_json(request, council, service),
        "service_at_locations": [
            service_at_location_json(at, service) for at in service.at_locations.all()
        ],
        "contacts": [contact_json(c) for c in service.contacts.all()],
        "phones": [phone_json(p) for p in phones],
        "schedules": [schedule_json(s) for s in schedules],
        "attributes": [attribute_json(a, service) for a in service.attributes.all()],
    }


def service_at_location_list_json(
    request: HttpRequest, council: Council, at: ServiceAtLocation
) -> Json:
    return {
        **service_at_location_json(at, at.service),
        "service": service_list_json(request, council, at.service),
    }


# -- the endpoints ---------------------------------------------------------------------------


def _json(body: Json, *, status: int = 200) -> HttpResponse:
    return HttpResponse(
        json.dumps(body, ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


def _bad_request(detail: str) -> ProblemError:
    return ProblemError(status=400, title="Bad Request", detail=detail)


def _not_found(detail: str) -> ProblemError:
    return ProblemError(status=404, title="Not Found", detail=detail)


Endpoint = Callable[..., HttpResponse]


def open_endpoint(view: Callable[..., Json]) -> Endpoint:
    """A read-only, keyless endpoint for the council the address names: GET (and HEAD) answer
    JSON; OPTIONS answers a browser's preflight; errors are problem details. All with CORS."""

    @wraps(view)
    def endpoint(request: HttpRequest, council_slug: str, **kwargs: Any) -> HttpResponse:
        if request.method == "OPTIONS":
            response = HttpResponse(status=204)
        elif request.method not in ("GET", "HEAD"):
            response = problem_response(
                ProblemError(
                    status=405,
                    title="Method Not Allowed",
                    detail="This directory is read-only: use GET.",
                    headers={"Allow": "GET, HEAD, OPTIONS"},
                )
            )
        else:
            council = council_by_slug(slug=council_slug)
            try:
                if council is None:
                    raise _not_found(f"There is no council called {council_slug} here.")
                response = _json(view(request, council, **kwargs))
            except ProblemError as error:
                response = problem_response(error)
        for name, value in CORS_HEADERS.items():
            response[name] = value
        return response

    return endpoint


def _whole_number(
    request: HttpRequest, name: str, *, default: int, lowest: int, highest: int
) -> int:
    text = request.GET.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or not lowest <= int(text) <= highest:
        raise _bad_request(f"{name} must be a whole number from {lowest} to {highest}.")
    return int(text)


def _paginated(request: HttpRequest, items: QuerySet[M], serialise: Callable[[M], Json]) -> Json:
    page = _whole_number(request, "page", default=1, lowest=1, highest=1_000_000)
    per_page = _whole_number(
        request, "per_page", default=DEFAULT_PER_PAGE, lowest=1, highest=MAX_PER_PAGE
    )
    total = items.count()
    start = (page - 1) * per_page
    contents = [serialise(item) for item in items[start : start + per_page]]
    total_pages = math.ceil(total / per_page)
    return {
        "total_items": total,
        "total_pages": total_pages,
        "page_number": page,
        "size": len(contents),
        "first_page": page == 1,
        "last_page": page >= total_pages,
        "empty": not contents,
        "contents": contents,
    }


# A weekday by its RFC 5545 code or its English name, in any case.
DAY_NAMES = ("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY")
DAYS = {**{code: code for code in WEEKDAYS}, **dict(zip(DAY_NAMES, WEEKDAYS, strict=True))}
TIME_OF_DAY = re.compile(r"^([01]?[0-9]|2[0-3]):([0-5][0-9])(?::([0-5][0-9]))?$")


def _time_of_day(request: HttpRequest, name: str) -> datetime.time | None:
    """A time of day as HH:MM; HH:MM:SS too, as this API writes opens_at and closes_at."""
    text = request.GET.get(name, "").strip()
    if not text:
        return None
    match = TIME_OF_DAY.match(text)
    if not match:
        raise _bad_request(f"{name} must be a time of day, like 09:30.")
    hour, minute, second = match.groups()
    return datetime.time(int(hour), int(minute), int(second or 0))


def _filters(request: HttpRequest) -> ServiceFilters:
    query = request.GET
    modified_after = None
    if query.get("modified_after"):
        try:
            modified_after = datetime.datetime.fromisoformat(
                query["modified_after"].strip().replace("Z", "+00:00")
            )
        except ValueError:
            raise _bad_request(
                "modified_after must be a date and time, like 2026-04-01T09:00:00Z."
            ) from None
        if modified_after.tzinfo is None:
            modified_after = modified_after.replace(tzinfo=datetime.UTC)
    postcode = query.get("postcode", "").strip()
    if postcode and not is_postcode(postcode):
        raise _bad_request("postcode must be a UK postcode, like CF10 1EP.")
    proximity = None
    if query.get("proximity", "").strip():
        if not postcode:
            raise _bad_request("proximity needs a postcode to measure from.")
        try:
            proximity = float(query["proximity"])
        except ValueError:
            raise _bad_request("proximity must be a distance in metres, like 2000.") from None
        if not 0 < proximity <= 1_000_000:
            raise _bad_request("proximity must be a distance in metres, like 2000.")
    ages = {
        name: _whole_number(request, name, default=-1, lowest=0, highest=150)
        for name in ("minimum_age", "maximum_age")
    }
    day = query.get("day", "").strip().upper()
    if day and day not in DAYS:
        raise _bad_request("day must be a day of the week, like MO or Monday.")
    return ServiceFilters(
        # `search` is the profile's name for it; `text` was the earlier UK API's.
        text=query.get("search", "") or query.get("text", ""),
        taxonomy_term_id=query.get("taxonomy_term_id", "").strip(),
        taxonomy_id=query.get("taxonomy_id", "").strip(),
        organization_id=query.get("organization_id", "").strip(),
        minimum_age=None if ages["minimum_age"] < 0 else ages["minimum_age"],
        maximum_age=None if ages["maximum_age"] < 0 else ages["maximum_age"],
        modified_after=modified_after,
        postcode=postcode,
        proximity_metres=proximity,
        day=DAYS.get(day, ""),
        start_time=_time_of_day(request, "start_time"),
        end_time=_time_of_day(request, "end_time"),
    )


def _placed(run: Callable[[], Json], postcode: str) -> Json:
    try:
        return run()
    except PostcodeNotPlaced:
        raise _bad_request(
            f"No service in this directory is at {postcode}, so distances cannot be measured "
            "from it. Leave out proximity to find services in the postcode's district."
        ) from None


@open_endpoint
def api_root(request: HttpRequest, council: Council) -> Json:
    return {
        "version": HSDS_VERSION,
        "profile": PROFILE_URL,
        "openapi_url": "https://raw.githubusercontent.com/openreferral/uk-profile/main/schema/openapi.json",
    }


@open_endpoint
def services(request: HttpRequest, council: Council) -> Json:
    filters = _filters(request)
    full = request.GET.get("full", "").lower() in ("true", "1", "yes")

    def page() -> Json:
        found = service_search(council=council, filters=filters)
        if full:

            def whole(listed: Service) -> Json:
                nested = published_service(council=council, hsds_id=listed.hsds_id)
                assert nested is not None
                return service_full_json(request, council, nested)

            return _paginated(request, found, whole)
        return _paginated(request, found, lambda s: service_list_json(request, council, s))

    return _placed(page, filters.postcode)


@open_endpoint
def service(request: HttpRequest, council: Council, service_id: str) -> Json:
    found = published_service(council=council, hsds_id=service_id)
    if found is None:
        raise _not_found(f"There is no published service with id {service_id}.")
    return service_full_json(request, council, found)


@open_endpoint
def service_at_locations(request: HttpRequest, council: Council) -> Json:
    filters = _filters(request)
    return _placed(
        lambda: _paginated(
            request,
            service_at_location_search(council=council, filters=filters),
            lambda at: service_at_location_list_json(request, council, at),
        ),
        filters.postcode,
    )


@open_endpoint
def service_at_location(
    request: HttpRequest, council: Council, service_at_location_id: str
) -> Json:
    found = published_service_at_location(council=council, hsds_id=service_at_location_id)
    if found is None:
        raise _not_found(
            f"There is no published service_at_location with id {service_at_location_id}."
        )
    nested = published_service(council=council, hsds_id=found.service.hsds_id)
    assert nested is not None
    at = next(at for at in nested.at_locations.all() if at.pk == found.pk)
    return {
        **service_at_location_json(at, nested),
        "service": service_full_json(request, council, nested),
    }


@open_endpoint
def taxonomies(request: HttpRequest, council: Council) -> Json:
    return _paginated(request, taxonomies_published(council=council), taxonomy_json)


@open_endpoint
def taxonomy(request: HttpRequest, council: Council, taxonomy_id: str) -> Json:
    found = taxonomies_published(council=council).filter(hsds_id=taxonomy_id).first()
    if found is None:
        raise _not_found(f"There is no taxonomy with id {taxonomy_id}.")
    return taxonomy_json(found)


@open_endpoint
def taxonomy_terms(request: HttpRequest, council: Council) -> Json:
    terms = taxonomy_terms_published(
        council=council, taxonomy_id=request.GET.get("taxonomy_id", "").strip()
    )
    return _paginated(request, terms, taxonomy_term_json)


@open_endpoint
def taxonomy_term(request: HttpRequest, council: Council, taxonomy_term_id: str) -> Json:
    found = taxonomy_terms_published(council=council).filter(hsds_id=taxonomy_term_id).first()
    if found is None:
        raise _not_found(f"There is no taxonomy term with id {taxonomy_term_id}.")
    return taxonomy_term_json(found)
