"""Finance's payment pages: make a file, download it, set the Bacs details, record a return."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.fulfilment.bacs import bacs_file_parse
from onestop.fulfilment.models import (
    AwardStatus,
    BacsOriginator,
    BankPayment,
    BankPaymentStatus,
    PaymentFile,
)
from onestop.fulfilment.services.payments import earliest_processing_date
from tests.factories import (
    make_bacs_originator,
    make_council,
    make_membership,
    make_payment_file,
    make_queued_payment,
)

pytestmark = pytest.mark.django_db


def signed_in(role: Role, council) -> Client:
    client = Client()
    client.force_login(make_membership(role=role, council=council).user)
    return client


def page(name: str, council, **kwargs) -> str:
    return reverse(f"payments:{name}", kwargs={"council_slug": council.slug, **kwargs})


def date_post(day: datetime.date) -> dict[str, str]:
    return {
        "processing_date_day": str(day.day),
        "processing_date_month": str(day.month),
        "processing_date_year": str(day.year),
    }


def test_finance_makes_a_file_from_the_waiting_payments_and_downloads_it() -> None:
    council = make_council()
    make_bacs_originator(council=council)
    first = make_queued_payment(council=council, amount_pence=6_000)
    second = make_queued_payment(council=council, amount_pence=1_500)
    client = signed_in(Role.FINANCE, council)

    home = client.get(page("home", council)).content.decode()
    assert "2 payments totalling <strong>£75.00</strong>" in home
    assert first.reference in home
    assert "Create payment file" in home

    response = client.post(page("home", council), date_post(earliest_processing_date()))
    made = PaymentFile.objects.get(council=council)
    assert response.status_code == 302
    assert response["Location"] == page("file", council, payment_file_id=made.pk)
    shown = client.get(response["Location"]).content.decode()
    assert "Payment file 000001 made: 2 payments, £75.00" in shown
    assert second.reference in shown
    assert "00733445" not in shown  # only the last digits of anyone's account on the page

    download = client.get(page("file_download", council, payment_file_id=made.pk))
    assert download.status_code == 200
    assert download["Content-Type"].startswith("text/plain")
    assert (
        download["Content-Disposition"] == f'attachment; filename="{council.slug}-bacs-000001.txt"'
    )
    parsed = bacs_file_parse(download.content.decode("ascii"))
    assert [p.reference for p in parsed.payments] == [first.reference, second.reference]
    assert AuditEvent.objects.filter(
        action="payments.file_downloaded", subject_id=str(made.pk)
    ).exists()

    again = client.get(page("home", council)).content.decode()
    assert "No payments are waiting." in again
    assert "000001" in again


def test_a_processing_day_that_is_not_a_working_day_ahead_is_explained() -> None:
    council = make_council()
    make_bacs_originator(council=council)
    make_queued_payment(council=council)
    client = signed_in(Role.FINANCE, council)
    response = client.post(page("home", council), date_post(datetime.date(2020, 1, 6)))
    text = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in text
    assert "The processing day must be after today." in text
    assert 'href="#processing_date_day"' in text
    assert not PaymentFile.objects.exists()


def test_a_missing_processing_day_is_asked_for() -> None:
    council = make_council()
    client = signed_in(Role.FINANCE, council)
    text = client.post(page("home", council), {}).content.decode()
    assert "Enter the processing day" in text


def test_without_bacs_details_finance_is_asked_to_set_them() -> None:
    council = make_council()
    make_queued_payment(council=council)
    client = signed_in(Role.FINANCE, council)
    assert (
        "Set the council's Bacs details</a>" in client.get(page("home", council)).content.decode()
    )
    text = client.post(
        page("home", council), date_post(earliest_processing_date())
    ).content.decode()
    assert "There is a problem" in text
    assert "before making a payment file" in text


def test_bad_payments_are_listed_and_no_file_is_made() -> None:
    council = make_council()
    make_bacs_originator(council=council)
    bad = make_queued_payment(council=council)
    BankPayment.objects.filter(pk=bad.pk).update(sort_code="000000")
    client = signed_in(Role.FINANCE, council)
    text = client.post(
        page("home", council), date_post(earliest_processing_date())
    ).content.decode()
    assert "No payment file was made: 1 payment has problems" in text
    assert f"{bad.reference}: the sort code must be 6 digits, not all zeros" in text
    assert not PaymentFile.objects.exists()


def test_finance_sets_the_councils_bacs_details() -> None:
    council = make_council()
    client = signed_in(Role.FINANCE, council)
    assert client.get(page("originator", council)).status_code == 200
    response = client.post(
        page("originator", council),
        {
            "service_user_number": "123456",
            "account_name": "Cardiff Council",
            "sort_code": "20-00-00",
            "account_number": "55779911",
        },
    )
    assert response.status_code == 302
    originator = BacsOriginator.objects.get(council=council)
    assert (originator.account_name, originator.sort_code) == ("CARDIFF COUNCIL", "200000")
    home = client.get(page("home", council)).content.decode()
    assert "ending 9911" in home
    assert "20-00-00" in home


def test_bad_bacs_details_show_each_problem() -> None:
    council = make_council()
    client = signed_in(Role.FINANCE, council)
    text = client.post(
        page("originator", council),
        {"service_user_number": "12", "account_name": "", "sort_code": "1", "account_number": "2"},
    ).content.decode()
    assert "There is a problem" in text
    assert "The service user number must be 6 digits" in text
    assert "Enter the name of the account payments come from" in text
    assert "The sort code must be 6 digits, not all zeros" in text
    assert "The account number must be 8 digits, not all zeros" in text
    assert not BacsOriginator.objects.exists()


def test_finance_records_a_payment_the_bank_returned() -> None:
    council = make_council()
    payment_file = make_payment_file(council=council)
    payment = BankPayment.objects.get(payment_file=payment_file)
    client = signed_in(Role.FINANCE, council)
    form = client.get(page("bounce", council) + f"?reference={payment.reference}").content.decode()
    assert f'value="{payment.reference}"' in form

    response = client.post(
        page("bounce", council),
        {"reference": payment.reference.lower(), "reason": "B", "details": ""},
    )
    assert response.status_code == 302
    payment.refresh_from_db()
    assert payment.status == BankPaymentStatus.BOUNCED
    award = payment.award
    award.refresh_from_db()
    assert award.status == AwardStatus.RETURNED
    assert award.returned_reason == "The bank returned the payment of £60.00: account closed"
    shown = client.get(response["Location"]).content.decode()
    assert "is recorded as returned, and the money has gone back to the budget" in shown
    assert "account closed" in shown


def test_another_reason_needs_details_and_an_unknown_reference_is_explained() -> None:
    council = make_council()
    payment = BankPayment.objects.get(payment_file=make_payment_file(council=council))
    client = signed_in(Role.FINANCE, council)
    text = client.post(
        page("bounce", council), {"reference": payment.reference, "reason": "other"}
    ).content.decode()
    assert "Enter why the bank returned the payment" in text
    text = client.post(
        page("bounce", council), {"reference": "CR-0000-00", "reason": "B"}
    ).content.decode()
    assert "There is no payment sent in a payment file with that reference" in text
    payment.refresh_from_db()
    assert payment.status == BankPaymentStatus.SENT


def test_a_queued_payment_cannot_be_recorded_as_returned() -> None:
    council = make_council()
    payment = make_queued_payment(council=council)
    client = signed_in(Role.FINANCE, council)
    text = client.post(
        page("bounce", council), {"reference": payment.reference, "reason": "B"}
    ).content.decode()
    assert "There is no payment sent in a payment file with that reference" in text


@pytest.mark.parametrize("name", ["home", "originator", "bounce", "file", "file_download"])
def test_a_decision_maker_is_refused(name) -> None:
    council = make_council()
    payment_file = make_payment_file(council=council)
    kwargs = {"payment_file_id": payment_file.pk} if name.startswith("file") else {}
    response = signed_in(Role.DECISION_MAKER, council).get(page(name, council, **kwargs))
    assert response.status_code == 403
    assert "You do not have permission" in response.content.decode()


@pytest.mark.parametrize("name", ["file", "file_download"])
def test_another_councils_file_is_not_found(name) -> None:
    council, other = make_council(), make_council()
    theirs = make_payment_file(council=other)
    response = signed_in(Role.FINANCE, council).get(page(name, council, payment_file_id=theirs.pk))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="payments.file_downloaded").exists()
