"""Assess applications against a compiled policy: one at a time, or a whole frame at once.

`CompiledPolicy.assess` takes one application's facts and the date it was made; `assess_frame`
takes a Polars frame of many. Both use the parameters in force on each application's date, and
both give the same outcome, award, priority and reasons (a property test holds them to it).
"""

import datetime
import logging
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import getitem
from pathlib import Path
from typing import Any, NamedTuple, cast

import polars as pl
from django.conf import settings

from onestop.core.money import format_pounds
from onestop.policy.compiler import compile_scalar, polars_expression
from onestop.policy.expressions import Type
from onestop.policy.facts import compute_frame, compute_row, names_and_types
from onestop.policy.loader import PolicyDefinition, PolicyError, load_policy
from onestop.policy.vocabulary import Outcome

logger = logging.getLogger(__name__)

ELIGIBLE = Outcome.ELIGIBLE.value
NOT_ELIGIBLE = Outcome.NOT_ELIGIBLE.value
NEEDS_DECISION_MAKER = Outcome.NEEDS_DECISION_MAKER.value
_PLACEHOLDER = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# Outcome and priority columns as enums: a million rows of small codes, not of strings.
OUTCOMES = pl.Enum([ELIGIBLE, NEEDS_DECISION_MAKER, NOT_ELIGIBLE])
PRIORITIES = pl.Enum(["high", "medium", "low"])


class NotInForce(ValueError):
    """The policy has no parameter values for the date asked about."""


class CriterionResult(NamedTuple):
    name: str
    passed: bool
    reason: str


class Assessment(NamedTuple):
    """The policy's verdict. A named tuple rather than a dataclass: it is made in the hot path."""

    outcome: str
    criteria: tuple[CriterionResult, ...]
    referral_reasons: tuple[str, ...]
    award_parts: tuple[tuple[str, int], ...]
    proposed_award_pence: int
    priority: str
    policy_version: str

    @property
    def reasons(self) -> list[str]:
        return [c.reason for c in self.criteria] + list(self.referral_reasons)


class _Reason:
    """A reason with {placeholders}; those naming parameters are filled once per date."""

    def __init__(self, template: str, parameters: set[str]) -> None:
        self.template = template
        self.names = _PLACEHOLDER.findall(template)
        self.fact_names = tuple(name for name in self.names if name not in parameters)
        self.needs_facts = bool(self.fact_names)


@dataclass(frozen=True)
class _DatedView:
    """Everything about the policy that depends only on the date: parameters, fixed reasons."""

    parameters: dict[str, Any]
    # For each criterion, (result if it fails, result if it passes), indexed by the bool;
    # None where the reason quotes a fact and so is written per application.
    results: tuple[tuple[CriterionResult | None, CriterionResult | None], ...]
    referral_reasons: tuple[str | None, ...]
    # Reasons that quote facts, with this date's parameters already filled in.
    partial: dict[str, str]


def format_value(value: Any, type_: Type) -> str:
    """How a value reads in a reason: money as '£6,000' (pence only when there are any)."""
    if type_ == Type.MONEY:
        text = format_pounds(int(value))
        return text[:-3] if text.endswith(".00") else text
    if type_ == Type.BOOL:
        return "yes" if value else "no"
    return str(value)


