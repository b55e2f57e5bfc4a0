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
from onestop.directory.models.referrals import (
    OPEN_STATUSES,
    Referral,
    ReferralDirection,
    ReferralStatus,
)

__all__ = [
    "OPEN_STATUSES",
    "Address",
    "Attribute",
    "Contact",
    "DirectoryLoad",
    "DirectoryOrganization",
    "Location",
    "LocationType",
    "Phone",
    "Referral",
    "ReferralDirection",
    "ReferralStatus",
    "Schedule",
    "Service",
    "ServiceAtLocation",
    "ServiceSource",
    "ServiceStatus",
    "Taxonomy",
    "TaxonomyTerm",
]
