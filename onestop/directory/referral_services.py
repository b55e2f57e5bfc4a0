"""Writes for referrals: council staff refer a household on to a service with its consent, the
receiving partner accepts, declines or records the outcome (or council staff record it for an
organisation that does not use the partner portal), and partners' applications arrive as
referrals in whose outcome the partner is kept informed of."""

from typing import Any, Literal

from django.db import transaction
from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.roles import Capability
from onestop.councils.access import membership_require
from onestop.councils.models import Membership, User
from onestop.directory.models import (
    Referral,
    ReferralDirection,
    ReferralStatus,
    Service,
    ServiceStatus,
)
from onestop.intake.models import Application, ApplicationStatus, Channel
from onestop.notifications.services import message_queue

NEEDS_MAX_LENGTH = 500
REASON_MAX_LENGTH = 2000

# What a partner whose application was decided is told, in plain words (no casework detail).
DECIDED_OUTCOMES = {
    ApplicationStatus.AWARDED: "The council awarded help.",
    ApplicationStatus.REFUSED: "The council did not award help.",
}


def _partner_of_referral(*, actor: User, referral: Referral, doing: str) -> Membership:
    """The actor's partner membership, if they are staff of the organisation the referral was
    sent to; anyone else, council staff included, is refused."""
    membership = membership_require(
        actor=actor, council=referral.council, capability=Capability.REFER_APPLICATIONS, doing=doing
    )
    if (
        referral.direction != ReferralDirection.OUT
        or referral.partner_id is None
        or membership.organisation_id != referral.partner_id
    ):
        raise NotPermitted(f"You do not have permission to {doing}: it was sent to someone else.")
    return membership


def _audit(
    *,
    actor: User | None,
    referral: Referral,
    action: str,
    summary: str,
    reason: str = "",
    details: dict[str, Any] | None = None,
) -> None:
    audit_record(
        actor=actor,
        council=referral.council,
        action=action,
        subject=referral,
        case_reference=referral.application.reference,
        summary=summary,
        reason=reason,
        details={"referral_id": referral.pk, **(details or {})},
    )


def _receiver_name(referral: Referral) -> str:
    if referral.service is not None:
        return f"{referral.service.name} ({referral.service.organization.name})"
    return referral.partner.name if referral.partner else "a partner"


@transaction.atomic
def referral_send(
    *,
    actor: User,
    application: Application,
    service: Service,
    needs: str,
    consent: bool,
) -> Referral:
    """Refer the case's household to a service in the council's directory. The person must
    have agreed; the service must be the council's own and active."""
    council = application.council
    membership_require(
        actor=actor, council=council, capability=Capability.ADD_CASE_NOTES, doing="refer people"
    )
    if not consent:
        raise ServiceError(
            "Confirm the person has agreed to be referred and to their details being shared",
            field="consent",
        )
    if service.council_id != council.pk:
        raise ServiceError("Choose a service from your council's directory", field="services")
    if service.status != ServiceStatus.ACTIVE:
        raise ServiceError(
            f"{service.name} is not taking referrals. Choose an active service", field="services"
        )
    needs = needs.strip()
    if len(needs) > NEEDS_MAX_LENGTH:
        raise ServiceError(f"Needs must be {NEEDS_MAX_LENGTH} characters or fewer", field="needs")
    already = Referral.objects.filter(
        council=council,
        application=application,
        service=service,
        status__in=[ReferralStatus.SENT, ReferralStatus.ACCEPTED],
    ).exists()
    if already:
        raise ServiceError(
            f"This case already has an open referral to {service.name}", field="services"
        )
    organization = service.organization
    now = timezone.now()
    referral = Referral.objects.create(
        council=council,
        application=application,
        household=application.household,
        direction=ReferralDirection.OUT,
        service=service,
        partner=organization.partner,
        needs=needs,
        consent_given_at=now,
        consent_recorded_by=actor,
        status=ReferralStatus.SENT,
        created_by=actor,
    )
    _audit(
        actor=actor,
        referral=referral,
        action="referral.sent",
        summary=f"Referred to {service.name} ({organization.name})",
        reason=needs,
        details={"service_id": service.pk, "consent_given_at": now.isoformat()},
    )
    if referral.partner is not None:
        _partner_staff_tell(referral=referral, service_name=service.name)
    return referral


