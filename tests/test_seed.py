"""The demo seed: reproducible, every state shown, councils kept apart, and the money adding up."""

from collections import Counter
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.management import call_command
from django.db.models import Sum
from django.utils import timezone

from onestop.budgets.models import Budget
from onestop.casework.models import (
    AwardApproval,
    Complaint,
    ComplaintStatus,
    Decision,
    InformationRequest,
    Review,
    ReviewStatus,
)
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership, Team, User
from onestop.fulfilment.models import (
    Award,
    AwardStatus,
    BankPayment,
    CashOutCode,
    GoodsOrder,
    PaymentFile,
    VoucherCode,
)
from onestop.intake.models import Application, ApplicationStatus
from onestop.notifications.models import Message, MessageStatus
from onestop.people.models import Person
from onestop.policy.models import Scheme
from onestop.seed import (
    DEMO_PASSWORD,
    SHARED_STAFF_EMAIL,
    SeedSummary,
    demo_sign_ins,
    seed_demo,
)

APPLICATIONS = 20  # per council: enough for every state, small enough to stay quick


@pytest.fixture(scope="class")
def seeded(django_db_setup: None, django_db_blocker: Any) -> Iterator[SeedSummary]:
    """One demo, seeded for real (committed, tasks run) and shared by the tests that only read it."""
    with django_db_blocker.unblock():
        summary = seed_demo(applications_per_council=APPLICATIONS)
    yield summary
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _snapshot() -> dict[str, Any]:
    """What a person looking at the demo would notice, leaving out references (random)."""
    return {
        "people": sorted(
            Person.objects.values_list("council__slug", "first_name", "last_name", "date_of_birth")
        ),
        "statuses": sorted(
            Counter(Application.objects.values_list("council__slug", "status")).items()
        ),
        "channels": sorted(
            Counter(Application.objects.values_list("council__slug", "channel")).items()
        ),
        "committed": sorted(Budget.objects.values_list("council__slug", "name", "committed_pence")),
        "staff": sorted(User.objects.values_list("email", "full_name")),
        "codes_issued": sorted(
            VoucherCode.objects.filter(award__isnull=False).values_list("council__slug", "code")
        ),
    }


@pytest.mark.django_db(transaction=True)
def test_the_same_seed_gives_the_same_demo() -> None:
    seed_demo(seed=7, applications_per_council=APPLICATIONS)
    first = _snapshot()
    call_command("flush", interactive=False, verbosity=0)

    seed_demo(seed=7, applications_per_council=APPLICATIONS)

    assert _snapshot() == first
    assert len(first["people"]) > 2 * APPLICATIONS  # households, not only applicants


@pytest.mark.django_db(transaction=True)
def test_a_different_seed_gives_different_people() -> None:
    seed_demo(seed=7, applications_per_council=5)
    first = _snapshot()["people"]
    call_command("flush", interactive=False, verbosity=0)

    seed_demo(seed=8, applications_per_council=5)

    assert _snapshot()["people"] != first


