"""Forms for complaints: logging one, answering a stage, escalating, closing."""

from django import forms

from onestop.casework.models import ComplaintChannel, ComplaintOutcome
from onestop.core.forms import DateInputField, GovukForm, clean_phone


class ComplaintForm(GovukForm):
    complainant_name = forms.CharField(
        max_length=200,
        error_messages={
            "required": "Enter the name of the person complaining",
            "max_length": "The name must be 200 characters or fewer",
        },
    )
    phone = forms.CharField(max_length=30, required=False)
    email = forms.EmailField(
        max_length=254,
        required=False,
        error_messages={
            "invalid": "Enter an email address in the correct format, like name@example.com"
        },
    )
    channel = forms.ChoiceField(
        choices=ComplaintChannel.choices,
        error_messages={
            "required": "Select how the complaint was made",
            "invalid_choice": "Select how the complaint was made",
        },
    )
    received_on = DateInputField(
        label_text="The date it was received",
        required_message="Enter the date the complaint was received",
    )
    summary = forms.CharField(
        max_length=4000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what the complaint is about",
            "max_length": "What the complaint is about must be 4,000 characters or fewer",
        },
    )

    def clean_phone(self) -> str:
        return clean_phone(self.cleaned_data.get("phone", ""))


class StandaloneComplaintForm(ComplaintForm):
    """Logged from the complaints list: the complainant may quote an application."""

    reference = forms.CharField(max_length=30, required=False)


class ComplaintAnswerForm(GovukForm):
    outcome = forms.ChoiceField(
        choices=ComplaintOutcome.choices,
        error_messages={
            "required": "Select whether the complaint is upheld",
            "invalid_choice": "Select whether the complaint is upheld",
        },
    )
    response = forms.CharField(
        max_length=6000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the response, as it is sent to the complainant",
            "max_length": "The response must be 6,000 characters or fewer",
        },
    )


class ComplaintEscalateForm(GovukForm):
    escalated_on = DateInputField(
        label_text="The date they asked for stage 2",
        required_message="Enter the date the complainant asked for stage 2",
    )
    reason = forms.CharField(
        max_length=4000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why the complainant is still unhappy",
            "max_length": "The reason must be 4,000 characters or fewer",
        },
    )


class ComplaintCloseForm(GovukForm):
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why the complaint is being closed",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )
