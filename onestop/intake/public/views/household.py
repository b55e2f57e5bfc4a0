"""The people who live with the applicant: add a person, see the list, change or remove them."""

from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods

from onestop.core.forms import error_summary
from onestop.intake.public.forms import (
    MAX_OTHER_PEOPLE,
    RELATIONSHIPS,
    AddAnotherForm,
    PersonForm,
    RemovePersonForm,
)
from onestop.intake.public.journey import Journey
from onestop.intake.public.steps import STEP_BY_NAME
from onestop.intake.public.views.common import journey_page, journey_render
from onestop.intake.public.views.questions import after_answer, back_url, out_of_order

HOUSEHOLD = STEP_BY_NAME["household"]


def _members(journey: Journey) -> list[dict[str, Any]]:
    return list(journey.answers.get("members", []))


def _member_or_404(journey: Journey, index: int) -> dict[str, Any]:
    members = _members(journey)
    if not 0 <= index < len(members):
        raise Http404
    member: dict[str, Any] = members[index]
    return member


def _keep(journey: Journey, members: list[dict[str, Any]]) -> None:
    # The list is answered only when they say nobody else needs adding.
    journey.record(HOUSEHOLD, {"members": members}, done=False)


@require_http_methods(["GET", "POST"])
@journey_page
def household(request: HttpRequest, journey: Journey) -> HttpResponse:
    """The people added so far, and "Do you need to add another person?"."""
    if (elsewhere := out_of_order(journey, HOUSEHOLD)) is not None:
        return elsewhere
    members = _members(journey)
    if not members:
        return redirect(journey.url("person_add"))
    full = len(members) >= MAX_OTHER_PEOPLE
    form = AddAnotherForm(request.POST if request.method == "POST" else None)
    if request.method == "POST":
        if full or form.is_valid():
            if not full and form.cleaned_data["add_another"] == "yes":
                return redirect(journey.url("person_add"))
            journey.record(HOUSEHOLD, {"members": members})
            return after_answer(request, journey)
        if request.POST.get("action") == "save":
            return redirect(journey.url("save"))
    relationships = dict(RELATIONSHIPS)
    return journey_render(
        request,
        journey,
        "intake/public/household.html",
        ngettext("You have added %(count)s person", "You have added %(count)s people", len(members))
        % {"count": len(members)},
        form=form,
        people=[
            {**m, "relationship_label": relationships.get(m["relationship"], "")} for m in members
        ],
        full=full,
        max_people=MAX_OTHER_PEOPLE,
        errors=error_summary(form) if form.is_bound and not full else [],
        back=back_url(journey, HOUSEHOLD),
    )


def _person_page(request: HttpRequest, journey: Journey, *, index: int | None) -> HttpResponse:
    if (elsewhere := out_of_order(journey, HOUSEHOLD)) is not None:
        return elsewhere
    members = _members(journey)
    if index is None and len(members) >= MAX_OTHER_PEOPLE:
        return redirect(journey.url("household"))
    current = _member_or_404(journey, index) if index is not None else {}
    form = PersonForm(
        request.POST if request.method == "POST" else None,
        initial=PersonForm.initial_from(current),
    )
    if request.method == "POST":
        if form.is_valid():
            if index is None:
                members.append(form.answers())
            else:
                members[index] = form.answers()
            _keep(journey, members)
            if request.POST.get("action") == "save":
                return redirect(journey.url("save"))
            return redirect(journey.url("household"))
        if request.POST.get("action") == "save":
            return redirect(journey.url("save"))
    return journey_render(
        request,
        journey,
        "intake/public/person.html",
        _("Tell us about someone who lives with you")
        if index is None
        else _("Change the details of someone who lives with you"),
        form=form,
        errors=error_summary(form) if form.is_bound else [],
        back=journey.url("household") if members else back_url(journey, HOUSEHOLD),
    )


@require_http_methods(["GET", "POST"])
@journey_page
def person_add(request: HttpRequest, journey: Journey) -> HttpResponse:
    return _person_page(request, journey, index=None)


@require_http_methods(["GET", "POST"])
@journey_page
def person_change(request: HttpRequest, journey: Journey, index: int) -> HttpResponse:
    return _person_page(request, journey, index=index)


@require_http_methods(["GET", "POST"])
@journey_page
def person_remove(request: HttpRequest, journey: Journey, index: int) -> HttpResponse:
    if (elsewhere := out_of_order(journey, HOUSEHOLD)) is not None:
        return elsewhere
    member = _member_or_404(journey, index)
    name = f"{member['first_name']} {member['last_name']}"
    form = RemovePersonForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["remove"] == "yes":
            members = _members(journey)
            del members[index]
            _keep(journey, members)
        return redirect(journey.url("household"))
    return journey_render(
        request,
        journey,
        "intake/public/person_remove.html",
        _("Are you sure you want to remove %(name)s?") % {"name": name},
        form=form,
        errors=error_summary(form) if form.is_bound else [],
        back=journey.url("household"),
        no_save=True,
    )
