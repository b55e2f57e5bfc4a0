"""Reviews: the applicant asks for a decision to be looked at again, by someone else.

A review is asked for within the council's window (a number of calendar months from the
decision; later only at the council's discretion, with the reason kept), is due a number of
working days after it was asked for, is never done by whoever made or approved the decision,
and can keep the decision or improve it, never reduce it. Extra money is committed in the
review's own transaction, charged to the budget last.
"""

import datetime

from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext

from onestop.budgets.services import budget_charge
from onestop.casework.models import Decision, Review, ReviewChannel, ReviewOutcome, ReviewStatus
from onestop.casework.selectors.cases import decision_for
from onestop.casework.selectors.reviews import decision_date
from onestop.casework.services.decisions import MAX_AWARD_PENCE, award_record
from onestop.casework.services.letters import award_delivery_words
from onestop.core.audit import audit_record
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.formatting import govuk_date
from onestop.core.money import format_pounds
from onestop.core.roles import Capability, role_can
from onestop.core.working_days import add_calendar_months, add_working_days
from onestop.councils.access import membership_require, require_capability
from onestop.councils.models import Membership, User
from onestop.intake.models import Application, ApplicationStatus
from onestop.intake.services import application_status_change
from onestop.notifications.letters import ReviewOutcomeLetterContext
from onestop.notifications.models import LetterKind
from onestop.notifications.services import letter_queue, message_queue
from onestop.policy.models import AwardType


def _months(n: int) -> str:
    return "1 month" if n == 1 else f"{n} months"


def _reviewable_decision(application: Application) -> Decision:
    decision = decision_for(application=application)
    if decision is None:
        raise ServiceError(
            f"{application.reference} has not been decided yet, so there is no decision to "
            "review. The applicant will hear the decision first."
        )
    reviews = Review.objects.filter(council=application.council, decision=decision)
    waiting = reviews.filter(status=ReviewStatus.WAITING).first()
    if waiting is not None:
        raise ServiceError(
            f"A review of this decision is already waiting. It is due by the end of "
            f"{govuk_date(waiting.due_on)}."
        )
    done = reviews.filter(status=ReviewStatus.DECIDED).first()
    if done is not None:
        raise ServiceError(
            f"This decision was reviewed on {govuk_date(done.decided_at)}. If the applicant is "
            f"still unhappy, they can make a complaint or go to the "
            f"{application.council.ombudsman_name}."
        )
    return decision


def review_request(
    *,
    actor: User | None,
    application: Application,
    channel: str,
    requested_on: datetime.date,
    grounds: str,
    late_reason: str = "",
) -> Review:
    """Log the applicant's request for a review. `actor` is the member of staff who took it
    (by phone, letter or in person), or None when the applicant asked online themselves."""
    council = application.council
    if actor is not None:
        membership_require(
            actor=actor,
            council=council,
            capability=Capability.TAKE_APPLICATIONS,
            doing="log review requests",
        )
    if channel not in ReviewChannel.values:
        raise ServiceError("Select how the applicant asked for the review.", field="channel")
    grounds = grounds.strip()
    if not grounds:
        raise ServiceError(
            "Enter why the applicant thinks the decision is wrong, in their words.",
            field="grounds",
        )
    today = timezone.localdate()
    if requested_on > today:
        raise ServiceError(
            "The date the applicant asked must be today or in the past.", field="requested_on"
        )
    with transaction.atomic():
        decision = _reviewable_decision(application)
        decided_on = decision_date(decision)
        if requested_on < decided_on:
            raise ServiceError(
                f"The date the applicant asked must be on or after the decision, made on "
                f"{govuk_date(decided_on)}.",
                field="requested_on",
            )
        window_ends = add_calendar_months(decided_on, council.review_window_months)
        is_late = requested_on > window_ends
        late_reason = late_reason.strip() if is_late else ""
        if is_late and not late_reason:
            raise ServiceError(
                f"The applicant asked on {govuk_date(requested_on)}, after the review window "
                f"closed on {govuk_date(window_ends)} ({_months(council.review_window_months)} "
                "from the decision). To accept the request anyway, enter why the council is "
                f"accepting it late. If it is not accepted, tell the applicant they can go to "
                f"the {council.ombudsman_name}.",
                field="late_reason",
            )
        due_on = add_working_days(
            requested_on,
            application.scheme.review_target_working_days,
            region=council.bank_holiday_region,
        )
        review = Review.objects.create(
            council=council,
            application=application,
            decision=decision,
            original_decided_by=decision.decided_by,
            original_amount_pence=decision.amount_pence,
            channel=channel,
            requested_on=requested_on,
            grounds=grounds,
            logged_by=actor,
            is_late=is_late,
            late_reason=late_reason,
            due_on=due_on,
        )
        summary = f"Review asked for ({ReviewChannel(channel).label.lower()})"
        if is_late:
            summary += ", after the review window: accepted at the council's discretion"
        audit_record(
            actor=actor,
            on_behalf_of="The applicant, online" if actor is None else "",
            council=council,
            action="review.requested",
            subject=review,
            case_reference=application.reference,
            summary=summary,
            reason=grounds if not is_late else f"{grounds}\n\nAccepted late because: {late_reason}",
            details={
                "channel": channel,
                "requested_on": requested_on.isoformat(),
                "due_on": due_on.isoformat(),
                "late": is_late,
                "window_ends": window_ends.isoformat(),
            },
        )
        applicant = application.applicant
        message_queue(
            council=council,
            template="review_received",
            contact_preference=applicant.contact_preference,
            phone=applicant.phone,
            email=applicant.email,
            case_reference=application.reference,
            personalisation={
                "first_name": applicant.first_name,
                "reference": application.reference,
                "due_date": due_on,
            },
            language=applicant.language,
        )
    return review


