"""Cash-out codes: a checked number, once per award, sent by text, email or a letter with a
barcode a shop can scan."""

import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from onestop.core.models import AuditEvent
from onestop.fulfilment.barcodes import (
    CODE_B,
    QUIET_ZONE_MODULES,
    START_C,
    STOP_WIDTHS,
    SYMBOL_WIDTHS,
    code128_svg,
)
from onestop.fulfilment.models import Award, AwardStatus, CashOutCode
from onestop.fulfilment.providers import FulfilmentResult, cash_out
from onestop.fulfilment.providers.cash_out import (
    LocalCashOutProvider,
    grouped,
    luhn_check_digit,
    luhn_valid,
    new_code,
)
from onestop.notifications.letters import (
    CashOutLetterContext,
    LetterSender,
    render_letter_pdf,
)
from onestop.notifications.models import Letter, LetterKind, LetterStatus, Message
from onestop.notifications.services import letter_send
from tests.factories import fulfil_now, make_award_for_person, person_details

SVG = "{http://www.w3.org/2000/svg}"


# Reading a barcode back from the SVG: bar positions and widths, as a scanner sees them.


def modules_of(svg: str) -> str:
    """The barcode as a row of modules, 1 for black and 0 for white, quiet zones cut off."""
    root = ET.fromstring(svg)  # noqa: S314 - our own drawing, not a stranger's file
    width = int(root.attrib["viewBox"].split()[2])
    bars = sorted(
        (int(rect.attrib["x"]), int(rect.attrib["width"]))
        for rect in root.iter(f"{SVG}rect")
        if rect.attrib.get("fill") != "#fff"
    )
    row = ["0"] * width
    for x, bar_width in bars:
        row[x : x + bar_width] = ["1"] * bar_width
    text = "".join(row)
    assert text[:QUIET_ZONE_MODULES] == "0" * QUIET_ZONE_MODULES, "no quiet zone on the left"
    assert text[-QUIET_ZONE_MODULES:] == "0" * QUIET_ZONE_MODULES, "no quiet zone on the right"
    return text[QUIET_ZONE_MODULES:-QUIET_ZONE_MODULES]


def as_modules(widths: str) -> str:
    return "".join(("1" if i % 2 == 0 else "0") * int(w) for i, w in enumerate(widths))


PATTERN_VALUES = {as_modules(widths): value for value, widths in enumerate(SYMBOL_WIDTHS)}


def decode(svg: str) -> str:
    """The digits a Code 128 reader would get from the SVG, checking the check symbol."""
    modules = modules_of(svg)
    assert modules.endswith(as_modules(STOP_WIDTHS)), "no stop symbol"
    body = modules[:-13]  # the stop symbol is 13 modules wide
    assert len(body) % 11 == 0
    values = [PATTERN_VALUES[body[i : i + 11]] for i in range(0, len(body), 11)]
    *data, check = values
    assert data[0] == START_C
    assert check == (data[0] + sum(i * v for i, v in enumerate(data) if i)) % 103
    digits, code_set = "", "C"
    for value in data[1:]:
        if code_set == "C" and value == CODE_B:
            code_set = "B"
        elif code_set == "C":
            digits += f"{value:02d}"
        else:
            digits += chr(value + 32)
    return digits


def test_a_known_barcode_is_drawn_module_for_module() -> None:
    # "1234" in code set C: start C, 12, 34, check symbol 82, stop (ISO/IEC 15417 patterns).
    assert modules_of(str(code128_svg("1234"))) == (
        "11010011100" + "10110011100" + "10001011000" + "10010011110" + "1100011101011"
    )


@given(st.text(alphabet="0123456789", min_size=1, max_size=30))
def test_the_barcode_reads_back_as_the_digits_it_was_drawn_from(digits: str) -> None:
    assert decode(str(code128_svg(digits))) == digits


def test_a_barcode_is_only_for_digits() -> None:
    with pytest.raises(ValueError, match="only digits"):
        code128_svg("12A4")


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in reader.pages))


# Luhn check digits.


def test_the_luhn_check_digit_of_a_known_number() -> None:
    assert luhn_check_digit("7992739871") == "3"
    assert luhn_valid("79927398713")
    assert not luhn_valid("79927398710")


@given(st.text(alphabet="0123456789", min_size=2, max_size=25), st.data())
def test_a_mistyped_digit_is_caught(body: str, data: st.DataObject) -> None:
    number = body + luhn_check_digit(body)
    assert luhn_valid(number)
    position = data.draw(st.integers(min_value=0, max_value=len(number) - 1))
    wrong = data.draw(st.sampled_from([d for d in "0123456789" if d != number[position]]))
    assert not luhn_valid(number[:position] + wrong + number[position + 1 :])


def test_new_codes_are_19_digits_and_pass_the_check() -> None:
    for _ in range(200):
        code = new_code()
        assert re.fullmatch(r"[1-9][0-9]{18}", code)
        assert luhn_valid(code)


# The provider.


def provide(award: Award) -> FulfilmentResult:
    return LocalCashOutProvider().fulfil(award, idempotency_key=str(award.idempotency_key))


