"""The parts of the decide page that say how an award arrives: the bank account to pay, or
the goods to deliver and when."""

from typing import Any

from django import forms

from onestop.core.forms import DateInputField, GovukForm
from onestop.core.money import format_pounds
from onestop.fulfilment.bank_details import BankDetails, bank_details_problems
from onestop.fulfilment.models import CatalogueItem, DeliverySlot
from onestop.fulfilment.services.awards import GoodsChoice, GoodsLine


class BankDetailsForm(GovukForm):
    account_name = forms.CharField(
        max_length=70,
        error_messages={
            "required": "Enter the name on the account",
            "max_length": "Name on the account must be 70 characters or fewer",
        },
    )
    sort_code = forms.CharField(max_length=20, error_messages={"required": "Enter a sort code"})
    account_number = forms.CharField(
        max_length=20, error_messages={"required": "Enter an account number"}
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not self.errors:
            for field, message in bank_details_problems(self.details()).items():
                self.add_error(field, message)
        return data

    def details(self) -> BankDetails:
        data = self.cleaned_data
        return BankDetails(
            account_name=data.get("account_name", ""),
            sort_code=data.get("sort_code", ""),
            account_number=data.get("account_number", ""),
        )


class GoodsForm(GovukForm):
    items = forms.MultipleChoiceField(
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": "Select at least one item to deliver",
            "invalid_choice": "Select items from the list",
        },
    )
    delivery_date = DateInputField(label_text="The delivery day")
    delivery_slot = forms.ChoiceField(
        choices=DeliverySlot.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select a morning or afternoon delivery"},
    )

    def __init__(self, *args: Any, items: list[CatalogueItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = self.fields["items"]
        assert isinstance(choices, forms.MultipleChoiceField)
        choices.choices = [
            (str(item.pk), f"{item.name}, {format_pounds(item.price_pence)} ({item.supplier.name})")
            for item in items
        ]

    def choice(self) -> GoodsChoice:
        data = self.cleaned_data
        return GoodsChoice(
            lines=tuple(GoodsLine(catalogue_item_id=int(pk)) for pk in data["items"]),
            delivery_date=data["delivery_date"],
            delivery_slot=data["delivery_slot"],
        )
