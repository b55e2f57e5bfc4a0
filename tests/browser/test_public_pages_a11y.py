"""axe-core scans of the status page (form, error, each result), the "Can I get help?" guide,
the too-many-requests page and the channel fairness page, in Debian's Chromium.

One test visits them all: each browser test costs seconds, and CI runs the suite twice.
"""

import datetime
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from onestop.casework.models import DecisionOutcome
from onestop.casework.services.decisions import decision_record
from onestop.casework.services.information import information_request
from onestop.intake.models import Application, Channel
from tests.browser.conftest import AXE_SCRIPT, World, sign_in
from tests.browser.test_accessibility import AXE_RUN, describe
from tests.factories import make_award, person_details, submit_application

pytestmark = pytest.mark.browser

Site = Callable[[str], str]
DATE_OF_BIRTH = datetime.date(1984, 5, 17)


def scan(page: Page, name: str, found: dict[str, list[dict[str, Any]]]) -> None:
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    page.add_script_tag(path=AXE_SCRIPT)
    violations = page.evaluate(AXE_RUN)["violations"]
    if violations:
        found[name] = violations


def applicant_case(world: World, first_name: str, **overrides: Any) -> Application:
    return submit_application(
        council=world.council,
        scheme=world.scheme,
        applicant=person_details(first_name=first_name, date_of_birth=DATE_OF_BIRTH),
        **overrides,
    )


def look_up(page: Page, site: Site, reference: str, date_of_birth=DATE_OF_BIRTH) -> None:
    page.goto(site("/councils/northshire/status/"))
    page.get_by_label("Reference").fill(reference)
    page.get_by_label("Day").fill(str(date_of_birth.day))
    page.get_by_label("Month").fill(str(date_of_birth.month))
    page.get_by_label("Year").fill(str(date_of_birth.year))
    page.get_by_role("button", name="Continue").click()


def test_status_guide_limit_and_fairness_pages_pass_axe(
    page: Page, site: Site, world: World, settings
) -> None:
    found: dict[str, list[dict[str, Any]]] = {}
    decider = world.decision_maker.membership
    received = applicant_case(world, "Robin")
    waiting = applicant_case(world, "Sam", channel=Channel.PHONE)
    information_request(
        membership=decider, application=waiting, what_is_needed="Your latest bank statement"
    )
    awarded = applicant_case(world, "Jo")
    make_award(application=awarded, membership=decider, amount_pence=6_000)
    refused = applicant_case(world, "Alex", channel=Channel.KIOSK)
    decision_record(
        membership=decider,
        application=refused,
        outcome=DecisionOutcome.REFUSE,
        reasons="Household savings are over the limit.",
        discretion_reason="other",
        discretion_details="Refused for the accessibility scan.",
    )

    page.goto(site("/councils/northshire/status/"))
    scan(page, "status: form", found)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    scan(page, "status: form with errors", found)
    look_up(page, site, received.reference, datetime.date(1990, 1, 1))
    expect(
        page.get_by_role("link", name=re.compile("We could not find an application"))
    ).to_be_visible()
    scan(page, "status: not found", found)
    for application, heading in (
        (received, "We have your application"),
        (waiting, "We need more information from you"),
        (awarded, "We have awarded you £60"),
        (refused, "We could not award you help this time"),
    ):
        look_up(page, site, application.reference)
        expect(page.get_by_role("heading", name=heading)).to_be_visible()
        scan(page, f"status: {heading}", found)

    page.goto(site("/councils/northshire/can-i-get-help/"))
    scan(page, "guide: overview", found)
    page.get_by_role("link", name="Crisis Payment").first.click()
    expect(page.get_by_role("heading", name="Who it is for")).to_be_visible()
    scan(page, "guide: a scheme", found)

    # Past the limit, a form that was being sent comes back with a way to send it again.
    cache.clear()
    settings.PUBLIC_RATE_LIMIT = "1/min"
    look_up(page, site, received.reference)
    expect(
        page.get_by_role("heading", name="Too many requests from your connection")
    ).to_be_visible()
    expect(page.get_by_role("button", name="Try again")).to_be_visible()
    scan(page, "too many requests", found)
    settings.PUBLIC_RATE_LIMIT = ""
    cache.clear()
    page.get_by_role("button", name="Try again").click()
    expect(page.get_by_role("heading", name="We have your application")).to_be_visible()

    sign_in(page, site, world.team_leader)
    page.goto(site("/staff/northshire/insight/channels/"))
    expect(page.get_by_role("heading", name="Channel fairness", level=1)).to_be_visible()
    scan(page, "channel fairness", found)
    page.get_by_label("Day").first.fill("31")
    page.get_by_label("Month").first.fill("2")
    page.get_by_label("Year").first.fill("2026")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("heading", name="There is a problem")).to_be_visible()
    scan(page, "channel fairness with errors", found)

    assert not found, "\n\n".join(f"{name}:\n{describe(v)}" for name, v in found.items())
