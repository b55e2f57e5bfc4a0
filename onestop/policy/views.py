"""Council admins' pages for schemes: how each is run (targets, four eyes, auto-decision)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from onestop.core.errors import ServiceError
from onestop.core.forms import error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.policy.forms import SchemeRulesForm
from onestop.policy.selectors import scheme_get, schemes_all
from onestop.policy.services import SchemeRules, scheme_rules_change


@staff_page(Capability.MANAGE_SCHEMES)
def scheme_list(request: HttpRequest, staff: Staff) -> HttpResponse:
    return render(
        request,
        "policy/schemes.html",
        {
            "staff": staff,
            "schemes": schemes_all(council=staff.council),
            "active": "schemes",
            "title": "Schemes",
        },
    )


def _pounds(pence: int | None) -> str:
    return "" if pence is None else f"{pence / 100:.2f}"


@staff_page(Capability.MANAGE_SCHEMES)
def scheme_rules(request: HttpRequest, staff: Staff, scheme_id: int) -> HttpResponse:
    scheme = scheme_get(council=staff.council, scheme_id=scheme_id)
    if scheme is None:
        raise Http404
    form = SchemeRulesForm(
        request.POST or None,
        initial={
            "decision_target_working_days": scheme.decision_target_working_days,
            "review_target_working_days": scheme.review_target_working_days,
            "information_wait_working_days": scheme.information_wait_working_days,
            "approval_above": _pounds(scheme.approval_above_pence),
            "auto_decide": "yes" if scheme.auto_decide else "no",
            "auto_award_limit": _pounds(scheme.auto_award_limit_pence or None),
            "award_type": scheme.award_type,
        },
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            scheme_rules_change(
                actor=staff.user,
                scheme=scheme,
                rules=SchemeRules(
                    decision_target_working_days=d["decision_target_working_days"],
                    approval_above_pence=d["approval_above"],
                    auto_decide=d["auto_decide"] == "yes",
                    auto_award_limit_pence=d["auto_award_limit"] or 0,
                    review_target_working_days=d["review_target_working_days"],
                    information_wait_working_days=d["information_wait_working_days"],
                    award_type=d["award_type"],
                ),
                reason=d["reason"],
            )
        except ServiceError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
            if error.field == "auto_award_limit_pence":
                form.add_error("auto_award_limit", error.message)
        else:
            messages.success(request, f"{scheme.name}: the changes apply from now on.")
            return redirect("policy:schemes", council_slug=staff.council.slug)
    return render(
        request,
        "policy/scheme_rules.html",
        {
            "staff": staff,
            "scheme": scheme,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "schemes",
            "title": f"How {scheme.name} is run",
        },
    )
