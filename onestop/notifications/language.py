"""Dates written as a letter or message in English or Welsh writes them: '4 July 2026', '4 Gorffennaf 2026'."""

import datetime

# Spelled here rather than taken from Django's Welsh catalogue, which has "Gorffenaf" for July.
_WELSH_MONTHS = (
    "Ionawr",
    "Chwefror",
    "Mawrth",
    "Ebrill",
    "Mai",
    "Mehefin",
    "Gorffennaf",
    "Awst",
    "Medi",
    "Hydref",
    "Tachwedd",
    "Rhagfyr",
)


_ENGLISH_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def written_date(day: datetime.date, language: str) -> str:
    months = _WELSH_MONTHS if language == "cy" else _ENGLISH_MONTHS
    return f"{day.day} {months[day.month - 1]} {day.year}"
