"""The fulfilment hub and its exception queue: what needs attention, trying again, and
cancelling an award so its money goes back to the fund exactly once."""

import datetime
import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.budgets.models import Budget, CommitmentStatus
from onestop.core.errors import ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.fulfilment.models import (
    Award,
    AwardStatus,
    FulfilmentRequest,
    FulfilmentRequestStatus,
    GoodsOrderStatus,
)
from onestop.fulfilment.services.exceptions import fulfilment_cancel
from onestop.fulfilment.services.outbox import fulfilment_retry
from tests.factories import (
    make_card_load_for,
    make_failed_fulfilment,
    make_goods_order_for,
    make_membership,
    make_typed_award,
)

pytestmark = pytest.mark.django_db

REASON = "The supplier cannot deliver to this address."


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def text_of(html: str) -> str:
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def page(client: Client, name: str, council: Council, **kwargs: object) -> str:
    response = client.get(reverse(name, kwargs={"council_slug": council.slug, **kwargs}))
    assert response.status_code == 200
    return text_of(response.content.decode())


def budget_of(award: Award) -> Budget:
    return Budget.objects.get(pk=award.commitment.budget_id)


@pytest.fixture
def team_leader(council: Council) -> Membership:
    return make_membership(role=Role.TEAM_LEADER, council=council)


@pytest.fixture
def finance(council: Council) -> Membership:
    return make_membership(role=Role.FINANCE, council=council)


@pytest.fixture
def failed(council: Council) -> FulfilmentRequest:
    return make_failed_fulfilment(council=council, amount_pence=6_000)


# --- the hub ---------------------------------------------------------------------------------


def test_the_hub_counts_what_needs_attention(council, team_leader, failed):
    waiting = make_typed_award(award_type="e_voucher", council=council).award
    long_waiting = make_typed_award(award_type="e_voucher", council=council).award
    FulfilmentRequest.objects.filter(award=long_waiting).update(
        created_at=timezone.now() - datetime.timedelta(hours=3)
    )
    goods = make_typed_award(award_type="goods", council=council).award
    make_goods_order_for(award=goods, status=GoodsOrderStatus.FAILED)
    card = make_typed_award(award_type="prepaid_card", council=council).award
    make_card_load_for(award=card)
    # Another council's trouble is not counted here.
    make_failed_fulfilment()

    text = page(client_for(team_leader), "fulfilment_hub:home", council)

    assert "Fulfilment needing attention 1" in text
    assert "Waiting longer than expected 1" in text
    # The pending goods and card awards, and the two voucher awards, are waiting to be sent.
    assert (
        f"Waiting to be sent {FulfilmentRequest.objects.filter(council=council, status='pending').count()}"
        in text
    )
    assert FulfilmentRequest.objects.filter(award=waiting, status="pending").exists()
    assert "Goods deliveries that failed 1" in text
    assert "Prepaid cards waiting to be collected 1" in text


def test_the_hub_links_only_to_pages_the_person_may_open(council, team_leader, finance):
    leader_page = page(client_for(team_leader), "fulfilment_hub:home", council)
    finance_page = page(client_for(finance), "fulfilment_hub:home", council)

    assert "Fulfilment needing attention" in leader_page
    # A team leader resolves fulfilment but does not keep voucher stock or see finance exports.
    assert "Voucher stock" not in leader_page
    assert "Finance exports" not in leader_page
    assert "Voucher stock" in finance_page
    assert "Finance exports" in finance_page


def test_people_who_do_not_resolve_fulfilment_cannot_open_the_hub(council, decision_maker):
    client = client_for(decision_maker)
    for name in ("fulfilment_hub:home", "fulfilment_hub:exceptions"):
        response = client.get(reverse(name, kwargs={"council_slug": council.slug}))
        assert response.status_code == 403


# --- the exception queue ---------------------------------------------------------------------


def test_the_queue_lists_only_this_councils_failures(council, team_leader, failed):
    elsewhere = make_failed_fulfilment(error="Somewhere else went wrong.")

    text = page(client_for(team_leader), "fulfilment_hub:exceptions", council)

    reference = failed.award.application.reference
    assert reference in text
    assert "E-voucher" in text
    assert "£60.00" in text
    assert "There are no £60.00 codes left in stock. Load more codes, then try again." in text
    assert f"Try again for {reference}" in text
    assert f"Cancel and return the money for {reference}" in text
    assert elsewhere.award.application.reference not in text
    assert "Somewhere else went wrong" not in text


