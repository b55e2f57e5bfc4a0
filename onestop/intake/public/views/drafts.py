"""Save and come back later: send a code to the applicant, and let them carry on with it.

At a kiosk, saving also wipes the session: the code goes to the person, nothing stays on the
device. Wrong codes are limited per session and per address, as on the other public look-ups.
"""

import datetime

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from onestop.core.forms import error_summary
from onestop.core.lookups import GuessLimit
from onestop.intake.public.forms import ReturnForm, SaveForm
from onestop.intake.public.journey import WEB, Journey, current_language
from onestop.intake.public.services import draft_find, draft_save
from onestop.intake.public.views.common import journey_page, journey_render, kiosk_session_wipe

RETURN_LIMIT = GuessLimit(name="application-return", per_session=5, per_address=20)


def _saved_key(journey: Journey) -> str:
    return f"{journey.key}:saved"


def contact_hidden(contact: str) -> str:
    """Enough of the address or number for the person to recognise it, not for others to use."""
    if "@" in contact:
        name, domain = contact.split("@", 1)
        return f"{name[:1]}…@{domain}"
    return f"…{contact[-3:]}"


@require_http_methods(["GET", "POST"])
@journey_page
def save(request: HttpRequest, journey: Journey) -> HttpResponse:
    if not journey.answers:
        return redirect(journey.url("start"))
    form = SaveForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        contact = form.cleaned_data["contact"]
        draft = draft_save(
            council=journey.council,
            answers={"answers": journey.answers, "done": sorted(journey.done)},
            contact=contact,
            channel=journey.mode.channel,
            today=timezone.localdate(),
            # The code works online as well as at a kiosk: the web address is the one sent.
            resume_url=request.build_absolute_uri(WEB.url("return", journey.council)),
            language=current_language(),
            replaces=journey.draft_id,
        )
        if journey.mode.kiosk:
            kiosk_session_wipe(request)
        else:
            journey.set_draft(draft.pk)
        request.session[_saved_key(journey)] = {
            "contact": contact_hidden(contact),
            "expires_on": draft.expires_on.isoformat(),
        }
        return redirect(journey.url("saved"))
    next_step = journey.next_step()
    return journey_render(
        request,
        journey,
        "intake/public/save.html",
        _("Save your answers and come back later"),
        form=form,
        errors=error_summary(form) if form.is_bound else [],
        back=journey.next_url() if next_step else journey.url("check"),
        no_save=True,
        continue_text=_("Save and send code"),
    )


@require_GET
@journey_page
def saved(request: HttpRequest, journey: Journey) -> HttpResponse:
    receipt = request.session.get(_saved_key(journey))
    if not receipt:
        return redirect(journey.url("start"))
    return journey_render(
        request,
        journey,
        "intake/public/saved.html",
        _("Your answers have been saved"),
        sent_to=receipt["contact"],
        expires_on=datetime.date.fromisoformat(receipt["expires_on"]),
        finished=True,
    )


@require_http_methods(["GET", "POST"])
@journey_page
def resume(request: HttpRequest, journey: Journey) -> HttpResponse:
    """Carry on with a saved application: the code and where it was sent."""
    if RETURN_LIMIT.blocked(request):
        return _too_many_tries(request, journey)
    form = ReturnForm(request.POST if request.method == "POST" else None)
    errors = error_summary(form) if form.is_bound else []
    if request.method == "POST" and form.is_valid():
        draft = draft_find(
            council=journey.council,
            code=form.cleaned_data["code"],
            contact=form.cleaned_data["contact"],
            today=timezone.localdate(),
        )
        if draft is not None:
            journey.restore(
                answers=draft.answers.get("answers", {}),
                done=draft.answers.get("done", []),
                draft_id=draft.pk,
            )
            return redirect(journey.next_url())
        RETURN_LIMIT.failed(request)
        if RETURN_LIMIT.blocked(request):
            return _too_many_tries(request, journey)
        errors = [
            {
                "text": _(
                    "We could not find saved answers with that code and email address or phone "
                    "number. Check both and try again. Codes stop working after 28 days."
                ),
                "href": "#code",
            }
        ]
    return journey_render(
        request,
        journey,
        "intake/public/return.html",
        _("Carry on with a saved application"),
        form=form,
        errors=errors,
        back=journey.url("start"),
        no_save=True,
    )


def _too_many_tries(request: HttpRequest, journey: Journey) -> HttpResponse:
    return journey_render(
        request,
        journey,
        "intake/public/too_many_tries.html",
        _("Call us to carry on with your application"),
        status=429,
    )
