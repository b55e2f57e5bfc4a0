"""Partner API keys: how a key is made, hashed and checked. Only the hash is ever stored.

A key reads `onestop_<prefix>_<secret>`: the prefix is public and finds the row, the secret is 32
random bytes. With that much entropy one SHA-256 is the right hash (a slow password hash adds
nothing), and hashes are compared in constant time.
"""

import hashlib
import hmac
import secrets
from dataclasses import dataclass

KEY_START = "onestop"
PREFIX_BYTES = 4
SECRET_BYTES = 32


@dataclass(frozen=True)
class NewKey:
    prefix: str
    key: str  # shown once, never stored

    @property
    def secret_hash(self) -> str:
        return key_hash(self.key)


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def key_generate() -> NewKey:
    prefix = secrets.token_hex(PREFIX_BYTES)
    return NewKey(prefix=prefix, key=f"{KEY_START}_{prefix}_{secrets.token_urlsafe(SECRET_BYTES)}")


def key_prefix(key: str) -> str | None:
    """The public prefix of something presented as a key, or None if it cannot be one."""
    start, _, rest = key.partition("_")
    prefix, _, secret = rest.partition("_")
    if start != KEY_START or len(prefix) != PREFIX_BYTES * 2 or not secret:
        return None
    return prefix


def key_matches(key: str, secret_hash: str) -> bool:
    return hmac.compare_digest(key_hash(key), secret_hash)
