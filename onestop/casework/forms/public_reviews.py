"""Forms for the public pages where applicants ask for a review of a decision themselves."""

from django import forms

from onestop.core.forms import DateInputField, GovukForm
from onestop.core.references import normalise_reference

MAX_ANSWER_LENGTH = 2000


class ReviewLookupForm(GovukForm):
    reference = forms.CharField(
        max_length=30,
        error_messages={
            "required": "Enter your reference",
            "max_length": "Enter your reference as it is on our letter or message, like CR-7K4M-2Q",
        },
    )
    date_of_birth = DateInputField(
        label_text="Date of birth",
        required_message="Enter your date of birth",
        must_be_past=True,
    )

    def clean_reference(self) -> str:
        # A mistyped reference fails its check character: say so before any search is made.
        normalised = normalise_reference(self.cleaned_data["reference"])
        if normalised is None:
            raise forms.ValidationError(
                "Enter your reference as it is on our letter or message, like CR-7K4M-2Q"
            )
        return normalised


class ReviewGroundsForm(GovukForm):
    grounds = forms.CharField(
        max_length=MAX_ANSWER_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why we should look at the decision again",
            "max_length": "Why we should look at the decision again must be 2,000 characters "
            "or fewer",
        },
    )


class ReviewLateReasonForm(GovukForm):
    late_reason = forms.CharField(
        max_length=MAX_ANSWER_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why you are asking for a review now",
            "max_length": "Why you are asking now must be 2,000 characters or fewer",
        },
    )
