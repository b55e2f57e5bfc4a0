"""Forms for the public pages where applicants ask for a review of a decision themselves."""

from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from onestop.core.forms import DateInputField, GovukForm
from onestop.core.references import normalise_reference

MAX_ANSWER_LENGTH = 2000


class ReviewLookupForm(GovukForm):
    reference = forms.CharField(
        max_length=30,
        error_messages={
            "required": _("Enter your reference"),
            "max_length": _(
                "Enter your reference as it is on our letter or message, like CR-7K4M-2Q"
            ),
        },
    )
    date_of_birth = DateInputField(
        # DateInputField is typed for str; a lazy string works, translated when it is shown.
        label_text=cast(str, _("Date of birth")),
        required_message=cast(str, _("Enter your date of birth")),
        must_be_past=True,
    )

    def clean_reference(self) -> str:
        # A mistyped reference fails its check character: say so before any search is made.
        normalised = normalise_reference(self.cleaned_data["reference"])
        if normalised is None:
            raise forms.ValidationError(
                _("Enter your reference as it is on our letter or message, like CR-7K4M-2Q")
            )
        return normalised


class ReviewGroundsForm(GovukForm):
    grounds = forms.CharField(
        max_length=MAX_ANSWER_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": _("Enter why we should look at the decision again"),
            "max_length": _(
                "Why we should look at the decision again must be 2,000 characters or fewer"
            ),
        },
    )


class ReviewLateReasonForm(GovukForm):
    late_reason = forms.CharField(
        max_length=MAX_ANSWER_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": _("Enter why you are asking for a review now"),
            "max_length": _("Why you are asking now must be 2,000 characters or fewer"),
        },
    )
