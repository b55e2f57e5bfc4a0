"""Read-only admin for people."""

from django.contrib import admin

from onestop.core.admin import ReadOnlyAdmin
from onestop.people.models import Household, HouseholdMember, Person


@admin.register(Household)
class HouseholdAdmin(ReadOnlyAdmin):
    pass


@admin.register(HouseholdMember)
class HouseholdMemberAdmin(ReadOnlyAdmin):
    pass


@admin.register(Person)
class PersonAdmin(ReadOnlyAdmin):
    pass
