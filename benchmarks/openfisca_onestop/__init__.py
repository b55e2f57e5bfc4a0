"""onestop's schemes written a second time as an OpenFisca country package, to compare with.

The same eligibility and award rules as the policy files under policies/, in the shape an
OpenFisca country package gives them: one entity (the household applying), dated parameters
in OpenFisca's YAML format under parameters/, and one variable per fact, criterion, award
part, outcome and priority. `benchmarks.policy` checks that both engines agree on every
household before it times them. Needs the `bench` extra (openfisca-core); nothing in onestop
imports it.
"""

from functools import cache
from pathlib import Path

from openfisca_core.taxbenefitsystems import TaxBenefitSystem

from benchmarks.openfisca_onestop import crisis_payment, essential_items, housing_payment, inputs
from benchmarks.openfisca_onestop.entities import ENTITIES
from benchmarks.openfisca_onestop.schemes import SCHEMES, OpenFiscaScheme

__all__ = ["SCHEMES", "OnestopTaxBenefitSystem", "OpenFiscaScheme", "tax_benefit_system"]

PARAMETERS = Path(__file__).parent / "parameters"
VARIABLE_MODULES = [inputs, crisis_payment, housing_payment, essential_items]


class OnestopTaxBenefitSystem(TaxBenefitSystem):
    """Every scheme's variables and parameters in one system, as a country package has them."""

    def __init__(self) -> None:
        super().__init__(ENTITIES)
        for module in VARIABLE_MODULES:
            self.add_variables(*module.VARIABLES)
        self.load_parameters(str(PARAMETERS))


@cache
def tax_benefit_system() -> OnestopTaxBenefitSystem:
    return OnestopTaxBenefitSystem()
