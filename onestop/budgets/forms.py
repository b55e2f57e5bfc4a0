"""Forms for setting up a budget, planning its months, and setting its priority level."""

import datetime
from collections.abc import Iterable, Mapping
from typing import Any

from django import forms

from onestop.budgets.profiles import month_name
from onestop.core.forms import DateInputField, DateInputWidget, GovukForm, PoundsField
from onestop.policy.models import Scheme
from onestop.policy.vocabulary import Priority

SPREAD_EVENLY = "even"
SPREAD_BY_MONTH = "monthly"

THRESHOLD_CHOICES = [
    (Priority.LOW.value, "Every priority"),
    (Priority.MEDIUM.value, "Medium and high priority only"),
    (Priority.HIGH.value, "High priority only"),
]


class BudgetForm(GovukForm):
    scheme = forms.ChoiceField(error_messages={"required": "Select the scheme the budget is for"})
    name = forms.CharField(
        max_length=120,
        error_messages={
            "required": "Enter a name for the budget, like Crisis Payment 2026/27",
            "max_length": "The name must be 120 characters or fewer",
        },
    )
    starts_on = DateInputField(label_text="Start date")
    ends_on = DateInputField(label_text="End date")
    total = PoundsField(label_text="The budget", required=False)
    spread = forms.ChoiceField(
        choices=[
            (SPREAD_EVENLY, "Spread it evenly, by the number of days in each month"),
            (SPREAD_BY_MONTH, "Enter an amount for each month"),
        ],
        error_messages={"required": "Select how the money is spread across the months"},
    )

    def __init__(self, *args: Any, schemes: Iterable[Scheme], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scheme"].choices = [(str(s.pk), s.name) for s in schemes]  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts_on, ends_on = data.get("starts_on"), data.get("ends_on")
        if starts_on and ends_on and ends_on < starts_on:
            self.add_error("ends_on", "The end date must be on or after the start date")
        if "total" not in self.errors and not data.get("total"):
            self.add_error("total", "Enter the budget, more than £0, like 250000")
        return data

    def carried_values(self) -> list[tuple[str, str]]:
        """What was typed, as the names and values the form posts, to carry to the next step."""
        carried = []
        for name, field in self.fields.items():
            suffixes = (
                ["_day", "_month", "_year"] if isinstance(field.widget, DateInputWidget) else [""]
            )
            carried += [(name + s, str(self.data.get(name + s, ""))) for s in suffixes]
        return carried


def _month_field_name(month: datetime.date) -> str:
    return f"month_{month:%Y_%m}"


class ProfileForm(GovukForm):
    """One amount for each month of the budget's period, pre-filled with a plan."""

    def __init__(
        self,
        *args: Any,
        plan: Mapping[datetime.date, int],
        with_reason: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.months = sorted(plan)
        for month in self.months:
            name = _month_field_name(month)
            self.fields[name] = PoundsField(
                label_text=f"The amount for {month_name(month)}", required=False
            )
            self.initial.setdefault(name, f"{plan[month] // 100}.{plan[month] % 100:02d}")
        if with_reason:
            self.fields["reason"] = forms.CharField(
                max_length=2000,
                widget=forms.Textarea,
                error_messages={
                    "required": "Enter why the monthly plan is changing",
                    "max_length": "The reason must be 2,000 characters or fewer",
                },
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for month in self.months:
            name = _month_field_name(month)
            if name not in self.errors and data.get(name) is None:
                self.add_error(name, f"Enter the amount for {month_name(month)}, or 0 if none")
        return data

    def month_fields(self) -> list[tuple[forms.BoundField, str]]:
        return [(self[_month_field_name(m)], month_name(m)) for m in self.months]

    def profile(self) -> dict[datetime.date, int]:
        return {month: self.cleaned_data[_month_field_name(month)] for month in self.months}


class ThresholdForm(GovukForm):
    threshold = forms.ChoiceField(
        choices=THRESHOLD_CHOICES,
        error_messages={"required": "Select which priorities the budget pays"},
    )
    reason = forms.CharField(
        max_length=2000,
        widget=forms.Textarea,
        error_messages={
            "required": "Enter why you are changing the priority level",
            "max_length": "The reason must be 2,000 characters or fewer",
        },
    )
