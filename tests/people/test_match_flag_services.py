"""Match flags: raised once per thing flagged, staff's answer stands, a dismissed signal opens
again only when it grows, and each council sets its own thresholds."""

import math

import pytest

from onestop.core.errors import ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, User
from onestop.people.duplicates.services import (
    ThresholdChanges,
    duplicate_flag_raise,
    match_flag_decide,
    matching_settings_for,
    matching_thresholds_set,
    signal_flag_raise,
)
from onestop.people.linkage.dedupe import ScoredPair
from onestop.people.models import (
    MatchFlag,
    MatchFlagKind,
    MatchFlagSource,
    MatchFlagStatus,
    MatchingSettings,
    Person,
)
from tests.factories import make_council, make_membership, make_person

pytestmark = pytest.mark.django_db

EVIDENCE = {
    "first_name": "One is a short form of the other, like Bill and William",
    "surname": "The same",
    "dob": "One digit different or two digits swapped",
    "home": "Same home",
    "phone": "Not known for one or both",
    "email": "Not known for one or both",
    "ni": "Not known for one or both",
    "bank": "Not known for one or both",
}


def likely(first: Person, second: Person, probability: float = 0.95) -> ScoredPair:
    left, right = sorted((first.pk, second.pk))
    return ScoredPair(
        left=left,
        right=right,
        match_weight=math.log2(probability / (1 - probability)),
        match_probability=probability,
        evidence=dict(EVIDENCE),
    )


def raise_pair(
    council: Council, pair: ScoredPair, reference: str = "CR-ABCD-1234"
) -> MatchFlag | None:
    return duplicate_flag_raise(
        council=council,
        pair=pair,
        found_by=MatchFlagSource.APPLICATION_CHECK,
        application_reference=reference,
    )


def raise_signal(council: Council, count: int, subject: str = "bank:0123abcd") -> MatchFlag | None:
    return signal_flag_raise(
        council=council,
        kind=MatchFlagKind.SHARED_BANK_ACCOUNT,
        subject=subject,
        count=count,
        evidence={"households": list(range(count))},
        found_by=MatchFlagSource.NIGHTLY_RUN,
    )