def _may_review(*, user: User, decision: Decision) -> bool:
    return user.pk not in {decision.decided_by_id, decision.approved_by_id}


def _not_the_original(*, user: User, decision: Decision, you: bool) -> None:
    if user.pk == decision.decided_by_id:
        who = "You made" if you else f"{user.display_name} made"
    elif user.pk == decision.approved_by_id:
        who = "You approved" if you else f"{user.display_name} approved"
    else:
        return
    raise NotPermitted(
        f"{who} the original decision, so another decision maker must review it."
        + (" Ask a colleague to do this review." if you else " Choose someone else.")
    )


def review_assign(*, membership: Membership, review: Review, assignee: Membership) -> Review:
    """Give a waiting review to a reviewer: never to whoever made or approved the decision.

    A team leader may assign anyone who reviews decisions; a reviewer may take one themselves.
    """
    application = review.application
    taking_it_myself = assignee.pk == membership.pk
    require_capability(
        membership=membership,
        council=application.council,
        capability=Capability.REVIEW_DECISIONS if taking_it_myself else Capability.ASSIGN_CASES,
        doing="assign reviews",
    )
    if assignee.council_id != application.council_id or not role_can(
        assignee.role, Capability.REVIEW_DECISIONS
    ):
        raise ServiceError(
            f"{assignee.user.display_name} cannot review decisions. Choose a decision maker or "
            "team leader.",
            field="assignee",
        )
    _not_the_original(user=assignee.user, decision=review.decision, you=taking_it_myself)
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if locked.status != ReviewStatus.WAITING:
            raise ServiceError("This review has already been decided, so it cannot be assigned.")
        locked.assigned_to = assignee.user
        locked.save(update_fields=["assigned_to", "updated_at"])
        audit_record(
            actor=membership.user,
            council=application.council,
            action="review.assigned",
            subject=locked,
            case_reference=application.reference,
            summary=f"Review assigned to {assignee.user.display_name}",
        )
    return locked


def _checked_amount(*, outcome: str, amount_pence: int, original_pence: int) -> int:
    """The award after review: the original if upheld; more than the original if changed."""
    if outcome == ReviewOutcome.UPHELD:
        return original_pence
    if outcome != ReviewOutcome.CHANGED:
        raise ServiceError("Select whether to keep or change the decision.", field="outcome")
    original = format_pounds(original_pence)
    if amount_pence < original_pence:
        raise ServiceError(
            f"A review cannot reduce an award. Enter more than the original {original}, "
            "or keep the decision.",
            field="amount",
        )
    if amount_pence == original_pence:
        raise ServiceError(
            f"Enter an award of more than the original {original}. To leave it as it is, "
            "select that the original decision is kept.",
            field="amount",
        )
    if amount_pence > MAX_AWARD_PENCE:
        raise ServiceError(
            f"Enter an award of {format_pounds(MAX_AWARD_PENCE)} or less.", field="amount"
        )
    return amount_pence


def _outcome_summary(review: Review, language: str) -> str:
    """The review's outcome in a sentence, in the applicant's language, for the message."""
    with translation.override(language):
        if review.outcome == ReviewOutcome.UPHELD:
            return gettext("we have kept our original decision. Our letter explains why")
        if review.original_amount_pence == 0:
            return gettext(
                "we have changed our decision and awarded you %(amount)s. We will send your "
                "e-voucher codes separately"
            ) % {"amount": format_pounds(review.amount_pence)}
        return gettext(
            "we have increased your award from %(original)s to %(amount)s. We will send "
            "e-voucher codes for the extra %(extra)s separately"
        ) % {
            "original": format_pounds(review.original_amount_pence),
            "amount": format_pounds(review.amount_pence),
            "extra": format_pounds(review.amount_pence - review.original_amount_pence),
        }


