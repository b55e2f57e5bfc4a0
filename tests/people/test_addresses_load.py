"""Loading a council's address gazetteer: all of a good file, none of a bad one."""

import io

import pytest

from onestop.core.models import AuditEvent
from onestop.councils.models import Council
from onestop.people.models import GazetteerAddress
from onestop.people.selectors import address_by_uprn, addresses_for_postcode, gazetteer_loaded
from onestop.people.services import GazetteerFileRefused, gazetteer_load
from tests.factories import (
    address_details,
    gazetteer_csv,
    gazetteer_line,
    load_gazetteer,
    submit_application,
)

pytestmark = pytest.mark.django_db


def load_text(council: Council, text: str):
    return gazetteer_load(actor=None, council=council, lines=io.StringIO(text, newline=""))


def refused(council: Council, text: str) -> list[str]:
    with pytest.raises(GazetteerFileRefused) as caught:
        load_text(council, text)
    return [str(problem) for problem in caught.value.problems]


def uprns(council: Council) -> set[str]:
    return set(GazetteerAddress.objects.filter(council=council).values_list("uprn", flat=True))


def test_a_good_file_is_loaded_with_postcodes_written_one_way(council: Council) -> None:
    lines = [
        gazetteer_line(uprn="100012345678", postcode="nb12ab", address_line_2="Flat 2, The Mill"),
        gazetteer_line(uprn="7", postcode=" NB1 2AB ", ward=""),
    ]

    result = load_gazetteer(council=council, lines=lines)

    assert (result.added, result.updated, result.removed) == (2, 0, 0)
    assert gazetteer_loaded(council=council)
    found = address_by_uprn(council=council, uprn="100012345678")
    assert found is not None
    assert found.postcode == "NB1 2AB"
    assert found.address_line_2 == "Flat 2, The Mill"
    assert {a.uprn for a in addresses_for_postcode(council=council, postcode="nb1 2ab")} == {
        "100012345678",
        "7",
    }
    event = AuditEvent.objects.get(action="gazetteer.loaded")
    assert event.council == council
    assert "2 added" in event.summary


def test_columns_may_come_in_any_order_and_the_optional_ones_may_be_left_out(
    council: Council,
) -> None:
    text = "postcode, Town ,UPRN,address_line_1,notes\nGM3 4CD,Glenmoor,55,1 Burn Road,x\n"

    result = load_text(council, text)

    assert result.added == 1
    assert result.ignored_columns == ("notes",)
    address = address_by_uprn(council=council, uprn="55")
    assert address is not None
    assert (address.town, address.postcode, address.ward) == ("Glenmoor", "GM3 4CD", "")


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ({"uprn": ""}, "Line 3: the UPRN is missing"),
        ({"uprn": "12AB"}, "Line 3: the UPRN '12AB' is not a UPRN: it must be digits only"),
        ({"uprn": "1234567890123"}, "Line 3: the UPRN '1234567890123' is not a UPRN"),
        ({"uprn": "-5"}, "Line 3: the UPRN '-5' is not a UPRN"),
        ({"address_line_1": " "}, "Line 3: address_line_1 is empty"),
        ({"town": ""}, "Line 3: town is empty"),
        ({"postcode": ""}, "Line 3: postcode is empty"),
        ({"postcode": "NOT A CODE"}, "Line 3: the postcode 'NOT A CODE' is not a UK postcode"),
        ({"ward": "W" * 101}, "Line 3: ward is longer than 100 characters"),
        ({"address_line_1": "1\tHigh Street"}, "Line 3: address_line_1 has control characters"),
    ],
)
def test_a_bad_line_refuses_the_whole_file_and_says_what_to_fix(
    council: Council, line: dict[str, str], expected: str
) -> None:
    load_gazetteer(council=council, lines=[gazetteer_line(uprn="1")])
    text = gazetteer_csv([gazetteer_line(), gazetteer_line(**line), gazetteer_line()])

    problems = refused(council, text)

    assert len(problems) == 1
    assert problems[0].startswith(expected), problems
    assert uprns(council) == {"1"}  # the earlier list, untouched


def test_every_bad_line_is_listed_with_its_number(council: Council) -> None:
    lines = [
        gazetteer_line(uprn="10"),
        gazetteer_line(uprn="x"),
        gazetteer_line(uprn="11"),
        gazetteer_line(postcode="12345"),
        gazetteer_line(uprn="10"),
    ]

    problems = refused(council, gazetteer_csv(lines))

    assert [p.split(":")[0] for p in problems] == ["Line 3", "Line 5", "Line 6"]
    assert "the UPRN 10 is also on line 2: each address must be in the file once" in problems[2]
    assert GazetteerAddress.objects.count() == 0
    assert not AuditEvent.objects.filter(action="gazetteer.loaded").exists()


