"""Forms for reviews: logging the applicant's request, deciding it, and assigning it."""

from typing import Any

from django import forms

from onestop.casework.models import ReviewChannel, ReviewOutcome
from onestop.core.forms import DateInputField, GovukForm, PoundsField
from onestop.councils.models import Membership


class ReviewRequestForm(GovukForm):
    channel = forms.ChoiceField(
        choices=ReviewChannel.choices,
        error_messages={
            "required": "Select how the applicant asked for the review",
            "invalid_choice": "Select how the applicant asked for the review",
        },
    )
    requested_on = DateInputField(
        label_text="The date they asked",
        required_message="Enter the date the applicant asked for the review",
    )
    grounds = forms.CharField(
        max_length=4000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why the applicant thinks the decision is wrong",
            "max_length": "Why they think the decision is wrong must be 4,000 characters or fewer",
        },
    )
    late_reason = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "The reason must be 2,000 characters or fewer"},
    )


class ReviewDecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        choices=[
            (ReviewOutcome.UPHELD.value, "Keep the original decision"),
            (ReviewOutcome.CHANGED.value, "Change the decision"),
        ],
        error_messages={
            "required": "Select whether to keep or change the decision",
            "invalid_choice": "Select whether to keep or change the decision",
        },
    )
    amount = PoundsField(label_text="Award after the review", required=False)
    reasons = forms.CharField(
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the reasons for the review's outcome. They are sent to the applicant",
            "max_length": "Reasons must be 2,000 characters or fewer",
        },
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        changing = data.get("outcome") == ReviewOutcome.CHANGED
        if changing and "amount" not in self.errors and not data.get("amount"):
            self.add_error("amount", "Enter the award after the review, more than £0")
        return data


class ReviewAssignForm(GovukForm):
    assignee = forms.ChoiceField(
        error_messages={
            "required": "Select who is to do the review",
            "invalid_choice": "Select who is to do the review",
        }
    )

    def __init__(self, *args: Any, reviewers: list[Membership], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.reviewers = {str(m.pk): m for m in reviewers}
        self.fields["assignee"].choices = [  # type: ignore[attr-defined]
            (key, f"{m.user.display_name} ({m.get_role_display().lower()})")
            for key, m in self.reviewers.items()
        ]
