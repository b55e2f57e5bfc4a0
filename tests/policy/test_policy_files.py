"""Every case in every policies/*/tests.yaml, each as its own test named `scheme: case name`."""

import datetime
import functools
from pathlib import Path

import pytest

from onestop.policy.cases import (
    CASES_FILE,
    Case,
    CasesFileError,
    load_cases,
    load_compiled,
    run_case,
    scheme_folders,
)
from onestop.policy.engine import CompiledPolicy
from onestop.policy.loader import PolicyError

POLICIES = Path(__file__).resolve().parents[2] / "policies"


def _cases() -> list[object]:
    params: list[object] = []
    for folder in scheme_folders(POLICIES):
        try:
            cases = load_cases(folder / CASES_FILE)
        except CasesFileError as error:  # reported by the test, not hidden from collection
            params.append(pytest.param(folder, error, id=f"{folder.name}: {CASES_FILE}"))
            continue
        params += [pytest.param(folder, case, id=f"{folder.name}: {case.name}") for case in cases]
    return params


@functools.cache
def _policy(folder: Path) -> CompiledPolicy | PolicyError:
    try:
        return load_compiled(folder)
    except PolicyError as error:
        return error


def test_there_are_cases_for_every_scheme() -> None:
    folders = scheme_folders(POLICIES)

    assert {f.name for f in folders} >= {"crisis-payment", "housing-payment", "essential-items"}
    for folder in folders:
        assert (folder / CASES_FILE).is_file(), f"{folder.name} has no {CASES_FILE}"


@pytest.mark.parametrize(("folder", "case"), _cases())
def test_policy_case(folder: Path, case: Case | CasesFileError) -> None:
    if isinstance(case, CasesFileError):
        pytest.fail(f"{CASES_FILE} does not load:\n{case}", pytrace=False)
    policy = _policy(folder)
    if isinstance(policy, PolicyError):
        pytest.fail(f"the policy does not load:\n{policy}", pytrace=False)

    result = run_case(policy, case)

    if not result.passed:
        pytest.fail(result.report(), pytrace=False)


# A tests file with mistakes is refused whole, each mistake with its line -----------------

GOOD_CASE = """\
- name: A single person gets £60
  on: 2026-06-01
  given:
    household_size: 1
    crisis_reason: no_money_for_food
    savings: £100
    earlier_award_ages_days: [30]
  expect:
    outcome: eligible
    award: £60
    award_parts:
      food: £60
    priority: high
    criteria:
      savings: pass
    reasons:
      - Household savings are under £6,000
"""


def write_cases(tmp_path: Path, text: str) -> Path:
    path = tmp_path / CASES_FILE
    path.write_text(text, encoding="utf-8")
    return path


def refused(tmp_path: Path, text: str) -> CasesFileError:
    with pytest.raises(CasesFileError) as caught:
        load_cases(write_cases(tmp_path, text))
    return caught.value


def line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if fragment in line)


def test_a_case_reads_as_written(tmp_path: Path) -> None:
    (case,) = load_cases(write_cases(tmp_path, GOOD_CASE))

    assert case.name == "A single person gets £60"
    assert case.line == 1
    assert case.on == datetime.date(2026, 6, 1)
    assert case.inputs == {
        "household_size": 1,
        "crisis_reason": "no_money_for_food",
        "savings": 10_000,
        "earlier_award_ages_days": (30,),
    }
    assert case.expect.outcome == "eligible"
    assert case.expect.award == 6_000
    assert case.expect.award_parts == {"food": 6_000}
    assert case.expect.criteria == {"savings": True}
    assert case.expect.reasons == ("Household savings are under £6,000",)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "    savings: £100",
            "    saving: £100",
            "'saving' is not an input the policy knows (did you mean 'savings'?)",
        ),
        (
            "    savings: £100",
            "    savings: 100",
            "'savings' is money: write it with a £ sign, like £60 or £49.50",
        ),
        (
            "    savings: £100",
            "    savings: lots",
            "'savings' must be an amount like £60 or £49.50, not 'lots'",
        ),
        (
            "    household_size: 1",
            "    household_size: one",
            "'household_size' must be a whole number, like 3, not 'one'",
        ),
        (
            "    savings: £100",
            "    annual_income_after_housing: £100",
            "'annual_income_after_housing' is worked out by the policy from the inputs",
        ),
        (
            "[30]",
            "[30, -1]",
            "'earlier_award_ages_days' is a list of how many days ago each earlier award was made",
        ),
        (
            "  on: 2026-06-01",
            "  on: 1 June 2026",
            "'on' must be a date like 2026-06-01, not '1 June 2026'",
        ),
        (
            "    outcome: eligible",
            "    outcome: approved",
            "outcome 'approved' is not one of eligible, not_eligible, needs_decision_maker",
        ),
        ("    award: £60", "    award: 60", "'award' must be an amount like £60 or £49.50, not 60"),
        (
            "    priority: high",
            "    priority: urgent",
            "priority 'urgent' is not one of high, medium, low",
        ),
        (
            "      savings: pass",
            "      savings: yes",
            "criterion 'savings' must be expected to 'pass' or 'fail', not True",
        ),
        ("  expect:", "  expected:", "'expected' is not part of a case (did you mean 'expect'?)"),
        (
            "    outcome: eligible",
            "    outcom: eligible",
            "'outcom' is not something a case can expect (did you mean 'outcome'?)",
        ),
    ],
)
def test_a_mistake_in_a_case_is_refused_with_its_line(
    tmp_path: Path, old: str, new: str, message: str
) -> None:
    assert old in GOOD_CASE
    text = GOOD_CASE.replace(old, new, 1)

    error = refused(tmp_path, text)

    reported = str(error)
    assert message in reported, reported
    line = line_of(text, new.strip()) if "expected:" not in new else line_of(text, "expected:")
    assert f"{error.path}, line {line}: " in reported, reported


