"""A council's applications as a Polars frame of policy inputs, for simulation and reporting.

`applications_frame` gives every policy input exactly as `onestop.intake.facts.policy_inputs`
works it out for one application, but for a whole period in four set-based queries: the
applications (with the latest stored assessment), their declared household members, and
the applicants' earlier awards. Ages, children under 5 and award gaps count from the UK
calendar day each application was made.
"""

import datetime
import zoneinfo
from collections.abc import Sequence
from typing import Any

import polars as pl
from django.conf import settings
from django.db.models import OuterRef, Subquery

from onestop.councils.models import Council
from onestop.intake.models import Application, ApplicationMember, ApplicationStatus, Assessment
from onestop.people.selectors import resident_expression
from onestop.policy.engine import CompiledPolicy, policy_for
from onestop.policy.expressions import Type
from onestop.policy.facts import AWARD_HISTORY, INPUTS
from onestop.policy.models import Scheme
from onestop.policy.simulation import WhatIfReport, compare

# policy_inputs looks this far back for earlier awards (earlier_award_days in intake.facts).
AWARD_LOOKBACK = datetime.timedelta(days=400)
CHILD_AGE = 16  # the `children` column: members under 16, for the household-type breakdown

# Application fields that are policy inputs as they stand: input name -> model field.
_DIRECT_INPUTS = {
    "pregnant": "pregnant",
    "disabled": "disabled",
    "weekly_income": "weekly_income_pence",
    "weekly_housing_costs": "weekly_housing_costs_pence",
    "savings": "savings_pence",
    "crisis_reason": "crisis_reason",
    "receives_qualifying_benefit": "receives_qualifying_benefit",
    "receives_housing_support": "receives_housing_support",
    "weekly_rent_shortfall": "weekly_rent_shortfall_pence",
    "rent_arrears": "rent_arrears_pence",
    "at_risk_of_eviction": "at_risk_of_eviction",
    "needs_bed": "needs_bed",
    "needs_cooker": "needs_cooker",
    "needs_fridge": "needs_fridge",
    "needs_washing_machine": "needs_washing_machine",
}
_POLARS_TYPES = {Type.NUMBER: pl.Int64, Type.MONEY: pl.Int64, Type.BOOL: pl.Boolean}


def _uk_timezone() -> str:
    return str(settings.TIME_ZONE)


def _day_start(day: datetime.date) -> datetime.datetime:
    """Midnight at the start of a UK calendar day, as an aware datetime."""
    return datetime.datetime.combine(day, datetime.time(), tzinfo=zoneinfo.ZoneInfo(_uk_timezone()))


def _uk_day(column: str) -> pl.Expr:
    return pl.col(column).dt.convert_time_zone(_uk_timezone()).dt.date()


def _age_on(born: pl.Expr, on: pl.Expr) -> pl.Expr:
    """Whole years, as intake.facts.age_on: not a year older until the birthday itself."""
    before_birthday = (on.dt.month().cast(pl.Int64) * 100 + on.dt.day().cast(pl.Int64)) < (
        born.dt.month().cast(pl.Int64) * 100 + born.dt.day().cast(pl.Int64)
    )
    return (
        on.dt.year().cast(pl.Int64) - born.dt.year().cast(pl.Int64) - before_birthday.cast(pl.Int64)
    )


def _input_dtype(name: str) -> Any:
    return _POLARS_TYPES.get(INPUTS[name].type, pl.String)


def _frame(rows: Sequence[tuple[Any, ...]], schema: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema=schema, orient="row")


