"""Supplier invoice files: a good file is read; any bad line refuses the whole file, saying which
line is wrong and what to do."""

import datetime

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.core.money import format_pounds
from onestop.fulfilment.invoice_files import InvoiceFileError, parse_invoice_file

TODAY = datetime.date(2026, 6, 1)
HEADER = "invoice_number,invoice_date,order_reference,amount\n"


def read(text: str | bytes):
    return parse_invoice_file(text.encode() if isinstance(text, str) else text, today=TODAY)


def refused(text: str | bytes) -> list[str]:
    with pytest.raises(InvoiceFileError) as error:
        read(text)
    assert error.value.problems
    assert str(error.value) == "; ".join(error.value.problems)
    return error.value.problems


def test_a_good_file_gives_the_invoice_and_its_lines() -> None:
    invoice = read(
        "\ufeffInvoice_Number,Invoice_Date,Order_Reference,Amount\r\n"  # Excel: BOM, capitals, CRLF
        "INV-1042,2026-05-31,ORD-000123,249.99\r\n"
        "\r\n"
        " INV-1042 , 2026-05-31 , ORD-000131 ,£60\r\n"
        'INV-1042,2026-05-31,ORD-000140,"1,020.50"\r\n'
    )
    assert invoice.invoice_number == "INV-1042"
    assert invoice.invoice_date == datetime.date(2026, 5, 31)
    assert [
        (line.line_number, line.order_reference, line.amount_pence) for line in invoice.lines
    ] == [
        (2, "ORD-000123", 24_999),
        (4, "ORD-000131", 6_000),
        (5, "ORD-000140", 102_050),
    ]
    assert invoice.total_pence == 24_999 + 6_000 + 102_050


def test_the_same_order_twice_is_read_so_the_matching_can_point_it_out() -> None:
    invoice = read(HEADER + "INV-1,2026-05-31,ORD-1,10.00\nINV-1,2026-05-31,ORD-1,10.00\n")
    assert [line.order_reference for line in invoice.lines] == ["ORD-1", "ORD-1"]


def test_an_empty_file_is_refused() -> None:
    assert refused("") == [
        "Line 1: the file is empty. Start it with the header row "
        "invoice_number,invoice_date,order_reference,amount, then add one line for each order "
        "you are charging for."
    ]
    assert refused("\n\n")[0].startswith("Line 1: the file is empty.")


def test_a_file_with_only_the_header_is_refused() -> None:
    assert refused(HEADER) == [
        "Line 2: the file has no orders. Add one line for each order you are charging for, "
        "after the header row."
    ]


def test_a_wrong_header_is_refused_saying_what_it_must_be() -> None:
    problems = refused("invoice,date,order,amount\nINV-1,2026-05-31,ORD-1,10.00\n")
    assert problems == [
        "Line 1: the first line must be the header row "
        "invoice_number,invoice_date,order_reference,amount (it is invoice,date,order,amount). "
        "Correct it and upload the file again."
    ]


def test_a_file_without_a_header_is_refused() -> None:
    problems = refused("INV-1,2026-05-31,ORD-1,10.00\n")
    assert problems[0].startswith("Line 1: the first line must be the header row")


@pytest.mark.parametrize(
    ("date", "problem"),
    [
        (
            "31/05/2026",
            "Line 2: the invoice date must be a real date like 2026-05-31 (it is “31/05/2026”).",
        ),
        (
            "2026-02-30",
            "Line 2: the invoice date must be a real date like 2026-05-31 (it is “2026-02-30”).",
        ),
        ("", "Line 2: the invoice date must be a real date like 2026-05-31."),
        (
            "2026-06-02",
            "Line 2: the invoice date 2026-06-02 is in the future: use the date on your invoice.",
        ),
    ],
)
def test_a_bad_invoice_date_is_refused(date: str, problem: str) -> None:
    assert refused(HEADER + f"INV-1,{date},ORD-1,10.00\n") == [problem]


