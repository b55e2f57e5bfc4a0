"""Demo casework for the seed: teams, notes, information requests, four eyes, reviews, complaints.

Run after the seed's applications and decisions, through the same services staff use, so the
demo's case pages, queues and audit log show every part of casework with a real history.
"""

import datetime
import random
from dataclasses import dataclass

from onestop.casework.models import (
    ComplaintChannel,
    ComplaintOutcome,
    Decision,
    DecisionOutcome,
    ReviewChannel,
    ReviewOutcome,
)
from onestop.casework.services.assignment import case_assign
from onestop.casework.services.complaints import (
    complaint_acknowledge,
    complaint_answer_stage_1,
    complaint_escalate,
    complaint_log,
)
from onestop.casework.services.decisions import decision_record
from onestop.casework.services.information import information_request
from onestop.casework.services.notes import case_note_add
from onestop.casework.services.reviews import review_assign, review_decide, review_request
from onestop.casework.services.teams import scheme_team_set, team_create, team_member_set
from onestop.core.roles import Role
from onestop.councils.models import Membership
from onestop.intake.models import Application, ApplicationStatus
from onestop.intake.selectors import application_latest_assessment
from onestop.policy.models import Scheme
from onestop.policy.services import SchemeRules, scheme_rules_change
from onestop.policy.vocabulary import CrisisReason

# Housing payments over this need a team leader's approval in the demo.
FOUR_EYES_PENCE = 50_000


@dataclass
class CaseworkStaff:
    adviser: Membership
    decision_maker: Membership
    team_leader: Membership
    admin: Membership
    shared: Membership  # the decision maker who works for both councils


def teams_set_up(*, staff: CaseworkStaff, schemes: dict[str, Scheme]) -> None:
    """A crisis team (crisis and housing payments) and an items team, each with its scheme."""
    leader = staff.team_leader
    crisis = team_create(membership=leader, name="Crisis team")
    items = team_create(membership=leader, name="Items team")
    for member in (staff.adviser, staff.decision_maker, staff.team_leader):
        team_member_set(membership=leader, member=member, team=crisis)
    team_member_set(membership=leader, member=staff.shared, team=items)
    scheme_team_set(membership=leader, scheme=schemes["crisis-payment"], team=crisis)
    scheme_team_set(membership=leader, scheme=schemes["housing-payment"], team=crisis)
    scheme_team_set(membership=leader, scheme=schemes["essential-items"], team=items)


def scheme_rules_set(
    *, staff: CaseworkStaff, scheme: Scheme, auto_limit_pence: int = 0, four_eyes: int | None
) -> None:
    scheme_rules_change(
        actor=staff.admin.user,
        scheme=scheme,
        rules=SchemeRules(
            decision_target_working_days=scheme.decision_target_working_days,
            approval_above_pence=four_eyes,
            auto_decide=auto_limit_pence > 0,
            auto_award_limit_pence=auto_limit_pence,
            review_target_working_days=scheme.review_target_working_days,
            information_wait_working_days=scheme.information_wait_working_days,
            award_type=scheme.award_type,
        ),
        reason="Set up for the demo, as agreed at the scheme's launch.",
    )


def _waiting(applications: list[Application]) -> list[Application]:
    return [
        a
        for a in Application.objects.filter(pk__in=[a.pk for a in applications]).order_by("pk")
        if a.status == ApplicationStatus.AWAITING_DECISION
    ]


def casework_demo(
    *,
    rng: random.Random,
    staff: CaseworkStaff,
    applications: list[Application],
    today: datetime.date,
) -> None:
    """Give the seeded cases the casework staff would have done on them by now."""
    waiting = _waiting(applications)
    rng.shuffle(waiting)
    _ask_for_information(staff=staff, cases=waiting[:2])
    _propose_over_the_limit(staff=staff, cases=waiting[2:])
    for case in _waiting(applications)[:6]:
        case_assign(membership=staff.team_leader, application=case, assignee=staff.decision_maker)
    _notes_add(rng=rng, staff=staff, applications=applications)
    decisions = list(
        Decision.objects.filter(application__in=applications)
        .select_related("application", "decided_by")
        .order_by("pk")
    )
    _reviews(staff=staff, decisions=decisions, today=today)
    _complaints(staff=staff, decisions=decisions, today=today)


def _ask_for_information(*, staff: CaseworkStaff, cases: list[Application]) -> None:
    asks = (
        "A photo or scan of your latest Universal Credit statement, showing the payment date.",
        "A letter from your landlord or a copy of the eviction notice.",
    )
    for case, ask in zip(cases, asks, strict=False):
        information_request(membership=staff.decision_maker, application=case, what_is_needed=ask)


