"""Person records for matching: each field cleaned one way, so the same detail typed two ways
agrees, and NI numbers and bank accounts travel only as keyed digests."""

import datetime

import pytest
from faker import Faker
from hypothesis import given
from hypothesis import strategies as st

from onestop.people.linkage.records import (
    RECORD_COLUMNS,
    bank_account_key,
    clean_address,
    clean_date,
    clean_email,
    clean_name,
    clean_ni_number,
    clean_phone,
    clean_postcode,
    forename_roots,
    identifier_digest,
    person_record,
)

fake = Faker("en_GB")
fake.seed_instance(7005)


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("O'Neil-Smith", "oneilsmith"),
        ("oneil smith", "oneilsmith"),
        ("  Zoë ", "zoe"),
        ("SIÂN", "sian"),
        ("Mary Ann", "maryann"),
    ],
)
def test_names_agree_whatever_the_accents_hyphens_spaces_and_case(typed: str, cleaned: str) -> None:
    assert clean_name(typed) == cleaned


@pytest.mark.parametrize("typed", [None, "", "   ", "123", "-'"])
def test_a_name_with_no_letters_is_not_known(typed: str | None) -> None:
    assert clean_name(typed) is None


def test_a_short_form_stands_for_its_full_forename() -> None:
    assert forename_roots("bill") == ["william"]
    assert forename_roots("william") == ["william"]


def test_a_short_form_of_two_forenames_stands_for_both() -> None:
    assert forename_roots("pat") == ["patricia", "patrick"]
    assert forename_roots("charlie") == ["charles", "charlotte"]


def test_a_name_not_in_the_list_stands_for_itself() -> None:
    assert forename_roots("zebedee") == ["zebedee"]
    assert forename_roots(None) == []
    assert forename_roots("") == []


def test_bill_and_william_share_a_root_but_bill_and_robert_do_not() -> None:
    def roots(first_name: str) -> set[str]:
        record = person_record(
            unique_id=1, first_name=first_name, surname="Jones", date_of_birth=None, secret="s"
        )
        return set(record["first_name_roots"])

    assert roots("Bill") & roots("WILLIAM")
    assert not roots("Bill") & roots("Robert")


@pytest.mark.parametrize(
    "typed",
    [
        "07700 900123",
        "07700900123",
        "+44 7700 900123",
        "+447700900123",
        "+44 (0)7700 900123",
        "0044 7700 900123",
        "(07700) 900-123",
    ],
)
def test_a_uk_mobile_written_any_usual_way_agrees(typed: str) -> None:
    assert clean_phone(typed) == "07700900123"


@pytest.mark.parametrize("typed", [None, "", "none", "999", "0770090"])
def test_too_few_digits_is_not_a_phone_number(typed: str | None) -> None:
    assert clean_phone(typed) is None


def test_a_landline_keeps_its_area_code() -> None:
    assert clean_phone("01632 960000") == "01632960000"
    assert clean_phone("+44 1632 960000") == "01632960000"


@pytest.mark.parametrize("typed", ["nb1 2ab", "NB12AB", " NB1  2AB "])
def test_a_postcode_is_written_one_way(typed: str) -> None:
    assert clean_postcode(typed) == "NB1 2AB"


@pytest.mark.parametrize("typed", [None, "", "Northbridge", "12345"])
def test_text_that_is_not_a_postcode_is_not_known(typed: str | None) -> None:
    assert clean_postcode(typed) is None


def test_an_email_address_is_compared_in_lower_case() -> None:
    assert clean_email("  Jo.Bloggs@Example.COM ") == "jo.bloggs@example.com"
    assert clean_email("jo.bloggs") is None
    assert clean_email(None) is None


@pytest.mark.parametrize("typed", ["AB 12 34 56 C", "ab123456c", " Ab12 3456C "])
def test_a_national_insurance_number_is_upper_case_without_spaces(typed: str) -> None:
    assert clean_ni_number(typed) == "AB123456C"


@pytest.mark.parametrize(
    "typed",
    [
        "QQ123456C",  # Q is never a first letter
        "AO123456C",  # O is never a second letter
        "AB123456E",  # the last letter is A to D
        "AB12345C",  # six digits
        "123456789",
        "",
        None,
    ],
)
def test_text_that_is_not_a_national_insurance_number_is_not_known(typed: str | None) -> None:
    assert clean_ni_number(typed) is None


def test_an_address_line_loses_its_punctuation_and_case() -> None:
    assert clean_address("Flat 2,  14 Mill Lane.") == "flat 2 14 mill lane"
    assert clean_address("14 MILL LANE") == clean_address("14, Mill Lane")
    assert clean_address(" , ") is None


def test_a_date_of_birth_is_written_yyyy_mm_dd_from_a_date_or_text() -> None:
    assert clean_date(datetime.date(1984, 3, 2)) == "1984-03-02"
    assert clean_date("1984-03-02") == "1984-03-02"
    assert clean_date(None) is None
    assert clean_date("") is None


def test_a_bank_account_is_sort_code_and_eight_digit_account_number() -> None:
    assert bank_account_key(sort_code="30-94-30", account_number="00733445") == "30943000733445"
    # A six- or seven-digit account number is padded, as banks do.
    assert bank_account_key(sort_code="309430", account_number="733445") == "30943000733445"


