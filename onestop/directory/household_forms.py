"""Forms for the household view: recording other support, and importing it from a file."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile

from onestop.core.forms import DateInputField, GovukForm, PoundsField
from onestop.people.models import OtherSupportKind, Person

MAX_IMPORT_BYTES = 5 * 1024 * 1024
WHOLE_HOUSEHOLD = "household"


class OtherSupportForm(GovukForm):
    kind = forms.ChoiceField(
        choices=OtherSupportKind.choices,
        error_messages={
            "required": "Select the kind of support",
            "invalid_choice": "Select the kind of support",
        },
    )
    person = forms.ChoiceField(
        initial=WHOLE_HOUSEHOLD,
        error_messages={
            "required": "Select who it was for, or the whole household",
            "invalid_choice": "Select someone in this household, or the whole household",
        },
    )
    amount = PoundsField(label_text="The amount")
    awarded_on = DateInputField(
        label_text="The date it was awarded",
        required_message="Enter the date it was awarded",
    )
    period_from = DateInputField(label_text="The date it started", required=False)
    period_to = DateInputField(label_text="The date it ended", required=False)
    description = forms.CharField(
        max_length=200,
        required=False,
        error_messages={"max_length": "The description must be 200 characters or fewer"},
    )

    def __init__(self, *args: Any, people: list[Person], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.people = {str(person.pk): person for person in people}
        self.fields["person"].choices = [  # type: ignore[attr-defined]
            (WHOLE_HOUSEHOLD, "The whole household"),
            *((str(person.pk), person.full_name) for person in people),
        ]

    def clean_amount(self) -> int:
        amount: int = self.cleaned_data["amount"]
        if amount <= 0:
            raise forms.ValidationError("The amount must be more than £0")
        return amount

    def chosen_person(self) -> Person | None:
        return self.people.get(self.cleaned_data.get("person", WHOLE_HOUSEHOLD))


class OtherSupportImportForm(GovukForm):
    support_file = forms.FileField(
        error_messages={
            "required": "Select a CSV file of other support",
            "empty": "The selected file is empty",
        }
    )

    def clean_support_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["support_file"]
        if (upload.size or 0) > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5MB")
        if not (upload.name or "").lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        return upload
