"""Save a public application to finish later, find it again by its code, and send it.

The return code goes to the applicant by text or email and is stored only as a keyed hash
(HMAC with the site's secret), so a copy of the table cannot be used to resume anyone's answers.
"""

import datetime
import hmac
import secrets
from typing import Any

from django.db import transaction
from django.utils.crypto import salted_hmac

from onestop.core.audit import audit_record
from onestop.councils.models import Council
from onestop.intake.models import Application, ApplicationDraft, Channel
from onestop.intake.services import ApplicationDetails, application_submit
from onestop.notifications.services import message_queue

DRAFT_DAYS = 28
# No 0/O or 1/I: a code read aloud or copied from a text message is hard to get wrong.
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8
_HASH_SALT = "onestop.intake.application-draft"


def _on_behalf_of(channel: str) -> str:
    return "The applicant, at a kiosk" if channel == Channel.KIOSK else "The applicant, online"


def code_shown(code: str) -> str:
    """ABCDEFGH as people read it: ABCD-EFGH."""
    return f"{code[:4]}-{code[4:]}"


def code_normalised(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def code_hash(code: str) -> str:
    return salted_hmac(_HASH_SALT, code_normalised(code), algorithm="sha256").hexdigest()


def _new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


@transaction.atomic
def draft_save(
    *,
    council: Council,
    answers: dict[str, Any],
    contact: str,
    channel: str,
    today: datetime.date,
    resume_url: str,
    language: str,
    replaces: int | None = None,
) -> ApplicationDraft:
    """Keep the answers for DRAFT_DAYS and send a new return code to `contact`.

    `contact` is an email address or a phone number as `contact_normalised` writes it. Saving
    again replaces the draft saved before, whose code then stops working.
    """
    if replaces is not None:
        ApplicationDraft.objects.filter(council=council, pk=replaces).delete()
    code = _new_code()
    while ApplicationDraft.objects.filter(code_hash=code_hash(code)).exists():
        code = _new_code()  # one in a trillion: choose another
    draft = ApplicationDraft.objects.create(
        council=council,
        code_hash=code_hash(code),
        contact=contact,
        answers=answers,
        channel=channel,
        expires_on=today + datetime.timedelta(days=DRAFT_DAYS),
    )
    by_email = "@" in contact
    message_queue(
        council=council,
        template="application_saved",
        contact_preference="email" if by_email else "sms",
        phone="" if by_email else contact,
        email=contact if by_email else "",
        language=language,
        personalisation={
            "return_code": code_shown(code),
            "expires_on": draft.expires_on,
            "resume_url": resume_url,
        },
    )
    audit_record(
        actor=None,
        council=council,
        action="application_draft.saved",
        subject=draft,
        summary="Application saved to finish later",
        details={"channel": channel, "expires_on": draft.expires_on.isoformat()},
        on_behalf_of=_on_behalf_of(channel),
    )
    return draft


def draft_find(
    *, council: Council, code: str, contact: str, today: datetime.date
) -> ApplicationDraft | None:
    """The council's unexpired draft with this code, only if `contact` is where it was sent;
    otherwise None, the same whichever was wrong."""
    draft = ApplicationDraft.objects.filter(
        council=council, code_hash=code_hash(code), expires_on__gte=today
    ).first()
    if draft is None or not hmac.compare_digest(draft.contact, contact):
        return None
    return draft


def public_application_submit(
    *,
    council: Council,
    details: ApplicationDetails,
    form_token: str,
    draft_id: int | None,
) -> Application:
    """Send the application; its saved draft, if any, is no longer needed.

    The submission key comes from the form token made when the journey started, so sending
    twice (a double click, or Back and send again) gives the one application.
    """
    prefix = "kiosk" if details.channel == Channel.KIOSK else "web"
    application = application_submit(
        actor=None,
        council=council,
        details=details,
        submission_key=f"{prefix}:{form_token}",
    )
    if draft_id is not None:
        ApplicationDraft.objects.filter(council=council, pk=draft_id).delete()
    return application


@transaction.atomic
def drafts_expired_delete(*, today: datetime.date) -> int:
    """Delete every council's drafts whose codes have stopped working; for the daily job."""
    expired = ApplicationDraft.objects.filter(expires_on__lt=today)
    by_council: dict[int, int] = {}
    for council_id in expired.values_list("council_id", flat=True):
        by_council[council_id] = by_council.get(council_id, 0) + 1
    deleted, _ = expired.delete()
    for council in Council.objects.filter(pk__in=by_council):
        audit_record(
            actor=None,
            council=council,
            action="application_draft.expired_deleted",
            subject=council,
            summary=f"Deleted {by_council[council.pk]} saved application(s) past their date",
        )
    return deleted
