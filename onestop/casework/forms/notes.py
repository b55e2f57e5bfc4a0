"""Adding a note to a case, and uploading a document to it."""

from django import forms

from onestop.casework.services.notes import MAX_DESCRIPTION_CHARACTERS, MAX_NOTE_CHARACTERS
from onestop.core.forms import GovukForm

SAFEGUARDING_CHOICES = [
    ("no", "No, anyone who can open the case may see it"),
    ("yes", "Yes, only team leaders and I may see it"),
]


class CaseNoteForm(GovukForm):
    text = forms.CharField(
        max_length=MAX_NOTE_CHARACTERS,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the note",
            "max_length": f"The note must be {MAX_NOTE_CHARACTERS:,} characters or fewer",
        },
    )
    is_safeguarding = forms.ChoiceField(
        choices=SAFEGUARDING_CHOICES,
        error_messages={"required": "Select whether this is a safeguarding note"},
    )


class CaseDocumentForm(GovukForm):
    # Size, emptiness and type are checked by the service, from the file's own bytes.
    file = forms.FileField(
        allow_empty_file=True,
        error_messages={"required": "Select a file", "invalid": "Select a file"},
    )
    description = forms.CharField(
        max_length=MAX_DESCRIPTION_CHARACTERS,
        error_messages={
            "required": "Enter what the document is, like 'Tenancy agreement'",
            "max_length": (
                f"The description must be {MAX_DESCRIPTION_CHARACTERS} characters or fewer"
            ),
        },
    )
    is_safeguarding = forms.ChoiceField(
        choices=SAFEGUARDING_CHOICES,
        error_messages={"required": "Select whether this is a safeguarding document"},
    )
