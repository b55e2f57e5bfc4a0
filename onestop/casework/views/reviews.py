"""Review pages: asking for a review of a case, the council's reviews, and deciding one."""

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from onestop.casework.forms.reviews import ReviewAssignForm, ReviewDecisionForm, ReviewRequestForm
from onestop.casework.models import Review
from onestop.casework.selectors.cases import deadline_status, decision_for
from onestop.casework.selectors.reviews import (
    review_by_id,
    review_decided_on_time,
    review_window_ends,
    reviewers_for,
    reviews_decided,
    reviews_for_case,
    reviews_waiting,
)
from onestop.casework.services.decisions import case_view_record
from onestop.casework.services.reviews import (
    review_assign,
    review_decide,
    review_request,
    reviewer_may_review,
)
from onestop.casework.views.cases import application_or_404
from onestop.core.errors import ServiceError
from onestop.core.formatting import govuk_date
from onestop.core.forms import GovukForm, error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page


def _show_error(form: GovukForm, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _review_or_404(staff: Staff, review_id: int) -> Review:
    review = review_by_id(council=staff.council, review_id=review_id)
    if review is None:
        raise Http404
    return review


def _to_review(staff: Staff, review: Review) -> HttpResponse:
    return redirect("casework:review", council_slug=staff.council.slug, review_id=review.pk)


@staff_page(Capability.TAKE_APPLICATIONS)
def review_new(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = application_or_404(staff, reference)
    decision = decision_for(application=application)
    if decision is None:
        messages.info(
            request, f"{application.reference} has not been decided yet, so it cannot be reviewed."
        )
        return redirect(
            "casework:case", council_slug=staff.council.slug, reference=application.reference
        )
    if request.method == "GET":
        case_view_record(membership=staff.membership, application=application)
    form = ReviewRequestForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            review = review_request(
                actor=staff.user,
                application=application,
                channel=d["channel"],
                requested_on=d["requested_on"],
                grounds=d["grounds"],
                late_reason=d["late_reason"],
            )
        except ServiceError as error:
            _show_error(form, error)
        else:
            messages.success(
                request,
                f"Review request logged for {application.reference}. It is due by the end of "
                f"{govuk_date(review.due_on)}. The applicant is being told.",
            )
            return redirect(
                "casework:case", council_slug=staff.council.slug, reference=application.reference
            )
    return render(
        request,
        "casework/reviews_new.html",
        {
            "staff": staff,
            "application": application,
            "decision": decision,
            "window_ends": review_window_ends(decision=decision),
            "earlier_reviews": reviews_for_case(application=application),
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "find",
            "title": f"Ask for a review of {application.reference}",
        },
    )


@staff_page(Capability.REVIEW_DECISIONS)
def review_list(request: HttpRequest, staff: Staff) -> HttpResponse:
    today = timezone.localdate()
    region = staff.council.bank_holiday_region
    waiting = [
        (r, deadline_status(due=r.due_on, today=today, region=region))
        for r in reviews_waiting(council=staff.council)
    ]
    return render(
        request,
        "casework/reviews.html",
        {
            "staff": staff,
            "waiting": waiting,
            "decided": [
                (r, review_decided_on_time(r)) for r in reviews_decided(council=staff.council)
            ],
            "active": "reviews",
            "title": "Reviews",
        },
    )


def _review_page(
    request: HttpRequest,
    staff: Staff,
    review: Review,
    *,
    decision_form: ReviewDecisionForm,
    assign_form: ReviewAssignForm,
) -> HttpResponse:
    context: dict[str, Any] = {
        "staff": staff,
        "review": review,
        "application": review.application,
        "decision": review.decision,
        "may_decide": reviewer_may_review(membership=staff.membership, review=review),
        "deadline": deadline_status(
            due=review.due_on,
            today=timezone.localdate(),
            region=staff.council.bank_holiday_region,
        ),
        "decision_form": decision_form,
        "assign_form": assign_form,
        "errors": error_summary(decision_form, assign_form),
        "active": "reviews",
        "title": f"Review of {review.application.reference}",
    }
    return render(request, "casework/reviews_review.html", context)


@staff_page(Capability.REVIEW_DECISIONS)
def review(request: HttpRequest, staff: Staff, review_id: int) -> HttpResponse:
    review = _review_or_404(staff, review_id)
    if request.method == "GET":
        case_view_record(membership=staff.membership, application=review.application)
    form = ReviewDecisionForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            review_decide(
                membership=staff.membership,
                review=review,
                outcome=d["outcome"],
                amount_pence=d["amount"] or 0,
                reasons=d["reasons"],
            )
        except ServiceError as error:
            _show_error(form, error)
        else:
            messages.success(
                request,
                f"Review of {review.application.reference} decided. The applicant is being told "
                "and sent a letter.",
            )
            return _to_review(staff, review)
    return _review_page(
        request,
        staff,
        review,
        decision_form=form,
        assign_form=ReviewAssignForm(reviewers=reviewers_for(review=review)),
    )


@require_POST
@staff_page(Capability.REVIEW_DECISIONS)
def review_assign_to(request: HttpRequest, staff: Staff, review_id: int) -> HttpResponse:
    """Team leaders assign anyone who may review; a reviewer may take a review themselves."""
    review = _review_or_404(staff, review_id)
    form = ReviewAssignForm(request.POST, reviewers=reviewers_for(review=review))
    if form.is_valid():
        assignee = form.reviewers[form.cleaned_data["assignee"]]
        try:
            review_assign(membership=staff.membership, review=review, assignee=assignee)
        except ServiceError as error:
            _show_error(form, error)
        else:
            messages.success(request, f"Review assigned to {assignee.user.display_name}.")
            return _to_review(staff, review)
    return _review_page(
        request, staff, review, decision_form=ReviewDecisionForm(), assign_form=form
    )
