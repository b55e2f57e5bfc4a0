"""The service dashboard for managers: headline figures, weeks, breakdowns and this month's
spending, from the daily facts, with each table as CSV and Excel downloads."""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from onestop.core.forms import error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.insight.charts import Bar, bar_chart, horizontal_bar_chart
from onestop.insight.dashboard_tables import (
    Table,
    cell_text,
    dashboard_tables,
    is_number,
    table_csv,
    tables_xlsx,
)
from onestop.insight.forms import DashboardFilterForm
from onestop.insight.selectors.dashboard import (
    Dashboard,
    Filters,
    dashboard_choices,
    dashboard_figures,
    default_period,
    headlines,
    whole_pounds,
)

# Managers' figures: team leaders and council admins hold this capability (see core/roles.py).
SEE_DASHBOARD = Capability.VIEW_AUDIT_LOG
FILTER_NAMES = ("start", "end", *(name for name, *_ in DashboardFilterForm.LISTS))
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ALL_TABLES = "all"


def _asked(request: HttpRequest) -> QueryDict | None:
    """The filters asked for, with the default dates filled in for a date not given at all (a
    link with only ?channel=web shows the usual 8 weeks); None when nothing was asked."""
    if not any(key.startswith(FILTER_NAMES) for key in request.GET):
        return None
    data = request.GET.copy()
    default = default_period(timezone.localdate())
    for name, date in (("start", default.start), ("end", default.end)):
        parts = (f"{name}_day", f"{name}_month", f"{name}_year")
        if not any(part in data for part in parts):
            data.update(
                dict(zip(parts, (str(date.day), str(date.month), str(date.year)), strict=True))
            )
    return data


def _filters(request: HttpRequest, staff: Staff) -> tuple[DashboardFilterForm, Filters | None]:
    """The form, and the filters it asks for (None when they are wrong)."""
    default = default_period(timezone.localdate())
    data = _asked(request)
    form = DashboardFilterForm(
        data,
        choices=dashboard_choices(council=staff.council),
        initial={"start": default.start, "end": default.end},
    )
    if data is None:
        return form, Filters(period=default)
    if not form.is_valid():
        return form, None
    return form, form.filters()


def _described(form: DashboardFilterForm, filters: Filters) -> list[str]:
    """The filters other than the period, as people read them: ["Online", "Abbey"]."""
    chosen = []
    for name, *_ in form.LISTS:
        value = form.cleaned_data.get(name) if form.is_bound else ""
        if value:
            field = form.fields[name]
            chosen.append(dict(field.choices)[value])  # type: ignore[attr-defined]
    return chosen


def _day_month(day: datetime.date) -> str:
    return f"{day.day} {day:%b}"


@dataclass(frozen=True)
class Chart:
    title: str  # shown above the drawing, which is named by the same words
    svg: str


@dataclass(frozen=True)
class Section:
    """A table on the page, the charts drawn from it, and its heading."""

    heading: str
    table: Table
    charts: list[Chart]


def _chart(drawing: Callable[..., str], *, chart_id: str, title: str, **kwargs: Any) -> Chart:
    return Chart(title, drawing(chart_id=chart_id, title=title, **kwargs))


