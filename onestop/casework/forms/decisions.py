"""The decision form and the case search form."""

from typing import Any

from django import forms

from onestop.casework.models import DecisionOutcome
from onestop.core.forms import GovukForm, PoundsField


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

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        awarding = data.get("outcome") == DecisionOutcome.AWARD
        if awarding and "amount" not in self.errors and not data.get("amount"):
            self.add_error("amount", "Enter the amount to award, more than £0")
        return data


class FindCaseForm(GovukForm):
    reference = forms.CharField(
        max_length=30, error_messages={"required": "Enter a reference, like CR-7K4M-2Q"}
    )
