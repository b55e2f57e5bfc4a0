"""The channel fairness page's filters: a period (GOV.UK date inputs) and, if wanted, a scheme."""

from typing import Any

from django import forms

from onestop.core.forms import DateInputField, GovukForm
from onestop.councils.models import Council
from onestop.policy.selectors import schemes_all

LONGEST_PERIOD_DAYS = 3 * 366


class ChannelFilterForm(GovukForm):
    start = DateInputField(label_text="From", required_message="Enter the date to count from")
    end = DateInputField(label_text="To", required_message="Enter the date to count to")
    scheme = forms.ChoiceField(required=False)

    def __init__(self, *args: Any, council: Council, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.schemes = {str(s.pk): s for s in schemes_all(council=council)}
        scheme_field = self.fields["scheme"]
        assert isinstance(scheme_field, forms.ChoiceField)
        scheme_field.choices = [("", "All schemes")] + [
            (pk, s.name) for pk, s in self.schemes.items()
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error(
                "end", "The date to count to must be the same as or after the date to count from"
            )
        elif start and end and (end - start).days > LONGEST_PERIOD_DAYS:
            self.add_error("end", "Choose a period of 3 years or less")
        return data
