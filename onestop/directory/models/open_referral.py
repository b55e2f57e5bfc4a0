"""The council's directory of support services, as Open Referral UK (HSDS 3) records.

Each record keeps the id it has in the feed (`hsds_id`), unique within its council, so a feed
loaded twice updates the same rows and the public API answers with the ids the feed used.
"""

from typing import Any

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel


class HsdsRecord(CouncilOwnedModel):
    """A record with an Open Referral id, unique within the council."""

    hsds_id = models.CharField(max_length=250, help_text="The record's id in Open Referral")

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(getattr(self, "name", "") or self.hsds_id)


def _unique_id(name: str) -> models.UniqueConstraint:
    return models.UniqueConstraint(fields=["council", "hsds_id"], name=f"directory_{name}_id")


class DirectoryOrganization(HsdsRecord):
    """An organisation that runs services: a food bank, Citizens Advice, the council itself."""

    name = models.CharField(max_length=300)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    email = models.CharField(max_length=254, blank=True)
    website = models.CharField(max_length=500, blank=True)
    # The partner organisation this directory entry is, when it works with the council through
    # the partner portal: referrals to its services reach its staff.
    partner = models.ForeignKey(
        "councils.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_entries",
    )

    class Meta:
        ordering = ["name", "hsds_id"]
        constraints = [_unique_id("organization")]


class ServiceStatus(models.TextChoices):
    ACTIVE = "active", "Active"
    INACTIVE = "inactive", "Inactive"
    DEFUNCT = "defunct", "Defunct"
    TEMPORARILY_CLOSED = "temporarily closed", "Temporarily closed"


class ServiceSource(models.TextChoices):
    FEED = "feed", "Loaded from a feed"
    STAFF = "staff", "Added by staff"


class Service(HsdsRecord):
    """A service people can be referred to. Only active services are published."""

    organization = models.ForeignKey(
        DirectoryOrganization, on_delete=models.PROTECT, related_name="services"
    )
    name = models.CharField(max_length=300)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    email = models.CharField(max_length=254, blank=True)
    status = models.CharField(
        max_length=20, choices=ServiceStatus.choices, default=ServiceStatus.ACTIVE
    )
    interpretation_services = models.TextField(blank=True)
    application_process = models.TextField(blank=True)
    fees_description = models.TextField(blank=True)
    eligibility_description = models.TextField(blank=True)
    minimum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    maximum_age = models.PositiveSmallIntegerField(null=True, blank=True)
    assured_date = models.DateField(null=True, blank=True)
    assurer_email = models.CharField(max_length=254, blank=True)
    alert = models.TextField(blank=True)
    last_modified = models.DateTimeField(
        help_text="When the service, or anything about it, last changed"
    )
    source = models.CharField(max_length=10, choices=ServiceSource.choices)
    # Fields staff have changed here: a later feed load leaves them as staff set them.
    kept_fields: models.JSONField[list[str]] = models.JSONField(default=list, blank=True)
    taxonomy_terms: models.ManyToManyField["TaxonomyTerm", "Attribute"] = models.ManyToManyField(
        "TaxonomyTerm", through="Attribute", related_name="services"
    )

    class Meta:
        ordering = ["name", "hsds_id"]
        constraints = [_unique_id("service")]
        indexes = [models.Index(fields=["council", "status", "name"])]


class LocationType(models.TextChoices):
    PHYSICAL = "physical", "Physical"
    POSTAL = "postal", "Postal"
    VIRTUAL = "virtual", "Virtual"


class Location(HsdsRecord):
    """A place a service is given: a building, a postal address, or online."""

    location_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )
    name = models.CharField(max_length=300, blank=True)
    alternate_name = models.CharField(max_length=300, blank=True)
    description = models.TextField(blank=True)
    transportation = models.TextField(blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    external_identifier = models.CharField(max_length=100, blank=True)
    external_identifier_type = models.CharField(max_length=50, blank=True)
    url = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name", "hsds_id"]
        constraints = [_unique_id("location")]


class Address(HsdsRecord):
    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="addresses")
    attention = models.CharField(max_length=200, blank=True)
    address_1 = models.CharField(max_length=300)
    address_2 = models.CharField(max_length=300, blank=True)
    city = models.CharField(max_length=200)
    region = models.CharField(max_length=200, blank=True)
    state_province = models.CharField(max_length=200)
    postal_code = models.CharField(max_length=20)
    country = models.CharField(max_length=2, default="GB")
    address_type = models.CharField(
        max_length=10, choices=LocationType.choices, default=LocationType.PHYSICAL
    )

    class Meta:
        ordering = ["hsds_id"]
        constraints = [_unique_id("address")]


