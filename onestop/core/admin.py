"""A read-only Django admin: for operators to look, never to change (services change state)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from onestop.core.models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["occurred_at", "council", "actor_label", "action", "case_reference", "summary"]
    list_filter = ["council", "action"]
    search_fields = ["case_reference", "summary"]
