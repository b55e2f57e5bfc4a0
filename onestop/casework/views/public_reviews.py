"""Public pages where an applicant asks, without an account, for a decision to be looked at again.

One thing per page: find the decision by reference and date of birth, say why it is wrong, say
why now if the council's window has closed, check, send. Until the request is sent the session
keeps only the application's id and the answers; nothing is saved before the last step. Guessing
is limited per session and per address (in Django's cache), after which people are asked to call.
"""

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods

from onestop.casework.forms.public_reviews import (
    MAX_ANSWER_LENGTH,
    ReviewGroundsForm,
    ReviewLateReasonForm,
    ReviewLookupForm,
)
from onestop.casework.models import Decision, ReviewChannel, ReviewStatus
from onestop.casework.selectors.cases import decision_for
from onestop.casework.selectors.public_reviews import (
    application_by_id,
    application_for_applicant,
    application_is_decided,
)
from onestop.casework.selectors.reviews import (
    decision_date,
    review_by_id,
    review_window_ends,
    reviews_for_case,
)
from onestop.casework.services.reviews import review_request
from onestop.core.errors import ServiceError
from onestop.core.forms import error_summary
from onestop.core.lookups import GuessLimit
from onestop.councils.access import public_council
from onestop.councils.contact import call_us
from onestop.councils.models import Council
from onestop.intake.models import Application

JOURNEY_KEY = "public_review"
SENT_KEY = "public_review_sent"
# Guessing is limited per session and per client address; see onestop.core.lookups.
LOOKUP_LIMIT = GuessLimit(name="public-review", per_session=5, per_address=20)


def not_found_message(council: Council) -> str:
    """One message whether the reference or the date of birth was wrong, so neither is given away."""
    numbers = call_us(council)
    if numbers:
        return _(
            "We could not find a decision with that reference and date of birth. Check both and "
            "try again. If you still cannot find it, call us on %(numbers)s."
        ) % {"numbers": numbers}
    return _(
        "We could not find a decision with that reference and date of birth. Check both and "
        "try again. If you still cannot find it, contact %(council)s."
    ) % {"council": council.name}


def months(n: int) -> str:
    return ngettext("%(count)d month", "%(count)d months", n) % {"count": n}


@dataclass(frozen=True)
class Journey:
    """The decision the applicant found, and what they have told us so far."""

    application: Application
    decision: Decision
    answers: dict[str, Any]

    @property
    def is_late(self) -> bool:
        return timezone.localdate() > review_window_ends(decision=self.decision)


def _journey(request: HttpRequest, council: Council) -> Journey | None:
    answers = request.session.get(JOURNEY_KEY)
    if not answers or answers.get("council_id") != council.pk:
        return None
    application = application_by_id(council=council, application_id=answers["application_id"])
    if application is None or not application_is_decided(application):
        return None
    decision = decision_for(application=application)
    if decision is None:
        return None
    return Journey(application, decision, answers)


def _remember(request: HttpRequest, **answers: str) -> None:
    # A new dict, so the session knows it changed.
    request.session[JOURNEY_KEY] = {**request.session[JOURNEY_KEY], **answers}


def _to(name: str, council: Council) -> HttpResponse:
    return redirect(f"public_reviews:{name}", council_slug=council.slug)


