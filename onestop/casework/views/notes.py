"""Adding notes and documents to a case, and opening a document."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from onestop.casework.document_types import safe_download_name
from onestop.casework.forms.notes import CaseDocumentForm, CaseNoteForm
from onestop.casework.models import CaseDocument
from onestop.casework.services.decisions import case_view_record
from onestop.casework.services.notes import (
    case_document_open,
    case_document_upload,
    case_note_add,
    document_size_limit_mb,
)
from onestop.casework.views.cases import application_or_404
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.forms import error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.intake.models import Application


def _case_url(staff: Staff, application: Application, section: str) -> str:
    page = reverse(
        "casework:case",
        kwargs={"council_slug": staff.council.slug, "reference": application.reference},
    )
    return f"{page}#{section}"


@staff_page(Capability.ADD_CASE_NOTES)
def note_add(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = application_or_404(staff, reference)
    if request.method == "GET":
        case_view_record(membership=staff.membership, application=application)
    posted = request.method == "POST"
    form = CaseNoteForm(request.POST if posted else None)
    if posted and form.is_valid():
        try:
            case_note_add(
                membership=staff.membership,
                application=application,
                text=form.cleaned_data["text"],
                is_safeguarding=form.cleaned_data["is_safeguarding"] == "yes",
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Note added.")
            return redirect(_case_url(staff, application, "notes"))
    return render(
        request,
        "casework/note_add.html",
        {
            "staff": staff,
            "application": application,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "find",
            "title": f"Add a note to {application.reference}",
        },
    )


@staff_page(Capability.ADD_CASE_NOTES)
def document_upload(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = application_or_404(staff, reference)
    if request.method == "GET":
        case_view_record(membership=staff.membership, application=application)
    posted = request.method == "POST"
    form = CaseDocumentForm(request.POST if posted else None, request.FILES if posted else None)
    if posted and form.is_valid():
        try:
            case_document_upload(
                membership=staff.membership,
                application=application,
                uploaded_file=form.cleaned_data["file"],
                description=form.cleaned_data["description"],
                is_safeguarding=form.cleaned_data["is_safeguarding"] == "yes",
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, "Document uploaded.")
            return redirect(_case_url(staff, application, "documents"))
    return render(
        request,
        "casework/document_upload.html",
        {
            "staff": staff,
            "application": application,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "find",
            "title": f"Upload a document to {application.reference}",
            "max_mb": document_size_limit_mb(),
        },
    )


@staff_page(Capability.VIEW_CASES)
def document_download(
    request: HttpRequest, staff: Staff, reference: str, document_id: int
) -> HttpResponse:
    application = application_or_404(staff, reference)
    try:
        document = case_document_open(
            membership=staff.membership, application=application, document_id=document_id
        )
    except CaseDocument.DoesNotExist:
        raise Http404("No such document on this case") from None
    except NotPermitted:
        raise PermissionDenied from None
    try:
        content = document.file.open("rb")
    except FileNotFoundError:
        raise Http404("The document's file is missing") from None
    response = FileResponse(
        content,
        as_attachment=True,
        filename=safe_download_name(document.original_name, document.content_type),
        content_type=document.content_type,
    )
    # Browsers must treat it as the type we checked, never guess one from the bytes.
    response["X-Content-Type-Options"] = "nosniff"
    # staff_page's type names HttpResponse; a streamed file is Django's StreamingHttpResponse.
    return response  # type: ignore[return-value]