def test_the_queue_links_each_failure_to_its_case(council, team_leader, failed):
    response = client_for(team_leader).get(
        reverse("fulfilment_hub:exceptions", kwargs={"council_slug": council.slug})
    )
    case = reverse(
        "casework:case",
        kwargs={"council_slug": council.slug, "reference": failed.award.application.reference},
    )
    assert f'href="{case}"' in response.content.decode()


def test_awards_waiting_more_than_an_hour_are_listed_separately(council, team_leader):
    late = make_typed_award(award_type="cash_out", council=council, amount_pence=4_000).award
    FulfilmentRequest.objects.filter(award=late).update(
        created_at=timezone.now() - datetime.timedelta(hours=2),
        attempts=2,
        last_error="The provider could not be reached. It will be tried again.",
    )
    fresh = make_typed_award(award_type="cash_out", council=council).award

    text = page(client_for(team_leader), "fulfilment_hub:exceptions", council)

    waiting_section = text.split("Waiting longer than expected", 1)[1]
    assert late.application.reference in waiting_section
    assert "Cash-out code" in waiting_section
    assert "The provider could not be reached" in waiting_section
    assert fresh.application.reference not in text
    assert "Nothing needs attention" in text


def test_try_again_puts_the_award_back_in_the_queue(council, team_leader, failed):
    response = client_for(team_leader).post(
        reverse(
            "fulfilment_hub:retry", kwargs={"council_slug": council.slug, "request_id": failed.pk}
        ),
        follow=True,
    )

    failed.refresh_from_db()
    assert failed.status == FulfilmentRequestStatus.PENDING
    assert failed.attempts == 0
    assert Award.objects.get(pk=failed.award_id).status == AwardStatus.AWAITING_FULFILMENT
    text = text_of(response.content.decode())
    assert "The award is being sent again." in text
    assert "Nothing needs attention" in text


def test_try_again_cannot_reach_another_councils_award(council, team_leader):
    elsewhere = make_failed_fulfilment()
    response = client_for(team_leader).post(
        reverse(
            "fulfilment_hub:retry",
            kwargs={"council_slug": council.slug, "request_id": elsewhere.pk},
        ),
        follow=True,
    )
    elsewhere.refresh_from_db()
    assert elsewhere.status == FulfilmentRequestStatus.FAILED
    assert "Only a fulfilment that needs attention can be retried." in response.content.decode()


def test_cancel_asks_why_and_changes_nothing_without_a_reason(council, team_leader, failed):
    url = reverse(
        "fulfilment_hub:cancel", kwargs={"council_slug": council.slug, "request_id": failed.pk}
    )
    client = client_for(team_leader)
    form = text_of(client.get(url).content.decode())
    assert "Why is the award being cancelled?" in form
    assert "£60.00 goes back to the fund" in form

    response = client.post(url, {"reason": "  "})

    assert response.status_code == 200
    text = text_of(response.content.decode())
    assert "There is a problem" in text
    assert "Enter why the award is being cancelled" in text
    assert Award.objects.get(pk=failed.award_id).status == AwardStatus.FAILED


def test_cancel_returns_the_money_to_the_fund_once(council, team_leader, failed):
    award = failed.award
    committed_before = budget_of(award).committed_pence
    url = reverse(
        "fulfilment_hub:cancel", kwargs={"council_slug": council.slug, "request_id": failed.pk}
    )
    client = client_for(team_leader)

    response = client.post(url, {"reason": REASON}, follow=True)

    text = text_of(response.content.decode())
    assert f"The award on {award.application.reference} is cancelled and £60.00" in text
    assert "Nothing needs attention" in text
    award.refresh_from_db()
    assert award.status == AwardStatus.RETURNED
    assert award.returned_reason == REASON
    assert award.commitment.status == CommitmentStatus.RELEASED
    assert budget_of(award).committed_pence == committed_before - 6_000
    failed.refresh_from_db()
    assert failed.status == FulfilmentRequestStatus.CANCELLED
    assert "Cancelled" in failed.result_summary
    cancelled = AuditEvent.objects.get(action="award.fulfilment_cancelled")
    assert cancelled.actor == team_leader.user
    assert cancelled.reason == REASON
    assert cancelled.case_reference == award.application.reference

    # A second press (a double click, or a second person) changes nothing.
    again = client.post(url, {"reason": REASON}, follow=True)
    assert "no longer needs attention" in text_of(again.content.decode())
    assert budget_of(award).committed_pence == committed_before - 6_000
    assert AuditEvent.objects.filter(action="award.returned", subject_id=str(award.pk)).count() == 1


