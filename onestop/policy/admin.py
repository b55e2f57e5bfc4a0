"""Read-only admin for policy."""

from django.contrib import admin

from onestop.core.admin import ReadOnlyAdmin
from onestop.policy.models import Scheme


@admin.register(Scheme)
class SchemeAdmin(ReadOnlyAdmin):
    pass
