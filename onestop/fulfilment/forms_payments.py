"""Forms for finance's payment pages: a file's processing day, the council's Bacs details, and
a payment the bank returned."""

import re
from typing import Any

from django import forms

from onestop.core.forms import DateInputField, GovukForm
from onestop.fulfilment.bacs import account_number_problem, sort_code_problem
from onestop.fulfilment.bank_details import bacs_name, digits_only
from onestop.fulfilment.services.payments import OTHER_REASON, RETURN_REASONS


class PaymentFileForm(GovukForm):
    processing_date = DateInputField(
        label_text="Processing day", required_message="Enter the processing day"
    )


class OriginatorForm(GovukForm):
    service_user_number = forms.CharField(
        max_length=20,
        error_messages={"required": "Enter the service user number"},
    )
    account_name = forms.CharField(
        max_length=70,
        error_messages={"required": "Enter the name of the account payments come from"},
    )
    sort_code = forms.CharField(max_length=20, error_messages={"required": "Enter a sort code"})
    account_number = forms.CharField(
        max_length=20, error_messages={"required": "Enter an account number"}
    )

    # Each field is checked here so every problem shows at once; the service checks again.
    def clean_service_user_number(self) -> str:
        value = digits_only(self.cleaned_data["service_user_number"])
        if not re.fullmatch(r"[0-9]{6}", value) or value == "000000":
            raise forms.ValidationError("The service user number must be 6 digits, like 123456")
        return value

    def clean_account_name(self) -> str:
        value = self.cleaned_data["account_name"]
        if not bacs_name(value):
            raise forms.ValidationError("The account name must include letters or numbers")
        return value

    def clean_sort_code(self) -> str:
        value = digits_only(self.cleaned_data["sort_code"])
        problem = sort_code_problem(value)
        if problem:
            raise forms.ValidationError(problem[0].upper() + problem[1:])
        return value

    def clean_account_number(self) -> str:
        value = digits_only(self.cleaned_data["account_number"])
        problem = account_number_problem(value)
        if problem:
            raise forms.ValidationError(problem[0].upper() + problem[1:])
        return value


class BounceForm(GovukForm):
    reference = forms.CharField(
        max_length=30,
        error_messages={"required": "Enter the payment reference from the bank's report"},
    )
    reason = forms.ChoiceField(
        choices=[(code, r.label) for code, r in RETURN_REASONS.items()]
        + [(OTHER_REASON, "Another reason")],
        error_messages={
            "required": "Select why the bank returned the payment",
            "invalid_choice": "Select why the bank returned the payment",
        },
    )
    details = forms.CharField(
        max_length=150,
        required=False,
        error_messages={"max_length": "Details must be 150 characters or fewer"},
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("reason") == OTHER_REASON and not (cleaned.get("details") or "").strip():
            self.add_error("details", "Enter why the bank returned the payment")
        return cleaned