def test_a_cancelled_award_can_never_be_sent(council, team_leader, failed):
    fulfilment_cancel(actor=team_leader.user, council=council, request_id=failed.pk, reason=REASON)
    with pytest.raises(ServiceError):
        fulfilment_retry(actor=team_leader.user, council=council, request_id=failed.pk)
    assert Award.objects.get(pk=failed.award_id).status == AwardStatus.RETURNED


def test_cancel_is_refused_for_requests_that_do_not_need_attention(council, team_leader):
    pending = FulfilmentRequest.objects.get(
        award=make_typed_award(award_type="e_voucher", council=council).award
    )
    elsewhere = make_failed_fulfilment()
    for request_id in (pending.pk, elsewhere.pk):
        with pytest.raises(ServiceError, match="Only an award whose fulfilment needs attention"):
            fulfilment_cancel(
                actor=team_leader.user, council=council, request_id=request_id, reason=REASON
            )
    assert Award.objects.get(pk=elsewhere.award_id).status == AwardStatus.FAILED


def test_cancel_needs_a_reason_and_the_right_role(council, team_leader, decision_maker, failed):
    with pytest.raises(ServiceError, match="Enter why") as blank:
        fulfilment_cancel(actor=team_leader.user, council=council, request_id=failed.pk, reason="")
    assert blank.value.field == "reason"
    with pytest.raises(ServiceError, match="permission"):
        fulfilment_cancel(
            actor=decision_maker.user, council=council, request_id=failed.pk, reason=REASON
        )
    assert Award.objects.get(pk=failed.award_id).status == AwardStatus.FAILED


def test_cancel_is_refused_when_part_of_the_award_was_already_ordered(council, team_leader):
    failed = make_failed_fulfilment(council=council, award_type="goods")
    make_goods_order_for(award=failed.award, status=GoodsOrderStatus.PLACED)

    with pytest.raises(ServiceError, match="goods were ordered from a supplier"):
        fulfilment_cancel(
            actor=team_leader.user, council=council, request_id=failed.pk, reason=REASON
        )
    assert Award.objects.get(pk=failed.award_id).status == AwardStatus.FAILED


@settings(max_examples=25, deadline=None)
@given(actions=st.lists(st.sampled_from(["cancel", "retry", "fail"]), min_size=1, max_size=6))
def test_money_comes_back_at_most_once_whatever_staff_do(
    rolled_back, council, team_leader, actions
):
    """However staff mix trying again, the outbox failing again, and cancelling, the award's
    money is released once at most, and only a cancelled award has had it released."""
    with rolled_back():
        failed = make_failed_fulfilment(council=council)
        award = failed.award
        budget_before = budget_of(award).committed_pence
        for action in actions:
            try:
                if action == "cancel":
                    fulfilment_cancel(
                        actor=team_leader.user, council=council, request_id=failed.pk, reason=REASON
                    )
                elif action == "retry":
                    fulfilment_retry(actor=team_leader.user, council=council, request_id=failed.pk)
                else:  # the outbox gives up on it again
                    FulfilmentRequest.objects.filter(pk=failed.pk, status="pending").update(
                        status=FulfilmentRequestStatus.FAILED
                    )
                    Award.objects.filter(pk=award.pk, status="awaiting_fulfilment").update(
                        status=AwardStatus.FAILED
                    )
            except ServiceError:
                pass
        award.refresh_from_db()
        released = budget_before - budget_of(award).committed_pence
        if award.status == AwardStatus.RETURNED:
            assert released == award.value_pence
        else:
            assert released == 0
        assert (
            AuditEvent.objects.filter(action="award.returned", subject_id=str(award.pk)).count()
            <= 1
        )
