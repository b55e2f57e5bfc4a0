"""What an applicant may be told of their application on the status page, and nothing more.

It reads casework (the decision, information asked for, reviews) and fulfilment (the award),
so it lives in casework, the top of the dependency order, beside the public review pages.
"""

import datetime
from dataclasses import dataclass, replace
from enum import StrEnum

from django.utils import timezone

from onestop.casework.models import ReviewStatus
from onestop.casework.selectors.cases import decision_for
from onestop.casework.selectors.decisions import information_request_open
from onestop.casework.selectors.reviews import reviews_for_case
from onestop.fulfilment.models import AwardStatus
from onestop.intake.models import Application, ApplicationStatus


class Stage(StrEnum):
    RECEIVED = "received"
    INFORMATION_NEEDED = "information_needed"
    BEING_DECIDED = "being_decided"
    AWARDED = "awarded"
    REFUSED = "refused"


@dataclass(frozen=True)
class Progress:
    """Where one application is. Of the person, only their first name."""

    stage: Stage
    reference: str
    first_name: str
    scheme_name: str
    submitted_on: datetime.date
    decision_due: datetime.date
    is_late: bool = False
    information_needed: str = ""
    information_due: datetime.date | None = None
    award_pence: int = 0
    award_type: str = ""
    award_sent_on: datetime.date | None = None
    review_due: datetime.date | None = None


def _stage(application: Application) -> Stage:
    status = application.status
    if status == ApplicationStatus.WAITING_FOR_INFORMATION:
        return Stage.INFORMATION_NEEDED
    if status == ApplicationStatus.AWARDED:
        return Stage.AWARDED
    if status == ApplicationStatus.REFUSED:
        return Stage.REFUSED
    if status == ApplicationStatus.AWAITING_APPROVAL or application.assigned_to_id:
        return Stage.BEING_DECIDED
    return Stage.RECEIVED


def progress_for_applicant(application: Application) -> Progress:
    progress = Progress(
        stage=_stage(application),
        reference=application.reference,
        first_name=application.applicant.first_name,
        scheme_name=application.scheme.name,
        submitted_on=timezone.localtime(application.submitted_at).date(),
        decision_due=application.decision_due,
    )
    if progress.stage == Stage.INFORMATION_NEEDED:
        request = information_request_open(application=application)
        if request is None:
            return progress
        return replace(
            progress, information_needed=request.what_is_needed, information_due=request.due_on
        )
    if progress.stage in (Stage.RECEIVED, Stage.BEING_DECIDED):
        return replace(progress, is_late=application.decision_due < timezone.localdate())
    return _decided(progress, application)


def _decided(progress: Progress, application: Application) -> Progress:
    decision = decision_for(application=application)
    award = decision.award if decision else None
    waiting = [
        r for r in reviews_for_case(application=application) if r.status == ReviewStatus.WAITING
    ]
    if waiting:
        progress = replace(progress, review_due=waiting[0].due_on)
    if progress.stage != Stage.AWARDED or decision is None:
        return progress
    progress = replace(progress, award_pence=decision.amount_pence)
    if award is None:
        return progress
    sent_on = None
    if award.status == AwardStatus.FULFILLED and award.fulfilled_at is not None:
        sent_on = timezone.localtime(award.fulfilled_at).date()
    return replace(progress, award_type=award.award_type, award_sent_on=sent_on)
