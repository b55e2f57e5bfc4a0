"""The API's authentication: `Authorization: Bearer <key>`, checked against the hashes.

A partner's key opens the partner operations and a supplier's key the supplier operations,
never the other's: a supplier cannot send applications, nor a food bank see orders.
"""

from django.http import HttpRequest
from ninja.security import HttpBearer

from onestop.councils.models import ApiKey, OrganisationKind
from onestop.councils.services import api_key_authenticate


class ApiKeyBearer(HttpBearer):
    """Gives each partner operation the `ApiKey` (and so the organisation and council) as
    request.auth."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        key = api_key_authenticate(presented=token)
        if key is None or key.organisation.kind == OrganisationKind.SUPPLIER:
            return None
        return key


class SupplierKeyBearer(HttpBearer):
    """The same, for supplier operations: only a supplier's key is accepted."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        key = api_key_authenticate(presented=token)
        if key is None or key.organisation.kind != OrganisationKind.SUPPLIER:
            return None
        return key
