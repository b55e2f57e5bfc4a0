"""Work queues and the team leader's view: order, filters, deadline colours, counts, who may look."""

import datetime
import re

import pytest
from django.test import Client
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.casework.selectors.cases import Rag, deadline_status
from onestop.casework.selectors.queues import (
    OPEN_STATUSES,
    QueueFilter,
    team_overview,
    work_queue,
)
from onestop.casework.services.assignment import case_assign, case_team_move
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.intake.models import Application, ApplicationStatus
from onestop.policy.models import Scheme
from onestop.policy.vocabulary import CrisisReason
from tests.factories import (
    london_time,
    make_budget,
    make_council,
    make_membership,
    make_scheme,
    make_team,
    person_details,
    submit_application,
)

pytestmark = pytest.mark.django_db

RANK = {"high": 0, "medium": 1, "low": 2}
# Crisis reasons the test policy ranks high, medium and low.
REASONS = [CrisisReason.NO_MONEY_FOR_FOOD, CrisisReason.LOSS_OF_INCOME, CrisisReason.OTHER]


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def queue_url(council: Council, query: str = "") -> str:
    return f"/staff/{council.slug}/cases/queue/" + (f"?{query}" if query else "")


def team_url(council: Council, query: str = "") -> str:
    return f"/staff/{council.slug}/cases/team/" + (f"?{query}" if query else "")


def urgency(application: Application) -> tuple:
    return (
        RANK[application.priority],
        application.decision_due,
        application.submitted_at,
        application.pk,
    )


@pytest.fixture
def team_leader(council: Council) -> Membership:
    return make_membership(role=Role.TEAM_LEADER, council=council)


# Order and filters ---------------------------------------------------------------------------

case_shapes = st.lists(
    st.tuples(
        st.sampled_from(REASONS),
        st.integers(min_value=1, max_value=28),  # day of June 2026 it was made
        st.integers(min_value=8, max_value=20),  # hour
        st.booleans(),  # in the team's queue
        st.booleans(),  # held by the decision maker
    ),
    max_size=7,
)


@settings(max_examples=25)
@given(shapes=case_shapes)
def test_any_queue_is_sorted_by_priority_then_deadline_and_each_filter_keeps_its_own_cases(
    council: Council,
    scheme: Scheme,
    decision_maker: Membership,
    team_leader: Membership,
    rolled_back,
    shapes: list,
) -> None:
    with rolled_back():
        team = make_team(leader=team_leader, name="Crisis team", members=[decision_maker])
        made = []
        for reason, day, hour, in_team, held in shapes:
            application = submit_application(
                scheme=scheme, crisis_reason=reason, submitted_at=london_time(2026, 6, day, hour)
            )
            if in_team:
                case_team_move(
                    membership=team_leader, application=application, team=team, reason="Test"
                )
            if held:
                case_assign(
                    membership=team_leader, application=application, assignee=decision_maker
                )
            made.append(Application.objects.get(pk=application.pk))

        everything = list(work_queue(council=council))
        assert everything == sorted(made, key=urgency)
        assert [RANK[a.priority] for a in everything] == sorted(RANK[a.priority] for a in made)

        filters = {
            QueueFilter(team=team): lambda a: a.team_id == team.pk,
            QueueFilter(without_team=True): lambda a: a.team_id is None,
            QueueFilter(holder=decision_maker.user): lambda a: (
                a.assigned_to_id == decision_maker.user_id
            ),
            QueueFilter(unassigned=True): lambda a: a.assigned_to_id is None,
            QueueFilter(team=team, unassigned=True): lambda a: (
                a.team_id == team.pk and a.assigned_to_id is None
            ),
        }
        for queue_filter, keeps in filters.items():
            expected = sorted((a for a in made if keeps(a)), key=urgency)
            assert list(work_queue(council=council, filters=queue_filter)) == expected


def test_the_queue_filters_by_scheme_and_status(council: Council, budget) -> None:
    crisis = budget.scheme
    items = make_scheme(council=council, name="Essential items", reference_prefix="EI")
    crisis_case = submit_application(scheme=crisis)
    items_case = submit_application(scheme=items)
    waiting = submit_application(scheme=crisis)
    Application.objects.filter(pk=waiting.pk).update(
        status=ApplicationStatus.WAITING_FOR_INFORMATION
    )

    assert list(work_queue(council=council, filters=QueueFilter(scheme=items))) == [items_case]
    assert list(
        work_queue(
            council=council,
            filters=QueueFilter(statuses=(ApplicationStatus.WAITING_FOR_INFORMATION,)),
        )
    ) == [waiting]
    assert set(work_queue(council=council, filters=QueueFilter(statuses=OPEN_STATUSES))) == {
        crisis_case,
        items_case,
        waiting,
    }


