"""Limits on guessing at public look-ups: failures counted per session and per client address.

The session's count stops one person's browser; the address's count (in Django's cache, for a
window from its first failure) stops someone who throws the session away. With several web
processes, CACHES must name a shared cache for the address limit to hold across them.
"""

from dataclasses import dataclass

from django.core.cache import cache
from django.http import HttpRequest

from onestop.core.rate_limits import client_address


@dataclass(frozen=True)
class GuessLimit:
    """How many wrong guesses one look-up allows before people are asked to call instead."""

    name: str  # names both the session key and the cache key, so limits never share a count
    per_session: int
    per_address: int
    window_seconds: int = 60 * 60

    @property
    def session_key(self) -> str:
        return f"{self.name.replace('-', '_')}_failed_lookups"

    def _address_key(self, request: HttpRequest) -> str:
        return f"{self.name}-failed-lookups:{client_address(request)}"

    def blocked(self, request: HttpRequest) -> bool:
        return (
            request.session.get(self.session_key, 0) >= self.per_session
            or cache.get(self._address_key(request), 0) >= self.per_address
        )

    def failed(self, request: HttpRequest) -> None:
        """Count one wrong guess against this session and this address."""
        request.session[self.session_key] = request.session.get(self.session_key, 0) + 1
        key = self._address_key(request)
        cache.add(key, 0, timeout=self.window_seconds)
        try:
            cache.incr(key)
        except ValueError:  # expired between the two calls
            cache.set(key, 1, timeout=self.window_seconds)
