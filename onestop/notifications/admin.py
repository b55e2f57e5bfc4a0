"""Read-only admin for notifications."""

from django.contrib import admin

from onestop.core.admin import ReadOnlyAdmin
from onestop.notifications.models import Message


@admin.register(Message)
class MessageAdmin(ReadOnlyAdmin):
    pass
