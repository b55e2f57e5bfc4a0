"""Take an application: store it once, give it a reference, assess it, and tell the applicant."""

import datetime
from dataclasses import asdict, dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.references import new_reference
from onestop.core.working_days import add_working_days
from onestop.councils.models import Council, Organisation, User
from onestop.intake.facts import policy_inputs
from onestop.intake.models import Application, ApplicationMember, ApplicationStatus, Assessment
from onestop.intake.signals import application_assessed, application_decided_signal
from onestop.notifications.services import message_queue
from onestop.people.services import AddressDetails, MemberDetails, PersonDetails, household_record
from onestop.people.tasks import check_application_people
from onestop.policy.engine import NotInForce, policy_for
from onestop.policy.models import Scheme


@dataclass(frozen=True)
class Circumstances:
    """What else the household tells us that a scheme's policy may weigh."""

    pregnant: bool = False
    disabled: bool = False
    receives_qualifying_benefit: bool = False
    receives_housing_support: bool = False
    weekly_rent_shortfall_pence: int = 0
    rent_arrears_pence: int = 0
    at_risk_of_eviction: bool = False
    needs_bed: bool = False
    needs_cooker: bool = False
    needs_fridge: bool = False
    needs_washing_machine: bool = False


@dataclass(frozen=True)
class ApplicationDetails:
    scheme: Scheme
    channel: str
    applicant: PersonDetails
    address: AddressDetails
    members: list[MemberDetails]
    crisis_reason: str
    crisis_details: str
    weekly_income_pence: int
    weekly_housing_costs_pence: int
    savings_pence: int
    consent_given: bool
    circumstances: Circumstances = field(default_factory=Circumstances)


def _check(details: ApplicationDetails, council: Council) -> None:
    if details.scheme.council_id != council.pk:
        raise ServiceError("Choose a scheme this council runs.", field="scheme")
    if not details.scheme.is_open:
        raise ServiceError(f"{details.scheme.name} is not taking applications.", field="scheme")
    if not details.consent_given:
        raise ServiceError(
            "The applicant must agree to the council using their information before you can "
            "submit the application.",
            field="consent",
        )
    amounts = {
        "weekly_income": details.weekly_income_pence,
        "weekly_housing_costs": details.weekly_housing_costs_pence,
        "savings": details.savings_pence,
        "weekly_rent_shortfall": details.circumstances.weekly_rent_shortfall_pence,
        "rent_arrears": details.circumstances.rent_arrears_pence,
    }
    for name, pence in amounts.items():
        if pence < 0:
            raise ServiceError("Amounts cannot be negative.", field=name)


def _unused_reference(prefix: str) -> str:
    for _ in range(20):
        reference = new_reference(prefix)
        if not Application.objects.filter(reference=reference).exists():
            return reference
    raise RuntimeError("Could not find an unused reference")  # 33 million choices: never


def application_submit(
    *,
    actor: User | None,
    council: Council,
    details: ApplicationDetails,
    submission_key: str,
    submitted_at: datetime.datetime | None = None,
    organisation: Organisation | None = None,
    request_digest: str = "",
) -> Application:
    """Store and assess one application. The same submission key twice gives the same application.

    `organisation` is the partner whose API key sent it; `request_digest` is a digest of the API
    request body, kept so a reused Idempotency-Key with a different body can be refused.
    """
    existing = Application.objects.filter(council=council, submission_key=submission_key).first()
    if existing:
        return existing
    _check(details, council)
    try:
        return _application_create(
            actor=actor,
            council=council,
            details=details,
            submission_key=submission_key,
            submitted_at=submitted_at or timezone.now(),
            organisation=organisation,
            request_digest=request_digest,
        )
    except IntegrityError:
        # A double-click or retry raced this one to the insert: theirs is the application.
        existing = Application.objects.filter(
            council=council, submission_key=submission_key
        ).first()
        if existing is None:
            raise
        return existing