def _propose_over_the_limit(*, staff: CaseworkStaff, cases: list[Application]) -> None:
    """One housing payment over the four-eyes value, proposed and waiting for approval."""
    for case in cases:
        assessment = application_latest_assessment(application=case)
        if case.scheme.approval_above_pence is None or assessment is None:
            continue
        if assessment.proposed_award_pence <= case.scheme.approval_above_pence:
            continue
        decision_record(
            membership=staff.decision_maker,
            application=case,
            outcome=DecisionOutcome.AWARD,
            reasons="You meet the scheme's rules and your rent shortfall is as you told us.",
            amount_pence=assessment.proposed_award_pence,
        )
        return


def _notes_add(
    *, rng: random.Random, staff: CaseworkStaff, applications: list[Application]
) -> None:
    notes = (
        "Called the applicant to check the household: two children at home, as on the form.",
        "Applicant says the Universal Credit advance was refused; suggested a budgeting advance.",
        "Food bank voucher given on the same day while the application is decided.",
    )
    for case in applications:
        if case.crisis_reason == CrisisReason.DOMESTIC_ABUSE:
            case_note_add(
                membership=staff.team_leader,
                application=case,
                text=(
                    "Do not send letters to the old address: the applicant has moved to a refuge. "
                    "Contact by text only. Referred to the domestic abuse service."
                ),
                is_safeguarding=True,
            )
        elif rng.random() < 0.1:
            case_note_add(
                membership=staff.adviser,
                application=case,
                text=rng.choice(notes),
                is_safeguarding=False,
            )


def _reviews(*, staff: CaseworkStaff, decisions: list[Decision], today: datetime.date) -> None:
    """Two refusals asked to be looked at again: one waiting, one reviewed and kept."""
    refusals = [d for d in decisions if d.outcome == DecisionOutcome.REFUSE]
    for number, decision in enumerate(refusals[:2]):
        review = review_request(
            actor=staff.adviser.user,
            application=decision.application,
            channel=ReviewChannel.PHONE if number == 0 else ReviewChannel.LETTER,
            requested_on=today,
            grounds=(
                "I told you about my rent arrears but the decision does not mention them."
                if number == 0
                else "My wages were stopped when my employer went out of business."
            ),
        )
        reviewer = next(
            m
            for m in (staff.team_leader, staff.shared, staff.decision_maker)
            if decision.decided_by_id != m.user_id and decision.approved_by_id != m.user_id
        )
        review_assign(membership=staff.team_leader, review=review, assignee=reviewer)
        if number == 1:
            review_decide(
                membership=reviewer,
                review=review,
                outcome=ReviewOutcome.UPHELD,
                amount_pence=0,
                reasons=(
                    "We looked at everything again. Your household's savings are above the "
                    "scheme's limit, so we cannot change the decision."
                ),
            )


def _complaints(*, staff: CaseworkStaff, decisions: list[Decision], today: datetime.date) -> None:
    """One complaint answered at stage 1, and one taken on to stage 2."""
    linked = decisions[-1].application if decisions else None
    first = complaint_log(
        actor=staff.adviser.user,
        council=staff.adviser.council,
        complainant_name="A. Resident",
        phone="07700 900456",
        email="",
        channel=ComplaintChannel.PHONE,
        received_on=today,
        summary="Waited 40 minutes on the phone line before speaking to anyone.",
        application=None,
    )
    complaint_acknowledge(actor=staff.team_leader.user, complaint=first)
    second = complaint_log(
        actor=staff.adviser.user,
        council=staff.adviser.council,
        complainant_name=linked.applicant.full_name if linked else "A. Resident",
        phone=linked.applicant.phone if linked else "",
        email=linked.applicant.email if linked else "",
        channel=ComplaintChannel.EMAIL,
        received_on=today,
        summary="The e-voucher code was refused at the till and nobody called back.",
        application=linked,
    )
    complaint_acknowledge(actor=staff.team_leader.user, complaint=second)
    complaint_answer_stage_1(
        actor=staff.team_leader.user,
        complaint=second,
        outcome=ComplaintOutcome.PARTLY_UPHELD,
        response=(
            "We are sorry the code did not work. The shop's system was down that day; the code "
            "is still valid. We should have called you back and have reminded the team."
        ),
    )
    complaint_escalate(
        actor=staff.team_leader.user,
        complaint=second,
        reason="The resident says the code still does not work.",
        escalated_on=today,
    )


def staff_for(memberships: dict[str, Membership], shared: Membership) -> CaseworkStaff:
    return CaseworkStaff(
        adviser=memberships[Role.ADVISER],
        decision_maker=memberships[Role.DECISION_MAKER],
        team_leader=memberships[Role.TEAM_LEADER],
        admin=memberships[Role.ADMIN],
        shared=shared,
    )
