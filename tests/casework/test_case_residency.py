"""The case page says whether the household lives in the area, and how that was decided."""

import re
from html import unescape

import pytest
from django.test import Client
from django.urls import reverse

from onestop.councils.models import Council, Membership
from onestop.intake.models import Application
from onestop.policy.models import Scheme
from tests.factories import address_details, gazetteer_line, load_gazetteer, submit_application

pytestmark = pytest.mark.django_db


def page_text(membership: Membership, application: Application) -> str:
    client = Client()
    client.force_login(membership.user)
    url = reverse(
        "casework:case",
        kwargs={"council_slug": application.council.slug, "reference": application.reference},
    )
    html = client.get(url).content.decode()
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", " ", html)))


def test_the_household_summary_says_how_residency_was_checked(
    council: Council, scheme: Scheme, adviser: Membership
) -> None:
    load_gazetteer(council=council, lines=[gazetteer_line(uprn="100012345678")])
    application = submit_application(scheme=scheme, address=address_details(uprn="100012345678"))

    page = page_text(adviser, application)

    assert (
        "Lives in the area Confirmed: address UPRN 100012345678 is in the council's address list"
        in page
    )