def applications_frame(
    *, council: Council, scheme: Scheme, start: datetime.date, end: datetime.date
) -> pl.DataFrame:
    """One row per application to `scheme` made from `start` to `end` (UK days, both included):
    `application_id`, `reference`, `applied_on` (UK date), `ward`, every policy input,
    `children` (members under 16), and `current_outcome` and `current_award` from the latest
    stored assessment (null if there is none)."""
    period = Application.objects.filter(
        council=council,
        scheme=scheme,
        submitted_at__gte=_day_start(start),
        submitted_at__lt=_day_start(end + datetime.timedelta(days=1)),
    )
    latest = Assessment.objects.filter(application=OuterRef("pk")).order_by("-created_at", "-id")
    direct_fields = list(_DIRECT_INPUTS.values())
    application_rows = list(
        period.annotate(
            current_outcome=Subquery(latest.values("outcome")[:1]),
            current_award=Subquery(latest.values("proposed_award_pence")[:1]),
            is_resident=resident_expression(),
        )
        .order_by("submitted_at", "pk")
        .values_list(
            "pk",
            "reference",
            "applicant_id",
            "submitted_at",
            "applicant__date_of_birth",
            "household__ward",
            *direct_fields,
            "current_outcome",
            "current_award",
            "is_resident",
        )
    )
    applications = _frame(
        application_rows,
        {
            "application_id": pl.Int64,
            "reference": pl.String,
            "applicant_id": pl.Int64,
            "submitted_at": pl.Datetime("us", "UTC"),
            "applicant_born": pl.Date,
            "ward": pl.String,
            **{name: _input_dtype(name) for name in _DIRECT_INPUTS},
            "current_outcome": pl.String,
            "current_award": pl.Int64,
            "is_resident": pl.Boolean,
        },
    ).with_columns(_uk_day("submitted_at").alias("applied_on"))

    members = _frame(
        list(
            ApplicationMember.objects.filter(
                council=council, application__in=period.values("pk")
            ).values_list("application_id", "person__date_of_birth")
        ),
        {"application_id": pl.Int64, "born": pl.Date},
    )
    earlier_awards = _frame(
        list(
            Application.objects.filter(
                council=council,
                scheme=scheme,
                status=ApplicationStatus.AWARDED,
                decided_at__isnull=False,
                applicant__in=period.values("applicant_id"),
                decided_at__gte=_day_start(start) - AWARD_LOOKBACK,
                decided_at__lt=_day_start(end + datetime.timedelta(days=1)),
            ).values_list("pk", "applicant_id", "decided_at")
        ),
        {
            "award_application_id": pl.Int64,
            "applicant_id": pl.Int64,
            "decided_at": pl.Datetime("us", "UTC"),
        },
    )
    return _assemble(applications, members, earlier_awards)


def _assemble(
    applications: pl.DataFrame, members: pl.DataFrame, earlier_awards: pl.DataFrame
) -> pl.DataFrame:
    keys = applications.select("application_id", "applicant_id", "submitted_at", "applied_on")

    household = (
        members.join(keys, on="application_id", how="inner")
        .with_columns(_age_on(pl.col("born"), pl.col("applied_on")).alias("age"))
        .group_by("application_id")
        .agg(
            pl.len().cast(pl.Int64).alias("members"),
            (pl.col("age") < 5).sum().cast(pl.Int64).alias("children_under_5"),
            (pl.col("age") < CHILD_AGE).sum().cast(pl.Int64).alias("children"),
        )
    )
    # As intake.facts.earlier_award_days and earlier_award_ages: the applicant's awards from
    # the same scheme decided in the 400 days before this application was made (not this one
    # itself), counted by UK calendar day, as ages in days on the application's UK day, sorted.
    history = (
        earlier_awards.join(keys, on="applicant_id", how="inner")
        .filter(
            (pl.col("decided_at") < pl.col("submitted_at"))
            & (pl.col("decided_at") >= pl.col("submitted_at") - AWARD_LOOKBACK)
            & (pl.col("award_application_id") != pl.col("application_id"))
        )
        .with_columns(_uk_day("decided_at").alias("award_day"))
        .filter(pl.col("award_day") <= pl.col("applied_on"))
        .group_by("application_id")
        .agg(
            (pl.col("applied_on") - pl.col("award_day"))
            .dt.total_days()
            .cast(pl.Int64)
            .sort()
            .alias(AWARD_HISTORY)
        )
    )
    frame = (
        applications.join(household, on="application_id", how="left")
        .join(history, on="application_id", how="left")
        .with_columns(
            _age_on(pl.col("applicant_born"), pl.col("applied_on")).alias("applicant_age"),
            (1 + pl.col("members").fill_null(0)).alias("household_size"),
            pl.col("children_under_5").fill_null(0),
            pl.col("children").fill_null(0),
            pl.col("ward").fill_null(""),
            pl.col(AWARD_HISTORY).fill_null(pl.lit([], dtype=pl.List(pl.Int64))),
        )
    )
    return frame.sort("submitted_at", "application_id").select(
        "application_id",
        "reference",
        "applied_on",
        "ward",
        *INPUTS,
        AWARD_HISTORY,
        "children",
        "current_outcome",
        "current_award",
    )


def what_if(
    *,
    council: Council,
    scheme: Scheme,
    start: datetime.date,
    end: datetime.date,
    draft: CompiledPolicy,
) -> WhatIfReport:
    """Re-assess the scheme's applications of a period under `draft`, beside the policy in
    force for the scheme. NotInForce if either policy has no values for part of the period."""
    frame = applications_frame(council=council, scheme=scheme, start=start, end=end)
    return compare(frame, current=policy_for(scheme.policy), draft=draft, date_column="applied_on")
