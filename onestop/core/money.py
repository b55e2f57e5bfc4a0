"""Money in integer pence: parsing what people type, and showing it as pounds."""

import re

_POUNDS = re.compile(r"^£?\s*(\d{1,3}(?:,\d{3})*|\d+)(?:\.(\d{1,2}))?$")


class MoneyFormatError(ValueError):
    pass


def parse_pounds(text: str) -> int:
    """'£1,234.5' -> 123450 pence. Raises MoneyFormatError for anything that is not an amount."""
    match = _POUNDS.match(text.strip())
    if not match:
        raise MoneyFormatError(text)
    whole, fraction = match.groups()
    pence = int(whole.replace(",", "")) * 100
    if fraction:
        pence += int(fraction.ljust(2, "0"))
    return pence


def format_pounds(pence: int) -> str:
    """123450 -> '£1,234.50'; whole pounds keep their pence so columns line up."""
    sign = "-" if pence < 0 else ""
    pounds, remainder = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{remainder:02d}"