@pytest.mark.django_db
def test_the_code_is_texted_with_its_last_day_and_where_to_take_it(settings) -> None:
    settings.CASH_OUT_VALID_DAYS = 10
    award = make_award_for_person(
        award_type="cash_out",
        applicant=person_details(first_name="Rhian", phone="07700 900321"),
        amount_pence=4_500,
    )
    fulfil_now(award)
    assert award.status == AwardStatus.FULFILLED
    code = CashOutCode.objects.get(award=award)
    assert code.value_pence == 4_500
    assert code.sent_by == "sms"
    assert code.expires_on == timezone.localdate() + datetime.timedelta(days=10)
    (message,) = Message.objects.filter(template="cash_out_code")
    assert message.recipient == "07700 900321"
    assert "Dear Rhian, collect £45.00 in cash at any PayPoint shop or Post Office" in message.body
    assert grouped(code.code) in message.body
    expires = code.expires_on
    assert f"{expires.day} {expires:%B %Y}" in message.body
    assert not Letter.objects.filter(kind=LetterKind.CASH_OUT_CODE).exists()


@pytest.mark.django_db
def test_the_code_is_never_written_into_the_case_history() -> None:
    award = fulfil_now(make_award_for_person(award_type="cash_out"))
    code = CashOutCode.objects.get(award=award).code
    request = award.fulfilment_request
    request.refresh_from_db()
    assert request.result_summary.startswith("Cash-out code for £60.00 sent by text message")
    assert code not in request.result_summary
    for event in AuditEvent.objects.all():
        assert code not in event.summary


@pytest.mark.django_db
def test_welsh_speakers_are_told_where_in_welsh() -> None:
    award = make_award_for_person(award_type="cash_out", applicant=person_details(language="cy"))
    fulfil_now(award)
    (message,) = Message.objects.filter(template="cash_out_code")
    assert "unrhyw siop PayPoint neu Swyddfa'r Post" in message.body


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("preference", "phone", "email", "sent_by"),
    [
        ("sms", "07700 900111", "a@example.com", "sms"),
        ("email", "07700 900111", "a@example.com", "email"),
        ("email", "07700 900111", "", "sms"),
        ("sms", "", "a@example.com", "email"),
        ("sms", "", "", "letter"),
        ("email", "", "", "letter"),
    ],
)
def test_the_code_goes_the_way_the_person_can_be_reached(
    preference: str, phone: str, email: str, sent_by: str
) -> None:
    award = make_award_for_person(
        award_type="cash_out",
        applicant=person_details(contact_preference=preference, phone=phone, email=email),
    )
    provide(award)
    assert CashOutCode.objects.get(award=award).sent_by == sent_by


@pytest.mark.django_db
def test_calling_the_provider_again_gives_back_the_same_code() -> None:
    award = make_award_for_person(award_type="cash_out")
    first = provide(award)
    again = provide(award)
    assert again == first
    assert CashOutCode.objects.count() == 1


@pytest.mark.django_db
def test_codes_are_unique_and_a_clash_is_retried(monkeypatch) -> None:
    first = make_award_for_person(award_type="cash_out")
    second = make_award_for_person(award_type="cash_out")
    provide(first)
    taken = CashOutCode.objects.get(award=first).code
    fresh = "4" * 18 + luhn_check_digit("4" * 18)
    offered = iter([taken, fresh])
    monkeypatch.setattr(cash_out, "new_code", lambda: next(offered))
    provide(second)
    assert CashOutCode.objects.get(award=second).code == fresh
    assert CashOutCode.objects.get(award=first).code == taken


@pytest.mark.django_db
def test_someone_with_no_phone_or_email_is_posted_one_letter_with_the_barcode() -> None:
    award = make_award_for_person(
        award_type="cash_out", applicant=person_details(phone="", email=""), amount_pence=7_000
    )
    fulfil_now(award)
    fulfil_now(award)  # a second nudge finds the request done and tells nobody again
    LocalCashOutProvider().fulfil(award, idempotency_key=str(award.idempotency_key))
    code = CashOutCode.objects.get(award=award)
    assert code.sent_by == "letter"
    (letter,) = Letter.objects.filter(kind=LetterKind.CASH_OUT_CODE)
    assert letter.kind == LetterKind.CASH_OUT_CODE
    assert letter.case_reference == award.application.reference
    assert letter.context["code"] == grouped(code.code)
    assert letter.context["amount_pence"] == 7_000
    assert decode(letter.context["barcode_svg"]) == code.code
    assert not Message.objects.filter(template="cash_out_code").exists()
    sent = letter_send(letter_id=letter.pk)  # rendered from what the Letter row stored
    assert sent.status == LetterStatus.SENT
    assert grouped(code.code) in pdf_text(bytes(sent.pdf))


def test_the_letter_shows_the_code_amount_and_last_day() -> None:
    code = "1234567890123456782"
    pdf = render_letter_pdf(
        kind=LetterKind.CASH_OUT_CODE,
        language="en",
        sender=LetterSender(name="Northbridge Council", phone_number="", freephone_number=""),
        letter_date=datetime.date(2027, 2, 17),
        case_reference="NB-2027-00001",
        recipient_name="Morgan Testerton",
        address_lines=["12 Example Street", "Northbridge", "NB1 2AB"],
        context=CashOutLetterContext(
            code=grouped(code),
            barcode_svg=str(code128_svg(code)),
            amount_pence=7_000,
            expires_on=datetime.date(2027, 3, 3),
            where="any PayPoint shop or Post Office",
        ),
    )
    text = pdf_text(pdf)
    for expected in [
        "Your cash code",
        "We have awarded you £70.00",
        "1234 5678 9012 3456 782",
        "Take this letter to any PayPoint shop or Post Office.",
        "You can use the code until 3 March 2027.",
    ]:
        assert expected in text
