"""What-if: assess the same applications under the policy in force and a draft, side by side.

Pure frame logic (no database): `compare` takes a Polars frame with one row per application
(the policy inputs, the date each was made, and optionally `ward` and `children`) and two
compiled policies, and returns a `WhatIfReport`. The report renders as plain-text tables for
the command line (`render_text`) and is plain data for a page (`WhatIfReport.as_dict`).

Household type, for the breakdown, is worked out from the inputs in this order:
"pensioner" if the applicant is 66 or over (State Pension age); otherwise "with children"
if there are children under 5, or a `children` column says there are any children;
otherwise "single" if the household is one person; otherwise "other".
"""

import datetime
import re
from dataclasses import asdict, dataclass
from typing import Any

import polars as pl

from onestop.core.money import format_pounds
from onestop.policy.engine import (
    ELIGIBLE,
    NEEDS_DECISION_MAKER,
    NOT_ELIGIBLE,
    CompiledPolicy,
    NotInForce,
)
from onestop.policy.facts import INPUTS
from onestop.policy.vocabulary import CrisisReason

PENSIONER_AGE = 66
HOUSEHOLD_TYPES = ("pensioner", "with children", "single", "other")
NO_WARD = "No ward recorded"
OUTCOMES = (ELIGIBLE, NEEDS_DECISION_MAKER, NOT_ELIGIBLE)
OUTCOME_LABELS = {
    ELIGIBLE: "Eligible",
    NEEDS_DECISION_MAKER: "Needs a decision maker",
    NOT_ELIGIBLE: "Not eligible",
}
PRIORITY_ORDER = ("high", "medium", "low")
_DIGITS = re.compile(r"(\d+)")


@dataclass(frozen=True)
class Figures:
    """How a group of applications fares under one policy."""

    applications: int = 0
    eligible: int = 0
    needs_decision_maker: int = 0
    not_eligible: int = 0
    award_pence: int = 0

    def count(self, outcome: str) -> int:
        return {
            ELIGIBLE: self.eligible,
            NEEDS_DECISION_MAKER: self.needs_decision_maker,
            NOT_ELIGIBLE: self.not_eligible,
        }[outcome]


@dataclass(frozen=True)
class GroupRow:
    key: str
    label: str
    current: Figures
    draft: Figures

    @property
    def award_change_pence(self) -> int:
        return self.draft.award_pence - self.current.award_pence


@dataclass(frozen=True)
class Breakdown:
    name: str  # what the rows are: "priority", "crisis reason", "household type", "ward"
    rows: tuple[GroupRow, ...]

    @property
    def title(self) -> str:
        return f"By {self.name}"


@dataclass(frozen=True)
class OutcomeChange:
    """Applications whose outcome would move from one to another under the draft."""

    from_outcome: str
    to_outcome: str
    applications: int
    award_change_pence: int

    @property
    def from_label(self) -> str:
        return OUTCOME_LABELS.get(self.from_outcome, self.from_outcome)

    @property
    def to_label(self) -> str:
        return OUTCOME_LABELS.get(self.to_outcome, self.to_outcome)


@dataclass(frozen=True)
class WhatIfReport:
    current_version: str
    draft_version: str
    current: Figures  # every application, under the policy in force
    draft: Figures  # every application, under the draft
    by_priority: Breakdown  # grouped by each policy's own priority for the application
    by_crisis_reason: Breakdown
    by_household_type: Breakdown
    by_ward: Breakdown
    changes: tuple[OutcomeChange, ...]  # only outcomes that change, largest first
    changed_outcome: int
    changed_award: int  # applications whose proposed award changes, whatever the outcome

    @property
    def applications(self) -> int:
        return self.current.applications

    @property
    def award_change_pence(self) -> int:
        return self.draft.award_pence - self.current.award_pence

    @property
    def breakdowns(self) -> tuple[Breakdown, ...]:
        return (self.by_priority, self.by_crisis_reason, self.by_household_type, self.by_ward)

    @property
    def outcome_rows(self) -> tuple[tuple[str, str, int, int], ...]:
        """(outcome, label, count in force, count under the draft), in a fixed order."""
        return tuple(
            (o, OUTCOME_LABELS[o], self.current.count(o), self.draft.count(o)) for o in OUTCOMES
        )

    def as_dict(self) -> dict[str, Any]:
        """Plain data (numbers in pence), for a page or JSON."""
        data = asdict(self)
        data["applications"] = self.applications
        data["award_change_pence"] = self.award_change_pence
        return data


