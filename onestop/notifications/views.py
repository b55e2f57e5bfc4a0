"""The outbox page: every message sent to applicants, and what happened to it."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.notifications.backends import backend_for_settings
from onestop.notifications.selectors import messages_recent


@staff_page(Capability.VIEW_OUTBOX)
def outbox(request: HttpRequest, staff: Staff) -> HttpResponse:
    return render(
        request,
        "notifications/outbox.html",
        {
            "staff": staff,
            "messages_sent": messages_recent(council=staff.council, limit=200),
            "backend": backend_for_settings().name,
            "active": "messages",
            "title": "Messages",
        },
    )