class CompiledPolicy:
    def __init__(self, definition: PolicyDefinition) -> None:
        self.definition = definition
        self.version = definition.label
        self._evaluate = compile_scalar(definition)
        self._types = {**names_and_types(), **{n: p.type for n, p in definition.parameters.items()}}
        self._needed = definition.facts_needed
        parameters = set(definition.parameters)
        self._pass_reasons = [_Reason(c.pass_reason, parameters) for c in definition.criteria]
        self._fail_reasons = [_Reason(c.fail_reason, parameters) for c in definition.criteria]
        self._referral_reasons = [_Reason(r.reason, parameters) for r in definition.referrals]
        self._criterion_names = [c.name for c in definition.criteria]
        self._award_names = [a.name for a in definition.awards]
        self._levels = [r.level for r in definition.priority] + [definition.default_priority]
        self._views: dict[datetime.date, _DatedView] = {}
        self._reason_by_template = {
            r.template: r for r in self._pass_reasons + self._fail_reasons + self._referral_reasons
        }

    # Parameters in force on a date -------------------------------------------------------

    def parameters_on(self, day: datetime.date) -> dict[str, Any]:
        return self._view(day).parameters

    def _view(self, day: datetime.date) -> _DatedView:
        view = self._views.get(day)
        if view is None:
            values = {name: p.value_on(day) for name, p in self.definition.parameters.items()}
            missing = [name for name, v in values.items() if v is None]
            if missing:
                raise NotInForce(
                    f"{self.definition.title} has no value for {', '.join(missing)} on {day:%d %B %Y}"
                )

            def fixed(reason: _Reason) -> str | None:
                return None if reason.needs_facts else self.render(reason.template, values)

            def result(name: str, passed: bool, reason: _Reason) -> CriterionResult | None:
                text = fixed(reason)
                return None if text is None else CriterionResult(name, passed, text)

            view = _DatedView(
                values,
                tuple(
                    (result(name, False, failed), result(name, True, passed))
                    for name, failed, passed in zip(
                        self._criterion_names, self._fail_reasons, self._pass_reasons, strict=True
                    )
                ),
                tuple(fixed(r) for r in self._referral_reasons),
                {
                    r.template: self._fill_parameters(r.template, values)
                    for r in self._pass_reasons + self._fail_reasons + self._referral_reasons
                    if r.needs_facts
                },
            )
            self._views[day] = view
        return view

    # One application -------------------------------------------------------------------

    def facts_for(self, inputs: Mapping[str, Any]) -> dict[str, Any]:
        return compute_row(inputs, needed=self._needed)

    def assess(self, facts: Mapping[str, Any], *, on: datetime.date) -> Assessment:
        """The verdict on one application whose facts are already worked out (see facts_for)."""
        view = self._view(on)
        passed, referred, amounts, priority_index = self._evaluate(facts, view.parameters)  # type: ignore[arg-type]
        return self._assessment(passed, referred, amounts, priority_index, facts, view)

    def assess_inputs(self, inputs: Mapping[str, Any], *, on: datetime.date) -> Assessment:
        return self.assess(self.facts_for(inputs), on=on)

    def _assessment(
        self,
        passed: Sequence[bool],
        referred: Sequence[bool],
        amounts: Sequence[int],
        priority_index: int,
        facts: Mapping[str, Any],
        view: _DatedView,
    ) -> Assessment:
        definition = self.definition
        all_passed = all(passed)
        any_referred = any(referred)
        if all_passed:
            outcome = NEEDS_DECISION_MAKER if any_referred else ELIGIBLE
        else:
            outcome = NEEDS_DECISION_MAKER if definition.never_refuse else NOT_ELIGIBLE
        picked: tuple[CriterionResult | None, ...] = tuple(map(getitem, view.results, passed))
        criteria = cast(tuple[CriterionResult, ...], picked)
        if None in picked:  # a reason that quotes a fact: write it for this application
            criteria = tuple(
                result
                or CriterionResult(
                    self._criterion_names[i],
                    passed[i],
                    self._render_with_facts(
                        (self._pass_reasons[i] if passed[i] else self._fail_reasons[i]).template,
                        facts,
                        view,
                    ),
                )
                for i, result in enumerate(picked)
            )
        referrals = (
            tuple(
                view.referral_reasons[i]
                or self._render_with_facts(self._referral_reasons[i].template, facts, view)
                for i, hit in enumerate(referred)
                if hit
            )
            if any_referred
            else ()
        )
        parts = tuple(compress(zip(self._award_names, amounts, strict=True), amounts))
        award = 0 if outcome == NOT_ELIGIBLE else sum(amounts)
        level = self._levels[priority_index]
        return Assessment(outcome, criteria, referrals, parts, award, level, self.version)

    def _fill_parameters(self, template: str, values: Mapping[str, Any]) -> str:
        """Fill the parameters now and leave the facts as {name} for str.format_map later."""

        def escape(text: str) -> str:
            return text.replace("{", "{{").replace("}", "}}")

        pieces, last = [], 0
        for match in _PLACEHOLDER.finditer(template):
            name = match.group(1)
            pieces.append(escape(template[last : match.start()]))
            if name in values:
                pieces.append(escape(format_value(values[name], self._types[name])))
            else:
                pieces.append("{" + name + "}")
            last = match.end()
        pieces.append(escape(template[last:]))
        return "".join(pieces)

    def _render_with_facts(self, template: str, facts: Mapping[str, Any], view: _DatedView) -> str:
        reason = self._reason_by_template[template]
        return view.partial[template].format_map(
            {name: format_value(facts[name], self._types[name]) for name in reason.fact_names}
        )

    def render(self, template: str, values: Mapping[str, Any]) -> str:
        if "{" not in template:
            return template
        return _PLACEHOLDER.sub(
            lambda m: format_value(values[m.group(1)], self._types[m.group(1)]), template
        )

    # Many applications ------------------------------------------------------------------

    def _parameter_expressions(
        self, on: datetime.date | None, date_column: str | None
    ) -> dict[str, pl.Expr]:
        if on is not None:
            return {name: pl.lit(value) for name, value in self.parameters_on(on).items()}
        assert date_column is not None
        expressions: dict[str, pl.Expr] = {}
        for name, parameter in self.definition.parameters.items():
            expression: pl.Expr = pl.lit(None)
            for starts, value in parameter.values:
                expression = (
                    pl.when(pl.col(date_column) >= starts).then(pl.lit(value)).otherwise(expression)
                )
            expressions[name] = expression
        return expressions

    def assess_frame(
        self,
        frame: pl.DataFrame,
        *,
        on: datetime.date | None = None,
        date_column: str | None = None,
    ) -> pl.DataFrame:
        """Add to `frame` one column per criterion, referral and award part, and `outcome`,
        `award` and `priority`. Parameters are those in force on `on`, or on each row's
        `date_column`."""
        if (on is None) == (date_column is None):
            raise ValueError("give either on= or date_column=")
        definition = self.definition
        if date_column is not None and frame.height:
            earliest = frame.get_column(date_column).min()
            if isinstance(earliest, datetime.date) and earliest < definition.in_force_from():
                raise NotInForce(
                    f"{definition.title} is not in force on {earliest:%d %B %Y}, the earliest "
                    f"date in the frame; it starts on {definition.in_force_from():%d %B %Y}"
                )
        params = self._parameter_expressions(on, date_column)
        lazy = compute_frame(frame.lazy(), needed=self._needed)
        criteria = [
            polars_expression(c.test.tree, params).alias(f"criterion_{c.name}")
            for c in definition.criteria
        ]
        referrals = [
            polars_expression(r.when.tree, params).alias(f"refer_{i}")
            for i, r in enumerate(definition.referrals)
        ]
        parts = [
            pl.when(polars_expression(a.when.tree, params))
            .then(polars_expression(a.amount.tree, params))
            .otherwise(0)
            .cast(pl.Int64)
            .alias(f"award_{a.name}")
            for a in definition.awards
        ]
        lazy = lazy.with_columns(criteria + referrals + parts)
        all_passed = pl.all_horizontal([pl.col(f"criterion_{c.name}") for c in definition.criteria])
        referred = (
            pl.any_horizontal([pl.col(f"refer_{i}") for i in range(len(definition.referrals))])
            if definition.referrals
            else pl.lit(False)
        )
        failed_outcome = NEEDS_DECISION_MAKER if definition.never_refuse else NOT_ELIGIBLE
        outcome = (
            pl.when(all_passed & ~referred)
            .then(pl.lit(ELIGIBLE, dtype=OUTCOMES))
            .when(all_passed)
            .then(pl.lit(NEEDS_DECISION_MAKER, dtype=OUTCOMES))
            .otherwise(pl.lit(failed_outcome, dtype=OUTCOMES))
        )
        total = (
            pl.sum_horizontal([pl.col(f"award_{a.name}") for a in definition.awards])
            if definition.awards
            else pl.lit(0)
        )
        priority: pl.Expr = pl.lit(definition.default_priority, dtype=PRIORITIES)
        for rule in reversed(definition.priority):
            priority = (
                pl.when(polars_expression(rule.when.tree, params))
                .then(pl.lit(rule.level, dtype=PRIORITIES))
                .otherwise(priority)
            )
        # Not eligible (and so no award) exactly when a criterion fails and refusal is allowed.
        award = total if definition.never_refuse else pl.when(all_passed).then(total).otherwise(0)
        return lazy.with_columns(
            outcome.alias("outcome"),
            priority.alias("priority"),
            award.cast(pl.Int64).alias("award"),
        ).collect()

    def assessment_from_row(self, row: Mapping[str, Any], *, on: datetime.date) -> Assessment:
        """Read one row of `assess_frame`'s result back as an Assessment (reasons rendered)."""
        definition = self.definition
        passed = [bool(row[f"criterion_{c.name}"]) for c in definition.criteria]
        referred = [bool(row[f"refer_{i}"]) for i in range(len(definition.referrals))]
        amounts = [int(row[f"award_{a.name}"]) for a in definition.awards]
        assessment = self._assessment(passed, referred, amounts, 0, row, self._view(on))
        return assessment._replace(priority=str(row["priority"]))  # the frame's own level


