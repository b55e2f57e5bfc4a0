"""How a scheme is run: a council admin sets targets, four eyes and auto-decision, audited."""

import pytest
from django.test import Client

from onestop.core.errors import ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council
from onestop.policy.models import Scheme
from onestop.policy.services import SchemeRules, scheme_rules_change
from tests.factories import make_membership

pytestmark = pytest.mark.django_db

RULES = SchemeRules(
    decision_target_working_days=1,
    approval_above_pence=50_000,
    auto_decide=True,
    auto_award_limit_pence=8_000,
    review_target_working_days=2,
    information_wait_working_days=5,
    award_type="e_voucher",
)


def test_the_change_is_kept_and_audited_with_what_changed_and_why(scheme: Scheme) -> None:
    admin = make_membership(role=Role.ADMIN, council=scheme.council)
    changed = scheme_rules_change(
        actor=admin.user, scheme=scheme, rules=RULES, reason="Agreed at committee, 1 December"
    )
    assert (changed.approval_above_pence, changed.auto_decide) == (50_000, True)
    event = AuditEvent.objects.get(action="scheme.rules_changed")
    assert event.reason == "Agreed at committee, 1 December"
    assert event.details["changed"]["auto_award_limit_pence"] == [0, 8_000]
    assert "decision_target_working_days" not in event.details["changed"]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"auto_award_limit_pence": 0}, "auto_award_limit_pence"),
        ({"auto_award_limit_pence": 60_000}, "auto_award_limit_pence"),
        ({"review_target_working_days": 0}, "review_target_working_days"),
        ({"decision_target_working_days": 61}, "decision_target_working_days"),
    ],
)
def test_rules_that_cannot_work_are_refused_and_nothing_changes(
    scheme: Scheme, change: dict, field: str
) -> None:
    admin = make_membership(role=Role.ADMIN, council=scheme.council)
    rules = SchemeRules(**{**RULES.__dict__, **change})
    with pytest.raises(ServiceError) as refused:
        scheme_rules_change(actor=admin.user, scheme=scheme, rules=rules, reason="Trying")
    assert refused.value.field == field
    scheme.refresh_from_db()
    assert scheme.auto_decide is False
    assert not AuditEvent.objects.filter(action="scheme.rules_changed").exists()


def test_the_page_saves_the_rules(council: Council, scheme: Scheme) -> None:
    client = Client()
    client.force_login(make_membership(role=Role.ADMIN, council=council).user)
    url = f"/staff/{council.slug}/schemes/{scheme.pk}/"
    response = client.post(
        url,
        {
            "decision_target_working_days": "1",
            "review_target_working_days": "2",
            "information_wait_working_days": "5",
            "approval_above": "500",
            "auto_decide": "yes",
            "auto_award_limit": "80",
            "award_type": "cash_out",
            "reason": "Agreed at committee",
        },
        follow=True,
    )
    assert "the changes apply from now on" in response.content.decode()
    assert Scheme.objects.get(pk=scheme.pk).award_type == "cash_out"
    scheme.refresh_from_db()
    assert (scheme.approval_above_pence, scheme.auto_award_limit_pence) == (50_000, 8_000)


def test_the_page_shows_what_to_fix(council: Council, scheme: Scheme) -> None:
    client = Client()
    client.force_login(make_membership(role=Role.ADMIN, council=council).user)
    response = client.post(
        f"/staff/{council.slug}/schemes/{scheme.pk}/",
        {"decision_target_working_days": "two", "auto_decide": "yes", "reason": ""},
    )
    page = response.content.decode()
    assert "There is a problem" in page
    assert "Enter the decision target as a whole number of working days" in page
    assert "Enter why the scheme" in page


def test_bank_payment_and_goods_schemes_cannot_award_automatically(scheme: Scheme) -> None:
    admin = make_membership(role=Role.ADMIN, council=scheme.council)
    for award_type in ("bank_payment", "goods"):
        rules = SchemeRules(**{**RULES.__dict__, "award_type": award_type})
        with pytest.raises(ServiceError, match="cannot be made automatically"):
            scheme_rules_change(actor=admin.user, scheme=scheme, rules=rules, reason="Trying")
    scheme.refresh_from_db()
    assert scheme.award_type == "e_voucher"


def test_a_scheme_can_be_switched_to_pay_by_cash_out_code(scheme: Scheme) -> None:
    admin = make_membership(role=Role.ADMIN, council=scheme.council)
    rules = SchemeRules(**{**RULES.__dict__, "award_type": "cash_out"})
    changed = scheme_rules_change(
        actor=admin.user, scheme=scheme, rules=rules, reason="PayPoint contract starts"
    )
    assert changed.award_type == "cash_out"
