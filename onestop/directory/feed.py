"""Reading an Open Referral UK (HSDS 3) JSON feed export, checked whole before anything is saved.

A feed is a list of fully nested services (each with its organization, service_at_locations and
their locations, contacts, phones, schedules and attributes with their taxonomy terms), or an
object whose `services` (or `contents`, as the API's pages have it) holds that list. The object
may also carry flat `organizations`, `locations`, `taxonomies` and `taxonomy_terms` lists that
services refer to by id (`organization_id`, `location_id`, `taxonomy_term_id`).

Every problem is reported with where it is and what to do, for example
`services[3].name: missing; every service needs a name`; a file with any problem is refused.
"""

import datetime
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from onestop.core.postcodes import is_postcode, normalise_postcode

# Enough to fix a file by; a count says how many more there were.
PROBLEMS_KEPT = 100
ID_MAX_LENGTH = 250
SERVICE_STATUSES = ("active", "inactive", "defunct", "temporarily closed")
LOCATION_TYPES = ("physical", "postal", "virtual")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
URL = re.compile(r"^https?://[^\s/$.?#][^\s]*$", re.IGNORECASE)
TIME = re.compile(r"^([01]\d|2[0-3]):([0-5]\d)(:([0-5]\d)(\.\d+)?)?(Z|[+-]\d\d:?\d\d)?$")

Record = dict[str, Any]


class FeedRefused(Exception):
    """The file cannot be loaded; `problems` lists each thing to fix, in file order."""

    def __init__(self, problems: list[str], *, hidden: int = 0) -> None:
        self.problems = problems
        self.hidden = hidden
        count = len(problems) + hidden
        self.message = (
            problems[0]
            if count == 1
            else f"The file has {count} problems, so nothing was loaded. The first: {problems[0]}"
        )
        super().__init__(self.message)


@dataclass
class Feed:
    """A checked feed: shared records by id, and the services with their own records nested."""

    organizations: dict[str, Record] = field(default_factory=dict)
    locations: dict[str, Record] = field(default_factory=dict)
    taxonomies: dict[str, Record] = field(default_factory=dict)
    taxonomy_terms: dict[str, Record] = field(default_factory=dict)
    services: list[Record] = field(default_factory=list)


# Each field: (kind, longest, required message or ""). Kinds are below in _CHECKS.
Spec = dict[str, tuple[str, int, str]]

ORGANIZATION: Spec = {
    "name": ("text", 300, "every organization needs a name"),
    "alternate_name": ("text", 300, ""),
    "description": ("text", 0, ""),
    "email": ("email", 254, ""),
    "website": ("url", 500, ""),
}
SERVICE: Spec = {
    "name": ("text", 300, "every service needs a name"),
    "status": (
        "service_status",
        20,
        "every service needs a status: active, inactive, defunct or temporarily closed",
    ),
    "alternate_name": ("text", 300, ""),
    "description": ("text", 0, ""),
    "url": ("url", 500, ""),
    "email": ("email", 254, ""),
    "interpretation_services": ("text", 0, ""),
    "application_process": ("text", 0, ""),
    "fees_description": ("text", 0, ""),
    "eligibility_description": ("text", 0, ""),
    "minimum_age": ("age", 0, ""),
    "maximum_age": ("age", 0, ""),
    "assured_date": ("date", 0, ""),
    "assurer_email": ("email", 254, ""),
    "alert": ("text", 0, ""),
    "last_modified": ("datetime", 0, ""),
}
LOCATION: Spec = {
    "location_type": ("location_type", 10, ""),
    "name": ("text", 300, ""),
    "alternate_name": ("text", 300, ""),
    "description": ("text", 0, ""),
    "transportation": ("text", 0, ""),
    "latitude": ("latitude", 0, ""),
    "longitude": ("longitude", 0, ""),
    "external_identifier": ("text", 100, ""),
    "external_identifier_type": ("text", 50, ""),
    "url": ("url", 500, ""),
}
ADDRESS: Spec = {
    "address_1": ("text", 300, "every address needs its first line"),
    "city": ("text", 200, "every address needs a town or city"),
    "postal_code": ("postcode", 20, "every address needs a postcode"),
    "attention": ("text", 200, ""),
    "address_2": ("text", 300, ""),
    "region": ("text", 200, ""),
    "state_province": ("text", 200, ""),
    "country": ("country", 2, ""),
    "address_type": ("location_type", 10, ""),
}
SERVICE_AT_LOCATION: Spec = {"description": ("text", 0, "")}
TAXONOMY: Spec = {
    "name": ("text", 300, "every taxonomy needs a name"),
    "description": ("text", 0, ""),
    "uri": ("url", 500, ""),
    "version": ("text", 50, ""),
}
TAXONOMY_TERM: Spec = {
    "name": ("text", 300, "every taxonomy term needs a name"),
    "code": ("text", 100, ""),
    "description": ("text", 0, ""),
    "taxonomy": ("text", 300, ""),
    "term_uri": ("url", 500, ""),
    "language": ("text", 10, ""),
}
ATTRIBUTE: Spec = {
    "link_type": ("text", 100, ""),
    "value": ("text", 300, ""),
    "label": ("text", 300, ""),
}
CONTACT: Spec = {
    "name": ("text", 200, ""),
    "title": ("text", 200, ""),
    "department": ("text", 200, ""),
    "email": ("email", 254, ""),
}
PHONE: Spec = {
    "number": ("text", 50, "every phone needs a number"),
    "extension": ("text", 20, ""),
    "type": ("text", 20, ""),
    "description": ("text", 0, ""),
}
SCHEDULE: Spec = {
    "valid_from": ("date", 0, ""),
    "valid_to": ("date", 0, ""),
    "dtstart": ("date", 0, ""),
    "freq": ("text", 10, ""),
    "interval": ("age", 0, ""),
    "byday": ("text", 50, ""),
    "bymonthday": ("text", 100, ""),
    "opens_at": ("time", 0, ""),
    "closes_at": ("time", 0, ""),
    "description": ("text", 0, ""),
    "schedule_link": ("url", 500, ""),
    "attending_type": ("text", 200, ""),
    "notes": ("text", 0, ""),
}


