"""The form a council admin uses to set how a scheme is run."""

from django import forms

from onestop.core.forms import GovukForm, PoundsField
from onestop.policy.models import AwardType


def _working_days(what: str) -> forms.IntegerField:
    return forms.IntegerField(
        min_value=1,
        max_value=60,
        error_messages={
            "required": f"Enter {what} in working days",
            "invalid": f"Enter {what} as a whole number of working days, like 2",
            "min_value": "Enter a number of working days from 1 to 60",
            "max_value": "Enter a number of working days from 1 to 60",
        },
    )


class SchemeRulesForm(GovukForm):
    decision_target_working_days = _working_days("the decision target")
    review_target_working_days = _working_days("the review target")
    information_wait_working_days = _working_days("how long applicants have to send information")
    approval_above = PoundsField(label_text="The four-eyes value", required=False)
    auto_decide = forms.ChoiceField(
        choices=[("yes", "Yes"), ("no", "No")],
        error_messages={"required": "Select whether clear cases are awarded automatically"},
    )
    auto_award_limit = PoundsField(label_text="The automatic limit", required=False)
    award_type = forms.ChoiceField(
        choices=AwardType.choices,
        error_messages={"required": "Select how the scheme's awards are paid"},
    )
    reason = forms.CharField(
        max_length=500,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why the scheme's rules are changing",
            "max_length": "The reason must be 500 characters or fewer",
        },
    )