def _award_delivery(review: Review, *, by_email: bool, language: str) -> str:
    if review.award_id is None:
        return ""
    if review.application.scheme.award_type != AwardType.E_VOUCHER:
        return award_delivery_words(
            award_type=review.application.scheme.award_type, language=language
        )
    with translation.override(language):
        if by_email:
            return gettext("We will send the e-voucher codes for %(extra)s by email.") % {
                "extra": format_pounds(review.amount_pence - review.original_amount_pence)
            }
        return gettext("We will send the e-voucher codes for %(extra)s by text message.") % {
            "extra": format_pounds(review.amount_pence - review.original_amount_pence)
        }


def _outcome_letter_queue(*, actor: User, review: Review) -> None:
    """The outcome letter, naming the ombudsman as the next step; posted after commit."""
    application = review.application
    applicant, household, council = application.applicant, application.household, review.council
    letter_queue(
        council=council,
        kind=LetterKind.REVIEW_OUTCOME,
        language=applicant.language,
        case_reference=application.reference,
        recipient_name=applicant.full_name,
        address_lines=[
            household.address_line_1,
            household.address_line_2,
            household.town,
            household.postcode,
        ],
        context=ReviewOutcomeLetterContext(
            scheme_name=application.scheme.name,
            decision_changed=review.outcome == ReviewOutcome.CHANGED,
            review_reasons=review.reasons,
            ombudsman_name=council.ombudsman_name,
            ombudsman_url=council.ombudsman_url,
            award_pence=review.amount_pence,
            award_delivery=_award_delivery(
                review,
                by_email=applicant.contact_preference == "email",
                language=applicant.language,
            ),
        ),
        actor=actor,
    )


def review_decide(
    *,
    membership: Membership,
    review: Review,
    outcome: str,
    amount_pence: int,
    reasons: str,
) -> Review:
    """Keep the decision, or change it: a refusal to an award, or an award to a bigger one.

    The extra money, if any, is committed and sent for fulfilment in this transaction, with
    the budget charged last; if the budget cannot pay, nothing of the review is kept.
    """
    application = review.application
    require_capability(
        membership=membership,
        council=application.council,
        capability=Capability.REVIEW_DECISIONS,
        doing="review decisions",
    )
    reviewer = membership.user
    _not_the_original(user=reviewer, decision=review.decision, you=True)
    reasons = reasons.strip()
    if not reasons:
        raise ServiceError(
            "Enter the reasons for the review's outcome. They are sent to the applicant.",
            field="reasons",
        )
    new_amount = _checked_amount(
        outcome=outcome, amount_pence=amount_pence, original_pence=review.original_amount_pence
    )
    with transaction.atomic():
        locked = Review.objects.select_for_update().get(pk=review.pk)
        if locked.status != ReviewStatus.WAITING:
            raise ServiceError("This review has already been decided. Reload the page to see it.")
        extra = new_amount - locked.original_amount_pence
        award = None
        if extra:
            if locked.original_amount_pence == 0:
                application = application_status_change(
                    application=application,
                    to=ApplicationStatus.AWARDED,
                    allowed_from={ApplicationStatus.REFUSED},
                )
            award = award_record(actor=reviewer, application=application, amount_pence=extra)
        locked.status = ReviewStatus.DECIDED
        locked.outcome = outcome
        locked.amount_pence = new_amount
        locked.reasons = reasons
        locked.reviewed_by = reviewer
        locked.decided_at = timezone.now()
        locked.award = award
        locked.save()
        if outcome == ReviewOutcome.UPHELD:
            summary = "Review: original decision kept"
        elif locked.original_amount_pence == 0:
            summary = f"Review: refusal changed to an award of {format_pounds(new_amount)}"
        else:
            summary = (
                f"Review: award increased from {format_pounds(locked.original_amount_pence)} "
                f"to {format_pounds(new_amount)}"
            )
        audit_record(
            actor=reviewer,
            council=application.council,
            action=f"review.{outcome}",
            subject=locked,
            case_reference=application.reference,
            summary=summary,
            reason=reasons,
            details={
                "original_pence": locked.original_amount_pence,
                "after_review_pence": new_amount,
                "extra_pence": extra,
                "on_time": timezone.localdate() <= locked.due_on,
            },
        )
        applicant = application.applicant
        message_queue(
            council=application.council,
            template="review_decided",
            contact_preference=applicant.contact_preference,
            phone=applicant.phone,
            email=applicant.email,
            case_reference=application.reference,
            personalisation={
                "first_name": applicant.first_name,
                "reference": application.reference,
                "outcome_summary": _outcome_summary(locked, applicant.language),
            },
            language=applicant.language,
        )
        _outcome_letter_queue(actor=reviewer, review=locked)
        if award is not None:
            # Last, so the budget row is locked only from here to the commit.
            budget_charge(commitment=award.commitment)
    return locked


def reviewer_may_review(*, membership: Membership, review: Review) -> bool:
    """Whether this person could decide the review: they review, and did not make or approve it."""
    return role_can(membership.role, Capability.REVIEW_DECISIONS) and _may_review(
        user=membership.user, decision=review.decision
    )
