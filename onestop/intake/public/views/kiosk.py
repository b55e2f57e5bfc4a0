"""The kiosk's own page: clear the screen, wiping everything the last person gave."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_GET

from onestop.councils.access import public_council
from onestop.intake.public.journey import KIOSK
from onestop.intake.public.views.common import kiosk_session_wipe, no_store


@require_GET
def clear(request: HttpRequest, council_slug: str) -> HttpResponse:
    """Start again or finish, or the kiosk's timer ran out: a new, empty session."""
    council = public_council(council_slug)
    kiosk_session_wipe(request)
    return no_store(redirect(f"{KIOSK.url('start', council)}?cleared=1"))