# Comparing -----------------------------------------------------------------------------


def household_type_expression(columns: list[str]) -> pl.Expr:
    """The household type of each row, as the module docstring defines it."""

    def column(name: str) -> pl.Expr:
        return pl.col(name) if name in columns else pl.lit(INPUTS[name].default)

    has_children = column("children_under_5") > 0
    if "children" in columns:
        has_children = has_children | (pl.col("children").fill_null(0) > 0)
    return (
        pl.when(column("applicant_age") >= PENSIONER_AGE)
        .then(pl.lit("pensioner"))
        .when(has_children)
        .then(pl.lit("with children"))
        .when(column("household_size") == 1)
        .then(pl.lit("single"))
        .otherwise(pl.lit("other"))
    )


def _check_in_force(
    frame: pl.DataFrame, policy: CompiledPolicy, date_column: str, name: str
) -> None:
    starts = policy.definition.in_force_from()
    if frame.is_empty() or starts == datetime.date.min:
        return
    too_early = frame.select((pl.col(date_column) < starts).sum()).item()
    if too_early:
        were = "application was" if too_early == 1 else "applications were"
        raise NotInForce(
            f"{name} has values only from {starts.day} {starts:%B %Y}, but {too_early} {were} "
            f"made before then. Start the period on {starts.isoformat()} or later, or give the "
            "policy values for the earlier dates."
        )


def _figures(prefix: str) -> list[pl.Expr]:
    outcome = pl.col(f"{prefix}_outcome")
    return [
        (outcome == ELIGIBLE).sum().alias(f"{prefix}_eligible"),
        (outcome == NEEDS_DECISION_MAKER).sum().alias(f"{prefix}_needs_decision_maker"),
        (outcome == NOT_ELIGIBLE).sum().alias(f"{prefix}_not_eligible"),
        pl.col(f"{prefix}_award").sum().alias(f"{prefix}_award"),
    ]


def _read_figures(row: dict[str, Any], prefix: str, applications: int) -> Figures:
    return Figures(
        applications=int(applications or 0),
        eligible=int(row.get(f"{prefix}_eligible") or 0),
        needs_decision_maker=int(row.get(f"{prefix}_needs_decision_maker") or 0),
        not_eligible=int(row.get(f"{prefix}_not_eligible") or 0),
        award_pence=int(row.get(f"{prefix}_award") or 0),
    )


def _by_input(table: pl.DataFrame, column: str) -> dict[str, tuple[Figures, Figures]]:
    """Group by something both policies share (the crisis reason, the ward ...)."""
    grouped = table.group_by(column).agg(
        pl.len().alias("applications"), *_figures("now"), *_figures("new")
    )
    return {
        row[column]: (
            _read_figures(row, "now", row["applications"]),
            _read_figures(row, "new", row["applications"]),
        )
        for row in grouped.iter_rows(named=True)
    }


def _by_priority(table: pl.DataFrame) -> dict[str, tuple[Figures, Figures]]:
    """Group by priority, which each policy gives for itself."""
    sides = {}
    for prefix in ("now", "new"):
        grouped = table.group_by(f"{prefix}_priority").agg(
            pl.len().alias("applications"), *_figures(prefix)
        )
        sides[prefix] = {
            row[f"{prefix}_priority"]: _read_figures(row, prefix, row["applications"])
            for row in grouped.iter_rows(named=True)
        }
    keys = set(sides["now"]) | set(sides["new"])
    return {k: (sides["now"].get(k, Figures()), sides["new"].get(k, Figures())) for k in keys}


