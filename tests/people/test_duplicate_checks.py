"""The duplicate and fraud checks: on each application (after it is stored), when bank details
are given for an award, and each night over everyone a council knows."""

import datetime
import re
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from click.testing import CliRunner
from django.utils import timezone
from django_tasks import TaskResult, TaskResultStatus
from django_tasks.signals import task_finished

from onestop.cli import cli
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, User
from onestop.fulfilment.services.awards import payee_set
from onestop.intake.models import Application
from onestop.people.duplicates.checks import application_people_check, matching_nightly_run
from onestop.people.duplicates.records import people_records
from onestop.people.duplicates.services import ThresholdChanges, matching_thresholds_set
from onestop.people.models import MatchFlag, MatchFlagKind, MatchFlagSource, MatchFlagStatus
from onestop.people.services import AddressDetails, PersonDetails
from onestop.policy.models import Scheme
from tests.factories import (
    address_details,
    bank_details,
    make_council,
    make_membership,
    make_scheme,
    member_details,
    person_details,
    submit_application,
)

pytestmark = pytest.mark.django_db

Submit = Callable[..., Application]


@pytest.fixture
def finished_tasks() -> Iterator[list[TaskResult]]:
    results: list[TaskResult] = []

    def record(sender: Any, task_result: TaskResult, **kwargs: Any) -> None:
        results.append(task_result)

    task_finished.connect(record)
    yield results
    task_finished.disconnect(record)


@pytest.fixture
def submit(
    scheme: Scheme,
    django_capture_on_commit_callbacks: Callable[..., Any],
    finished_tasks: list[TaskResult],
) -> Submit:
    """Submit as a channel does; the check runs once the application is stored, and must
    have run cleanly (the immediate backend would otherwise swallow its error)."""

    def run(**details: Any) -> Application:
        details.setdefault("scheme", scheme)
        before = len(finished_tasks)
        with django_capture_on_commit_callbacks(execute=True):
            application = submit_application(**details)
        checks = [
            result
            for result in finished_tasks[before:]
            if result.task.name == "check_application_people"
        ]
        assert [result.status for result in checks] == [TaskResultStatus.SUCCESSFUL], [
            result.errors for result in checks
        ]
        return application

    return run


@pytest.fixture
def team_leader(council: Council) -> User:
    return make_membership(role=Role.TEAM_LEADER, council=council).user


def thresholds(
    council: Council, actor: User, *, applications_per_address: int = 4, **others: Any
) -> None:
    values: dict[str, Any] = {
        "duplicate_threshold": 0.9,
        "households_per_bank_account": 2,
        "address_window_days": 90,
    }
    values.update(others)
    matching_thresholds_set(
        actor=actor,
        council=council,
        changes=ThresholdChanges(applications_per_address=applications_per_address, **values),
    )


def flags(council: Council, kind: MatchFlagKind) -> list[MatchFlag]:
    return list(MatchFlag.objects.filter(council=council, kind=kind).order_by("id"))


def jonathan(**overrides: Any) -> PersonDetails:
    fields: dict[str, Any] = {
        "first_name": "Jonathan",
        "last_name": "Whitfield",
        "date_of_birth": datetime.date(1984, 3, 12),
        "phone": "07700 900321",
    }
    fields.update(overrides)
    return person_details(**fields)


# On each application ---------------------------------------------------------------------


def test_the_same_person_again_with_a_typo_and_two_digits_swapped_is_flagged_once(
    council: Council, submit: Submit
) -> None:
    home = address_details()
    first = submit(applicant=jonathan(), address=home)

    second = submit(
        applicant=jonathan(first_name="Jonathon", date_of_birth=datetime.date(1984, 3, 21)),
        address=home,
    )

    (flag,) = MatchFlag.objects.filter(council=council)
    assert flag.kind == MatchFlagKind.POSSIBLE_DUPLICATE
    assert flag.status == MatchFlagStatus.OPEN
    assert flag.found_by == MatchFlagSource.APPLICATION_CHECK
    assert flag.application_reference == second.reference
    assert {flag.person_id, flag.other_person_id} == {first.applicant_id, second.applicant_id}
    assert first.applicant_id != second.applicant_id  # flagged, never merged
    assert flag.match_probability is not None
    assert flag.match_probability >= 0.9
    assert flag.evidence["comparisons"]["dob"] == "One digit different or two digits swapped"
    assert AuditEvent.objects.filter(
        action="match_flag.raised", case_reference=second.reference
    ).exists()

    # The same typed details a third time are the second record again: no second flag.
    submit(
        applicant=jonathan(first_name="Jonathon", date_of_birth=datetime.date(1984, 3, 21)),
        address=home,
    )
    assert MatchFlag.objects.filter(council=council).count() == 1