@transaction.atomic
def _application_create(
    *,
    actor: User | None,
    council: Council,
    details: ApplicationDetails,
    submission_key: str,
    submitted_at: datetime.datetime,
    organisation: Organisation | None,
    request_digest: str,
) -> Application:
    person, household, member_people = household_record(
        council=council,
        applicant=details.applicant,
        address=details.address,
        members=details.members,
    )
    submitted_day = timezone.localtime(submitted_at).date()
    application = Application.objects.create(
        council=council,
        reference=_unused_reference(details.scheme.reference_prefix),
        scheme=details.scheme,
        channel=details.channel,
        applicant=person,
        household=household,
        crisis_reason=details.crisis_reason,
        crisis_details=details.crisis_details,
        weekly_income_pence=details.weekly_income_pence,
        weekly_housing_costs_pence=details.weekly_housing_costs_pence,
        savings_pence=details.savings_pence,
        **asdict(details.circumstances),
        consent_given_at=submitted_at,
        submitted_at=submitted_at,
        submitted_by=actor,
        decision_due=add_working_days(
            submitted_day,
            details.scheme.decision_target_working_days,
            region=council.bank_holiday_region,
        ),
        submission_key=submission_key,
        organisation=organisation,
        request_digest=request_digest,
        team_id=details.scheme.team_id,  # the queue of the team that takes this scheme
    )
    member_dobs: list[datetime.date] = []
    for member, member_person in zip(details.members, member_people, strict=True):
        ApplicationMember.objects.create(
            council=council,
            application=application,
            person=member_person,
            relationship=member.relationship,
        )
        member_dobs.append(member.date_of_birth)
    audit_record(
        actor=actor,
        council=council,
        action="application.submitted",
        subject=application,
        case_reference=application.reference,
        summary=f"Application taken ({application.get_channel_display().lower()})",
        details={
            "channel": application.channel,
            "scheme": details.scheme.name,
            **({"organisation": organisation.name} if organisation else {}),
        },
        # A key has no person behind it; a partner's staff signed in to the portal are the actor.
        on_behalf_of=(
            f"{organisation.name}, through the partner API"
            if organisation and actor is None
            else ""
        ),
    )
    _assessment_record(application=application, member_dobs=member_dobs, on=submitted_day)
    message_queue(
        council=council,
        template="application_received",
        contact_preference=person.contact_preference,
        phone=person.phone,
        email=person.email,
        case_reference=application.reference,
        language=person.language,
        personalisation={
            "first_name": person.first_name,
            "reference": application.reference,
            "scheme": details.scheme.name,
            "decision_due": f"{application.decision_due.day} {application.decision_due:%B %Y}",
        },
    )
    application_id = application.pk
    transaction.on_commit(
        lambda: application_assessed.send(sender=Application, application_id=application_id)
    )
    # Matching runs after commit, off the applicant's request (people.duplicates).
    person_ids = [person.pk, *(member.pk for member in member_people)]
    household_id, reference = household.pk, application.reference
    transaction.on_commit(
        lambda: check_application_people.enqueue(
            council_id=council.pk,
            person_ids=person_ids,
            household_id=household_id,
            reference=reference,
        )
    )
    return application


def _assessment_record(
    *, application: Application, member_dobs: list[datetime.date], on: datetime.date
) -> Assessment:
    policy = policy_for(application.scheme.policy)
    inputs = policy_inputs(application, members_dates_of_birth=member_dobs, on=on)
    facts = policy.facts_for(inputs)
    try:
        result = policy.assess(facts, on=on)
    except NotInForce as error:
        raise ServiceError(f"{error}. Ask your council admin to update the policy.") from None
    assessment = Assessment.objects.create(
        council=application.council,
        application=application,
        outcome=result.outcome,
        criteria=[
            {"name": c.name, "passed": c.passed, "reason": c.reason} for c in result.criteria
        ],
        notes=list(result.referral_reasons),
        award_parts=[list(part) for part in result.award_parts],
        facts={k: list(v) if isinstance(v, tuple) else v for k, v in facts.items()},
        proposed_award_pence=result.proposed_award_pence,
        priority=result.priority,
        policy_version=result.policy_version,
        assessed_on=on,
    )
    application.priority = result.priority
    application.save(update_fields=["priority", "updated_at"])
    audit_record(
        actor=None,
        council=application.council,
        action="application.assessed",
        subject=assessment,
        case_reference=application.reference,
        summary=f"Assessed as {assessment.outcome_label.lower()}, {result.priority} priority",
        details={"policy_version": result.policy_version},
    )
    return assessment


# A decision can be made on a case that waits for information (it arrived, or never will)
# or, for a high-value award, when a team leader approves it.
DECIDABLE = frozenset(
    {
        ApplicationStatus.AWAITING_DECISION,
        ApplicationStatus.WAITING_FOR_INFORMATION,
        ApplicationStatus.AWAITING_APPROVAL,
    }
)


@transaction.atomic
def application_decided(
    *, application: Application, status: ApplicationStatus, decided_at: datetime.datetime
) -> Application:
    """Record the outcome on the application; the caller (casework) audits the decision itself."""
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status not in DECIDABLE:
        raise ServiceError(
            f"Application {locked.reference} has already been decided. Reload the case to see "
            "the decision."
        )
    locked.status = status
    locked.decided_at = decided_at
    locked.save(update_fields=["status", "decided_at", "updated_at"])
    application_id = locked.pk
    transaction.on_commit(
        lambda: application_decided_signal.send(sender=Application, application_id=application_id)
    )
    return locked


@transaction.atomic
def application_status_change(
    *,
    application: Application,
    to: ApplicationStatus,
    allowed_from: frozenset[str] | set[str],
) -> Application:
    """Move an application between casework states; the caller audits why.

    The row is locked and its state checked, so two people acting on one case at once cannot
    both move it.
    """
    locked = Application.objects.select_for_update().get(pk=application.pk)
    if locked.status not in allowed_from:
        raise ServiceError(
            f"Application {locked.reference} is now {locked.get_status_display().lower()}. "
            "Reload the case to see what changed."
        )
    locked.status = to
    locked.save(update_fields=["status", "updated_at"])
    return locked
