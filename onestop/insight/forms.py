"""Insight pages' filters: channel fairness's period and scheme, and the service dashboard's
period and dimensions (GOV.UK date inputs and selects)."""

from typing import Any

from django import forms

from onestop.core.forms import DateInputField, GovukForm
from onestop.councils.models import Council
from onestop.insight.selectors.channels import Period
from onestop.insight.selectors.dashboard import NO_WARD, Choices, Filters
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


class DashboardFilterForm(GovukForm):
    """The service dashboard's filters: a period, and any of the things the facts are counted by.

    Each list offers only what the council's facts hold, so nobody picks a ward with no figures.
    """

    start = DateInputField(label_text="From", required_message="Enter the date to count from")
    end = DateInputField(label_text="To", required_message="Enter the date to count to")
    scheme = forms.ChoiceField(required=False)
    channel = forms.ChoiceField(required=False)
    priority = forms.ChoiceField(required=False)
    crisis_reason = forms.ChoiceField(required=False)
    household_type = forms.ChoiceField(required=False)
    ward = forms.ChoiceField(required=False)

    # (field, what "all" reads as, what to choose, the choices' attribute on Choices)
    LISTS = (
        ("scheme", "All schemes", "a scheme", "schemes"),
        ("channel", "All channels", "a channel", "channels"),
        ("priority", "All priorities", "a priority", "priorities"),
        ("crisis_reason", "All crisis reasons", "a crisis reason", "crisis_reasons"),
        ("household_type", "All household types", "a household type", "household_types"),
        ("ward", "All wards", "a ward", "wards"),
    )

    def __init__(self, *args: Any, choices: Choices, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, everything, one, attribute in self.LISTS:
            field = self.fields[name]
            assert isinstance(field, forms.ChoiceField)
            field.choices = [("", everything), *getattr(choices, attribute)]
            field.error_messages["invalid_choice"] = f"Choose {one} from the list"

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

    def filters(self) -> Filters:
        """The filters asked for; only for a valid form."""
        data = self.cleaned_data
        ward = data["ward"] or None
        return Filters(
            period=Period(data["start"], data["end"]),
            scheme_id=int(data["scheme"]) if data["scheme"] else None,
            channel=data["channel"],
            priority=data["priority"],
            crisis_reason=data["crisis_reason"],
            household_type=data["household_type"],
            ward="" if ward == NO_WARD else ward,
        )
