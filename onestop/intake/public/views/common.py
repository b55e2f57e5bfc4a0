"""What every public application page shares: the journey, the layout, and the kiosk's guard.

At a kiosk, a request after settings.KIOSK_INACTIVITY_SECONDS without one wipes the whole
session before anything else happens, and no kiosk page may be kept by the browser.
"""

import functools
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers

from onestop.councils.access import public_council
from onestop.councils.contact import call_us
from onestop.councils.models import Council
from onestop.intake.public.journey import KIOSK, Journey, Mode

KIOSK_SEEN_AT = "kiosk_seen_at"
DEFAULT_KIOSK_INACTIVITY_SECONDS = 120
# After the confirmation or "saved" page the kiosk clears itself sooner: the person is done.
KIOSK_FINISHED_SECONDS = 30

JourneyView = Callable[..., HttpResponse]


def kiosk_inactivity_seconds() -> int:
    return int(getattr(settings, "KIOSK_INACTIVITY_SECONDS", DEFAULT_KIOSK_INACTIVITY_SECONDS))


def kiosk_session_wipe(request: HttpRequest) -> None:
    """Forget everything the last person gave: a new, empty session."""
    request.session.flush()
    request.session[KIOSK_SEEN_AT] = time.time()


def kiosk_timed_out(request: HttpRequest) -> bool:
    """Whether the kiosk was left alone too long; if so the session has been wiped."""
    seen_at = request.session.get(KIOSK_SEEN_AT)
    if seen_at is not None and time.time() - float(seen_at) > kiosk_inactivity_seconds():
        kiosk_session_wipe(request)
        return True
    request.session[KIOSK_SEEN_AT] = time.time()
    return False


def no_store(response: HttpResponse) -> HttpResponse:
    add_never_cache_headers(response)
    if "no-store" not in response["Cache-Control"]:
        response["Cache-Control"] += ", no-store"
    return response


def page(
    request: HttpRequest,
    council: Council,
    mode: Mode,
    template: str,
    title: Any,
    *,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    """A public application page, in the web or the kiosk layout."""
    return render(
        request,
        template,
        {
            "council": council,
            "call_us": call_us(council),
            "title": title,
            "mode": mode,
            "kiosk": mode.kiosk,
            "layout": "intake/kiosk/layout.html" if mode.kiosk else "intake/public/layout.html",
            "kiosk_seconds": kiosk_inactivity_seconds(),
            "kiosk_finished_seconds": KIOSK_FINISHED_SECONDS,
            "urls": lambda name, **kw: mode.url(name, council, **kw),
            **context,
        },
        status=status,
    )


def kiosk_start_page(request: HttpRequest, council: Council, *, cleared: bool) -> HttpResponse:
    return page(
        request,
        council,
        KIOSK,
        "intake/kiosk/start.html",
        "Apply for crisis support",
        cleared=cleared,
    )


def council_page(view: JourneyView) -> JourneyView:
    """A public application page: finds the council; at a kiosk, applies the inactivity guard."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, council_slug: str, mode: Mode, **kwargs: Any) -> HttpResponse:
        council = public_council(council_slug)
        if not mode.kiosk:
            return view(request, council, mode, **kwargs)
        if kiosk_timed_out(request):
            response = kiosk_start_page(request, council, cleared=True)
        else:
            response = view(request, council, mode, **kwargs)
        return no_store(response)

    return wrapper


def journey_page(view: JourneyView) -> JourneyView:
    """A page of the questions: the view is given the applicant's journey."""

    @council_page
    @functools.wraps(view)
    def wrapper(request: HttpRequest, council: Council, mode: Mode, **kwargs: Any) -> HttpResponse:
        return view(request, Journey(request, council, mode), **kwargs)

    return wrapper


def journey_render(
    request: HttpRequest,
    journey: Journey,
    template: str,
    title: Any,
    *,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    return page(
        request,
        journey.council,
        journey.mode,
        template,
        title,
        status=status,
        journey=journey,
        **context,
    )
