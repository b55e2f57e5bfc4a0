"""Money people type, read as integer pence, and shown back as pounds."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from onestop.core.money import MoneyFormatError, format_pounds, parse_pounds

PENCE = st.integers(min_value=0, max_value=10**12)


@given(pence=PENCE)
def test_formatted_amounts_read_back_to_the_same_pence(pence: int) -> None:
    assert parse_pounds(format_pounds(pence)) == pence


@given(pence=PENCE)
def test_amounts_typed_without_the_pound_sign_or_commas_read_the_same(pence: int) -> None:
    pounds, remainder = divmod(pence, 100)
    assert parse_pounds(f"{pounds}.{remainder:02d}") == pence
    assert parse_pounds(f" £ {pounds}.{remainder:02d} ") == pence
    if remainder == 0:
        assert parse_pounds(str(pounds)) == pence


@pytest.mark.parametrize(
    ("typed", "pence"),
    [
        ("£1,234.50", 123_450),
        ("1234.5", 123_450),
        ("£10", 1_000),
        ("0.01", 1),
        ("0", 0),
        ("  £60.00  ", 6_000),
        ("1,000,000", 100_000_000),
    ],
)
def test_amounts_as_people_type_them(typed: str, pence: int) -> None:
    assert parse_pounds(typed) == pence


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "£",
        "ten pounds",
        "-5",
        "£-5.00",
        "1.234",
        "1.",
        ".50",
        "1,23",
        "12,34.00",
        "1,2345",
        "1e3",
        "£10.00p",
        "10 00",
        "$10",
    ],
)
def test_anything_that_is_not_an_amount_is_refused(typed: str) -> None:
    with pytest.raises(MoneyFormatError):
        parse_pounds(typed)


@given(text=st.text(alphabet=st.characters(categories=["L"]), min_size=1))
def test_text_with_letters_is_refused(text: str) -> None:
    with pytest.raises(MoneyFormatError):
        parse_pounds(f"1{text}")


@pytest.mark.parametrize(
    ("pence", "shown"),
    [(0, "£0.00"), (5, "£0.05"), (6_000, "£60.00"), (123_450, "£1,234.50"), (-250, "-£2.50")],
)
def test_pounds_are_shown_with_pence_and_thousands_separators(pence: int, shown: str) -> None:
    assert format_pounds(pence) == shown