# Deadline colours --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("region", "today", "due", "rag", "elsewhere"),
    [
        # Good Friday and Easter Monday 2026: a Tuesday deadline is the next working day after
        # Maundy Thursday in England and Wales and Northern Ireland, not in Scotland.
        ("ENG", datetime.date(2026, 4, 2), datetime.date(2026, 4, 7), Rag.AMBER, "SCT"),
        ("NIR", datetime.date(2026, 4, 2), datetime.date(2026, 4, 7), Rag.AMBER, "SCT"),
        # 1 and 2 January (2 January 2027 is a Saturday, so Monday 4th is the holiday).
        ("SCT", datetime.date(2026, 12, 31), datetime.date(2027, 1, 5), Rag.AMBER, "ENG"),
        # St Patrick's Day, Tuesday 17 March 2026.
        ("NIR", datetime.date(2026, 3, 16), datetime.date(2026, 3, 18), Rag.AMBER, "ENG"),
    ],
)
def test_due_soon_counts_working_days_with_the_councils_bank_holidays(
    region: str, today: datetime.date, due: datetime.date, rag: Rag, elsewhere: str
) -> None:
    assert deadline_status(due=due, today=today, region=region).rag == rag
    assert deadline_status(due=due, today=today, region=elsewhere).rag == Rag.GREEN


@pytest.mark.parametrize(
    ("due", "label", "rag"),
    [
        (datetime.date(2026, 6, 9), "Overdue", Rag.RED),
        (datetime.date(2026, 6, 10), "Due today", Rag.AMBER),
        (datetime.date(2026, 6, 11), "Due next working day", Rag.AMBER),
        (datetime.date(2026, 6, 12), "On time", Rag.GREEN),
    ],
)
def test_red_is_overdue_amber_is_due_today_or_next_working_day_green_is_later(
    due: datetime.date, label: str, rag: Rag
) -> None:
    status = deadline_status(due=due, today=datetime.date(2026, 6, 10), region="ENG")
    assert (status.label, status.rag) == (label, rag)


def test_a_scottish_team_view_counts_due_soon_across_its_own_bank_holiday() -> None:
    council = make_council(bank_holiday_region="SCT")
    scheme = make_scheme(council=council)
    # Made on Wednesday 30 December 2026: due the next working day, Thursday 31st.
    on_31st = submit_application(scheme=scheme, submitted_at=london_time(2026, 12, 30))
    # Made on the 31st: the next Scottish working day is Tuesday 5 January 2027.
    on_5th = submit_application(scheme=scheme, submitted_at=london_time(2026, 12, 31))
    assert (on_31st.decision_due, on_5th.decision_due) == (
        datetime.date(2026, 12, 31),
        datetime.date(2027, 1, 5),
    )

    on_new_years_eve = team_overview(council=council, team=None, today=datetime.date(2026, 12, 31))
    assert (on_new_years_eve.totals.due_soon, on_new_years_eve.totals.on_time) == (2, 0)
    on_4th = team_overview(council=council, team=None, today=datetime.date(2027, 1, 4))
    assert (on_4th.totals.overdue, on_4th.totals.due_soon) == (1, 1)
    assert on_4th.late == [on_31st]


# The queue page ------------------------------------------------------------------------------


def test_the_queue_shows_each_case_with_its_deadline_colour_and_who_holds_it(
    council: Council, scheme: Scheme, decision_maker: Membership, team_leader: Membership
) -> None:
    today = timezone.localdate()
    held = submit_application(scheme=scheme, applicant=person_details(first_name="Gwen"))
    late = submit_application(scheme=scheme, applicant=person_details(first_name="Rhys"))
    Application.objects.filter(pk=late.pk).update(decision_due=today - datetime.timedelta(days=3))
    case_assign(membership=team_leader, application=held, assignee=decision_maker)

    page = client_for(decision_maker).get(queue_url(council)).content.decode()

    for application in (held, late):
        assert application.reference in page
    assert "Gwen" in page
    assert "Rhys" in page
    assert scheme.name in page
    assert "Overdue" in page
    assert decision_maker.user.display_name in page
    # Only the case nobody holds can be taken, and a decision maker cannot reassign.
    assert page.count(f"/cases/{late.reference}/take/") == 1
    assert f"/cases/{held.reference}/take/" not in page
    assert "Reassign selected cases" not in page


def test_a_decision_makers_queue_opens_on_their_own_team(
    council: Council, decision_maker: Membership, team_leader: Membership
) -> None:
    ours = make_scheme(council=council, name="Crisis Payment")
    theirs = make_scheme(council=council, name="Essential items", reference_prefix="EI")
    make_team(leader=team_leader, name="Crisis team", members=[decision_maker], schemes=[ours])
    make_team(leader=team_leader, name="Items team", schemes=[theirs])
    our_case = submit_application(scheme=ours)
    their_case = submit_application(scheme=theirs)
    client = client_for(decision_maker)

    mine = client.get(queue_url(council)).content.decode()
    everyone = client.get(queue_url(council, "team=all")).content.decode()

    assert our_case.reference in mine
    assert their_case.reference not in mine
    assert our_case.reference in everyone
    assert their_case.reference in everyone


