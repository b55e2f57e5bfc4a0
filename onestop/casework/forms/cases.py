"""Finding a case by its reference."""

from django import forms

from onestop.core.forms import GovukForm


class FindCaseForm(GovukForm):
    reference = forms.CharField(
        max_length=30, error_messages={"required": "Enter a reference, like CR-7K4M-2Q"}
    )
