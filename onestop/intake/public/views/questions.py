"""The question pages that ask one thing with one form: most of the application."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_http_methods

from onestop.core.forms import error_summary
from onestop.intake.public.journey import Journey
from onestop.intake.public.steps import STEP_BY_NAME, Step, previous_step
from onestop.intake.public.views.common import journey_page, journey_render


def out_of_order(journey: Journey, step: Step) -> HttpResponse | None:
    """Where to send someone who opened a page before answering what comes first, if anywhere."""
    if not journey.context.schemes:
        return redirect(journey.url("start"))
    if not step.can_open(journey.answers, journey.context):
        return redirect(journey.next_url())
    missing = journey.missing_before(step)
    if missing is not None:
        return redirect(journey.step_url(missing))
    return None


def back_url(journey: Journey, step: Step) -> str:
    before = previous_step(step, journey.answers, journey.context)
    return journey.step_url(before) if before else journey.url("start")


def after_answer(request: HttpRequest, journey: Journey) -> HttpResponse:
    """On to the next question, or to save and come back later if that was the button."""
    if request.POST.get("action") == "save":
        return redirect(journey.url("save"))
    return redirect(journey.next_url())


def _form_kwargs(journey: Journey, step: Step) -> dict[str, Any]:
    return {"schemes": journey.context.schemes} if step.name == "scheme" else {}


@require_http_methods(["GET", "POST"])
@journey_page
def question(request: HttpRequest, journey: Journey, step: str) -> HttpResponse:
    found = STEP_BY_NAME.get(step)
    if found is None or found.form is None or found.view != "step":
        raise Http404
    step_ = found
    form_class = step_.form
    assert form_class is not None
    if (elsewhere := out_of_order(journey, step_)) is not None:
        return elsewhere
    if request.method == "POST":
        form = form_class(request.POST, **_form_kwargs(journey, step_))
        if form.is_valid():
            journey.record(step_, form.answers())
            return after_answer(request, journey)
        if request.POST.get("action") == "save":
            # What is on this page is not right yet: keep the answers given before it.
            return redirect(journey.url("save"))
    else:
        form = form_class(
            initial=form_class.initial_from(journey.answers), **_form_kwargs(journey, step_)
        )
    return journey_render(
        request,
        journey,
        step_.template,
        step_.title,
        step=step_,
        form=form,
        errors=error_summary(form) if form.is_bound else [],
        back=back_url(journey, step_),
    )