@pytest.mark.parametrize(
    ("sort_code", "account_number"),
    [("30943", "00733445"), ("309430", "12345"), ("309430", "123456789"), ("", ""), (None, None)],
)
def test_details_that_are_not_a_bank_account_give_no_key(
    sort_code: str | None, account_number: str | None
) -> None:
    assert bank_account_key(sort_code=sort_code, account_number=account_number) is None


def test_an_identifier_digest_agrees_only_for_the_same_kind_value_and_secret() -> None:
    digest = identifier_digest(kind="ni", value="AB123456C", secret="council-secret")

    assert digest == identifier_digest(kind="ni", value="AB123456C", secret="council-secret")
    assert digest != identifier_digest(kind="ni", value="AB123456D", secret="council-secret")
    assert digest != identifier_digest(kind="bank", value="AB123456C", secret="council-secret")
    assert digest != identifier_digest(kind="ni", value="AB123456C", secret="another-secret")
    assert digest is not None
    assert "AB123456" not in digest
    assert identifier_digest(kind="ni", value=None, secret="council-secret") is None
    assert identifier_digest(kind="ni", value="", secret="council-secret") is None


def test_a_person_record_has_every_column_cleaned_and_no_identifier_in_the_clear() -> None:
    first_name, surname = fake.first_name(), fake.last_name()
    record = person_record(
        unique_id=42,
        first_name=f" {first_name.upper()} ",
        surname=surname,
        date_of_birth=datetime.date(1990, 7, 14),
        postcode="nb1 2ab",
        uprn=" 100012345678 ",
        address_line_1="14, Mill Lane",
        phone="+44 7700 900123",
        email="Someone@Example.com",
        ni_number="ab 98 76 54 c",
        sort_code="30-94-30",
        account_number="00733445",
        secret="council-secret",
    )

    assert tuple(record) == RECORD_COLUMNS
    assert record["unique_id"] == 42
    assert record["first_name"] == clean_name(first_name)
    assert record["surname"] == clean_name(surname)
    assert record["dob"] == "1990-07-14"
    assert record["postcode"] == "NB1 2AB"
    assert record["uprn"] == "100012345678"
    assert record["address"] == "14 mill lane"
    assert record["phone"] == "07700900123"
    assert record["email"] == "someone@example.com"
    assert record["ni"] == identifier_digest(kind="ni", value="AB987654C", secret="council-secret")
    assert record["bank"] == identifier_digest(
        kind="bank", value="30943000733445", secret="council-secret"
    )
    in_the_clear = " ".join(str(value) for value in record.values())
    assert "987654" not in in_the_clear
    assert "733445" not in in_the_clear


def test_the_same_person_typed_two_ways_gives_the_same_record() -> None:
    one = person_record(
        unique_id=1,
        first_name="Siân",
        surname="O'Brien",
        date_of_birth="1975-11-02",
        postcode="NB1 2AB",
        phone="07700 900456",
        email="sian@example.org",
        ni_number="JT 55 66 77 A",
        secret="s",
    )
    other = person_record(
        unique_id=1,
        first_name="SIAN",
        surname="obrien",
        date_of_birth=datetime.date(1975, 11, 2),
        postcode="nb12ab",
        phone="+44 (0)7700 900456",
        email="SIAN@EXAMPLE.ORG",
        ni_number="jt556677a",
        secret="s",
    )

    assert one == other


def test_details_not_given_are_not_known_rather_than_blank() -> None:
    record = person_record(
        unique_id=7,
        first_name="",
        surname="  ",
        date_of_birth=None,
        postcode="",
        uprn="   ",
        address_line_1="",
        phone="",
        email="",
        ni_number="",
        sort_code="",
        account_number="",
        secret="s",
    )

    assert record["first_name_roots"] == []
    assert all(record[column] is None for column in RECORD_COLUMNS[3:])
    assert record["first_name"] is None


@given(
    first_name=st.text(max_size=12),
    surname=st.text(max_size=12),
    postcode=st.text(max_size=9),
    uprn=st.text(max_size=12),
    address_line_1=st.text(max_size=20),
    phone=st.text(max_size=16),
    email=st.text(max_size=16),
    ni_number=st.text(max_size=11),
    sort_code=st.text(max_size=8),
    account_number=st.text(max_size=10),
)
def test_whatever_is_typed_a_detail_is_a_value_or_not_known_never_blank(
    first_name: str,
    surname: str,
    postcode: str,
    uprn: str,
    address_line_1: str,
    phone: str,
    email: str,
    ni_number: str,
    sort_code: str,
    account_number: str,
) -> None:
    # Splink reads "" as a value that agrees with another "", so a blank must never get through.
    record = person_record(
        unique_id=1,
        first_name=first_name,
        surname=surname,
        date_of_birth=None,
        postcode=postcode,
        uprn=uprn,
        address_line_1=address_line_1,
        phone=phone,
        email=email,
        ni_number=ni_number,
        sort_code=sort_code,
        account_number=account_number,
        secret="s",
    )

    assert "" not in record.values()
    assert "" not in record["first_name_roots"]
