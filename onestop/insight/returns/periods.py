"""Return periods: halves of the financial year, written like 2026-27-H1."""

import datetime
import re
from dataclasses import dataclass

from django.utils import timezone

# H1 is April to September, H2 October to March: the department asks twice a year.
_PERIOD = re.compile(r"^(\d{4})-(\d{2})-H([12])$")
FORMAT_HELP = (
    "Write the financial year and the half, like 2026-27-H1 (1 April to 30 September 2026) "
    "or 2026-27-H2 (1 October 2026 to 31 March 2027)."
)
# Years a return could be for: the fund's predecessors began in 2020; a typo like 0026 is refused.
EARLIEST_YEAR = 2000
LATEST_YEAR = 2099


class PeriodFormatError(ValueError):
    """Text that is not a return period; the message says how to write one."""


@dataclass(frozen=True, order=True)
class Period:
    """One half of a financial year: `year` is the year the financial year starts in."""

    year: int
    half: int

    @property
    def code(self) -> str:
        """'2026-27-H1', as the command and the page's address take it."""
        return f"{self.year}-{(self.year + 1) % 100:02d}-H{self.half}"

    @property
    def name(self) -> str:
        """'2026-27 H1', as people read it."""
        return f"{self.year}-{(self.year + 1) % 100:02d} H{self.half}"

    @property
    def first_day(self) -> datetime.date:
        return datetime.date(self.year, 4, 1) if self.half == 1 else datetime.date(self.year, 10, 1)

    @property
    def last_day(self) -> datetime.date:
        if self.half == 1:
            return datetime.date(self.year, 9, 30)
        return datetime.date(self.year + 1, 3, 31)

    @property
    def dates(self) -> str:
        """'1 April 2026 to 30 September 2026'."""
        first, last = self.first_day, self.last_day
        return f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}"

    def moments(self) -> tuple[datetime.datetime, datetime.datetime]:
        """From the first moment of the first day to the first moment after the last day, on
        the UK clock, so an award made at 11pm on 30 September (BST) is in H1."""
        tz = timezone.get_current_timezone()
        after = self.last_day + datetime.timedelta(days=1)
        return (
            datetime.datetime.combine(self.first_day, datetime.time.min, tzinfo=tz),
            datetime.datetime.combine(after, datetime.time.min, tzinfo=tz),
        )

    def has_ended(self, today: datetime.date) -> bool:
        return today > self.last_day

    def previous(self) -> "Period":
        return Period(self.year - 1, 2) if self.half == 1 else Period(self.year, 1)

    def next(self) -> "Period":
        return Period(self.year, 2) if self.half == 1 else Period(self.year + 1, 1)


def period_parse(text: str) -> Period:
    """'2026-27-H1' -> Period(2026, 1); anything else raises PeriodFormatError saying the format."""
    cleaned = text.strip().upper()
    match = _PERIOD.match(cleaned)
    if not match:
        raise PeriodFormatError(f"'{text}' is not a return period. {FORMAT_HELP}")
    year, next_year, half = int(match[1]), int(match[2]), int(match[3])
    if not EARLIEST_YEAR <= year <= LATEST_YEAR:
        raise PeriodFormatError(
            f"'{text}' is not a return period: the year must be from {EARLIEST_YEAR} to "
            f"{LATEST_YEAR}. {FORMAT_HELP}"
        )
    if (year + 1) % 100 != next_year:
        raise PeriodFormatError(
            f"'{text}' is not a return period: a financial year runs from one year into the "
            f"next, like {year}-{(year + 1) % 100:02d}. {FORMAT_HELP}"
        )
    return Period(year, half)


def period_containing(day: datetime.date) -> Period:
    if day.month >= 10:
        return Period(day.year, 2)
    if day.month >= 4:
        return Period(day.year, 1)
    return Period(day.year - 1, 2)
