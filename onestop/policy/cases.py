"""Test cases beside each policy (tests.yaml): read them, run them, and say what differed.

A case is written for a policy officer to follow:

    - name: A single person with no money for food gets the single food award
      on: 2026-06-01
      given:
        household_size: 1
        crisis_reason: no_money_for_food
        savings: £100
      expect:
        outcome: eligible
        award: £60
        priority: high
        criteria:
          savings: pass
        reasons:
          - Household savings are under £6,000

Everything under `expect` is optional, and only what is written is checked. A tests file with
a mistake in it (an input the policy does not know, money without a £ sign, a date that is
not a date) is refused whole, with the line of every mistake, as a policy file is.
"""

import datetime
import difflib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import click

from onestop.policy.engine import Assessment, CompiledPolicy, NotInForce, format_value
from onestop.policy.expressions import Type
from onestop.policy.facts import AWARD_HISTORY, FACTS, INPUTS
from onestop.policy.loader import (
    PRIORITY_LEVELS,
    PolicyError,
    Problem,
    coerce,
    load_policy,
    read_yaml,
)
from onestop.policy.vocabulary import Outcome

POLICY_FILE = "policy.yaml"
CASES_FILE = "tests.yaml"
CASE_KEYS = ("name", "on", "given", "expect")
EXPECT_KEYS = ("outcome", "award", "award_parts", "priority", "criteria", "reasons")
OUTCOMES = tuple(outcome.value for outcome in Outcome)
_LINES = "__lines__"


class CasesFileError(PolicyError):
    """A tests file that cannot be used; `problems` each have the line and what is wrong."""


@dataclass(frozen=True)
class Expectation:
    """What a case expects; None (or empty) where the case does not say."""

    outcome: str | None = None
    award: int | None = None
    award_parts: Mapping[str, int] | None = None
    priority: str | None = None
    criteria: Mapping[str, bool] = field(default_factory=dict)
    reasons: tuple[str, ...] = ()


@dataclass(frozen=True)
class Case:
    name: str
    path: Path
    line: int
    on: datetime.date
    inputs: Mapping[str, Any]
    expect: Expectation

    @property
    def where(self) -> str:
        return f"{_display(self.path)}, line {self.line}"


@dataclass(frozen=True)
class Difference:
    """One thing a case expected that the policy did not give."""

    what: str
    expected: str
    got: str
    why: str = ""

    def __str__(self) -> str:
        text = f"{self.what}: expected {self.expected}, got {self.got}"
        return f"{text}\n    {self.why}" if self.why else text


@dataclass(frozen=True)
class CaseResult:
    case: Case
    differences: tuple[Difference, ...]
    assessment: Assessment | None

    @property
    def passed(self) -> bool:
        return not self.differences

    def report(self) -> str:
        """The failing case's name and line, then each thing that differed."""
        if self.passed:
            return f'{self.case.where}: "{self.case.name}" passed'
        lines = [f'{self.case.where}: "{self.case.name}" failed']
        lines += [f"  {difference}" for difference in self.differences]
        return "\n".join(lines)


@dataclass(frozen=True)
class SchemeReport:
    """One scheme's policy and tests file, and how each case went."""

    scheme: str
    folder: Path
    results: tuple[CaseResult, ...] = ()
    error: PolicyError | None = None

    @property
    def failures(self) -> tuple[CaseResult, ...]:
        return tuple(r for r in self.results if not r.passed)

    @property
    def passed(self) -> bool:
        return self.error is None and not self.failures


# Reading a tests file ------------------------------------------------------------------


def _display(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(path)


def _lines(mapping: Mapping[Any, Any]) -> Mapping[Any, int]:
    lines = mapping.get(_LINES, {})
    return lines if isinstance(lines, dict) else {}


def _key_line(mapping: Mapping[Any, Any], key: Any, default: int) -> int:
    return int(_lines(mapping).get(key, default))


def _items(mapping: Mapping[Any, Any]) -> list[tuple[Any, Any]]:
    return [(key, value) for key, value in mapping.items() if key != _LINES]


def _did_you_mean(word: str, choices: Sequence[str]) -> str:
    near = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean '{near[0]}'?)" if near else ""


