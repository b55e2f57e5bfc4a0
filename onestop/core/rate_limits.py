"""Per-client rate limits on the public pages, counted in Django's cache, with a friendly page.

A scheme's opening hour brings crowds and, sometimes, scripts. Past settings.PUBLIC_RATE_LIMIT
(like "120/min") a client's request is not processed: it gets the page named by
settings.PUBLIC_RATE_LIMIT_PAGE, with status 429 and Retry-After. Nothing the person has already
given is lost (earlier answers stay in their session) and the page offers to send a refused form
again. The counting is django-ninja's sliding window (ninja.throttling), already used by the API.
"""

import ipaddress
import math
from collections.abc import Callable, Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.module_loading import import_string
from ninja.throttling import SimpleRateThrottle

# Pages for the public and for partners' clients; staff pages, the API and assets are not here.
LIMITED_PREFIXES = ("/councils/", "/partners/")
# Signing in is left out: partner staff share an office's connection, and staff sign-in has its
# own checks.
UNLIMITED_ENDINGS = ("/sign-in/",)

TooManyRequestsPage = Callable[..., HttpResponse]


def client_address(request: HttpRequest) -> str:
    """The address the request came from.

    Behind settings.TRUSTED_PROXY_COUNT proxies (load balancers), it is the X-Forwarded-For entry
    the outermost trusted proxy added: the entries before it can be typed by anyone, so they
    are never believed. With no trusted proxy, X-Forwarded-For is ignored altogether.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0))
    if proxies <= 0:
        return remote
    hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [h for h in hops if h]
    if not hops:
        return remote
    return hops[-min(proxies, len(hops))]


def is_limited_path(path: str) -> bool:
    return path.startswith(LIMITED_PREFIXES) and not path.endswith(UNLIMITED_ENDINGS)


def is_exempt(address: str, networks: Iterable[str]) -> bool:
    """Whether the address is in one of the networks never limited, such as the kiosks' own."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(network, strict=False) for network in networks)


class ClientRateThrottle(SimpleRateThrottle):
    """One client's requests to the public pages, in a sliding window in Django's cache."""

    cache_format = "public-throttle:%(ident)s"

    def get_cache_key(self, request: HttpRequest) -> str | None:
        return self.cache_format % {"ident": client_address(request)}

    def seconds_to_wait(self) -> int:
        return max(1, math.ceil(self.wait() or self.duration or 60))


class PublicRateLimitMiddleware:
    """Answers a client over the limit with the friendly page instead of the view."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rate = getattr(settings, "PUBLIC_RATE_LIMIT", None)
        if not rate or not is_limited_path(request.path_info):
            return self.get_response(request)
        if is_exempt(client_address(request), getattr(settings, "PUBLIC_RATE_LIMIT_EXEMPT", [])):
            return self.get_response(request)
        # A throttle per request: it keeps the request's history on itself.
        throttle = ClientRateThrottle(rate)
        if throttle.allow_request(request):
            return self.get_response(request)
        return too_many_requests(request, wait_seconds=throttle.seconds_to_wait())


def too_many_requests(request: HttpRequest, *, wait_seconds: int) -> HttpResponse:
    """The page from settings.PUBLIC_RATE_LIMIT_PAGE (it knows councils, which core must not),
    given the request and how long to wait; it may return None for a page it cannot draw."""
    page_path = getattr(settings, "PUBLIC_RATE_LIMIT_PAGE", "")
    page: TooManyRequestsPage | None = import_string(page_path) if page_path else None
    response = page(request, wait_seconds=wait_seconds) if page else None
    if response is None:
        response = HttpResponse(
            "Too many requests from your connection. Wait and try again.",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
    response.status_code = 429
    response["Retry-After"] = str(wait_seconds)
    return response
