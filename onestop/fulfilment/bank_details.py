"""Checks on a UK bank account before a payment to it is queued or written to a Bacs file."""

import re
from dataclasses import dataclass

# Bacs carries upper-case letters, digits, space and these: . & / -
_BACS_CHARACTERS = re.compile(r"^[A-Z0-9 .&/-]*$")
BACS_NAME_LENGTH = 18


@dataclass(frozen=True)
class BankDetails:
    account_name: str
    sort_code: str
    account_number: str


def digits_only(value: str) -> str:
    """What people type, with the spaces and dashes they put in taken out."""
    return re.sub(r"[\s-]", "", value)


def bacs_name(name: str) -> str:
    """The account name as Bacs carries it: upper case, its own characters, 18 at most."""
    upper = re.sub(r"[^A-Z0-9 .&/-]", "", name.upper().replace("'", ""))
    return re.sub(r" +", " ", upper).strip()[:BACS_NAME_LENGTH]


def bank_details_problems(details: BankDetails) -> dict[str, str]:
    """Each field's problem in words that say what to do; empty when the details are usable."""
    problems: dict[str, str] = {}
    if not details.account_name.strip():
        problems["account_name"] = "Enter the name on the account"
    elif not bacs_name(details.account_name):
        problems["account_name"] = "Name on the account must include letters or numbers"
    sort_code = digits_only(details.sort_code)
    if not sort_code:
        problems["sort_code"] = "Enter a sort code"
    elif not re.fullmatch(r"[0-9]{6}", sort_code) or sort_code == "000000":
        problems["sort_code"] = "Enter a valid sort code like 309430"
    account = digits_only(details.account_number)
    if not account:
        problems["account_number"] = "Enter an account number"
    elif not re.fullmatch(r"[0-9]{8}", account) or account == "00000000":
        problems["account_number"] = "Enter a valid account number like 00733445"
    return problems


def bank_details_clean(details: BankDetails) -> BankDetails:
    """The details as they are stored: digits only, the name trimmed."""
    return BankDetails(
        account_name=details.account_name.strip(),
        sort_code=digits_only(details.sort_code),
        account_number=digits_only(details.account_number),
    )


def is_bacs_text(value: str) -> bool:
    return bool(_BACS_CHARACTERS.match(value))