def test_the_queue_filters_to_my_cases_and_to_unassigned_cases(
    council: Council, scheme: Scheme, decision_maker: Membership, team_leader: Membership
) -> None:
    mine = submit_application(scheme=scheme)
    nobodys = submit_application(scheme=scheme)
    case_assign(membership=team_leader, application=mine, assignee=decision_maker)
    client = client_for(decision_maker)

    assigned_to_me = client.get(queue_url(council, "assigned=me")).content.decode()
    unassigned = client.get(queue_url(council, "assigned=unassigned")).content.decode()
    by_name = client.get(queue_url(council, f"assigned={decision_maker.user_id}")).content.decode()

    assert mine.reference in assigned_to_me
    assert nobodys.reference not in assigned_to_me
    assert nobodys.reference in unassigned
    assert mine.reference not in unassigned
    assert mine.reference in by_name
    assert nobodys.reference not in by_name


def test_a_filter_that_is_not_on_the_list_says_so_and_shows_the_default_queue(
    council: Council, scheme: Scheme, decision_maker: Membership
) -> None:
    application = submit_application(scheme=scheme)
    response = client_for(decision_maker).get(queue_url(council, "scheme=999999"))
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose a scheme from the list" in page
    assert application.reference in page


def test_an_empty_queue_says_there_is_nothing_waiting(
    council: Council, decision_maker: Membership
) -> None:
    page = client_for(decision_maker).get(queue_url(council)).content.decode()
    assert "There is nothing waiting for a decision." in page


# The team leader's view ----------------------------------------------------------------------


def test_the_team_view_counts_equal_what_the_queue_lists_for_each_person(
    council: Council, scheme: Scheme, decision_maker: Membership, team_leader: Membership
) -> None:
    make_budget(scheme=scheme)
    other = make_membership(role=Role.DECISION_MAKER, council=council)
    team = make_team(leader=team_leader, members=[decision_maker, other], schemes=[scheme])
    today = timezone.localdate()
    dues = [-5, -1, 0, 0, 3, 10, 30]
    cases = []
    for days in dues:
        application = submit_application(scheme=scheme)
        Application.objects.filter(pk=application.pk).update(
            decision_due=today + datetime.timedelta(days=days)
        )
        cases.append(application)
    for application in cases[:3]:
        case_assign(membership=team_leader, application=application, assignee=decision_maker)
    case_assign(membership=team_leader, application=cases[4], assignee=other)
    region = council.bank_holiday_region

    overview = team_overview(council=council, team=team, today=today)

    for workload in [overview.unassigned, *overview.people]:
        queue = list(
            work_queue(
                council=council,
                filters=QueueFilter(
                    team=team,
                    holder=workload.holder,
                    unassigned=workload.holder is None,
                    statuses=OPEN_STATUSES,
                ),
            )
        )
        rags = [deadline_status(due=a.decision_due, today=today, region=region).rag for a in queue]
        assert workload.held == len(queue)
        assert workload.overdue == rags.count(Rag.RED)
        assert workload.due_soon == rags.count(Rag.AMBER)
        assert workload.on_time == rags.count(Rag.GREEN)
        assert workload.oldest_deadline == min((a.decision_due for a in queue), default=None)
    assert overview.totals.held == len(dues)
    assert overview.totals.overdue == 2
    assert {a.pk for a in overview.late} == {cases[0].pk, cases[1].pk}
    holders = [w.holder for w in overview.people]
    assert decision_maker.user in holders
    assert other.user in holders


def test_the_team_page_shows_each_person_links_to_their_queue_and_lists_late_cases(
    council: Council, scheme: Scheme, decision_maker: Membership, team_leader: Membership
) -> None:
    team = make_team(leader=team_leader, members=[decision_maker, team_leader], schemes=[scheme])
    late = submit_application(scheme=scheme, applicant=person_details(first_name="Dilys"))
    Application.objects.filter(pk=late.pk).update(
        decision_due=timezone.localdate() - datetime.timedelta(days=2)
    )
    case_assign(membership=team_leader, application=late, assignee=decision_maker)

    page = client_for(team_leader).get(team_url(council)).content.decode()

    assert team.name in page
    assert decision_maker.user.display_name in page
    assert "Not assigned to anyone" in page
    assert re.search(
        rf"cases/queue/\?team={team.pk}&amp;assigned={decision_maker.user_id}&amp;status=open",
        page,
    )
    assert "Late cases" in page
    assert late.reference in page
    assert "Dilys" in page


# Who may open the pages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "role"),
    [
        ("queue/", Role.ADVISER),
        ("queue/", Role.FINANCE),
        ("team/", Role.ADVISER),
        ("team/", Role.DECISION_MAKER),
        ("teams/", Role.DECISION_MAKER),
        ("teams/new/", Role.ADVISER),
    ],
)
def test_people_without_the_capability_are_refused(council: Council, path: str, role: Role) -> None:
    response = client_for(make_membership(role=role, council=council)).get(
        f"/staff/{council.slug}/cases/{path}"
    )
    assert response.status_code == 403
    assert "You do not have permission" in response.content.decode()


@pytest.mark.parametrize("path", ["queue/", "team/", "teams/", "teams/new/"])
def test_staff_of_another_council_get_page_not_found(
    council: Council, other_council: Council, path: str
) -> None:
    outsider = make_membership(role=Role.TEAM_LEADER, council=other_council)
    response = client_for(outsider).get(f"/staff/{council.slug}/cases/{path}")
    assert response.status_code == 404
