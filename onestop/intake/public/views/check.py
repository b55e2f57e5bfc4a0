"""Check your answers, send the application, and the confirmation page with its reference."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onestop.core.errors import ServiceError
from onestop.intake.public.journey import Journey, current_language
from onestop.intake.public.services import public_application_submit
from onestop.intake.public.steps import STEPS, application_details
from onestop.intake.public.summary import check_sections
from onestop.intake.public.views.common import journey_page, journey_render, kiosk_session_wipe
from onestop.intake.selectors import application_by_reference


def _receipt_key(journey: Journey) -> str:
    return f"{journey.key}:sent"


@require_http_methods(["GET", "POST"])
@journey_page
def check(request: HttpRequest, journey: Journey) -> HttpResponse:
    sent = request.session.get(_receipt_key(journey))
    if request.method == "POST" and sent and request.POST.get("form_token") == sent["token"]:
        return redirect(journey.url("confirmation"))  # sent already: a double click, or Back
    if not journey.context.schemes:
        return redirect(journey.url("start"))
    if journey.next_step() is not None:
        return redirect(journey.next_url())
    errors = []
    if request.method == "POST":
        if request.POST.get("form_token") != journey.token:
            return redirect(journey.url("check"))  # a page from an earlier journey
        details = application_details(
            answers=journey.answers,
            context=journey.context,
            channel=journey.mode.channel,
            language=current_language(),
        )
        try:
            application = public_application_submit(
                council=journey.council,
                details=details,
                form_token=journey.token,
                draft_id=journey.draft_id,
            )
        except ServiceError as error:
            errors = [{"text": error.message, "href": "#main-content"}]
        else:
            if journey.mode.kiosk:
                kiosk_session_wipe(request)  # nothing of this person is kept on the kiosk
            else:
                journey.forget()
            request.session[_receipt_key(journey)] = {
                "token": journey.token,
                "reference": application.reference,
            }
            return redirect(journey.url("confirmation"))
    last = [s for s in STEPS if s.applies(journey.answers, journey.context)][-1]
    return journey_render(
        request,
        journey,
        "intake/public/check.html",
        _("Check your answers before sending your application"),
        sections=check_sections(journey),
        token=journey.token,
        errors=errors,
        back=journey.step_url(last),
    )


@require_GET
@journey_page
def confirmation(request: HttpRequest, journey: Journey) -> HttpResponse:
    sent = request.session.get(_receipt_key(journey)) or {}
    application = (
        application_by_reference(council=journey.council, reference=sent["reference"])
        if sent.get("reference")
        else None
    )
    if application is None:
        return redirect(journey.url("start"))
    return journey_render(
        request,
        journey,
        "intake/public/confirmation.html",
        _("Application sent"),
        application=application,
        finished=True,
    )