def test_a_neighbour_scored_against_the_applicant_is_not_flagged(
    council: Council, submit: Submit
) -> None:
    street = address_details()
    submit(applicant=jonathan(), address=street)
    next_door = AddressDetails(
        address_line_1=f"2{street.address_line_1}",
        address_line_2="",
        town=street.town,
        postcode=street.postcode,
    )

    neighbour = submit(
        applicant=person_details(
            first_name="Priya", last_name="Chauhan", date_of_birth=datetime.date(1991, 10, 5)
        ),
        address=next_door,
    )

    assert not MatchFlag.objects.filter(council=council).exists()
    # The neighbour shares a postcode, so the check did score the two of them.
    result = application_people_check(
        council=council,
        person_ids=[neighbour.applicant_id],
        household_id=neighbour.household_id,
        reference=neighbour.reference,
    )
    assert (result.people_checked, result.candidates_scored, result.flags_raised) == (1, 1, 0)


def test_a_family_member_in_two_applications_is_not_flagged_against_their_household(
    council: Council, submit: Submit
) -> None:
    home = address_details()
    children = [
        member_details(
            first_name="Tobi", last_name="Okafor", date_of_birth=datetime.date(2012, 8, 14)
        ),
        member_details(
            first_name="Zara", last_name="Okafor", date_of_birth=datetime.date(2015, 1, 30)
        ),
    ]
    mum = person_details(
        first_name="Amara",
        last_name="Okafor",
        date_of_birth=datetime.date(1979, 5, 2),
        phone="07700 900111",
    )
    dad = person_details(
        first_name="Chidi",
        last_name="Okafor",
        date_of_birth=datetime.date(1981, 11, 23),
        phone="07700 900222",
    )

    first = submit(applicant=mum, address=home, members=children)
    second = submit(applicant=dad, address=home, members=children)

    assert first.household_id == second.household_id
    assert not MatchFlag.objects.filter(council=council).exists()


def test_an_unrelated_applicant_elsewhere_raises_nothing(council: Council, submit: Submit) -> None:
    submit(applicant=jonathan())
    submit()

    assert not MatchFlag.objects.filter(council=council).exists()


def test_a_persons_record_has_the_home_they_last_applied_from(
    council: Council, scheme: Scheme
) -> None:
    first_home = address_details(postcode="NB1 2AB")
    applicant = jonathan()
    submit_application(scheme=scheme, applicant=applicant, address=first_home)
    submit_application(
        scheme=scheme, applicant=applicant, address=address_details(postcode="NB7 9ZZ")
    )
    back_home = submit_application(scheme=scheme, applicant=applicant, address=first_home)

    (record,) = people_records(council=council, person_ids=[back_home.applicant_id])

    assert record["postcode"] == "NB1 2AB"


# Bank accounts ---------------------------------------------------------------------------


def test_one_account_given_by_three_households_is_one_flag_counting_them(
    council: Council, scheme: Scheme
) -> None:
    applications = [submit_application(scheme=scheme) for _ in range(3)]

    for application in applications:
        payee_set(actor=None, application=application, details=bank_details())

    (flag,) = flags(council, MatchFlagKind.SHARED_BANK_ACCOUNT)
    assert flag.found_by == MatchFlagSource.BANK_DETAILS
    assert flag.status == MatchFlagStatus.OPEN
    assert flag.evidence["count"] == 3
    assert flag.evidence["households"] == sorted(a.household_id for a in applications)
    assert flag.evidence["people"] == sorted(a.applicant_id for a in applications)
    assert flag.application_reference == applications[1].reference  # the second made it two
    # Neither the account number nor the sort code is kept in the flag.
    assert "00733445" not in str(flag.evidence)
    assert "00733445" not in flag.subject


def test_one_account_given_within_one_household_is_not_flagged(
    council: Council, scheme: Scheme
) -> None:
    home = address_details()
    applications = [
        submit_application(scheme=scheme, address=home),
        submit_application(scheme=scheme, address=home),  # their partner
    ]
    same_person_again = submit_application(
        scheme=scheme,
        applicant=person_details(
            first_name=applications[0].applicant.first_name,
            last_name=applications[0].applicant.last_name,
            date_of_birth=applications[0].applicant.date_of_birth,
        ),
        address=home,
    )

    for application in [*applications, same_person_again]:
        payee_set(actor=None, application=application, details=bank_details())

    assert applications[0].household_id == applications[1].household_id
    assert flags(council, MatchFlagKind.SHARED_BANK_ACCOUNT) == []


def test_the_council_sets_how_many_households_share_an_account_before_a_flag(
    council: Council, scheme: Scheme, team_leader: User
) -> None:
    thresholds(council, team_leader, households_per_bank_account=3)
    applications = [submit_application(scheme=scheme) for _ in range(3)]

    payee_set(actor=None, application=applications[0], details=bank_details())
    payee_set(actor=None, application=applications[1], details=bank_details())
    assert flags(council, MatchFlagKind.SHARED_BANK_ACCOUNT) == []

    payee_set(actor=None, application=applications[2], details=bank_details())
    (flag,) = flags(council, MatchFlagKind.SHARED_BANK_ACCOUNT)
    assert flag.evidence["count"] == 3


