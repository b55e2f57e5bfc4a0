"""Staff pages for duplicate and fraud flags: the list, one flag's page with its answer, and the
council's thresholds for raising them."""

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.core.paginator import Page, Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from onestop.core.errors import ServiceError
from onestop.core.forms import error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.people.duplicates.forms import (
    FlagDecisionForm,
    FlagFilterForm,
    ThresholdsForm,
    question_for,
)
from onestop.people.duplicates.selectors import (
    FLAGS_PER_PAGE,
    flag_by_id,
    flag_counts,
    flag_details,
    flag_headline,
    flag_rows,
    flags_for_listing,
    matching_settings_current,
    percent_likely,
)
from onestop.people.duplicates.services import (
    match_flag_decide,
    match_flag_view_record,
    matching_thresholds_set,
)
from onestop.people.models import MatchFlag, MatchFlagKind, MatchFlagStatus

ACTIVE = "match_flags"  # the staff navigation's item for these pages


def _pagination(page: Page, query: dict[str, str]) -> dict[str, Any]:
    """GOV.UK pagination: first, last, and the pages either side of this one."""

    def href(number: int) -> str:
        return "?" + urlencode({**{k: v for k, v in query.items() if v}, "page": number})

    last = page.paginator.num_pages
    shown = sorted({1, last, *range(max(1, page.number - 1), min(last, page.number + 1) + 1)})
    items: list[dict[str, Any]] = []
    for previous, number in zip([0, *shown], shown, strict=False):
        if number - previous > 1:
            items.append({"ellipsis": True})
        items.append({"number": number, "href": href(number), "current": number == page.number})
    return {
        "previous": {"href": href(page.number - 1)} if page.has_previous() else None,
        "next": {"href": href(page.number + 1)} if page.has_next() else None,
        "items": items,
    }


@staff_page(Capability.REVIEW_MATCH_FLAGS)
def flag_list(request: HttpRequest, staff: Staff) -> HttpResponse:
    filters = FlagFilterForm(request.GET or None)
    status, kind = filters.chosen()
    flags = flags_for_listing(council=staff.council, status=status, kind=kind)
    page = Paginator(flags, FLAGS_PER_PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "people/flags/list.html",
        {
            "staff": staff,
            "filters": filters,
            "status": status,
            "kind": kind,
            "statuses": MatchFlagStatus.choices,
            "kinds": MatchFlagKind.choices,
            "counts": flag_counts(council=staff.council, kind=kind),
            "page": page,
            "rows": flag_rows(page.object_list),
            "pagination": _pagination(page, {"status": status, "kind": kind}),
            "active": ACTIVE,
            "title": "Possible duplicates and signals",
        },
    )


def _flag_or_404(staff: Staff, flag_id: int) -> MatchFlag:
    found = flag_by_id(council=staff.council, flag_id=flag_id)
    if found is None:
        raise Http404("No such flag")
    return found


@transaction.atomic
def _answered_message(flag: MatchFlag) -> str:
    confirmed = flag.status == MatchFlagStatus.CONFIRMED
    if flag.kind == MatchFlagKind.POSSIBLE_DUPLICATE:
        first = flag.person.full_name if flag.person else "someone"
        second = flag.other_person.full_name if flag.other_person else "someone else"
        if confirmed:
            return f"You confirmed that {first} and {second} are the same person."
        return f"You recorded that {first} and {second} are different people."
    headline = flag_headline(flag)
    answer = "this needs looking into" if confirmed else "this is explained"
    return f"You recorded that {answer}: {headline[0].lower()}{headline[1:]}."


@staff_page(Capability.REVIEW_MATCH_FLAGS)
def flag_page(request: HttpRequest, staff: Staff, flag_id: int) -> HttpResponse:
    flag = _flag_or_404(staff, flag_id)
    is_open = flag.status == MatchFlagStatus.OPEN
    posted = request.method == "POST"
    form = FlagDecisionForm(request.POST if posted and is_open else None, kind=flag.kind)
    errors: list[dict[str, str]] = []
    if posted and not is_open:
        who = flag.decided_by.display_name if flag.decided_by else "Someone"
        errors = [
            {
                "text": f"{who} has already answered this flag, so it cannot be answered again",
                "href": "#decision",
            }
        ]
    elif posted and form.is_valid():
        try:
            answered = match_flag_decide(
                actor=staff.user,
                flag=flag,
                confirmed=form.confirmed,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            form.add_error(None, error.message)
            flag = _flag_or_404(staff, flag_id)  # someone else may have answered it meanwhile
        else:
            messages.success(request, _answered_message(answered))
            return redirect("match_flags:list", council_slug=staff.council.slug)
    if posted and not errors:
        errors = error_summary(form)
    match_flag_view_record(membership=staff.membership, flag=flag)
    question = question_for(flag.kind)
    return render(
        request,
        "people/flags/flag.html",
        {
            "staff": staff,
            "flag": flag,
            "headline": flag_headline(flag),
            "likely": percent_likely(flag.match_probability),
            "details": flag_details(flag=flag),
            "form": form if flag.status == MatchFlagStatus.OPEN else None,
            "question": question,
            "answer": question.confirm
            if flag.status == MatchFlagStatus.CONFIRMED
            else question.dismiss,
            "errors": errors,
            "active": ACTIVE,
            "title": flag_headline(flag),
        },
    )


@staff_page(Capability.SET_MATCHING_THRESHOLDS)
def thresholds(request: HttpRequest, staff: Staff) -> HttpResponse:
    current = matching_settings_current(council=staff.council)
    posted = request.method == "POST"
    form = ThresholdsForm(
        request.POST if posted else None, initial=ThresholdsForm.initial_from(current)
    )
    if posted and form.is_valid():
        try:
            matching_thresholds_set(actor=staff.user, council=staff.council, changes=form.changes())
        except ServiceError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, "Thresholds saved. Checks from now on use them to raise flags."
            )
            return redirect("match_flags:thresholds", council_slug=staff.council.slug)
    return render(
        request,
        "people/flags/thresholds.html",
        {
            "staff": staff,
            "form": form,
            "settings": current,
            "errors": error_summary(form) if form.is_bound else [],
            "active": ACTIVE,
            "title": "Thresholds for raising flags",
        },
    )
