"""The start page of the online application, and "Start now"."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from onestop.councils.models import Council
from onestop.intake.public.journey import Journey, Mode, journey_context
from onestop.intake.public.views.common import council_page, journey_page, page


def guide_url(council: Council) -> str:
    """The "can I get help" guide; its page comes with another part of this issue."""
    try:
        return reverse("public:guide", kwargs={"council_slug": council.slug})
    except NoReverseMatch:
        return f"/councils/{council.slug}/can-i-get-help/"


@require_GET
@council_page
def start(request: HttpRequest, council: Council, mode: Mode) -> HttpResponse:
    if mode.kiosk:
        return page(
            request,
            council,
            mode,
            "intake/kiosk/start.html",
            _("Apply for crisis support"),
            cleared=request.GET.get("cleared") == "1",
            schemes=journey_context(council).schemes,
        )
    return page(
        request,
        council,
        mode,
        "intake/public/start.html",
        _("Apply for crisis support"),
        schemes=journey_context(council).schemes,
        guide=guide_url(council),
    )


@require_GET
@journey_page
def begin(request: HttpRequest, journey: Journey) -> HttpResponse:
    """Start now: the form token is made here, then on to the first question not answered."""
    journey.save()
    return redirect(journey.next_url())
