"""Synthetic households for the benchmarks: the policy INPUTS columns, in a realistic random mix.

Nothing here is about a real person. Values are drawn from seeded hashes of the row number, so
a million rows take a couple of seconds, the same seed gives the same frame, and the
generator needs only Polars (the test suite checks it without the benchmark extras).
"""

import datetime
import math
from collections.abc import Sequence
from typing import Any

import polars as pl

from onestop.policy.expressions import Type
from onestop.policy.facts import AWARD_HISTORY, INPUTS
from onestop.policy.vocabulary import CrisisReason

DATE_COLUMN = "application_date"
MOST_EARLIER_AWARDS = 6  # the longest award history drawn (within the 400 days a history spans)
HISTORY_DAYS = 400  # how far back intake looks for earlier awards (onestop.intake.facts)

# The Polars type of each kind of input: money in whole pence, as the engine counts it.
COLUMN_TYPES: dict[Type, pl.DataType] = {
    Type.NUMBER: pl.Int64(),
    Type.MONEY: pl.Int64(),
    Type.BOOL: pl.Boolean(),
    Type.TEXT: pl.String(),
}

# Share of applications by the main crisis reason, in per cent.
CRISIS_REASON_MIX: dict[str, int] = {
    CrisisReason.NO_MONEY_FOR_FOOD: 28,
    CrisisReason.NO_MONEY_FOR_FUEL: 18,
    CrisisReason.LOSS_OF_INCOME: 11,
    CrisisReason.FIRE_OR_FLOOD: 2,
    CrisisReason.DOMESTIC_ABUSE: 4,
    CrisisReason.LEAVING_CARE_PRISON_HOSPITAL: 5,
    CrisisReason.SETTING_UP_HOME: 5,
    CrisisReason.STAY_IN_COMMUNITY: 6,
    CrisisReason.RENT_SHORTFALL: 9,
    CrisisReason.THREAT_OF_EVICTION: 4,
    CrisisReason.OTHER: 8,
}
HOUSEHOLD_SIZE_MIX = {1: 35, 2: 20, 3: 17, 4: 13, 5: 8, 6: 4, 7: 2, 8: 1}
CHILDREN_UNDER_5_MIX = {0: 65, 1: 25, 2: 8, 3: 2}
EARLIER_AWARDS_MIX = {0: 58, 1: 18, 2: 10, 3: 7, 4: 4, 5: 2, 6: 1}


class _Draw:
    """Independent uniform draws in [0, 1), one stream per call, from seeded row hashes."""

    def __init__(self, seed: int, column: str = "row") -> None:
        self.seed = seed
        self.column = column
        self.stream = 0

    def uniform(self) -> pl.Expr:
        self.stream += 1
        bits = pl.col(self.column).hash(seed=self.seed * 1_000 + self.stream) % 2**53
        return bits.cast(pl.Float64) / float(2**53)

    def chance(self, per_cent: float) -> pl.Expr:
        return self.uniform() < per_cent / 100

    def pick(self, mix: dict[Any, int], dtype: pl.DataType) -> pl.Expr:
        """One of the mix's keys, with probability in proportion to its weight."""
        u = self.uniform()
        total = sum(mix.values())
        index: pl.Expr = pl.lit(len(mix) - 1, dtype=pl.Int64)
        cumulative = 0
        thresholds = []
        for position, weight in enumerate(list(mix.values())[:-1]):
            cumulative += weight
            thresholds.append((cumulative / total, position))
        for threshold, position in reversed(thresholds):
            index = pl.when(u < threshold).then(position).otherwise(index)
        # Chains of numbers are quick; a chain of text values is not, so text is looked up.
        return index.replace_strict(dict(enumerate(mix)), return_dtype=dtype)

    def pounds(self, median: float, spread: float) -> pl.Expr:
        """Pence, log-normally spread around a median number of pounds."""
        u1, u2 = self.uniform(), self.uniform()
        normal = (-2.0 * (1.0 - u1).log()).sqrt() * (2.0 * math.pi * u2).cos()
        return ((normal * spread).exp() * median * 100).round().cast(pl.Int64)

    def whole(self, low: int, high: int) -> pl.Expr:
        """A whole number from low to high inclusive, evenly spread."""
        return (self.uniform() * (high - low + 1)).floor().cast(pl.Int64) + low


