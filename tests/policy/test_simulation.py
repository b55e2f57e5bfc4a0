"""What-if comparison: the same applications under the policy in force and a draft, side by side."""

import datetime
import json
import random
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from onestop.policy.engine import CompiledPolicy, NotInForce
from onestop.policy.facts import AWARD_HISTORY, INPUTS
from onestop.policy.loader import load_policy
from onestop.policy.simulation import (
    NO_WARD,
    Figures,
    WhatIfReport,
    compare,
    household_type_expression,
    render_text,
)

POLICY_FILE = Path(__file__).resolve().parents[2] / "policies" / "crisis-payment" / "policy.yaml"
IN_FORCE_TEXT = POLICY_FILE.read_text(encoding="utf-8")
JUNE = datetime.date(2026, 6, 1)


@pytest.fixture(scope="module")
def current() -> CompiledPolicy:
    return CompiledPolicy(load_policy(POLICY_FILE))


def policy(tmp_path: Path, *changes: tuple[str, str]) -> CompiledPolicy:
    text = IN_FORCE_TEXT
    for old, new in changes:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "draft.yaml"
    path.write_text(text, encoding="utf-8")
    return CompiledPolicy(load_policy(path))


RAISE_SAVINGS = ("2026-04-01: £6,000", "2026-04-01: £8,000")


def frame(rows: list[dict[str, Any]]) -> pl.DataFrame:
    """Applications with the inputs a test names; the rest as a modest, eligible household."""
    base: dict[str, Any] = {
        "applied_on": JUNE,
        "ward": "",
        "applicant_age": 30,
        "household_size": 1,
        "children_under_5": 0,
        "children": 0,
        "weekly_income": 15_000,
        "weekly_housing_costs": 9_000,
        "savings": 50_000,
        "crisis_reason": "loss_of_income",
        AWARD_HISTORY: [],
    }
    return pl.DataFrame(
        [{**base, **row} for row in rows],
        schema_overrides={AWARD_HISTORY: pl.List(pl.Int64), "applied_on": pl.Date},
    )


# A: single, eligible, £60. B: pensioner couple with £7,000 saved. C: a child under 5, no
# food: eligible, high. D: an older child, a crisis the policy does not list. E: income too high.
HOUSEHOLDS = frame(
    [
        {"ward": "Ward 2"},
        {"ward": "Ward 10", "applicant_age": 70, "household_size": 2, "savings": 700_000},
        {"household_size": 3, "children_under_5": 1, "crisis_reason": "no_money_for_food"},
        {"ward": "Ward 2", "applicant_age": 35, "household_size": 2, "children": 1,
         "crisis_reason": "other"},
        {"ward": "Ward 10", "applicant_age": 50, "household_size": 2, "weekly_income": 100_000,
         "crisis_reason": "no_money_for_fuel"},
    ]
)  # fmt: skip


def by_key(rows: Any) -> dict[str, tuple[Figures, Figures]]:
    return {row.key: (row.current, row.draft) for row in rows}


def test_counts_and_totals_under_each_policy(current: CompiledPolicy, tmp_path: Path) -> None:
    report = compare(
        HOUSEHOLDS, current=current, draft=policy(tmp_path, RAISE_SAVINGS), date_column="applied_on"
    )
    assert report.applications == 5
    assert report.current == Figures(5, eligible=2, needs_decision_maker=1, not_eligible=2,
                                      award_pence=26_000)  # fmt: skip
    assert report.draft == Figures(5, eligible=3, needs_decision_maker=1, not_eligible=1,
                                    award_pence=36_000)  # fmt: skip
    assert report.award_change_pence == 10_000
    assert [(c.from_outcome, c.to_outcome, c.applications, c.award_change_pence)
            for c in report.changes] == [("not_eligible", "eligible", 1, 10_000)]  # fmt: skip
    assert report.changed_outcome == 1
    assert report.changed_award == 1