def _key_name(key: Any) -> str:
    # YAML 1.1 reads a bare `on:` as true; in a tests file it can only mean the date.
    return "on" if key is True else str(key)


class _CaseReader:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(line, message))

    def case(self, item: Any, index: int, fallback_line: int) -> Case | None:
        if not isinstance(item, dict):
            self.problem(
                fallback_line,
                f"case {index}: each case is a set of 'name:', 'on:', 'given:' and 'expect:' lines",
            )
            return None
        fields = {_key_name(key): value for key, value in _items(item)}
        lines = {
            _key_name(key): line for key, line in _lines(item).items() if not isinstance(key, tuple)
        }
        values = {
            _key_name(key[1]): line
            for key, line in _lines(item).items()
            if isinstance(key, tuple) and len(key) == 2
        }
        first = min(lines.values(), default=fallback_line)
        raw_name = fields.get("name")
        if not isinstance(raw_name, str) or not raw_name.strip():
            self.problem(lines.get("name", first), f"case {index} needs a 'name'")
            name = f"case {index}"
        else:
            name = raw_name.strip()
        where = f'case "{name}"'
        for key in fields:
            if key not in CASE_KEYS:
                self.problem(
                    lines.get(key, first),
                    f"{where}: '{key}' is not part of a case{_did_you_mean(key, CASE_KEYS)}; "
                    f"a case has {', '.join(CASE_KEYS)}",
                )
        on = fields.get("on")
        if "on" not in fields:
            self.problem(
                first, f"{where} needs 'on:', the date of the application, like 2026-06-01"
            )
        elif not isinstance(on, datetime.date) or isinstance(on, datetime.datetime):
            self.problem(
                values.get("on", first),
                f"{where}: 'on' must be a date like 2026-06-01, not {on!r}",
            )
        inputs = self.given(fields.get("given"), where, values.get("given", first))
        if "expect" not in fields:
            self.problem(first, f"{where} needs 'expect:', what the policy should decide")
            expect = None
        else:
            expect = self.expect(fields["expect"], where, values.get("expect", first))
        if not isinstance(on, datetime.date) or inputs is None or expect is None:
            return None
        return Case(name, self.path, first, on, inputs, expect)

    def given(self, given: Any, where: str, line: int) -> dict[str, Any] | None:
        if given is None:
            return {}
        if not isinstance(given, dict):
            self.problem(line, f"{where}: 'given' must be a set of 'input: value' lines")
            return None
        inputs: dict[str, Any] = {}
        ok = True
        known = [*INPUTS, AWARD_HISTORY]
        for key, value in _items(given):
            name = _key_name(key)
            key_line = _key_line(given, key, line)
            if name == AWARD_HISTORY:
                ages = self.award_history(value, where, key_line)
                ok = ok and ages is not None
                inputs[name] = ages
            elif name in INPUTS:
                try:
                    inputs[name] = self.input_value(name, value)
                except ValueError as error:
                    self.problem(key_line, f"{where}: {error}")
                    ok = False
            elif name in FACTS:
                self.problem(
                    key_line,
                    f"{where}: '{name}' is worked out by the policy from the inputs, so a case "
                    "cannot give it; give the inputs it comes from instead",
                )
                ok = False
            else:
                self.problem(
                    key_line,
                    f"{where}: '{name}' is not an input the policy knows{_did_you_mean(name, known)}",
                )
                ok = False
        return inputs if ok else None

    @staticmethod
    def input_value(name: str, value: Any) -> Any:
        wanted = INPUTS[name].type
        if wanted == Type.MONEY and not (isinstance(value, str) or value == 0):
            # A bare number would be read as pence: £6,000 written as 6000 would be £60.
            raise ValueError(f"'{name}' is money: write it with a £ sign, like £60 or £49.50")
        try:
            return coerce(value, wanted)
        except ValueError:
            examples = {
                Type.MONEY: "an amount like £60 or £49.50",
                Type.NUMBER: "a whole number, like 3",
                Type.BOOL: "true or false",
                Type.TEXT: 'text, like "no_money_for_food"',
            }
            raise ValueError(f"'{name}' must be {examples[wanted]}, not {value!r}") from None

    def award_history(self, value: Any, where: str, line: int) -> tuple[int, ...] | None:
        if isinstance(value, list) and all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in value
        ):
            return tuple(value)
        self.problem(
            line,
            f"{where}: '{AWARD_HISTORY}' is a list of how many days ago each earlier award "
            "was made, like [3, 100]",
        )
        return None

    def expect(self, expect: Any, where: str, line: int) -> Expectation | None:
        if not isinstance(expect, dict) or not _items(expect):
            self.problem(
                line, f"{where}: 'expect' must say at least one of {', '.join(EXPECT_KEYS)}"
            )
            return None
        before = len(self.problems)
        fields = {_key_name(key): value for key, value in _items(expect)}

        def at(key: str) -> int:
            return _key_line(expect, key, line)

        for key in fields:
            if key not in EXPECT_KEYS:
                self.problem(
                    at(key),
                    f"{where}: '{key}' is not something a case can expect"
                    f"{_did_you_mean(key, EXPECT_KEYS)}; it can expect {', '.join(EXPECT_KEYS)}",
                )
        outcome = fields.get("outcome")
        if outcome is not None:
            outcome = str(outcome).strip().replace(" ", "_")
            if outcome not in OUTCOMES:
                self.problem(
                    at("outcome"),
                    f"{where}: outcome '{fields['outcome']}' is not one of {', '.join(OUTCOMES)}"
                    f"{_did_you_mean(outcome, OUTCOMES)}",
                )
        award = self.money(fields, "award", where, at("award"))
        parts: dict[str, int] | None = None
        if "award_parts" in fields:
            raw_parts = fields["award_parts"]
            if not isinstance(raw_parts, dict):
                self.problem(
                    at("award_parts"), f"{where}: 'award_parts' must be 'part: £amount' lines"
                )
            else:
                parts = {}
                for key, value in _items(raw_parts):
                    part_line = _key_line(raw_parts, key, at("award_parts"))
                    amount = self.money({str(key): value}, str(key), where, part_line)
                    if amount is not None:
                        parts[str(key)] = amount
        priority = fields.get("priority")
        if priority is not None and priority not in PRIORITY_LEVELS:
            self.problem(
                at("priority"),
                f"{where}: priority '{priority}' is not one of {', '.join(PRIORITY_LEVELS)}",
            )
        criteria: dict[str, bool] = {}
        if "criteria" in fields:
            raw = fields["criteria"]
            if not isinstance(raw, dict):
                self.problem(
                    at("criteria"),
                    f"{where}: 'criteria' must be 'name: pass' or 'name: fail' lines",
                )
            else:
                for key, value in _items(raw):
                    if value not in ("pass", "fail"):
                        self.problem(
                            _key_line(raw, key, at("criteria")),
                            f"{where}: criterion '{key}' must be expected to 'pass' or 'fail', not {value!r}",
                        )
                    else:
                        criteria[str(key)] = value == "pass"
        reasons: tuple[str, ...] = ()
        if "reasons" in fields:
            raw_reasons = fields["reasons"]
            if isinstance(raw_reasons, str):
                raw_reasons = [raw_reasons]
            if not isinstance(raw_reasons, list) or not all(
                isinstance(r, str) for r in raw_reasons
            ):
                self.problem(at("reasons"), f"{where}: 'reasons' must be a list of reason texts")
            else:
                reasons = tuple(r.strip() for r in raw_reasons)
        if len(self.problems) > before:
            return None
        return Expectation(
            outcome=outcome,
            award=award,
            award_parts=parts,
            priority=None if priority is None else str(priority),
            criteria=criteria,
            reasons=reasons,
        )

    def money(self, fields: Mapping[str, Any], key: str, where: str, line: int) -> int | None:
        if key not in fields:
            return None
        value = fields[key]
        try:
            if not (isinstance(value, str) or value == 0):
                raise ValueError(value)
            return int(coerce(value, Type.MONEY))
        except ValueError:
            self.problem(
                line, f"{where}: '{key}' must be an amount like £60 or £49.50, not {value!r}"
            )
            return None


