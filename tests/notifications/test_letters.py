"""Letters: a real PDF that says the decision, the award, the reasons and the review rights, in
the person's language; queued with the change, sent after commit, retried, then given up."""

import datetime
import io
import re

import pytest
from django.utils import timezone, translation
from hypothesis import given
from hypothesis import strategies as st
from pypdf import PdfReader

from onestop.core.models import AuditEvent
from onestop.core.working_days import add_calendar_months
from onestop.councils.models import Council
from onestop.notifications.letters import (
    CriterionResult,
    DecisionLetterContext,
    InformationRequestLetterContext,
    ReviewOutcomeLetterContext,
    context_from_stored,
    context_to_stored,
    criteria_from_assessment,
    letter_phrases,
)
from onestop.notifications.models import Letter, LetterKind, LetterStatus
from onestop.notifications.selectors import letters_for_case
from onestop.notifications.services import MAX_ATTEMPTS, letter_queue, letter_send
from tests.factories import letter_context, make_letter
from tests.notifications.test_services import BrokenBackend


class RecordingBackend:
    name = "recording"

    def __init__(self) -> None:
        self.posted: list[bytes] = []

    def send(self, message: object) -> str:
        raise AssertionError("a letter is not a message")

    def send_letter(self, letter: Letter) -> str:
        self.posted.append(bytes(letter.pdf))
        return f"posted-{letter.pk}"


class BrokenPost(BrokenBackend):
    def send_letter(self, letter: Letter) -> str:
        self.calls += 1
        raise ConnectionError("The post room is closed")


def sent_pdf(letter: Letter) -> bytes:
    return bytes(letter_send(letter_id=letter.pk, backend=RecordingBackend()).pdf)


def text_of(pdf: bytes) -> str:
    """The letter's words in reading order, with line breaks and runs of spaces collapsed."""
    pages = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(page.extract_text() for page in pages))


def letter_day(letter: Letter) -> datetime.date:
    return timezone.localtime(letter.created_at).date()


@pytest.mark.django_db
def test_an_award_letter_is_a_pdf_with_the_award_reasons_and_review_rights(
    council: Council,
) -> None:
    letter = make_letter(
        council=council,
        kind=LetterKind.DECISION_AWARD,
        recipient_name="Morgan Testerton",
        address_lines=["12 Example Street", "", "Northbridge", "NB1 2AB"],
        decision_reasons="You meet every rule of the scheme.",
        award_pence=12_000,
        review_url="https://northbridge.example/review",
        council_address=("Town Hall", "Northbridge", "NB1 1AA"),
    )
    pdf = sent_pdf(letter)
    assert pdf.startswith(b"%PDF")
    text = text_of(pdf)
    review_by = add_calendar_months(letter_day(letter), 1)
    for expected in [
        council.name,
        "01632 960000",
        "0808 157 0000",
        f"Reference: {letter.case_reference}",
        "Morgan Testerton 12 Example Street Northbridge NB1 2AB",
        "We have made you an award",
        "£120.00",
        "As e-voucher codes, sent to you by text message.",
        "You meet every rule of the scheme.",
        "Met: You live in the council's area.",
        "Not met: Your savings are above £500.",
        "within one calendar month of the date of this letter",
        f"by {review_by.day} {review_by:%B %Y}",
        "by phone, on 0808 157 0000",
        "online, at https://northbridge.example/review",
        "by letter, to Town Hall, Northbridge, NB1 1AA",
        "if there is a good reason",
    ]:
        assert expected in text


@pytest.mark.django_db
def test_a_refusal_letter_says_so_with_the_reasons_and_review_rights(council: Council) -> None:
    letter = make_letter(
        council=council,
        kind=LetterKind.DECISION_REFUSAL,
        decision_reasons="Your savings are more than the scheme allows.",
    )
    text = text_of(sent_pdf(letter))
    assert "We cannot make you an award" in text
    assert "Your savings are more than the scheme allows." in text
    assert "Not met: Your savings are above £500." in text
    assert "Ask for a review within one calendar month" in text
    assert "by letter, to the address at the top of this letter" in text
    assert "£" not in text.replace("£500", "")  # no award is mentioned


@pytest.mark.django_db
def test_a_decision_letter_for_a_welsh_speaker_is_in_welsh(council: Council) -> None:
    letter = make_letter(
        council=council,
        kind=LetterKind.DECISION_AWARD,
        language="cy",
        recipient_name="Siân Evans",
        award_pence=12_000,
    )
    text = text_of(sent_pdf(letter))
    review_by = add_calendar_months(letter_day(letter), 1)
    welsh_months = [
        "Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin",
        "Gorffennaf", "Awst", "Medi", "Hydref", "Tachwedd", "Rhagfyr",
    ]  # fmt: skip
    for expected in [
        "Annwyl Siân Evans,",
        "Rydym wedi gwneud dyfarniad i chi",
        "Rydym yn dyfarnu i chi: £120.00",
        "Wedi'i fodloni: You live in the council's area.",
        "Heb ei fodloni: Your savings are above £500.",
        "Gofynnwch am adolygiad o fewn un mis calendr i ddyddiad y llythyr hwn",
        f"sef erbyn {review_by.day} {welsh_months[review_by.month - 1]} {review_by.year}",
        "dros y ffôn, ar 0808 157 0000",
        "Rydym yn croesawu llythyrau a galwadau yn Gymraeg",
        "Yn gywir,",
    ]:
        assert expected in text
    assert "Dear" not in text
    assert "review" not in text


