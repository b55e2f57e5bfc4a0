"""Write and read Bacs Standard 18 direct credit files: one processing day, one originating account.

The layout (every field's position, and where it comes from) is in docs/bacs.md. In short:

    VOL1  HDR1  HDR2  UHL1        the labels: serial number, service user number, dates
    one standard record per payment   transaction code 99 (a credit), amount in pence
    one contra record             transaction code 17: the council's account, debited the total
    EOF1  EOF2  UTL1              HDR1 and HDR2 again, then the debit and credit totals

Every record is written 100 characters long (labels are 80 characters of fields then blanks),
each ended by CRLF, in plain ASCII. The reader also takes labels of 80 characters and LF line
ends, as other software writes them. Nothing is written until every payment has been checked:
one bad payment refuses the whole file, naming each bad payment.
"""

import datetime
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol

from onestop.core.errors import ServiceError
from onestop.fulfilment.bank_details import is_bacs_text

RECORD_LENGTH = 100
LABEL_LENGTH = 80
LINE_END = "\r\n"
MAX_AMOUNT_PENCE = 99_999_999_999  # 11 digits in the standard record
MAX_SERIAL_NUMBER = 999_999  # 6 digits in VOL1 and HDR1
CREDIT = "99"
CONTRA_DEBIT = "17"
CONTRA_REFERENCE = "CONTRA"
WORK_CODE_DAILY = "1 DAILY  "
FIELD_LENGTH = 18  # names and references


class BacsPaymentLike(Protocol):
    """What a payment must tell the writer: a BankPayment row or a BacsPayment will do."""

    @property
    def sort_code(self) -> str: ...
    @property
    def account_number(self) -> str: ...
    @property
    def account_name(self) -> str: ...
    @property
    def amount_pence(self) -> int: ...
    @property
    def reference(self) -> str: ...


class BacsOriginatorLike(Protocol):
    """The council's own Bacs details: a BacsOriginator row will do."""

    @property
    def service_user_number(self) -> str: ...
    @property
    def account_name(self) -> str: ...
    @property
    def sort_code(self) -> str: ...
    @property
    def account_number(self) -> str: ...


@dataclass(frozen=True)
class BacsPayment:
    sort_code: str
    account_number: str
    account_name: str
    amount_pence: int
    reference: str


@dataclass(frozen=True)
class BacsOriginatorDetails:
    service_user_number: str
    account_name: str
    sort_code: str
    account_number: str


@dataclass(frozen=True)
class ParsedBacsFile:
    """What a file says, once every record has been checked against the others."""

    serial_number: int
    service_user_number: str
    created_on: datetime.date
    expires_on: datetime.date
    processing_date: datetime.date
    originator: BacsOriginatorDetails
    payments: tuple[BacsPayment, ...]
    contra_pence: int
    debit_total_pence: int
    credit_total_pence: int
    debit_count: int
    credit_count: int


class BacsFileRefused(ServiceError):
    """No file was made: `problems` names each bad payment (by its reference) or detail."""

    def __init__(self, message: str, problems: Sequence[str]) -> None:
        super().__init__(message)
        self.problems = list(problems)


class BacsFileMalformed(ServiceError):
    """A file that is not a well-formed Standard 18 direct credit file: "Line N: what is wrong"."""

    def __init__(self, line_number: int, reason: str) -> None:
        super().__init__(f"Line {line_number}: {reason}")
        self.line_number = line_number


# Checking --------------------------------------------------------------------------------------

_DIGITS = re.compile(r"[0-9]+")


def _digits(value: str, length: int) -> bool:
    return len(value) == length and bool(_DIGITS.fullmatch(value))


def _text_problem(value: str, what: str) -> str | None:
    if not value.strip():
        return f"the {what} is empty"
    if len(value) > FIELD_LENGTH:
        return f"the {what} is longer than {FIELD_LENGTH} characters"
    if value != value.strip():
        return f"the {what} starts or ends with a space"
    if not is_bacs_text(value):
        return f"the {what} has characters Bacs cannot carry (use A to Z, 0 to 9, space, . & / -)"
    return None


def sort_code_problem(sort_code: str) -> str | None:
    if not _digits(sort_code, 6) or sort_code == "000000":
        return "the sort code must be 6 digits, not all zeros"
    return None


