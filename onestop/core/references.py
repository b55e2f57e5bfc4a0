"""References people can quote on the phone: short, unambiguous, with a check character.

`CR-7K4M-2Q`: a scheme prefix, then five characters from Crockford's base 32 (no I, L, O
or U, so nothing is mistaken for 1, 0 or a rude word) and one check character that catches
any single mistyped character and any swap of two neighbours. The five are drawn from the
first 31 characters only (never Z): with weights 1 to 5 and a sum modulo the prime 31, every
single change and every neighbour swap then changes the check character.
"""

import secrets

ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
BODY_ALPHABET = ALPHABET[:31]
_VALUE = {c: i for i, c in enumerate(ALPHABET)}
# Crockford's decoding rules for characters people type by mistake.
_ALIASES = {"I": "1", "L": "1", "O": "0", "U": "V"}


def _check_character(body: str) -> str:
    # A weighted sum modulo 31 (a prime) detects single errors and adjacent swaps.
    total = sum((position + 1) * _VALUE[c] for position, c in enumerate(body))
    return ALPHABET[total % 31]


def new_reference(prefix: str) -> str:
    body = "".join(secrets.choice(BODY_ALPHABET) for _ in range(5))
    code = body + _check_character(body)
    return f"{prefix}-{code[:4]}-{code[4:]}"


def normalise_reference(text: str) -> str | None:
    """Tidy what someone typed ('cr 7k4m 2q') into the stored form, or None if it cannot be one."""
    cleaned = "".join(c for c in text.upper() if c.isalnum())
    if len(cleaned) < 8:
        return None
    prefix, code = cleaned[:-6], cleaned[-6:]
    code = "".join(_ALIASES.get(c, c) for c in code)
    if not prefix.isalpha() or any(c not in BODY_ALPHABET for c in code):
        return None
    if _check_character(code[:5]) != code[5]:
        return None
    return f"{prefix}-{code[:4]}-{code[4:]}"
