"""Form fields and helpers that follow the GOV.UK Design System's patterns and messages."""

import datetime
import re
from typing import Any

from django import forms
from django.forms.utils import ErrorList
from django.utils.translation import gettext as _
from django_stubs_ext import StrOrPromise

from onestop.core.money import MoneyFormatError, parse_pounds
from onestop.core.postcodes import is_postcode, normalise_postcode

UK_PHONE = re.compile(r"^(\+44\s?|0)[1-9][\d\s]{8,12}$")


class GovukForm(forms.Form):
    """Ids equal names, so error summary links go straight to the field."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


class DateInputWidget(forms.MultiWidget):
    def __init__(self) -> None:
        super().__init__(
            widgets={"day": forms.TextInput, "month": forms.TextInput, "year": forms.TextInput}
        )

    def decompress(self, value: datetime.date | None) -> list[Any]:
        return [value.day, value.month, value.year] if value else [None, None, None]


class DateInputField(forms.Field):
    """A GOV.UK date input: day, month and year boxes, with the Design System's error messages."""

    widget = DateInputWidget

    def __init__(
        self,
        *,
        label_text: StrOrPromise,
        required_message: StrOrPromise = "",
        must_be_past: bool = False,
        **kwargs: Any,
    ) -> None:
        self.label_text = label_text
        self._required_message = required_message
        self.must_be_past = must_be_past
        super().__init__(**kwargs)

    @property
    def required_message(self) -> str:
        # Worked out when shown, so it is in the language of the page.
        return str(self._required_message) or _("Enter %(label)s") % {
            "label": str(self.label_text).lower()
        }

    def has_changed(self, initial: Any, data: Any) -> bool:
        typed = any((part or "").strip() for part in (data or []))
        return typed if initial is None else DateInputWidget().decompress(initial) != data

    def clean(self, value: Any) -> datetime.date | None:
        day, month, year = ((part or "").strip() for part in (value or ["", "", ""]))
        if not (day or month or year):
            if self.required:
                raise forms.ValidationError(self.required_message)
            return None
        missing = [
            name for name, part in (("day", day), ("month", month), ("year", year)) if not part
        ]
        label = {"label": self.label_text}
        if missing:
            raise forms.ValidationError(_missing_date_parts(tuple(missing)) % label)
        if not (day.isdigit() and month.isdigit() and year.isdigit() and len(year) == 4):
            raise forms.ValidationError(_("%(label)s must be a real date") % label)
        try:
            date = datetime.date(int(year), int(month), int(day))
        except ValueError:
            raise forms.ValidationError(_("%(label)s must be a real date") % label) from None
        if self.must_be_past and date >= datetime.date.today():  # noqa: DTZ011 - a calendar date
            raise forms.ValidationError(_("%(label)s must be in the past") % label)
        if date.year < 1900:
            raise forms.ValidationError(_("%(label)s must be after 1900") % label)
        return date


def _missing_date_parts(missing: tuple[str, ...]) -> str:
    # Whole sentences, not joined words, so each can be translated as Welsh needs.
    return {
        ("day",): _("%(label)s must include a day"),
        ("month",): _("%(label)s must include a month"),
        ("year",): _("%(label)s must include a year"),
        ("day", "month"): _("%(label)s must include a day and a month"),
        ("day", "year"): _("%(label)s must include a day and a year"),
        ("month", "year"): _("%(label)s must include a month and a year"),
    }[missing]


class PoundsField(forms.CharField):
    """An amount of money typed in pounds, cleaned to integer pence."""

    def __init__(self, *, label_text: StrOrPromise, **kwargs: Any) -> None:
        self.label_text = label_text
        super().__init__(**kwargs)

    def clean(self, value: Any) -> int | None:
        text = (value or "").strip()
        if not text:
            if self.required:
                raise forms.ValidationError(
                    _("Enter %(label)s, or 0 if there is none")
                    % {"label": str(self.label_text).lower()}
                )
            return None
        label = {"label": self.label_text}
        if text.lstrip("£ ").startswith("-"):
            raise forms.ValidationError(_("%(label)s must be £0 or more") % label)
        try:
            return parse_pounds(text)
        except MoneyFormatError:
            raise forms.ValidationError(
                _("%(label)s must be an amount of money, like 120 or 120.50") % label
            ) from None


def clean_postcode(value: str) -> str:
    if not is_postcode(value):
        raise forms.ValidationError(_("Enter a real postcode, like SW1A 2AA"))
    return normalise_postcode(value)


def clean_phone(value: str) -> str:
    if value and not UK_PHONE.match(value.strip()):
        raise forms.ValidationError(
            _("Enter a UK phone number, like 07700 900 982 or 01632 960 001")
        )
    return value.strip()


def error_summary(*forms_: forms.BaseForm) -> list[dict[str, str]]:
    """The GOV.UK error summary list: each error links to its field, in page order."""
    items: list[dict[str, str]] = []
    for form in forms_:
        for error in form.non_field_errors():
            items.append({"text": str(error), "href": "#main-content"})
        for name, field in form.fields.items():
            errors: ErrorList = form.errors.get(name, ErrorList())
            if errors:
                anchor = form.add_prefix(name)
                if isinstance(field, DateInputField):
                    anchor += "_day"
                items.append({"text": str(errors[0]), "href": f"#{anchor}"})
    return items
