"""What happens to goods orders after they are placed: suppliers confirm dispatch, delivery, a
failed delivery or a return; staff rebook or cancel; and the money comes back exactly once."""

import datetime

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st

from onestop.budgets.models import Budget, CommitmentStatus
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Organisation, User
from onestop.fulfilment.models import Award, AwardStatus, GoodsOrder, GoodsOrderStatus
from onestop.fulfilment.selectors.goods import CANCELLED, order_state
from onestop.fulfilment.services.goods import (
    OrderChangeRefused,
    OrderNotFound,
    order_cancel,
    order_deliver,
    order_dispatch,
    order_fail,
    order_rebook,
    order_return,
)
from onestop.notifications.models import Message
from tests.factories import (
    fulfil_now,
    make_council,
    make_goods_award,
    make_membership,
    make_placed_goods_order,
    make_supplier,
    make_supplier_membership,
    person_details,
)

pytestmark = pytest.mark.django_db

IN_A_WEEK = datetime.timedelta(days=7)


def staff_of(council: Council, role: str = Role.TEAM_LEADER) -> User:
    return make_membership(role=role, council=council).user


def two_supplier_award() -> tuple[Award, GoodsOrder, GoodsOrder]:
    council = make_council()
    beds = make_supplier(council=council, name="Beds Direct")
    kitchens = make_supplier(council=council, name="Kitchen World")
    award = fulfil_now(
        make_goods_award(items=[(beds, "Single bed", 14_999), (kitchens, "Fridge", 19_000)])
    )
    return award, award.goods_orders.get(supplier=beds), award.goods_orders.get(supplier=kitchens)


def committed(award: Award) -> int:
    return Budget.objects.get(pk=award.commitment.budget_id).committed_pence


def fail(order: GoodsOrder, reason: str = "Nobody was in") -> GoodsOrder:
    return order_fail(actor=None, supplier=order.supplier, order=order, reason=reason)


def deliver(order: GoodsOrder) -> GoodsOrder:
    return order_deliver(actor=None, supplier=order.supplier, order=order)


def give_back(order: GoodsOrder, reason: str = "The bed was damaged") -> GoodsOrder:
    return order_return(actor=None, supplier=order.supplier, order=order, reason=reason)


def cancel(order: GoodsOrder, reason: str = "They have moved away") -> GoodsOrder:
    return order_cancel(
        actor=staff_of(order.council), council=order.council, order=order, reason=reason
    )


# --- suppliers ------------------------------------------------------------------------------


def test_a_supplier_dispatches_then_delivers_and_each_change_is_on_the_case():
    order = make_placed_goods_order()
    member = make_supplier_membership(organisation=order.supplier)

    dispatched = order_dispatch(actor=member.user, supplier=order.supplier, order=order)
    delivered = order_deliver(actor=member.user, supplier=order.supplier, order=order)

    assert dispatched.status == GoodsOrderStatus.DISPATCHED
    assert dispatched.dispatched_at
    assert delivered.status == GoodsOrderStatus.DELIVERED
    assert delivered.delivered_at
    actions = list(
        AuditEvent.objects.filter(case_reference=order.award.application.reference)
        .filter(action__startswith="goods.order_")
        .order_by("id")
        .values_list("action", "actor")
    )
    assert actions == [
        ("goods.order_placed", None),
        ("goods.order_dispatched", member.user.pk),
        ("goods.order_delivered", member.user.pk),
    ]


def test_delivery_can_be_confirmed_without_a_dispatch_first():
    order = make_placed_goods_order()
    assert deliver(order).status == GoodsOrderStatus.DELIVERED


def test_confirming_twice_changes_nothing_the_second_time():
    order = make_placed_goods_order()
    first = order_dispatch(actor=None, supplier=order.supplier, order=order)
    again = order_dispatch(actor=None, supplier=order.supplier, order=order)
    deliver(order)
    deliver(order)

    assert again.dispatched_at == first.dispatched_at
    assert AuditEvent.objects.filter(action="goods.order_dispatched").count() == 1
    assert AuditEvent.objects.filter(action="goods.order_delivered").count() == 1


def test_an_api_change_is_recorded_as_the_suppliers_own():
    order = make_placed_goods_order()
    order_dispatch(actor=None, supplier=order.supplier, order=order)
    event = AuditEvent.objects.get(action="goods.order_dispatched")
    assert event.actor_label == f"{order.supplier.name} (supplier API)"


def test_a_change_the_order_cannot_make_is_refused_and_says_why():
    order = deliver(make_placed_goods_order())

    with pytest.raises(OrderChangeRefused, match=f"Order {order.reference} is delivered"):
        order_dispatch(actor=None, supplier=order.supplier, order=order)
    with pytest.raises(OrderChangeRefused):
        fail(order)


def test_only_delivered_goods_can_be_returned():
    order = make_placed_goods_order()
    with pytest.raises(OrderChangeRefused, match="only delivered goods can come back"):
        give_back(order)


