"""UK postcodes: one way to check them and one way to write them (`SW1A 2AA`)."""

import re

UK_POSTCODE = re.compile(r"^(GIR ?0AA|[A-Z]{1,2}[0-9][A-Z0-9]? ?[0-9][A-Z]{2})$", re.IGNORECASE)


def normalise_postcode(text: str) -> str:
    """Upper case with one space before the last three characters, however it was typed."""
    compact = "".join(text.split()).upper()
    return f"{compact[:-3]} {compact[-3:]}" if len(compact) > 3 else compact


def is_postcode(text: str) -> bool:
    return bool(UK_POSTCODE.match("".join(text.split())))


def postcode_district(text: str) -> str:
    """The outward code ("CF10" of "CF10 1AA"), or "" when the text is not a postcode."""
    if not is_postcode(text):
        return ""
    return normalise_postcode(text).split(" ")[0]


def postcode_area(text: str) -> str:
    """The letters the outward code starts with ("CF" of "CF10 1AA"), or ""."""
    district = postcode_district(text)
    return re.match(r"[A-Z]*", district).group(0) if district else ""  # type: ignore[union-attr]