def _sections(dashboard: Dashboard, tables: dict[str, Table]) -> dict[str, list[Section]]:
    period = dashboard.filters.period
    span = f"from {period.start.day} {period.start:%B %Y} to {period.end.day} {period.end:%B %Y}"
    weekly = [
        Bar(_day_month(week.start), week.totals.applications, f"{week.totals.applications:,}")
        for week in dashboard.weeks
    ]
    weekly_spend = [
        Bar(_day_month(week.start), week.totals.spend_pence, whole_pounds(week.totals.spend_pence))
        for week in dashboard.weeks
    ]
    month = dashboard.month
    month_bars = [
        Bar("Awarded so far", month.spent_pence, whole_pounds(month.spent_pence)),
        Bar("Forecast for the month", month.forecast_pence, whole_pounds(month.forecast_pence)),
    ]
    if month.planned_pence is not None:
        month_bars.append(
            Bar("Planned for the month", month.planned_pence, whole_pounds(month.planned_pence))
        )
    weeks_charts = [
        _chart(
            bar_chart,
            chart_id="chart-weekly-applications",
            title="Applications each week",
            description=f"Bar chart of applications in each week {span}, each bar labelled "
            "with the first day of its week. The table below gives the figures.",
            bars=weekly,
        ),
        _chart(
            bar_chart,
            chart_id="chart-weekly-spend",
            title="Spend each week",
            description=f"Bar chart of the value awarded in each week {span}, each bar "
            "labelled with the first day of its week. The table below gives the figures.",
            bars=weekly_spend,
        ),
    ]
    breakdowns = []
    for breakdown in dashboard.breakdowns:
        table = tables[breakdown.dimension.replace("_", "-")]
        kind = breakdown.title.lower()
        chart = _chart(
            horizontal_bar_chart,
            chart_id=f"chart-{table.name}",
            title=f"Applications by {kind}",
            description=f"Bar chart of applications {span} by {kind}. The table below gives "
            "these and the other figures.",
            bars=[
                Bar(row.label, row.totals.applications, f"{row.totals.applications:,}")
                for row in breakdown.rows
            ],
        )
        breakdowns.append(Section(f"By {kind}", table, [chart]))
    month_name = f"{month.month:%B %Y}"
    month_chart = _chart(
        horizontal_bar_chart,
        chart_id="chart-month",
        title=f"Spending in {month_name} against the plan",
        description="Bar chart of the value awarded this month so far, the forecast for the "
        "whole month, and what the budgets plan for it. The table below gives the figures.",
        bars=month_bars,
    )
    return {
        "weeks": [Section("By week", tables["weeks"], weeks_charts)],
        "month": [Section(f"Spending in {month_name}", tables["month"], [month_chart])],
        "breakdowns": breakdowns,
    }


@staff_page(SEE_DASHBOARD)
def dashboard(request: HttpRequest, staff: Staff) -> HttpResponse:
    form, filters = _filters(request, staff)
    context: dict[str, object] = {
        "staff": staff,
        "title": "Service dashboard",
        "active": "insight",
        "form": form,
        "errors": error_summary(form) if form.is_bound else [],
        "filters": filters,
        "query": request.GET.urlencode(),
        "cell_text": cell_text,
        "is_number": is_number,
    }
    if filters is not None:
        figures = dashboard_figures(
            council=staff.council, filters=filters, today=timezone.localdate()
        )
        tables = {table.name: table for table in dashboard_tables(figures)}
        context.update(
            {
                "dashboard": figures,
                "headlines": headlines(figures),
                "chosen": _described(form, filters),
                "headline_table": tables["figures"],
                "sections": _sections(figures, tables),
            }
        )
    return render(request, "insight/dashboard.html", context)


def _download(
    request: HttpRequest, staff: Staff, table_name: str
) -> tuple[list[Table], str] | HttpResponse:
    """The tables asked for and the file name's stem, or the response saying what is wrong."""
    form, filters = _filters(request, staff)
    if filters is None:
        return HttpResponse(
            "Check the filters: " + " ".join(e["text"] for e in error_summary(form)),
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    figures = dashboard_figures(council=staff.council, filters=filters, today=timezone.localdate())
    tables = dashboard_tables(figures)
    if table_name != ALL_TABLES:
        tables = [table for table in tables if table.name == table_name]
        if not tables:
            raise Http404("No such table")
    period = filters.period
    stem = f"service-dashboard-{table_name}-{staff.council.slug}-{period.start}-to-{period.end}"
    return tables, stem


@staff_page(SEE_DASHBOARD)
def dashboard_csv(request: HttpRequest, staff: Staff, table: str) -> HttpResponse:
    if table == ALL_TABLES:
        raise Http404("A CSV file holds one table")
    found = _download(request, staff, table)
    if isinstance(found, HttpResponse):
        return found
    tables, stem = found
    response = HttpResponse(table_csv(tables[0]), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{stem}.csv"'
    return response


@staff_page(SEE_DASHBOARD)
def dashboard_xlsx(request: HttpRequest, staff: Staff, table: str) -> HttpResponse:
    found = _download(request, staff, table)
    if isinstance(found, HttpResponse):
        return found
    tables, stem = found
    response = HttpResponse(tables_xlsx(tables), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{stem}.xlsx"'
    return response