def test_a_supplier_cannot_change_another_suppliers_order():
    order = make_placed_goods_order()
    other = make_supplier(council=order.council)

    with pytest.raises(OrderNotFound):
        order_dispatch(actor=None, supplier=other, order=order)
    order.refresh_from_db()
    assert order.status == GoodsOrderStatus.PLACED


def test_staff_of_another_supplier_cannot_act_for_this_one():
    order = make_placed_goods_order()
    stranger = make_supplier_membership(council=order.council)

    with pytest.raises(NotPermitted):
        order_dispatch(actor=stranger.user, supplier=order.supplier, order=order)


def test_a_failed_delivery_tells_the_person_once_with_the_items():
    award = fulfil_now(make_goods_award(applicant=person_details(first_name="Owain")))
    order = award.goods_orders.get()

    failed = fail(order, "Nobody was in, card left")
    fail(order, "Nobody was in, card left")

    assert failed.status == GoodsOrderStatus.FAILED
    assert failed.failure_reason == "Nobody was in, card left"
    message = Message.objects.get(template="goods_delivery_failed")
    assert message.body.startswith("Dear Owain, the delivery of Single bed could not be made.")
    assert message.case_reference == award.application.reference


def test_a_failed_delivery_needs_a_reason():
    order = make_placed_goods_order()
    with pytest.raises(ServiceError, match="Enter why the goods could not be delivered"):
        fail(order, "   ")
    order.refresh_from_db()
    assert order.status == GoodsOrderStatus.PLACED


# --- staff: rebook ---------------------------------------------------------------------------


def test_staff_book_another_day_and_the_person_is_told_it():
    order = fail(make_placed_goods_order())
    new_day = timezone.localdate() + IN_A_WEEK

    rebooked = order_rebook(
        actor=staff_of(order.council),
        council=order.council,
        order=order,
        delivery_date=new_day,
        delivery_slot="afternoon",
    )

    assert rebooked.status == GoodsOrderStatus.PLACED
    assert (rebooked.delivery_date, rebooked.delivery_slot) == (new_day, "afternoon")
    assert rebooked.failure_reason == ""
    assert rebooked.failed_at is None
    message = Message.objects.filter(template="goods_ordered").latest("id")
    assert f"{new_day.day} {new_day:%B %Y}, afternoon (1pm to 6pm)" in message.body
    # The supplier can now take it out again.
    assert deliver(rebooked).status == GoodsOrderStatus.DELIVERED


def test_booking_the_same_day_twice_tells_the_person_once():
    order = fail(make_placed_goods_order())
    actor = staff_of(order.council)
    day = timezone.localdate() + IN_A_WEEK
    before = Message.objects.filter(template="goods_ordered").count()

    for _ in range(2):
        order_rebook(
            actor=actor,
            council=order.council,
            order=order,
            delivery_date=day,
            delivery_slot="morning",
        )

    assert Message.objects.filter(template="goods_ordered").count() == before + 1


@pytest.mark.parametrize(
    ("days", "message"),
    [(0, "must be after today"), (-3, "must be after today"), (61, "within 60 days")],
)
def test_another_day_must_be_ahead_and_not_too_far(days, message):
    order = fail(make_placed_goods_order())
    with pytest.raises(ServiceError, match=message):
        order_rebook(
            actor=staff_of(order.council),
            council=order.council,
            order=order,
            delivery_date=timezone.localdate() + datetime.timedelta(days=days),
            delivery_slot="morning",
        )


def test_only_a_failed_delivery_can_be_rebooked():
    order = make_placed_goods_order()
    with pytest.raises(OrderChangeRefused, match="only a failed delivery can be rebooked"):
        order_rebook(
            actor=staff_of(order.council),
            council=order.council,
            order=order,
            delivery_date=timezone.localdate() + IN_A_WEEK,
            delivery_slot="morning",
        )


def test_rebooking_needs_a_role_that_resolves_fulfilment():
    order = fail(make_placed_goods_order())
    with pytest.raises(NotPermitted):
        order_rebook(
            actor=staff_of(order.council, Role.DECISION_MAKER),
            council=order.council,
            order=order,
            delivery_date=timezone.localdate() + IN_A_WEEK,
            delivery_slot="morning",
        )


def test_another_councils_staff_cannot_touch_the_order():
    order = fail(make_placed_goods_order())
    elsewhere = make_council()
    with pytest.raises(OrderNotFound):
        order_cancel(
            actor=staff_of(elsewhere), council=elsewhere, order=order, reason="Not ours to cancel"
        )


# --- money back ------------------------------------------------------------------------------


def test_cancelling_the_only_order_returns_the_money_once():
    award = fulfil_now(make_goods_award())
    order = fail(award.goods_orders.get())
    before = committed(award)

    cancel(order)
    cancel(order)

    award.refresh_from_db()
    assert order_state(GoodsOrder.objects.get(pk=order.pk)).value == CANCELLED
    assert award.status == AwardStatus.RETURNED
    assert award.commitment.status == CommitmentStatus.RELEASED
    assert committed(award) == before - award.value_pence
    assert AuditEvent.objects.filter(action="budget.released").count() == 1
    assert "They have moved away" in award.returned_reason


