"""Posted letters: what each kind must be told (a typed context), and rendering it to a PDF.

Callers (casework) build the context for the kind of letter and hand it to `letter_queue`;
the task worker renders it with WeasyPrint from a Jinja2 template under
`jinja2/notifications/letters/`, in the person's language. The wording is translated with
Django's i18n (`locale/cy/LC_MESSAGES/django.po`); dates are written in that language too.

The page follows GOV.UK Notify's letter specification, so the same PDF can be posted by
Notify as a precompiled letter: A4, 15 mm side margins, the address in its window
(24.6 mm from the left, 40 mm from the top) and the body starting 95 mm down the first page.
"""

import dataclasses
import datetime
import typing
from collections.abc import Iterable, Mapping
from functools import cache
from pathlib import Path
from typing import Any

from django.utils import translation
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from onestop.core.money import format_pounds
from onestop.core.working_days import add_calendar_months
from onestop.notifications.language import written_date
from onestop.notifications.models import LetterKind

MAX_ADDRESS_LINES = 6  # Notify allows 7 lines, and the first is the person's name


@dataclasses.dataclass(frozen=True)
class CriterionResult:
    """One rule of the assessment: whether it was met, and the reason in plain words."""

    passed: bool
    reason: str


def criteria_from_assessment(criteria: Iterable[Mapping[str, Any]]) -> tuple[CriterionResult, ...]:
    """The stored assessment's [{"name", "passed", "reason"}] as a letter's criteria."""
    return tuple(
        CriterionResult(passed=bool(c["passed"]), reason=str(c["reason"])) for c in criteria
    )


@dataclasses.dataclass(frozen=True)
class DecisionLetterContext:
    """For `decision_award` (award_pence above 0) and `decision_refusal` letters.

    `decision_reasons` are the decision maker's words; `criteria` the assessment's reasons,
    rule by rule. The person may ask for a review within `review_within_months` calendar
    months of the letter's date, by phone, online at `review_url` (if the council has a
    form) or by letter to `council_address`.
    """

    scheme_name: str
    decision_reasons: str
    criteria: tuple[CriterionResult, ...]
    award_pence: int = 0
    award_delivery: str = ""  # how the award arrives, e.g. "as e-voucher codes by text message"
    review_url: str = ""
    review_within_months: int = 1
    council_address: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class ReviewOutcomeLetterContext:
    """For `review_outcome` letters: the review's result and where to go next."""

    scheme_name: str
    decision_changed: bool
    review_reasons: str
    ombudsman_name: str
    ombudsman_url: str
    award_pence: int = 0  # the award after the review; 0 if there is none
    award_delivery: str = ""
    council_address: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class InformationRequestLetterContext:
    """For `information_request` letters: what to send, by when, and how."""

    scheme_name: str
    what_is_needed: tuple[str, ...]
    due_date: datetime.date
    how_to_send: str = ""
    council_address: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class CashOutLetterContext:
    """For `cash_out_code` letters, to someone with no phone or email: the code written in
    groups of four, its barcode (an SVG drawn by onestop.fulfilment.barcodes from the digits
    only), the amount, the last day it can be used, and where to take it."""

    code: str
    barcode_svg: str
    amount_pence: int
    expires_on: datetime.date
    where: str
    council_address: tuple[str, ...] = ()


LetterContext = (
    DecisionLetterContext
    | ReviewOutcomeLetterContext
    | InformationRequestLetterContext
    | CashOutLetterContext
)

CONTEXT_FOR_KIND: dict[str, type[LetterContext]] = {
    LetterKind.DECISION_AWARD: DecisionLetterContext,
    LetterKind.DECISION_REFUSAL: DecisionLetterContext,
    LetterKind.REVIEW_OUTCOME: ReviewOutcomeLetterContext,
    LetterKind.INFORMATION_REQUEST: InformationRequestLetterContext,
    LetterKind.CASH_OUT_CODE: CashOutLetterContext,
}


def context_to_stored(context: LetterContext) -> dict[str, Any]:
    """The context as JSON the Letter row keeps until the worker renders it."""

    def plain(value: Any) -> Any:
        if dataclasses.is_dataclass(value) and not isinstance(value, type):
            return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, tuple | list):
            return [plain(v) for v in value]
        if isinstance(value, datetime.date):
            return value.isoformat()
        return value

    stored = plain(context)
    assert isinstance(stored, dict)
    return stored


def context_from_stored(kind: str, stored: Mapping[str, Any]) -> LetterContext:
    return _build(CONTEXT_FOR_KIND[kind], stored)


def _build(cls: type[Any], data: Mapping[str, Any]) -> Any:
    hints = typing.get_type_hints(cls)
    values = {}
    for f in dataclasses.fields(cls):
        if f.name in data:
            values[f.name] = _convert(hints[f.name], data[f.name])
    return cls(**values)


def _convert(hint: Any, value: Any) -> Any:
    origin = typing.get_origin(hint)
    if origin is tuple:
        (item_hint, _ellipsis) = typing.get_args(hint)
        return tuple(_convert(item_hint, v) for v in value)
    if hint is datetime.date:
        return datetime.date.fromisoformat(value)
    if isinstance(hint, type) and dataclasses.is_dataclass(hint):
        return _build(hint, value)
    return value


@dataclasses.dataclass(frozen=True)
class LetterSender:
    """The council, as the top and foot of every letter show it."""

    name: str
    phone_number: str
    freephone_number: str


def _written_date(value: datetime.date) -> str:
    """The date in the language the letter is being rendered in."""
    return written_date(value, translation.get_language() or "en")


def _paragraphs(text: str) -> Markup:
    """Text as typed by staff: each line becomes a paragraph, everything escaped."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return Markup("").join(Markup("<p>{}</p>").format(escape(line)) for line in lines)


LETTER_TEMPLATES = Path(__file__).resolve().parent / "jinja2"


@cache
def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(LETTER_TEMPLATES),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_callables(  # type: ignore[attr-defined]
        gettext=translation.gettext, ngettext=translation.ngettext, newstyle=True
    )
    env.filters.update(
        {"pounds": format_pounds, "written_date": _written_date, "paragraphs": _paragraphs}
    )
    return env


def letter_phrases() -> set[str]:
    """Every phrase the letter templates translate: each must have a Welsh translation."""
    folder = LETTER_TEMPLATES / "notifications" / "letters"
    phrases = set()
    for path in folder.glob("*.html"):
        for _line, _function, message in _environment().extract_translations(  # type: ignore[attr-defined]
            path.read_text(encoding="utf-8")
        ):
            phrases.add(message if isinstance(message, str) else message[0])
    return phrases


def render_letter_html(
    *,
    kind: str,
    language: str,
    sender: LetterSender,
    letter_date: datetime.date,
    case_reference: str,
    recipient_name: str,
    address_lines: Iterable[str],
    context: LetterContext,
) -> str:
    template = _environment().get_template(f"notifications/letters/{kind}.html")
    with translation.override(language):
        return template.render(
            language=language,
            sender=sender,
            letter_date=letter_date,
            reference=case_reference,
            recipient_name=recipient_name,
            address_lines=[line for line in address_lines if line.strip()],
            ctx=context,
            review_by=add_calendar_months(letter_date, getattr(context, "review_within_months", 1)),
        )


def render_letter_pdf(**letter: Any) -> bytes:
    """The letter as a PDF, ready to print or to hand to Notify."""
    from weasyprint import HTML  # imported here: it loads Pango, which only letters need

    pdf = HTML(string=render_letter_html(**letter)).write_pdf()
    assert pdf is not None
    return bytes(pdf)
