"""The form for loading a file of e-voucher codes."""

from django import forms

from onestop.core.forms import GovukForm

MAX_FILE_BYTES = 5 * 1024 * 1024


class VoucherUploadForm(GovukForm):
    codes_file = forms.FileField(
        error_messages={
            "required": "Select a CSV file of voucher codes",
            "empty": "The selected file is empty",
        }
    )

    def clean_codes_file(self) -> forms.Field:
        upload = self.cleaned_data["codes_file"]
        if upload.size > MAX_FILE_BYTES:
            raise forms.ValidationError("The selected file must be smaller than 5MB")
        if not upload.name.lower().endswith(".csv"):
            raise forms.ValidationError("The selected file must be a CSV")
        return upload
