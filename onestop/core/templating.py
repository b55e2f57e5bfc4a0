"""Helpers that hand Django form fields to the GOV.UK Frontend macros in the shape they expect."""

from typing import Any

from django.forms import BoundField
from django.utils.translation import gettext


def field_error(field: BoundField) -> dict[str, str] | None:
    if not field.errors:
        return None
    return {"text": str(field.errors[0]), "visuallyHiddenText": gettext("Error")}


def field_value(field: BoundField) -> str:
    value = field.value()
    return "" if value is None else str(value)


def date_parts(field: BoundField) -> list[str]:
    value = field.value()
    if value is None:
        return ["", "", ""]
    if not isinstance(value, list | tuple):
        value = field.field.widget.decompress(value)
    return ["" if part is None else str(part) for part in value]


def choice_items(field: BoundField, *, hints: dict[str, str] | None = None) -> list[dict[str, Any]]:
    current = field.value()
    selected = {str(v) for v in current} if isinstance(current, list | tuple) else {str(current)}
    items = []
    for value, text in field.field.choices:  # type: ignore[attr-defined]
        if value == "":
            continue
        item: dict[str, Any] = {"value": value, "text": text, "checked": str(value) in selected}
        if hints and value in hints:
            item["hint"] = {"text": hints[value]}
        items.append(item)
    return items