@pytest.mark.django_db
class TestSeededDemo:
    """Checks on one seeded demo; each test only reads it (and re-seeding writes nothing)."""

    def test_the_summary_counts_what_was_made(self, seeded: SeedSummary) -> None:
        assert seeded.created
        assert (seeded.councils, seeded.staff) == (2, 11)
        assert seeded.applications == Application.objects.count() == 2 * APPLICATIONS
        assert (
            seeded.decided
            == Application.objects.filter(
                status__in=[ApplicationStatus.AWARDED, ApplicationStatus.REFUSED]
            ).count()
        )
        assert seeded.awards == seeded.awards_fulfilled == Award.objects.count()

    def test_every_state_appears_in_each_council(self, seeded: SeedSummary) -> None:
        today = timezone.localdate()
        for council in Council.objects.all():
            applications = Application.objects.filter(council=council)
            assert set(applications.values_list("status", flat=True)) == set(
                ApplicationStatus.values
            )
        waiting = Application.objects.filter(status=ApplicationStatus.AWAITING_DECISION)
        assert waiting.filter(decision_due__lt=today).exists(), "some should be overdue"
        assert waiting.filter(decision_due__gte=today).exists(), "some should still be in time"

    def test_each_council_has_every_role_and_only_the_shared_person_works_for_both(
        self, seeded: SeedSummary
    ) -> None:
        for council in Council.objects.all():
            memberships = Membership.objects.filter(council=council).select_related("user")
            assert set(memberships.values_list("role", flat=True)) == set(Role.values)
            for membership in memberships:
                if membership.user.email == SHARED_STAFF_EMAIL:
                    assert membership.role == Role.DECISION_MAKER
                else:
                    assert membership.user.email.endswith(f"@{council.slug}.example")
                    assert membership.user.memberships.count() == 1
        shared = User.objects.get(email=SHARED_STAFF_EMAIL)
        assert shared.memberships.count() == 2

    def test_every_demo_sign_in_works_with_the_demo_password(self, seeded: SeedSummary) -> None:
        sign_ins = demo_sign_ins()
        assert len(sign_ins) == 11
        for sign_in in sign_ins:
            assert User.objects.get(email=sign_in.email).check_password(DEMO_PASSWORD)

    def test_every_award_is_fulfilled_the_way_its_scheme_pays(self, seeded: SeedSummary) -> None:
        awards = Award.objects.select_related("application__scheme")
        assert awards.exists()
        for award in awards:
            assert award.status == AwardStatus.FULFILLED
            assert award.award_type == award.application.scheme.award_type
            if award.award_type == "e_voucher":
                codes = VoucherCode.objects.filter(award=award)
                assert sum(code.value_pence for code in codes) == award.value_pence
                assert {code.council_id for code in codes} == {award.council_id}
            elif award.award_type == "bank_payment":
                assert BankPayment.objects.get(award=award).amount_pence == award.value_pence
            elif award.award_type == "cash_out":
                assert CashOutCode.objects.get(award=award).value_pence == award.value_pence
            elif award.award_type == "goods":
                orders = GoodsOrder.objects.filter(award=award)
                assert sum(order.total_pence for order in orders) == award.value_pence
        assert VoucherCode.objects.filter(award__isnull=True).count() > 0, "spare stock is left"
        # Finance has made a payment file of the bank payments.
        assert PaymentFile.objects.exists()

    def test_budgets_have_committed_exactly_the_awards(self, seeded: SeedSummary) -> None:
        for budget in Budget.objects.all():
            awarded = Award.objects.filter(commitment__budget=budget).aggregate(
                total=Sum("value_pence")
            )["total"]
            assert budget.committed_pence == (awarded or 0)
        assert Budget.objects.filter(committed_pence__gt=0).exists()

    def test_messages_are_sent_straight_away(self, seeded: SeedSummary) -> None:
        assert not Message.objects.filter(status=MessageStatus.QUEUED).exists()
        assert Message.objects.filter(status=MessageStatus.SENT).count() == seeded.messages_sent > 0
        # Everyone awarded is told how it arrives (a bank payment once the file is made).
        told = Message.objects.filter(
            template__in=[
                "voucher_issued",
                "cash_out_code",
                "goods_ordered",
                "payment_sent",
            ]
        ).values_list("case_reference", flat=True)
        waiting = BankPayment.objects.filter(status="queued").count()
        assert len(set(told)) == seeded.awards - waiting

    def test_seeding_again_does_nothing(self, seeded: SeedSummary) -> None:
        before = _snapshot()
        applications = Application.objects.count()

        again = seed_demo(applications_per_council=APPLICATIONS)

        assert not again.created
        assert "already set up" in again.message
        assert Application.objects.count() == applications
        assert _snapshot() == before

    def test_synthetic_contact_details_only(self, seeded: SeedSummary) -> None:
        for phone, email in Person.objects.values_list("phone", "email"):
            assert phone == "" or phone.startswith("07700 900")
            assert email == "" or email.endswith("@example.com")


@pytest.mark.django_db
def test_each_council_shows_every_part_of_casework(seeded: SeedSummary) -> None:
    for council in Council.objects.all():
        assert set(Team.objects.filter(council=council).values_list("name", flat=True)) == {
            "Crisis team",
            "Items team",
        }
        assert not Scheme.objects.filter(council=council, team=None).exists()
        assert InformationRequest.objects.filter(council=council).count() == 2
        assert AwardApproval.objects.filter(council=council, status="waiting").exists()
        reviews = Review.objects.filter(council=council)
        assert set(reviews.values_list("status", flat=True)) == {
            ReviewStatus.WAITING,
            ReviewStatus.DECIDED,
        }
        assert all(r.reviewed_by_id != r.original_decided_by_id for r in reviews)
        complaints = Complaint.objects.filter(council=council)
        assert set(complaints.values_list("status", flat=True)) == {
            ComplaintStatus.STAGE_1,
            ComplaintStatus.STAGE_2,
        }
    # Only Glenmoor decides automatically, and only applications that arrive after the seed.
    auto = Scheme.objects.filter(auto_decide=True)
    assert [(s.council.slug, s.slug) for s in auto] == [("glenmoor", "crisis-payment")]
    assert not Application.objects.filter(
        council__slug="glenmoor", status=ApplicationStatus.AWARDED
    ).filter(pk__in=Decision.objects.filter(decided_by=None).values("application"))
