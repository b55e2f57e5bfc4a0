"""Read-only admin for budgets."""

from django.contrib import admin

from onestop.budgets.models import Budget, Commitment
from onestop.core.admin import ReadOnlyAdmin


@admin.register(Budget)
class BudgetAdmin(ReadOnlyAdmin):
    pass


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    pass
