"""The public performance page's figures: a full month's or quarter's daily facts, per scheme and
in total, with every small number hidden.

Read from the daily facts only, never the cases, and only by scheme and by the way people
applied: nothing smaller than a scheme, no ward, nobody's details. The rules that keep people
from being recognised:

- a count from 1 to 4 shows as "fewer than 5" (0 shows as 0);
- a figure worked out from a hidden count (a share, an average, money from fewer than 5 awards)
  is hidden too;
- where a breakdown (the schemes, or the ways people applied) would hide exactly one count while
  its total shows, the next smallest count is hidden as well, so that the first cannot be worked
  out by taking the others from the total.
"""

import datetime
import re
from collections import defaultdict
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from typing import TypeVar

from django.db.models import Min, Sum
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from onestop.councils.models import Council
from onestop.insight.models import DailyFact, FactBuild, FactMeasure
from onestop.intake.models import Channel
from onestop.notifications.language import written_date
from onestop.policy.selectors import schemes_all

# A count below this (and above 0) is never shown.
SHOWN_FROM = 5
# Earlier quarters offered besides the last full one: two years in all.
EARLIER_QUARTERS = 7
# The counts the page's figures are made from: each is hidden by the rules above, whether it is
# shown itself or only used to work out a share.
COUNTED = (
    FactMeasure.APPLIED,
    FactMeasure.DECIDED,
    FactMeasure.AWARDED,
    FactMeasure.DECIDED_IN_TIME,
    FactMeasure.REVIEW_ASKED,
    FactMeasure.REVIEW_CHANGED,
    FactMeasure.COMPLAINT,
    FactMeasure.REFERRAL,
)

PERIOD_START = re.compile(r"(\d{4})-(\d{2})")

K = TypeVar("K")


# --- Periods ------------------------------------------------------------------------------


class PeriodKind(StrEnum):
    MONTH = "month"
    QUARTER = "quarter"


# Whole phrases rather than "%(first)s to %(last)s": in Welsh the second month mutates after "i".
QUARTER_NAMES: dict[int, Promise] = {
    1: gettext_lazy("January to March %(year)s"),
    4: gettext_lazy("April to June %(year)s"),
    7: gettext_lazy("July to September %(year)s"),
    10: gettext_lazy("October to December %(year)s"),
}


@dataclass(frozen=True)
class PublicPeriod:
    """A full calendar month or quarter (January to March, April to June, ...)."""

    kind: PeriodKind
    start: datetime.date
    end: datetime.date  # inclusive

    @property
    def key(self) -> str:
        """How the page's address names it: "quarter-2026-07", "month-2026-11"."""
        return f"{self.kind}-{self.start:%Y-%m}"

    @property
    def name(self) -> str:
        """ "July to September 2026", "November 2026", in the language of the page."""
        if self.kind == PeriodKind.QUARTER:
            return str(QUARTER_NAMES[self.start.month]) % {"year": self.start.year}
        return _month_and_year(self.start)


def _month_and_year(day: datetime.date) -> str:
    # written_date spells the months in English or Welsh: "1 Tachwedd 2026" -> "Tachwedd 2026".
    return written_date(day, translation.get_language() or "en").split(" ", 1)[1]


def _month_end(start: datetime.date, months: int) -> datetime.date:
    year, month = divmod(start.month - 1 + months, 12)
    return datetime.date(start.year + year, month + 1, 1) - datetime.timedelta(days=1)


def month_starting(start: datetime.date) -> PublicPeriod:
    return PublicPeriod(PeriodKind.MONTH, start, _month_end(start, 1))


def quarter_starting(start: datetime.date) -> PublicPeriod:
    return PublicPeriod(PeriodKind.QUARTER, start, _month_end(start, 3))


def last_full_month(today: datetime.date) -> PublicPeriod:
    previous = today.replace(day=1) - datetime.timedelta(days=1)
    return month_starting(previous.replace(day=1))


