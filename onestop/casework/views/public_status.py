"""The public status page: a reference and a date of birth show where an application is.

The look-up is the review pages' own (`application_for_applicant`), with the same limits on
guessing, and one message whichever of the two was wrong. The application found is kept by id
in the session, and the result is a page of its own, so refreshing it sends nothing again.
Of the person, the page shows only their first name.
"""

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onestop.casework.forms.public_reviews import ReviewLookupForm
from onestop.casework.selectors.public_progress import progress_for_applicant
from onestop.casework.selectors.public_reviews import application_by_id, application_for_applicant
from onestop.core.forms import error_summary
from onestop.core.lookups import GuessLimit
from onestop.councils.access import public_council
from onestop.councils.contact import call_us
from onestop.councils.models import Council

FOUND_KEY = "application_status"
# The same limits as the review pages' look-up, counted separately.
LOOKUP_LIMIT = GuessLimit(name="application-status", per_session=5, per_address=20)


def not_found_message(council: Council) -> str:
    """One message whether the reference or the date of birth was wrong, so neither is given away."""
    numbers = call_us(council)
    if numbers:
        return _(
            "We could not find an application with that reference and date of birth. Check both "
            "and try again. If you still cannot find it, call us on %(numbers)s."
        ) % {"numbers": numbers}
    return _(
        "We could not find an application with that reference and date of birth. Check both "
        "and try again. If you still cannot find it, contact %(council)s."
    ) % {"council": council.name}


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
        f"casework/public_status/{template}",
        {"council": council, "call_us": call_us(council), "title": title, **context},
        status=status,
    )


def _too_many_tries(request: HttpRequest, council: Council) -> HttpResponse:
    return _page(
        request, council, "too_many_tries.html", _("Call us to check your application"), status=429
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
        if application is not None:
            request.session[FOUND_KEY] = {
                "council_id": council.pk,
                "application_id": application.pk,
            }
            return redirect("public_status:result", council_slug=council.slug)
        LOOKUP_LIMIT.failed(request)
        if LOOKUP_LIMIT.blocked(request):
            return _too_many_tries(request, council)
        errors = [{"text": not_found_message(council), "href": "#reference"}]
    return _page(
        request,
        council,
        "find.html",
        _("Check your application"),
        form=form,
        errors=errors,
    )


@require_GET
def result(request: HttpRequest, council_slug: str) -> HttpResponse:
    council = public_council(council_slug)
    found = request.session.get(FOUND_KEY) or {}
    application = (
        application_by_id(council=council, application_id=found["application_id"])
        if found.get("council_id") == council.pk
        else None
    )
    if application is None:
        return redirect("public_status:find", council_slug=council.slug)
    progress = progress_for_applicant(application)
    return _page(
        request,
        council,
        "result.html",
        _("Your application"),
        progress=progress,
    )
