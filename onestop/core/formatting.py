"""Formats for pages and messages, as the GOV.UK style guide writes dates and money."""

import datetime

from django.utils import timezone

from onestop.core.money import format_pounds


def pounds(pence: int | None) -> str:
    return "" if pence is None else format_pounds(pence)


def govuk_date(value: datetime.date | datetime.datetime | None) -> str:
    """'4 June 2026', without a leading zero."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date()
    return f"{value.day} {value:%B %Y}"


def govuk_datetime(value: datetime.datetime | None) -> str:
    """'4 June 2026 at 2:05pm'."""
    if value is None:
        return ""
    local = timezone.localtime(value)
    hour = local.hour % 12 or 12
    suffix = "am" if local.hour < 12 else "pm"
    return f"{govuk_date(local)} at {hour}:{local.minute:02d}{suffix}"
