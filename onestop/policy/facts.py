"""The facts a policy may use: the inputs an application (or a caseload row) gives, and facts
worked out from them, each written once for one application and for a Polars frame of many.

A fact function receives an accessor, not data: `RowAccess` for one application (plain Python
values) or `FrameAccess` for many (Polars expressions). The same arithmetic and comparisons
work on both, and the few operations that differ (`maximum`, `count_below`, `minimum_or`) are
accessor methods, so the two evaluators cannot drift apart.
"""

import datetime
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import polars as pl

from onestop.policy.expressions import FunctionSignature, Type

NO_EARLIER_AWARD_DAYS = 99_999  # "days since the last award" when there has been none


@dataclass(frozen=True)
class Input:
    name: str
    type: Type
    description: str
    default: Any


# Everything an application, or a row of a caseload extract, tells the policy. The defaults
# are what an application that does not mention a thing is taken to mean.
INPUTS: dict[str, Input] = {
    i.name: i
    for i in [
        Input("applicant_age", Type.NUMBER, "The applicant's age in whole years", 30),
        Input("household_size", Type.NUMBER, "People in the household, the applicant included", 1),
        Input("children_under_5", Type.NUMBER, "Children in the household under 5", 0),
        Input("pregnant", Type.BOOL, "Someone in the household is pregnant", False),
        Input("disabled", Type.BOOL, "Someone in the household has a disability", False),
        Input("weekly_income", Type.MONEY, "Household income a week, before housing costs", 0),
        Input("weekly_housing_costs", Type.MONEY, "Rent or mortgage the household pays a week", 0),
        Input("savings", Type.MONEY, "Household savings", 0),
        Input("crisis_reason", Type.TEXT, "The main reason help is needed", "other"),
        Input(
            "is_resident",
            Type.BOOL,
            "Lives in the council's area, or has no fixed address there",
            True,
        ),
        Input(
            "receives_qualifying_benefit",
            Type.BOOL,
            "Gets Universal Credit, Pension Credit, income-related ESA or JSA, or Income Support",
            False,
        ),
        Input(
            "receives_housing_support",
            Type.BOOL,
            "Gets Housing Benefit or the housing element of Universal Credit",
            False,
        ),
        Input("weekly_rent_shortfall", Type.MONEY, "Rent a week not covered by housing support", 0),
        Input("rent_arrears", Type.MONEY, "Rent owed", 0),
        Input("at_risk_of_eviction", Type.BOOL, "The landlord has started eviction", False),
        Input("needs_bed", Type.BOOL, "Needs a bed", False),
        Input("needs_cooker", Type.BOOL, "Needs a cooker", False),
        Input("needs_fridge", Type.BOOL, "Needs a fridge", False),
        Input("needs_washing_machine", Type.BOOL, "Needs a washing machine", False),
    ]
}

# Not a fact itself: the age in days of each earlier award, as of the application date.
AWARD_HISTORY = "earlier_award_ages_days"


class RowAccess:
    """One application's inputs, as plain Python values."""

    def __init__(self, row: Mapping[str, Any]) -> None:
        self._row = row

    def __getattr__(self, name: str) -> Any:
        return self._row[name]

    @staticmethod
    def maximum(a: Any, b: Any) -> Any:
        return max(a, b)

    @staticmethod
    def count_below(values: Sequence[int], limit: int) -> int:
        return sum(1 for v in values if v < limit)

    @staticmethod
    def minimum_or(values: Sequence[int], default: int) -> int:
        return min(values) if values else default


class FrameAccess:
    """Many applications' inputs, as Polars column expressions."""

    def __getattr__(self, name: str) -> pl.Expr:
        return pl.col(name)

    @staticmethod
    def maximum(a: Any, b: Any) -> pl.Expr:
        return pl.max_horizontal(a, b)

    @staticmethod
    def count_below(values: pl.Expr, limit: int) -> pl.Expr:
        return values.list.eval((pl.element() < limit).cast(pl.Int64)).list.sum().cast(pl.Int64)

    @staticmethod
    def minimum_or(values: pl.Expr, default: int) -> pl.Expr:
        return values.list.min().fill_null(default).cast(pl.Int64)


