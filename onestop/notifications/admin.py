"""Read-only admin for notifications."""

from django.contrib import admin

from onestop.core.admin import ReadOnlyAdmin
from onestop.notifications.models import Letter, Message, MessageWording


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    pass


@admin.register(Letter)
class LetterAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "council", "kind", "language", "case_reference", "status"]
    list_filter = ["council", "kind", "status"]
    exclude = ["pdf"]


@admin.register(MessageWording)
class MessageWordingAdmin(ReadOnlyAdmin):
    list_display = ["council", "template", "language", "updated_at"]