def account_number_problem(account_number: str) -> str | None:
    if not _digits(account_number, 8) or account_number == "00000000":
        return "the account number must be 8 digits, not all zeros"
    return None


def bacs_payment_problems(payment: BacsPaymentLike) -> list[str]:
    """Each reason the payment cannot go in a file, in words; empty when it can."""
    problems = [
        p
        for p in (
            sort_code_problem(payment.sort_code),
            account_number_problem(payment.account_number),
        )
        if p
    ]
    amount = payment.amount_pence
    if not isinstance(amount, int) or not 1 <= amount <= MAX_AMOUNT_PENCE:
        problems.append("the amount must be from 1p to £999,999,999.99")
    name = _text_problem(payment.account_name, "name on the account")
    if name:
        problems.append(name)
    reference = _text_problem(payment.reference, "reference")
    if reference:
        problems.append(reference)
    elif payment.reference == CONTRA_REFERENCE:
        problems.append("the reference CONTRA is kept for the contra record")
    return problems


def bacs_originator_problems(originator: BacsOriginatorLike) -> dict[str, str]:
    """Each field's problem, keyed by the field's name; empty when the details can be used."""
    problems: dict[str, str] = {}
    if not _digits(originator.service_user_number, 6) or originator.service_user_number == "000000":
        problems["service_user_number"] = "the service user number must be 6 digits"
    name = _text_problem(originator.account_name, "account name")
    if name:
        problems["account_name"] = name
    sort_code = sort_code_problem(originator.sort_code)
    if sort_code:
        problems["sort_code"] = sort_code
    account = account_number_problem(originator.account_number)
    if account:
        problems["account_number"] = account
    return problems


# Writing ---------------------------------------------------------------------------------------


def julian(day: datetime.date) -> str:
    """' YYDDD': a blank, the year's last two digits, and the day of the year."""
    return f" {day:%y}{day.timetuple().tm_yday:03d}"


def _label(text: str) -> str:
    assert len(text) == LABEL_LENGTH, (len(text), text)
    return text.ljust(RECORD_LENGTH)


def _vol1(serial: str, sun: str) -> str:
    return _label(
        "VOL1" + serial + " " + " " * 20 + " " * 6 + " " * 4 + sun + " " * 4 + " " * 28 + "1"
    )


def _hdr1(
    label: str, serial: str, sun: str, created_on: datetime.date, expires_on: datetime.date
) -> str:
    file_identifier = "A" + sun + "S" + "  " + "1" + sun
    return _label(
        label
        + file_identifier
        + serial  # set identification: the VOL1 serial again
        + "0001"  # file section number
        + "0001"  # file sequence number
        + " " * 4  # generation number
        + " " * 2  # generation version number
        + julian(created_on)
        + julian(expires_on)
        + " "  # accessibility indicator
        + "000000"  # block count
        + " " * 13  # system code
        + " " * 7
    )


def _hdr2(label: str) -> str:
    # F: fixed-length records; block length 2000; record length 100; buffer offset 00.
    return _label(label + "F" + "02000" + f"{RECORD_LENGTH:05d}" + " " * 35 + "00" + " " * 28)


def _uhl1(processing_date: datetime.date, file_number: int) -> str:
    return _label(
        "UHL1"
        + julian(processing_date)
        + "999999"  # receiving party: 999999 for a file sent to Bacs
        + " " * 4
        + "00"  # currency code: sterling
        + "000000"  # country code
        + WORK_CODE_DAILY
        + f"{file_number:03d}"
        + " " * 7
        + " " * 7  # audit print identifier: none
        + " " * 26
    )


def _utl1(debit_total: int, credit_total: int, debit_count: int, credit_count: int) -> str:
    return _label(
        "UTL1"
        + f"{debit_total:013d}"
        + f"{credit_total:013d}"
        + f"{debit_count:07d}"
        + f"{credit_count:07d}"
        + " " * 36
    )