def _breakdown(
    name: str,
    groups: dict[str, tuple[Figures, Figures]],
    *,
    order: tuple[str, ...],
    labels: dict[str, str],
) -> Breakdown:
    def rank(key: str) -> tuple[int, bool, list[tuple[int, str]]]:
        # Known keys in their order, then the rest in natural order ("Ward 2" before
        # "Ward 10"), and a blank key (nothing recorded) last.
        natural = [(int(p), "") if p.isdigit() else (0, p) for p in _DIGITS.split(key)]
        return (order.index(key) if key in order else len(order), key == "", natural)

    ranked = sorted(groups, key=rank)
    return Breakdown(
        name,
        tuple(GroupRow(k, labels.get(k, k), groups[k][0], groups[k][1]) for k in ranked),
    )


def compare(
    frame: pl.DataFrame,
    *,
    current: CompiledPolicy,
    draft: CompiledPolicy,
    date_column: str,
) -> WhatIfReport:
    """Assess every row under both policies (each with the parameters in force on the row's
    `date_column`) and compare. NotInForce if either policy has no values for some rows."""
    _check_in_force(frame, current, date_column, "The policy in force")
    _check_in_force(frame, draft, date_column, "The draft policy")
    columns = frame.columns
    now = current.assess_frame(frame, date_column=date_column)
    new = draft.assess_frame(frame, date_column=date_column)
    table = pl.DataFrame(
        [
            now["outcome"].alias("now_outcome"),
            now["award"].alias("now_award"),
            now["priority"].alias("now_priority"),
            new["outcome"].alias("new_outcome"),
            new["award"].alias("new_award"),
            new["priority"].alias("new_priority"),
        ]
    ).with_columns(
        (
            frame["crisis_reason"]
            if "crisis_reason" in columns
            else pl.lit(INPUTS["crisis_reason"].default)
        ).alias("crisis_reason"),
        frame.select(household_type_expression(columns)).to_series().alias("household_type"),
        (frame["ward"].fill_null("") if "ward" in columns else pl.lit("")).alias("ward"),
    )

    totals = table.select(pl.len().alias("applications"), *_figures("now"), *_figures("new"))
    total_row = totals.row(0, named=True)
    moved = table.filter(pl.col("now_outcome") != pl.col("new_outcome"))
    changes = (
        moved.group_by("now_outcome", "new_outcome")
        .agg(
            pl.len().alias("applications"),
            (pl.col("new_award") - pl.col("now_award")).sum().alias("award_change"),
        )
        .sort(["applications", "now_outcome", "new_outcome"], descending=[True, False, False])
    )
    changed_award = int(table.select((pl.col("now_award") != pl.col("new_award")).sum()).item())

    crisis_labels = {str(c.value): str(c.label) for c in CrisisReason}
    return WhatIfReport(
        current_version=current.version,
        draft_version=draft.version,
        current=_read_figures(total_row, "now", total_row["applications"]),
        draft=_read_figures(total_row, "new", total_row["applications"]),
        by_priority=_breakdown(
            "priority",
            _by_priority(table),
            order=PRIORITY_ORDER,
            labels={p: p.capitalize() for p in PRIORITY_ORDER},
        ),
        by_crisis_reason=_breakdown(
            "crisis reason",
            _by_input(table, "crisis_reason"),
            order=tuple(crisis_labels),
            labels=crisis_labels,
        ),
        by_household_type=_breakdown(
            "household type",
            _by_input(table, "household_type"),
            order=HOUSEHOLD_TYPES,
            labels={t: t.capitalize() for t in HOUSEHOLD_TYPES},
        ),
        by_ward=_breakdown("ward", _by_input(table, "ward"), order=(), labels={"": NO_WARD}),
        changes=tuple(
            OutcomeChange(row[0], row[1], int(row[2]), int(row[3])) for row in changes.iter_rows()
        ),
        changed_outcome=moved.height,
        changed_award=changed_award,
    )


