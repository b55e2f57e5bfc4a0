"""Staff roles within a council and what each may do.

A person may hold a different role in each council they work for. Permissions are named
capabilities; pages and services ask for a capability, never for a role by name, so a
council can be given a new role without touching every view.
"""

from enum import StrEnum

from django.db import models


class Role(models.TextChoices):
    ADVISER = "adviser", "Adviser"
    DECISION_MAKER = "decision_maker", "Decision maker"
    TEAM_LEADER = "team_leader", "Team leader"
    FINANCE = "finance", "Finance officer"
    ADMIN = "admin", "Council admin"


class Capability(StrEnum):
    TAKE_APPLICATIONS = "take_applications"
    VIEW_CASES = "view_cases"
    DECIDE = "decide"
    MANAGE_BUDGETS = "manage_budgets"
    MANAGE_VOUCHER_STOCK = "manage_voucher_stock"
    VIEW_OUTBOX = "view_outbox"
    VIEW_AUDIT_LOG = "view_audit_log"
    SIMULATE_POLICY = "simulate_policy"


CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADVISER: frozenset({Capability.TAKE_APPLICATIONS, Capability.VIEW_CASES}),
    Role.DECISION_MAKER: frozenset(
        {Capability.TAKE_APPLICATIONS, Capability.VIEW_CASES, Capability.DECIDE}
    ),
    Role.TEAM_LEADER: frozenset(
        {
            Capability.TAKE_APPLICATIONS,
            Capability.VIEW_CASES,
            Capability.DECIDE,
            Capability.VIEW_OUTBOX,
            Capability.VIEW_AUDIT_LOG,
        }
    ),
    Role.FINANCE: frozenset(
        {Capability.MANAGE_BUDGETS, Capability.MANAGE_VOUCHER_STOCK, Capability.VIEW_OUTBOX}
    ),
    Role.ADMIN: frozenset(
        {
            Capability.SIMULATE_POLICY,
            Capability.VIEW_CASES,
            Capability.MANAGE_VOUCHER_STOCK,
            Capability.VIEW_OUTBOX,
            Capability.VIEW_AUDIT_LOG,
        }
    ),
}


def role_can(role: str, capability: Capability) -> bool:
    return capability in CAPABILITIES.get(role, frozenset())
