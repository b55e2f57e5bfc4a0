"""Synthetic people records with known duplicates, to measure how well matching finds them.

The people are made up (Faker's en_GB names and postcodes, reserved e-mail domains). Some
people appear more than once, each time recorded the way a busy service records people: a
short name one time and the full name the next, a typo, a date of birth with two digits
swapped, a new address after a move, a phone number left out. Households put people with the
same surname, address and phone side by side, and a few twins share a birthday too, so a
matcher that leans on those alone is caught out. Every row carries `true_person`, which is
what precision and recall are measured against.

The rows have the columns of a legacy export (docs/linkage.md), so the same file can go
through `onestop people dedupe`.
"""

import dataclasses
import random
import string
from collections.abc import Iterator
from datetime import date, timedelta

from faker import Faker
from faker.providers.person.en_GB import Provider as PersonNames

from onestop.people.linkage.records import forename_table

LEGACY_COLUMNS = (
    "person_id",
    "first_name",
    "last_name",
    "date_of_birth",
    "address_line_1",
    "postcode",
    "uprn",
    "phone",
    "email",
    "national_insurance_number",
    "sort_code",
    "account_number",
)

# Neighbouring keys on a UK keyboard, for the typos people make when typing a name.
_KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_NEIGHBOURS = {
    key: "".join(row[j] for j in (i - 1, i + 1) if 0 <= j < len(row))
    for row in _KEYBOARD_ROWS
    for i, key in enumerate(row)
}
_OLDEST, _YOUNGEST = date(1935, 1, 1), date(2008, 12, 31)
_NI_FIRST = "ABCEGHJKLMNPRSTWXYZ"
_NI_SECOND = "ABCEGHJKLMNPRSTWXYZ"


@dataclasses.dataclass(frozen=True)
class DuplicateRates:
    """How often each kind of difference appears between two records of one person."""

    extra_records: tuple[float, float] = (0.15, 0.05)  # share of people with 1, with 2 more
    nickname: float = 0.12
    first_name_typo: float = 0.08
    surname_typo: float = 0.08
    dob_digits_swapped: float = 0.06
    dob_day_month_swapped: float = 0.03
    dob_digit_wrong: float = 0.02
    moved: float = 0.15
    postcode_typo: float = 0.04
    address_typo: float = 0.05


def typo(text: str, rng: random.Random) -> str:
    """One slip of the fingers: a neighbouring key, two letters swapped, one dropped or doubled."""
    if len(text) < 3:
        return text
    i = rng.randrange(1, len(text) - 1)  # people rarely get the first letter wrong
    kind = rng.randrange(4)
    if kind == 0 and (near := _NEIGHBOURS.get(text[i].lower())):
        swapped = rng.choice(near)
        return text[:i] + (swapped.upper() if text[i].isupper() else swapped) + text[i + 1 :]
    if kind == 1 and text[i] != text[i + 1]:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    if kind == 2:
        return text[:i] + text[i + 1 :]
    return text[:i] + text[i] + text[i:]


def short_forms() -> dict[str, list[str]]:
    """Each full forename's short forms ("william": ["bill", "billy", ...])."""
    by_full: dict[str, list[str]] = {}
    for name, fulls in forename_table().items():
        for full in fulls:
            if name != full:
                by_full.setdefault(full, []).append(name)
    return by_full


def _dob_variant(born: date, rates: DuplicateRates, rng: random.Random) -> str:
    text = born.isoformat()  # YYYY-MM-DD
    roll = rng.random()
    if roll < rates.dob_digits_swapped:
        # Two neighbouring digits of the day, the month or the year's last two swapped.
        i = rng.choice((2, 5, 8))
        swapped = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
        if _is_date(swapped):
            return swapped
    elif roll < rates.dob_digits_swapped + rates.dob_day_month_swapped and born.day <= 12:
        return f"{born.year:04d}-{born.day:02d}-{born.month:02d}"
    elif roll < rates.dob_digits_swapped + rates.dob_day_month_swapped + rates.dob_digit_wrong:
        i = rng.choice((3, 6, 9))
        wrong = text[:i] + str(rng.randrange(10)) + text[i + 1 :]
        if _is_date(wrong):
            return wrong
    return text


