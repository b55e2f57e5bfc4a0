"""Reads of the outbox, letters and message wording, always within one council."""

from dataclasses import dataclass

from django.db.models import QuerySet

from onestop.councils.models import Council
from onestop.notifications.models import Letter, Message, MessageLanguage, MessageWording
from onestop.notifications.templates import TEMPLATES, MessageTemplate, Wording


def messages_recent(*, council: Council, limit: int = 100) -> QuerySet[Message]:
    return Message.objects.filter(council=council).order_by("-created_at", "-id")[:limit]


def messages_for_case(*, council: Council, case_reference: str) -> QuerySet[Message]:
    return Message.objects.filter(council=council, case_reference=case_reference).order_by(
        "created_at"
    )


def letters_recent(*, council: Council, limit: int = 100) -> QuerySet[Letter]:
    """Newest first, without the PDFs: a list never needs them."""
    return (
        Letter.objects.filter(council=council).defer("pdf").order_by("-created_at", "-id")[:limit]
    )


def letters_for_case(*, council: Council, case_reference: str) -> QuerySet[Letter]:
    return (
        Letter.objects.filter(council=council, case_reference=case_reference)
        .defer("pdf")
        .order_by("created_at", "id")
    )


def letter_for_council(*, council: Council, letter_id: int) -> Letter | None:
    return Letter.objects.filter(council=council, pk=letter_id).first()


def message_wording_for(*, council: Council, template: str, language: str) -> Wording:
    """What the council's message says in that language: its own wording, or our default."""
    own = MessageWording.objects.filter(council=council, template=template, language=language)
    for wording in own:
        return Wording(subject=wording.subject, body=wording.body)
    return TEMPLATES[template].default(language)


@dataclass(frozen=True)
class TemplateWordingRow:
    template: MessageTemplate
    language: str
    changed: bool

    @property
    def language_name(self) -> str:
        return MessageLanguage(self.language).label


def message_templates_overview(*, council: Council) -> list[TemplateWordingRow]:
    """Every template in every language, and whether the council has changed its wording."""
    changed = set(
        MessageWording.objects.filter(council=council).values_list("template", "language")
    )
    return [
        TemplateWordingRow(template, language, (template.key, language) in changed)
        for template in TEMPLATES.values()
        for language in MessageLanguage.values
    ]


def message_wording_record(
    *, council: Council, template: str, language: str
) -> MessageWording | None:
    return MessageWording.objects.filter(
        council=council, template=template, language=language
    ).first()