def test_breakdowns_by_crisis_reason_household_type_and_ward(
    current: CompiledPolicy, tmp_path: Path
) -> None:
    report = compare(
        HOUSEHOLDS, current=current, draft=policy(tmp_path, RAISE_SAVINGS), date_column="applied_on"
    )
    types = by_key(report.by_household_type.rows)
    assert list(types) == ["pensioner", "with children", "single", "other"]
    assert types["pensioner"] == (
        Figures(1, 0, 0, 1, 0),
        Figures(1, 1, 0, 0, 10_000),
    )
    assert types["with children"][0] == Figures(2, 1, 1, 0, 20_000)
    assert types["single"][0] == Figures(1, 1, 0, 0, 6_000)
    assert types["other"][0] == Figures(1, 0, 0, 1, 0)

    wards = by_key(report.by_ward.rows)
    assert list(wards) == ["Ward 2", "Ward 10", ""]  # natural order; nothing recorded last
    assert [row.label for row in report.by_ward.rows][-1] == NO_WARD
    assert wards["Ward 10"][1] == Figures(2, 1, 0, 1, 10_000)

    reasons = {row.label: row for row in report.by_crisis_reason.rows}
    assert reasons["Sudden loss of income"].current == Figures(2, 1, 0, 1, 6_000)
    assert reasons["Sudden loss of income"].award_change_pence == 10_000
    assert reasons["Something else"].current.needs_decision_maker == 1


def test_priority_is_grouped_by_each_policys_own_priority(
    current: CompiledPolicy, tmp_path: Path
) -> None:
    pensioners_low = policy(
        tmp_path,
        ('      when: crisis_reason == "other"', '      when: crisis_reason == "other" or applicant_age >= 66'),
    )  # fmt: skip
    report = compare(HOUSEHOLDS, current=current, draft=pensioners_low, date_column="applied_on")
    levels = by_key(report.by_priority.rows)
    assert list(levels) == ["high", "medium", "low"]
    assert (levels["medium"][0].applications, levels["medium"][1].applications) == (3, 2)
    assert (levels["low"][0].applications, levels["low"][1].applications) == (1, 2)
    assert report.changed_outcome == 0


def test_an_award_that_changes_without_the_outcome_changing_is_counted(
    current: CompiledPolicy, tmp_path: Path
) -> None:
    more_food = policy(tmp_path, ("      2026-04-01: £60\n", "      2026-04-01: £70\n"))
    report = compare(HOUSEHOLDS, current=current, draft=more_food, date_column="applied_on")
    assert report.changed_outcome == 0
    assert report.changes == ()
    assert report.changed_award == 1
    assert report.award_change_pence == 1_000


def test_each_application_is_assessed_with_the_values_in_force_on_its_own_date(
    current: CompiledPolicy, tmp_path: Path
) -> None:
    from_july = policy(
        tmp_path, ("      2026-04-01: £6,000", "      2026-04-01: £6,000\n      2026-07-01: £8,000")
    )
    saved = {"savings": 700_000}
    rows = frame(
        [
            {**saved, "applied_on": datetime.date(2026, 6, 30)},
            {**saved, "applied_on": datetime.date(2026, 7, 1)},
        ]
    )
    report = compare(rows, current=current, draft=from_july, date_column="applied_on")
    assert report.draft.eligible == 1
    assert report.changed_outcome == 1


def test_applications_from_before_a_policy_has_values_are_refused(
    current: CompiledPolicy, tmp_path: Path
) -> None:
    later = policy(tmp_path, ("2026-04-01: £6,000", "2026-07-01: £6,000"))
    with pytest.raises(NotInForce, match=r"The draft policy has values only from 1 July 2026, "
                       r"but 5 applications were made before then"):  # fmt: skip
        compare(HOUSEHOLDS, current=current, draft=later, date_column="applied_on")


def test_household_types_follow_the_documented_order() -> None:
    rows = pl.DataFrame(
        {
            "applicant_age": [66, 65, 65, 65, 65, 40],
            "household_size": [3, 3, 2, 1, 2, 1],
            "children_under_5": [1, 1, 0, 0, 0, 0],
            "children": [0, 0, 1, 0, 0, None],
        }
    )
    types = rows.select(household_type_expression(rows.columns)).to_series().to_list()
    assert types == ["pensioner", "with children", "with children", "single", "other", "single"]
    # Without a `children` column, only children under 5 make a household "with children".
    without = rows.drop("children")
    assert without.select(household_type_expression(without.columns)).to_series()[2] == "other"


