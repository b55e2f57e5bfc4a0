"""What every scheme's OpenFisca variables share: the outcome and priority enums, and the names
the comparison reads back (criteria, outcome, award, priority) for each policy folder."""

from dataclasses import dataclass
from typing import Any

from openfisca_core.indexed_enums import Enum
from openfisca_core.model_api import DAY, Variable, select

from benchmarks.openfisca_onestop.entities import Household


class Outcome(Enum):
    eligible = "Eligible"
    not_eligible = "Not eligible"
    needs_decision_maker = "Needs a decision maker"


class Priority(Enum):
    high = "High"
    medium = "Medium"
    low = "Low"


@dataclass(frozen=True)
class OpenFiscaScheme:
    """One scheme's output variables: `<prefix>_<criterion>`, `<prefix>_outcome`, ..."""

    folder: str  # the policy's folder under policies/
    prefix: str
    criteria: tuple[str, ...]

    def criterion_variable(self, name: str) -> str:
        return f"{self.prefix}_{name}"

    @property
    def outcome(self) -> str:
        return f"{self.prefix}_outcome"

    @property
    def award(self) -> str:
        return f"{self.prefix}_award"

    @property
    def priority(self) -> str:
        return f"{self.prefix}_priority"

    @property
    def outputs(self) -> tuple[str, ...]:
        return (
            *(self.criterion_variable(c) for c in self.criteria),
            self.outcome,
            self.award,
            self.priority,
        )


SCHEMES: dict[str, OpenFiscaScheme] = {}


def register(scheme: OpenFiscaScheme) -> OpenFiscaScheme:
    SCHEMES[scheme.folder] = scheme
    return scheme


def decide(met: Any, referred: Any, *, never_refuse: bool = False) -> Any:
    """The outcome, as every onestop policy reaches it: eligible if every criterion is met and
    nothing needs a person's judgement; a decision maker if something does, or if a criterion
    fails under a policy that never refuses on its own; otherwise not eligible."""
    failed = Outcome.needs_decision_maker if never_refuse else Outcome.not_eligible
    return select(
        [met * ~referred, met], [Outcome.eligible, Outcome.needs_decision_maker], default=failed
    )


def decision_variables(
    scheme: OpenFiscaScheme, *, never_refuse: bool = False
) -> tuple[type[Variable], type[Variable]]:
    """`<prefix>_meets_criteria` and `<prefix>_outcome`, the same for every scheme but for
    whether it may refuse on its own; OpenFisca names a variable after its class."""

    def meets_criteria(household: Any, period: Any) -> Any:
        met = household(scheme.criterion_variable(scheme.criteria[0]), period)
        for criterion in scheme.criteria[1:]:
            met = met * household(scheme.criterion_variable(criterion), period)
        return met

    def outcome(household: Any, period: Any) -> Any:
        met = household(f"{scheme.prefix}_meets_criteria", period)
        referred = household(f"{scheme.prefix}_referred", period)
        return decide(met, referred, never_refuse=never_refuse)

    common = {"entity": Household, "definition_period": DAY}
    met_variable = type(
        f"{scheme.prefix}_meets_criteria",
        (Variable,),
        {**common, "value_type": bool, "label": "Meets every criterion", "formula": meets_criteria},
    )
    outcome_variable = type(
        scheme.outcome,
        (Variable,),
        {
            **common,
            "value_type": Enum,
            "possible_values": Outcome,
            "default_value": Outcome.needs_decision_maker if never_refuse else Outcome.not_eligible,
            "label": "Eligible, not eligible, or needs a decision maker",
            "formula": outcome,
        },
    )
    return met_variable, outcome_variable