def _is_date(text: str) -> bool:
    """A real day in the range people are born in (a slip can make 2005 into 2050)."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        return False
    return _OLDEST <= day <= _YOUNGEST


def _postcode_typo(postcode: str, rng: random.Random) -> str:
    outward, inward = postcode.split(" ")
    letters = inward[1:]
    i = rng.randrange(2)
    replaced = letters[:i] + rng.choice("ABDEFGHJLNPQRSTUWXYZ") + letters[i + 1 :]
    return f"{outward} {inward[0]}{replaced}"


@dataclasses.dataclass
class _Address:
    line_1: str
    postcode: str
    uprn: str


class _Streets:
    """Addresses the way a council area has them: about a dozen homes to a postcode."""

    def __init__(self, *, count: int, fake: Faker, rng: random.Random) -> None:
        self._rng = rng
        self._postcodes = [
            (fake.postcode(), fake.street_name()) for _ in range(max(20, count // 12))
        ]
        self._next_uprn = rng.randrange(10**10, 9 * 10**10)

    def address(self) -> _Address:
        postcode, street = self._rng.choice(self._postcodes)
        self._next_uprn += self._rng.randrange(1, 40)
        return _Address(
            line_1=f"{self._rng.randrange(1, 220)} {street}",
            postcode=postcode,
            uprn=str(self._next_uprn),
        )


def _phone(rng: random.Random) -> str:
    return "07" + "".join(rng.choices(string.digits, k=9))


def _ni_number(rng: random.Random) -> str:
    digits = "".join(rng.choices(string.digits, k=6))
    return f"{rng.choice(_NI_FIRST)}{rng.choice(_NI_SECOND)}{digits}{rng.choice('ABCD')}"


@dataclasses.dataclass
class _Person:
    true_person: int
    first_name: str
    last_name: str
    born: date
    address: _Address
    phone: str
    email: str
    ni_number: str
    sort_code: str
    account_number: str


def _people(*, count: int, streets: _Streets, rng: random.Random) -> Iterator[_Person]:
    """People in households: a household shares an address, usually a surname, often a phone."""
    first_names = [*PersonNames.first_names_male, *PersonNames.first_names_female]
    surnames = list(PersonNames.last_names)
    surname_weights = list(PersonNames.last_names.values())
    oldest, span = _OLDEST, (_YOUNGEST - _OLDEST).days
    made = 0
    while made < count:
        address = streets.address()
        surname = rng.choices(surnames, weights=surname_weights)[0]
        home_phone = _phone(rng) if rng.random() < 0.3 else ""
        twins_born = oldest + timedelta(days=rng.randrange(span)) if rng.random() < 0.01 else None
        for member in range(rng.choice((1, 1, 2, 2, 3, 4))):
            first = rng.choice(first_names)
            last = surname if rng.random() < 0.85 else rng.choices(surnames, surname_weights)[0]
            born = (
                twins_born
                if twins_born and member < 2
                else oldest + timedelta(days=rng.randrange(span))
            )
            has_bank = rng.random() < 0.25
            yield _Person(
                true_person=made,
                first_name=first,
                last_name=last,
                born=born,
                address=address,
                phone=home_phone or (_phone(rng) if rng.random() < 0.7 else ""),
                email=(
                    f"{first}.{last}{rng.randrange(100)}@example.{rng.choice(('com', 'org', 'net'))}".lower()
                    if rng.random() < 0.5
                    else ""
                ),
                ni_number=_ni_number(rng) if rng.random() < 0.4 else "",
                sort_code="".join(rng.choices(string.digits, k=6)) if has_bank else "",
                account_number="".join(rng.choices(string.digits, k=8)) if has_bank else "",
            )
            made += 1
            if made == count:
                return


def _first_record(person: _Person) -> dict[str, str]:
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "date_of_birth": person.born.isoformat(),
        "address_line_1": person.address.line_1,
        "postcode": person.address.postcode,
        "uprn": person.address.uprn,
        "phone": person.phone,
        "email": person.email,
        "national_insurance_number": person.ni_number,
        "sort_code": person.sort_code,
        "account_number": person.account_number,
    }


def _later_record(
    person: _Person,
    *,
    rates: DuplicateRates,
    forms: dict[str, list[str]],
    streets: _Streets,
    rng: random.Random,
) -> dict[str, str]:
    """The same person recorded again, with the differences a real service sees."""
    row = _first_record(person)
    first = person.first_name
    shorts = forms.get(first.lower())
    if shorts and rng.random() < rates.nickname:
        first = rng.choice(shorts).capitalize()
    elif rng.random() < rates.first_name_typo:
        first = typo(first, rng)
    row["first_name"] = first
    if rng.random() < rates.surname_typo:
        row["last_name"] = typo(person.last_name, rng)
    row["date_of_birth"] = _dob_variant(person.born, rates, rng)
    if rng.random() < rates.moved:
        moved_to = streets.address()
        row.update(address_line_1=moved_to.line_1, postcode=moved_to.postcode, uprn=moved_to.uprn)
    else:
        if rng.random() < rates.postcode_typo:
            row["postcode"] = _postcode_typo(person.address.postcode, rng)
        if rng.random() < rates.address_typo:
            row["address_line_1"] = typo(person.address.line_1, rng)
        if rng.random() < 0.5:
            row["uprn"] = ""  # typed in by hand rather than picked from the gazetteer
    row["phone"] = rng.choices((person.phone, "", _phone(rng)), weights=(0.6, 0.25, 0.15))[0]
    local, _, domain = person.email.partition("@")
    row["email"] = rng.choices(
        (
            person.email,
            "",
            f"{typo(local, rng)}@{domain}" if person.email else "",  # never a real domain
            f"{first.lower()}{rng.randrange(1000)}@example.org",  # a second address
        ),
        weights=(0.50, 0.32, 0.08, 0.10),
    )[0]
    ni_number = person.ni_number if rng.random() < 0.5 else ""
    if ni_number and rng.random() < 0.04:
        i = rng.randrange(2, 8)
        ni_number = ni_number[:i] + rng.choice(string.digits) + ni_number[i + 1 :]
    row["national_insurance_number"] = ni_number
    bank = rng.random()
    if bank < 0.12:  # a different account: people change banks, or use a partner's
        row["sort_code"] = "".join(rng.choices(string.digits, k=6))
        row["account_number"] = "".join(rng.choices(string.digits, k=8))
    elif bank < 0.6:
        row["sort_code"] = row["account_number"] = ""
    return row


def synthetic_people(*, count: int, seed: int = 20261203) -> list[dict[str, str]]:
    """About `count` legacy-export rows, some of them the same person again (see the module
    docstring), shuffled, each with `person_id` and its `true_person`."""
    rng = random.Random(seed)
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    rates = DuplicateRates()
    forms = short_forms()
    one_more, two_more = rates.extra_records
    people_count = round(count / (1 + one_more + 2 * two_more))
    streets = _Streets(count=people_count, fake=fake, rng=rng)
    rows: list[dict[str, str]] = []
    for person in _people(count=people_count, streets=streets, rng=rng):
        rows.append(_first_record(person) | {"true_person": str(person.true_person)})
        roll = rng.random()
        extra = 2 if roll < two_more else 1 if roll < two_more + one_more else 0
        for _ in range(extra):
            later = _later_record(person, rates=rates, forms=forms, streets=streets, rng=rng)
            rows.append(later | {"true_person": str(person.true_person)})
    rng.shuffle(rows)
    for number, row in enumerate(rows, start=1):
        row["person_id"] = f"P{number:07d}"
    return rows


def true_pairs(rows: list[dict[str, str]]) -> set[tuple[str, str]]:
    """Every pair of rows that are the same person, as (smaller id, larger id)."""
    by_person: dict[str, list[str]] = {}
    for row in rows:
        by_person.setdefault(row["true_person"], []).append(row["person_id"])
    pairs: set[tuple[str, str]] = set()
    for ids in by_person.values():
        ordered = sorted(ids)
        pairs.update(
            (ordered[i], ordered[j])
            for i in range(len(ordered))
            for j in range(i + 1, len(ordered))
        )
    return pairs
