"""The public performance page: a council's crisis support figures for a full month or quarter,
small numbers hidden, as a page and as a CSV file. No sign-in; shared caches may keep both for
an hour, since the figures change once a day."""

import csv

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from onestop.councils.access import public_council
from onestop.councils.contact import call_us
from onestop.insight.selectors.public import (
    CHANNEL_SHARE,
    FIGURES,
    PublicPeriod,
    last_full_quarter,
    period_choices,
    period_from_key,
    public_performance,
)
from onestop.notifications.language import written_date

CACHE_SECONDS = 3600
CSV_COLUMNS = [
    "period_start",
    "period_end",
    "scheme",
    "how_people_applied",
    "figure",
    "unit",
    "value",
]


def _period(request: HttpRequest) -> PublicPeriod:
    """The period the address asks for; the last full quarter when it asks for none."""
    today = timezone.localdate()
    key = request.GET.get("period", "")
    if not key:
        return last_full_quarter(today)
    period = period_from_key(key, today=today)
    if period is None:
        raise Http404("No such period")
    return period


def _cached_publicly(response: HttpResponse) -> HttpResponse:
    patch_cache_control(response, public=True, max_age=CACHE_SECONDS)
    # The language is chosen by a cookie as well as by the browser's Accept-Language header.
    patch_vary_headers(response, ("Cookie",))
    return response


@require_safe
def performance(request: HttpRequest, council_slug: str) -> HttpResponse:
    council = public_council(council_slug)
    period = _period(request)
    figures = public_performance(council=council, period=period)
    choices = period_choices(council=council, today=timezone.localdate(), chosen=period)
    updated = figures.updated
    return _cached_publicly(
        render(
            request,
            "insight/public/performance.html",
            {
                "council": council,
                "call_us": call_us(council),
                "title": _("Crisis support figures"),
                "period": period,
                "choices": choices,
                "figures": figures,
                "figure_specs": [*FIGURES, CHANNEL_SHARE],
                "updated_on": (
                    written_date(timezone.localtime(updated).date(), translation.get_language())
                    if updated
                    else ""
                ),
            },
        )
    )


@require_safe
def performance_csv(request: HttpRequest, council_slug: str) -> HttpResponse:
    council = public_council(council_slug)
    period = _period(request)
    figures = public_performance(council=council, period=period)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"crisis-support-figures-{council.slug}-{period.key}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    writer = csv.writer(response)
    writer.writerow(CSV_COLUMNS)
    if figures.published:
        for scheme, channel, figure in figures.rows():
            writer.writerow(
                [
                    period.start.isoformat(),
                    period.end.isoformat(),
                    scheme,
                    channel,
                    figure.label,
                    figure.unit.value,
                    figure.csv_value,
                ]
            )
    return _cached_publicly(response)
