"""Feed the benchmark's columns to OpenFisca and read its outputs back in onestop's terms.

A batch goes in as OpenFisca does large populations: a default simulation of `count`
households, then `set_input` of one NumPy array per input. A single household goes in as
OpenFisca's web API takes a situation: `SimulationBuilder().build_from_entities` with one
entity of `{variable: {period: value}}`. Both take exactly the columns onestop's engine gets.
"""

import datetime
from typing import Any

import numpy as np
import polars as pl
from openfisca_core import periods
from openfisca_core.simulations import Simulation, SimulationBuilder

from benchmarks.openfisca_onestop import OnestopTaxBenefitSystem
from benchmarks.openfisca_onestop.inputs import (
    AWARD_SLOTS,
    INPUT_VARIABLES,
    NO_EARLIER_AWARD_DAYS,
    CrisisReason,
)
from benchmarks.openfisca_onestop.schemes import OpenFiscaScheme
from onestop.policy.facts import AWARD_HISTORY

PLAIN_INPUTS = tuple(v.__name__ for v in INPUT_VARIABLES if not v.__name__.startswith("earlier"))
SLOTS = tuple(f"earlier_award_age_{slot}" for slot in range(1, AWARD_SLOTS + 1))
REASON_INDEX = {member.name: member.index for member in CrisisReason}


def period_of(day: datetime.date) -> periods.Period:
    """OpenFisca's period for a day, parsed once: a period given as text is parsed on every
    `calculate` and `set_input`, which would charge OpenFisca for our convenience."""
    return periods.period(day.isoformat())


def input_arrays(frame: pl.DataFrame) -> dict[str, np.ndarray]:
    """One NumPy array per OpenFisca input variable, from the benchmark's Polars columns."""
    lengths = frame[AWARD_HISTORY].list.len()
    if frame.height and int(lengths.max() or 0) > AWARD_SLOTS:  # type: ignore[arg-type]
        raise ValueError(f"OpenFisca's model holds at most {AWARD_SLOTS} earlier awards")
    arrays = {name: frame[name].to_numpy() for name in PLAIN_INPUTS}
    # The quickest way in for text: Polars maps each reason to the enum's index.
    arrays["crisis_reason"] = CrisisReason.encode(
        frame["crisis_reason"].replace_strict(REASON_INDEX, return_dtype=pl.Int16).to_numpy()
    )
    history = frame[AWARD_HISTORY]
    for slot, name in enumerate(SLOTS):
        arrays[name] = (
            history.list.get(slot, null_on_oob=True).fill_null(NO_EARLIER_AWARD_DAYS).to_numpy()
        )
    return arrays


def batch_simulation(
    system: OnestopTaxBenefitSystem, frame: pl.DataFrame, day: datetime.date
) -> Simulation:
    simulation = SimulationBuilder().build_default_simulation(system, count=frame.height)
    period = period_of(day)
    for name, array in input_arrays(frame).items():
        simulation.set_input(name, period, array)
    return simulation


def single_simulation(
    system: OnestopTaxBenefitSystem, household: dict[str, Any], day: datetime.date
) -> Simulation:
    period = day.isoformat()  # a situation is JSON-like: its periods are text
    history = household[AWARD_HISTORY]
    if len(history) > AWARD_SLOTS:
        raise ValueError(f"OpenFisca's model holds at most {AWARD_SLOTS} earlier awards")
    situation = {name: {period: household[name]} for name in PLAIN_INPUTS}
    situation["crisis_reason"] = {period: household["crisis_reason"]}
    for slot, name in enumerate(SLOTS):
        age = history[slot] if slot < len(history) else NO_EARLIER_AWARD_DAYS
        situation[name] = {period: age}
    return SimulationBuilder().build_from_entities(system, {"households": {"applicant": situation}})


def outputs(
    simulation: Simulation, scheme: OpenFiscaScheme, day: datetime.date
) -> dict[str, np.ndarray]:
    """The scheme's criteria (True if passed), outcome and priority (as onestop's words) and
    award (pence), keyed as onestop's `assess_frame` names its columns."""
    period = period_of(day)
    result: dict[str, np.ndarray] = {
        f"criterion_{name}": simulation.calculate(scheme.criterion_variable(name), period)
        for name in scheme.criteria
    }
    result["outcome"] = simulation.calculate(scheme.outcome, period).decode_to_str()
    result["award"] = simulation.calculate(scheme.award, period)
    result["priority"] = simulation.calculate(scheme.priority, period).decode_to_str()
    return result