def test_only_a_failed_delivery_can_be_cancelled():
    order = make_placed_goods_order()
    with pytest.raises(OrderChangeRefused, match="only a failed delivery can be cancelled"):
        cancel(order)


def test_cancelling_needs_a_reason():
    order = fail(make_placed_goods_order())
    with pytest.raises(ServiceError, match="Enter why the order is being cancelled"):
        cancel(order, " ")


def test_with_two_suppliers_the_money_stays_until_both_orders_are_closed():
    award, beds, fridge = two_supplier_award()
    before = committed(award)

    cancel(fail(beds))
    award.refresh_from_db()
    assert award.status == AwardStatus.FULFILLED
    assert committed(award) == before

    fail(fridge)
    award.refresh_from_db()
    assert award.status == AwardStatus.FULFILLED  # a failed order may still be rebooked

    cancel(fridge)
    award.refresh_from_db()
    assert award.status == AwardStatus.RETURNED
    assert committed(award) == before - award.value_pence


def test_when_every_order_comes_back_the_money_is_returned_once():
    award, beds, fridge = two_supplier_award()
    before = committed(award)
    deliver(beds)
    deliver(fridge)

    give_back(beds)
    award.refresh_from_db()
    assert award.status == AwardStatus.FULFILLED

    give_back(fridge)
    give_back(fridge)
    award.refresh_from_db()
    assert award.status == AwardStatus.RETURNED
    assert committed(award) == before - award.value_pence
    assert AuditEvent.objects.filter(action="budget.released").count() == 1
    assert award.returned_reason.startswith("The goods were returned to Kitchen World")


def test_one_order_returned_and_the_other_cancelled_returns_the_money():
    award, beds, fridge = two_supplier_award()
    give_back(deliver(beds))
    cancel(fail(fridge))
    award.refresh_from_db()
    assert award.status == AwardStatus.RETURNED


def test_goods_kept_by_the_person_keep_the_money_spent():
    award, beds, fridge = two_supplier_award()
    deliver(beds)
    cancel(fail(fridge))
    award.refresh_from_db()
    assert award.status == AwardStatus.FULFILLED
    assert award.commitment.status == CommitmentStatus.SPENT


def test_money_cannot_come_back_before_the_outbox_has_recorded_the_orders():
    award, beds, _ = two_supplier_award()
    Award.objects.filter(pk=award.pk).update(status=AwardStatus.AWAITING_FULFILMENT)
    beds = fail(beds)
    GoodsOrder.objects.filter(award=award).exclude(pk=beds.pk).update(
        status=GoodsOrderStatus.RETURNED, returned_at=timezone.now()
    )
    with pytest.raises(OrderChangeRefused, match="still recording"):
        cancel(beds)
    assert order_state(GoodsOrder.objects.get(pk=beds.pk)).value == GoodsOrderStatus.FAILED


# Every change a supplier or staff can make, in any order, on an award's two orders.
STEPS = st.lists(
    st.tuples(
        st.sampled_from(["dispatch", "deliver", "fail", "return", "rebook", "cancel"]),
        st.sampled_from([0, 1]),
    ),
    max_size=14,
)


@settings(max_examples=30)
@given(steps=STEPS)
def test_whatever_happens_the_money_comes_back_at_most_once_and_only_when_nothing_is_left(
    rolled_back, steps: list[tuple[str, int]]
) -> None:
    with rolled_back():
        award, beds, fridge = two_supplier_award()
        orders = [beds, fridge]
        actor = staff_of(award.council)
        before = committed(award)
        supplier_of: dict[int, Organisation] = {o.pk: o.supplier for o in orders}
        for action, index in steps:
            order = GoodsOrder.objects.get(pk=orders[index].pk)
            supplier = supplier_of[order.pk]
            try:
                if action == "dispatch":
                    order_dispatch(actor=None, supplier=supplier, order=order)
                elif action == "deliver":
                    order_deliver(actor=None, supplier=supplier, order=order)
                elif action == "fail":
                    order_fail(actor=None, supplier=supplier, order=order, reason="Not in")
                elif action == "return":
                    order_return(actor=None, supplier=supplier, order=order, reason="Damaged")
                elif action == "rebook":
                    order_rebook(
                        actor=actor,
                        council=award.council,
                        order=order,
                        delivery_date=timezone.localdate() + IN_A_WEEK,
                        delivery_slot="morning",
                    )
                else:
                    order_cancel(actor=actor, council=award.council, order=order, reason="Gone")
            except OrderChangeRefused:
                pass
        award.refresh_from_db()
        states = {order_state(o).value for o in GoodsOrder.objects.filter(award=award)}
        closed = states <= {CANCELLED, GoodsOrderStatus.RETURNED}
        releases = AuditEvent.objects.filter(
            action="budget.released", case_reference=award.application.reference
        ).count()
        assert releases == (1 if closed else 0)
        assert (award.status == AwardStatus.RETURNED) == closed
        assert committed(award) == before - (award.value_pence if closed else 0)
