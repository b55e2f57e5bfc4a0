"""The adviser console's application form and its confirmation page."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from onestop.core.errors import ServiceError
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.intake.forms import PeopleSearchForm
from onestop.intake.models import Channel
from onestop.intake.selectors import application_by_reference, known_household, person_by_id
from onestop.intake.services import application_submit
from onestop.intake.views.application_form import ApplicationFormPage, blank_page, posted_page


@staff_page(Capability.TAKE_APPLICATIONS)
def new(request: HttpRequest, staff: Staff) -> HttpResponse:
    if request.method == "POST":
        page = posted_page(request, council=staff.council)
        if page.is_valid():
            d = page.form.cleaned_data
            try:
                application = application_submit(
                    actor=staff.user,
                    council=staff.council,
                    submission_key=f"form:{d['form_token']}",
                    details=page.form.application_details(
                        channel=Channel.PHONE,
                        members=page.members_given(),
                        consent_given=d["consent"],
                    ),
                )
            except ServiceError as error:
                field = error.field if error.field in page.form.fields else None
                page.form.add_error(field, error.message)
            else:
                return redirect(
                    "intake:submitted",
                    council_slug=staff.council.slug,
                    reference=application.reference,
                )
    else:
        page = _page_from_search(request, staff)
    return _render(request, staff, page)


def _page_from_search(request: HttpRequest, staff: Staff) -> ApplicationFormPage:
    """Straight from the search: started with the person found, or with what was searched for
    when nobody was; the cursor on the first question. Opened any other way: empty."""
    person_id = request.GET.get("person", "")
    if person_id.isdigit():
        person = person_by_id(council=staff.council, person_id=int(person_id))
        if person is None:
            raise Http404
        known = known_household(council=staff.council, person=person)
        return blank_page(council=staff.council, known=known, focus="scheme")
    if "q" in request.GET:
        search = PeopleSearchForm(request.GET)
        terms = search.cleaned_data["q"] if search.is_valid() else None
        return blank_page(council=staff.council, searched=terms, focus="scheme")
    return blank_page(council=staff.council)


def _render(request: HttpRequest, staff: Staff, page: ApplicationFormPage) -> HttpResponse:
    return render(
        request,
        "intake/new.html",
        {
            "staff": staff,
            **page.context(),
            "errors": page.errors() if request.method == "POST" else [],
            "active": "new",
            "title": "New application",
        },
    )


@staff_page(Capability.TAKE_APPLICATIONS)
def submitted(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = application_by_reference(council=staff.council, reference=reference)
    if application is None:
        raise Http404
    return render(
        request,
        "intake/submitted.html",
        {"staff": staff, "application": application, "title": "Application submitted"},
    )
