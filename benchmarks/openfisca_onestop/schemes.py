"""What every scheme's OpenFisca variables share: the outcome and priority enums, and the names
the comparison reads back (criteria, outcome, award, priority) for each policy folder."""

from dataclasses import dataclass
from typing import Any

from openfisca_core.indexed_enums import Enum
from openfisca_core.model_api import select


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