def _impossible_date(path: Path) -> tuple[int, str]:
    """The first date-shaped text in the file that is not a real date, and its line."""
    lines = path.read_text(encoding="utf-8").splitlines()
    for number, line in enumerate(lines, start=1):
        for match in re.finditer(r"\b(\d{4})-(\d{2})-(\d{2})\b", line):
            try:
                datetime.date(*(int(part) for part in match.groups()))
            except ValueError:
                return number, match.group(0)
    return 1, "a date"


def load_cases(path: Path) -> tuple[Case, ...]:
    """Read a tests file; CasesFileError lists every mistake in it with its line."""
    try:
        data = read_yaml(path)
    except PolicyError as error:
        raise CasesFileError(path, error.problems) from None
    except ValueError:  # PyYAML's own error for a date that does not exist, like 2026-02-30
        line, text = _impossible_date(path)
        raise CasesFileError(path, [Problem(line, f"'{text}' is not a date that exists")]) from None
    reader = _CaseReader(path)
    if data is None:
        raise CasesFileError(path, [Problem(1, "has no test cases")])
    if not isinstance(data, list):
        raise CasesFileError(
            path, [Problem(1, "must be a list of cases, each starting with '- name:'")]
        )
    cases: list[Case] = []
    seen: dict[str, int] = {}
    previous_line = 1
    for index, item in enumerate(data, start=1):
        case = reader.case(item, index, previous_line)
        if case is None:
            continue
        previous_line = case.line
        if case.name in seen:
            reader.problem(
                case.line,
                f'case "{case.name}" has the same name as the case on line {seen[case.name]}',
            )
            continue
        seen[case.name] = case.line
        cases.append(case)
    if reader.problems:
        raise CasesFileError(path, reader.problems)
    return tuple(cases)