# Many applications at one address --------------------------------------------------------


def test_an_address_is_flagged_at_the_councils_number_of_applications_and_not_before(
    council: Council, submit: Submit, team_leader: User
) -> None:
    thresholds(council, team_leader, applications_per_address=3, address_window_days=30)
    home = address_details()

    submitted = [submit(address=home), submit(address=home)]
    assert flags(council, MatchFlagKind.MANY_APPLICATIONS_AT_ADDRESS) == []

    submitted.append(submit(address=home))

    (flag,) = flags(council, MatchFlagKind.MANY_APPLICATIONS_AT_ADDRESS)
    assert flag.household_id == submitted[0].household_id
    assert flag.application_reference == submitted[2].reference
    assert flag.evidence == {
        "applications": sorted(a.reference for a in submitted),
        "window_days": 30,
        "count": 3,
    }


def test_applications_before_the_window_are_not_counted(
    council: Council, submit: Submit, team_leader: User
) -> None:
    thresholds(council, team_leader, applications_per_address=2, address_window_days=30)
    home = address_details()
    long_ago = timezone.now() - datetime.timedelta(days=45)

    submit(address=home, submitted_at=long_ago)
    submit(address=home)

    assert flags(council, MatchFlagKind.MANY_APPLICATIONS_AT_ADDRESS) == []


def test_one_councils_thresholds_do_not_apply_to_another(
    council: Council, submit: Submit, team_leader: User
) -> None:
    thresholds(council, team_leader, applications_per_address=2)
    other = make_council()
    other_scheme = make_scheme(council=other)
    address = address_details()

    for _ in range(2):
        submit(address=address)
        submit(scheme=other_scheme, address=address)

    assert len(flags(council, MatchFlagKind.MANY_APPLICATIONS_AT_ADDRESS)) == 1
    assert flags(other, MatchFlagKind.MANY_APPLICATIONS_AT_ADDRESS) == []


# Each night ------------------------------------------------------------------------------


@pytest.fixture
def unchecked_council(council: Council, scheme: Scheme, team_leader: User) -> Council:
    """A council whose applications came in without the check running (the tasks never ran,
    as after an outage), and whose bank details were given before it lowered its threshold."""
    home = address_details()
    submit_application(scheme=scheme, applicant=jonathan(), address=home)
    submit_application(
        scheme=scheme,
        applicant=jonathan(first_name="Jon", date_of_birth=datetime.date(1984, 3, 21)),
        address=home,
    )
    busy = address_details()
    for _ in range(3):
        submit_application(scheme=scheme, address=busy)
    thresholds(council, team_leader, households_per_bank_account=5, applications_per_address=3)
    for _ in range(2):
        payee_set(actor=None, application=submit_application(scheme=scheme), details=bank_details())
    assert not MatchFlag.objects.filter(council=council).exists()
    thresholds(council, team_leader, households_per_bank_account=2, applications_per_address=3)
    return council


def test_the_nightly_run_finds_pairs_shared_accounts_and_busy_addresses(
    unchecked_council: Council,
) -> None:
    summary = matching_nightly_run(today=timezone.localdate())

    assert summary.startswith(f"{unchecked_council.name}: ")
    assert "1 new flag" in summary
    for kind in MatchFlagKind:
        (flag,) = flags(unchecked_council, kind)
        assert flag.found_by == MatchFlagSource.NIGHTLY_RUN
        assert flag.status == MatchFlagStatus.OPEN


def test_the_nightly_run_twice_raises_nothing_new(unchecked_council: Council) -> None:
    matching_nightly_run(today=timezone.localdate())
    raised = list(MatchFlag.objects.order_by("id").values_list("id", "kind", "status"))
    audit_rows = AuditEvent.objects.count()

    summary = matching_nightly_run(today=timezone.localdate())

    assert list(MatchFlag.objects.order_by("id").values_list("id", "kind", "status")) == raised
    assert AuditEvent.objects.count() == audit_rows
    assert re.search(r"\b0 new flags\b", summary)


def test_the_nightly_run_leaves_other_councils_alone(unchecked_council: Council) -> None:
    other = make_council()

    summary = matching_nightly_run(today=timezone.localdate())

    assert f"{other.name}: 0 people checked" in summary
    assert not MatchFlag.objects.filter(council=other).exists()


def test_onestop_daily_runs_the_check(unchecked_council: Council) -> None:
    result = CliRunner().invoke(cli, ["daily", "--date", timezone.localdate().isoformat()])

    assert result.exit_code == 0, result.output
    assert (
        f"Check everyone for duplicates and fraud signals: {unchecked_council.name}: "
        in result.output
    )
    assert MatchFlag.objects.filter(council=unchecked_council).count() == 3
