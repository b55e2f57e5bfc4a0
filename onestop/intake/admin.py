"""Read-only admin for intake."""

from django.contrib import admin

from onestop.core.admin import ReadOnlyAdmin
from onestop.intake.models import Application, ApplicationMember, Assessment


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    pass


@admin.register(ApplicationMember)
class ApplicationMemberAdmin(ReadOnlyAdmin):
    pass


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    pass
