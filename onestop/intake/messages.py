"""Messages to an application's applicant: the way they chose, in their language, on the case."""

from typing import Any

from onestop.intake.models import Application
from onestop.notifications.models import Message
from onestop.notifications.services import message_queue


def applicant_message_queue(
    *, application: Application, template: str, personalisation: dict[str, Any] | None = None
) -> Message:
    """Queue a message to the applicant, with their first name and the case reference filled
    in; `personalisation` gives the template's other placeholders."""
    applicant = application.applicant
    return message_queue(
        council=application.council,
        template=template,
        contact_preference=applicant.contact_preference,
        phone=applicant.phone,
        email=applicant.email,
        language=applicant.language,
        case_reference=application.reference,
        personalisation={
            "first_name": applicant.first_name,
            "reference": application.reference,
            **(personalisation or {}),
        },
    )