class _Bad(ValueError):
    """A value that is the wrong kind; the message says what to give instead."""


def _text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise _Bad("must be text")
    return str(value).strip()


def _email(value: Any) -> str:
    text = _text(value)
    if text and not EMAIL.match(text):
        raise _Bad(f'"{text}" is not an email address; give one like help@example.org')
    return text


def _url(value: Any) -> str:
    text = _text(value)
    if text and not URL.match(text):
        raise _Bad(f'"{text}" is not a web address; give the whole address, starting https://')
    return text


def _number(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise _Bad("must be a number")
    try:
        return float(value)
    except ValueError:
        raise _Bad(f'"{value}" is not a number') from None


def _age(value: Any) -> int:
    number = _number(value)
    if number != int(number) or not 0 <= number <= 150:
        raise _Bad(f"{value} is not a whole number from 0 to 150")
    return int(number)


def _latitude(value: Any) -> float:
    number = _number(value)
    if not -90 <= number <= 90:
        raise _Bad(f"{value} is not a latitude: give degrees from -90 to 90 (WGS84)")
    return number


def _longitude(value: Any) -> float:
    number = _number(value)
    if not -180 <= number <= 180:
        raise _Bad(f"{value} is not a longitude: give degrees from -180 to 180 (WGS84)")
    return number


def _date(value: Any) -> datetime.date:
    text = _text(value)
    try:
        return datetime.date.fromisoformat(text[:10])
    except ValueError:
        raise _Bad(f'"{text}" is not a date; write dates as 2026-04-01') from None


def _datetime(value: Any) -> datetime.datetime:
    text = _text(value)
    try:
        moment = datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise _Bad(f'"{text}" is not a date and time; write it as 2026-04-01T09:30:00Z') from None
    return moment if moment.tzinfo else moment.replace(tzinfo=datetime.UTC)


def _time(value: Any) -> datetime.time:
    text = _text(value)
    match = TIME.match(text)
    if not match:
        raise _Bad(f'"{text}" is not a time of day; write it as 09:30 or 09:30:00')
    return datetime.time(int(match.group(1)), int(match.group(2)), int(match.group(4) or 0))


def _one_of(choices: tuple[str, ...]) -> Callable[[Any], str]:
    def check(value: Any) -> str:
        text = _text(value).lower()
        if text not in choices:
            raise _Bad(f'"{value}" is not one of: {", ".join(choices)}')
        return text

    return check


def _postcode(value: Any) -> str:
    text = _text(value)
    # Services just over the border, or online, may have an address outside the UK's format.
    return normalise_postcode(text) if is_postcode(text) else text


def _country(value: Any) -> str:
    text = _text(value).upper()
    if not re.fullmatch(r"[A-Z]{2}", text):
        raise _Bad(f'"{value}" is not a two-letter country code (ISO 3166-1), like GB')
    return text


_CHECKS: dict[str, Callable[[Any], Any]] = {
    "text": _text,
    "email": _email,
    "url": _url,
    "age": _age,
    "latitude": _latitude,
    "longitude": _longitude,
    "date": _date,
    "datetime": _datetime,
    "time": _time,
    "service_status": _one_of(SERVICE_STATUSES),
    "location_type": _one_of(LOCATION_TYPES),
    "postcode": _postcode,
    "country": _country,
}
_EMPTY: dict[str, Any] = {"text": "", "email": "", "url": "", "postcode": "", "country": "GB"}


class _Reader:
    """Walks the file once, keeping every problem with its path."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.hidden = 0
        self.feed = Feed()
        # Where each child record's id was first seen, by kind: ids are unique in a feed.
        self.seen: dict[str, dict[str, str]] = {}
        # References to check once every shared record has been read: (path, kind, id).
        self.references: list[tuple[str, str, str]] = []
        # Where each shared record (an organization, a location ...) was first seen, by kind.
        self.first_at: dict[str, dict[str, str]] = {
            "organization": {},
            "location": {},
            "taxonomy": {},
            "taxonomy_term": {},
        }

    def problem(self, path: str, what: str) -> None:
        if len(self.problems) < PROBLEMS_KEPT:
            self.problems.append(f"{path}: {what}")
        else:
            self.hidden += 1

    def record(self, value: Any, path: str, spec: Spec, noun: str) -> Record | None:
        """The record's fields cleaned, with its id; None (and problems) if it is not usable."""
        if not isinstance(value, dict):
            self.problem(path, f"must be an object (a {noun} in curly brackets)")
            return None
        cleaned: Record = {"id": self.identifier(value.get("id"), f"{path}.id", noun)}
        for name, (kind, longest, required) in spec.items():
            raw = value.get(name)
            if raw is None or raw == "":
                if required:
                    self.problem(f"{path}.{name}", f"missing; {required}")
                cleaned[name] = _EMPTY.get(kind)
                continue
            try:
                clean = _CHECKS[kind](raw)
            except _Bad as bad:
                self.problem(f"{path}.{name}", str(bad))
                cleaned[name] = _EMPTY.get(kind)
                continue
            if longest and isinstance(clean, str) and len(clean) > longest:
                self.problem(
                    f"{path}.{name}",
                    f"is {len(clean)} characters long; it can be at most {longest}",
                )
            if required and clean == "":
                self.problem(f"{path}.{name}", f"missing; {required}")
            cleaned[name] = clean
        return cleaned if cleaned["id"] else None

    def identifier(self, value: Any, path: str, noun: str) -> str:
        if value is None or value == "":
            self.problem(path, f"missing; every {noun} needs an id, unique in the file")
            return ""
        if isinstance(value, bool) or not isinstance(value, str | int):
            self.problem(path, "must be text, such as a UUID")
            return ""
        text = str(value).strip()
        if len(text) > ID_MAX_LENGTH:
            self.problem(path, f"is {len(text)} characters long; ids can be at most 250")
            return ""
        return text

    def items(self, parent: dict[str, Any], name: str, path: str) -> list[tuple[str, Any]]:
        value = parent.get(name)
        if value is None:
            return []
        if not isinstance(value, list):
            self.problem(f"{path}.{name}", "must be a list (in square brackets)")
            return []
        return [(f"{path}.{name}[{index}]", item) for index, item in enumerate(value)]

    def unique(self, kind: str, record_id: str, path: str) -> bool:
        """Whether this is the first time a child record's id appears in the file."""
        first = self.seen.setdefault(kind, {}).setdefault(record_id, path)
        if first != path:
            self.problem(
                f"{path}.id", f'"{record_id}" is already the id of {first}; ids must be unique'
            )
            return False
        return True

    def shared(
        self,
        pool: dict[str, Record],
        record: Record,
        path: str,
        noun: str,
        first_at: dict[str, str],
    ) -> None:
        """A record that may appear in many places (an organization, a location): the same each
        time, or the file contradicts itself."""
        existing = pool.get(record["id"])
        if existing is None:
            pool[record["id"]] = record
            first_at[record["id"]] = path
        elif existing != record:
            self.problem(
                path,
                f'the {noun} with id "{record["id"]}" differs from the one at '
                f"{first_at[record['id']]}; give it the same details each time",
            )

    # -- the parts of a feed -------------------------------------------------------------------

    def read(self, data: Any) -> Feed:
        if isinstance(data, list):
            services: Any = data
            shared: dict[str, Any] = {}
        elif isinstance(data, dict) and isinstance(
            data.get("services", data.get("contents")), list
        ):
            services = data.get("services", data.get("contents"))
            shared = data
        else:
            self.problem(
                "file",
                "not an Open Referral feed; it must be a list of services, or an object with a "
                '"services" list',
            )
            return self.feed
        for path, item in self.items(shared, "organizations", "organizations"):
            self.organization(item, path)
        for path, item in self.items(shared, "taxonomies", "taxonomies"):
            self.taxonomy(item, path)
        for path, item in self.items(shared, "taxonomy_terms", "taxonomy_terms"):
            self.taxonomy_term(item, path)
        for path, item in self.items(shared, "locations", "locations"):
            self.location(item, path)
        if not services:
            self.problem("services", "empty; the file has no services. Check it is the right file")
        for index, item in enumerate(services):
            self.service(item, f"services[{index}]")
        self.check_references()
        return self.feed

    def organization(self, value: Any, path: str) -> str:
        record = self.record(value, path, ORGANIZATION, "organization")
        if record is None:
            return ""
        self.shared(
            self.feed.organizations, record, path, "organization", self.first_at["organization"]
        )
        return str(record["id"])

    def taxonomy(self, value: Any, path: str) -> str:
        record = self.record(value, path, TAXONOMY, "taxonomy")
        if record is None:
            return ""
        self.shared(self.feed.taxonomies, record, path, "taxonomy", self.first_at["taxonomy"])
        return str(record["id"])

    def taxonomy_term(self, value: Any, path: str) -> str:
        if isinstance(value, dict) and not value.get("name") and value.get("term"):
            # The UK profile's earlier drafts call the term's name `term`.
            value = {**value, "name": value["term"]}
        record = self.record(value, path, TAXONOMY_TERM, "taxonomy term")
        if record is None:
            return ""
        assert isinstance(value, dict)
        record["taxonomy_id"] = ""
        if isinstance(value.get("taxonomy_detail"), dict):
            record["taxonomy_id"] = self.taxonomy(
                value["taxonomy_detail"], f"{path}.taxonomy_detail"
            )
        elif value.get("taxonomy_id"):
            record["taxonomy_id"] = self.reference(value, "taxonomy_id", path, "taxonomy")
        record["parent_id"] = self.reference(value, "parent_id", path, "taxonomy_term")
        self.shared(
            self.feed.taxonomy_terms, record, path, "taxonomy term", self.first_at["taxonomy_term"]
        )
        return str(record["id"])

    def location(self, value: Any, path: str) -> str:
        record = self.record(value, path, LOCATION, "location")
        if record is None:
            return ""
        assert isinstance(value, dict)
        record["location_type"] = record["location_type"] or "physical"
        record["addresses"] = []
        for address_path, item in self.items(value, "addresses", path):
            address = self.record(item, address_path, ADDRESS, "address")
            if address is not None:
                address["address_type"] = address["address_type"] or record["location_type"]
                record["addresses"].append(address)
        self.shared(self.feed.locations, record, path, "location", self.first_at["location"])
        return str(record["id"])

    def reference(self, value: dict[str, Any], name: str, path: str, kind: str) -> str:
        raw = value.get(name)
        if raw is None or raw == "":
            return ""
        identifier = self.identifier(raw, f"{path}.{name}", kind)
        if identifier:
            self.references.append((f"{path}.{name}", kind, identifier))
        return identifier

    def service(self, value: Any, path: str) -> None:
        record = self.record(value, path, SERVICE, "service")
        if record is None or not isinstance(value, dict):
            return
        if not self.unique("service", record["id"], path):
            return
        if isinstance(value.get("organization"), dict):
            record["organization_id"] = self.organization(
                value["organization"], f"{path}.organization"
            )
        elif value.get("organization_id"):
            record["organization_id"] = self.reference(
                value, "organization_id", path, "organization"
            )
        else:
            self.problem(
                f"{path}.organization",
                "missing; every service needs the organization that runs it (an organization, "
                "or an organization_id from the file's organizations)",
            )
            record["organization_id"] = ""
        record["service_at_locations"] = [
            at
            for at_path, item in self.items(value, "service_at_locations", path)
            if (at := self.service_at_location(item, at_path)) is not None
        ]
        record["contacts"] = [
            contact
            for contact_path, item in self.items(value, "contacts", path)
            if (contact := self.contact(item, contact_path)) is not None
        ]
        record["phones"] = self.children(value, "phones", path, PHONE, "phone")
        record["schedules"] = self.children(value, "schedules", path, SCHEDULE, "schedule")
        record["attributes"] = [
            attribute
            for attribute_path, item in self.items(value, "attributes", path)
            if (attribute := self.attribute(item, attribute_path)) is not None
        ]
        self.feed.services.append(record)

    def children(
        self, parent: dict[str, Any], name: str, path: str, spec: Spec, noun: str
    ) -> list[Record]:
        records = []
        for child_path, item in self.items(parent, name, path):
            record = self.record(item, child_path, spec, noun)
            if record is not None and self.unique(noun, record["id"], child_path):
                records.append(record)
        return records

    def service_at_location(self, value: Any, path: str) -> Record | None:
        record = self.record(value, path, SERVICE_AT_LOCATION, "service_at_location")
        if record is None or not isinstance(value, dict):
            return None
        if not self.unique("service_at_location", record["id"], path):
            return None
        if isinstance(value.get("location"), dict):
            record["location_id"] = self.location(value["location"], f"{path}.location")
        elif value.get("location_id"):
            record["location_id"] = self.reference(value, "location_id", path, "location")
        else:
            self.problem(
                f"{path}.location",
                "missing; give the location (a location, or a location_id from the file's "
                "locations)",
            )
            return None
        record["schedules"] = self.children(value, "schedules", path, SCHEDULE, "schedule")
        return record

    def contact(self, value: Any, path: str) -> Record | None:
        record = self.record(value, path, CONTACT, "contact")
        if record is None or not isinstance(value, dict):
            return None
        if not self.unique("contact", record["id"], path):
            return None
        record["phones"] = self.children(value, "phones", path, PHONE, "phone")
        return record

    def attribute(self, value: Any, path: str) -> Record | None:
        record = self.record(value, path, ATTRIBUTE, "attribute")
        if record is None or not isinstance(value, dict):
            return None
        if not self.unique("attribute", record["id"], path):
            return None
        if isinstance(value.get("taxonomy_term"), dict):
            record["taxonomy_term_id"] = self.taxonomy_term(
                value["taxonomy_term"], f"{path}.taxonomy_term"
            )
        elif value.get("taxonomy_term_id"):
            record["taxonomy_term_id"] = self.reference(
                value, "taxonomy_term_id", path, "taxonomy_term"
            )
        else:
            self.problem(
                f"{path}.taxonomy_term",
                "missing; give the taxonomy term (a taxonomy_term, or a taxonomy_term_id from "
                "the file's taxonomy_terms)",
            )
            return None
        return record

    def check_references(self) -> None:
        for location_id, location in self.feed.locations.items():
            for index, address in enumerate(location["addresses"]):
                self.unique(
                    "address",
                    address["id"],
                    f"{self.first_at['location'][location_id]}.addresses[{index}]",
                )
        pools: dict[str, tuple[dict[str, Record], str]] = {
            "organization": (self.feed.organizations, "organizations"),
            "location": (self.feed.locations, "locations"),
            "taxonomy": (self.feed.taxonomies, "taxonomies"),
            "taxonomy_term": (self.feed.taxonomy_terms, "taxonomy_terms"),
        }
        for path, kind, identifier in self.references:
            pool, plural = pools[kind]
            if identifier not in pool:
                self.problem(
                    path,
                    f'no {kind.replace("_", " ")} with id "{identifier}" in the file; add it to '
                    f"the file's {plural}, or correct the id",
                )


def feed_parse(data: Any) -> Feed:
    """The checked feed from JSON already decoded; FeedRefused lists every problem."""
    reader = _Reader()
    feed = reader.read(data)
    if reader.problems:
        raise FeedRefused(reader.problems, hidden=reader.hidden)
    return feed


def feed_decode(content: bytes | str) -> Any:
    """The file's JSON; FeedRefused, with the line and column, if it is not JSON."""
    try:
        return json.loads(content)
    except UnicodeDecodeError:
        raise FeedRefused(["file: not UTF-8 text; save the export as UTF-8 JSON"]) from None
    except json.JSONDecodeError as error:
        raise FeedRefused(
            [
                f"line {error.lineno}, column {error.colno}: not valid JSON ({error.msg}); "
                "check the file is the feed's JSON export, whole"
            ]
        ) from None
