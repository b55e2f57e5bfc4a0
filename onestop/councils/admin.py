"""Read-only admin for councils."""

from django.contrib import admin

from onestop.core.admin import ReadOnlyAdmin
from onestop.councils.models import Council, Membership, User


@admin.register(Council)
class CouncilAdmin(ReadOnlyAdmin):
    pass


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    pass


@admin.register(User)
class UserAdmin(ReadOnlyAdmin):
    pass