def _partner_staff_tell(*, referral: Referral, service_name: str) -> None:
    """Email each of the partner's staff: the referral waits on their portal. The emails are
    written now and sent after commit, so a referral that rolls back is never announced."""
    partner = referral.partner
    assert partner is not None
    staff = Membership.objects.filter(organisation=partner, user__is_active=True).select_related(
        "user"
    )
    for member in staff:
        message_queue(
            council=referral.council,
            template="referral_sent_to_partner",
            contact_preference="email",
            phone="",
            email=member.user.email,
            personalisation={
                "organisation": partner.name,
                "service": service_name,
                "council": referral.council.name,
            },
        )
    _audit(
        actor=None,
        referral=referral,
        action="referral.partner_notified",
        summary=f"{partner.name} told of the referral ({staff.count()} staff emailed)",
        details={"organisation_id": partner.pk},
    )


def _require_sent(referral: Referral, *, doing: str) -> None:
    """A reply, accepting or declining, is only for a referral still waiting for one."""
    if referral.status != ReferralStatus.SENT:
        raise ServiceError(
            f"This referral is already {referral.get_status_display().lower()}: it cannot be "
            f"{doing} now"
        )


def _require_accepted(referral: Referral, *, message: str) -> None:
    """An outcome is only for a referral the organisation took."""
    if referral.status != ReferralStatus.ACCEPTED:
        raise ServiceError(message, field="outcome")


def _cleaned_text(text: str, *, missing: str, what: str, field: str) -> str:
    """A decline reason or outcome: required, and no longer than the record keeps."""
    text = text.strip()
    if not text:
        raise ServiceError(missing, field=field)
    if len(text) > REASON_MAX_LENGTH:
        raise ServiceError(f"{what} must be {REASON_MAX_LENGTH:,} characters or fewer", field=field)
    return text


def _mark_accepted(referral: Referral) -> None:
    referral.status = ReferralStatus.ACCEPTED
    referral.save(update_fields=["status", "updated_at"])


def _mark_declined(referral: Referral, *, reason: str) -> None:
    referral.status = ReferralStatus.DECLINED
    referral.decline_reason = reason
    referral.save(update_fields=["status", "decline_reason", "updated_at"])


def _mark_outcome(referral: Referral, *, outcome: str) -> None:
    referral.outcome = outcome
    referral.outcome_recorded_at = timezone.now()
    referral.save(update_fields=["outcome", "outcome_recorded_at", "updated_at"])


@transaction.atomic
def referral_accept(*, actor: User, referral: Referral) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _partner_of_referral(actor=actor, referral=referral, doing="accept this referral")
    _require_sent(referral, doing="accepted")
    _mark_accepted(referral)
    _audit(
        actor=actor,
        referral=referral,
        action="referral.accepted",
        summary=f"Referral accepted by {_receiver_name(referral)}",
    )
    return referral


@transaction.atomic
def referral_decline(*, actor: User, referral: Referral, reason: str) -> Referral:
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _partner_of_referral(actor=actor, referral=referral, doing="decline this referral")
    reason = _cleaned_text(
        reason, missing="Enter why you cannot take this referral", what="The reason", field="reason"
    )
    _require_sent(referral, doing="declined")
    _mark_declined(referral, reason=reason)
    _audit(
        actor=actor,
        referral=referral,
        action="referral.declined",
        summary=f"Referral declined by {_receiver_name(referral)}",
        reason=reason,
    )
    return referral


