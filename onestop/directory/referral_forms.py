"""Forms for referrals: staff referring a household on, partners declining or saying what
came of a referral, and staff recording an organisation's reply when it is not on the portal."""

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


class ReplyForm(GovukForm):
    """What an organisation not on the partner portal told council staff: it took the
    referral, or it cannot (and why). The service asks for the reason when it declined; a
    reason with "accepted" is refused rather than dropped, as staff may have chosen wrongly."""

    ACCEPTED = "accepted"
    DECLINED = "declined"

    reply = forms.ChoiceField(
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": "Select whether it accepted or declined the referral"},
    )
    reason = forms.CharField(
        required=False,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea,
        error_messages={
            "max_length": f"The reason must be {REASON_MAX_LENGTH:,} characters or fewer",
        },
    )

    def __init__(self, *args: Any, organisation_name: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        reply = self.fields["reply"]
        reply.choices = [  # type: ignore[attr-defined]
            (self.ACCEPTED, f"{organisation_name} accepted the referral"),
            (self.DECLINED, f"{organisation_name} cannot take the referral"),
        ]
        reply.error_messages["required"] = (
            f"Select whether {organisation_name} accepted or declined the referral"
        )
        self.organisation_name = organisation_name

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("reply") == self.ACCEPTED and data.get("reason", "").strip():
            self.add_error(
                "reason",
                f"Leave the reason empty if {self.organisation_name} accepted the referral, "
                "or choose that it cannot take it",
            )
        return data