def _page(
    request: HttpRequest,
    council: Council,
    template: str,
    title: str,
    *,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    return render(
        request,
        f"casework/public/{template}",
        {"council": council, "call_us": call_us(council), "title": title, **context},
        status=status,
    )


def _about_the_decision(journey: Journey) -> dict[str, Any]:
    """All a page after the look-up may show of the case: first name and the decision's date."""
    return {
        "reference": journey.application.reference,
        "first_name": journey.application.applicant.first_name,
        "decided_on": decision_date(journey.decision),
        "window_ends": review_window_ends(decision=journey.decision),
        "is_late": journey.is_late,
        "max_length": MAX_ANSWER_LENGTH,
    }


def _too_many_tries(request: HttpRequest, council: Council) -> HttpResponse:
    return _page(
        request, council, "too_many_tries.html", _("Call us to ask for a review"), status=429
    )


@require_GET
def start(request: HttpRequest, council_slug: str) -> HttpResponse:
    council = public_council(council_slug)
    return _page(
        request,
        council,
        "start.html",
        _("Ask for a review of a crisis support decision"),
        window=months(council.review_window_months),
    )


@require_http_methods(["GET", "POST"])
def find(request: HttpRequest, council_slug: str) -> HttpResponse:
    council = public_council(council_slug)
    if LOOKUP_LIMIT.blocked(request):
        return _too_many_tries(request, council)
    form = ReviewLookupForm(request.POST if request.method == "POST" else None)
    errors = error_summary(form) if form.is_bound else []
    if request.method == "POST" and form.is_valid():
        application = application_for_applicant(
            council=council,
            reference=form.cleaned_data["reference"],
            date_of_birth=form.cleaned_data["date_of_birth"],
        )
        decision = decision_for(application=application) if application else None
        if application is None:
            LOOKUP_LIMIT.failed(request)
            if LOOKUP_LIMIT.blocked(request):
                return _too_many_tries(request, council)
            errors = [{"text": not_found_message(council), "href": "#reference"}]
        elif decision is None or not application_is_decided(application):
            return _page(request, council, "not_decided.html", _("We have not decided yet"))
        else:
            earlier = [
                r
                for r in reviews_for_case(application=application)
                if r.status in (ReviewStatus.WAITING, ReviewStatus.DECIDED)
            ]
            if earlier:
                return _page(
                    request,
                    council,
                    "already_asked.html",
                    _("You have already asked for a review of this decision"),
                    review=earlier[0],
                )
            request.session.pop(SENT_KEY, None)
            request.session[JOURNEY_KEY] = {
                "council_id": council.pk,
                "application_id": application.pk,
            }
            return _to("grounds", council)
    return _page(
        request,
        council,
        "find.html",
        _("Your reference and date of birth"),
        form=form,
        errors=errors,
    )


@require_http_methods(["GET", "POST"])
def grounds(request: HttpRequest, council_slug: str) -> HttpResponse:
    council = public_council(council_slug)
    journey = _journey(request, council)
    if journey is None:
        return _to("find", council)
    form = ReviewGroundsForm(
        request.POST if request.method == "POST" else None,
        initial={"grounds": journey.answers.get("grounds", "")},
    )
    if request.method == "POST" and form.is_valid():
        _remember(request, grounds=form.cleaned_data["grounds"])
        return _to("why_now" if journey.is_late else "check", council)
    return _page(
        request,
        council,
        "grounds.html",
        _("Why should we look at the decision again?"),
        form=form,
        errors=error_summary(form) if form.is_bound else [],
        **_about_the_decision(journey),
    )


@require_http_methods(["GET", "POST"])
def why_now(request: HttpRequest, council_slug: str) -> HttpResponse:
    council = public_council(council_slug)
    journey = _journey(request, council)
    if journey is None:
        return _to("find", council)
    if not journey.answers.get("grounds"):
        return _to("grounds", council)
    if not journey.is_late:
        return _to("check", council)
    form = ReviewLateReasonForm(
        request.POST if request.method == "POST" else None,
        initial={"late_reason": journey.answers.get("late_reason", "")},
    )
    if request.method == "POST" and form.is_valid():
        _remember(request, late_reason=form.cleaned_data["late_reason"])
        return _to("check", council)
    return _page(
        request,
        council,
        "why_now.html",
        _("Why are you asking now?"),
        form=form,
        errors=error_summary(form) if form.is_bound else [],
        window=months(council.review_window_months),
        **_about_the_decision(journey),
    )


@require_http_methods(["GET", "POST"])
def check(request: HttpRequest, council_slug: str) -> HttpResponse:
    council = public_council(council_slug)
    journey = _journey(request, council)
    if journey is None:
        return _to("find", council)
    if not journey.answers.get("grounds"):
        return _to("grounds", council)
    if journey.is_late and not journey.answers.get("late_reason"):
        return _to("why_now", council)
    if request.method == "POST":
        try:
            review = review_request(
                actor=None,
                application=journey.application,
                channel=ReviewChannel.ONLINE,
                requested_on=timezone.localdate(),
                grounds=journey.answers["grounds"],
                late_reason=journey.answers.get("late_reason", ""),
            )
        except ServiceError as error:
            del request.session[JOURNEY_KEY]
            return _page(
                request,
                council,
                "not_sent.html",
                _("We could not send your request"),
                message=error.message,
            )
        del request.session[JOURNEY_KEY]
        request.session[SENT_KEY] = {"council_id": council.pk, "review_id": review.pk}
        return _to("sent", council)
    return _page(
        request,
        council,
        "check.html",
        _("Check your answers before sending your request"),
        grounds=journey.answers["grounds"],
        late_reason=journey.answers.get("late_reason", "") if journey.is_late else "",
        **_about_the_decision(journey),
    )


@require_GET
def sent(request: HttpRequest, council_slug: str) -> HttpResponse:
    council = public_council(council_slug)
    receipt = request.session.get(SENT_KEY) or {}
    review = (
        review_by_id(council=council, review_id=receipt["review_id"])
        if receipt.get("council_id") == council.pk
        else None
    )
    if review is None:
        return _to("start", council)
    return _page(
        request,
        council,
        "sent.html",
        _("Request sent"),
        review=review,
        reference=review.application.reference,
        first_name=review.application.applicant.first_name,
    )