@pytest.mark.parametrize(
    ("amount", "problem"),
    [
        ("ten pounds", "the amount must be in pounds and pence, like 249.99 (it is “ten pounds”)"),
        ("-5.00", "the amount must be in pounds and pence, like 249.99 (it is “-5.00”)"),
        ("12.345", "the amount must be in pounds and pence, like 249.99 (it is “12.345”)"),
        ("", "the amount must be in pounds and pence, like 249.99"),
        ("0.00", "the amount must be more than 0.00: leave out orders you are not charging for"),
        ("24999000", "the amount must be 100,000.00 or less: check it is in pounds, not pence"),
    ],
)
def test_a_bad_amount_is_refused(amount: str, problem: str) -> None:
    assert refused(HEADER + f"INV-1,2026-05-31,ORD-1,{amount}\n") == [f"Line 2: {problem}."]


def test_a_missing_order_reference_is_refused() -> None:
    assert refused(HEADER + "INV-1,2026-05-31,,10.00\n") == [
        "Line 2: enter the order reference, as it is on the delivery note, like ORD-000123."
    ]


def test_a_missing_invoice_number_is_refused() -> None:
    assert refused(HEADER + "INV-1,2026-05-31,ORD-1,10.00\n,2026-05-31,ORD-2,10.00\n") == [
        "Line 3: enter the invoice number, as it is on your invoice."
    ]


def test_mixed_invoice_numbers_are_refused_saying_to_split_the_file() -> None:
    problems = refused(
        HEADER
        + "INV-12,2026-05-31,ORD-1,10.00\n"
        + "INV-12,2026-05-31,ORD-2,10.00\n"
        + "INV-13,2026-05-31,ORD-3,10.00\n"
    )
    assert problems == [
        "Line 4: the invoice number is INV-13 but line 2 has INV-12: put each invoice in a file "
        "of its own."
    ]


def test_mixed_invoice_dates_are_refused() -> None:
    problems = refused(HEADER + "INV-12,2026-05-31,ORD-1,10.00\nINV-12,2026-05-30,ORD-2,10.00\n")
    assert problems == [
        "Line 3: the invoice date is 2026-05-30 but line 2 has 2026-05-31: every line of an "
        "invoice has the invoice's date."
    ]


def test_a_line_with_the_wrong_number_of_values_is_refused() -> None:
    assert refused(HEADER + "INV-1,2026-05-31,ORD-1\n") == [
        "Line 2: expected 4 values (invoice number, invoice date, order reference, amount), "
        "found 3. Check for a missing or extra comma."
    ]


def test_every_problem_in_the_file_is_listed_in_line_order() -> None:
    problems = refused(
        HEADER
        + "INV-1,2026-05-31,ORD-1,10.00\n"
        + "INV-1,31 May,ORD-2,10.00\n"
        + "INV-1,2026-05-31,,abc\n"
        + "INV-1,2026-05-31,ORD-4,10.00\n"
    )
    assert [p.split(":")[0] for p in problems] == ["Line 3", "Line 4", "Line 4"]


def test_a_file_that_is_not_utf8_text_is_refused_with_the_line() -> None:
    problems = refused(
        (HEADER + "INV-1,2026-05-31,ORD-1,10.00\nINV-1,2026-05-31,ORD-\xe9,1\n").encode("latin-1")
    )
    assert problems == [
        "Line 3: the file must be a CSV file saved as UTF-8 text. In your spreadsheet, save it "
        "again as “CSV UTF-8” and upload that."
    ]


def test_a_spreadsheet_saved_in_another_format_is_refused() -> None:
    problems = refused(b"PK\x03\x04\x00\x00binary spreadsheet")
    assert problems == ["Line 1: the file is not a CSV text file. Save it as CSV and upload that."]


@settings(max_examples=30, deadline=None)
@given(amounts=st.lists(st.integers(min_value=1, max_value=10_000_000), min_size=1, max_size=20))
def test_amounts_written_in_pounds_read_back_as_the_same_pence(amounts: list[int]) -> None:
    rows = "".join(
        f"INV-9,2026-05-31,ORD-{n},{format_pounds(pence).lstrip('£').replace(',', '')}\n"
        for n, pence in enumerate(amounts)
    )
    invoice = read(HEADER + rows)
    assert [line.amount_pence for line in invoice.lines] == amounts
    assert invoice.total_pence == sum(amounts)
