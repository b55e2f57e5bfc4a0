"""Screening a caseload extract: a good file is assessed and written; any bad line refuses it whole."""

import csv
import datetime
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from onestop.policy.engine import policy_for
from onestop.policy.screening import (
    COLUMNS,
    MAX_PROBLEMS,
    CaseloadError,
    read_caseload,
    screen_caseload,
    screen_command,
)

ON = datetime.date(2026, 6, 1)
HEADER = (
    "household_id,applicant_age,household_size,children_under_5,weekly_income,"
    "weekly_housing_costs,savings,disabled,crisis_reason"
)
GOOD_LINES = [
    "HB001,34,1,0,250.00,100.00,500.00,no,no_money_for_food",  # eligible: £60 food, high
    "HB002,29,3,1,300,120.5,0,yes,loss_of_income",  # eligible: £100 food, high
    "HB003,45,2,0,900.00,100.00,0.00,no,no_money_for_fuel",  # income too high
    "HB004,70,1,0,200.00,50.00,7000.00,,",  # savings too high; crisis blank: other
    "HB005,52,6,0,380.00,0.00,10.50,no,",  # a crisis the policy does not list: £150, low
]
GOOD = "\n".join([HEADER, *GOOD_LINES]) + "\n"


def write(tmp_path: Path, text: str | bytes, name: str = "caseload.csv") -> Path:
    path = tmp_path / name
    if isinstance(text, bytes):
        path.write_bytes(text)
    else:
        path.write_text(text, encoding="utf-8")
    return path


def with_line(number: int, line: str, *, lines: list[str] = GOOD_LINES) -> str:
    """The good file with its line `number` (the header is line 1) replaced."""
    replaced = list(lines)
    replaced[number - 2] = line
    return "\n".join([HEADER, *replaced]) + "\n"


