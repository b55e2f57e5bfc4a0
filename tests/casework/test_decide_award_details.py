"""The decide page for schemes that pay into a bank account or deliver goods: the account or
the items are asked for with the award, checked, and kept only if the decision is made."""

import datetime

import pytest
from django.test import Client

from onestop.casework.models import Decision
from onestop.core.postcodes import postcode_area
from onestop.core.roles import Role
from onestop.councils.models import Membership
from onestop.fulfilment.models import Award, GoodsRequest, Payee
from onestop.intake.models import Application
from tests import factories

pytestmark = pytest.mark.django_db


def decide_url(application: Application) -> str:
    return f"/staff/{application.council.slug}/cases/{application.reference}/decide/"


def application_for(award_type: str) -> Application:
    scheme = factories.make_scheme(award_type=award_type)
    factories.make_budget(scheme=scheme)
    return factories.submit_application(scheme=scheme)


def decision_maker_for(application: Application) -> Client:
    membership: Membership = factories.make_membership(
        role=Role.DECISION_MAKER, council=application.council
    )
    client = Client()
    client.force_login(membership.user)
    return client


def award_post(**extra: str) -> dict[str, str]:
    return {"outcome": "award", "amount": "60.00", "reasons": "You meet the rules.", **extra}


def test_a_bank_payment_award_keeps_the_account_it_is_paid_into() -> None:
    application = application_for("bank_payment")
    client = decision_maker_for(application)
    assert (
        "Bank details (if you are awarding)" in client.get(decide_url(application)).content.decode()
    )

    response = client.post(
        decide_url(application),
        award_post(account_name="Siân Evans", sort_code="30-94-30", account_number="0073 3445"),
    )

    assert response.status_code == 302
    payee = Payee.objects.get(application=application)
    assert (payee.sort_code, payee.account_number) == ("309430", "00733445")
    assert Award.objects.get(application=application).award_type == "bank_payment"


def test_a_bad_sort_code_is_sent_back_and_nothing_is_kept() -> None:
    application = application_for("bank_payment")
    response = decision_maker_for(application).post(
        decide_url(application),
        award_post(account_name="Siân Evans", sort_code="30943", account_number="00733445"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid sort code like 309430" in page
    assert not Payee.objects.exists()
    assert not Decision.objects.exists()


def test_refusing_a_bank_payment_scheme_needs_no_bank_details() -> None:
    application = application_for("bank_payment")
    response = decision_maker_for(application).post(
        decide_url(application),
        {
            "outcome": "refuse",
            "reasons": "Your income is above the limit.",
            "discretion_reason": "not_in_crisis",
            "discretion_details": "Checked with the applicant.",
        },
    )
    assert response.status_code == 302
    assert not Payee.objects.exists()


def test_a_goods_award_is_what_the_chosen_items_cost() -> None:
    application = application_for("goods")
    area = postcode_area(application.household.postcode)
    bed = factories.make_catalogue_item(
        council=application.council, name="Single bed", price_pence=14_500, delivery_areas=area
    )
    cooker = factories.make_catalogue_item(
        council=application.council, name="Cooker", price_pence=23_000, delivery_areas=area
    )
    factories.make_catalogue_item(
        council=application.council, name="Fridge far away", delivery_areas="ZE"
    )
    client = decision_maker_for(application)
    page = client.get(decide_url(application)).content.decode()
    assert "Single bed, £145.00" in page
    assert "Fridge far away" not in page

    day = datetime.date.today() + datetime.timedelta(days=4)
    response = client.post(
        decide_url(application),
        {
            "outcome": "award",
            "reasons": "You need a bed and a cooker.",
            "items": [str(bed.pk), str(cooker.pk)],
            "delivery_date_day": str(day.day),
            "delivery_date_month": str(day.month),
            "delivery_date_year": str(day.year),
            "delivery_slot": "afternoon",
            "discretion_reason": "need_differs_from_table",
            "discretion_details": "The household has no bed or cooker.",
        },
    )

    assert response.status_code == 302, response.content.decode()
    award = Award.objects.get(application=application)
    assert award.value_pence == 37_500
    request = GoodsRequest.objects.get(application=application)
    assert (request.delivery_date, request.delivery_slot) == (day, "afternoon")


def test_a_goods_award_with_no_items_chosen_is_sent_back() -> None:
    application = application_for("goods")
    factories.make_catalogue_item(
        council=application.council,
        delivery_areas=postcode_area(application.household.postcode),
    )
    response = decision_maker_for(application).post(
        decide_url(application), award_post(delivery_slot="morning")
    )
    page = response.content.decode()
    assert "Select at least one item to deliver" in page
    assert not Decision.objects.exists()
    assert not GoodsRequest.objects.exists()
