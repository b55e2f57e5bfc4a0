"""A legacy system's export of people: read whole, or refused whole with each line's problem."""

import csv
import datetime
import io
import re

import pytest
from faker import Faker
from hypothesis import given
from hypothesis import strategies as st

from onestop.people.linkage.legacy_file import (
    REQUIRED_COLUMNS,
    LegacyFileRefused,
    LineProblem,
    legacy_file_read,
    legacy_records,
)
from onestop.people.linkage.records import identifier_digest
from onestop.people.linkage.synthetic import LEGACY_COLUMNS

fake = Faker("en_GB")
fake.seed_instance(7005)

HEADER = ",".join(REQUIRED_COLUMNS)


def person_line(person_id: str, **overrides: str) -> dict[str, str]:
    line = {
        "person_id": person_id,
        "first_name": fake.first_name(),
        "last_name": fake.last_name(),
        "date_of_birth": fake.date_of_birth(minimum_age=18, maximum_age=90).isoformat(),
        "address_line_1": f"{fake.building_number()} {fake.street_name()}",
        "postcode": fake.postcode(),
        "phone": f"07700 900{fake.numerify('###')}",
        "email": f"person{person_id}@example.com",
    }
    line.update(overrides)
    return line


def csv_text(lines: list[dict[str, str]], columns: list[str] | None = None) -> str:
    columns = columns or list(lines[0])
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(lines)
    return out.getvalue()


def refusal(text: str) -> list[str]:
    with pytest.raises(LegacyFileRefused) as refused:
        legacy_file_read(text)
    return [str(problem) for problem in refused.value.problems]


def test_a_good_file_gives_every_row_with_every_column() -> None:
    lines = [person_line("A1"), person_line("A2", phone="", email="")]

    rows = legacy_file_read(csv_text(lines))

    assert [row["person_id"] for row in rows] == ["A1", "A2"]
    assert set(rows[0]) == {*LEGACY_COLUMNS, "true_person"}
    assert rows[0]["first_name"] == lines[0]["first_name"]
    assert rows[1]["phone"] == ""
    assert rows[1]["uprn"] == ""


def test_only_the_four_required_columns_are_needed() -> None:
    rows = legacy_file_read(f"{HEADER}\n1,Ada,Lovelace,1985-12-10\n")

    assert rows[0]["last_name"] == "Lovelace"
    assert rows[0]["national_insurance_number"] == ""


def test_excels_byte_order_mark_and_windows_line_endings_are_read() -> None:
    text = "\ufeff" + f"{HEADER}\r\n1,Ada,Lovelace,1985-12-10\r\n2,Alan,Turing,1982-06-23\r\n"

    assert [row["person_id"] for row in legacy_file_read(text)] == ["1", "2"]


def test_old_mac_line_endings_are_read() -> None:
    text = f"{HEADER}\r1,Ada,Lovelace,1985-12-10\r2,Alan,Turing,1982-06-23\r"

    assert [row["person_id"] for row in legacy_file_read(text)] == ["1", "2"]


def test_spaces_around_column_names_are_ignored() -> None:
    rows = legacy_file_read(
        " person_id , first_name,last_name ,date_of_birth\n1,Ada,Lovelace,1985-12-10\n"
    )

    assert rows[0]["first_name"] == "Ada"


def test_a_header_without_a_required_column_is_refused_on_line_1() -> None:
    problems = refusal("person_id,first_name,date_of_birth\n1,Ada,1985-12-10\n")

    assert problems == ["Line 1: the header has no last_name column: see docs/linkage.md"]


def test_an_unknown_column_is_refused_on_line_1() -> None:
    problems = refusal(f"{HEADER},shoe_size\n1,Ada,Lovelace,1985-12-10,5\n")

    assert len(problems) == 1
    assert problems[0].startswith("Line 1: unknown column shoe_size")


def test_an_empty_file_is_refused() -> None:
    assert refusal("")[0].startswith("Line 1: the header has no person_id")


