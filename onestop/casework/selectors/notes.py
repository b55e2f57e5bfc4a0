"""A case's notes and documents as one member of staff may see them."""

import datetime
from dataclasses import dataclass

from onestop.casework.document_types import size_label, type_label
from onestop.casework.models import CaseDocument, CaseNote
from onestop.core.roles import Capability, role_can
from onestop.councils.models import Membership
from onestop.intake.models import Application


@dataclass(frozen=True)
class VisibleNote:
    """A note; `text` is None when it is a safeguarding note this person may not read."""

    added_by: str
    added_at: datetime.datetime
    is_safeguarding: bool
    text: str | None

    @property
    def is_restricted(self) -> bool:
        return self.text is None


@dataclass(frozen=True)
class VisibleDocument:
    """A document; `document` is None when it is a safeguarding one this person may not open."""

    added_by: str
    added_at: datetime.datetime
    is_safeguarding: bool
    document: CaseDocument | None

    @property
    def is_restricted(self) -> bool:
        return self.document is None

    @property
    def type_label(self) -> str:
        return type_label(self.document.content_type) if self.document else ""

    @property
    def size_label(self) -> str:
        return size_label(self.document.size_bytes) if self.document else ""


def may_see_restricted(*, membership: Membership, added_by_id: int) -> bool:
    """Safeguarding content is for its author and those who may see safeguarding notes."""
    return membership.user_id == added_by_id or role_can(
        membership.role, Capability.VIEW_SAFEGUARDING_NOTES
    )


def case_notes_visible(*, membership: Membership, application: Application) -> list[VisibleNote]:
    """Newest first; a restricted note shows who added it and when, never its text."""
    notes = CaseNote.objects.select_related("author").filter(
        council=membership.council, application=application
    )
    return [
        VisibleNote(
            added_by=note.author.display_name,
            added_at=note.created_at,
            is_safeguarding=note.is_safeguarding,
            text=note.text
            if not note.is_safeguarding
            or may_see_restricted(membership=membership, added_by_id=note.author_id)
            else None,
        )
        for note in notes
    ]


def case_documents_visible(
    *, membership: Membership, application: Application
) -> list[VisibleDocument]:
    """Newest first; a restricted document shows who added it and when, nothing else."""
    documents = CaseDocument.objects.select_related("uploaded_by").filter(
        council=membership.council, application=application
    )
    return [
        VisibleDocument(
            added_by=document.uploaded_by.display_name,
            added_at=document.created_at,
            is_safeguarding=document.is_safeguarding,
            document=document
            if not document.is_safeguarding
            or may_see_restricted(membership=membership, added_by_id=document.uploaded_by_id)
            else None,
        )
        for document in documents
    ]
