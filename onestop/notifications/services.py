"""Queue messages and letters in the transaction of the change they report; send them after commit.

Also the council's own wording of its messages: saved only when it passes the template's
rules, and reset to our default.
"""

import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from onestop.core.audit import audit_record
from onestop.core.errors import ServiceError
from onestop.core.models import AuditEvent
from onestop.councils.models import Council, User
from onestop.notifications.backends import NotificationBackend, backend_for_settings
from onestop.notifications.language import written_date
from onestop.notifications.letters import (
    CONTEXT_FOR_KIND,
    MAX_ADDRESS_LINES,
    DecisionLetterContext,
    LetterContext,
    LetterSender,
    context_from_stored,
    context_to_stored,
    render_letter_pdf,
)
from onestop.notifications.models import (
    Letter,
    LetterKind,
    LetterStatus,
    Message,
    MessageChannel,
    MessageLanguage,
    MessageStatus,
    MessageWording,
)
from onestop.notifications.selectors import message_wording_for, message_wording_record
from onestop.notifications.templates import TEMPLATES, WordingProblem, fill, wording_problems

MAX_ATTEMPTS = 5


class WordingRefused(ServiceError):
    """A council's wording breaks the template's rules; `problems` says each thing to fix."""

    def __init__(self, problems: list[WordingProblem]) -> None:
        super().__init__(problems[0].message, field=problems[0].field)
        self.problems = problems


def _language(language: str) -> str:
    return language if language in MessageLanguage.values else MessageLanguage.ENGLISH


def message_queue(
    *,
    council: Council,
    template: str,
    contact_preference: str,
    phone: str,
    email: str,
    personalisation: dict[str, Any],
    case_reference: str = "",
    language: str = MessageLanguage.ENGLISH,
) -> Message:
    """Store the message now, in the council's wording and the person's language; it is sent
    by the task queue once the caller's transaction commits.

    `personalisation` must give every placeholder the template has (see templates.py). Dates
    may be passed as `datetime.date` and are then written in the person's language.
    """
    missing = [name for name in TEMPLATES[template].placeholders if name not in personalisation]
    if missing:
        raise ValueError(f"The {template} message needs personalisation for: {', '.join(missing)}")
    language = _language(language)
    written = {
        name: written_date(value, language) if isinstance(value, datetime.date) else str(value)
        for name, value in personalisation.items()
    }
    by_sms, by_email = (MessageChannel.SMS, phone), (MessageChannel.EMAIL, email)
    chosen, other = (by_email, by_sms) if contact_preference == "email" else (by_sms, by_email)
    # No way to reach them by their choice: use the other way, if they gave one.
    channel, recipient = chosen if chosen[1] or not other[1] else other
    wording = message_wording_for(council=council, template=template, language=language)
    message = Message.objects.create(
        council=council,
        channel=channel,
        recipient=recipient,
        template=template,
        language=language,
        personalisation=written,
        subject=fill(wording.subject, written) if channel == MessageChannel.EMAIL else "",
        body=fill(wording.body, written),
        case_reference=case_reference,
        status=MessageStatus.QUEUED if recipient else MessageStatus.NO_CONTACT,
    )
    if recipient:
        from onestop.notifications.tasks import send_message

        message_id = message.pk
        transaction.on_commit(lambda: send_message.enqueue(message_id=message_id))
    return message


def message_send(*, message_id: int, backend: NotificationBackend | None = None) -> Message:
    """Hand one queued message to the backend, once; safe to call again after a crash."""
    backend = backend or backend_for_settings()
    with transaction.atomic():
        message = Message.objects.select_for_update().get(pk=message_id)
        if message.status != MessageStatus.QUEUED:
            return message
        message.attempts += 1
        try:
            message.provider_reference = backend.send(message)
        except Exception as error:  # the provider said no: keep the reason, retry later
            message.error = f"{type(error).__name__}: {error}"[:300]
            if message.attempts >= MAX_ATTEMPTS:
                message.status = MessageStatus.FAILED
        else:
            message.status = MessageStatus.SENT
            message.sent_at = timezone.now()
            message.error = ""
        message.backend = backend.name
        message.save()
    return message


