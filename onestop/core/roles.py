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
    # Staff of a partner organisation (food bank, Citizens Advice): they refer clients through
    # the partner portal and follow their own organisation's referrals, and see no casework.
    PARTNER = "partner", "Partner organisation staff"
    # Staff of a supplier that delivers goods in kind: they see and update their own
    # organisation's orders and send invoices, through the supplier portal or the API.
    SUPPLIER = "supplier", "Supplier staff"


class Capability(StrEnum):
    TAKE_APPLICATIONS = "take_applications"
    VIEW_CASES = "view_cases"
    ADD_CASE_NOTES = "add_case_notes"
    DECIDE = "decide"
    ASSIGN_CASES = "assign_cases"
    APPROVE_AWARDS = "approve_awards"
    REVIEW_DECISIONS = "review_decisions"
    LOG_COMPLAINTS = "log_complaints"
    HANDLE_COMPLAINTS = "handle_complaints"
    VIEW_SAFEGUARDING_NOTES = "view_safeguarding_notes"
    MANAGE_BUDGETS = "manage_budgets"
    SET_PRIORITY_THRESHOLD = "set_priority_threshold"
    MANAGE_VOUCHER_STOCK = "manage_voucher_stock"
    VIEW_OUTBOX = "view_outbox"
    MANAGE_TEMPLATES = "manage_templates"
    MANAGE_SCHEMES = "manage_schemes"
    VIEW_AUDIT_LOG = "view_audit_log"
    SIMULATE_POLICY = "simulate_policy"
    MANAGE_API_KEYS = "manage_api_keys"
    REFER_APPLICATIONS = "refer_applications"
    MANAGE_PAYMENTS = "manage_payments"
    MANAGE_CATALOGUE = "manage_catalogue"
    RESOLVE_FULFILMENT = "resolve_fulfilment"
    SUPPLY_ORDERS = "supply_orders"
    MANAGE_DIRECTORY = "manage_directory"
    RECORD_OTHER_SUPPORT = "record_other_support"
    # Work through duplicate and fraud flags (confirm or dismiss them, with a reason).
    REVIEW_MATCH_FLAGS = "review_match_flags"
    # Set the council's thresholds for raising those flags.
    SET_MATCHING_THRESHOLDS = "set_matching_thresholds"


_FRONT_LINE = {
    Capability.TAKE_APPLICATIONS,
    Capability.VIEW_CASES,
    Capability.ADD_CASE_NOTES,
    Capability.LOG_COMPLAINTS,
}

CAPABILITIES: dict[str, frozenset[Capability]] = {
    Role.ADVISER: frozenset(_FRONT_LINE),
    Role.DECISION_MAKER: frozenset(
        _FRONT_LINE
        | {
            Capability.DECIDE,
            Capability.REVIEW_DECISIONS,
            Capability.RECORD_OTHER_SUPPORT,
            Capability.REVIEW_MATCH_FLAGS,
        }
    ),
    Role.TEAM_LEADER: frozenset(
        _FRONT_LINE
        | {
            Capability.DECIDE,
            Capability.REVIEW_DECISIONS,
            Capability.ASSIGN_CASES,
            Capability.APPROVE_AWARDS,
            Capability.HANDLE_COMPLAINTS,
            Capability.VIEW_SAFEGUARDING_NOTES,
            Capability.SET_PRIORITY_THRESHOLD,
            Capability.VIEW_OUTBOX,
            Capability.VIEW_AUDIT_LOG,
            Capability.RESOLVE_FULFILMENT,
            Capability.MANAGE_DIRECTORY,
            Capability.RECORD_OTHER_SUPPORT,
            Capability.REVIEW_MATCH_FLAGS,
            Capability.SET_MATCHING_THRESHOLDS,
        }
    ),
    Role.FINANCE: frozenset(
        {
            Capability.MANAGE_BUDGETS,
            Capability.SET_PRIORITY_THRESHOLD,
            Capability.MANAGE_VOUCHER_STOCK,
            Capability.VIEW_OUTBOX,
            Capability.MANAGE_PAYMENTS,
            Capability.MANAGE_CATALOGUE,
            Capability.RESOLVE_FULFILMENT,
            Capability.RECORD_OTHER_SUPPORT,
        }
    ),
    Role.ADMIN: frozenset(
        {
            Capability.SIMULATE_POLICY,
            Capability.VIEW_CASES,
            Capability.MANAGE_VOUCHER_STOCK,
            Capability.MANAGE_TEMPLATES,
            Capability.MANAGE_SCHEMES,
            Capability.VIEW_OUTBOX,
            Capability.VIEW_AUDIT_LOG,
            Capability.MANAGE_API_KEYS,
            Capability.MANAGE_CATALOGUE,
            Capability.MANAGE_DIRECTORY,
            Capability.SET_MATCHING_THRESHOLDS,
        }
    ),
    Role.PARTNER: frozenset({Capability.REFER_APPLICATIONS}),
    Role.SUPPLIER: frozenset({Capability.SUPPLY_ORDERS}),
}


def role_can(role: str, capability: Capability) -> bool:
    return capability in CAPABILITIES.get(role, frozenset())


def role_uses_staff_console(role: str) -> bool:
    """Whether the role works inside the council (the /staff/ pages) rather than for a partner."""
    return role not in ORGANISATION_ROLES


# Roles held through an organisation (Membership.organisation), never a council's own staff.
ORGANISATION_ROLES = frozenset({Role.PARTNER, Role.SUPPLIER})
