"""Insight pages for managers: channel fairness, as a table and as a CSV file."""

import csv

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from onestop.core.forms import error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.insight.forms import ChannelFilterForm
from onestop.insight.selectors.channels import (
    ChannelFigures,
    Period,
    channel_figures,
    default_period,
    duration_words,
    gap_sentences,
)
from onestop.policy.models import Scheme

# Managers' figures: team leaders and council admins hold this capability (see core/roles.py).
SEE_CHANNEL_FAIRNESS = Capability.VIEW_AUDIT_LOG


def _filters(
    request: HttpRequest, staff: Staff
) -> tuple[ChannelFilterForm, Period | None, Scheme | None]:
    """The form, and the period and scheme it asks for (the last 90 days when nothing is asked)."""
    default = default_period(timezone.localdate())
    asked = any(key.startswith(("start", "end", "scheme")) for key in request.GET)
    form = ChannelFilterForm(
        request.GET if asked else None,
        council=staff.council,
        initial={"start": default.start, "end": default.end},
    )
    if not asked:
        return form, default, None
    if not form.is_valid():
        return form, None, None
    scheme = form.schemes.get(form.cleaned_data["scheme"] or "")
    return form, Period(form.cleaned_data["start"], form.cleaned_data["end"]), scheme


@staff_page(SEE_CHANNEL_FAIRNESS)
def channels(request: HttpRequest, staff: Staff) -> HttpResponse:
    form, period, scheme = _filters(request, staff)
    rows = channel_figures(council=staff.council, period=period, scheme=scheme) if period else []
    return render(
        request,
        "insight/channels.html",
        {
            "staff": staff,
            "title": "Channel fairness",
            "active": "channels",
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "period": period,
            "scheme": scheme,
            "rows": rows,
            "gaps": gap_sentences(rows),
            "duration_words": duration_words,
            "csv_query": request.GET.urlencode(),
        },
    )


CSV_COLUMNS = [
    "channel",
    "applications",
    "decided",
    "awarded",
    "award_rate_percent",
    "median_hours_to_decision",
    "reviews_asked_for",
    "reviews_changed_decision",
]


def _csv_row(row: ChannelFigures) -> list[object]:
    rate, hours = row.award_rate, row.median_hours_to_decision
    return [
        row.channel.label,
        row.applications,
        row.decided,
        row.awarded,
        "" if rate is None else f"{rate:.1f}",
        "" if hours is None else f"{hours:.1f}",
        row.reviews_asked,
        row.reviews_changed,
    ]


@staff_page(SEE_CHANNEL_FAIRNESS)
def channels_csv(request: HttpRequest, staff: Staff) -> HttpResponse:
    form, period, scheme = _filters(request, staff)
    if period is None:
        return HttpResponse(
            "Check the dates: " + " ".join(e["text"] for e in error_summary(form)),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    name = f"channel-fairness-{staff.council.slug}-{period.start}-to-{period.end}.csv"
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    for row in channel_figures(council=staff.council, period=period, scheme=scheme):
        writer.writerow(_csv_row(row))
    return response
