"""The directory's models, one module per part (the Open Referral UK records first)."""

from onestop.directory.models.open_referral import (
    Address,
    Attribute,
    Contact,
    DirectoryLoad,
    DirectoryOrganization,
    Location,
    LocationType,
    Phone,
    Schedule,
    Service,
    ServiceAtLocation,
    ServiceSource,
    ServiceStatus,
    Taxonomy,
    TaxonomyTerm,
)

__all__ = [
    "Address",
    "Attribute",
    "Contact",
    "DirectoryLoad",
    "DirectoryOrganization",
    "Location",
    "LocationType",
    "Phone",
    "Schedule",
    "Service",
    "ServiceAtLocation",
    "ServiceSource",
    "ServiceStatus",
    "Taxonomy",
    "TaxonomyTerm",
]
