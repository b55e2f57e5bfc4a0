"""A malformed policy is refused whole, with its file, the line and what is wrong."""

import os
import shutil
from pathlib import Path

import pytest

from onestop.policy.engine import PolicyStore
from onestop.policy.loader import PolicyError, load_policy

REAL_POLICIES = Path(__file__).resolve().parents[2] / "policies"

GOOD = """\
scheme: test-scheme
title: Test scheme
version: "1"
parameters:
  savings_limit:
    unit: money
    description: Household savings must be under this
    reference: Test policy 4.2
    values:
      2026-04-01: £6,000
  most_awards:
    unit: number
    description: The most awards in 12 months
    reference: Test policy 5.1
    values:
      2026-04-01: 3
criteria:
  - name: savings
    test: savings < savings_limit
    pass: Household savings are under {savings_limit}
    fail: Household savings are {savings_limit} or more
  - name: awards
    test: awards_in_last(365) < most_awards
    pass: Fewer than {most_awards} awards in the last 12 months
    fail: Already {most_awards} awards in the last 12 months
awards:
  - name: food
    description: Food
    when: crisis_reason != "no_money_for_fuel"
    amount: £60
priority:
  rules:
    - level: high
      when: children_under_5 > 0
  otherwise: medium
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def changed(old: str, new: str, text: str = GOOD) -> str:
    assert old in text, f"the test's policy has no {old!r}"
    return text.replace(old, new, 1)


def line_of(text: str, fragment: str, occurrence: int = 1) -> int:
    """The 1-based line on which `fragment` appears for the given time."""
    found = 0
    for number, line in enumerate(text.splitlines(), start=1):
        if fragment in line:
            found += 1
            if found == occurrence:
                return number
    raise AssertionError(f"{fragment!r} is not in the policy")


def refused(tmp_path: Path, text: str) -> PolicyError:
    path = write(tmp_path, text)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert caught.value.path == path
    return caught.value


def assert_reports(error: PolicyError, line: int, *fragments: str) -> None:
    """The error names the file and line, and says what is wrong in the words given."""
    shown = str(error).splitlines()
    on_line = [text for text in shown if text.startswith(f"{error.path}, line {line}: ")]
    assert on_line, f"nothing reported on line {line}:\n{error}"
    for fragment in fragments:
        assert any(fragment in text for text in on_line), f"{fragment!r} not in:\n{error}"


def test_the_well_formed_policy_loads(tmp_path: Path) -> None:
    policy = load_policy(write(tmp_path, GOOD))

    assert [c.name for c in policy.criteria] == ["savings", "awards"]
    assert policy.label.startswith("test-scheme 1 (")


def test_an_unknown_fact_is_named_with_the_nearest_known_one(tmp_path: Path) -> None:
    text = changed("test: savings < savings_limit", "test: savngs < savings_limit")

    error = refused(tmp_path, text)

    assert_reports(
        error,
        line_of(text, "savngs"),
        "criterion 'savings'",
        "'savngs' is not a fact or parameter this policy knows (did you mean 'savings'?)",
    )


def test_money_compared_with_a_plain_number_is_a_type_error(tmp_path: Path) -> None:
    text = changed("test: savings < savings_limit", "test: savings < 6000")

    error = refused(tmp_path, text)

    assert_reports(error, line_of(text, "savings < 6000"), "cannot compare money with number")


def test_text_compared_with_a_number_is_a_type_error(tmp_path: Path) -> None:
    text = changed('when: crisis_reason != "no_money_for_fuel"', "when: crisis_reason == 3")

    error = refused(tmp_path, text)

    assert_reports(
        error,
        line_of(text, "crisis_reason == 3"),
        "award 'food'",
        "cannot compare text with number",
    )


def test_a_test_that_is_not_true_or_false_is_refused(tmp_path: Path) -> None:
    text = changed("test: savings < savings_limit", "test: savings_limit")

    error = refused(tmp_path, text)

    assert_reports(
        error, line_of(text, "test: savings_limit"), "must give true or false", "gives money"
    )


def test_an_award_must_be_money(tmp_path: Path) -> None:
    text = changed("amount: £60", "amount: most_awards")

    error = refused(tmp_path, text)

    assert_reports(error, line_of(text, "amount: most_awards"), "must give money")


def test_the_same_date_twice_for_one_parameter_is_refused(tmp_path: Path) -> None:
    text = changed(
        "      2026-04-01: £6,000\n", "      2026-04-01: £6,000\n      2026-04-01: £7,000\n"
    )

    error = refused(tmp_path, text)

    first = line_of(text, "2026-04-01: £6,000")
    assert_reports(
        error,
        line_of(text, "2026-04-01: £7,000"),
        f"'2026-04-01' appears twice here (first on line {first})",
    )


def test_a_value_of_the_wrong_unit_is_refused(tmp_path: Path) -> None:
    text = changed("2026-04-01: 3", "2026-04-01: £3")
    text = changed("2026-04-01: £6,000", "2026-04-01: six thousand pounds", text)

    error = refused(tmp_path, text)

    assert_reports(
        error,
        line_of(text, "six thousand pounds"),
        "parameter 'savings_limit'",
        "'six thousand pounds' on 2026-04-01 is not money",
    )
    assert_reports(
        error, line_of(text, "2026-04-01: £3"), "parameter 'most_awards'", "is not number"
    )


def test_a_date_that_is_not_a_date_is_refused(tmp_path: Path) -> None:
    text = changed("2026-04-01: 3", "1 April 2026: 3")

    error = refused(tmp_path, text)

    assert_reports(
        error, line_of(text, "1 April 2026"), "'1 April 2026' is not a date like 2026-04-01"
    )


def test_a_date_that_does_not_exist_is_refused_with_its_line(tmp_path: Path) -> None:
    text = changed("2026-04-01: 3", "2026-13-01: 3")

    error = refused(tmp_path, text)

    assert_reports(error, line_of(text, "2026-13-01"), "2026-13-01")


def test_a_parameter_without_a_reference_is_refused(tmp_path: Path) -> None:
    text = changed("    reference: Test policy 5.1\n", "")

    error = refused(tmp_path, text)

    assert_reports(
        error, line_of(text, "most_awards:"), "parameter 'most_awards' needs 'reference'"
    )


@pytest.mark.parametrize("reason", ["pass", "fail"])
def test_a_criterion_without_a_pass_or_fail_reason_is_refused(tmp_path: Path, reason: str) -> None:
    lines = [
        line
        for line in GOOD.splitlines(keepends=True)
        if not line.startswith(f"    {reason}: Household savings")
    ]
    text = "".join(lines)

    error = refused(tmp_path, text)

    assert_reports(error, line_of(text, "- name: savings"), f"criterion 'savings' needs '{reason}'")


def test_an_unknown_section_is_refused(tmp_path: Path) -> None:
    text = GOOD + "notes: remember to check this in April\n"

    error = refused(tmp_path, text)

    assert_reports(error, line_of(text, "notes:"), "'notes' is not a section a policy can have")


def test_a_placeholder_naming_nothing_is_refused(tmp_path: Path) -> None:
    text = changed(
        "pass: Household savings are under {savings_limit}",
        "pass: Household savings are under {saving_limit}",
    )

    error = refused(tmp_path, text)

    assert_reports(
        error,
        line_of(text, "{saving_limit}"),
        "'{saving_limit}' in the pass reason is not a fact or parameter",
    )


@pytest.mark.parametrize(
    ("test", "message"),
    [
        ("savings <", "the expression stops before it is complete"),
        ("savings < < savings_limit", "'<' is not expected here"),
        ("savings < savings_limit)", "')' is not expected here"),
        ("savings ≤ savings_limit", "'≤' is not allowed here"),
        ("savings.__class__ == savings", "'.' is not allowed here"),
        ("savings < savings_limit and", "the expression stops before it is complete"),
    ],
)
def test_invalid_syntax_is_refused(tmp_path: Path, test: str, message: str) -> None:
    text = changed("test: savings < savings_limit", f"test: {test}")

    error = refused(tmp_path, text)

    assert_reports(error, line_of(text, f"test: {test}"), message)


def test_several_problems_are_reported_together_in_line_order(tmp_path: Path) -> None:
    text = changed("test: savings < savings_limit", "test: savngs < savings_limit")
    text = changed("amount: £60", "amount: 60", text)
    text = changed("otherwise: medium", "otherwise: urgent", text)

    error = refused(tmp_path, text)

    lines = [p.line for p in error.problems]
    assert lines == [
        line_of(text, "savngs"),
        line_of(text, "amount: 60"),
        line_of(text, "otherwise: urgent"),
    ]
    assert "did you mean 'savings'" in str(error)
    assert "must give money" in str(error)
    assert "'otherwise' must be one of high, medium, low" in str(error)


def test_yaml_that_does_not_parse_is_refused_with_its_line(tmp_path: Path) -> None:
    text = changed("    pass: Household savings", "   pass: Household savings")

    error = refused(tmp_path, text)

    assert len(error.problems) == 1
    assert "is not valid YAML" in str(error)
    assert error.problems[0].line in (
        line_of(text, "   pass: Household"),
        line_of(text, "fail: Household savings"),
    )


# The running service keeps the last good version ----------------------------------------


def _copy_scheme(tmp_path: Path, scheme: str) -> Path:
    shutil.copytree(REAL_POLICIES / scheme, tmp_path / scheme)
    return tmp_path / scheme / "policy.yaml"


def _touch_later(path: Path) -> None:
    # A later modification time, so the store notices the change even within one clock tick.
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))


def test_the_store_keeps_the_last_good_version_when_the_file_breaks(tmp_path: Path) -> None:
    path = _copy_scheme(tmp_path, "crisis-payment")
    store = PolicyStore(directory=tmp_path)
    good = store.get("crisis-payment")

    path.write_text(
        changed("test: savings < savings_limit", "test: savngs < savings_limit", path.read_text()),
        encoding="utf-8",
    )
    _touch_later(path)
    in_use = store.get("crisis-payment")

    assert in_use is good
    error = store.last_errors["crisis-payment"]
    assert "did you mean 'savings'" in str(error)
    assert str(path) in str(error)


def test_the_store_takes_the_fixed_version_once_the_file_loads_again(tmp_path: Path) -> None:
    path = _copy_scheme(tmp_path, "crisis-payment")
    original = path.read_text()
    store = PolicyStore(directory=tmp_path)
    good = store.get("crisis-payment")
    path.write_text(original.replace("savings_limit\n", "savngs_limit\n", 1), encoding="utf-8")
    _touch_later(path)
    store.get("crisis-payment")

    path.write_text(original.replace('version: "2026.1"', 'version: "2026.2"'), encoding="utf-8")
    _touch_later(path)
    fixed = store.get("crisis-payment")

    assert fixed is not good
    assert fixed.version.startswith("crisis-payment 2026.2 (")
    assert "crisis-payment" not in store.last_errors


def test_a_policy_that_never_loaded_has_no_last_good_version(tmp_path: Path) -> None:
    path = _copy_scheme(tmp_path, "housing-payment")
    path.write_text(path.read_text().replace("never_refuse: true", "never_refuse: sometimes"))

    with pytest.raises(PolicyError, match="'never_refuse' must be true or false"):
        PolicyStore(directory=tmp_path).get("housing-payment")
