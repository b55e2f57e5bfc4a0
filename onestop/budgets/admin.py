"""Read-only admin for budgets, their monthly profiles, commitments and alerts."""

from django.contrib import admin

from onestop.budgets.models import Budget, BudgetAlert, Commitment, ProfileMonth
from onestop.core.admin import ReadOnlyAdmin


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    pass


@admin.register(ProfileMonth)
class ProfileMonthAdmin(ReadOnlyAdmin):
    pass


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    pass


@admin.register(BudgetAlert)
class BudgetAlertAdmin(ReadOnlyAdmin):
    pass
