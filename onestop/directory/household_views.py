"""The household view's pages: the household itself, recording other support, importing it."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from onestop.core.errors import ServiceError
from onestop.core.forms import error_summary
from onestop.core.money import format_pounds
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.directory.household import (
    household_application_rows,
    household_applications,
    household_by_id,
    household_other_support,
    household_people,
    household_referrals,
    household_support_summary,
    household_timeline,
)
from onestop.directory.household_forms import OtherSupportForm, OtherSupportImportForm
from onestop.directory.household_services import household_view_record
from onestop.people.models import Household, OtherSupportKind
from onestop.people.other_support import (
    IMPORT_OPTIONAL_COLUMNS,
    IMPORT_REQUIRED_COLUMNS,
    OtherSupportFileRefused,
    other_support_import,
    other_support_record,
)


def _household_or_404(staff: Staff, household_id: int) -> Household:
    household = household_by_id(council=staff.council, household_id=household_id)
    if household is None:
        raise Http404("No such household")
    return household


@staff_page(Capability.VIEW_CASES)
def household(request: HttpRequest, staff: Staff, household_id: int) -> HttpResponse:
    found = _household_or_404(staff, household_id)
    council = staff.council
    today = timezone.localdate()
    applications = household_applications(council=council, household=found)
    household_view_record(
        membership=staff.membership,
        household=found,
        case_references=[a.reference for a in applications],
    )
    other_support = household_other_support(council=council, household=found)
    return render(
        request,
        "directory/household/household.html",
        {
            "staff": staff,
            "household": found,
            "people": household_people(household=found, applications=applications, today=today),
            "rows": household_application_rows(applications=applications),
            "other_support": other_support,
            # Referrals' audit events carry the case reference, so they are on the timeline.
            "referrals": household_referrals(council=council, household=found),
            "timeline": household_timeline(
                council=council, applications=applications, other_support=other_support
            ),
            "summary": household_support_summary(council=council, household=found, today=today),
            "can_record": staff.can(Capability.RECORD_OTHER_SUPPORT),
            "active": "find",
            "title": f"Household at {found.address_line_1}",
        },
    )


@staff_page(Capability.RECORD_OTHER_SUPPORT)
def other_support_new(request: HttpRequest, staff: Staff, household_id: int) -> HttpResponse:
    found = _household_or_404(staff, household_id)
    applications = household_applications(council=staff.council, household=found)
    people = [
        row.person
        for row in household_people(
            household=found, applications=applications, today=timezone.localdate()
        )
    ]
    posted = request.method == "POST"
    form = OtherSupportForm(request.POST if posted else None, people=people)
    if posted and form.is_valid():
        data = form.cleaned_data
        try:
            record = other_support_record(
                actor=staff.user,
                household=found,
                kind=data["kind"],
                amount_pence=data["amount"],
                awarded_on=data["awarded_on"],
                person=form.chosen_person(),
                period_from=data["period_from"],
                period_to=data["period_to"],
                description=data["description"],
            )
        except ServiceError as error:
            field = error.field if error.field in form.fields else None
            if error.field == "amount_pence":
                field = "amount"
            form.add_error(field, error.message)
        else:
            messages.success(
                request,
                f"{record.get_kind_display()} of {format_pounds(record.amount_pence)} recorded "
                f"for the household at {found.address_line_1}.",
            )
            if staff.can(Capability.VIEW_CASES):
                return redirect(
                    "households:household", council_slug=staff.council.slug, household_id=found.pk
                )
            return redirect(
                "households:other_support_new",
                council_slug=staff.council.slug,
                household_id=found.pk,
            )
    return render(
        request,
        "directory/household/other_support_new.html",
        {
            "staff": staff,
            "household": found,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "find",
            "title": "Record other support",
        },
    )


@staff_page(Capability.RECORD_OTHER_SUPPORT)
def other_support_import_page(request: HttpRequest, staff: Staff) -> HttpResponse:
    posted = request.method == "POST"
    form = (
        OtherSupportImportForm(request.POST, request.FILES) if posted else OtherSupportImportForm()
    )
    file_problems: list[str] = []
    if posted and form.is_valid():
        upload = form.cleaned_data["support_file"]
        try:
            imported = other_support_import(
                actor=staff.user,
                council=staff.council,
                file_name=upload.name or "upload.csv",
                data=upload.read(),
            )
        except OtherSupportFileRefused as error:
            file_problems = error.problems
            form.add_error("support_file", error.message)
        else:
            count = f"{imported.records} " + ("record" if imported.records == 1 else "records")
            messages.success(
                request,
                f"{count} of other support worth {format_pounds(imported.total_pence)} imported "
                f"from {imported.file_name}.",
            )
            return redirect("households:other_support_import", council_slug=staff.council.slug)
    return render(
        request,
        "directory/household/other_support_import.html",
        {
            "staff": staff,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "file_problems": file_problems,
            "required_columns": IMPORT_REQUIRED_COLUMNS,
            "optional_columns": IMPORT_OPTIONAL_COLUMNS,
            "kinds": OtherSupportKind.choices,
            "active": "other_support",
            "title": "Import other support",
        },
    )