def _standard_record(
    *,
    sort_code: str,
    account_number: str,
    transaction_code: str,
    originator: BacsOriginatorLike,
    amount_pence: int,
    narrative: str,
    reference: str,
    name: str,
) -> str:
    record = (
        sort_code
        + account_number
        + "0"  # account type
        + transaction_code
        + originator.sort_code
        + originator.account_number
        + " " * 4  # free format
        + f"{amount_pence:011d}"
        + narrative.ljust(FIELD_LENGTH)
        + reference.ljust(FIELD_LENGTH)
        + name.ljust(FIELD_LENGTH)
    )
    assert len(record) == RECORD_LENGTH, record
    return record


def bacs_file_problems(
    *,
    originator: BacsOriginatorLike,
    payments: Sequence[BacsPaymentLike],
    processing_date: datetime.date,
    serial_number: int,
    created_on: datetime.date,
) -> list[str]:
    """Every reason the file cannot be written: the council's details, then each payment."""
    problems = [
        f"The council's Bacs details: {problem}"
        for problem in bacs_originator_problems(originator).values()
    ]
    if not 1 <= serial_number <= MAX_SERIAL_NUMBER:
        problems.append(f"The file's serial number must be from 1 to {MAX_SERIAL_NUMBER}")
    if processing_date < created_on:
        problems.append("The processing day must not be before the day the file is made")
    if not payments:
        problems.append("There are no payments to put in the file")
    for payment in payments:
        found = bacs_payment_problems(payment)
        if found:
            problems.append(
                f"{payment.reference.strip() or 'A payment with no reference'}: {'; '.join(found)}"
            )
    if not problems and sum(p.amount_pence for p in payments) > MAX_AMOUNT_PENCE:
        problems.append("The payments add up to more than one file can carry: make two files")
    return problems


def bacs_file_build(
    *,
    originator: BacsOriginatorLike,
    payments: Sequence[BacsPaymentLike],
    processing_date: datetime.date,
    serial_number: int,
    created_on: datetime.date,
) -> str:
    """The file's text, or BacsFileRefused naming every problem; nothing half-made."""
    problems = bacs_file_problems(
        originator=originator,
        payments=payments,
        processing_date=processing_date,
        serial_number=serial_number,
        created_on=created_on,
    )
    if problems:
        bad = sum(1 for p in payments if bacs_payment_problems(p))
        raise BacsFileRefused(
            "No payment file was made"
            + (f": {bad} payment{'s have' if bad != 1 else ' has'} problems" if bad else "")
            + ". Nothing has been sent.",
            problems,
        )
    serial = f"{serial_number:06d}"
    sun = originator.service_user_number
    total = sum(p.amount_pence for p in payments)
    hdr1 = _hdr1("HDR1", serial, sun, created_on, processing_date)
    hdr2 = _hdr2("HDR2")
    records = [_vol1(serial, sun), hdr1, hdr2, _uhl1(processing_date, serial_number % 1000)]
    records.extend(
        _standard_record(
            sort_code=p.sort_code,
            account_number=p.account_number,
            transaction_code=CREDIT,
            originator=originator,
            amount_pence=p.amount_pence,
            narrative=originator.account_name,
            reference=p.reference,
            name=p.account_name,
        )
        for p in payments
    )
    records.append(
        _standard_record(
            sort_code=originator.sort_code,
            account_number=originator.account_number,
            transaction_code=CONTRA_DEBIT,
            originator=originator,
            amount_pence=total,
            narrative=f"BACS FILE {serial}",
            reference=CONTRA_REFERENCE,
            name=originator.account_name,
        )
    )
    records.append("EOF1" + hdr1[4:])
    records.append("EOF2" + hdr2[4:])
    records.append(_utl1(total, total, 1, len(payments)))
    return LINE_END.join(records) + LINE_END


# Reading ---------------------------------------------------------------------------------------


def _from_julian(text: str, line_number: int, what: str) -> datetime.date:
    if len(text) != 6 or text[0] != " " or not _digits(text[1:], 5):
        raise BacsFileMalformed(line_number, f"the {what} must be a blank then YYDDD")
    year, day = 2000 + int(text[1:3]), int(text[3:])
    last = 366 if datetime.date(year, 12, 31).timetuple().tm_yday == 366 else 365
    if not 1 <= day <= last:
        raise BacsFileMalformed(line_number, f"the {what} has no day {day} in {year}")
    return datetime.date(year, 1, 1) + datetime.timedelta(days=day - 1)


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return [line[:-1] if line.endswith("\r") else line for line in lines]


