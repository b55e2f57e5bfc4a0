"""Who may act: the capability checks services make, so a task or command cannot skip them."""

from onestop.core.errors import NotPermitted
from onestop.core.roles import Capability, role_can
from onestop.councils.models import Council, Membership, User
from onestop.intake.models import Application


def membership_require(
    *, actor: User, council: Council, capability: Capability, doing: str
) -> Membership:
    """The actor's membership of the council, if their role there allows the capability.

    Views check this already; services check it again so a task or command cannot skip it.
    """
    membership = Membership.objects.filter(user=actor, council=council).first()
    if membership is None or not role_can(membership.role, capability):
        raise NotPermitted(f"You do not have permission to {doing} for this council.")
    return membership


def require_capability(
    *, membership: Membership, application: Application, capability: Capability, doing: str
) -> None:
    """The membership acts on this application's council, with a role that allows it."""
    if membership.council_id != application.council_id or not role_can(membership.role, capability):
        raise NotPermitted(f"You do not have permission to {doing} for this council.")