class ServiceAtLocation(HsdsRecord):
    """Where a service is given: one service at one location."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="at_locations")
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="services_at")
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["hsds_id"]
        constraints = [_unique_id("service_at_location")]


class Taxonomy(HsdsRecord):
    """A vocabulary services are described by, such as the council's own list of needs."""

    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    uri = models.CharField(max_length=500, blank=True)
    version = models.CharField(max_length=50, blank=True)

    class Meta:
        ordering = ["name", "hsds_id"]
        constraints = [_unique_id("taxonomy")]
        verbose_name_plural = "taxonomies"


class TaxonomyTerm(HsdsRecord):
    """A need or kind of help a service meets, such as "Food" or "Debt advice"."""

    taxonomy = models.ForeignKey(
        Taxonomy, on_delete=models.PROTECT, null=True, blank=True, related_name="terms"
    )
    # The taxonomy's name as the feed gave it, for terms from a taxonomy not itself listed.
    taxonomy_name = models.CharField(max_length=300, blank=True)
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="children"
    )
    code = models.CharField(max_length=100, blank=True)
    name = models.CharField(max_length=300)
    description = models.TextField(blank=True)
    term_uri = models.CharField(max_length=500, blank=True)
    language = models.CharField(max_length=10, blank=True)

    class Meta:
        ordering = ["name", "hsds_id"]
        constraints = [_unique_id("taxonomy_term")]


class Attribute(HsdsRecord):
    """Links a service to a taxonomy term: "this service helps with debt"."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="attributes")
    taxonomy_term = models.ForeignKey(
        TaxonomyTerm, on_delete=models.PROTECT, related_name="attributes"
    )
    link_type = models.CharField(max_length=100, blank=True)
    value = models.CharField(max_length=300, blank=True)
    label = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["hsds_id"]
        constraints = [_unique_id("attribute")]


class Contact(HsdsRecord):
    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(max_length=200, blank=True)
    title = models.CharField(max_length=200, blank=True)
    department = models.CharField(max_length=200, blank=True)
    email = models.CharField(max_length=254, blank=True)

    class Meta:
        ordering = ["hsds_id"]
        constraints = [_unique_id("contact")]


class Phone(HsdsRecord):
    """A phone number for a service, or for one of its contacts."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="phones")
    contact = models.ForeignKey(
        Contact, on_delete=models.CASCADE, null=True, blank=True, related_name="phones"
    )
    number = models.CharField(max_length=50)
    extension = models.CharField(max_length=20, blank=True)
    type = models.CharField(max_length=20, blank=True)
    description = models.TextField(blank=True)

    class Meta:
        ordering = ["hsds_id"]
        constraints = [_unique_id("phone")]


class Schedule(HsdsRecord):
    """When a service is open, as RFC 5545 recurrence parts and opening times."""

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="schedules")
    service_at_location = models.ForeignKey(
        ServiceAtLocation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="schedules",
    )
    valid_from = models.DateField(null=True, blank=True)
    valid_to = models.DateField(null=True, blank=True)
    dtstart = models.DateField(null=True, blank=True)
    freq = models.CharField(max_length=10, blank=True)
    interval = models.PositiveSmallIntegerField(null=True, blank=True)
    byday = models.CharField(max_length=50, blank=True)
    bymonthday = models.CharField(max_length=100, blank=True)
    opens_at = models.TimeField(null=True, blank=True)
    closes_at = models.TimeField(null=True, blank=True)
    description = models.TextField(blank=True)
    schedule_link = models.CharField(max_length=500, blank=True)
    attending_type = models.CharField(max_length=200, blank=True)
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["hsds_id"]
        constraints = [_unique_id("schedule")]


class DirectoryLoad(CouncilOwnedModel):
    """One feed loaded into the council's directory: who loaded what, and what it changed."""

    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    source = models.CharField(max_length=300, help_text="The file's name")
    sha256 = models.CharField(max_length=64)
    counts: models.JSONField[dict[str, Any]] = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} ({self.created_at:%Y-%m-%d %H:%M})"
