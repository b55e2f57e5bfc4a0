"""The local e-voucher provider: exact change from stock, one retailer, never a code twice."""

import datetime
import itertools
import re

import pytest
from django.utils import timezone
from hypothesis import example, given
from hypothesis import strategies as st

from onestop.fulfilment.models import VoucherCode
from onestop.fulfilment.providers import FulfilmentFailed
from onestop.fulfilment.providers import vouchers as providers
from onestop.fulfilment.providers.vouchers import LocalVoucherStockProvider, _exact_change
from tests.factories import load_vouchers, make_award

VALUES = st.sampled_from([50, 100, 150, 250, 500, 700, 1_000, 1_500, 2_000, 2_500])
STOCK = st.dictionaries(VALUES, st.integers(min_value=0, max_value=4), max_size=4)


def brute_force(target: int, stock: dict[int, int]) -> int | None:
    """The fewest codes that make `target` exactly, trying every combination; None if none do."""
    values = list(stock)
    best: int | None = None
    for counts in itertools.product(*(range(stock[v] + 1) for v in values)):
        if sum(c * v for c, v in zip(counts, values, strict=True)) == target:
            used = sum(counts)
            best = used if best is None else min(best, used)
    return best


@given(target=st.integers(min_value=1, max_value=120).map(lambda n: n * 50), stock=STOCK)
@example(target=3_000, stock={2_500: 1, 1_000: 3})  # greedy takes the 25 and is stuck
@example(target=600, stock={500: 1, 150: 4})  # 150 x 4: only without the 500
@example(target=6_000, stock={})
def test_exact_change_is_exact_within_stock_and_fewest_codes(
    target: int, stock: dict[int, int]
) -> None:
    plan = _exact_change(target, stock)
    fewest = brute_force(target, stock)
    if plan is None:
        assert fewest is None
        return
    assert sum(value * count for value, count in plan.items()) == target
    assert all(0 < count <= stock[value] for value, count in plan.items())
    assert sum(plan.values()) == fewest


@given(
    target=st.integers(min_value=1, max_value=3_000),
    stock=st.dictionaries(
        st.integers(min_value=1, max_value=1_200), st.integers(min_value=0, max_value=3), max_size=3
    ),
)
def test_exact_change_with_odd_values(target: int, stock: dict[int, int]) -> None:
    plan = _exact_change(target, stock)
    if plan is None:
        assert brute_force(target, stock) is None
    else:
        assert sum(value * count for value, count in plan.items()) == target
        assert all(count <= stock[value] for value, count in plan.items())


@pytest.mark.django_db
def test_the_provider_issues_codes_that_add_up_to_the_award() -> None:
    decision = make_award(amount_pence=6_000)
    award = decision.award
    load_vouchers(award.council, values=[5_000, 2_000, 2_000, 2_000, 1_000])
    result = LocalVoucherStockProvider().fulfil(award, idempotency_key=str(award.idempotency_key))
    issued = VoucherCode.objects.filter(award=award)
    assert sorted(issued.values_list("value_pence", flat=True)) == [1_000, 5_000]
    assert sorted(result.personalisation["codes"].split(", ")) == sorted(
        issued.values_list("code", flat=True)
    )
    assert result.personalisation["retailer"] == "Tesco"
    assert result.summary.startswith("2 e-voucher codes from Tesco for £60.00")


@pytest.mark.django_db
def test_calling_the_provider_again_gives_back_the_same_codes() -> None:
    award = make_award(amount_pence=2_000).award
    load_vouchers(award.council, values=[1_000, 1_000, 1_000, 1_000])
    provider = LocalVoucherStockProvider()
    first = provider.fulfil(award, idempotency_key=str(award.idempotency_key))
    again = provider.fulfil(award, idempotency_key=str(award.idempotency_key))
    assert again == first
    assert VoucherCode.objects.filter(award__isnull=False).count() == 2


@pytest.mark.django_db
def test_codes_from_two_retailers_are_never_mixed() -> None:
    award = make_award(amount_pence=3_000).award
    load_vouchers(award.council, values=[2_000], retailer="Asda")
    load_vouchers(award.council, values=[1_000], retailer="Tesco")
    with pytest.raises(
        FulfilmentFailed, match=re.escape("not enough e-voucher codes in stock to make £30.00")
    ):
        LocalVoucherStockProvider().fulfil(award, idempotency_key=str(award.idempotency_key))
    assert not VoucherCode.objects.filter(award=award).exists()


@pytest.mark.django_db
def test_another_councils_stock_is_never_used() -> None:
    award = make_award(amount_pence=1_000).award
    other = make_award(amount_pence=1_000).award
    load_vouchers(other.council, values=[1_000])
    with pytest.raises(FulfilmentFailed):
        LocalVoucherStockProvider().fulfil(award, idempotency_key=str(award.idempotency_key))


@pytest.mark.django_db
def test_codes_that_have_expired_since_loading_are_not_issued(monkeypatch) -> None:
    award = make_award(amount_pence=1_000).award
    today = timezone.localdate()
    load_vouchers(award.council, values=[1_000], expires_on=today + datetime.timedelta(days=3))
    load_vouchers(award.council, values=[1_000], expires_on=today + datetime.timedelta(days=30))
    later = today + datetime.timedelta(days=3)
    monkeypatch.setattr(providers.timezone, "localdate", lambda *args, **kwargs: later)
    LocalVoucherStockProvider().fulfil(award, idempotency_key=str(award.idempotency_key))
    (issued,) = VoucherCode.objects.filter(award=award)
    assert issued.expires_on == today + datetime.timedelta(days=30)


@pytest.mark.django_db
def test_the_codes_expiring_soonest_are_issued_first() -> None:
    award = make_award(amount_pence=1_000).award
    today = timezone.localdate()
    load_vouchers(award.council, values=[1_000], expires_on=today + datetime.timedelta(days=60))
    load_vouchers(award.council, values=[1_000], expires_on=today + datetime.timedelta(days=10))
    LocalVoucherStockProvider().fulfil(award, idempotency_key=str(award.idempotency_key))
    assert VoucherCode.objects.get(award=award).expires_on == today + datetime.timedelta(days=10)
