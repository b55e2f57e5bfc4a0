"""Forms for deciding: the decision, asking for information, and approving an award."""

from typing import Any

from django import forms

from onestop.casework.models import DecisionOutcome, DiscretionReason
from onestop.core.forms import DateInputField, GovukForm, PoundsField


class DecisionForm(GovukForm):
    outcome = forms.ChoiceField(
        choices=[
            (DecisionOutcome.AWARD.value, "Award"),
            (DecisionOutcome.REFUSE.value, "Refuse"),
        ],
        error_messages={"required": "Select whether to award or refuse"},
    )
    amount = PoundsField(label_text="Amount to award", required=False)
    reasons = forms.CharField(
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter the reasons for the decision. They are sent to the applicant",
            "max_length": "Reasons must be 2,000 characters or fewer",
        },
    )
    discretion_reason = forms.ChoiceField(
        choices=DiscretionReason.choices,
        required=False,
        error_messages={"invalid_choice": "Select a reason from the list"},
    )
    discretion_details = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "Details must be 2,000 characters or fewer"},
    )

    def __init__(self, *args: Any, amount_from_items: bool = False, **kwargs: Any) -> None:
        # Goods are awarded at what the chosen items cost, so no amount is typed.
        self.amount_from_items = amount_from_items
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        awarding = data.get("outcome") == DecisionOutcome.AWARD
        if (
            awarding
            and not self.amount_from_items
            and "amount" not in self.errors
            and not data.get("amount")
        ):
            self.add_error("amount", "Enter the amount to award, more than £0")
        return data


class InformationRequestForm(GovukForm):
    what_is_needed = forms.CharField(
        max_length=1000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what the applicant needs to send us",
            "max_length": "This must be 1,000 characters or fewer, as it is sent by text message",
        },
    )
    due_on = DateInputField(label_text="The deadline", required=False)


class InformationReceivedForm(GovukForm):
    note = forms.CharField(
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what the applicant sent",
            "max_length": "This must be 2,000 characters or fewer",
        },
    )


class ApprovalForm(GovukForm):
    action = forms.ChoiceField(
        choices=[("approve", "Approve the award"), ("return", "Return it to the decision maker")],
        error_messages={"required": "Select whether to approve the award or return it"},
    )
    comment = forms.CharField(
        max_length=2000,
        required=False,
        widget=forms.Textarea,
        error_messages={"max_length": "Your comment must be 2,000 characters or fewer"},
    )
