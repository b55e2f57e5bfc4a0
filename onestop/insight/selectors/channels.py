"""Channel fairness: by the way people applied, how many applied, were decided and awarded, how
long they waited, and how many asked for a review and had the decision changed.

The applications counted are those submitted in the period (a cohort), so every figure on a row
is about the same people: the decisions and reviews counted are those of these applications,
whenever they happened.
"""

import datetime
import statistics
from dataclasses import dataclass, field

from onestop.casework.models import Review, ReviewOutcome
from onestop.councils.models import Council
from onestop.intake.models import Application, ApplicationStatus, Channel
from onestop.policy.models import Scheme

DECIDED = (ApplicationStatus.AWARDED, ApplicationStatus.REFUSED)
# Below this many decisions a channel's award rate moves a lot by chance; the page says so.
FEW_DECISIONS = 10
# How each channel's applicants are named in a sentence.
APPLICANTS = {
    Channel.WEB: "online applicants",
    Channel.PHONE: "phone applicants",
    Channel.KIOSK: "kiosk applicants",
    Channel.PARTNER: "applicants referred by partners",
    Channel.PROACTIVE: "applicants we invited",
}


@dataclass(frozen=True)
class Period:
    start: datetime.date
    end: datetime.date  # inclusive


def default_period(today: datetime.date, *, days: int = 90) -> Period:
    """The last `days` days, today included."""
    return Period(today - datetime.timedelta(days=days - 1), today)


@dataclass(frozen=True)
class ChannelFigures:
    channel: Channel
    applications: int
    decided: int
    awarded: int
    median_hours_to_decision: float | None
    reviews_asked: int
    reviews_changed: int

    @property
    def award_rate(self) -> float | None:
        """Awards as a percentage of decisions; None before any decision."""
        return 100 * self.awarded / self.decided if self.decided else None

    @property
    def few_decisions(self) -> bool:
        return 0 < self.decided < FEW_DECISIONS


@dataclass
class _Tally:
    applications: int = 0
    awarded: int = 0
    hours_to_decision: list[float] = field(default_factory=list)
    reviews_asked: int = 0
    reviews_changed: int = 0

    def figures(self, channel: Channel) -> ChannelFigures:
        hours = self.hours_to_decision
        return ChannelFigures(
            channel=channel,
            applications=self.applications,
            decided=len(hours),
            awarded=self.awarded,
            median_hours_to_decision=statistics.median(hours) if hours else None,
            reviews_asked=self.reviews_asked,
            reviews_changed=self.reviews_changed,
        )


def channel_figures(
    *, council: Council, period: Period, scheme: Scheme | None = None
) -> list[ChannelFigures]:
    """One row for every channel, in the order Channel lists them."""
    applications = Application.objects.filter(
        council=council,
        # Days as the council counts them (the current time zone, London).
        submitted_at__date__gte=period.start,
        submitted_at__date__lte=period.end,
    )
    if scheme is not None:
        applications = applications.filter(scheme=scheme)
    tallies = {channel.value: _Tally() for channel in Channel}
    channel_of: dict[int, str] = {}
    for pk, channel, status, submitted_at, decided_at in applications.values_list(
        "id", "channel", "status", "submitted_at", "decided_at"
    ):
        channel_of[pk] = channel
        tally = tallies[channel]
        tally.applications += 1
        if status in DECIDED and decided_at is not None:
            tally.awarded += status == ApplicationStatus.AWARDED
            tally.hours_to_decision.append((decided_at - submitted_at).total_seconds() / 3600)
    reviews = Review.objects.filter(council=council, application__in=applications)
    for application_id, outcome in reviews.values_list("application_id", "outcome"):
        tally = tallies[channel_of[application_id]]
        tally.reviews_asked += 1
        tally.reviews_changed += outcome == ReviewOutcome.CHANGED
    return [tallies[channel.value].figures(channel) for channel in Channel]


def duration_words(hours: float) -> str:
    """ "5 hours", "1.5 days": hours up to two days, days beyond."""
    if hours < 48:
        rounded = round(hours, 1)
        return f"{rounded:g} hour" + ("" if rounded == 1 else "s")
    days = round(hours / 24, 1)
    return f"{days:g} days"


def _caution(row: ChannelFigures) -> str:
    if not row.few_decisions:
        return ""
    return f" (only {row.decided} decided, so this may be chance)"


def gap_sentences(rows: list[ChannelFigures]) -> list[str]:
    """Each channel's gap to the best one, in words: award rate, then time to a decision."""
    decided = [r for r in rows if r.decided]
    sentences: list[str] = []
    if len(decided) < 2:
        return sentences
    best = max(decided, key=lambda r: r.award_rate or 0)
    for row in decided:
        points = round((best.award_rate or 0) - (row.award_rate or 0))
        if row is not best and points > 0:
            sentences.append(
                f"{APPLICANTS[row.channel].capitalize()} were awarded {points} percentage "
                f"point{'' if points == 1 else 's'} less often than "
                f"{APPLICANTS[best.channel]}{_caution(row)}."
            )
    fastest = min(decided, key=lambda r: r.median_hours_to_decision or 0)
    for row in decided:
        longer = (row.median_hours_to_decision or 0) - (fastest.median_hours_to_decision or 0)
        if row is not fastest and longer >= 1:
            sentences.append(
                f"{APPLICANTS[row.channel].capitalize()} waited {duration_words(longer)} longer "
                f"for a decision than {APPLICANTS[fastest.channel]} (median){_caution(row)}."
            )
    return sentences
