"""Rate limits on the partner API, per organisation, with django-ninja's own throttling.

One throttle covers every operation: requests that create or change something count against
the "submit" rate, the rest against the "read" rate. Rates come from settings.API_RATE_LIMITS,
read when each request arrives, so a deployment (or a test) can change them without a restart.
The count is per organisation, not per key: an organisation gets no more by holding more keys.
"""

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import SimpleRateThrottle

DEFAULT_API_RATE_LIMITS = {"submit": "60/min", "read": "300/min"}
READ_METHODS = {"GET", "HEAD", "OPTIONS"}


def api_rate(scope: str) -> str | None:
    """The rate for a scope, like "60/min"; None (or a scope left out) means no limit."""
    rates = getattr(settings, "API_RATE_LIMITS", DEFAULT_API_RATE_LIMITS)
    return rates.get(scope)


def scope_for(request: HttpRequest) -> str:
    return "read" if request.method in READ_METHODS else "submit"


class OrganisationRateThrottle(SimpleRateThrottle):
    """Counts an organisation's requests in each scope in Django's cache."""

    cache_format = "api-throttle:%(scope)s:%(ident)s"

    def __init__(self) -> None:
        # The rate is read on each request (see allow_request), not fixed when the API is built.
        self.rate = None
        self.num_requests, self.duration = None, None

    def allow_request(self, request: HttpRequest) -> bool:
        self.scope = scope_for(request)
        self.rate = api_rate(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        return super().allow_request(request)

    def get_cache_key(self, request: HttpRequest) -> str | None:
        api_key = getattr(request, "auth", None)
        if api_key is None:
            return None  # authentication runs first, so this request was already refused
        return self.cache_format % {"scope": self.scope, "ident": api_key.organisation_id}