@pytest.mark.django_db
def test_a_review_outcome_letter_names_the_ombudsman(council: Council) -> None:
    letter = make_letter(
        council=council,
        kind=LetterKind.REVIEW_OUTCOME,
        decision_changed=True,
        award_pence=9_000,
        review_reasons="Your rent had not been counted.",
        ombudsman_name="Public Services Ombudsman for Wales",
        ombudsman_url="https://www.ombudsman.wales",
    )
    text = text_of(sent_pdf(letter))
    assert "We have changed our decision" in text
    assert "Your award is now: £90.00" in text
    assert "Your rent had not been counted." in text
    assert "Public Services Ombudsman for Wales" in text
    assert "https://www.ombudsman.wales" in text
    assert "independent of the council and free to use" in text


@pytest.mark.django_db
def test_an_unchanged_review_in_welsh(council: Council) -> None:
    letter = make_letter(council=council, kind=LetterKind.REVIEW_OUTCOME, language="cy")
    text = text_of(sent_pdf(letter))
    assert "Nid ydym wedi newid ein penderfyniad" in text
    assert "Ni allwn wneud dyfarniad i chi o hyd." in text
    assert "Cysylltu â'r ombwdsmon: Local Government and Social Care Ombudsman" in text


@pytest.mark.django_db
def test_an_information_request_letter_says_what_to_send_and_by_when(council: Council) -> None:
    letter = make_letter(
        council=council,
        kind=LetterKind.INFORMATION_REQUEST,
        what_is_needed=("Your latest bank statement", "A letter from your landlord"),
        due_date=datetime.date(2026, 7, 4),
        how_to_send="Bring them to the Town Hall.",
    )
    text = text_of(sent_pdf(letter))
    for expected in [
        "We need more information",
        "Your latest bank statement",
        "A letter from your landlord",
        "Send it to us by 4 July 2026.",
        "Bring them to the Town Hall.",
    ]:
        assert expected in text


def test_every_phrase_of_every_letter_has_a_welsh_translation() -> None:
    phrases = letter_phrases()
    assert len(phrases) > 30
    with translation.override("cy"):
        untranslated = sorted(p for p in phrases if translation.gettext(p) == p)
    assert untranslated == []


