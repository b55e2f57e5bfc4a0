"""The benchmarks' synthetic households are valid policy inputs, so their figures mean something."""

import datetime
import itertools
from pathlib import Path

import polars as pl
import pytest

from benchmarks.households import (
    COLUMN_TYPES,
    DATE_COLUMN,
    HISTORY_DAYS,
    MOST_EARLIER_AWARDS,
    household_rows,
    households,
)
from onestop.policy.engine import CompiledPolicy
from onestop.policy.expressions import Type
from onestop.policy.facts import AWARD_HISTORY, INPUTS
from onestop.policy.loader import load_policy
from onestop.policy.vocabulary import CrisisReason

POLICIES = Path(__file__).resolve().parents[2] / "policies"
START, END = datetime.date(2026, 4, 1), datetime.date(2027, 3, 31)


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return households(20_000, seed=7, dates=(START, END))


def test_every_input_column_is_there_with_its_type(frame: pl.DataFrame) -> None:
    assert frame.columns == [*INPUTS, AWARD_HISTORY, DATE_COLUMN]
    for name, spec in INPUTS.items():
        assert frame.schema[name] == COLUMN_TYPES[spec.type], name
    assert frame.schema[AWARD_HISTORY] == pl.List(pl.Int64)
    assert frame.schema[DATE_COLUMN] == pl.Date
    assert frame.null_count().sum_horizontal().item() == 0


def test_values_are_in_range(frame: pl.DataFrame) -> None:
    def all_rows(test: pl.Expr) -> bool:
        return bool(frame.select(test.all()).item())

    assert all_rows(pl.col("applicant_age").is_between(16, 90))
    assert all_rows(pl.col("household_size").is_between(1, 8))
    assert all_rows(pl.col("children_under_5").is_between(0, pl.col("household_size") - 1))
    for name, spec in INPUTS.items():
        if spec.type == Type.MONEY:
            assert all_rows(pl.col(name) >= 0), name
    assert all_rows(pl.col("crisis_reason").is_in([str(r.value) for r in CrisisReason]))
    assert all_rows((pl.col("weekly_rent_shortfall") == 0) | pl.col("receives_housing_support"))
    assert all_rows(pl.col(DATE_COLUMN).is_between(START, END))


def test_award_histories_are_youngest_first_and_at_least_a_week_apart(
    frame: pl.DataFrame,
) -> None:
    histories = frame[AWARD_HISTORY].to_list()
    assert max(len(h) for h in histories) <= MOST_EARLIER_AWARDS
    assert any(len(h) > 1 for h in histories)
    for history in histories:
        assert all(0 <= age < HISTORY_DAYS for age in history)
        assert all(later - earlier >= 7 for earlier, later in itertools.pairwise(history))


def test_the_mix_has_every_crisis_reason_and_both_sides_of_each_flag(
    frame: pl.DataFrame,
) -> None:
    assert frame["crisis_reason"].n_unique() == len(CrisisReason)
    for name, spec in INPUTS.items():
        if spec.type == Type.BOOL:
            assert frame[name].n_unique() == 2, name


def test_the_same_seed_gives_the_same_households() -> None:
    assert households(500, seed=3).equals(households(500, seed=3))
    assert not households(500, seed=3).equals(households(500, seed=4))


def test_rows_are_inputs_the_engine_assesses_one_at_a_time_and_together(
    frame: pl.DataFrame,
) -> None:
    sample = frame.head(300)
    rows = household_rows(sample)
    assert isinstance(rows[0][AWARD_HISTORY], tuple)
    for path in sorted(POLICIES.glob("*/policy.yaml")):
        policy = CompiledPolicy(load_policy(path))
        assessed = policy.assess_frame(sample, date_column=DATE_COLUMN)
        one_by_one = [policy.assess_inputs(row, on=row[DATE_COLUMN]).outcome for row in rows]
        assert assessed["outcome"].to_list() == one_by_one, path.parent.name
