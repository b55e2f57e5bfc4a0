"""Who may open a staff or partner page: signed in, a member of the page's council, with the
capability.

A person with no membership of the council gets "page not found", so the pages do not
even reveal which councils use the service; a member whose role lacks the capability is
told they do not have permission. Partner staff have no capability on any staff page; the
pages every member may open (the staff home) send them to their partner portal instead.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from typing import Any, Concatenate, ParamSpec

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect

from onestop.core.errors import NotPermitted
from onestop.core.roles import Capability, Role, role_can, role_uses_staff_console
from onestop.councils.models import Council, Membership, Organisation, User
from onestop.councils.selectors import council_by_slug, membership_for

P = ParamSpec("P")


@dataclass(frozen=True)
class Staff:
    """The signed-in person as a member of the council whose pages they are on."""

    membership: Membership

    @property
    def user(self) -> User:
        return self.membership.user

    @property
    def council(self) -> Council:
        return self.membership.council

    def can(self, capability: str) -> bool:
        return role_can(self.membership.role, Capability(capability))


StaffView = Callable[Concatenate[HttpRequest, Staff, P], HttpResponse]


def public_council(council_slug: str) -> Council:
    """The council a public page's URL names, or "Page not found"."""
    council = council_by_slug(slug=council_slug)
    if council is None:
        raise Http404("No such council")
    return council


def _membership_or_404(request: HttpRequest, council_slug: str) -> Membership:
    """The signed-in person's membership of the URL's council; none is "Page not found", so
    pages do not reveal which councils use the service."""
    user = request.user
    assert isinstance(user, User)
    membership = membership_for(user=user, council_slug=council_slug)
    if membership is None:
        raise Http404("No such council for this user")
    return membership


def staff_page(
    capability: Capability | None,
) -> Callable[[StaffView[P]], Callable[..., HttpResponse]]:
    def decorator(view: StaffView[P]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(
            request: HttpRequest, council_slug: str, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            membership = _membership_or_404(request, council_slug)
            if capability is None and not role_uses_staff_console(membership.role):
                portal = "suppliers:home" if membership.role == Role.SUPPLIER else "partners:home"
                return redirect(portal, council_slug=council_slug)
            if capability is not None and not role_can(membership.role, capability):
                raise PermissionDenied
            return view(request, Staff(membership), *args, **kwargs)

        wrapper.required_capability = capability  # type: ignore[attr-defined]
        return wrapper

    return decorator


@dataclass(frozen=True)
class PartnerStaff(Staff):
    """The signed-in person as staff of an organisation working with this council: a partner
    that refers people, or a supplier that delivers goods."""

    @property
    def organisation(self) -> Organisation:
        organisation = self.membership.organisation
        assert organisation is not None  # a database constraint: partner staff have one
        return organisation


PartnerView = Callable[Concatenate[HttpRequest, PartnerStaff, P], HttpResponse]


def _organisation_page(
    capability: Capability,
) -> Callable[[PartnerView[P]], Callable[..., HttpResponse]]:
    def decorator(view: PartnerView[P]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapper(
            request: HttpRequest, council_slug: str, *args: Any, **kwargs: Any
        ) -> HttpResponse:
            membership = _membership_or_404(request, council_slug)
            if not role_can(membership.role, capability) or membership.organisation is None:
                raise PermissionDenied
            return view(request, PartnerStaff(membership), *args, **kwargs)

        wrapper.required_capability = capability  # type: ignore[attr-defined]
        return wrapper

    return decorator


def partner_page() -> Callable[[PartnerView[P]], Callable[..., HttpResponse]]:
    """A page of the partner portal: only staff of a partner organisation working with the
    council may open it; council staff are told they do not have permission."""
    return _organisation_page(Capability.REFER_APPLICATIONS)


def supplier_page() -> Callable[[PartnerView[P]], Callable[..., HttpResponse]]:
    """A page of the supplier portal: only staff of a supplier working with the council."""
    return _organisation_page(Capability.SUPPLY_ORDERS)


def require_capability(
    *, membership: Membership, council: Council, capability: Capability, doing: str
) -> None:
    """Services check again what pages check, so a task or a command cannot skip it: this
    membership acts for this council, in a role that allows the capability."""
    if membership.council_id != council.pk or not role_can(membership.role, capability):
        raise NotPermitted(f"You do not have permission to {doing} for this council.")


def membership_require(
    *, actor: User, council: Council, capability: Capability, doing: str
) -> Membership:
    """For services given a person rather than a membership: their membership of the council,
    if their role there allows the capability."""
    membership = Membership.objects.filter(user=actor, council=council).first()
    if membership is None:
        raise NotPermitted(f"You do not have permission to {doing} for this council.")
    require_capability(membership=membership, council=council, capability=capability, doing=doing)
    return membership
