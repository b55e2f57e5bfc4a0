"""Changes to the council's directory: loading a feed, and staff adding and curating services."""

import datetime
import hashlib
import json
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.roles import Capability
from onestop.councils.access import membership_require
from onestop.councils.models import Council, User
from onestop.directory.feed import Feed, Record, feed_parse
from onestop.directory.models import (
    Address,
    Attribute,
    Contact,
    DirectoryLoad,
    DirectoryOrganization,
    Location,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceSource,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)

M = TypeVar("M", bound=models.Model)

ADDED, CHANGED, SAME = "added", "changed", "same"
# What staff may change on a service; a later feed load keeps what they changed.
STAFF_FIELDS = ("name", "description", "url", "email", "status", "organization_id")


@dataclass
class DirectoryLoaded:
    """What a feed load did to the council's services."""

    load: DirectoryLoad
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    withdrawn: int = 0

    @property
    def summary(self) -> str:
        return (
            f"{self.added} services added, {self.changed} changed, {self.unchanged} unchanged, "
            f"{self.withdrawn} withdrawn"
        )


def _upsert(
    model: type[M],
    *,
    council: Council,
    hsds_id: str,
    values: dict[str, Any],
    keep: Iterable[str] = (),
) -> tuple[M, str]:
    """The record with this id, created or brought up to date; and whether that changed it.
    Fields in `keep` are left as they are on a record that exists already."""
    record = model._default_manager.filter(council=council, hsds_id=hsds_id).first()
    if record is None:
        return model._default_manager.create(council=council, hsds_id=hsds_id, **values), ADDED
    kept = set(keep)
    changed = [
        name
        for name, value in values.items()
        if name not in kept and getattr(record, name) != value
    ]
    if not changed:
        return record, SAME
    for name in changed:
        setattr(record, name, values[name])
    record.save(update_fields=[*changed, "updated_at"])
    return record, CHANGED


def _fields(record: Record, *names: str) -> dict[str, Any]:
    return {name: record[name] for name in names}


def _remove_others(queryset: "models.QuerySet[Any]", keep_ids: Iterable[str]) -> bool:
    deleted, _ = queryset.exclude(hsds_id__in=list(keep_ids)).delete()
    return deleted > 0


