"""Writes for the household view: every opening of it is recorded, as case views are."""

from django.db import transaction

from onestop.core.audit import audit_record
from onestop.core.models import AuditEvent
from onestop.councils.models import Membership
from onestop.people.models import Household


@transaction.atomic
def household_view_record(
    *, membership: Membership, household: Household, case_references: list[str]
) -> AuditEvent:
    """Who opened the household view, and which cases it showed them."""
    return audit_record(
        actor=membership.user,
        council=household.council,
        action="household.viewed",
        subject=household,
        summary=f"Household viewed ({membership.get_role_display().lower()})",
        details={"case_references": case_references},
    )
