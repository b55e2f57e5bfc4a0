"""The address: picked from the council's gazetteer by postcode, typed in, or none at all.

Having no fixed address never stops an application: we ask only where we can reach them.
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from onestop.core.forms import error_summary
from onestop.intake.public.forms import AddressForm, AddressPickForm, NoFixedAddressForm
from onestop.intake.public.journey import Journey
from onestop.intake.public.steps import NO_FIXED_ADDRESS, STEP_BY_NAME, STEPS, Step
from onestop.intake.public.views.common import journey_page, journey_render
from onestop.intake.public.views.questions import after_answer, back_url, out_of_order
from onestop.people.selectors import address_by_uprn, address_details, addresses_for_postcode

ADDRESS = STEP_BY_NAME["address"]
POSTCODE = STEP_BY_NAME["postcode"]


def _first_address_step(journey: Journey) -> Step:
    return POSTCODE if journey.context.gazetteer else ADDRESS


def _back_to_postcode(journey: Journey) -> str:
    if journey.context.gazetteer:
        return journey.step_url(POSTCODE)
    return back_url(journey, ADDRESS)


@require_http_methods(["GET", "POST"])
@journey_page
def address_pick(request: HttpRequest, journey: Journey) -> HttpResponse:
    if not journey.context.gazetteer:
        return redirect(journey.url("address_manual"))
    if (elsewhere := out_of_order(journey, ADDRESS)) is not None:
        return elsewhere
    postcode = journey.answers.get("postcode", "")
    if not postcode or journey.answers.get("address_route") == NO_FIXED_ADDRESS:
        return redirect(journey.step_url(POSTCODE))
    found = addresses_for_postcode(council=journey.council, postcode=postcode)
    choices = [(a.uprn, str(a)) for a in found]
    form = AddressPickForm(
        request.POST if request.method == "POST" else None,
        addresses=choices,
        initial={"uprn": journey.answers.get("uprn")},
    )
    if request.method == "POST":
        chosen = (
            address_by_uprn(council=journey.council, uprn=form.cleaned_data["uprn"])
            if form.is_valid()
            else None
        )
        if chosen is not None:
            details = address_details(chosen)
            journey.record(
                ADDRESS,
                {
                    "address_route": "lookup",
                    "uprn": details.uprn,
                    "ward": details.ward,
                    "address_line_1": details.address_line_1,
                    "address_line_2": details.address_line_2,
                    "town": details.town,
                    "postcode": details.postcode,
                },
            )
            return after_answer(request, journey)
        if request.POST.get("action") == "save":
            return redirect(journey.url("save"))
    return journey_render(
        request,
        journey,
        "intake/public/address_pick.html",
        _("Select your address"),
        form=form,
        postcode=postcode,
        found=len(choices),
        errors=error_summary(form) if form.is_bound else [],
        back=_back_to_postcode(journey),
    )


@require_http_methods(["GET", "POST"])
@journey_page
def address_manual(request: HttpRequest, journey: Journey) -> HttpResponse:
    if (elsewhere := out_of_order(journey, ADDRESS)) is not None:
        return elsewhere
    answers = journey.answers
    initial = (
        AddressForm.initial_from(answers)
        if answers.get("address_route") == "manual"
        else {"postcode": answers.get("postcode", "")}
    )
    form = AddressForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST":
        if form.is_valid():
            journey.record(
                ADDRESS, {"address_route": "manual", "uprn": "", "ward": "", **form.answers()}
            )
            return after_answer(request, journey)
        if request.POST.get("action") == "save":
            return redirect(journey.url("save"))
    back = (
        journey.url("address")
        if journey.context.gazetteer and answers.get("postcode")
        else _back_to_postcode(journey)
    )
    return journey_render(
        request,
        journey,
        "intake/public/address_manual.html",
        _("What is your address?"),
        form=form,
        errors=error_summary(form) if form.is_bound else [],
        back=back,
    )


@require_http_methods(["GET", "POST"])
@journey_page
def no_fixed_address(request: HttpRequest, journey: Journey) -> HttpResponse:
    first = _first_address_step(journey)
    if not journey.context.schemes:
        return redirect(journey.url("start"))
    missing = journey.missing_before(first)
    if missing is not None:
        return redirect(journey.step_url(missing))
    form = NoFixedAddressForm(
        request.POST if request.method == "POST" else None,
        initial=NoFixedAddressForm.initial_from(journey.answers),
    )
    if request.method == "POST":
        if form.is_valid():
            journey.record(ADDRESS, {"address_route": NO_FIXED_ADDRESS, **form.answers()})
            return after_answer(request, journey)
        if request.POST.get("action") == "save":
            return redirect(journey.url("save"))
    before = [s for s in STEPS[: STEPS.index(first)] if s.applies(journey.answers, journey.context)]
    return journey_render(
        request,
        journey,
        "intake/public/no_fixed_address.html",
        _("Where can we reach you?"),
        form=form,
        errors=error_summary(form) if form.is_bound else [],
        back=journey.step_url(first)
        if first is POSTCODE
        else (journey.step_url(before[-1]) if before else journey.url("start")),
    )
