"""The partner API's authentication: `Authorization: Bearer <key>`, checked against the hashes."""

from django.http import HttpRequest
from ninja.security import HttpBearer

from onestop.councils.models import ApiKey
from onestop.councils.services import api_key_authenticate


class ApiKeyBearer(HttpBearer):
    """Gives each operation the `ApiKey` (and so the organisation and council) as request.auth."""

    def authenticate(self, request: HttpRequest, token: str) -> ApiKey | None:
        return api_key_authenticate(presented=token)