def read_output(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as f:
        return list(csv.DictReader(f))


# A good file ----------------------------------------------------------------------------------


def test_a_good_file_reads_as_policy_inputs(tmp_path: Path) -> None:
    frame = read_caseload(write(tmp_path, GOOD))
    first, second, _, fourth, _ = frame.iter_rows(named=True)
    assert first["household_id"] == "HB001"
    assert first["weekly_income"] == 25_000
    assert first["savings"] == 50_000
    assert second["weekly_housing_costs"] == 12_050  # 120.5 is £120.50
    assert second["disabled"] is True
    assert fourth["disabled"] is False  # blank: the default
    assert fourth["crisis_reason"] == "other"  # blank: the default
    assert "receives_housing_support" not in frame.columns  # not given: the policy's default


def test_screening_writes_who_would_qualify_and_for_what(tmp_path: Path) -> None:
    output = tmp_path / "out" / "qualifying.csv"
    summary = screen_caseload(
        path=write(tmp_path, GOOD), policy=policy_for("crisis-payment"), on=ON, output=output
    )
    assert (summary.rows, summary.eligible, summary.needs_decision_maker) == (5, 2, 1)
    assert summary.not_eligible == 2
    assert summary.award_pence == 31_000
    assert summary.written == 3
    assert output.read_text(encoding="utf-8").splitlines() == [
        "household_id,outcome,award,priority,failed_criteria",
        "HB001,eligible,60.00,high,",
        "HB002,eligible,100.00,high,",
        "HB005,needs_decision_maker,150.00,low,",
    ]


def test_with_all_every_household_is_written_with_the_criteria_it_fails(tmp_path: Path) -> None:
    output = tmp_path / "all.csv"
    screen_caseload(
        path=write(tmp_path, GOOD),
        policy=policy_for("crisis-payment"),
        on=ON,
        output=output,
        include_not_eligible=True,
    )
    rows = {row["household_id"]: row for row in read_output(output)}
    assert len(rows) == 5
    assert rows["HB003"] == {
        "household_id": "HB003",
        "outcome": "not_eligible",
        "award": "0.00",
        "priority": "medium",
        "failed_criteria": "income",
    }
    assert rows["HB004"]["failed_criteria"] == "savings"


def test_screening_agrees_with_assessing_each_household_alone(tmp_path: Path) -> None:
    policy = policy_for("crisis-payment")
    output = tmp_path / "all.csv"
    screen_caseload(
        path=write(tmp_path, GOOD), policy=policy, on=ON, output=output, include_not_eligible=True
    )
    written = {row["household_id"]: row for row in read_output(output)}
    for inputs in read_caseload(write(tmp_path, GOOD)).iter_rows(named=True):
        household = inputs.pop("household_id")
        alone = policy.assess_inputs(inputs, on=ON)
        row = written[household]
        assert row["outcome"] == alone.outcome
        assert row["award"] == f"{alone.proposed_award_pence / 100:.2f}"
        assert row["priority"] == alone.priority


def test_windows_line_endings_a_byte_order_mark_and_trailing_blank_lines_are_fine(
    tmp_path: Path,
) -> None:
    text = "\ufeff" + GOOD.replace("\n", "\r\n") + "\r\n\r\n"
    frame = read_caseload(write(tmp_path, text.encode("utf-8")))
    assert frame["household_id"].to_list() == ["HB001", "HB002", "HB003", "HB004", "HB005"]
    assert frame["crisis_reason"].to_list()[0] == "no_money_for_food"


def test_quoted_values_may_hold_commas_and_line_breaks(tmp_path: Path) -> None:
    lines = [*GOOD_LINES]
    lines[0] = '"HB,001",34,1,0,250.00,100.00,500.00,no,no_money_for_food'
    lines[1] = '"HB\n002",29,3,1,300,120.5,0,yes,loss_of_income'
    frame = read_caseload(write(tmp_path, "\n".join([HEADER, *lines]) + "\n"))
    assert frame["household_id"].to_list()[:2] == ["HB,001", "HB\n002"]


# A bad file is refused whole ------------------------------------------------------------------


BAD_LINES = {
    "money that is not a number": (
        "HB003,45,2,0,900.00,100.00,lots,no,no_money_for_fuel",
        'Line 4: savings must be an amount in pounds, like 250.00 (it is "lots")',
    ),
    "money with a pound sign": (
        "HB003,45,2,0,900.00,100.00,£250.00,no,no_money_for_fuel",
        'Line 4: savings must be an amount in pounds, like 250.00 (it is "£250.00")',
    ),
    "money with fractions of a penny": (
        "HB003,45,2,0,900.005,100.00,0,no,no_money_for_fuel",
        'Line 4: weekly_income must be an amount in pounds, like 250.00 (it is "900.005")',
    ),
    "negative money": (
        "HB003,45,2,0,900.00,-100.00,0,no,no_money_for_fuel",
        'Line 4: weekly_housing_costs must be an amount in pounds, like 250.00 (it is "-100.00")',
    ),
    "an age in words": (
        "HB003,forty,2,0,900.00,100.00,0,no,no_money_for_fuel",
        'Line 4: applicant_age must be a whole number of years, like 42 (it is "forty")',
    ),
    "an age out of range": (
        "HB003,12,2,0,900.00,100.00,0,no,no_money_for_fuel",
        "Line 4: applicant_age must be from 16 to 120 (it is 12)",
    ),
    "a household of no one": (
        "HB003,45,0,0,900.00,100.00,0,no,no_money_for_fuel",
        "Line 4: household_size must be from 1 to 30 (it is 0)",
    ),
    "more children under 5 than the household has room for": (
        "HB003,45,2,2,900.00,100.00,0,no,no_money_for_fuel",
        "Line 4: children_under_5 must be fewer than household_size, which counts the claimant",
    ),
    "a yes or no that is neither": (
        "HB003,45,2,0,900.00,100.00,0,maybe,no_money_for_fuel",
        'Line 4: disabled must be yes or no (it is "maybe")',
    ),
    "an unknown crisis reason": (
        "HB003,45,2,0,900.00,100.00,0,no,hungry",
        "Line 4: crisis_reason must be one of the crisis reason codes, like no_money_for_food "
        '(it is "hungry")',
    ),
    "a required value left blank": (
        "HB003,45,2,0,900.00,100.00,,no,no_money_for_fuel",
        "Line 4: savings is blank; it must be an amount in pounds, like 250.00",
    ),
    "a blank household id": (
        ",45,2,0,900.00,100.00,0,no,no_money_for_fuel",
        "Line 4: household_id is blank; it must be the household's reference in the benefits "
        "system",
    ),
    "the same household twice": (
        "HB001,45,2,0,900.00,100.00,0,no,no_money_for_fuel",
        "Line 4: household_id HB001 is also on line 2; each household must be on one line",
    ),
    "a blank line": ("", "Line 4 is blank: remove it"),
    "too few values": (
        "HB003,45,2,0,900.00,100.00,0,no",
        "Line 4 has 8 values but the header names 9 columns",
    ),
    "too many values": (
        "HB003,45,2,0,900.00,100.00,0,no,no_money_for_fuel,extra",
        "Line 4 has 10 values but the header names 9 columns",
    ),
    "a quote never closed": (
        '"HB003,45,2,0,900.00,100.00,0,no,no_money_for_fuel',
        "Line 4: a quoted value is never closed",
    ),
}


@pytest.mark.parametrize("kind", list(BAD_LINES))
def test_each_kind_of_bad_line_refuses_the_file_whole_with_its_line(
    tmp_path: Path, kind: str
) -> None:
    line, message = BAD_LINES[kind]
    output = tmp_path / "qualifying.csv"
    with pytest.raises(CaseloadError) as refused:
        screen_caseload(
            path=write(tmp_path, with_line(4, line)),
            policy=policy_for("crisis-payment"),
            on=ON,
            output=output,
        )
    assert refused.value.problems[0] == message
    assert not output.exists()
    assert list(tmp_path.iterdir()) == [tmp_path / "caseload.csv"]  # no half-written file


def test_a_line_that_is_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    data = (
        with_line(5, "HB004,70,1,0,200.00,50.00,7000.00,,").encode().replace(b"HB004", b"HB\xff04")
    )
    with pytest.raises(CaseloadError) as refused:
        read_caseload(write(tmp_path, data))
    assert refused.value.problems == [
        "Line 5 is not UTF-8 text: save the file as CSV UTF-8 and try again"
    ]


def test_line_numbers_count_the_lines_a_quoted_value_spans(tmp_path: Path) -> None:
    lines = [*GOOD_LINES]
    lines[0] = '"HB\n001",34,1,0,250.00,100.00,500.00,no,no_money_for_food'  # lines 2 and 3
    lines[2] = "HB003,45,2,0,900.00,100.00,lots,no,no_money_for_fuel"  # line 5
    with pytest.raises(CaseloadError) as refused:
        read_caseload(write(tmp_path, "\n".join([HEADER, *lines]) + "\n"))
    assert refused.value.problems == [
        'Line 5: savings must be an amount in pounds, like 250.00 (it is "lots")'
    ]


def test_every_problem_is_listed_in_line_order_up_to_a_limit(tmp_path: Path) -> None:
    lines = [f"HB{n:03d},34,1,0,250.00,100.00,500.00,no,no_money_for_food" for n in range(60)]
    for n in range(0, 60, 2):
        lines[n] = lines[n].replace("500.00", "five hundred")
    lines[1] = lines[1].replace(",no,", ",perhaps,")
    with pytest.raises(CaseloadError) as refused:
        read_caseload(write(tmp_path, "\n".join([HEADER, *lines]) + "\n"))
    problems = refused.value.problems
    assert len(problems) == MAX_PROBLEMS
    assert problems[:3] == [
        'Line 2: savings must be an amount in pounds, like 250.00 (it is "five hundred")',
        'Line 3: disabled must be yes or no (it is "perhaps")',
        'Line 4: savings must be an amount in pounds, like 250.00 (it is "five hundred")',
    ]
    assert refused.value.more > 0
    assert refused.value.one_line().startswith("Line 2: savings must be")
    assert "more problems after it" in refused.value.one_line()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "The file is empty: it needs a header line, then one line per household"),
        (HEADER + "\n", "The file has a header line but no households after it"),
        (
            HEADER.replace("savings", "savngs") + "\n" + GOOD_LINES[0],
            'Line 1: "savngs" is not a caseload column. The columns are: '
            + ", ".join(c.name for c in COLUMNS),
        ),
        (
            HEADER.replace(",savings", "") + "\n" + GOOD_LINES[0],
            "Line 1: the header has no savings column (required: household_id, applicant_age, "
            "household_size, children_under_5, weekly_income, weekly_housing_costs, savings)",
        ),
        (
            HEADER + ",disabled\n" + GOOD_LINES[0] + ",no",
            "Line 1: the column disabled is named twice",
        ),
    ],
    ids=["empty", "header only", "unknown column", "missing column", "column twice"],
)
def test_a_bad_header_or_an_empty_file_is_refused(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(CaseloadError) as refused:
        read_caseload(write(tmp_path, text))
    assert refused.value.problems[0] == message


def test_column_names_are_read_without_regard_to_case_or_spaces(tmp_path: Path) -> None:
    header = HEADER.replace("savings", " Savings ").replace("household_id", "HOUSEHOLD_ID")
    frame = read_caseload(write(tmp_path, "\n".join([header, *GOOD_LINES]) + "\n"))
    assert frame["savings"].to_list()[0] == 50_000


# The command -----------------------------------------------------------------------------------


def run(*args: str) -> Result:
    return CliRunner().invoke(screen_command, list(args), catch_exceptions=False)


def test_the_command_screens_and_prints_a_summary(tmp_path: Path) -> None:
    output = tmp_path / "qualifying.csv"
    result = run(
        "--scheme", "crisis-payment",
        "--caseload", str(write(tmp_path, GOOD)),
        "--on", "2026-06-01",
        "--output", str(output),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Screened 5 households" in result.output
    assert "Eligible:               2" in result.output
    assert "Needs a decision maker: 1" in result.output
    assert "Not eligible:           2" in result.output
    assert "Total award:            £310.00" in result.output
    assert f"Wrote 3 households to {output}" in result.output
    assert len(read_output(output)) == 3


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--scheme", "crisis-payment", "--caseload", "BAD"],
            "Error: caseload.csv was not screened. Line 4: savings must be an amount in pounds, "
            'like 250.00 (it is "lots")',
        ),
        (
            ["--scheme", "crisis-payment", "--caseload", "MISSING"],
            "Error: missing.csv was not screened. There is no file at",
        ),
        (
            ["--scheme", "no-such-scheme", "--caseload", "GOOD"],
            "Error: There is no policy for a scheme called 'no-such-scheme'. The schemes are:",
        ),
        (
            ["--scheme", "crisis-payment", "--caseload", "GOOD", "--on", "2025-01-01"],
            "Error: Crisis Payment has no value for",
        ),
    ],
    ids=["malformed file", "missing file", "unknown scheme", "not in force"],
)
def test_the_command_exits_non_zero_with_a_one_line_reason(
    tmp_path: Path, args: list[str], message: str
) -> None:
    files = {
        "GOOD": str(write(tmp_path, GOOD, "good.csv")),
        "BAD": str(write(tmp_path, with_line(4, BAD_LINES["money that is not a number"][0]))),
        "MISSING": str(tmp_path / "missing.csv"),
    }
    output = tmp_path / "qualifying.csv"
    result = CliRunner().invoke(
        screen_command, [files.get(a, a) for a in args] + ["--output", str(output)]
    )
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert errors[0].startswith(message)
    assert not output.exists()


def test_an_output_that_cannot_be_written_is_a_one_line_error(tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("a file where a folder should be", encoding="utf-8")
    result = CliRunner().invoke(
        screen_command,
        [
            "--scheme", "crisis-payment",
            "--caseload", str(write(tmp_path, GOOD)),
            "--on", "2026-06-01",
            "--output", str(blocker / "qualifying.csv"),
        ],
    )  # fmt: skip
    assert result.exit_code == 1
    assert f"Error: Cannot write {blocker / 'qualifying.csv'}" in result.output
