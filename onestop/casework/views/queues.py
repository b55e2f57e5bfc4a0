"""Work queue pages: the filtered queue, taking and assigning cases, and the team leader's view."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from onestop.casework.forms.queues import (
    BulkReassignForm,
    CaseAssignForm,
    CaseTeamForm,
    CouncilChoices,
    QueueFilterForm,
    ReassignAllForm,
    TeamChoiceForm,
)
from onestop.casework.selectors.queues import OPEN_STATUSES, team_overview, work_queue_page
from onestop.casework.services.assignment import (
    case_assign,
    case_take,
    case_team_move,
    cases_reassign,
    cases_reassign_all,
)
from onestop.casework.services.decisions import case_view_record
from onestop.casework.views.cases import application_or_404
from onestop.core.errors import ServiceError
from onestop.core.forms import GovukForm, error_summary
from onestop.core.roles import Capability
from onestop.councils.access import Staff, staff_page
from onestop.intake.models import Application


def posted(request: HttpRequest) -> QueryDict | None:
    """The form data of a POST, even an empty one, so that an empty form shows its errors."""
    return request.POST if request.method == "POST" else None


def _refuse_into(form: GovukForm, error: ServiceError) -> None:
    form.add_error(error.field if error.field in form.fields else None, error.message)


def _to_case(staff: Staff, application: Application) -> HttpResponse:
    return redirect(
        "casework:case", council_slug=staff.council.slug, reference=application.reference
    )


@staff_page(Capability.DECIDE)
def queue(request: HttpRequest, staff: Staff) -> HttpResponse:
    choices = CouncilChoices(staff.council)
    filters = QueueFilterForm(request.GET, membership=staff.membership, choices=choices)
    bulk = None
    if staff.can(Capability.ASSIGN_CASES):
        bulk = BulkReassignForm(posted(request), council=staff.council, choices=choices)
    if request.method == "POST":
        if bulk is None:
            raise PermissionDenied
        if bulk.is_valid():
            try:
                result = cases_reassign(
                    membership=staff.membership,
                    applications=bulk.cleaned_data["cases"],
                    assignee=bulk.assignee_membership(),
                )
            except ServiceError as error:
                _refuse_into(bulk, error)
            else:
                messages.success(request, result.summary())
                return redirect(request.get_full_path())
    page = work_queue_page(
        council=staff.council, filters=filters.filters(), today=timezone.localdate()
    )
    return render(
        request,
        "casework/queue.html",
        {
            "staff": staff,
            "filters": filters,
            "bulk": bulk,
            "page": page,
            "selected": set(request.POST.getlist("cases")),
            "errors": error_summary(filters, *([bulk] if bulk and bulk.is_bound else [])),
            "active": "queue",
            "title": "Work queue",
        },
    )


@staff_page(Capability.DECIDE)
@require_POST
def take(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = application_or_404(staff, reference)
    try:
        case_take(membership=staff.membership, application=application)
    except ServiceError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"You now hold {application.reference}.")
    return _to_case(staff, application)


def _closed(request: HttpRequest, staff: Staff, application: Application) -> HttpResponse | None:
    if application.status in OPEN_STATUSES:
        return None
    messages.info(request, f"{application.reference} has already been decided.")
    return _to_case(staff, application)


@staff_page(Capability.ASSIGN_CASES)
def assign(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = application_or_404(staff, reference)
    if (closed := _closed(request, staff, application)) is not None:
        return closed
    if request.method == "GET":
        case_view_record(membership=staff.membership, application=application)
    initial = {"assignee": str(application.assigned_to_id)} if application.assigned_to_id else {}
    form = CaseAssignForm(posted(request), initial=initial, choices=CouncilChoices(staff.council))
    if request.method == "POST" and form.is_valid():
        assignee = form.assignee_membership()
        try:
            case_assign(
                membership=staff.membership,
                application=application,
                assignee=assignee,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            _refuse_into(form, error)
        else:
            who = assignee.user.display_name if assignee else "nobody: it is back in the queue"
            messages.success(request, f"{application.reference} is now held by {who}.")
            return _to_case(staff, application)
    return render(
        request,
        "casework/case_assign.html",
        {
            "staff": staff,
            "application": application,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "queue",
            "title": f"Assign {application.reference}",
        },
    )


@staff_page(Capability.ASSIGN_CASES)
def move(request: HttpRequest, staff: Staff, reference: str) -> HttpResponse:
    application = application_or_404(staff, reference)
    if (closed := _closed(request, staff, application)) is not None:
        return closed
    if request.method == "GET":
        case_view_record(membership=staff.membership, application=application)
    form = CaseTeamForm(posted(request), choices=CouncilChoices(staff.council))
    if request.method == "POST" and form.is_valid():
        team = form.chosen_team()
        try:
            moved = case_team_move(
                membership=staff.membership,
                application=application,
                team=team,
                reason=form.cleaned_data["reason"],
            )
        except ServiceError as error:
            _refuse_into(form, error)
        else:
            holder = moved.assigned_to
            messages.success(
                request,
                f"{application.reference} moved to {team.name if team else 'no team'}"
                + (
                    f", still held by {holder.display_name}."
                    if holder
                    else ", waiting in its queue."
                ),
            )
            return _to_case(staff, application)
    return render(
        request,
        "casework/case_team.html",
        {
            "staff": staff,
            "application": application,
            "form": form,
            "errors": error_summary(form) if form.is_bound else [],
            "active": "queue",
            "title": f"Move {application.reference} to another team",
        },
    )


@staff_page(Capability.ASSIGN_CASES)
def team(request: HttpRequest, staff: Staff) -> HttpResponse:
    choices = CouncilChoices(staff.council)
    chooser = TeamChoiceForm(request.GET, membership=staff.membership, choices=choices)
    move_all = ReassignAllForm(posted(request), council=staff.council, choices=choices)
    if request.method == "POST" and move_all.is_valid():
        holder, assignee = move_all.memberships()
        try:
            result = cases_reassign_all(
                membership=staff.membership,
                holder=holder,
                assignee=assignee,
                reason=move_all.cleaned_data["reason"],
            )
        except ServiceError as error:
            _refuse_into(move_all, error)
        else:
            messages.success(request, result.summary())
            return redirect(request.get_full_path())
    chosen = chooser.chosen_team()
    return render(
        request,
        "casework/team.html",
        {
            "staff": staff,
            "chooser": chooser,
            "chosen_team": chosen,
            "overview": team_overview(
                council=staff.council, team=chosen, today=timezone.localdate()
            ),
            "move_all": move_all,
            "errors": error_summary(chooser, *([move_all] if move_all.is_bound else [])),
            "active": "team",
            "title": "Team",
        },
    )
