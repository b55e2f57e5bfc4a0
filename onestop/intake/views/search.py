"""The adviser console's search: the person or household already known, and where each of
their applications has got to, from one box."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from onestop.core.forms import error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.intake.channel_services import people_search_record
from onestop.intake.forms import PeopleSearchForm
from onestop.intake.selectors import (
    PeopleFound,
    application_by_reference,
    people_search,
    person_found,
)


@staff_page(Capability.TAKE_APPLICATIONS)
def search(request: HttpRequest, staff: Staff) -> HttpResponse:
    form = PeopleSearchForm(request.GET if "q" in request.GET else None)
    found = PeopleFound(people=[], more=False)
    application = None
    searched = form.is_bound and form.is_valid()
    if searched:
        terms = form.cleaned_data["q"]
        if terms.reference:
            application = application_by_reference(council=staff.council, reference=terms.reference)
        if application is not None:
            # "Where is my application?": the application first, then whose it is.
            found = PeopleFound(
                people=[person_found(council=staff.council, person=application.applicant)],
                more=False,
            )
        else:
            found = people_search(council=staff.council, terms=terms)
        people_search_record(
            actor=staff.user,
            council=staff.council,
            terms=terms,
            found=found,
            application=application,
        )
    return render(
        request,
        "intake/search.html",
        {
            "staff": staff,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "searched": searched,
            "terms": form.cleaned_data.get("q") if searched else None,
            "found": found,
            "application": application,
            "can_view_cases": staff.can(Capability.VIEW_CASES),
            # The box is where the call starts: the cursor is in it until something is found.
            "focus": "" if found.people else "q",
            "active": "new",
            "title": "Search results" if searched else "Find the person",
        },
    )