def audit_actions(flag: MatchFlag) -> list[str]:
    return list(
        AuditEvent.objects.filter(subject_type="people.MatchFlag", subject_id=str(flag.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )


@pytest.fixture
def staff(council: Council) -> User:
    return make_membership(role=Role.DECISION_MAKER, council=council).user


@pytest.fixture
def two_people(council: Council) -> tuple[Person, Person]:
    return make_person(council=council), make_person(council=council)


# Possible duplicates ---------------------------------------------------------------------


def test_a_likely_pair_is_flagged_once_on_both_people_with_an_audit_row(
    council: Council, two_people: tuple[Person, Person]
) -> None:
    first, second = two_people

    flag = raise_pair(council, likely(second, first, probability=0.93))

    assert flag is not None
    flag.refresh_from_db()
    assert flag.kind == MatchFlagKind.POSSIBLE_DUPLICATE
    assert flag.status == MatchFlagStatus.OPEN
    assert (flag.person_id, flag.other_person_id) == (first.pk, second.pk)
    assert flag.application_reference == "CR-ABCD-1234"
    assert flag.match_probability == pytest.approx(0.93)
    assert flag.evidence == {"comparisons": EVIDENCE}
    event = AuditEvent.objects.get(action="match_flag.raised", subject_id=str(flag.pk))
    assert event.actor is None
    assert event.case_reference == "CR-ABCD-1234"
    assert event.summary == "Possible duplicate flagged (93% likely)"


def test_finding_the_pair_again_refreshes_the_open_flag_rather_than_adding_one(
    council: Council, two_people: tuple[Person, Person]
) -> None:
    first, second = two_people
    flag = raise_pair(council, likely(first, second, probability=0.91))
    assert flag is not None

    again = raise_pair(council, likely(second, first, probability=0.99), reference="CR-ZZZZ-9999")

    assert again is None
    assert MatchFlag.objects.filter(council=council).count() == 1
    flag.refresh_from_db()
    assert flag.match_probability == pytest.approx(0.99)
    assert flag.application_reference == "CR-ABCD-1234"  # the check that first raised it
    assert audit_actions(flag) == ["match_flag.raised"]


@pytest.mark.parametrize("confirmed", [False, True])
def test_a_pair_staff_have_answered_is_not_reopened_by_being_found_again(
    council: Council, two_people: tuple[Person, Person], staff: User, confirmed: bool
) -> None:
    first, second = two_people
    flag = raise_pair(council, likely(first, second, probability=0.91))
    assert flag is not None
    match_flag_decide(actor=staff, flag=flag, confirmed=confirmed, reason="Checked the file.")

    again = raise_pair(council, likely(first, second, probability=0.999))

    assert again is None
    flag.refresh_from_db()
    assert flag.status == (MatchFlagStatus.CONFIRMED if confirmed else MatchFlagStatus.DISMISSED)
    assert flag.match_probability == pytest.approx(0.91)
    assert MatchFlag.objects.filter(council=council).count() == 1


# Signals ---------------------------------------------------------------------------------


def test_a_signal_found_again_while_open_takes_the_new_count(council: Council) -> None:
    flag = raise_signal(council, count=2)
    assert flag is not None

    assert raise_signal(council, count=3) is None

    flag.refresh_from_db()
    assert MatchFlag.objects.filter(council=council).count() == 1
    assert flag.status == MatchFlagStatus.OPEN
    assert flag.evidence == {"households": [0, 1, 2], "count": 3}
    assert audit_actions(flag) == ["match_flag.raised"]


def test_a_dismissed_signal_stays_dismissed_while_its_count_does_not_grow(
    council: Council, staff: User
) -> None:
    flag = raise_signal(council, count=3)
    assert flag is not None
    match_flag_decide(actor=staff, flag=flag, confirmed=False, reason="A family's shared account.")

    assert raise_signal(council, count=3) is None
    assert raise_signal(council, count=2) is None

    flag.refresh_from_db()
    assert flag.status == MatchFlagStatus.DISMISSED
    assert flag.count_when_decided == 3
    assert flag.evidence["count"] == 3


def test_a_dismissed_signal_opens_again_when_its_count_grows(council: Council, staff: User) -> None:
    flag = raise_signal(council, count=3)
    assert flag is not None
    match_flag_decide(actor=staff, flag=flag, confirmed=False, reason="A family's shared account.")

    assert raise_signal(council, count=4) is None  # the same flag, not a new one

    flag.refresh_from_db()
    assert flag.status == MatchFlagStatus.OPEN
    assert flag.evidence["count"] == 4
    assert audit_actions(flag) == [
        "match_flag.raised",
        "match_flag.dismissed",
        "match_flag.reopened",
    ]
    reopened = AuditEvent.objects.get(action="match_flag.reopened", subject_id=str(flag.pk))
    assert reopened.summary.endswith("opened again, now 4")
    # Staff can answer it again.
    match_flag_decide(actor=staff, flag=flag, confirmed=True, reason="Four households is too many.")
    flag.refresh_from_db()
    assert (flag.status, flag.count_when_decided) == (MatchFlagStatus.CONFIRMED, 4)


def test_a_confirmed_signal_stays_confirmed_however_it_grows(council: Council, staff: User) -> None:
    flag = raise_signal(council, count=2)
    assert flag is not None
    match_flag_decide(actor=staff, flag=flag, confirmed=True, reason="Passed to the fraud team.")

    assert raise_signal(council, count=6) is None

    flag.refresh_from_db()
    assert flag.status == MatchFlagStatus.CONFIRMED


def test_the_same_subject_in_two_councils_is_two_flags(council: Council) -> None:
    other = make_council()

    assert raise_signal(council, count=2) is not None
    assert raise_signal(other, count=2) is not None

    assert MatchFlag.objects.filter(subject="bank:0123abcd").count() == 2


# Staff's answer --------------------------------------------------------------------------


def test_an_answer_records_who_when_and_why_with_an_audit_row(
    council: Council, two_people: tuple[Person, Person], staff: User
) -> None:
    flag = raise_pair(council, likely(*two_people))
    assert flag is not None

    decided = match_flag_decide(
        actor=staff, flag=flag, confirmed=True, reason="  Same NI number on the old file.  "
    )

    assert decided.status == MatchFlagStatus.CONFIRMED
    assert decided.decided_by == staff
    assert decided.decided_at is not None
    assert decided.decision_reason == "Same NI number on the old file."
    event = AuditEvent.objects.get(action="match_flag.confirmed", subject_id=str(flag.pk))
    assert event.actor == staff
    assert event.reason == "Same NI number on the old file."
    assert event.case_reference == "CR-ABCD-1234"


@pytest.mark.parametrize("reason", ["", "   \n"])
def test_an_answer_needs_a_reason(
    council: Council, two_people: tuple[Person, Person], staff: User, reason: str
) -> None:
    flag = raise_pair(council, likely(*two_people))
    assert flag is not None

    with pytest.raises(ServiceError, match="Enter why you confirmed or dismissed this flag"):
        match_flag_decide(actor=staff, flag=flag, confirmed=False, reason=reason)

    flag.refresh_from_db()
    assert flag.status == MatchFlagStatus.OPEN
    assert flag.decided_by is None
    assert audit_actions(flag) == ["match_flag.raised"]


def test_a_flag_cannot_be_answered_twice(
    council: Council, two_people: tuple[Person, Person], staff: User
) -> None:
    flag = raise_pair(council, likely(*two_people))
    assert flag is not None
    colleague = make_membership(role=Role.TEAM_LEADER, council=council).user
    match_flag_decide(actor=staff, flag=flag, confirmed=False, reason="Different people.")

    # The colleague's page still shows the flag open.
    with pytest.raises(ServiceError, match=f"{staff.display_name} has already answered"):
        match_flag_decide(actor=colleague, flag=flag, confirmed=True, reason="Same person.")

    flag.refresh_from_db()
    assert (flag.status, flag.decided_by, flag.decision_reason) == (
        MatchFlagStatus.DISMISSED,
        staff,
        "Different people.",
    )


# Thresholds ------------------------------------------------------------------------------


def changes(**overrides: float) -> ThresholdChanges:
    values: dict = {
        "duplicate_threshold": 0.95,
        "households_per_bank_account": 3,
        "applications_per_address": 5,
        "address_window_days": 30,
    }
    values.update(overrides)
    return ThresholdChanges(**values)


def test_a_council_starts_with_the_default_thresholds_made_once(council: Council) -> None:
    settings = matching_settings_for(council=council)

    assert (
        settings.duplicate_threshold,
        settings.households_per_bank_account,
        settings.applications_per_address,
        settings.address_window_days,
    ) == (0.9, 2, 4, 90)
    assert matching_settings_for(council=council).pk == settings.pk
    assert MatchingSettings.objects.filter(council=council).count() == 1


def test_thresholds_set_are_kept_with_an_audit_row_of_before_and_after(
    council: Council, staff: User
) -> None:
    matching_thresholds_set(actor=staff, council=council, changes=changes())

    settings = matching_settings_for(council=council)
    assert (
        settings.duplicate_threshold,
        settings.households_per_bank_account,
        settings.applications_per_address,
        settings.address_window_days,
    ) == (0.95, 3, 5, 30)
    event = AuditEvent.objects.get(action="matching.thresholds_set", council=council)
    assert event.actor == staff
    assert event.details["before"]["duplicate_threshold"] == 0.9
    assert event.details["after"] == {
        "duplicate_threshold": 0.95,
        "households_per_bank_account": 3,
        "applications_per_address": 5,
        "address_window_days": 30,
    }


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"duplicate_threshold": 0.5}, "more than 50% and less than 100%"),
        ({"duplicate_threshold": 1.0}, "more than 50% and less than 100%"),
        ({"duplicate_threshold": 0.2}, "more than 50% and less than 100%"),
        ({"households_per_bank_account": 1}, "from 2 households upwards"),
        ({"applications_per_address": 1}, "from 2 applications in at least 1 day"),
        ({"address_window_days": 0}, "from 2 applications in at least 1 day"),
    ],
)
def test_thresholds_that_make_no_sense_are_refused_and_change_nothing(
    council: Council, staff: User, change: dict, message: str
) -> None:
    with pytest.raises(ServiceError, match=message):
        matching_thresholds_set(actor=staff, council=council, changes=changes(**change))

    settings = matching_settings_for(council=council)
    assert (settings.duplicate_threshold, settings.applications_per_address) == (0.9, 4)
    assert not AuditEvent.objects.filter(action="matching.thresholds_set").exists()


def test_one_councils_thresholds_leave_anothers_alone(council: Council, staff: User) -> None:
    other = make_council()
    matching_settings_for(council=other)

    matching_thresholds_set(
        actor=staff, council=council, changes=changes(applications_per_address=2)
    )

    assert matching_settings_for(council=council).applications_per_address == 2
    assert matching_settings_for(council=other).applications_per_address == 4
