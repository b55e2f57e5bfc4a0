"""The one OpenFisca entity: the household applying, one row per application."""

from openfisca_core.entities import build_entity

Household = build_entity(
    key="household",
    plural="households",
    label="A household applying for help",
    doc="One application: the applicant and the people they live with, taken together.",
    is_person=True,
)

ENTITIES = [Household]
