"""Who holds a case: taking, assigning, bulk reassigning, moving teams, and setting teams up."""

import pytest
from django.test import Client

from onestop.casework.services.assignment import (
    case_assign,
    case_take,
    case_team_move,
    cases_reassign,
    cases_reassign_all,
)
from onestop.casework.services.teams import scheme_team_set, team_create, team_member_set
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership, Team
from onestop.councils.services import membership_grant
from onestop.intake.models import Application
from onestop.policy.models import Scheme
from tests.factories import (
    make_award,
    make_membership,
    make_scheme,
    make_team,
    submit_application,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def team_leader(council: Council) -> Membership:
    return make_membership(role=Role.TEAM_LEADER, council=council)


@pytest.fixture
def application(scheme: Scheme) -> Application:
    return submit_application(scheme=scheme)


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def holder_of(application: Application) -> int | None:
    return Application.objects.get(pk=application.pk).assigned_to_id


def events(action: str, application: Application) -> list[AuditEvent]:
    return list(
        AuditEvent.objects.filter(action=action, case_reference=application.reference).order_by(
            "id"
        )
    )


# Taking a case -------------------------------------------------------------------------------


def test_a_decision_maker_takes_an_unheld_case_and_the_timeline_says_so(
    decision_maker: Membership, application: Application
) -> None:
    case_take(membership=decision_maker, application=application)

    assert holder_of(application) == decision_maker.user_id
    [event] = events("case.taken", application)
    assert event.actor == decision_maker.user
    assert event.council == application.council
    assert decision_maker.user.display_name in event.summary


def test_nobody_can_take_a_case_someone_else_holds(
    council: Council, decision_maker: Membership, application: Application
) -> None:
    colleague = make_membership(role=Role.DECISION_MAKER, council=council)
    case_take(membership=colleague, application=application)

    with pytest.raises(ServiceError, match=f"{colleague.user.display_name} already holds"):
        case_take(membership=decision_maker, application=application)
    assert holder_of(application) == colleague.user_id


def test_an_adviser_cannot_take_a_case(adviser: Membership, application: Application) -> None:
    with pytest.raises(NotPermitted):
        case_take(membership=adviser, application=application)
    assert holder_of(application) is None


def test_taking_from_the_queue_page_goes_to_the_case(
    council: Council, decision_maker: Membership, application: Application
) -> None:
    response = client_for(decision_maker).post(
        f"/staff/{council.slug}/cases/{application.reference}/take/", follow=True
    )
    assert response.redirect_chain[-1][0] == f"/staff/{council.slug}/cases/{application.reference}/"
    assert f"You now hold {application.reference}." in response.content.decode()
    assert holder_of(application) == decision_maker.user_id


# Assigning one case --------------------------------------------------------------------------


def test_a_team_leader_assigns_reassigns_and_unassigns_with_an_audit_row_each_time(
    council: Council, team_leader: Membership, decision_maker: Membership, application: Application
) -> None:
    colleague = make_membership(role=Role.DECISION_MAKER, council=council)

    case_assign(membership=team_leader, application=application, assignee=decision_maker)
    case_assign(membership=team_leader, application=application, assignee=colleague, reason="Leave")
    assert holder_of(application) == colleague.user_id
    case_assign(membership=team_leader, application=application, assignee=None)
    assert holder_of(application) is None

    summaries = [
        e.summary
        for e in AuditEvent.objects.filter(
            case_reference=application.reference, action__in=["case.assigned", "case.unassigned"]
        ).order_by("id")
    ]
    assert summaries == [
        f"Assigned to {decision_maker.user.display_name}",
        f"Reassigned from {decision_maker.user.display_name} to {colleague.user.display_name}",
        f"Returned to the queue from {colleague.user.display_name}",
    ]
    assert events("case.assigned", application)[-1].reason == "Leave"


@pytest.mark.parametrize("role", [Role.ADVISER, Role.FINANCE, Role.ADMIN])
def test_people_who_cannot_decide_cannot_be_given_a_case(
    council: Council, team_leader: Membership, application: Application, role: Role
) -> None:
    cannot_decide = make_membership(role=role, council=council)
    with pytest.raises(ServiceError, match="cannot decide applications") as refused:
        case_assign(membership=team_leader, application=application, assignee=cannot_decide)
    assert "Choose a decision maker or team leader" in refused.value.message
    assert holder_of(application) is None
    assert not events("case.assigned", application)


def test_staff_of_another_council_cannot_be_given_a_case(
    other_council: Council, team_leader: Membership, application: Application
) -> None:
    outsider = make_membership(role=Role.DECISION_MAKER, council=other_council)
    with pytest.raises(ServiceError, match="does not work for this council"):
        case_assign(membership=team_leader, application=application, assignee=outsider)
    assert holder_of(application) is None


def test_a_decision_maker_cannot_assign_cases(
    council: Council, decision_maker: Membership, application: Application
) -> None:
    colleague = make_membership(role=Role.DECISION_MAKER, council=council)
    with pytest.raises(NotPermitted):
        case_assign(membership=decision_maker, application=application, assignee=colleague)


def test_a_decided_case_cannot_be_assigned(
    team_leader: Membership, decision_maker: Membership, application: Application, budget
) -> None:
    make_award(application=application, membership=decision_maker)
    with pytest.raises(ServiceError, match="already been decided"):
        case_assign(membership=team_leader, application=application, assignee=decision_maker)


def test_the_assign_page_refuses_someone_not_on_the_list_and_changes_nothing(
    council: Council, team_leader: Membership, application: Application
) -> None:
    adviser = make_membership(role=Role.ADVISER, council=council)
    url = f"/staff/{council.slug}/cases/{application.reference}/assign/"
    response = client_for(team_leader).post(url, {"assignee": str(adviser.user_id)})
    page = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in page
    assert "Choose a decision maker or team leader from the list" in page
    assert holder_of(application) is None


def test_the_assign_page_gives_the_case_to_the_person_chosen(
    council: Council, team_leader: Membership, decision_maker: Membership, application: Application
) -> None:
    url = f"/staff/{council.slug}/cases/{application.reference}/assign/"
    response = client_for(team_leader).post(
        url, {"assignee": str(decision_maker.user_id), "reason": "Knows the family"}, follow=True
    )
    assert f"is now held by {decision_maker.user.display_name}" in response.content.decode()
    assert holder_of(application) == decision_maker.user_id
    assert events("case.assigned", application)[0].reason == "Knows the family"


# Bulk reassignment ---------------------------------------------------------------------------


def test_bulk_reassign_moves_open_cases_skips_decided_ones_and_audits_each(
    scheme: Scheme, budget, team_leader: Membership, decision_maker: Membership
) -> None:
    open_cases = [submit_application(scheme=scheme) for _ in range(3)]
    decided = submit_application(scheme=scheme)
    make_award(application=decided, membership=team_leader)

    result = cases_reassign(
        membership=team_leader, applications=[*open_cases, decided], assignee=decision_maker
    )

    assert sorted(result.moved) == sorted(a.reference for a in open_cases)
    assert result.skipped == {decided.reference: "has already been decided"}
    assert all(holder_of(a) == decision_maker.user_id for a in open_cases)
    assert holder_of(decided) is None
    for application in open_cases:
        assert len(events("case.assigned", application)) == 1
    assert not events("case.assigned", decided)
    assert result.summary() == (
        f"3 cases moved to {decision_maker.user.display_name}. "
        f"1 skipped: {decided.reference} has already been decided."
    )


def test_bulk_reassign_refuses_an_adviser_and_moves_nothing(
    council: Council, scheme: Scheme, team_leader: Membership
) -> None:
    cases = [submit_application(scheme=scheme) for _ in range(2)]
    adviser = make_membership(role=Role.ADVISER, council=council)
    with pytest.raises(ServiceError, match="cannot decide applications"):
        cases_reassign(membership=team_leader, applications=cases, assignee=adviser)
    assert all(holder_of(a) is None for a in cases)


def test_bulk_reassign_refuses_another_councils_case_and_moves_nothing(
    scheme: Scheme, other_council: Council, team_leader: Membership, decision_maker: Membership
) -> None:
    ours = submit_application(scheme=scheme)
    theirs = submit_application(scheme=make_scheme(council=other_council))
    with pytest.raises(NotPermitted):
        cases_reassign(membership=team_leader, applications=[ours, theirs], assignee=decision_maker)
    assert holder_of(ours) is None
    assert holder_of(theirs) is None


def test_the_queue_page_reassigns_the_ticked_cases_and_says_how_many(
    council: Council, scheme: Scheme, budget, team_leader: Membership, decision_maker: Membership
) -> None:
    ticked = [submit_application(scheme=scheme) for _ in range(2)]
    left = submit_application(scheme=scheme)
    decided = submit_application(scheme=scheme)
    make_award(application=decided, membership=team_leader)

    response = client_for(team_leader).post(
        f"/staff/{council.slug}/cases/queue/?status=open",
        {
            "cases": [a.reference for a in [*ticked, decided]],
            "assignee": str(decision_maker.user_id),
        },
        follow=True,
    )

    page = response.content.decode()
    assert response.redirect_chain[-1][0] == f"/staff/{council.slug}/cases/queue/?status=open"
    assert f"2 cases moved to {decision_maker.user.display_name}." in page
    assert f"1 skipped: {decided.reference} has already been decided." in page
    assert all(holder_of(a) == decision_maker.user_id for a in ticked)
    assert holder_of(left) is None


def test_the_queue_page_asks_for_cases_and_a_person_and_changes_nothing_without_them(
    council: Council, application: Application, team_leader: Membership
) -> None:
    response = client_for(team_leader).post(f"/staff/{council.slug}/cases/queue/", {})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Select the cases to reassign" in page
    assert "Choose who should hold the selected cases" in page
    assert not AuditEvent.objects.filter(action="case.assigned").exists()


def test_a_decision_maker_cannot_bulk_reassign(
    council: Council, application: Application, decision_maker: Membership
) -> None:
    response = client_for(decision_maker).post(
        f"/staff/{council.slug}/cases/queue/",
        {"cases": [application.reference], "assignee": str(decision_maker.user_id)},
    )
    assert response.status_code == 403
    assert holder_of(application) is None


def test_everything_one_person_holds_moves_to_another_when_they_are_off_sick(
    council: Council, scheme: Scheme, budget, team_leader: Membership, decision_maker: Membership
) -> None:
    off_sick = make_membership(role=Role.DECISION_MAKER, council=council)
    held = [submit_application(scheme=scheme) for _ in range(3)]
    for application in held:
        case_take(membership=off_sick, application=application)
    make_award(application=held[0], membership=off_sick)  # decided: stays where it is
    someone_elses = submit_application(scheme=scheme)
    case_take(membership=team_leader, application=someone_elses)

    result = cases_reassign_all(
        membership=team_leader, holder=off_sick, assignee=decision_maker, reason="Off sick"
    )

    assert sorted(result.moved) == sorted(a.reference for a in held[1:])
    assert holder_of(held[0]) == off_sick.user_id
    assert holder_of(someone_elses) == team_leader.user_id
    assert events("case.assigned", held[1])[0].reason == "Off sick"


def test_the_team_page_moves_all_of_one_persons_cases(
    council: Council, scheme: Scheme, team_leader: Membership, decision_maker: Membership
) -> None:
    off_sick = make_membership(role=Role.DECISION_MAKER, council=council)
    application = submit_application(scheme=scheme)
    case_take(membership=off_sick, application=application)

    response = client_for(team_leader).post(
        f"/staff/{council.slug}/cases/team/",
        {"holder": str(off_sick.user_id), "assignee": str(decision_maker.user_id)},
        follow=True,
    )

    assert f"1 case moved to {decision_maker.user.display_name}." in response.content.decode()
    assert holder_of(application) == decision_maker.user_id


def test_moving_cases_from_someone_who_holds_none_says_so(
    council: Council, team_leader: Membership, decision_maker: Membership
) -> None:
    idle = make_membership(role=Role.DECISION_MAKER, council=council)
    with pytest.raises(ServiceError, match="holds no open cases"):
        cases_reassign_all(membership=team_leader, holder=idle, assignee=decision_maker)


# Teams ---------------------------------------------------------------------------------------


def test_a_scheme_with_a_team_sends_new_applications_to_that_team(
    scheme: Scheme, team_leader: Membership
) -> None:
    before = submit_application(scheme=scheme)
    team = make_team(leader=team_leader, name="Crisis team", schemes=[scheme])
    after = submit_application(scheme=scheme)

    assert Application.objects.get(pk=after.pk).team == team
    assert Application.objects.get(pk=before.pk).team is None
    assert AuditEvent.objects.filter(action="scheme.team_changed").count() == 1


def test_moving_a_case_to_another_team_needs_a_reason_and_keeps_the_holder_only_if_in_it(
    council: Council, application: Application, team_leader: Membership
) -> None:
    crisis_member = make_membership(role=Role.DECISION_MAKER, council=council)
    items_member = make_membership(role=Role.DECISION_MAKER, council=council)
    crisis = make_team(leader=team_leader, name="Crisis team", members=[crisis_member])
    items = make_team(leader=team_leader, name="Items team", members=[items_member])

    with pytest.raises(ServiceError, match="Enter why"):
        case_team_move(membership=team_leader, application=application, team=crisis, reason=" ")
    assert Application.objects.get(pk=application.pk).team is None

    case_team_move(
        membership=team_leader, application=application, team=crisis, reason="Crisis case"
    )
    case_assign(membership=team_leader, application=application, assignee=crisis_member)
    case_team_move(
        membership=team_leader, application=application, team=items, reason="Needs a cooker"
    )

    moved = Application.objects.get(pk=application.pk)
    assert moved.team == items
    assert moved.assigned_to is None
    last = events("case.team_changed", application)[-1]
    assert last.reason == "Needs a cooker"
    assert last.summary == (
        f"Moved from Crisis team to Items team; {crisis_member.user.display_name} no longer holds it"
    )


def test_a_team_name_is_unique_in_the_council_whatever_its_case(
    council: Council, other_council: Council, team_leader: Membership
) -> None:
    team_create(membership=team_leader, name="Crisis team")
    with pytest.raises(ServiceError, match="already a team called"):
        team_create(membership=team_leader, name="crisis  TEAM")
    elsewhere = make_membership(role=Role.TEAM_LEADER, council=other_council)
    team_create(membership=elsewhere, name="Crisis team")
    assert Team.objects.filter(council=council).count() == 1


def test_only_team_leaders_manage_teams_and_only_their_own_councils(
    council: Council, other_council: Council, decision_maker: Membership, team_leader: Membership
) -> None:
    with pytest.raises(NotPermitted):
        team_create(membership=decision_maker, name="Our team")
    theirs = make_team(leader=make_membership(role=Role.TEAM_LEADER, council=other_council))
    with pytest.raises(ServiceError, match="this council's teams"):
        team_member_set(membership=team_leader, member=decision_maker, team=theirs)
    with pytest.raises(ServiceError, match="this council's schemes"):
        scheme_team_set(
            membership=team_leader, scheme=make_scheme(council=other_council), team=None
        )


def test_the_team_pages_set_up_a_team_put_someone_in_it_and_give_it_a_scheme(
    council: Council, scheme: Scheme, team_leader: Membership, decision_maker: Membership
) -> None:
    client = client_for(team_leader)
    base = f"/staff/{council.slug}/cases/teams"

    created = client.post(f"{base}/new/", {"name": "Crisis team"}, follow=True)
    team = Team.objects.get(council=council, name="Crisis team")
    joined = client.post(
        f"{base}/people/", {"person": str(decision_maker.pk), "team": str(team.pk)}, follow=True
    )
    given = client.post(
        f"{base}/schemes/", {"scheme": str(scheme.pk), "team": str(team.pk)}, follow=True
    )

    assert "Crisis team set up." in created.content.decode()
    assert f"{decision_maker.user.display_name} is now in Crisis team." in joined.content.decode()
    assert f"New {scheme.name} applications now go to Crisis team." in given.content.decode()
    decision_maker.refresh_from_db()
    scheme.refresh_from_db()
    assert decision_maker.team == team
    assert scheme.team == team
    page = client.get(f"{base}/").content.decode()
    assert decision_maker.user.display_name in page
    assert scheme.name in page


def test_a_new_team_needs_a_name(council: Council, team_leader: Membership) -> None:
    response = client_for(team_leader).post(f"/staff/{council.slug}/cases/teams/new/", {"name": ""})
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter a name for the team, like Crisis team" in page
    assert not Team.objects.exists()


def test_cases_held_by_someone_who_no_longer_decides_can_still_be_moved_on(
    council: Council, scheme: Scheme, team_leader: Membership, decision_maker: Membership
) -> None:
    moved_on = make_membership(role=Role.DECISION_MAKER, council=council)
    application = submit_application(scheme=scheme)
    case_take(membership=moved_on, application=application)
    membership_grant(actor=None, user=moved_on.user, council=council, role=Role.ADVISER)

    response = client_for(team_leader).post(
        f"/staff/{council.slug}/cases/team/",
        {"holder": str(moved_on.user_id), "assignee": str(decision_maker.user_id)},
        follow=True,
    )

    assert f"1 case moved to {decision_maker.user.display_name}." in response.content.decode()
    assert holder_of(application) == decision_maker.user_id
