"""Forms for referrals: staff referring a household on, partners declining or saying what
came of a referral."""

from typing import Any

from django import forms

from onestop.core.forms import GovukForm
from onestop.directory.referral_services import NEEDS_MAX_LENGTH, REASON_MAX_LENGTH


class ReferralForm(GovukForm):
    services = forms.TypedMultipleChoiceField(
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one service to refer the household to",
            "invalid_choice": "Select services from the list",
        },
    )
    needs = forms.CharField(
        max_length=NEEDS_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what the household needs help with",
            "max_length": f"Needs must be {NEEDS_MAX_LENGTH} characters or fewer",
        },
    )
    consent = forms.BooleanField(
        error_messages={
            "required": (
                "Confirm the person has agreed to be referred and to their details being shared"
            )
        },
    )

    def __init__(self, *args: Any, service_choices: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["services"].choices = service_choices  # type: ignore[attr-defined]


class DeclineForm(GovukForm):
    reason = forms.CharField(
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why you cannot take this referral",
            "max_length": f"The reason must be {REASON_MAX_LENGTH:,} characters or fewer",
        },
    )


class OutcomeForm(GovukForm):
    outcome = forms.CharField(
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter what came of the referral",
            "max_length": f"The outcome must be {REASON_MAX_LENGTH:,} characters or fewer",
        },
    )
