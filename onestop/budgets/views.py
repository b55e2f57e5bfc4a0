"""The finance officer's view of each scheme's budget."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from onestop.budgets.selectors import budgets_of
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page


@staff_page(Capability.MANAGE_BUDGETS)
def budget_list(request: HttpRequest, staff: Staff) -> HttpResponse:
    return render(
        request,
        "budgets/list.html",
        {
            "staff": staff,
            "budgets": budgets_of(council=staff.council),
            "active": "budgets",
            "title": "Budgets",
        },
    )