@transaction.atomic
def referral_outcome_record(*, actor: User, referral: Referral, outcome: str) -> Referral:
    """The receiving partner says what came of an accepted referral."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    _partner_of_referral(actor=actor, referral=referral, doing="record this referral's outcome")
    outcome = _cleaned_text(
        outcome, missing="Enter what came of the referral", what="The outcome", field="outcome"
    )
    _require_accepted(referral, message="Accept the referral before you record its outcome")
    _mark_outcome(referral, outcome=outcome)
    _audit(
        actor=actor,
        referral=referral,
        action="referral.outcome_recorded",
        summary=f"Outcome recorded by {_receiver_name(referral)}",
        reason=outcome,
    )
    return referral


# -- council staff recording for an organisation that does not use the partner portal ---------

# What council staff record for an organisation: its reply (accept or decline), then the outcome.
RecordingStep = Literal["reply", "outcome"]


def _organisation_name(referral: Referral) -> str:
    return referral.service.organization.name if referral.service else "the organisation"


def _require_off_portal(referral: Referral) -> None:
    """Council staff answer only for an organisation the referral did not reach on the portal.
    Whether it did was settled when the referral was sent (`partner` is set then): one that
    has joined the portal since cannot see this referral there, so staff still record for it."""
    if referral.direction != ReferralDirection.OUT or referral.service is None:
        sender = referral.partner.name if referral.partner else "a partner"
        raise ServiceError(
            f"This referral came to the council from {sender}: there is no reply to record for it"
        )
    if referral.partner_id is not None:
        raise ServiceError(
            f"{_organisation_name(referral)} uses the partner portal: its own staff accept, "
            "decline and record the outcome there"
        )


def _outcome_needs_acceptance(referral: Referral) -> str:
    return (
        f"Record that {_organisation_name(referral)} accepted the referral before you record "
        "its outcome"
    )


def _require_recordable(referral: Referral, *, step: RecordingStep) -> None:
    _require_off_portal(referral)
    if step == "reply":
        _require_sent(referral, doing="answered")
    else:
        _require_accepted(referral, message=_outcome_needs_acceptance(referral))


def referral_recording_refusal(*, referral: Referral, step: RecordingStep) -> str | None:
    """Why council staff cannot record this step for the organisation now, or None if they
    can: the same rules the writes below apply, for pages to check before offering a form."""
    try:
        _require_recordable(referral, step=step)
    except ServiceError as error:
        return error.message
    return None


def _on_behalf_of_organisation(
    *, actor: User, referral: Referral, step: RecordingStep, doing: str
) -> str:
    """The organisation's name, once the actor is shown to be council staff who may refer
    people and the referral is one they may record this step of."""
    membership_require(
        actor=actor, council=referral.council, capability=Capability.ADD_CASE_NOTES, doing=doing
    )
    _require_recordable(referral, step=step)
    return _organisation_name(referral)


def _recorded_by(actor: User) -> str:
    return f"(recorded by {actor.display_name})"


def _on_behalf_details(referral: Referral) -> dict[str, Any]:
    assert referral.service is not None
    return {
        "recorded_by_council_staff": True,
        "recorded_for_organization_id": referral.service.organization_id,
    }


@transaction.atomic
def referral_accept_on_behalf(*, actor: User, referral: Referral) -> Referral:
    """Council staff record that an organisation not on the partner portal took the referral,
    as it told them by phone or email."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    organisation = _on_behalf_of_organisation(
        actor=actor, referral=referral, step="reply", doing="record replies to referrals"
    )
    _mark_accepted(referral)
    _audit(
        actor=actor,
        referral=referral,
        action="referral.accepted",
        summary=f"Accepted by {organisation} {_recorded_by(actor)}",
        details=_on_behalf_details(referral),
    )
    return referral


@transaction.atomic
def referral_decline_on_behalf(*, actor: User, referral: Referral, reason: str) -> Referral:
    """Council staff record that an organisation not on the partner portal cannot take the
    referral, with the reason it gave."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    organisation = _on_behalf_of_organisation(
        actor=actor, referral=referral, step="reply", doing="record replies to referrals"
    )
    reason = _cleaned_text(
        reason,
        missing=f"Enter why {organisation} cannot take this referral",
        what="The reason",
        field="reason",
    )
    _mark_declined(referral, reason=reason)
    _audit(
        actor=actor,
        referral=referral,
        action="referral.declined",
        summary=f"Declined by {organisation} {_recorded_by(actor)}",
        reason=reason,
        details=_on_behalf_details(referral),
    )
    return referral


@transaction.atomic
def referral_outcome_record_on_behalf(*, actor: User, referral: Referral, outcome: str) -> Referral:
    """Council staff record what an organisation not on the partner portal said came of a
    referral it accepted."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    organisation = _on_behalf_of_organisation(
        actor=actor, referral=referral, step="outcome", doing="record referral outcomes"
    )
    outcome = _cleaned_text(
        outcome, missing="Enter what came of the referral", what="The outcome", field="outcome"
    )
    _mark_outcome(referral, outcome=outcome)
    _audit(
        actor=actor,
        referral=referral,
        action="referral.outcome_recorded",
        summary=f"Outcome from {organisation} {_recorded_by(actor)}",
        reason=outcome,
        details=_on_behalf_details(referral),
    )
    return referral


