"""Synthetic people with known duplicates: the yardstick matching is measured against, so it
must hold the kinds of difference (and the look-alikes) that real services see."""

import csv
import io
import random
import re
from collections import defaultdict

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.people.linkage.legacy_file import legacy_file_read
from onestop.people.linkage.records import clean_name, forename_roots
from onestop.people.linkage.synthetic import LEGACY_COLUMNS, synthetic_people, true_pairs, typo

Row = dict[str, str]


@pytest.fixture(scope="module")
def rows() -> list[Row]:
    return synthetic_people(count=4000, seed=11)


def by_person(rows: list[Row]) -> dict[str, list[Row]]:
    people: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        people[row["true_person"]].append(row)
    return people


def same_person_pairs(rows: list[Row]) -> list[tuple[Row, Row]]:
    return [(records[0], later) for records in by_person(rows).values() for later in records[1:]]


def test_the_same_seed_gives_the_same_people_and_another_seed_others() -> None:
    assert synthetic_people(count=200, seed=3) == synthetic_people(count=200, seed=3)
    assert synthetic_people(count=200, seed=3) != synthetic_people(count=200, seed=4)


@pytest.mark.parametrize("count", [50, 1000])
def test_about_the_number_of_rows_asked_for(count: int) -> None:
    assert 0.9 * count <= len(synthetic_people(count=count, seed=5)) <= 1.1 * count


def test_every_row_has_the_export_columns_a_unique_id_and_its_true_person(rows: list[Row]) -> None:
    assert all(set(row) == {*LEGACY_COLUMNS, "true_person"} for row in rows)
    ids = [row["person_id"] for row in rows]
    assert len(set(ids)) == len(ids)
    assert all(re.fullmatch(r"P\d{7}", person_id) for person_id in ids)


def test_the_rows_are_a_file_the_legacy_reader_accepts(rows: list[Row]) -> None:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=[*LEGACY_COLUMNS, "true_person"])
    writer.writeheader()
    writer.writerows(rows)

    assert len(legacy_file_read(out.getvalue())) == len(rows)


def test_every_email_address_is_at_a_reserved_example_domain(rows: list[Row]) -> None:
    emails = [row["email"] for row in rows if row["email"]]

    assert emails
    assert all(re.fullmatch(r"[^@]+@example\.(com|org|net)", email) for email in emails)


def test_some_people_are_recorded_more_than_once(rows: list[Row]) -> None:
    people = by_person(rows)
    again = sum(1 for records in people.values() if len(records) > 1)
    three_times = sum(1 for records in people.values() if len(records) == 3)

    assert 0.12 <= again / len(people) <= 0.28
    assert three_times > 0


def test_a_later_record_differs_the_ways_a_busy_service_records_people(rows: list[Row]) -> None:
    pairs = same_person_pairs(rows)

    def share_a_root(a: Row, b: Row) -> bool:
        return bool(
            set(forename_roots(clean_name(a["first_name"])))
            & set(forename_roots(clean_name(b["first_name"])))
        )

    nickname = [
        (a, b) for a, b in pairs if a["first_name"] != b["first_name"] and share_a_root(a, b)
    ]
    other_first_name = [
        (a, b) for a, b in pairs if a["first_name"] != b["first_name"] and not share_a_root(a, b)
    ]
    surname = [(a, b) for a, b in pairs if a["last_name"] != b["last_name"]]
    born = [(a, b) for a, b in pairs if a["date_of_birth"] != b["date_of_birth"]]
    moved = [(a, b) for a, b in pairs if a["postcode"][:2] != b["postcode"][:2]]
    no_phone = [(a, b) for a, b in pairs if a["phone"] and not b["phone"]]

    for kind in (nickname, other_first_name, surname, born, moved, no_phone):
        assert kind, "every kind of difference appears"
    # Most records of one person still look alike: a yardstick of strangers measures nothing.
    assert len(pairs) - len(nickname) - len(other_first_name) > 0.7 * len(pairs)


def test_households_put_different_people_side_by_side(rows: list[Row]) -> None:
    at_home: dict[tuple[str, str], set[tuple[str, str]]] = defaultdict(set)
    for row in rows:
        at_home[(row["address_line_1"], row["postcode"])].add(
            (row["true_person"], row["last_name"])
        )
    shared = [people for people in at_home.values() if len({p for p, _ in people}) > 1]
    same_surname = [
        people
        for people in shared
        if any(
            a != b and a_surname == b_surname for a, a_surname in people for b, b_surname in people
        )
    ]

    assert len(shared) > 50
    assert same_surname


def test_a_few_twins_share_a_surname_a_birthday_and_a_home() -> None:
    rows = synthetic_people(count=8000, seed=11)
    seen: dict[tuple[str, str, str, str], set[str]] = defaultdict(set)
    for row in rows:
        seen[(row["last_name"], row["date_of_birth"], row["postcode"], row["address_line_1"])].add(
            row["true_person"]
        )

    assert any(len(people) > 1 for people in seen.values())


def test_true_pairs_are_every_pair_of_rows_of_one_person() -> None:
    rows = [
        {"person_id": "P3", "true_person": "1"},
        {"person_id": "P1", "true_person": "1"},
        {"person_id": "P2", "true_person": "2"},
        {"person_id": "P4", "true_person": "1"},
    ]

    assert true_pairs(rows) == {("P1", "P3"), ("P1", "P4"), ("P3", "P4")}


def test_true_pairs_counts_each_pair_once(rows: list[Row]) -> None:
    sizes = [len(records) for records in by_person(rows).values()]

    assert len(true_pairs(rows)) == sum(n * (n - 1) // 2 for n in sizes)


def _one_slip(a: str, b: str) -> bool:
    """Whether b is a with one letter changed, dropped, added, or two neighbours swapped."""
    if a == b:
        return False
    if len(a) == len(b):
        differ = [i for i in range(len(a)) if a[i] != b[i]]
        return len(differ) == 1 or (
            len(differ) == 2
            and differ[1] == differ[0] + 1
            and a[differ[0]] == b[differ[1]]
            and a[differ[1]] == b[differ[0]]
        )
    shorter, longer = sorted((a, b), key=len)
    if len(longer) - len(shorter) != 1:
        return False
    return any(longer[:i] + longer[i + 1 :] == shorter for i in range(len(longer)))


@given(
    text=st.text(
        alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -'", min_size=3, max_size=20
    ),
    seed=st.integers(0, 2**32),
)
def test_a_typo_is_one_slip_that_keeps_the_first_letter(text: str, seed: int) -> None:
    slipped = typo(text, random.Random(seed))

    assert slipped[0] == text[0]
    assert _one_slip(text, slipped)


def test_a_name_too_short_to_slip_on_is_left_alone() -> None:
    assert typo("Jo", random.Random(1)) == "Jo"
