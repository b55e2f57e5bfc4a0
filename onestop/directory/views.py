"""Staff pages for the council's directory of support services: find, view, change and add."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from onestop.core.errors import ServiceError
from onestop.core.forms import error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.directory.forms import NEW_ORGANISATION, ServiceForm, ServiceSearchForm, StatusForm
from onestop.directory.models import Service, ServiceStatus
from onestop.directory.selectors import (
    latest_load,
    organizations_of,
    service_for_staff,
    services_for_staff,
    taxonomy_terms_of,
)
from onestop.directory.services import service_save, service_status_set

SERVICES_PER_PAGE = 50


def _service_or_404(staff: Staff, service_id: int) -> Service:
    service = service_for_staff(council=staff.council, service_id=service_id)
    if service is None:
        raise Http404
    return service


def _api_address(request: HttpRequest, staff: Staff) -> str:
    return request.build_absolute_uri(
        reverse("openreferral:services", kwargs={"council_slug": staff.council.slug})
    )


@staff_page(Capability.MANAGE_DIRECTORY)
def services(request: HttpRequest, staff: Staff) -> HttpResponse:
    form = ServiceSearchForm(request.GET or None)
    text, status = "", ""
    if form.is_valid():
        text, status = form.cleaned_data["q"], form.cleaned_data["status"]
    found = services_for_staff(council=staff.council, text=text, status=status)
    page = Paginator(found, SERVICES_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/services.html",
        {
            "staff": staff,
            "form": form,
            "page": page,
            "text": text,
            "status": status,
            "latest_load": latest_load(council=staff.council),
            "api_address": _api_address(request, staff),
            "active": "directory",
            "title": "Directory of support services",
        },
    )


@staff_page(Capability.MANAGE_DIRECTORY)
def service(request: HttpRequest, staff: Staff, service_id: int) -> HttpResponse:
    found = _service_or_404(staff, service_id)
    api_address = request.build_absolute_uri(
        reverse(
            "openreferral:service",
            kwargs={"council_slug": staff.council.slug, "service_id": found.hsds_id},
        )
    )
    return render(
        request,
        "directory/service.html",
        {
            "staff": staff,
            "service": found,
            "published": found.status == ServiceStatus.ACTIVE,
            "api_address": api_address,
            "active": "directory",
            "title": found.name,
        },
    )


def _service_form(request: HttpRequest, staff: Staff, found: Service | None) -> HttpResponse:
    organizations = list(organizations_of(council=staff.council))
    terms = list(taxonomy_terms_of(council=staff.council))
    initial: dict[str, object] = {"status": ServiceStatus.ACTIVE.value}
    if found is not None:
        initial = {
            "name": found.name,
            "description": found.description,
            "status": found.status,
            "email": found.email,
            "url": found.url,
            "organization": str(found.organization_id),
            "terms": [str(term.pk) for term in found.taxonomy_terms.all()],
        }
    elif not organizations:
        initial["organization"] = NEW_ORGANISATION
    form = ServiceForm(
        request.POST or None, initial=initial, organizations=organizations, terms=terms
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = service_save(
                actor=staff.user, council=staff.council, service=found, details=form.details()
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(
                request,
                f"{saved.name} added to the directory."
                if found is None
                else f"Changes to {saved.name} saved.",
            )
            return redirect(
                "directory:service", council_slug=staff.council.slug, service_id=saved.pk
            )
    return render(
        request,
        "directory/service_form.html",
        {
            "staff": staff,
            "form": form,
            "service": found,
            "errors": error_summary(form),
            "active": "directory",
            "title": f"Change {found.name}" if found else "Add a service",
        },
    )


@staff_page(Capability.MANAGE_DIRECTORY)
def service_add(request: HttpRequest, staff: Staff) -> HttpResponse:
    return _service_form(request, staff, None)


@staff_page(Capability.MANAGE_DIRECTORY)
def service_edit(request: HttpRequest, staff: Staff, service_id: int) -> HttpResponse:
    return _service_form(request, staff, _service_or_404(staff, service_id))


@require_POST
@staff_page(Capability.MANAGE_DIRECTORY)
def service_status(request: HttpRequest, staff: Staff, service_id: int) -> HttpResponse:
    found = _service_or_404(staff, service_id)
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Select whether the service is active or inactive.")
    else:
        service_status_set(
            actor=staff.user,
            council=staff.council,
            service=found,
            status=form.cleaned_data["status"],
        )
        published = found.status == ServiceStatus.ACTIVE
        messages.success(
            request,
            f"{found.name} is now published in the directory."
            if published
            else f"{found.name} is no longer published in the directory.",
        )
    return redirect("directory:service", council_slug=staff.council.slug, service_id=found.pk)