def households(
    n: int,
    *,
    seed: int = 2026,
    dates: tuple[datetime.date, datetime.date] | None = None,
) -> pl.DataFrame:
    """`n` households: every INPUTS column, the award history (ages in days of earlier awards,
    youngest first) and, if `dates` is given, an application date evenly spread over them."""
    draw = _Draw(seed)
    first = pl.DataFrame({"row": pl.int_range(n, eager=True, dtype=pl.Int64)}).with_columns(
        applicant_age=(draw.uniform().pow(1.6) * 75).floor().cast(pl.Int64) + 16,
        household_size=draw.pick(HOUSEHOLD_SIZE_MIX, pl.Int64()),
        children_drawn=draw.pick(CHILDREN_UNDER_5_MIX, pl.Int64()),
        pregnant=draw.chance(6),
        disabled=draw.chance(28),
        weekly_income=pl.when(draw.chance(10)).then(0).otherwise(draw.pounds(260, 0.6)),
        weekly_housing_costs=pl.when(draw.chance(15)).then(0).otherwise(draw.pounds(120, 0.5)),
        savings_band=draw.uniform(),
        savings_small=draw.pounds(200, 1.0),
        savings_large=draw.pounds(3_000, 1.0),
        crisis_reason=draw.pick(CRISIS_REASON_MIX, pl.String()),
        is_resident=~draw.chance(4),
        receives_qualifying_benefit=draw.chance(62),
        receives_housing_support=draw.chance(45),
        has_shortfall=draw.chance(60),
        shortfall=draw.pounds(25, 0.7),
        rent_arrears=pl.when(draw.chance(25)).then(draw.pounds(600, 0.9)).otherwise(0),
        at_risk_of_eviction=draw.chance(8),
        needs_bed=draw.chance(12),
        needs_cooker=draw.chance(8),
        needs_fridge=draw.chance(8),
        needs_washing_machine=draw.chance(10),
        earlier_awards=draw.pick(EARLIER_AWARDS_MIX, pl.Int64()),
        **({DATE_COLUMN: _dates(draw, dates)} if dates else {}),
    )
    frame = first.join(
        _award_histories(first, seed), on="row", how="left", maintain_order="left"
    ).with_columns(
        children_under_5=pl.min_horizontal("children_drawn", pl.col("household_size") - 1),
        savings=pl.when(pl.col("savings_band") < 0.55)
        .then(0)
        .when(pl.col("savings_band") < 0.85)
        .then(pl.col("savings_small"))
        .otherwise(pl.col("savings_large")),
        weekly_rent_shortfall=pl.when(pl.col("receives_housing_support") & pl.col("has_shortfall"))
        .then(pl.col("shortfall"))
        .otherwise(0),
        **{AWARD_HISTORY: pl.col(AWARD_HISTORY).fill_null(pl.lit([], dtype=pl.List(pl.Int64)))},
    )
    columns = [*INPUTS, AWARD_HISTORY, *([DATE_COLUMN] if dates else [])]
    return frame.select(columns).with_columns(
        pl.col(name).cast(COLUMN_TYPES[i.type]) for name, i in INPUTS.items()
    )


def _award_histories(first: pl.DataFrame, seed: int) -> pl.DataFrame:
    """Each row's earlier awards, as ages in days, youngest first: the youngest is 0 to 120 days
    old, each before it 7 to 120 days older, and none as old as HISTORY_DAYS.

    Worked on one flat row per award, then gathered into lists: list-wise Polars operations
    are many times slower on a million rows."""
    slots = MOST_EARLIER_AWARDS
    draw = _Draw(seed + 1, column="award")
    start = pl.col("row") * slots
    flat = (
        first.select(award=pl.int_ranges(start, start + pl.col("earlier_awards")).explode())
        .drop_nulls()
        .with_columns(row=pl.col("award") // slots, slot=pl.col("award") % slots)
        .with_columns(
            gap=pl.when(pl.col("slot") == 0).then(draw.whole(0, 120)).otherwise(draw.whole(7, 120))
        )
        .with_columns(running=pl.col("gap").cum_sum())
        .with_columns(
            age=pl.col("running")
            - pl.when(pl.col("slot") == 0).then(pl.col("running") - pl.col("gap")).forward_fill()
        )
        .filter(pl.col("age") < HISTORY_DAYS)
    )
    return flat.group_by("row", maintain_order=True).agg(pl.col("age").alias(AWARD_HISTORY))


def _dates(draw: _Draw, dates: tuple[datetime.date, datetime.date]) -> pl.Expr:
    start, end = dates
    days = (end - start).days
    return pl.lit(start, dtype=pl.Date) + pl.duration(days=draw.whole(0, days))


def household_rows(frame: pl.DataFrame) -> list[dict[str, Any]]:
    """The frame's rows as one application's inputs each (award history as a tuple)."""
    rows = frame.to_dicts()
    for row in rows:
        row[AWARD_HISTORY] = tuple(row[AWARD_HISTORY])
    return rows


def input_columns(frame: pl.DataFrame) -> Sequence[str]:
    """The columns of `frame` that are policy inputs (not the application date)."""
    return [name for name in frame.columns if name in INPUTS or name == AWARD_HISTORY]
