"""Signing off a management return, and the periods a council can build one for.

A finance officer signs off the figures exactly as they were shown: the page sends back the
digest of the figures it showed, and the sign-off is refused if the figures have moved since.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.roles import Capability
from onestop.councils.access import membership_require
from onestop.councils.models import Council, User
from onestop.fulfilment.models import Award
from onestop.insight.models import ReturnSignOff
from onestop.insight.returns.build import return_figures
from onestop.insight.returns.files import figures_digest
from onestop.insight.returns.periods import Period, period_containing, period_parse

# A council's list shows at most this many periods, newest first: six years of returns.
PERIODS_LISTED = 12


def return_sign_off_for(*, council: Council, period: Period) -> ReturnSignOff | None:
    return (
        ReturnSignOff.objects.filter(council=council, period=period.code)
        .select_related("signed_by")
        .first()
    )


@dataclass(frozen=True)
class PeriodStanding:
    """A period on the council's list: whether it has ended, and its sign-off if any."""

    period: Period
    has_ended: bool
    sign_off: ReturnSignOff | None
    # True when the figures today differ from those signed off.
    changed_since_sign_off: bool


def return_periods(*, council: Council, today: datetime.date) -> list[PeriodStanding]:
    """The current period and every earlier one with awards or a sign-off, newest first
    (the last ended period is always there, so there is something to sign off)."""
    current = period_containing(today)
    first_award = (
        Award.objects.filter(council=council).order_by("created_at").values("created_at").first()
    )
    earliest = current.previous()
    if first_award is not None:
        earliest = min(earliest, period_containing(timezone.localdate(first_award["created_at"])))
    sign_offs = {
        sign_off.period: sign_off
        for sign_off in ReturnSignOff.objects.filter(council=council).select_related("signed_by")
    }
    for code in sign_offs:
        earliest = min(earliest, period_parse(code))
    periods = [current]
    while periods[-1] > earliest and len(periods) < PERIODS_LISTED:
        periods.append(periods[-1].previous())
    standings = []
    for period in periods:
        sign_off = sign_offs.get(period.code)
        changed = sign_off is not None and sign_off.figures_digest != figures_digest(
            return_figures(council=council, period=period)
        )
        standings.append(
            PeriodStanding(
                period=period,
                has_ended=period.has_ended(today),
                sign_off=sign_off,
                changed_since_sign_off=changed,
            )
        )
    return standings


@transaction.atomic
def return_sign_off(
    *,
    actor: User,
    council: Council,
    period: Period,
    figures_seen_digest: str,
    approved_by_name: str,
    confirmed: bool,
    today: datetime.date,
) -> ReturnSignOff:
    """Record that the finance officer confirms the period's figures, as approved by the
    named finance director. `figures_seen_digest` is the digest of the figures the officer was
    shown; if the figures have changed since, nothing is signed."""
    membership_require(
        actor=actor,
        council=council,
        capability=Capability.MANAGE_BUDGETS,
        doing="sign off the management return",
    )
    if not confirmed:
        raise ServiceError("Confirm that these figures are correct", field="confirm")
    approved_by_name = approved_by_name.strip()
    if not approved_by_name:
        raise ServiceError(
            "Enter the name of the finance director who approved the return",
            field="approved_by_name",
        )
    if not period.has_ended(today):
        after = period.last_day + datetime.timedelta(days=1)
        raise ServiceError(
            f"{period.name} has not ended yet: you can sign off its return from "
            f"{after.day} {after:%B %Y}."
        )
    digest = figures_digest(return_figures(council=council, period=period))
    if digest != figures_seen_digest:
        raise ServiceError(
            "The figures changed while you were checking them. Check the figures on this page "
            "again, then sign them off."
        )
    existing = (
        ReturnSignOff.objects.select_for_update()
        .filter(council=council, period=period.code)
        .first()
    )
    if existing is not None and existing.figures_digest == digest:
        raise ServiceError("These figures are already signed off.")
    previous = (
        {
            "previous_digest": existing.figures_digest,
            "previous_signed_at": existing.signed_at.isoformat(),
            "previous_approved_by_name": existing.approved_by_name,
        }
        if existing is not None
        else {}
    )
    sign_off = existing or ReturnSignOff(council=council, period=period.code)
    sign_off.figures_digest = digest
    sign_off.signed_by = actor
    sign_off.signed_at = timezone.now()
    sign_off.approved_by_name = approved_by_name
    sign_off.save()
    audit_record(
        actor=actor,
        council=council,
        action="return.signed_off_again" if existing is not None else "return.signed_off",
        subject=sign_off,
        summary=(
            f"Signed off the management return for {period.name}, approved by "
            f"{approved_by_name}{' (figures changed since the last sign-off)' if existing else ''}"
        )[:300],
        details={"period": period.code, "figures_digest": digest, **previous},
    )
    return sign_off
