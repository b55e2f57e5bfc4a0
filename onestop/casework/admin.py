"""Read-only admin for casework."""

from django.contrib import admin

from onestop.casework.models import Decision
from onestop.core.admin import ReadOnlyAdmin


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    pass