def test_a_case_without_a_date_or_expectation_is_refused(tmp_path: Path) -> None:
    text = "- name: Nothing to check\n  given:\n    savings: £1\n"

    error = refused(tmp_path, text)

    assert "line 1: case \"Nothing to check\" needs 'on:'" in str(error)
    assert "line 1: case \"Nothing to check\" needs 'expect:'" in str(error)


def test_two_cases_with_one_name_are_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, GOOD_CASE + "\n" + GOOD_CASE)

    assert (
        'line 19: case "A single person gets £60" has the same name as the case on line 1'
        in str(error)
    )


def test_every_mistake_in_the_file_is_reported_together(tmp_path: Path) -> None:
    second = GOOD_CASE.replace("gets £60", "gets food").replace("savings: £100", "savngs: £100")
    text = GOOD_CASE.replace("award: £60", "award: sixty") + "\n" + second

    error = refused(tmp_path, text)

    assert [p.line for p in error.problems] == [line_of(text, "sixty"), line_of(text, "savngs")]


def test_a_date_that_does_not_exist_is_refused_with_its_line(tmp_path: Path) -> None:
    text = GOOD_CASE.replace("2026-06-01", "2026-02-30")

    error = refused(tmp_path, text)

    assert "line 2: " in str(error)
    assert "'2026-02-30' is not a date that exists" in str(error)


def test_a_tests_file_that_is_not_a_list_is_refused(tmp_path: Path) -> None:
    error = refused(tmp_path, "name: one case\n")

    assert "must be a list of cases, each starting with '- name:'" in str(error)


# What a failing case says -------------------------------------------------------------------


def test_a_failing_case_names_itself_and_everything_that_differed(tmp_path: Path) -> None:
    text = (
        GOOD_CASE.replace("savings: £100", "savings: £6,000")
        .replace("priority: high", "priority: low")
        .replace("food: £60", "food: £65")
    )
    (case,) = load_cases(write_cases(tmp_path, text))

    result = run_case(load_compiled(POLICIES / "crisis-payment"), case)

    assert not result.passed
    assert result.report().splitlines() == [
        f'{case.where}: "A single person gets £60" failed',
        "  outcome: expected eligible, got not_eligible",
        '    because: "Household savings are £6,000 or more"',
        "  criterion 'savings': expected pass, got fail",
        '    reason: "Household savings are £6,000 or more"',
        "  award: expected £60, got £0",
        "    no award, as the outcome is not_eligible (food £60)",
        "  award parts: expected food £65, got food £60",
        "  priority: expected low, got high",
        '  reason: expected "Household savings are under £6,000", got not among the reasons given',
        '    the nearest reason given: "Household savings are £6,000 or more"',
    ]


def test_a_criterion_the_policy_does_not_have_is_reported(tmp_path: Path) -> None:
    (case,) = load_cases(
        write_cases(tmp_path, GOOD_CASE.replace("      savings: pass", "      savngs: pass"))
    )

    result = run_case(load_compiled(POLICIES / "crisis-payment"), case)

    assert (
        "criterion 'savngs': expected pass, got no criterion of that name (did you mean 'savings'?)"
        in result.report()
    )
