"""Writes for the adviser console and the partner portal: audited searches for people, and
partner referrals with the client's recorded consent. Both end in application_submit."""

from dataclasses import dataclass

from django.db import transaction

from onestop.core.audit import audit_record
from onestop.core.errors import NotPermitted
from onestop.core.models import AuditEvent
from onestop.core.roles import Capability
from onestop.councils.access import membership_require
from onestop.councils.models import Council, Organisation, User
from onestop.intake.models import Application, Channel
from onestop.intake.selectors import PeopleFound, SearchTerms
from onestop.intake.services import ApplicationDetails, application_submit

SEARCH_ACTION = "people.searched"
CONSENT_ACTION = "referral.consent_recorded"


def people_search_record(
    *,
    actor: User,
    council: Council,
    terms: SearchTerms,
    found: PeopleFound,
    application: Application | None = None,
) -> AuditEvent:
    """Every look-up of personal data is logged, as every opening of a case is: who searched,
    for what, and whose records they were shown."""
    shown = len(found.people) + (1 if application is not None else 0)
    return audit_record(
        actor=actor,
        council=council,
        action=SEARCH_ACTION,
        subject=application or council,
        case_reference=application.reference if application else "",
        summary=f"Searched for people by {' and '.join(terms.keys)}: {shown} shown",
        details={
            "search": terms.text,
            "people_shown": [f.person.pk for f in found.people],
            **({"application_shown": application.reference} if application else {}),
        },
    )


@dataclass(frozen=True)
class ReferralConsent:
    """The client's consent to the referral, as the partner heard it."""

    statement: str
    given_by: str
    method: str  # in person, by phone, ...


def referral_submit(
    *,
    actor: User,
    organisation: Organisation,
    details: ApplicationDetails,
    submission_key: str,
    consent: ReferralConsent,
) -> Application:
    """A partner's referral: the same application and assessment as every other channel, sent
    by the partner's member of staff for their organisation, with the client's consent kept in
    the audit log. The same submission key twice gives the same application and one record."""
    membership = membership_require(
        actor=actor,
        council=organisation.council,
        capability=Capability.REFER_APPLICATIONS,
        doing="refer clients",
    )
    if membership.organisation_id != organisation.pk:
        raise NotPermitted(f"You do not have permission to refer clients for {organisation.name}.")
    if details.channel != Channel.PARTNER:
        raise ValueError("A referral comes through the partner channel")
    with transaction.atomic():
        application = application_submit(
            actor=actor,
            council=organisation.council,
            details=details,
            submission_key=submission_key,
            organisation=organisation,
        )
        already_recorded = AuditEvent.objects.filter(
            council=organisation.council,
            action=CONSENT_ACTION,
            case_reference=application.reference,
        ).exists()
        if not already_recorded:
            audit_record(
                actor=actor,
                council=organisation.council,
                action=CONSENT_ACTION,
                subject=application,
                case_reference=application.reference,
                summary=f"{organisation.name} recorded the client's consent to the referral",
                details={
                    "organisation": organisation.name,
                    "statement": consent.statement,
                    "consent_given_by": consent.given_by,
                    "consent_given": consent.method,
                },
            )
    return application