def test_a_frame_without_wards_or_history_still_compares(current: CompiledPolicy) -> None:
    bare = HOUSEHOLDS.drop("ward", AWARD_HISTORY, "children")
    report = compare(bare, current=current, draft=current, date_column="applied_on")
    assert [row.label for row in report.by_ward.rows] == [NO_WARD]
    assert report.changed_outcome == 0


def test_no_applications_gives_an_empty_report(current: CompiledPolicy) -> None:
    report = compare(HOUSEHOLDS.head(0), current=current, draft=current, date_column="applied_on")
    assert report.applications == 0
    assert report.current == Figures()
    assert report.by_ward.rows == ()
    assert "None: every application keeps its outcome." in render_text(report)


def test_the_comparison_agrees_with_assessing_each_application_alone(
    current: CompiledPolicy, tmp_path: Path
) -> None:
    draft = policy(tmp_path, RAISE_SAVINGS, ("£20,500", "£25,000"))
    chance = random.Random(2026)
    reasons = ["no_money_for_food", "no_money_for_fuel", "loss_of_income", "other"]
    rows = frame(
        [
            {
                "applied_on": JUNE + datetime.timedelta(days=chance.randrange(300)),
                "applicant_age": chance.randrange(18, 90),
                "household_size": chance.randrange(1, 8),
                "weekly_income": chance.randrange(0, 80_000),
                "weekly_housing_costs": chance.randrange(0, 30_000),
                "savings": chance.randrange(0, 1_000_000),
                "crisis_reason": chance.choice(reasons),
                AWARD_HISTORY: sorted(chance.sample(range(1, 400), chance.randrange(0, 4))),
            }
            for _ in range(300)
        ]
    )
    report = compare(rows, current=current, draft=draft, date_column="applied_on")

    def alone(policy_: CompiledPolicy) -> list[Any]:
        results = []
        for row in rows.iter_rows(named=True):
            inputs = {k: v for k, v in row.items() if k in INPUTS}
            inputs[AWARD_HISTORY] = tuple(row[AWARD_HISTORY])
            results.append(policy_.assess_inputs(inputs, on=row["applied_on"]))
        return results

    now, new = alone(current), alone(draft)
    for side, results in [(report.current, now), (report.draft, new)]:
        assert side.eligible == sum(r.outcome == "eligible" for r in results)
        assert side.not_eligible == sum(r.outcome == "not_eligible" for r in results)
        assert side.award_pence == sum(r.proposed_award_pence for r in results)
    assert report.changed_outcome == sum(
        a.outcome != b.outcome for a, b in zip(now, new, strict=True)
    )
    assert report.changed_outcome > 0


def test_the_report_reads_as_text_tables_and_as_plain_data(
    current: CompiledPolicy, tmp_path: Path
) -> None:
    report = compare(
        HOUSEHOLDS, current=current, draft=policy(tmp_path, RAISE_SAVINGS), date_column="applied_on"
    )
    text = render_text(report)
    assert "Applications: 5" in text
    lines = text.splitlines()
    eligible = next(line for line in lines if line.startswith("Eligible "))
    assert eligible.split() == ["Eligible", "2", "3", "+1"]
    award = next(line for line in lines if line.startswith("Total proposed award"))
    assert award.split()[-3:] == ["£260.00", "£360.00", "+£100.00"]
    for title in ["By priority", "By crisis reason", "By household type", "By ward"]:
        assert title in lines
    assert "1 of 5 applications would change outcome" in text

    data = report.as_dict()
    assert isinstance(report, WhatIfReport)
    assert json.loads(json.dumps(data))["draft"]["eligible"] == 3
    assert data["award_change_pence"] == 10_000
    assert data["by_ward"]["rows"][0]["key"] == "Ward 2"
