"""Every staff page, in each state a person meets it in, passes an axe-core scan in Chromium."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import FilePayload, Page, expect

from onestop.intake.models import Application
from tests.browser.conftest import AXE_SCRIPT, World, sign_in
from tests.factories import make_award, member_details, person_details, submit_application

pytestmark = pytest.mark.browser

Site = Callable[[str], str]
PageSetup = Callable[[Page, Site, World], None]

# The WCAG 2.0, 2.1 and 2.2 A and AA rules: what public-sector sites must meet.
POLICIES_DIR = settings.POLICIES_DIR
AXE_RUN = (
    "async () => await axe.run(document, {runOnly: {type: 'tag', values: "
    "['wcag2a','wcag2aa','wcag21a','wcag21aa','wcag22aa']}})"
)


def describe(violations: list[dict[str, Any]]) -> str:
    """Each violation with what to read and exactly where, so the fix is obvious."""
    lines = [f"{len(violations)} accessibility violation(s):"]
    for violation in violations:
        lines.append(
            f"- {violation['id']} ({violation.get('impact')}): {violation['help']}"
            f" <{violation['helpUrl']}>"
        )
        for node in violation["nodes"]:
            lines.append(f"    at {' > '.join(str(t) for t in node['target'])}")
            lines.append(f"       {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " / ")
            if summary:
                lines.append(f"       {summary[:300]}")
    return "\n".join(lines)


def awaiting_application(world: World, **overrides: Any) -> Application:
    return submit_application(
        council=world.council,
        scheme=world.scheme,
        actor=world.adviser.membership.user,
        applicant=person_details(first_name="Morgan", last_name="Testerton"),
        members=[member_details(first_name="Robin", last_name="Testerton")],
        **overrides,
    )


def awarded_application(world: World) -> Application:
    application = submit_application(
        council=world.council,
        scheme=world.scheme,
        actor=world.adviser.membership.user,
        applicant=person_details(first_name="Jo", last_name="Exampleton"),
    )
    make_award(
        application=application,
        membership=world.decision_maker.membership,
        amount_pence=6_000,
        reasons="You meet every rule of the scheme.",
    )
    return application


def heading(page: Page, text: str) -> None:
    expect(page.get_by_role("heading", name=text, level=1)).to_be_visible()


def error_summary(page: Page) -> None:
    expect(page.locator(".govuk-error-summary")).to_be_visible()


# Each function brings the page into the state to scan: signed in as the right person, with
# the data the state needs, and anything typed or uploaded that the state needs.


def sign_in_empty(page: Page, site: Site, world: World) -> None:
    page.goto(site("/staff/sign-in/"))
    heading(page, "Sign in")


def sign_in_with_errors(page: Page, site: Site, world: World) -> None:
    page.goto(site("/staff/sign-in/"))
    page.get_by_label("Email address").fill("not an email address")
    page.get_by_role("button", name="Sign in").click()
    error_summary(page)


def sign_in_wrong_password(page: Page, site: Site, world: World) -> None:
    page.goto(site("/staff/sign-in/"))
    page.get_by_label("Email address").fill(world.adviser.email)
    page.get_by_label("Password", exact=True).fill("not-the-password")
    page.get_by_role("button", name="Sign in").click()
    error_summary(page)


def choose_council(page: Page, site: Site, world: World) -> None:
    sign_in(page, site, world.two_councils)
    heading(page, "Choose a council")


def staff_home(role: str) -> PageSetup:
    def setup(page: Page, site: Site, world: World) -> None:
        awaiting_application(world)
        sign_in(page, site, world.staff(role))
        heading(page, world.council.name)

    return setup


def new_application(page: Page, site: Site, world: World) -> None:
    sign_in(page, site, world.adviser)
    page.goto(site(f"/staff/{world.council.slug}/applications/new/"))
    heading(page, "New application")


def new_application_with_errors(page: Page, site: Site, world: World) -> None:
    new_application(page, site, world)
    page.get_by_label("Postcode").fill("NOT A POSTCODE")
    page.get_by_label("Weekly household income").fill("-5")
    page.get_by_role("group", name="Does anyone else live with them?").get_by_label(
        "Yes", exact=True
    ).check()
    # Half of another person: their own fields show errors inside their fieldset.
    page.get_by_role("group", name="Other person 1", exact=True).get_by_label("First name").fill(
        "Robin"
    )
    page.get_by_role("button", name="Submit application").click()
    error_summary(page)


def application_submitted(page: Page, site: Site, world: World) -> None:
    application = awaiting_application(world)
    sign_in(page, site, world.adviser)
    page.goto(site(f"/staff/{world.council.slug}/applications/{application.reference}/submitted/"))
    heading(page, "Application submitted")


def work_queue(page: Page, site: Site, world: World) -> None:
    awaiting_application(world)
    awaiting_application(world, crisis_reason="other")
    sign_in(page, site, world.decision_maker)
    page.goto(site(f"/staff/{world.council.slug}/cases/queue/"))
    heading(page, "Work queue")


def work_queue_empty(page: Page, site: Site, world: World) -> None:
    sign_in(page, site, world.decision_maker)
    page.goto(site(f"/staff/{world.council.slug}/cases/queue/"))
    expect(page.get_by_text("There is nothing waiting for a decision.")).to_be_visible()


def find_a_case_empty(page: Page, site: Site, world: World) -> None:
    sign_in(page, site, world.adviser)
    page.goto(site(f"/staff/{world.council.slug}/cases/"))
    heading(page, "Find a case")


def find_a_case_with_results(page: Page, site: Site, world: World) -> None:
    awaiting_application(world)
    awarded_application(world)
    find_a_case_empty(page, site, world)
    expect(page.get_by_role("row")).to_have_count(3)


def find_a_case_with_error(page: Page, site: Site, world: World) -> None:
    awaiting_application(world)
    find_a_case_empty(page, site, world)
    page.get_by_label("Application reference").fill("CR-0000-00")
    page.get_by_role("button", name="Find").click()
    error_summary(page)


def case_awaiting_decision(page: Page, site: Site, world: World) -> None:
    application = awaiting_application(world)
    sign_in(page, site, world.decision_maker)
    page.goto(site(f"/staff/{world.council.slug}/cases/{application.reference}/"))
    expect(page.get_by_role("button", name="Decide this application")).to_be_visible()


def case_awarded(page: Page, site: Site, world: World) -> None:
    application = awarded_application(world)
    sign_in(page, site, world.decision_maker)
    page.goto(site(f"/staff/{world.council.slug}/cases/{application.reference}/"))
    expect(page.get_by_role("heading", name="Award", exact=True)).to_be_visible()


def decide(page: Page, site: Site, world: World) -> None:
    application = awaiting_application(world)
    sign_in(page, site, world.decision_maker)
    page.goto(site(f"/staff/{world.council.slug}/cases/{application.reference}/decide/"))
    heading(page, "Decide this application")


def decide_with_errors(page: Page, site: Site, world: World) -> None:
    decide(page, site, world)
    page.get_by_label("Award", exact=True).check()
    page.get_by_label("Amount to award").fill("")
    page.get_by_role("button", name="Record decision").click()
    error_summary(page)


def budgets(page: Page, site: Site, world: World) -> None:
    awarded_application(world)
    sign_in(page, site, world.finance)
    page.goto(site(f"/staff/{world.council.slug}/budgets/"))
    heading(page, "Budgets")


def voucher_stock(page: Page, site: Site, world: World) -> None:
    awarded_application(world)
    sign_in(page, site, world.finance)
    page.goto(site(f"/staff/{world.council.slug}/vouchers/"))
    heading(page, "Voucher stock")


def voucher_stock_with_file_problems(page: Page, site: Site, world: World) -> None:
    voucher_stock(page, site, world)
    page.get_by_label("Upload a CSV file of codes").set_input_files(
        files=FilePayload(
            name="bad-codes.csv",
            mimeType="text/csv",
            buffer=(
                b"code,retailer,value,expires_on\n"
                b"BAD,Tesco,ten pounds,2020-01-01\n"
                b"NTH-010-001,,10.00,2099-01-01\n"
            ),
        )
    )
    page.get_by_role("button", name="Load codes").click()
    error_summary(page)
    expect(page.get_by_text("Problems in the file")).to_be_visible()


def messages(page: Page, site: Site, world: World) -> None:
    awaiting_application(world)
    awarded_application(world)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/messages/"))
    heading(page, "Messages")


def audit_log(page: Page, site: Site, world: World) -> None:
    awarded_application(world)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/audit-log/"))
    heading(page, "Audit log")


def what_if_empty(page: Page, site: Site, world: World) -> None:
    sign_in(page, site, world.admin)
    page.goto(site(f"/staff/{world.council.slug}/policy/what-if/"))
    heading(page, "Try a policy change")


def _what_if_submit(page: Page, draft: bytes) -> None:
    page.get_by_role("radio", name="Crisis Payment").check()
    for legend, (day, month, year) in (
        ("Start date", ("1", "4", "2026")),
        ("End date", ("31", "3", "2027")),
    ):
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill(month)
        group.get_by_label("Year").fill(year)
    page.get_by_label("Draft policy file").set_input_files(
        files=FilePayload(name="draft.yaml", mimeType="application/yaml", buffer=draft)
    )
    page.get_by_role("button", name="Compare").click()


def what_if_with_problems(page: Page, site: Site, world: World) -> None:
    what_if_empty(page, site, world)
    _what_if_submit(page, b"scheme: crisis-payment\ncriteria: not a list\n")
    expect(page.locator("#policy-problems")).to_be_visible()


def what_if_results(page: Page, site: Site, world: World) -> None:
    awarded_application(world)
    what_if_empty(page, site, world)
    draft = (POLICIES_DIR / "crisis-payment" / "policy.yaml").read_bytes()
    _what_if_submit(page, draft.replace(b"2026-04-01: \xc2\xa36,000", b"2026-04-01: \xc2\xa33,000"))
    expect(page.get_by_role("table").first).to_be_visible()


def forbidden(page: Page, site: Site, world: World) -> None:
    sign_in(page, site, world.adviser)
    page.goto(site(f"/staff/{world.council.slug}/budgets/"))
    heading(page, "You do not have permission to see this page")


def not_found(page: Page, site: Site, world: World) -> None:
    sign_in(page, site, world.adviser)
    page.goto(site(f"/staff/{world.council.slug}/cases/CR-0000-00/"))
    heading(page, "Page not found")


def not_found_signed_out(page: Page, site: Site, world: World) -> None:
    page.goto(site("/no-such-page/"))
    heading(page, "Page not found")


PAGES: list[Any] = [
    pytest.param(sign_in_empty, id="sign-in"),
    pytest.param(sign_in_with_errors, id="sign-in-with-errors"),
    pytest.param(sign_in_wrong_password, id="sign-in-wrong-password"),
    pytest.param(choose_council, id="choose-council"),
    pytest.param(staff_home("adviser"), id="staff-home-adviser"),
    pytest.param(staff_home("decision_maker"), id="staff-home-decision-maker"),
    pytest.param(staff_home("team_leader"), id="staff-home-team-leader"),
    pytest.param(staff_home("finance"), id="staff-home-finance-officer"),
    pytest.param(staff_home("admin"), id="staff-home-council-admin"),
    pytest.param(new_application, id="new-application"),
    pytest.param(new_application_with_errors, id="new-application-with-errors"),
    pytest.param(application_submitted, id="application-submitted"),
    pytest.param(work_queue, id="work-queue"),
    pytest.param(work_queue_empty, id="work-queue-empty"),
    pytest.param(find_a_case_empty, id="find-a-case"),
    pytest.param(find_a_case_with_results, id="find-a-case-with-results"),
    pytest.param(find_a_case_with_error, id="find-a-case-with-error"),
    pytest.param(case_awaiting_decision, id="case-awaiting-decision"),
    pytest.param(case_awarded, id="case-awarded"),
    pytest.param(decide, id="decide"),
    pytest.param(decide_with_errors, id="decide-with-errors"),
    pytest.param(budgets, id="budgets"),
    pytest.param(voucher_stock, id="voucher-stock"),
    pytest.param(voucher_stock_with_file_problems, id="voucher-stock-with-file-problems"),
    pytest.param(messages, id="messages"),
    pytest.param(audit_log, id="audit-log"),
    pytest.param(what_if_empty, id="what-if"),
    pytest.param(what_if_with_problems, id="what-if-with-draft-problems"),
    pytest.param(what_if_results, id="what-if-results"),
    pytest.param(forbidden, id="403-forbidden"),
    pytest.param(not_found, id="404-not-found"),
    pytest.param(not_found_signed_out, id="404-not-found-signed-out"),
]


@pytest.mark.parametrize("setup", PAGES)
def test_page_has_no_accessibility_violations(
    page: Page, site: Site, world: World, setup: PageSetup
) -> None:
    setup(page, site, world)
    # The scan means something only on the page as people see it: styled, and with
    # GOV.UK Frontend's JavaScript run (it adds this class to the body).
    expect(page.locator("body")).to_have_class(re.compile(r"\bgovuk-frontend-supported\b"))
    expect(page.locator("h1").first).to_have_css("font-family", re.compile("GDS Transport"))
    page.add_script_tag(path=AXE_SCRIPT)
    results = page.evaluate(AXE_RUN)
    violations = results["violations"]
    assert violations == [], describe(violations)