def _label_line(lines: list[str], index: int, label: str) -> str:
    number = index + 1
    if index >= len(lines):
        raise BacsFileMalformed(number, f"the file ends early: a {label} record is missing")
    line = lines[index]
    if not line.startswith(label):
        raise BacsFileMalformed(number, f"expected the {label} record, found '{line[:4]}'")
    if len(line) == RECORD_LENGTH and line[LABEL_LENGTH:].strip():
        raise BacsFileMalformed(number, f"characters 81 to 100 of the {label} record must be blank")
    if len(line) not in (LABEL_LENGTH, RECORD_LENGTH):
        raise BacsFileMalformed(
            number, f"the {label} record is {len(line)} characters long, not {RECORD_LENGTH}"
        )
    return line[:LABEL_LENGTH]


def _number(text: str, line_number: int, what: str) -> int:
    if not _DIGITS.fullmatch(text):
        raise BacsFileMalformed(line_number, f"the {what} must be digits, found '{text}'")
    return int(text)


@dataclass(frozen=True)
class _Record:
    line_number: int
    sort_code: str
    account_number: str
    transaction_code: str
    originating_sort_code: str
    originating_account_number: str
    amount_pence: int
    narrative: str
    reference: str
    name: str


def _data_record(line: str, line_number: int) -> _Record:
    if len(line) != RECORD_LENGTH:
        raise BacsFileMalformed(
            line_number, f"a payment record must be {RECORD_LENGTH} characters, not {len(line)}"
        )
    problem = sort_code_problem(line[0:6]) or account_number_problem(line[6:14])
    if problem:
        raise BacsFileMalformed(line_number, problem)
    if line[14] != "0":
        raise BacsFileMalformed(line_number, "the account type (character 15) must be 0")
    code = line[15:17]
    if code not in (CREDIT, CONTRA_DEBIT):
        raise BacsFileMalformed(
            line_number, f"transaction code '{code}' is not a credit (99) or a contra (17)"
        )
    if not _digits(line[17:23], 6) or not _digits(line[23:31], 8):
        raise BacsFileMalformed(line_number, "the originating sort code and account must be digits")
    if line[31:35] != " " * 4:
        raise BacsFileMalformed(line_number, "characters 32 to 35 must be blank")
    amount = _number(line[35:46], line_number, "amount")
    if amount < 1:
        raise BacsFileMalformed(line_number, "the amount must be at least 1p")
    fields = (line[46:64].rstrip(), line[64:82].rstrip(), line[82:100].rstrip())
    for value in fields:
        if not is_bacs_text(value):
            raise BacsFileMalformed(
                line_number, "a name or reference has characters Bacs cannot carry"
            )
    return _Record(
        line_number, line[0:6], line[6:14], code, line[17:23], line[23:31], amount, *fields
    )