def last_full_quarter(today: datetime.date) -> PublicPeriod:
    this_quarter = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
    previous = this_quarter - datetime.timedelta(days=1)
    return quarter_starting(previous.replace(month=(previous.month - 1) // 3 * 3 + 1, day=1))


def period_from_key(key: str, *, today: datetime.date) -> PublicPeriod | None:
    """The full month or quarter a key names, or None for anything else (including a period
    that has not ended yet)."""
    kind, _sep, when = key.partition("-")
    found = PERIOD_START.fullmatch(when)
    try:
        start = datetime.date(int(found[1]), int(found[2]), 1) if found else None
    except ValueError:
        start = None
    if start is None:
        return None
    if kind == PeriodKind.MONTH:
        period = month_starting(start)
    elif kind == PeriodKind.QUARTER and start.month in QUARTER_NAMES:
        period = quarter_starting(start)
    else:
        return None
    return period if period.end < today else None


@dataclass(frozen=True)
class PeriodChoice:
    period: PublicPeriod
    text: str


def period_choices(
    *, council: Council, today: datetime.date, chosen: PublicPeriod | None = None
) -> list[PeriodChoice]:
    """The last full month, the last full quarter, and earlier quarters back to the first one
    with any figures (at most two years in all); and the chosen period, if it is none of those
    (an older link)."""
    month, quarter = last_full_month(today), last_full_quarter(today)
    choices = [
        PeriodChoice(month, _("%(period)s (the last full month)") % {"period": month.name}),
        PeriodChoice(quarter, _("%(period)s (the last full quarter)") % {"period": quarter.name}),
    ]
    first_day = DailyFact.objects.filter(council=council).aggregate(first=Min("day"))["first"]
    earlier = quarter
    for _quarter in range(EARLIER_QUARTERS):
        earlier = last_full_quarter(earlier.start)
        if first_day is None or earlier.end < first_day:
            break
        choices.append(PeriodChoice(earlier, earlier.name))
    if chosen is not None and chosen not in [choice.period for choice in choices]:
        choices.append(PeriodChoice(chosen, chosen.name))
    return choices


# --- Figures ------------------------------------------------------------------------------


class Unit(StrEnum):
    COUNT = "number"
    PERCENT = "percent"
    POUNDS = "pounds"
    DAYS = "days"


class Hidden(StrEnum):
    """Why a figure is not shown."""

    SMALL = "small"  # a count from 1 to 4
    FROM_SMALL = "from_small"  # worked out from a count from 1 to 4
    PROTECTING = "protecting"  # hidden so that a count from 1 to 4 cannot be worked out


@dataclass(frozen=True)
class FigureSpec:
    key: str
    unit: Unit
    label: Promise
    meaning: Promise
    # What a share or an average shows when there is nothing to work it out from.
    nothing_to_show: Promise | None = None


NO_DECISIONS = gettext_lazy("no decisions")
FIGURES = (
    FigureSpec(
        "applications",
        Unit.COUNT,
        gettext_lazy("Applications received"),
        gettext_lazy(
            "Applications made in the period: online, by phone, at a kiosk, through a partner "
            "organisation, or after we invited someone to apply."
        ),
    ),
    FigureSpec(
        "decisions",
        Unit.COUNT,
        gettext_lazy("Decisions made"),
        gettext_lazy(
            "Applications we awarded or refused in the period, whenever the application was made."
        ),
    ),
    FigureSpec(
        "awards",
        Unit.COUNT,
        gettext_lazy("Awards made"),
        gettext_lazy("Decisions in the period to give someone help."),
    ),
    FigureSpec(
        "award_rate",
        Unit.PERCENT,
        gettext_lazy("Award rate"),
        gettext_lazy("Awards as a share of the decisions made in the period."),
        NO_DECISIONS,
    ),
    FigureSpec(
        "total_awarded",
        Unit.POUNDS,
        gettext_lazy("Total awarded"),
        gettext_lazy(
            "The value of the awards made in the period, rounded to the nearest £100. Each "
            "total is rounded on its own, so the schemes may not add up to the total exactly."
        ),
    ),
    FigureSpec(
        "decided_in_time",
        Unit.PERCENT,
        gettext_lazy("Decided within our target time"),
        gettext_lazy(
            "The share of decisions we made by the date we aimed for. Each scheme has a target, "
            "a number of working days after the application."
        ),
        NO_DECISIONS,
    ),
    FigureSpec(
        "mean_days_to_decision",
        Unit.DAYS,
        gettext_lazy("Average time to a decision"),
        gettext_lazy(
            "The average (mean) time from applying to our decision, for the decisions made in "
            "the period. Weekends and bank holidays count."
        ),
        NO_DECISIONS,
    ),
    FigureSpec(
        "reviews",
        Unit.COUNT,
        gettext_lazy("Reviews asked for"),
        gettext_lazy("Times someone asked us to look at our decision again."),
    ),
    FigureSpec(
        "changed_on_review",
        Unit.PERCENT,
        gettext_lazy("Decisions changed on review"),
        gettext_lazy(
            "Decisions we changed after looking at them again, as a share of the decisions made "
            "in the period."
        ),
        NO_DECISIONS,
    ),
    FigureSpec(
        "complaints",
        Unit.COUNT,
        gettext_lazy("Complaints"),
        gettext_lazy("Complaints we received about how we dealt with an application."),
    ),
    FigureSpec(
        "referrals",
        Unit.COUNT,
        gettext_lazy("Referrals to other support"),
        gettext_lazy(
            "Times we referred someone, with their agreement, to another organisation that could "
            "help, such as debt advice or a food bank."
        ),
    ),
)
CHANNEL_SHARE = FigureSpec(
    "channel_share",
    Unit.PERCENT,
    gettext_lazy("Share of applications"),
    gettext_lazy("Applications made this way, as a share of all applications in the period."),
    gettext_lazy("no applications"),
)
SPECS = {spec.key: spec for spec in (*FIGURES, CHANNEL_SHARE)}

# How people applied, as the page names the ways in.
CHANNEL_NAMES: dict[str, Promise] = {
    Channel.WEB: gettext_lazy("Online"),
    Channel.PHONE: gettext_lazy("By phone"),
    Channel.KIOSK: gettext_lazy("At a kiosk"),
    Channel.PARTNER: gettext_lazy("Through a partner organisation"),
    Channel.PROACTIVE: gettext_lazy("After we invited them"),
}


@dataclass(frozen=True)
class Figure:
    """One figure as the public sees it: `value` is None when it is hidden, or when there is
    nothing to work it out from (a share of no decisions)."""

    key: str
    value: int | float | None
    hidden: Hidden | None = None

    @property
    def spec(self) -> FigureSpec:
        return SPECS[self.key]

    @property
    def unit(self) -> Unit:
        return self.spec.unit

    @property
    def label(self) -> str:
        return str(self.spec.label)

    @property
    def shown(self) -> str:
        """The figure as the page writes it: "1,250", "45%", "£12,300", "2.5 days", or why not."""
        if self.hidden is not None:
            return hidden_words(self.hidden)
        if self.value is None:
            return str(self.spec.nothing_to_show or "")
        if self.unit == Unit.PERCENT:
            return f"{self.value:,}%"
        if self.unit == Unit.POUNDS:
            return f"£{self.value:,}"
        if self.unit == Unit.DAYS:
            return _("%(days)s days") % {"days": f"{self.value:.1f}"}
        return f"{self.value:,}"

    @property
    def csv_value(self) -> str:
        """The figure for a spreadsheet: the bare number, or why it is not shown."""
        if self.hidden is not None:
            return hidden_words(self.hidden)
        if self.value is None:
            return ""
        return f"{self.value:.1f}" if self.unit == Unit.DAYS else str(self.value)


def hidden_words(hidden: Hidden) -> str:
    if hidden == Hidden.SMALL:
        return _("fewer than 5")
    if hidden == Hidden.FROM_SMALL:
        return _("not shown (fewer than 5)")
    return _("not shown")


@dataclass(frozen=True)
class SchemeFigures:
    """Every figure for one scheme, or for all of them (`scheme_id` None)."""

    name: str
    scheme_id: int | None
    decision_target_working_days: int | None
    figures: tuple[Figure, ...]

    def figure(self, key: str) -> Figure:
        return next(f for f in self.figures if f.key == key)


@dataclass(frozen=True)
class ChannelRow:
    channel: str
    applications: Figure
    share: Figure

    @property
    def name(self) -> str:
        return str(CHANNEL_NAMES[self.channel])


@dataclass(frozen=True)
class PublicPerformance:
    period: PublicPeriod
    updated: datetime.datetime | None  # when the facts were last brought up to date
    total: SchemeFigures
    schemes: tuple[SchemeFigures, ...]
    channels: tuple[ChannelRow, ...]

    @property
    def published(self) -> bool:
        """Whether any figures have been made yet (the daily job builds them)."""
        return self.updated is not None

    @property
    def may_be_incomplete(self) -> bool:
        """Whether the figures were last brought up to date before the period ended."""
        return self.updated is not None and timezone.localtime(self.updated).date() <= (
            self.period.end
        )

    def rows(self) -> Iterator[tuple[str, str, Figure]]:
        """(scheme, way people applied, figure) for every figure, in the page's order."""
        for scope in (self.total, *self.schemes):
            for figure in scope.figures:
                yield scope.name, "", figure
        for row in self.channels:
            yield self.total.name, row.name, row.applications
            yield self.total.name, row.name, row.share


# --- Suppression --------------------------------------------------------------------------


def _small(count: int) -> bool:
    return 0 < count < SHOWN_FROM


def suppress(cells: Mapping[K, int], total: int) -> tuple[dict[K, Hidden | None], Hidden | None]:
    """Which cells of a breakdown, and whether its total, must be hidden.

    A count from 1 to 4 is hidden. If that leaves exactly one cell hidden while the total
    shows, anyone could work it out from the total and the others, so the smallest other count
    above 0 is hidden too. (When the total itself is from 1 to 4, every count above 0 is
    hidden already: there is nothing to work out.)
    """
    hidden: dict[K, Hidden | None] = {
        key: Hidden.SMALL if _small(count) else None for key, count in cells.items()
    }
    total_hidden = Hidden.SMALL if _small(total) else None
    if total_hidden is None and sum(h is not None for h in hidden.values()) == 1:
        others = [
            (count, position, key)
            for position, (key, count) in enumerate(cells.items())
            if hidden[key] is None and count > 0
        ]
        if others:
            _count, _position, key = min(others)
            hidden[key] = Hidden.PROTECTING
    return hidden, total_hidden


def _from(*sources: Hidden | None) -> Hidden | None:
    """Why a figure worked out from these counts is hidden, if any of them is."""
    if Hidden.SMALL in sources or Hidden.FROM_SMALL in sources:
        return Hidden.FROM_SMALL
    if Hidden.PROTECTING in sources:
        return Hidden.PROTECTING
    return None


def percent(part: int, whole: int) -> int:
    """part / whole as a whole-number percentage, halves rounded up."""
    return (200 * part + whole) // (2 * whole)


def nearest_hundred_pounds(pence: int) -> int:
    """Pounds to the nearest £100, halves rounded up: 1_234_567 pence is £12,300."""
    return (pence + 5_000) // 10_000 * 100


def mean_days(hours: float, decisions: int) -> float:
    return float(
        Decimal(repr(hours / decisions / 24)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    )


@dataclass
class _Sums:
    counts: dict[str, int]
    pence: int = 0
    hours: float = 0.0


def _share(key: str, part: int, whole: int, *sources: Hidden | None) -> Figure:
    hidden = _from(*sources)
    if hidden is not None:
        return Figure(key, None, hidden)
    return Figure(key, percent(part, whole) if whole else None)


def _figures(sums: _Sums, hidden: Mapping[str, Hidden | None]) -> tuple[Figure, ...]:
    c, h = sums.counts, hidden
    decided, awarded = FactMeasure.DECIDED, FactMeasure.AWARDED

    def count(key: str, measure: str) -> Figure:
        return Figure(key, None if h[measure] else c[measure], h[measure])

    money_hidden = _from(h[awarded])
    days_hidden = _from(h[decided])
    return (
        count("applications", FactMeasure.APPLIED),
        count("decisions", decided),
        count("awards", awarded),
        _share("award_rate", c[awarded], c[decided], h[awarded], h[decided]),
        Figure(
            "total_awarded",
            None if money_hidden else nearest_hundred_pounds(sums.pence),
            money_hidden,
        ),
        _share(
            "decided_in_time",
            c[FactMeasure.DECIDED_IN_TIME],
            c[decided],
            h[FactMeasure.DECIDED_IN_TIME],
            h[decided],
        ),
        Figure(
            "mean_days_to_decision",
            None if days_hidden or not c[decided] else mean_days(sums.hours, c[decided]),
            days_hidden,
        ),
        count("reviews", FactMeasure.REVIEW_ASKED),
        _share(
            "changed_on_review",
            c[FactMeasure.REVIEW_CHANGED],
            c[decided],
            h[FactMeasure.REVIEW_CHANGED],
            h[decided],
        ),
        count("complaints", FactMeasure.COMPLAINT),
        count("referrals", FactMeasure.REFERRAL),
    )


def _hide(
    sums_by_scheme: Mapping[int, _Sums], total: _Sums
) -> tuple[dict[int, dict[str, Hidden | None]], dict[str, Hidden | None]]:
    """Each count of each scheme, and of the total, suppressed as a breakdown of its own."""
    by_scheme: dict[int, dict[str, Hidden | None]] = defaultdict(dict)
    of_total: dict[str, Hidden | None] = {}
    for measure in COUNTED:
        cells = {pk: sums.counts[measure] for pk, sums in sums_by_scheme.items()}
        hidden, of_total[measure] = suppress(cells, total.counts[measure])
        for pk, why in hidden.items():
            by_scheme[pk][measure] = why
    return by_scheme, of_total


def _channels(
    counts: Mapping[str, int], total: int, total_hidden: Hidden | None
) -> list[ChannelRow]:
    cells = {channel.value: counts.get(channel.value, 0) for channel in Channel}
    hidden, _total = suppress(cells, total)
    return [
        ChannelRow(
            channel=channel,
            applications=Figure(
                "applications", None if hidden[channel] else count, hidden[channel]
            ),
            share=_share("channel_share", count, total, hidden[channel], total_hidden),
        )
        for channel, count in cells.items()
    ]


def public_performance(*, council: Council, period: PublicPeriod) -> PublicPerformance:
    """The council's figures for the period, every small number hidden; sums of the daily facts
    for its days and nothing else."""
    facts = (
        DailyFact.objects.filter(
            council=council,
            day__gte=period.start,
            day__lte=period.end,
            measure__in=COUNTED,
        )
        .values("scheme_id", "channel", "measure")
        .annotate(count=Sum("count"), pence=Sum("pence"), hours=Sum("hours"))
    )
    sums: dict[int, _Sums] = defaultdict(lambda: _Sums(dict.fromkeys(COUNTED, 0)))
    applied_by_channel: dict[str, int] = defaultdict(int)
    for row in facts:
        scheme = sums[row["scheme_id"]]
        scheme.counts[row["measure"]] += row["count"]
        if row["measure"] == FactMeasure.AWARDED:
            scheme.pence += row["pence"]
        elif row["measure"] == FactMeasure.DECIDED:
            scheme.hours += row["hours"]
        elif row["measure"] == FactMeasure.APPLIED:
            applied_by_channel[row["channel"]] += row["count"]
    # Open schemes show even with nothing to count (as 0); closed ones only with something.
    schemes = [s for s in schemes_all(council=council) if s.is_open or s.pk in sums]
    in_order = {scheme.pk: sums[scheme.pk] for scheme in schemes}
    total = _Sums(
        {m: sum(s.counts[m] for s in in_order.values()) for m in COUNTED},
        pence=sum(s.pence for s in in_order.values()),
        hours=sum(s.hours for s in in_order.values()),
    )
    hidden_by_scheme, hidden_total = _hide(in_order, total)
    updated = FactBuild.objects.filter(council=council).values_list("changes_until", flat=True)
    return PublicPerformance(
        period=period,
        updated=updated.first(),
        total=SchemeFigures(
            name=_("All schemes"),
            scheme_id=None,
            decision_target_working_days=(
                schemes[0].decision_target_working_days if len(schemes) == 1 else None
            ),
            figures=_figures(total, hidden_total),
        ),
        schemes=tuple(
            SchemeFigures(
                name=scheme.name,
                scheme_id=scheme.pk,
                decision_target_working_days=scheme.decision_target_working_days,
                figures=_figures(in_order[scheme.pk], hidden_by_scheme[scheme.pk]),
            )
            for scheme in schemes
        ),
        channels=tuple(
            _channels(
                applied_by_channel,
                total.counts[FactMeasure.APPLIED],
                hidden_total[FactMeasure.APPLIED],
            )
        ),
    )
