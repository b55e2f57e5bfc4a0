"""Middleware: staff and case pages are never kept in a shared or browser cache; only assets
and pages that declare themselves public are."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.utils.cache import add_never_cache_headers


class NoStoreForStaffMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        # Assets, and pages that say they are public (the performance figures), may be cached.
        if not request.path.startswith("/assets/") and not _says_public(response):
            add_never_cache_headers(response)
            response["Cache-Control"] += ", no-store"
        return response


def _says_public(response: HttpResponse) -> bool:
    directives = response.get("Cache-Control", "").split(",")
    return any(directive.strip().lower() == "public" for directive in directives)