def bacs_file_parse(text: str) -> ParsedBacsFile:
    """Read a direct credit file, checking each record and every total, or BacsFileMalformed."""
    if not text.isascii():
        raise BacsFileMalformed(1, "the file must be plain ASCII text")
    lines = _lines(text)
    if not lines:
        raise BacsFileMalformed(1, "the file is empty")
    vol1 = _label_line(lines, 0, "VOL1")
    serial_text, sun = vol1[4:10], vol1[41:47]
    serial = _number(serial_text, 1, "serial number")
    if serial == 0:
        raise BacsFileMalformed(1, "the serial number must not be all zeros")
    if not _digits(sun, 6):
        raise BacsFileMalformed(1, "the service user number (characters 42 to 47) must be 6 digits")
    if vol1[79] != "1":
        raise BacsFileMalformed(1, "the label standard level (character 80) must be 1")

    hdr1 = _label_line(lines, 1, "HDR1")
    if hdr1[4] != "A" or hdr1[5:11] != sun or hdr1[11] != "S":
        raise BacsFileMalformed(2, "the file identifier must be A, the service user number, then S")
    if hdr1[21:27] != serial_text:
        raise BacsFileMalformed(2, "the set identification must be the serial number in VOL1")
    created_on = _from_julian(hdr1[41:47], 2, "creation date")
    expires_on = _from_julian(hdr1[47:53], 2, "expiry date")

    hdr2 = _label_line(lines, 2, "HDR2")
    if hdr2[4] != "F" or hdr2[10:15] != f"{RECORD_LENGTH:05d}":
        raise BacsFileMalformed(3, f"HDR2 must say fixed records of {RECORD_LENGTH} characters")

    uhl1 = _label_line(lines, 3, "UHL1")
    processing_date = _from_julian(uhl1[4:10], 4, "processing day")
    if uhl1[28:37] != WORK_CODE_DAILY:
        raise BacsFileMalformed(4, "only single-day files (work code '1 DAILY') can be read")

    index = 4
    records: list[_Record] = []
    while index < len(lines) and not lines[index].startswith("EOF1"):
        records.append(_data_record(lines[index], index + 1))
        index += 1
    if not records:
        raise BacsFileMalformed(index + 1, "there are no payment records")
    contra = records.pop()
    if contra.transaction_code != CONTRA_DEBIT or contra.reference != CONTRA_REFERENCE:
        raise BacsFileMalformed(
            contra.line_number, "the last record before EOF1 must be the contra (code 17, CONTRA)"
        )
    if not records:
        raise BacsFileMalformed(contra.line_number, "there are no payments before the contra")
    if (contra.sort_code, contra.account_number) != (
        contra.originating_sort_code,
        contra.originating_account_number,
    ):
        raise BacsFileMalformed(
            contra.line_number, "the contra must pay from and to the council's own account"
        )
    for record in records:
        if record.transaction_code != CREDIT:
            raise BacsFileMalformed(record.line_number, "only one contra record may be in the file")
        if (record.originating_sort_code, record.originating_account_number) != (
            contra.sort_code,
            contra.account_number,
        ):
            raise BacsFileMalformed(
                record.line_number, "the originating account is not the contra's account"
            )
    total = sum(r.amount_pence for r in records)
    if contra.amount_pence != total:
        raise BacsFileMalformed(
            contra.line_number,
            f"the contra is {contra.amount_pence}p but the payments add up to {total}p",
        )

    eof1 = _label_line(lines, index, "EOF1")
    if eof1[4:54] != hdr1[4:54] or eof1[60:] != hdr1[60:]:
        raise BacsFileMalformed(index + 1, "EOF1 must repeat HDR1")
    _number(eof1[54:60], index + 1, "block count")
    eof2 = _label_line(lines, index + 1, "EOF2")
    if eof2[4:] != hdr2[4:]:
        raise BacsFileMalformed(index + 2, "EOF2 must repeat HDR2")
    utl1 = _label_line(lines, index + 2, "UTL1")
    number = index + 3
    debit_total = _number(utl1[4:17], number, "debit total")
    credit_total = _number(utl1[17:30], number, "credit total")
    debit_count = _number(utl1[30:37], number, "debit count")
    credit_count = _number(utl1[37:44], number, "credit count")
    expected = (contra.amount_pence, total, 1, len(records))
    if (debit_total, credit_total, debit_count, credit_count) != expected:
        raise BacsFileMalformed(
            number,
            f"the totals say {debit_count} debit of {debit_total}p and {credit_count} credits of "
            f"{credit_total}p, but the records are 1 debit of {contra.amount_pence}p and "
            f"{len(records)} credits of {total}p",
        )
    if len(lines) > index + 3:
        raise BacsFileMalformed(index + 4, "nothing may follow the UTL1 record")

    return ParsedBacsFile(
        serial_number=serial,
        service_user_number=sun,
        created_on=created_on,
        expires_on=expires_on,
        processing_date=processing_date,
        originator=BacsOriginatorDetails(
            service_user_number=sun,
            account_name=contra.name,
            sort_code=contra.sort_code,
            account_number=contra.account_number,
        ),
        payments=tuple(
            BacsPayment(
                sort_code=r.sort_code,
                account_number=r.account_number,
                account_name=r.name,
                amount_pence=r.amount_pence,
                reference=r.reference,
            )
            for r in records
        ),
        contra_pence=contra.amount_pence,
        debit_total_pence=debit_total,
        credit_total_pence=credit_total,
        debit_count=debit_count,
        credit_count=credit_count,
    )