FactFunction = Callable[..., Any]


@dataclass(frozen=True)
class Fact:
    name: str
    type: Type
    description: str
    function: FactFunction
    takes_days: bool = False  # called as name(days) in a policy


FACTS: dict[str, Fact] = {}


def fact(
    type: Type, description: str, *, takes_days: bool = False
) -> Callable[[FactFunction], FactFunction]:
    def register(function: FactFunction) -> FactFunction:
        FACTS[function.__name__] = Fact(function.__name__, type, description, function, takes_days)
        return function

    return register


@fact(Type.MONEY, "Household income a week after rent or mortgage, never below £0")
def weekly_income_after_housing(x: Any) -> Any:
    return x.maximum(x.weekly_income - x.weekly_housing_costs, 0)


@fact(Type.MONEY, "Household income a year (52 weeks) after rent or mortgage")
def annual_income_after_housing(x: Any) -> Any:
    return weekly_income_after_housing(x) * 52


@fact(
    Type.NUMBER, "Awards made in the given number of days before the application", takes_days=True
)
def awards_in_last(x: Any, days: int) -> Any:
    return x.count_below(getattr(x, AWARD_HISTORY), days)


@fact(Type.NUMBER, f"Days since the last award ({NO_EARLIER_AWARD_DAYS} if there has been none)")
def days_since_last_award(x: Any) -> Any:
    return x.minimum_or(getattr(x, AWARD_HISTORY), NO_EARLIER_AWARD_DAYS)


def names_and_types() -> dict[str, Type]:
    """Inputs and argument-free facts, by the name a policy uses for them."""
    names = {name: i.type for name, i in INPUTS.items()}
    names.update({name: f.type for name, f in FACTS.items() if not f.takes_days})
    return names


def fact_functions() -> dict[str, FunctionSignature]:
    return {
        name: FunctionSignature((Type.NUMBER,), f.type) for name, f in FACTS.items() if f.takes_days
    }


def fact_key(name: str, days: int | None = None) -> str:
    return name if days is None else f"{name}({days})"


def compute_row(
    inputs: Mapping[str, Any], *, needed: Sequence[tuple[str, int | None]]
) -> dict[str, Any]:
    """Inputs (defaults filled in) plus the derived facts a policy needs, for one application."""
    row = {name: i.default for name, i in INPUTS.items()}
    row[AWARD_HISTORY] = ()
    row.update(inputs)
    access = RowAccess(row)
    for name, days in needed:
        function = FACTS[name].function
        row[fact_key(name, days)] = function(access) if days is None else function(access, days)
    return row


def compute_frame(frame: pl.LazyFrame, *, needed: Sequence[tuple[str, int | None]]) -> pl.LazyFrame:
    """The same facts for every row of a frame, in one vectorised pass (lazily: the caller
    collects once, so Polars plans facts and assessment as one query)."""
    columns = set(frame.collect_schema().names())
    missing = [pl.lit(i.default).alias(name) for name, i in INPUTS.items() if name not in columns]
    if AWARD_HISTORY not in columns:
        missing.append(pl.lit([], dtype=pl.List(pl.Int64)).alias(AWARD_HISTORY))
    if missing:
        frame = frame.with_columns(missing)
    access = FrameAccess()
    derived = []
    for name, days in needed:
        function = FACTS[name].function
        expression = function(access) if days is None else function(access, days)
        derived.append(expression.alias(fact_key(name, days)))
    return frame.with_columns(derived) if derived else frame


def earlier_award_ages(award_days: Sequence[datetime.date], on: datetime.date) -> tuple[int, ...]:
    """Ages in days of earlier awards, as the AWARD_HISTORY input wants them."""
    return tuple(sorted((on - day).days for day in award_days if day <= on))