def policies_dir() -> Path:
    return Path(settings.POLICIES_DIR)


class PolicyStore:
    """Compiled policies by scheme, reloaded when their file changes; a policy that fails to
    load is reported and the last good version stays in use."""

    def __init__(self, directory: Path | None = None) -> None:
        self.directory = directory
        # By file path, so a change of POLICIES_DIR (tests, a second deployment) never mixes them.
        self._loaded: dict[Path, tuple[float, CompiledPolicy]] = {}
        self.last_errors: dict[str, PolicyError] = {}

    def path_for(self, scheme: str) -> Path:
        return (self.directory or policies_dir()) / scheme / "policy.yaml"

    def get(self, scheme: str) -> CompiledPolicy:
        path = self.path_for(scheme)
        try:
            modified = path.stat().st_mtime
        except FileNotFoundError:
            if path in self._loaded:
                return self._loaded[path][1]
            raise
        current = self._loaded.get(path)
        if current and current[0] == modified:
            return current[1]
        try:
            compiled = CompiledPolicy(load_policy(path))
        except PolicyError as error:
            self.last_errors[scheme] = error
            if current is None:
                raise
            logger.error(
                "Policy %s did not load; still using %s. %s", scheme, current[1].version, error
            )
            return current[1]
        self.last_errors.pop(scheme, None)
        self._loaded[path] = (modified, compiled)
        return compiled


POLICIES = PolicyStore()


def policy_for(scheme: str) -> CompiledPolicy:
    return POLICIES.get(scheme)
