"""Case notes, some marked as safeguarding, and documents uploaded to a case."""

import uuid

from django.conf import settings
from django.db import models

from onestop.core.models import CouncilOwnedModel
from onestop.core.storage import private_storage


class CaseNote(CouncilOwnedModel):
    application = models.ForeignKey(
        "intake.Application", on_delete=models.PROTECT, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    text = models.TextField()
    is_safeguarding = models.BooleanField(
        default=False,
        help_text="Seen only by its author and by staff who may see safeguarding notes",
    )

    class Meta:
        ordering = ["-created_at", "-id"]


def _document_path(document: "CaseDocument", filename: str) -> str:
    # A random name: nothing about the person or the file's own name is in the path.
    return f"case-documents/{document.council_id}/{uuid.uuid4().hex}"


class CaseDocument(CouncilOwnedModel):
    application = models.ForeignKey(
        "intake.Application", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    file = models.FileField(storage=private_storage, upload_to=_document_path, max_length=200)
    original_name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=100)
    size_bytes = models.PositiveIntegerField()
    description = models.CharField(max_length=200)
    is_safeguarding = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "-id"]