def test_a_header_with_no_people_is_refused() -> None:
    assert refusal(f"{HEADER}\n") == ["Line 2: the file has a header but no people"]


def test_every_problem_is_reported_with_its_line_and_nothing_is_used() -> None:
    future = (datetime.date.today() + datetime.timedelta(days=30)).isoformat()
    lines = [
        person_line("1"),
        person_line("", first_name=""),
        person_line("1"),
        person_line("4", date_of_birth="12/03/1984"),
        person_line("5", date_of_birth=future),
        person_line("6", postcode="NOT A POSTCODE"),
        person_line("7", national_insurance_number="QQ123456C"),
        person_line("8", sort_code="30943", account_number="00733445"),
        person_line("9", sort_code="309430"),
        person_line("10", last_name="  "),
    ]
    columns = [*LEGACY_COLUMNS]

    problems = refusal(csv_text(lines, columns))

    assert problems == [
        "Line 3: person_id is empty: give every row its record's id",
        "Line 3: first_name is empty",
        "Line 4: person_id 1 is used by an earlier line: ids must be unique",
        "Line 5: date_of_birth '12/03/1984' is not a date: write it as YYYY-MM-DD",
        f"Line 6: date_of_birth {future} is in the future",
        "Line 7: postcode 'NOT A POSTCODE' is not a UK postcode",
        "Line 8: national_insurance_number 'QQ123456C' is not a National Insurance number",
        "Line 9: sort_code and account_number must be 6 digits and 6 to 8 digits",
        "Line 10: sort_code and account_number must be 6 digits and 6 to 8 digits",
        "Line 11: last_name is empty",
    ]


def test_a_row_with_more_values_than_columns_is_refused() -> None:
    problems = refusal(f"{HEADER}\n1,Ada,Lovelace,1985-12-10,extra\n")

    assert problems == ["Line 2: has more values than the header has columns"]


def test_a_short_row_is_read_with_the_missing_values_blank_and_checked() -> None:
    problems = refusal(f"{HEADER}\n1,Ada,Lovelace\n")

    assert problems == ["Line 2: date_of_birth '' is not a date: write it as YYYY-MM-DD"]


def test_the_line_named_is_the_files_own_line_after_a_blank_line() -> None:
    text = f"{HEADER}\n1,Ada,Lovelace,1985-12-10\n\n2,Alan,Turing,not a date\n"

    assert refusal(text) == [
        "Line 4: date_of_birth 'not a date' is not a date: write it as YYYY-MM-DD"
    ]


def test_the_line_named_is_the_files_own_line_after_a_value_over_two_lines() -> None:
    text = (
        "person_id,first_name,last_name,date_of_birth,address_line_1\n"
        '1,Ada,Lovelace,1985-12-10,"Flat 2\n14 Mill Lane"\n'
        "2,Alan,Turing,not a date,3 The Row\n"
    )

    assert refusal(text) == [
        "Line 4: date_of_birth 'not a date' is not a date: write it as YYYY-MM-DD"
    ]


def test_a_value_too_long_to_read_is_refused_naming_its_line() -> None:
    text = f"{HEADER}\n1,Ada,Lovelace,1985-12-10\n2,{'A' * 200_000},Turing,1982-06-23\n"

    problems = refusal(text)

    assert len(problems) == 1
    assert problems[0].startswith("Line 3: ")


def test_the_message_shows_twenty_problems_and_counts_the_rest() -> None:
    lines = [person_line(str(n), date_of_birth="soon") for n in range(25)]

    with pytest.raises(LegacyFileRefused) as refused:
        legacy_file_read(csv_text(lines))

    message = str(refused.value)
    assert message.startswith("The file was not used. Fix these lines and try again:")
    assert "Line 21:" in message
    assert "Line 22:" not in message
    assert message.endswith("…and 5 more problems")
    assert len(refused.value.problems) == 25