@dataclass
class _Loader:
    council: Council
    feed: Feed
    organizations: dict[str, int] = field(default_factory=dict)
    locations: dict[str, int] = field(default_factory=dict)
    terms: dict[str, int] = field(default_factory=dict)

    def shared_records(self) -> None:
        for org in self.feed.organizations.values():
            record, _ = _upsert(
                DirectoryOrganization,
                council=self.council,
                hsds_id=org["id"],
                values=_fields(org, "name", "alternate_name", "description", "email", "website"),
            )
            self.organizations[org["id"]] = record.pk
        taxonomies: dict[str, int] = {}
        for tax in self.feed.taxonomies.values():
            record_t, _ = _upsert(
                Taxonomy,
                council=self.council,
                hsds_id=tax["id"],
                values=_fields(tax, "name", "description", "uri", "version"),
            )
            taxonomies[tax["id"]] = record_t.pk
        for term in self.feed.taxonomy_terms.values():
            record_term, _ = _upsert(
                TaxonomyTerm,
                council=self.council,
                hsds_id=term["id"],
                values={
                    **_fields(term, "name", "code", "description", "term_uri", "language"),
                    "taxonomy_name": term["taxonomy"],
                    "taxonomy_id": taxonomies.get(term["taxonomy_id"]),
                },
            )
            self.terms[term["id"]] = record_term.pk
        # Parents second: a term may come before its parent in the file.
        for term in self.feed.taxonomy_terms.values():
            _upsert(
                TaxonomyTerm,
                council=self.council,
                hsds_id=term["id"],
                values={"parent_id": self.terms.get(term["parent_id"])},
            )
        for place in self.feed.locations.values():
            record_l, _ = _upsert(
                Location,
                council=self.council,
                hsds_id=place["id"],
                values={name: place[name] for name in place if name not in ("id", "addresses")},
            )
            self.locations[place["id"]] = record_l.pk
            for address in place["addresses"]:
                _upsert(
                    Address,
                    council=self.council,
                    hsds_id=address["id"],
                    values={
                        **{name: address[name] for name in address if name != "id"},
                        "location_id": record_l.pk,
                    },
                )
            _remove_others(
                Address.objects.filter(location_id=record_l.pk),
                [address["id"] for address in place["addresses"]],
            )

    def service(self, item: Record, now: datetime.datetime) -> str:
        """Bring one service and everything nested in it up to date with the feed."""
        existing = Service.objects.filter(council=self.council, hsds_id=item["id"]).first()
        kept = set(existing.kept_fields) if existing else set()
        values = {
            name: item[name]
            for name in item
            if name
            not in (
                "id",
                "organization_id",
                "last_modified",
                "service_at_locations",
                "contacts",
                "phones",
                "schedules",
                "attributes",
            )
        }
        values["organization_id"] = self.organizations[item["organization_id"]]
        values["source"] = ServiceSource.FEED
        if existing is None:
            values["last_modified"] = item["last_modified"] or now
        service, outcome = _upsert(
            Service, council=self.council, hsds_id=item["id"], values=values, keep=kept
        )
        touched = outcome != SAME
        touched |= self.children(service, item, keep_terms="taxonomy_terms" in kept)
        if outcome != ADDED and touched:
            service.last_modified = item["last_modified"] or now
            service.save(update_fields=["last_modified", "updated_at"])
        return outcome if outcome == ADDED or not touched else CHANGED

    def children(self, service: Service, item: Record, *, keep_terms: bool) -> bool:
        council, touched = self.council, False
        at_ids, schedule_ids, phone_ids = [], [], []
        for at in item["service_at_locations"]:
            record_at, outcome = _upsert(
                ServiceAtLocation,
                council=council,
                hsds_id=at["id"],
                values={
                    "service_id": service.pk,
                    "location_id": self.locations[at["location_id"]],
                    "description": at["description"],
                },
            )
            touched |= outcome != SAME
            at_ids.append(at["id"])
            for schedule in at["schedules"]:
                touched |= self.schedule(service, schedule, at=record_at)
                schedule_ids.append(schedule["id"])
        for schedule in item["schedules"]:
            touched |= self.schedule(service, schedule, at=None)
            schedule_ids.append(schedule["id"])
        contact_ids = []
        for contact in item["contacts"]:
            record_c, outcome = _upsert(
                Contact,
                council=council,
                hsds_id=contact["id"],
                values={
                    **_fields(contact, "name", "title", "department", "email"),
                    "service_id": service.pk,
                },
            )
            touched |= outcome != SAME
            contact_ids.append(contact["id"])
            for phone in contact["phones"]:
                touched |= self.phone(service, phone, contact=record_c)
                phone_ids.append(phone["id"])
        for phone in item["phones"]:
            touched |= self.phone(service, phone, contact=None)
            phone_ids.append(phone["id"])
        # Phones and schedules first: they may hang off contacts and service_at_locations.
        touched |= _remove_others(Phone.objects.filter(service=service), phone_ids)
        touched |= _remove_others(Schedule.objects.filter(service=service), schedule_ids)
        touched |= _remove_others(Contact.objects.filter(service=service), contact_ids)
        touched |= _remove_others(ServiceAtLocation.objects.filter(service=service), at_ids)
        if not keep_terms:
            for attribute in item["attributes"]:
                _, outcome = _upsert(
                    Attribute,
                    council=council,
                    hsds_id=attribute["id"],
                    values={
                        **_fields(attribute, "link_type", "value", "label"),
                        "service_id": service.pk,
                        "taxonomy_term_id": self.terms[attribute["taxonomy_term_id"]],
                    },
                )
                touched |= outcome != SAME
            touched |= _remove_others(
                Attribute.objects.filter(service=service), [a["id"] for a in item["attributes"]]
            )
        return touched

    def schedule(self, service: Service, schedule: Record, *, at: ServiceAtLocation | None) -> bool:
        _, outcome = _upsert(
            Schedule,
            council=self.council,
            hsds_id=schedule["id"],
            values={
                **{name: schedule[name] for name in schedule if name != "id"},
                "service_id": service.pk,
                "service_at_location_id": at.pk if at else None,
            },
        )
        return outcome != SAME

    def phone(self, service: Service, phone: Record, *, contact: Contact | None) -> bool:
        _, outcome = _upsert(
            Phone,
            council=self.council,
            hsds_id=phone["id"],
            values={
                **_fields(phone, "number", "extension", "type", "description"),
                "service_id": service.pk,
                "contact_id": contact.pk if contact else None,
            },
        )
        return outcome != SAME


