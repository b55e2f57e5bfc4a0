"""Budget pages: the list, one budget with its priority level, setting one up, planning its months."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from onestop.budgets.forms import SPREAD_BY_MONTH, BudgetForm, ProfileForm, ThresholdForm
from onestop.budgets.profiles import even_profile
from onestop.budgets.selectors import budget_detail, budget_of, budget_overviews, budget_profile
from onestop.budgets.services import budget_create, budget_profile_change, budget_threshold_set
from onestop.budgets.thresholds import paying_description
from onestop.core.errors import ServiceError
from onestop.core.forms import GovukForm, error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.policy.selectors import schemes_all


def _service_error(form: GovukForm, error: ServiceError) -> None:
    """Show a service's refusal beside the field it names, or above the form."""
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _to_budget(staff: Staff, budget_id: int) -> HttpResponse:
    return redirect("budgets:detail", council_slug=staff.council.slug, budget_id=budget_id)


@staff_page(Capability.SET_PRIORITY_THRESHOLD)
def budget_list(request: HttpRequest, staff: Staff) -> HttpResponse:
    return render(
        request,
        "budgets/list.html",
        {
            "staff": staff,
            "overviews": budget_overviews(council=staff.council, today=timezone.localdate()),
            "active": "budgets",
            "title": "Budgets",
        },
    )


@staff_page(Capability.SET_PRIORITY_THRESHOLD)
def budget_page(request: HttpRequest, staff: Staff, budget_id: int) -> HttpResponse:
    detail = budget_detail(council=staff.council, budget_id=budget_id, today=timezone.localdate())
    if detail is None:
        raise Http404
    form = ThresholdForm(
        request.POST or None, initial={"threshold": detail.budget.priority_threshold}
    )
    if request.method == "POST" and form.is_valid():
        try:
            budget = budget_threshold_set(
                actor=staff.user,
                budget=detail.budget,
                threshold=form.cleaned_data["threshold"],
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            _service_error(form, error)
        else:
            messages.success(
                request, f"{budget.name} is now {paying_description(budget.priority_threshold)}."
            )
            return _to_budget(staff, budget.pk)
    return render(
        request,
        "budgets/detail.html",
        {
            "staff": staff,
            "detail": detail,
            "paying": paying_description(detail.budget.priority_threshold),
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "budgets",
            "title": detail.budget.name,
        },
    )


@staff_page(Capability.MANAGE_BUDGETS)
def budget_new(request: HttpRequest, staff: Staff) -> HttpResponse:
    """Step one: scheme, name, period, total and how to spread it. Spreading it month by month
    shows step two, the months pre-filled evenly, carrying step one's answers with it."""
    form = BudgetForm(request.POST or None, schemes=schemes_all(council=staff.council))
    months: ProfileForm | None = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["spread"] == SPREAD_BY_MONTH:
            plan = even_profile(
                starts_on=data["starts_on"], ends_on=data["ends_on"], total_pence=data["total"]
            )
            months = ProfileForm(
                request.POST if "months_shown" in request.POST else None, plan=plan
            )
        if months is None or months.is_valid():
            try:
                budget = budget_create(
                    actor=staff.user,
                    council=staff.council,
                    scheme=schemes_all(council=staff.council).get(pk=data["scheme"]),
                    name=data["name"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    total_pence=data["total"],
                    profile=months.profile() if months is not None else None,
                )
            except ServiceError as error:
                _service_error(months if error.field == "profile" and months else form, error)
            else:
                messages.success(request, f"{budget.name} is set up.")
                return _to_budget(staff, budget.pk)
    shown = [f for f in (form, months) if f is not None and f.is_bound]
    return render(
        request,
        "budgets/months_new.html" if months is not None else "budgets/new.html",
        {
            "staff": staff,
            "form": form,
            "months": months,
            "errors": error_summary(*shown),
            "active": "budgets",
            "title": "Plan spending month by month" if months is not None else "Set up a budget",
        },
    )


@staff_page(Capability.MANAGE_BUDGETS)
def budget_months_change(request: HttpRequest, staff: Staff, budget_id: int) -> HttpResponse:
    budget = budget_of(council=staff.council, budget_id=budget_id)
    if budget is None:
        raise Http404
    form = ProfileForm(request.POST or None, plan=budget_profile(budget=budget), with_reason=True)
    if request.method == "POST" and form.is_valid():
        try:
            budget_profile_change(
                actor=staff.user,
                budget=budget,
                profile=form.profile(),
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            _service_error(form, error)
        else:
            messages.success(request, f"The monthly plan for {budget.name} is changed.")
            return _to_budget(staff, budget.pk)
    return render(
        request,
        "budgets/months_change.html",
        {
            "staff": staff,
            "budget": budget,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "budgets",
            "title": f"Change the monthly plan for {budget.name}",
        },
    )
