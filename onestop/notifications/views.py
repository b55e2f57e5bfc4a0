"""The outbox page (messages and letters, and what happened to each) and a letter's PDF."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.notifications.backends import backend_for_settings
from onestop.notifications.models import LetterStatus
from onestop.notifications.selectors import letter_for_council, letters_recent, messages_recent
from onestop.notifications.services import letter_view_record


@staff_page(Capability.VIEW_OUTBOX)
def outbox(request: HttpRequest, staff: Staff) -> HttpResponse:
    return render(
        request,
        "notifications/outbox.html",
        {
            "staff": staff,
            "messages_sent": messages_recent(council=staff.council, limit=200),
            "letters": letters_recent(council=staff.council, limit=100),
            "backend": backend_for_settings().name,
            "active": "messages",
            "title": "Messages",
        },
    )


@staff_page(Capability.VIEW_CASES)
def letter(request: HttpRequest, staff: Staff, letter_id: int) -> HttpResponse:
    """The letter as posted, downloaded as a PDF; reading it is recorded as viewing the case."""
    found = letter_for_council(council=staff.council, letter_id=letter_id)
    if found is None:
        raise Http404
    if not found.pdf:
        if found.status == LetterStatus.NO_ADDRESS:
            messages.info(request, "There is no letter to download: we have no postal address.")
        else:
            messages.info(request, "The letter is still being made. Try again in a minute.")
        if found.case_reference:
            return redirect(
                "casework:case", council_slug=staff.council.slug, reference=found.case_reference
            )
        return redirect("staff_home", council_slug=staff.council.slug)
    letter_view_record(actor=staff.user, letter=found)
    response = HttpResponse(bytes(found.pdf), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{found.file_name}"'
    return response