@transaction.atomic
def directory_load(
    *, actor: User | None, council: Council, data: Any, source: str = "feed"
) -> DirectoryLoaded:
    """Load an Open Referral feed (decoded JSON) into the council's directory.

    The file is checked whole first: any problem raises FeedRefused and nothing is saved.
    Records are matched by their ids, so loading the same file twice changes nothing. Services
    an earlier feed brought that this one leaves out are withdrawn (marked defunct, so no
    longer published); services staff added are left alone, and so is anything staff changed
    on a feed's service.
    """
    if actor is not None:
        membership_require(
            actor=actor,
            council=council,
            capability=Capability.MANAGE_DIRECTORY,
            doing="load the directory",
        )
    feed = feed_parse(data)
    now = timezone.now()
    digest = hashlib.sha256(
        json.dumps(data, sort_keys=True, default=str).encode("utf-8")
    ).hexdigest()
    loader = _Loader(council=council, feed=feed)
    loader.shared_records()
    outcomes = [loader.service(item, now) for item in feed.services]
    in_feed = [item["id"] for item in feed.services]
    withdrawn = (
        Service.objects.filter(council=council, source=ServiceSource.FEED)
        .exclude(hsds_id__in=in_feed)
        .exclude(status=ServiceStatus.DEFUNCT)
        .update(status=ServiceStatus.DEFUNCT, last_modified=now, updated_at=now)
    )
    loaded = DirectoryLoaded(
        load=DirectoryLoad(council=council, loaded_by=actor, source=source[:300], sha256=digest),
        added=outcomes.count(ADDED),
        changed=outcomes.count(CHANGED),
        unchanged=outcomes.count(SAME),
        withdrawn=withdrawn,
    )
    loaded.load.counts = {
        "services": len(feed.services),
        "organizations": len(feed.organizations),
        "locations": len(feed.locations),
        "taxonomy_terms": len(feed.taxonomy_terms),
        "added": loaded.added,
        "changed": loaded.changed,
        "unchanged": loaded.unchanged,
        "withdrawn": loaded.withdrawn,
    }
    loaded.load.save()
    audit_record(
        actor=actor,
        council=council,
        action="directory.loaded",
        subject=loaded.load,
        summary=f"Directory loaded from {loaded.load.source}: {loaded.summary}",
        details=loaded.load.counts,
        on_behalf_of="" if actor else "A directory feed load (command line)",
    )
    return loaded


@dataclass(frozen=True)
class ServiceDetails:
    """The main fields of a service, as staff edit them."""

    name: str
    description: str
    url: str
    email: str
    status: str
    organization: DirectoryOrganization | None
    new_organization_name: str = ""
    taxonomy_terms: tuple[TaxonomyTerm, ...] = ()


def _check_details(*, council: Council, details: ServiceDetails) -> None:
    if not details.name.strip():
        raise ServiceError("Enter the service's name", field="name")
    if details.status not in ServiceStatus.values:
        raise ServiceError("Select whether the service is active or inactive", field="status")
    if details.organization is None and not details.new_organization_name.strip():
        raise ServiceError(
            "Select the organisation that runs the service, or enter a new organisation's name",
            field="organization",
        )
    if details.organization is not None and details.organization.council_id != council.pk:
        raise ServiceError("Select one of the council's organisations", field="organization")
    if any(term.council_id != council.pk for term in details.taxonomy_terms):
        raise ServiceError("Select the council's own needs and kinds of help", field="terms")