# Showing it as text ------------------------------------------------------------------------


def signed_pounds(pence: int) -> str:
    """A change of money: '+£12.00', '-£3.50', '£0.00'."""
    return f"+{format_pounds(pence)}" if pence > 0 else format_pounds(pence)


def signed_count(count: int) -> str:
    return f"+{count:,}" if count > 0 else f"{count:,}"


def _table(
    headers: list[str],
    rows: list[list[str]],
    *,
    left: int = 1,
    groups: list[tuple[str, int]] | None = None,
) -> str:
    """A plain-text table: the first `left` columns left-aligned, the numbers right-aligned;
    `groups` puts a title over each run of columns, as (title, how many columns)."""
    widths = [max(len(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    lines = []
    if groups:
        # Widen each group's last column if its title is wider than the columns under it.
        start = 0
        titles = []
        for title, span in groups:
            width = sum(widths[start : start + span]) + 2 * (span - 1)
            if len(title) > width:
                widths[start + span - 1] += len(title) - width
                width = len(title)
            titles.append(title.ljust(width) if start < left else title.center(width))
            start += span
        lines.append("  ".join(titles).rstrip())

    def line(cells: list[str]) -> str:
        return "  ".join(
            c.ljust(w) if i < left else c.rjust(w)
            for i, (c, w) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    lines += [line(headers), "  ".join("-" * w for w in widths), *(line(r) for r in rows)]
    return "\n".join(lines)


def _figures_cells(figures: Figures) -> list[str]:
    return [
        f"{figures.applications:,}",
        f"{figures.eligible:,}",
        f"{figures.needs_decision_maker:,}",
        format_pounds(figures.award_pence),
    ]


def render_text(report: WhatIfReport) -> str:
    """The report as plain-text tables, for the command line."""
    parts = [
        f"In force: {report.current_version}",
        f"Draft:    {report.draft_version}",
        f"Applications: {report.applications:,}",
        "",
        _table(
            ["Outcome", "In force", "Draft", "Change"],
            [
                [label, f"{now:,}", f"{new:,}", signed_count(new - now)]
                for _, label, now, new in report.outcome_rows
            ]
            + [
                [
                    "Total proposed award",
                    format_pounds(report.current.award_pence),
                    format_pounds(report.draft.award_pence),
                    signed_pounds(report.award_change_pence),
                ]
            ],
        ),
    ]
    for breakdown in report.breakdowns:
        side = ["Applications", "Eligible", "To decide", "Award"]
        headers = [breakdown.name.capitalize(), *side, *side, "Award change"]
        parts += [
            "",
            breakdown.title,
            _table(
                headers,
                [
                    [
                        row.label,
                        *_figures_cells(row.current),
                        *_figures_cells(row.draft),
                        signed_pounds(row.award_change_pence),
                    ]
                    for row in breakdown.rows
                ],
                groups=[("", 1), ("In force", 4), ("Draft", 4), ("", 1)],
            ),
        ]
    parts += ["", "Changes of outcome"]
    if not report.changes:
        parts.append("None: every application keeps its outcome.")
    else:
        parts.append(
            _table(
                ["From", "To", "Applications", "Award change"],
                [
                    [
                        c.from_label,
                        c.to_label,
                        f"{c.applications:,}",
                        signed_pounds(c.award_change_pence),
                    ]
                    for c in report.changes
                ],
                left=2,
            )
        )
    parts += [
        f"{report.changed_outcome:,} of {report.applications:,} applications would change "
        f"outcome; {report.changed_award:,} would have a different proposed award.",
        f"Total proposed award would change by {signed_pounds(report.award_change_pence)}.",
    ]
    return "\n".join(parts)
