"""The people app's models: people and households (`records`), and matching them (`matching`)."""

from onestop.people.models.matching import (
    MatchFlag,
    MatchFlagKind,
    MatchFlagSource,
    MatchFlagStatus,
    MatchingSettings,
    MatchKey,
    MatchKeyKind,
)
from onestop.people.models.records import (
    ContactPreference,
    GazetteerAddress,
    Household,
    HouseholdMember,
    Language,
    OtherSupport,
    OtherSupportKind,
    OtherSupportSource,
    Person,
    Relationship,
)

__all__ = [
    "ContactPreference",
    "GazetteerAddress",
    "Household",
    "HouseholdMember",
    "Language",
    "MatchFlag",
    "MatchFlagKind",
    "MatchFlagSource",
    "MatchFlagStatus",
    "MatchKey",
    "MatchKeyKind",
    "MatchingSettings",
    "OtherSupport",
    "OtherSupportKind",
    "OtherSupportSource",
    "Person",
    "Relationship",
]
