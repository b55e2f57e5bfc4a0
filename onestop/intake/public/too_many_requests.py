"""The page a person sees when their connection has sent too many requests to the public pages.

core's rate limit (onestop.core.rate_limits) decides; this draws the page, because it knows
councils and core must not. A refused form is not lost: its answers are sent back in the page,
in a form that sends them again, and answers from earlier pages are still in the session.
"""

import math

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _

from onestop.councils.contact import call_us
from onestop.councils.selectors import council_by_slug

# Never echoed back: the page's form gets a fresh token of its own.
NOT_ECHOED = {"csrfmiddlewaretoken"}


def _council_slug(request: HttpRequest) -> str | None:
    try:
        return resolve(request.path_info).kwargs.get("council_slug")
    except Resolver404:
        return None


def too_many_requests_page(request: HttpRequest, *, wait_seconds: int) -> HttpResponse | None:
    """None where there is no council to speak for (the address will say "not found" anyway)."""
    slug = _council_slug(request)
    council = council_by_slug(slug=slug) if slug else None
    if council is None:
        return None
    answers = (
        [
            (name, value)
            for name in request.POST
            if name not in NOT_ECHOED
            for value in request.POST.getlist(name)
        ]
        if request.method == "POST"
        else []
    )
    return render(
        request,
        "intake/limits/too_many_requests.html",
        {
            "council": council,
            "call_us": call_us(council),
            "title": _("Too many requests from your connection"),
            "minutes": max(1, math.ceil(wait_seconds / 60)),
            "was_sending_answers": request.method == "POST",
            "answers": answers,
            "this_page": request.get_full_path(),
        },
        status=429,
    )
