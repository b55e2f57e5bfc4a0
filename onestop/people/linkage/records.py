"""The shape every person record takes before matching, and the one way each field is cleaned.

A record is a plain dict with the columns in `RECORD_COLUMNS`, so the same record can come
from the council's own people, from a legacy export (`onestop people dedupe`) or from the
synthetic set, and Splink sees them all alike. Missing values are None, never "", because
Splink treats None as "not known" (no evidence either way) and "" as a value that agrees.
"""

import datetime
import functools
import hashlib
import hmac
import re
import unicodedata
from pathlib import Path
from typing import Any

import yaml

from onestop.core.postcodes import is_postcode, normalise_postcode

RECORD_COLUMNS = (
    "unique_id",
    "first_name",
    "first_name_roots",
    "surname",
    "dob",
    "postcode",
    "uprn",
    "address",
    "phone",
    "email",
    "ni",
    "bank",
)
Record = dict[str, Any]

_NICKNAMES_FILE = Path(__file__).with_name("nicknames.yaml")
_NOT_LETTERS = re.compile(r"[^a-z]")
_NOT_DIGITS = re.compile(r"\D")
_NI_NUMBER = re.compile(r"^[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z]\d{6}[A-D]$")


@functools.cache
def forename_table() -> dict[str, tuple[str, ...]]:
    """Each known name (full or short) and the full forenames it can stand for."""
    listed: dict[str, list[str]] = yaml.safe_load(_NICKNAMES_FILE.read_text())
    roots: dict[str, set[str]] = {}
    for full, short_forms in listed.items():
        roots.setdefault(full, set()).add(full)
        for short in short_forms:
            roots.setdefault(short, set()).add(full)
    return {name: tuple(sorted(fulls)) for name, fulls in roots.items()}


def clean_name(text: str | None) -> str | None:
    """Lower-case letters only: accents, hyphens, spaces and apostrophes go ("O'Neil-Smith"
    and "oneil smith" agree)."""
    if not text:
        return None
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    letters = _NOT_LETTERS.sub("", plain)
    return letters or None


def forename_roots(first_name: str | None) -> list[str]:
    """The full forenames a first name can stand for: itself when it is not a known short form."""
    if not first_name:
        return []
    return list(forename_table().get(first_name, (first_name,)))


def clean_date(day: datetime.date | str | None) -> str | None:
    if not day:
        return None
    return day.isoformat() if isinstance(day, datetime.date) else str(day)


def clean_postcode(text: str | None) -> str | None:
    if not text or not is_postcode(text):
        return None
    return normalise_postcode(text)


def clean_phone(text: str | None) -> str | None:
    """UK numbers in national form: "+44 7700 900123", "+44 (0)7700 900123",
    "0044 7700 900123" and "07700900123" agree."""
    if not text:
        return None
    digits = _NOT_DIGITS.sub("", text)
    for international in ("0044", "44"):
        if digits.startswith(international):
            # The "(0)" people write after +44 is the national prefix, not part of the number.
            digits = "0" + digits[len(international) :].removeprefix("0")
            break
    return digits if len(digits) >= 10 else None


def clean_email(text: str | None) -> str | None:
    if not text or "@" not in text:
        return None
    return text.strip().lower()


def clean_ni_number(text: str | None) -> str | None:
    """A National Insurance number in upper case without spaces, or None if it is not one."""
    if not text:
        return None
    compact = "".join(text.split()).upper()
    return compact if _NI_NUMBER.match(compact) else None


def clean_address(text: str | None) -> str | None:
    """The first address line, lower case, single-spaced, without punctuation."""
    if not text:
        return None
    words = re.sub(r"[^a-z0-9 ]", " ", text.lower()).split()
    return " ".join(words) or None


def identifier_digest(*, kind: str, value: str | None, secret: str) -> str | None:
    """A keyed digest of an identifier (NI number, bank account) that only ever needs to agree
    exactly: matching compares digests, so the identifier itself is not copied around."""
    if not value:
        return None
    mac = hmac.new(secret.encode(), f"{kind}:{value}".encode(), hashlib.sha256)
    return mac.hexdigest()[:32]


def bank_account_key(*, sort_code: str | None, account_number: str | None) -> str | None:
    sort_digits = _NOT_DIGITS.sub("", sort_code or "")
    account_digits = _NOT_DIGITS.sub("", account_number or "")
    if len(sort_digits) != 6 or not 6 <= len(account_digits) <= 8:
        return None
    return f"{sort_digits}{account_digits.zfill(8)}"


def person_record(
    *,
    unique_id: int,
    first_name: str | None,
    surname: str | None,
    date_of_birth: datetime.date | str | None,
    postcode: str | None = None,
    uprn: str | None = None,
    address_line_1: str | None = None,
    phone: str | None = None,
    email: str | None = None,
    ni_number: str | None = None,
    sort_code: str | None = None,
    account_number: str | None = None,
    secret: str,
) -> Record:
    """One record, every field cleaned the same way wherever it came from."""
    first = clean_name(first_name)
    return {
        "unique_id": unique_id,
        "first_name": first,
        "first_name_roots": forename_roots(first),
        "surname": clean_name(surname),
        "dob": clean_date(date_of_birth),
        "postcode": clean_postcode(postcode),
        "uprn": (uprn or "").strip() or None,
        "address": clean_address(address_line_1),
        "phone": clean_phone(phone),
        "email": clean_email(email),
        "ni": identifier_digest(kind="ni", value=clean_ni_number(ni_number), secret=secret),
        "bank": identifier_digest(
            kind="bank",
            value=bank_account_key(sort_code=sort_code, account_number=account_number),
            secret=secret,
        ),
    }
