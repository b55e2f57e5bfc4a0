"""Reads about reviews: the council's waiting and decided reviews, one case's, who may do one."""

import datetime
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from onestop.casework.models import Decision, Review, ReviewStatus
from onestop.casework.selectors.cases import decision_for
from onestop.core.roles import Capability, role_can
from onestop.core.working_days import add_calendar_months
from onestop.councils.models import Council, Membership
from onestop.councils.selectors import council_staff
from onestop.intake.models import Application


def decision_date(decision: Decision) -> datetime.date:
    return timezone.localtime(decision.created_at).date()


def review_window_ends(*, decision: Decision) -> datetime.date:
    """The last day the applicant may ask for a review without it being late."""
    months = decision.application.council.review_window_months
    return add_calendar_months(decision_date(decision), months)


_RELATED = (
    "application__applicant",
    "application__scheme",
    "decision__decided_by",
    "decision__approved_by",
    "assigned_to",
    "reviewed_by",
    "logged_by",
)


def reviews_waiting(*, council: Council) -> QuerySet[Review]:
    """Reviews not yet decided, the earliest deadline first."""
    return (
        Review.objects.select_related(*_RELATED)
        .filter(council=council, status=ReviewStatus.WAITING)
        .order_by("due_on", "requested_on", "id")
    )


def review_decided_on_time(review: Review) -> bool:
    """Whether the review was decided by the end of the day it was due."""
    return review.decided_at is not None and (
        timezone.localtime(review.decided_at).date() <= review.due_on
    )


def reviews_decided(*, council: Council, limit: int = 50) -> QuerySet[Review]:
    """The most recently decided reviews."""
    return (
        Review.objects.select_related(*_RELATED)
        .filter(council=council, status=ReviewStatus.DECIDED)
        .order_by("-decided_at", "-id")[:limit]
    )


def review_by_id(*, council: Council, review_id: int) -> Review | None:
    return Review.objects.select_related(*_RELATED).filter(council=council, pk=review_id).first()


def reviews_for_case(*, application: Application) -> QuerySet[Review]:
    return Review.objects.select_related(*_RELATED).filter(
        council=application.council, application=application
    )


def reviewers_for(*, review: Review) -> list[Membership]:
    """Staff who could do this review: they review decisions and did not make or approve it."""
    excluded = {review.decision.decided_by_id, review.decision.approved_by_id}
    return [
        m
        for m in council_staff(council=review.council)
        if role_can(m.role, Capability.REVIEW_DECISIONS) and m.user_id not in excluded
    ]


@dataclass(frozen=True)
class CaseReviews:
    """The case page's reviews panel: the reviews, and whether a new one may be asked for."""

    reviews: list[Review]
    window_ends: datetime.date | None  # None until the application is decided
    may_ask: bool  # decided, and no review waiting or done


def case_reviews(*, application: Application) -> CaseReviews:
    decision = decision_for(application=application)
    reviews = list(reviews_for_case(application=application))
    return CaseReviews(
        reviews=reviews,
        window_ends=review_window_ends(decision=decision) if decision else None,
        may_ask=decision is not None
        and not any(r.status in (ReviewStatus.WAITING, ReviewStatus.DECIDED) for r in reviews),
    )
