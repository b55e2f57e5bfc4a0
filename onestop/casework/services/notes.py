"""Add notes and documents to a case, and open a document; none of them can be changed later.

A note or document marked as safeguarding is seen only by the person who added it and by
staff who may see safeguarding notes, so nothing of its content goes into the audit log,
which everyone who can open the case sees on its timeline.
"""

from pathlib import PurePath

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction

from onestop.casework.document_types import ALLOWED_NAMES, document_type_of
from onestop.casework.models import CaseDocument, CaseNote
from onestop.casework.selectors.notes import may_see_restricted
from onestop.core.audit import audit_record
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.roles import Capability
from onestop.councils.access import require_capability
from onestop.councils.models import Membership
from onestop.intake.models import Application

MAX_NOTE_CHARACTERS = 5000
MAX_DESCRIPTION_CHARACTERS = 200


def document_size_limit_mb() -> int:
    return int(settings.MAX_DOCUMENT_BYTES // (1024 * 1024))


def case_note_add(
    *, membership: Membership, application: Application, text: str, is_safeguarding: bool
) -> CaseNote:
    require_capability(
        membership=membership,
        council=application.council,
        capability=Capability.ADD_CASE_NOTES,
        doing="add notes and documents",
    )
    text = text.strip()
    if not text:
        raise ServiceError("Enter the note", field="text")
    if len(text) > MAX_NOTE_CHARACTERS:
        raise ServiceError(
            f"The note must be {MAX_NOTE_CHARACTERS:,} characters or fewer", field="text"
        )
    with transaction.atomic():
        note = CaseNote.objects.create(
            council=application.council,
            application=application,
            author=membership.user,
            text=text,
            is_safeguarding=is_safeguarding,
        )
        audit_record(
            actor=membership.user,
            council=application.council,
            action="case.note_added",
            subject=note,
            case_reference=application.reference,
            summary="Safeguarding note added" if is_safeguarding else "Note added",
            details={"is_safeguarding": is_safeguarding},
        )
    return note


def case_document_upload(
    *,
    membership: Membership,
    application: Application,
    uploaded_file: UploadedFile,
    description: str,
    is_safeguarding: bool,
) -> CaseDocument:
    """Keep an uploaded file on the private storage; a refused file leaves nothing behind."""
    require_capability(
        membership=membership,
        council=application.council,
        capability=Capability.ADD_CASE_NOTES,
        doing="add notes and documents",
    )
    description = description.strip()
    if not description:
        raise ServiceError(
            "Enter what the document is, like 'Tenancy agreement'", field="description"
        )
    if len(description) > MAX_DESCRIPTION_CHARACTERS:
        raise ServiceError(
            f"The description must be {MAX_DESCRIPTION_CHARACTERS} characters or fewer",
            field="description",
        )
    size = uploaded_file.size or 0
    if size == 0:
        raise ServiceError("The selected file is empty", field="file")
    if size > settings.MAX_DOCUMENT_BYTES:
        raise ServiceError(
            f"The file must be smaller than {document_size_limit_mb()} MB", field="file"
        )
    document_type = document_type_of(uploaded_file)
    if document_type is None:
        raise ServiceError(f"The file must be a {ALLOWED_NAMES}", field="file")
    original_name = PurePath((uploaded_file.name or "").replace("\\", "/")).name[:200]
    document = CaseDocument(
        council=application.council,
        application=application,
        uploaded_by=membership.user,
        original_name=original_name or f"document.{document_type.extension}",
        content_type=document_type.content_type,
        size_bytes=size,
        description=description,
        is_safeguarding=is_safeguarding,
    )
    stored_name = ""
    try:
        with transaction.atomic():
            # The file is written first, so a failure to write it stores no row.
            document.file.save("upload", uploaded_file, save=False)
            stored_name = document.file.name or ""
            document.save()
            audit_record(
                actor=membership.user,
                council=application.council,
                action="case.document_uploaded",
                subject=document,
                case_reference=application.reference,
                summary=(
                    "Safeguarding document uploaded"
                    if is_safeguarding
                    else f"Document uploaded ({document_type.label})"
                ),
                details={"is_safeguarding": is_safeguarding, "size_bytes": size},
            )
    except BaseException:
        # The rows rolled back; the file on disk is not part of the transaction.
        if stored_name:
            document.file.storage.delete(stored_name)
        raise
    return document


def case_document_open(
    *, membership: Membership, application: Application, document_id: int
) -> CaseDocument:
    """The document to send, with the opening recorded as a view of the case.

    Raises CaseDocument.DoesNotExist if the case has no such document, NotPermitted if it is
    a safeguarding document this person may not see.
    """
    require_capability(
        membership=membership,
        council=application.council,
        capability=Capability.VIEW_CASES,
        doing="see this case",
    )
    document = CaseDocument.objects.get(
        council=application.council, application=application, pk=document_id
    )
    if document.is_safeguarding and not may_see_restricted(
        membership=membership, added_by_id=document.uploaded_by_id
    ):
        raise NotPermitted("Only team leaders and the person who added it can open this document.")
    audit_record(
        actor=membership.user,
        council=application.council,
        action="case.document_viewed",
        subject=document,
        case_reference=application.reference,
        summary=("Safeguarding document opened" if document.is_safeguarding else "Document opened"),
        details={"document_id": document.pk},
    )
    return document