# Running cases -------------------------------------------------------------------------


def _money(pence: int) -> str:
    return format_value(pence, Type.MONEY)


def _why_outcome(assessment: Assessment) -> str:
    failed = [f'"{c.reason}"' for c in assessment.criteria if not c.passed]
    referred = [f'"{r}"' for r in assessment.referral_reasons]
    if failed:
        return "because: " + "; ".join(failed)
    if referred:
        return "because every criterion passed but: " + "; ".join(referred)
    return "because every criterion passed and no rule asked for a decision maker"


def _parts(parts: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{name} {_money(amount)}" for name, amount in parts) or "no award parts"


def run_case(policy: CompiledPolicy, case: Case) -> CaseResult:
    """Assess the case's application on its date and compare with what it expects."""
    try:
        assessment = policy.assess_inputs(case.inputs, on=case.on)
    except NotInForce as error:
        return CaseResult(case, (Difference("date", "the policy in force", str(error)),), None)
    expect = case.expect
    differences: list[Difference] = []
    if expect.outcome is not None and expect.outcome != assessment.outcome:
        differences.append(
            Difference("outcome", expect.outcome, assessment.outcome, _why_outcome(assessment))
        )
    for name, passed in expect.criteria.items():
        word = "pass" if passed else "fail"
        result = next((c for c in assessment.criteria if c.name == name), None)
        if result is None:
            names = [c.name for c in assessment.criteria]
            differences.append(
                Difference(
                    f"criterion '{name}'",
                    word,
                    f"no criterion of that name{_did_you_mean(name, names)}",
                    f"the policy's criteria are {', '.join(names)}",
                )
            )
        elif result.passed != passed:
            got = "pass" if result.passed else "fail"
            differences.append(
                Difference(f"criterion '{name}'", word, got, f'reason: "{result.reason}"')
            )
    if expect.award is not None and expect.award != assessment.proposed_award_pence:
        why = _parts(assessment.award_parts)
        if assessment.outcome == Outcome.NOT_ELIGIBLE:
            why = f"no award, as the outcome is {assessment.outcome} ({why})"
        differences.append(
            Difference("award", _money(expect.award), _money(assessment.proposed_award_pence), why)
        )
    if expect.award_parts is not None:
        got_parts = dict(assessment.award_parts)
        if dict(expect.award_parts) != got_parts:
            differences.append(
                Difference(
                    "award parts",
                    _parts(list(expect.award_parts.items())),
                    _parts(list(got_parts.items())),
                )
            )
    if expect.priority is not None and expect.priority != assessment.priority:
        differences.append(Difference("priority", expect.priority, assessment.priority))
    given = assessment.reasons
    for reason in expect.reasons:
        if reason not in given:
            near = difflib.get_close_matches(reason, given, n=1, cutoff=0.5)
            why = (
                f'the nearest reason given: "{near[0]}"'
                if near
                else "the reasons given: " + "; ".join(f'"{r}"' for r in given)
            )
            differences.append(
                Difference("reason", f'"{reason}"', "not among the reasons given", why)
            )
    return CaseResult(case, tuple(differences), assessment)


def run_cases(policy: CompiledPolicy, cases: Sequence[Case]) -> tuple[CaseResult, ...]:
    return tuple(run_case(policy, case) for case in cases)


def scheme_folders(directory: Path) -> list[Path]:
    """Every folder under `directory` that holds a policy file, by name."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.iterdir() if (p / POLICY_FILE).is_file())


def load_compiled(folder: Path) -> CompiledPolicy:
    """The folder's policy, read fresh from its file; PolicyError if it does not load.

    Not `policy_for`: the service's store keeps the last good version of a policy that stops
    loading, which is right for a running service but would hide the error from a test run.
    """
    return CompiledPolicy(load_policy(folder / POLICY_FILE))


def check_scheme(folder: Path, policy: CompiledPolicy | None = None) -> SchemeReport:
    """Load the folder's policy (unless given) and tests file, and run every case."""
    scheme = folder.name
    try:
        compiled = policy or load_compiled(folder)
        cases_path = folder / CASES_FILE
        if not cases_path.is_file():
            raise CasesFileError(
                cases_path, [Problem(1, "is missing: every policy needs test cases beside it")]
            )
        cases = load_cases(cases_path)
    except PolicyError as error:
        return SchemeReport(scheme, folder, error=error)
    return SchemeReport(scheme, folder, run_cases(compiled, cases))


def _error_lines(error: PolicyError) -> list[str]:
    return [f"{_display(error.path)}, line {p.line}: {p.message}" for p in error.problems]


def _ensure_django() -> None:
    """Start Django only if nothing has yet (the policies folder comes from its settings)."""
    from django.apps import apps

    if apps.ready:
        return
    from onestop.cli import _django_setup

    _django_setup()


@click.command()
@click.argument("scheme", required=False)
def test_command(scheme: str | None) -> None:
    """Run the test cases beside each policy (policies/SCHEME/tests.yaml).

    Without SCHEME, every scheme under policies/ is tested. Prints how many cases of each
    scheme pass and every case that fails, with what differed; exits with status 1 if any
    case fails or any policy or tests file does not load.
    """
    _ensure_django()
    from onestop.policy.engine import policies_dir

    directory = policies_dir()
    folders = scheme_folders(directory)
    if scheme is not None:
        names = [f.name for f in folders]
        if scheme not in names:
            raise click.ClickException(
                f"There is no policy '{scheme}' under {_display(directory)}"
                f"{_did_you_mean(scheme, names)}."
            )
        folders = [directory / scheme]
    if not folders:
        raise click.ClickException(f"There are no policies under {_display(directory)}.")
    failed = 0
    for folder in folders:
        report = check_scheme(folder)
        if report.error is not None:
            failed += 1
            click.echo(f"{report.scheme}: does not load")
            for line in _error_lines(report.error):
                click.echo(f"  {line}")
            continue
        total, passing = len(report.results), len(report.results) - len(report.failures)
        click.echo(f"{report.scheme}: {passing} of {total} cases pass")
        for result in report.failures:
            for line in result.report().splitlines():
                click.echo(f"  {line}")
        if report.failures:
            failed += 1
    if failed:
        click.echo(f"{failed} of {len(folders)} polic{'y' if len(folders) == 1 else 'ies'} failed.")
        click.get_current_context().exit(1)