def test_records_are_numbered_in_file_order_with_identifiers_as_digests() -> None:
    lines = [
        person_line("A1", national_insurance_number="AB 12 34 56 C"),
        person_line("A2", sort_code="30-94-30", account_number="00733445"),
    ]
    rows = legacy_file_read(csv_text(lines, [*LEGACY_COLUMNS]))

    records = legacy_records(rows, secret="file-secret")

    assert [record["unique_id"] for record in records] == [0, 1]
    assert records[0]["surname"] == lines[0]["last_name"].lower().replace("'", "").replace(" ", "")
    assert records[0]["ni"] == identifier_digest(kind="ni", value="AB123456C", secret="file-secret")
    assert records[0]["bank"] is None
    assert records[1]["bank"] == identifier_digest(
        kind="bank", value="30943000733445", secret="file-secret"
    )


@pytest.mark.parametrize("written", ["1984-03-12", " 1984-03-12 ", "19840312"])
def test_a_date_the_file_accepts_is_compared_as_yyyy_mm_dd(written: str) -> None:
    # Matching compares dates as text (two digits swapped, day and month swapped), so every
    # form the file accepts must reach it written the same way.
    rows = legacy_file_read(f"{HEADER}\n1,Ada,Lovelace,{written}\n")

    assert legacy_records(rows, secret="s")[0]["dob"] == "1984-03-12"


# Any file at all ---------------------------------------------------------------------------

_TRICKY = st.sampled_from(
    [",", '"', "\n", "\r", "\r\n", "\x00", "\ufeff", " ", "é", "£", "1985-12-10", "NB1 2AB"]
)
_VALUE = st.lists(st.one_of(_TRICKY, st.text(max_size=6)), max_size=4).map("".join)
_COLUMN = st.one_of(st.sampled_from([*LEGACY_COLUMNS, "true_person"]), st.text(max_size=8))


@st.composite
def messy_file(draw: st.DrawFn) -> str:
    """A header, then rows, with anything in them: joined by hand, so quotes go unbalanced."""
    header = draw(
        st.one_of(
            st.just([*REQUIRED_COLUMNS]),
            st.lists(_COLUMN, max_size=8),
            st.permutations([*LEGACY_COLUMNS]),
        )
    )
    rows = draw(st.lists(st.lists(_VALUE, max_size=len(header) + 2), max_size=6))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    bom = draw(st.sampled_from(["", "\ufeff"]))
    return bom + newline.join(",".join(values) for values in [header, *rows]) + newline


@st.composite
def export_file(draw: st.DrawFn) -> str:
    """A file written as an export would be, with any text in the free-text address column
    and now and then a bad date of birth."""
    count = draw(st.integers(1, 5))
    out = io.StringIO()
    writer = csv.writer(out, lineterminator=draw(st.sampled_from(["\n", "\r\n", "\r"])))
    writer.writerow([*REQUIRED_COLUMNS, "address_line_1"])
    for number in range(count):
        writer.writerow(
            [
                f"P{number}",
                draw(st.sampled_from(["Ada", "Alan", "Siân"])),
                draw(st.sampled_from(["Lovelace", "O'Brien", "Turing"])),
                draw(
                    st.one_of(
                        st.dates(max_value=datetime.date(2020, 1, 1)).map(str),
                        st.text(max_size=10),
                    )
                ),
                draw(st.text(max_size=30)),
            ]
        )
    return out.getvalue()


def any_file() -> st.SearchStrategy[str]:
    return st.one_of(st.text(max_size=200), messy_file(), export_file())


@given(text=any_file())
def test_any_file_is_read_whole_or_refused_naming_a_line(text: str) -> None:
    problems: list[LineProblem] = []
    rows: list[dict[str, str]] = []
    try:
        rows = legacy_file_read(text)
    except LegacyFileRefused as refused:
        problems = refused.problems

    if problems:
        assert all(problem.line >= 1 for problem in problems)
        assert re.match(r"Line \d+: \S", str(problems[0]))
    else:
        assert rows
        assert all(set(row) == {*LEGACY_COLUMNS, "true_person"} for row in rows)
        assert len(legacy_records(rows, secret="s")) == len(rows)