def test_a_line_with_too_few_or_too_many_values_is_refused(council: Council) -> None:
    text = (
        "uprn,address_line_1,address_line_2,town,postcode,ward\n"
        "1,2 Mill Lane,,Northbridge,NB1 2AB,Eastgate\n"
        "2,3 Mill Lane,Northbridge,NB1 2AB\n"
        "3,Flat 2, The Mill,,Northbridge,NB1 2AB,Eastgate\n"
    )

    problems = refused(council, text)

    assert problems[0].startswith("Line 3: it has 4 values but the header has 6 columns")
    assert problems[1].startswith("Line 4: it has 7 values")
    assert "double quotes" in problems[1]


def test_line_numbers_count_lines_of_the_file_even_with_a_quoted_new_line(
    council: Council,
) -> None:
    text = (
        "uprn,address_line_1,address_line_2,town,postcode,ward\n"
        '1,"2 Mill Lane\nBack door",,Northbridge,NB1 2AB,\n'
        "2,3 Mill Lane,,Northbridge,NB1 2AB,\n"
        "x,4 Mill Lane,,Northbridge,NB1 2AB,\n"
    )

    problems = refused(council, text)

    assert [p.split(":")[0] for p in problems] == ["Line 2", "Line 5"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "The file is empty"),
        (
            "uprn,address_line_1,address_line_2,town,postcode,ward\n",
            "The file has a header but no addresses",
        ),
        (
            "uprn,address,town,postcode\n1,2 Mill Lane,Northbridge,NB1 2AB\n",
            "Line 1: The header has no 'address_line_1' column. The first line must name the "
            "columns, for example: uprn,address_line_1,address_line_2,town,postcode,ward",
        ),
        (
            "address_line_1,town\n2 Mill Lane,Northbridge\n",
            "Line 1: The header has no 'uprn', 'postcode' columns",
        ),
        (
            "uprn,uprn,address_line_1,town,postcode\n1,1,2 Mill Lane,Northbridge,NB1 2AB\n",
            "Line 1: The column 'uprn' is in the header twice",
        ),
        (
            "uprn,address_line_1,town,postcode\n1,a\0b,Northbridge,NB1 2AB\n",
            "Line 2: address_line_1 has control characters",
        ),
    ],
)
def test_a_file_without_a_usable_header_or_any_address_is_refused(
    council: Council, text: str, expected: str
) -> None:
    load_gazetteer(council=council, lines=[gazetteer_line(uprn="1")])

    problems = refused(council, text)

    assert problems[0].startswith(expected), problems
    assert uprns(council) == {"1"}


def test_a_new_file_adds_updates_and_removes_by_uprn(council: Council) -> None:
    kept = gazetteer_line(uprn="1")
    moved = gazetteer_line(uprn="2", ward="Eastgate")
    gone = gazetteer_line(uprn="3")
    load_gazetteer(council=council, lines=[kept, moved, gone])

    result = load_gazetteer(
        council=council, lines=[kept, {**moved, "ward": "Millfield"}, gazetteer_line(uprn="4")]
    )

    assert (result.added, result.updated, result.removed, result.unchanged) == (1, 1, 1, 1)
    assert uprns(council) == {"1", "2", "4"}
    moved_now = address_by_uprn(council=council, uprn="2")
    assert moved_now is not None
    assert moved_now.ward == "Millfield"


def test_loading_the_same_file_again_changes_nothing(council: Council) -> None:
    lines = [gazetteer_line() for _ in range(5)]
    load_gazetteer(council=council, lines=lines)
    before = list(GazetteerAddress.objects.order_by("uprn").values())

    again = load_gazetteer(council=council, lines=lines)

    assert (again.added, again.updated, again.removed, again.unchanged) == (0, 0, 0, 5)
    assert list(GazetteerAddress.objects.order_by("uprn").values()) == before


def test_one_councils_file_leaves_another_councils_list_alone(
    council: Council, other_council: Council
) -> None:
    load_gazetteer(council=other_council, lines=[gazetteer_line(uprn="1")])

    load_gazetteer(council=council, lines=[gazetteer_line(uprn="1"), gazetteer_line(uprn="2")])
    load_gazetteer(council=council, lines=[gazetteer_line(uprn="2")])

    assert uprns(other_council) == {"1"}
    assert uprns(council) == {"2"}


def test_removing_an_address_leaves_households_at_it_as_they_were(council: Council) -> None:
    line = gazetteer_line(uprn="42", address_line_1="9 Mill Lane", postcode="NB1 2AB")
    load_gazetteer(council=council, lines=[line, gazetteer_line()])
    application = submit_application(
        council=council,
        address=address_details(uprn="42"),
    )

    load_gazetteer(council=council, lines=[gazetteer_line()])

    application.household.refresh_from_db()
    assert application.household.address_line_1 == "9 Mill Lane"
    assert application.household.uprn == "42"
