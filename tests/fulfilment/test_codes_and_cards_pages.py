"""The codes and cards pages: cards to hand over, cash-out codes at a glance, and uploading
redemption reports."""

import datetime
import html

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from onestop.core.roles import Role
from onestop.councils.models import Council
from onestop.fulfilment.models import (
    Award,
    CashOutCode,
    CashOutStatus,
    PrepaidCard,
    PrepaidCardStatus,
)
from tests.factories import fulfil_now, make_award_for_person, make_membership, person_details

pytestmark = pytest.mark.django_db


def client_for(council: Council, role: Role) -> Client:
    client = Client()
    client.force_login(make_membership(role=role, council=council).user)
    return client


def page(name: str, council: Council, **kwargs: int) -> str:
    return reverse(f"codes_and_cards:{name}", kwargs={"council_slug": council.slug, **kwargs})


def text_of(response) -> str:
    return html.unescape(response.content.decode())


def card_waiting() -> tuple[Award, PrepaidCard]:
    award = fulfil_now(
        make_award_for_person(
            award_type="prepaid_card",
            applicant=person_details(first_name="Gethin", last_name="Pritchard"),
        )
    )
    return award, PrepaidCard.objects.get()


def test_staff_see_cards_waiting_to_be_collected_and_hand_one_over() -> None:
    award, card = card_waiting()
    client = client_for(award.council, Role.TEAM_LEADER)

    overview = text_of(client.get(page("overview", award.council)))
    assert "Gethin Pritchard" in overview
    assert award.application.reference in overview
    assert f"{card.collect_by.day} {card.collect_by:%B %Y}" in overview
    assert "Mark as collected" in overview
    assert "Upload a cash-out redemption report" not in overview  # finance's job

    confirm = text_of(client.get(page("collect", award.council, card_id=card.pk)))
    assert "Hand over a prepaid card" in confirm
    assert "Check the person's proof of identity" in confirm
    assert "£60.00" in confirm

    response = client.post(page("collect", award.council, card_id=card.pk), follow=True)
    assert f"The card ending {card.last_four} is collected. £60.00 is on it" in text_of(response)
    assert "No cards are waiting to be collected." in text_of(response)
    card.refresh_from_db()
    assert card.status == PrepaidCardStatus.ACTIVE


def test_a_card_already_handed_over_is_not_handed_over_again() -> None:
    award, card = card_waiting()
    client = client_for(award.council, Role.TEAM_LEADER)
    client.post(page("collect", award.council, card_id=card.pk))
    response = client.post(page("collect", award.council, card_id=card.pk), follow=True)
    assert "is not waiting to be collected: it is collected and in use" in text_of(response)
    card.refresh_from_db()
    assert card.balance_pence == 6_000


def test_another_councils_card_is_not_found() -> None:
    _award, card = card_waiting()
    elsewhere = make_award_for_person(award_type="cash_out").council
    client = client_for(elsewhere, Role.TEAM_LEADER)
    assert client.get(page("collect", elsewhere, card_id=card.pk)).status_code == 404
    assert client.post(page("collect", elsewhere, card_id=card.pk)).status_code == 404
    card.refresh_from_db()
    assert card.status == PrepaidCardStatus.AWAITING_COLLECTION


def test_advisers_cannot_hand_over_cards() -> None:
    award, card = card_waiting()
    client = client_for(award.council, Role.ADVISER)
    assert client.get(page("overview", award.council)).status_code == 403
    assert client.post(page("collect", award.council, card_id=card.pk)).status_code == 403


def test_cash_out_codes_are_counted_by_status_without_their_numbers() -> None:
    award = fulfil_now(make_award_for_person(award_type="cash_out", amount_pence=4_000))
    code = CashOutCode.objects.get(award=award)
    overview = text_of(client_for(award.council, Role.FINANCE).get(page("overview", award.council)))
    assert "Sent, not collected yet" in overview
    assert award.application.reference in overview
    assert "£40.00" in overview
    assert code.code not in overview
    assert code.code[:4] + " " not in overview


def report(name: str, text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode(), content_type="text/csv")


def test_finance_upload_a_cash_out_report_and_the_code_shows_as_collected() -> None:
    award = fulfil_now(make_award_for_person(award_type="cash_out"))
    CashOutCode.objects.filter(award=award).update(
        created_at=timezone.now() - datetime.timedelta(days=1)
    )
    code = CashOutCode.objects.get(award=award)
    client = client_for(award.council, Role.FINANCE)
    overview = text_of(client.get(page("overview", award.council)))
    assert "Upload a cash-out redemption report" in overview

    when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    response = client.post(
        page("cash_out_report", award.council),
        {
            "report_file": report(
                "paypoint.csv", f"code,amount,redeemed_at,location\n{code.code},60.00,{when},Spar\n"
            )
        },
        follow=True,
    )

    assert "1 code worth £60.00 recorded as used, from paypoint.csv." in text_of(response)
    code.refresh_from_db()
    assert code.status == CashOutStatus.REDEEMED


def test_a_report_with_problems_is_shown_back_line_by_line() -> None:
    award = fulfil_now(make_award_for_person(award_type="cash_out"))
    code = CashOutCode.objects.get(award=award)
    client = client_for(award.council, Role.FINANCE)
    when = timezone.localtime().strftime("%Y-%m-%d %H:%M")
    response = client.post(
        page("cash_out_report", award.council),
        {
            "report_file": report(
                "paypoint.csv", f"code,amount,redeemed_at,location\n{code.code},55.00,{when},Spar\n"
            )
        },
    )
    assert response.status_code == 200
    text = text_of(response)
    assert "There is a problem" in text
    assert "The report was not loaded because some lines have problems" in text
    assert f"Line 2: the amount is £55.00, but the code ending {code.code[-4:]}" in text
    code.refresh_from_db()
    assert code.status == CashOutStatus.ISSUED


def test_an_upload_without_a_file_says_what_to_do() -> None:
    award = make_award_for_person(award_type="e_voucher")
    client = client_for(award.council, Role.FINANCE)
    assert "Upload an e-voucher redemption report" in text_of(
        client.get(page("voucher_report", award.council))
    )
    response = client.post(page("voucher_report", award.council), {})
    assert "Select the redemption report, a CSV file" in text_of(response)


def test_only_finance_upload_reports() -> None:
    award = make_award_for_person(award_type="cash_out")
    client = client_for(award.council, Role.TEAM_LEADER)
    assert client.get(page("cash_out_report", award.council)).status_code == 403
    assert client.get(page("voucher_report", award.council)).status_code == 403
