"""The finance officer's sign-off form for a management return."""

from django import forms

from onestop.core.forms import GovukForm


class SignOffForm(GovukForm):
    confirm = forms.BooleanField(
        error_messages={"required": "Confirm that these figures are correct"}
    )
    approved_by_name = forms.CharField(
        max_length=120,
        error_messages={
            "required": "Enter the name of the finance director who approved the return",
            "max_length": "The name must be 120 characters or fewer",
        },
    )
    # The digest of the figures the page showed: what the officer is signing.
    figures_digest = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)