@transaction.atomic
def referral_close(*, actor: User, referral: Referral) -> Referral:
    """Council staff close a referral: nothing more is expected of it."""
    referral = Referral.objects.select_for_update().get(pk=referral.pk)
    membership_require(
        actor=actor,
        council=referral.council,
        capability=Capability.ADD_CASE_NOTES,
        doing="close referrals",
    )
    if referral.status == ReferralStatus.CLOSED:
        raise ServiceError("This referral is already closed")
    referral.status = ReferralStatus.CLOSED
    referral.closed_at = timezone.now()
    referral.save(update_fields=["status", "closed_at", "updated_at"])
    _audit(
        actor=actor,
        referral=referral,
        action="referral.closed",
        summary=f"Referral to {_receiver_name(referral)} closed"
        if referral.direction == ReferralDirection.OUT
        else f"Referral from {_receiver_name(referral)} closed",
    )
    return referral


@transaction.atomic
def referral_from_partner_application(*, application: Application) -> Referral | None:
    """The in referral for an application a partner sent; nothing for any other application.
    The same application twice gives the same referral and one record."""
    if application.channel != Channel.PARTNER or application.organisation_id is None:
        return None
    existing = Referral.objects.filter(
        council=application.council, application=application, direction=ReferralDirection.IN
    ).first()
    if existing is not None:
        return existing
    referral = Referral.objects.create(
        council=application.council,
        application=application,
        household=application.household,
        direction=ReferralDirection.IN,
        partner=application.organisation,
        needs=application.get_crisis_reason_display(),
        status=ReferralStatus.SENT,
        created_by=application.submitted_by,
    )
    _audit(
        actor=None,
        referral=referral,
        action="referral.received",
        summary=f"Referral received from {referral.partner.name if referral.partner else ''}",
        details={"organisation_id": application.organisation_id},
    )
    return referral


@transaction.atomic
def referral_in_outcome_sync(*, referral: Referral) -> Referral:
    """Keep the referring partner informed: once the council has decided the application, its
    in referral records the outcome and closes. Nothing changes until then, or after."""
    if referral.direction != ReferralDirection.IN or referral.status == ReferralStatus.CLOSED:
        return referral
    referral = (
        Referral.objects.select_for_update().select_related("application").get(pk=referral.pk)
    )
    if referral.status == ReferralStatus.CLOSED:
        return referral
    application = referral.application
    outcome = DECIDED_OUTCOMES.get(ApplicationStatus(application.status))
    if outcome is None:
        return referral
    now = timezone.now()
    referral.outcome = outcome
    referral.outcome_recorded_at = application.decided_at or now
    referral.status = ReferralStatus.CLOSED
    referral.closed_at = now
    referral.save(
        update_fields=["outcome", "outcome_recorded_at", "status", "closed_at", "updated_at"]
    )
    _audit(
        actor=None,
        referral=referral,
        action="referral.outcome_recorded",
        summary=f"Referral from {_receiver_name(referral)}: decision shared with the partner",
        reason=outcome,
    )
    return referral


def on_application_assessed(sender: Any, *, application_id: int, **kwargs: Any) -> None:
    """intake's signal, after commit: a partner's application becomes an in referral."""
    application = (
        Application.objects.select_related("council", "organisation", "household")
        .filter(pk=application_id)
        .first()
    )
    if application is not None:
        referral_from_partner_application(application=application)


def on_application_decided(sender: Any, *, application_id: int, **kwargs: Any) -> None:
    """intake's signal, after the decision commits: the partner that referred the application
    sees the outcome straight away on its in referral."""
    referral = Referral.objects.filter(
        application_id=application_id, direction=ReferralDirection.IN
    ).first()
    if referral is not None:
        referral_in_outcome_sync(referral=referral)