def letter_queue(
    *,
    council: Council,
    kind: str,
    language: str,
    case_reference: str,
    recipient_name: str,
    address_lines: list[str] | tuple[str, ...],
    context: LetterContext,
    actor: User | None = None,
) -> Letter:
    """Store the letter now; after the caller's transaction commits, the task queue renders
    the PDF and posts it. `context` is the kind's dataclass (see letters.py)."""
    expected = CONTEXT_FOR_KIND.get(kind)
    if expected is None:
        raise ValueError(f"There is no {kind!r} letter")
    if not isinstance(context, expected):
        raise TypeError(f"A {kind} letter needs a {expected.__name__}")
    if kind == LetterKind.DECISION_AWARD and not (
        isinstance(context, DecisionLetterContext) and context.award_pence > 0
    ):
        raise ValueError("An award letter needs the amount awarded")
    lines = [line.strip() for line in address_lines if line and line.strip()]
    if len(lines) > MAX_ADDRESS_LINES:
        raise ValueError(f"A postal address has at most {MAX_ADDRESS_LINES} lines")
    language = _language(language)
    letter = Letter.objects.create(
        council=council,
        kind=kind,
        language=language,
        case_reference=case_reference,
        recipient_name=recipient_name.strip(),
        address_lines=lines,
        context=context_to_stored(context),
        status=LetterStatus.QUEUED if lines else LetterStatus.NO_ADDRESS,
    )
    audit_record(
        actor=actor,
        council=council,
        action="letter.queued",
        subject=letter,
        case_reference=case_reference,
        summary=(
            f"Letter queued: {letter.get_kind_display().lower()} "
            f"({letter.get_language_display()})"
            + ("" if lines else ", but there is no postal address to send it to")
        ),
    )
    if lines:
        from onestop.notifications.tasks import send_letter

        letter_id = letter.pk
        transaction.on_commit(lambda: send_letter.enqueue(letter_id=letter_id))
    return letter


def _letter_pdf(letter: Letter) -> bytes:
    council = letter.council
    return render_letter_pdf(
        kind=letter.kind,
        language=letter.language,
        sender=LetterSender(
            name=council.name,
            phone_number=council.phone_number,
            freephone_number=council.freephone_number,
        ),
        letter_date=timezone.localtime(letter.created_at).date(),
        case_reference=letter.case_reference,
        recipient_name=letter.recipient_name,
        address_lines=letter.address_lines,
        context=context_from_stored(letter.kind, letter.context),
    )


def letter_send(*, letter_id: int, backend: NotificationBackend | None = None) -> Letter:
    """Render the letter's PDF (once: a retry posts the same PDF) and hand it to the backend."""
    backend = backend or backend_for_settings()
    with transaction.atomic():
        letter = Letter.objects.select_for_update().select_related("council").get(pk=letter_id)
        if letter.status != LetterStatus.QUEUED:
            return letter
        letter.attempts += 1
        try:
            if not letter.pdf:
                letter.pdf = _letter_pdf(letter)
            letter.provider_reference = backend.send_letter(letter)
        except Exception as error:  # rendering or the provider failed: keep why, retry later
            letter.error = f"{type(error).__name__}: {error}"[:300]
            if letter.attempts >= MAX_ATTEMPTS:
                letter.status = LetterStatus.FAILED
        else:
            letter.status = LetterStatus.SENT
            letter.sent_at = timezone.now()
            letter.error = ""
        letter.backend = backend.name
        letter.save()
        if letter.status != LetterStatus.QUEUED:
            sent = letter.status == LetterStatus.SENT
            audit_record(
                actor=None,
                council=letter.council,
                action="letter.sent" if sent else "letter.failed",
                subject=letter,
                case_reference=letter.case_reference,
                summary=(
                    f"Letter {'sent' if sent else 'not sent'}: {letter.get_kind_display().lower()}"
                ),
                reason="" if sent else letter.error,
            )
    return letter


def letter_view_record(*, actor: User, letter: Letter) -> AuditEvent:
    """Opening a letter is opening the case: who read it, and when."""
    return audit_record(
        actor=actor,
        council=letter.council,
        action="case.viewed",
        subject=letter,
        case_reference=letter.case_reference,
        summary=f"Letter downloaded: {letter.get_kind_display().lower()}",
    )


@transaction.atomic
def message_wording_save(
    *, actor: User, council: Council, template: str, language: str, subject: str, body: str
) -> MessageWording:
    """The council's own wording of a message, used from the next message on."""
    message_template = TEMPLATES.get(template)
    if message_template is None or language not in MessageLanguage.values:
        raise ServiceError("There is no such message. Choose one from the list of messages.")
    subject, body = subject.strip(), body.strip()
    problems = wording_problems(message_template, subject=subject, body=body, language=language)
    if problems:
        raise WordingRefused(problems)
    wording, _created = MessageWording.objects.update_or_create(
        council=council,
        template=template,
        language=language,
        defaults={"subject": subject, "body": body, "changed_by": actor},
    )
    audit_record(
        actor=actor,
        council=council,
        action="message_wording.changed",
        subject=wording,
        summary=(
            f"Changed the {MessageLanguage(language).label} wording of “{message_template.name}”"
        ),
        details={"template": template, "language": language, "subject": subject, "body": body},
    )
    return wording


@transaction.atomic
def message_wording_reset(*, actor: User, council: Council, template: str, language: str) -> None:
    """Go back to our default wording of the message."""
    wording = message_wording_record(council=council, template=template, language=language)
    if wording is None:
        raise ServiceError("This message already uses the default wording.")
    audit_record(
        actor=actor,
        council=council,
        action="message_wording.reset",
        subject=wording,
        summary=(
            f"Reset the {MessageLanguage(language).label} wording of "
            f"“{TEMPLATES[template].name}” to the default"
        ),
        details={"template": template, "language": language},
    )
    wording.delete()