@pytest.mark.django_db
def test_the_letter_is_rendered_and_sent_only_after_the_change_commits(
    council: Council, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        letter = make_letter(council=council)
        letter.refresh_from_db()
        assert letter.status == LetterStatus.QUEUED
        assert bytes(letter.pdf) == b""
    assert len(callbacks) == 1
    callbacks[0]()
    letter.refresh_from_db()
    assert letter.status == LetterStatus.SENT
    assert letter.backend == "outbox"
    assert letter.provider_reference.startswith("outbox-")
    assert bytes(letter.pdf).startswith(b"%PDF")
    assert letter.sent_at is not None


@pytest.mark.django_db
def test_sending_a_letter_is_idempotent(council: Council) -> None:
    letter = make_letter(council=council)
    backend = RecordingBackend()
    first = letter_send(letter_id=letter.pk, backend=backend)
    again = letter_send(letter_id=letter.pk, backend=backend)
    assert len(backend.posted) == 1
    assert first.status == again.status == LetterStatus.SENT
    assert again.attempts == 1


@pytest.mark.django_db
def test_a_letter_is_retried_with_the_same_pdf_then_given_up(council: Council) -> None:
    letter = make_letter(council=council, case_reference="CR-7K4M-2Q")
    backend = BrokenPost()
    first = letter_send(letter_id=letter.pk, backend=backend)
    assert first.status == LetterStatus.QUEUED
    assert first.attempts == 1
    assert first.error == "ConnectionError: The post room is closed"
    pdf = bytes(first.pdf)
    for _ in range(MAX_ATTEMPTS - 2):
        assert letter_send(letter_id=letter.pk, backend=backend).status == LetterStatus.QUEUED
    failed = letter_send(letter_id=letter.pk, backend=backend)
    assert failed.status == LetterStatus.FAILED
    assert failed.attempts == MAX_ATTEMPTS
    assert bytes(failed.pdf) == pdf
    letter_send(letter_id=letter.pk, backend=backend)
    assert backend.calls == MAX_ATTEMPTS
    event = AuditEvent.objects.get(action="letter.failed")
    assert event.case_reference == "CR-7K4M-2Q"
    assert event.reason == "ConnectionError: The post room is closed"


@pytest.mark.django_db
def test_a_letter_that_failed_once_can_still_be_sent(council: Council) -> None:
    letter = make_letter(council=council)
    letter_send(letter_id=letter.pk, backend=BrokenPost())
    sent = letter_send(letter_id=letter.pk, backend=RecordingBackend())
    assert sent.status == LetterStatus.SENT
    assert sent.error == ""
    assert sent.attempts == 2


@pytest.mark.django_db
def test_queueing_and_sending_are_on_the_case_timeline(council: Council) -> None:
    letter = make_letter(council=council, case_reference="CR-7K4M-2Q")
    letter_send(letter_id=letter.pk, backend=RecordingBackend())
    events = AuditEvent.objects.filter(case_reference="CR-7K4M-2Q").order_by("id")
    assert [(e.action, e.summary) for e in events] == [
        ("letter.queued", "Letter queued: decision: refused (English)"),
        ("letter.sent", "Letter sent: decision: refused"),
    ]


@pytest.mark.django_db
def test_a_letter_with_no_address_is_kept_but_not_sent(
    council: Council, django_capture_on_commit_callbacks
) -> None:
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        letter = make_letter(council=council, address_lines=["", "  "])
    assert callbacks == []
    assert letter.status == LetterStatus.NO_ADDRESS
    backend = RecordingBackend()
    assert letter_send(letter_id=letter.pk, backend=backend).status == LetterStatus.NO_ADDRESS
    assert backend.posted == []


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("kind", "context", "error"),
    [
        ("apology", letter_context(LetterKind.DECISION_REFUSAL), ValueError),
        (LetterKind.REVIEW_OUTCOME, letter_context(LetterKind.DECISION_REFUSAL), TypeError),
        (LetterKind.DECISION_AWARD, letter_context(LetterKind.DECISION_REFUSAL), ValueError),
    ],
    ids=["unknown kind", "wrong context", "award without an amount"],
)
def test_a_letter_that_cannot_be_right_is_refused_and_nothing_stored(
    council: Council, kind: str, context: DecisionLetterContext, error: type[Exception], row_counts
) -> None:
    before = row_counts(Letter, AuditEvent)
    with pytest.raises(error):
        letter_queue(
            council=council,
            kind=kind,
            language="en",
            case_reference="CR-7K4M-2Q",
            recipient_name="Morgan Testerton",
            address_lines=["1 Example Street", "AB1 2CD"],
            context=context,
        )
    assert row_counts(Letter, AuditEvent) == before


@pytest.mark.django_db
def test_letters_for_a_case_are_the_councils_own(council: Council, other_council: Council) -> None:
    ours = make_letter(council=council, case_reference="CR-7K4M-2Q")
    make_letter(council=other_council, case_reference="CR-7K4M-2Q")
    make_letter(council=council, case_reference="CR-0000-00")
    found = letters_for_case(council=council, case_reference="CR-7K4M-2Q")
    assert [letter.pk for letter in found] == [ours.pk]


def test_the_stored_context_reads_back_as_it_was_written() -> None:
    contexts = [
        letter_context(LetterKind.DECISION_AWARD, council_address=("Town Hall", "NB1 1AA")),
        letter_context(LetterKind.REVIEW_OUTCOME, decision_changed=True, award_pence=500),
        letter_context(LetterKind.INFORMATION_REQUEST, due_date=datetime.date(2026, 2, 28)),
    ]
    kinds = [LetterKind.DECISION_AWARD, LetterKind.REVIEW_OUTCOME, LetterKind.INFORMATION_REQUEST]
    for kind, context in zip(kinds, contexts, strict=True):
        assert context_from_stored(kind, context_to_stored(context)) == context
    assert isinstance(contexts[1], ReviewOutcomeLetterContext)
    assert isinstance(contexts[2], InformationRequestLetterContext)


def test_the_assessments_criteria_become_the_letters_reasons() -> None:
    stored = [
        {"name": "resident", "passed": True, "reason": "You live here."},
        {"name": "savings", "passed": False, "reason": "Your savings are too high."},
    ]
    assert criteria_from_assessment(stored) == (
        CriterionResult(passed=True, reason="You live here."),
        CriterionResult(passed=False, reason="Your savings are too high."),
    )


@given(
    day=st.dates(min_value=datetime.date(2000, 1, 1), max_value=datetime.date(2100, 1, 1)),
    months=st.integers(min_value=1, max_value=24),
)
def test_a_calendar_month_later_is_the_same_day_or_the_months_last(
    day: datetime.date, months: int
) -> None:
    later = add_calendar_months(day, months)
    assert (later.year * 12 + later.month) - (day.year * 12 + day.month) == months
    assert later.day == day.day or (
        later.day < day.day and (later + datetime.timedelta(1)).day == 1
    )