def _organization_for(*, council: Council, details: ServiceDetails) -> DirectoryOrganization:
    if details.organization is not None:
        return details.organization
    return DirectoryOrganization.objects.create(
        council=council, hsds_id=str(uuid.uuid4()), name=details.new_organization_name.strip()
    )


def _set_terms(*, service: Service, terms: Iterable[TaxonomyTerm]) -> bool:
    wanted = {term.pk: term for term in terms}
    current = set(service.attributes.values_list("taxonomy_term_id", flat=True))
    if current == set(wanted):
        return False
    service.attributes.exclude(taxonomy_term_id__in=list(wanted)).delete()
    for term_id in set(wanted) - current:
        Attribute.objects.create(
            council=service.council,
            hsds_id=str(uuid.uuid4()),
            service=service,
            taxonomy_term=wanted[term_id],
        )
    return True


@transaction.atomic
def service_save(
    *, actor: User, council: Council, service: Service | None, details: ServiceDetails
) -> Service:
    """Add a service (when `service` is None) or change its main fields. A feed load later
    keeps what staff changed here."""
    membership_require(
        actor=actor,
        council=council,
        capability=Capability.MANAGE_DIRECTORY,
        doing="change the directory",
    )
    _check_details(council=council, details=details)
    if service is not None and service.council_id != council.pk:
        raise ServiceError("That service is not in this council's directory.")
    organization = _organization_for(council=council, details=details)
    now = timezone.now()
    values = {
        "name": details.name.strip(),
        "description": details.description.strip(),
        "url": details.url.strip(),
        "email": details.email.strip(),
        "status": details.status,
        "organization_id": organization.pk,
    }
    if service is None:
        service = Service.objects.create(
            council=council,
            hsds_id=str(uuid.uuid4()),
            source=ServiceSource.STAFF,
            last_modified=now,
            **values,
        )
        _set_terms(service=service, terms=details.taxonomy_terms)
        audit_record(
            actor=actor,
            council=council,
            action="directory.service_added",
            subject=service,
            summary=f"Added {service.name} to the directory",
        )
        return service
    changed = [name for name, value in values.items() if getattr(service, name) != value]
    for name in changed:
        setattr(service, name, values[name])
    if _set_terms(service=service, terms=details.taxonomy_terms):
        changed.append("taxonomy_terms")
    if not changed:
        return service
    service.kept_fields = sorted(set(service.kept_fields) | set(changed))
    service.last_modified = now
    service.save()
    audit_record(
        actor=actor,
        council=council,
        action="directory.service_changed",
        subject=service,
        summary=f"Changed {service.name} in the directory",
        details={"changed": changed},
    )
    return service


@transaction.atomic
def service_status_set(
    *, actor: User, council: Council, service: Service, status: str, reason: str = ""
) -> Service:
    """Publish a service (active) or stop publishing it (any other status)."""
    membership_require(
        actor=actor,
        council=council,
        capability=Capability.MANAGE_DIRECTORY,
        doing="change the directory",
    )
    if service.council_id != council.pk:
        raise ServiceError("That service is not in this council's directory.")
    if status not in ServiceStatus.values:
        raise ServiceError("Select whether the service is active or inactive", field="status")
    if service.status == status:
        return service
    service.status = status
    service.kept_fields = sorted(set(service.kept_fields) | {"status"})
    service.last_modified = timezone.now()
    service.save(update_fields=["status", "kept_fields", "last_modified", "updated_at"])
    label = ServiceStatus(status).label.lower()
    audit_record(
        actor=actor,
        council=council,
        action="directory.service_status_set",
        subject=service,
        summary=f"Marked {service.name} as {label}",
        reason=reason,
    )
    return service
