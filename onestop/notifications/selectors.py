"""Reads of the outbox, always within one council."""

from django.db.models import QuerySet

from onestop.councils.models import Council
from onestop.notifications.models import Message


def messages_recent(*, council: Council, limit: int = 100) -> QuerySet[Message]:
    return Message.objects.filter(council=council).order_by("-created_at", "-id")[:limit]


def messages_for_case(*, council: Council, case_reference: str) -> QuerySet[Message]:
    return Message.objects.filter(council=council, case_reference=case_reference).order_by(
        "created_at"
    )
