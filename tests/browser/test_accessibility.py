"""Every staff page, in each state a person meets it in, passes an axe-core scan in Chromium."""

import re
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from playwright.sync_api import FilePayload, Page, expect

from onestop.casework.services.assignment import case_assign
from onestop.intake.models import Application
from tests.browser.conftest import AXE_SCRIPT, World, sign_in
from tests.factories import (
    make_award,
    make_team,
    member_details,
    person_details,
    submit_application,
)

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
    expect(page.get_by_role("button", name="Decide", exact=True)).to_be_visible()


def case_awarded(page: Page, site: Site, world: World) -> None:
    application = awarded_application(world)
    sign_in(page, site, world.decision_maker)
    page.goto(site(f"/staff/{world.council.slug}/cases/{application.reference}/"))
    expect(page.get_by_role("heading", name="Award", exact=True)).to_be_visible()


def case_with_notes_and_documents(page: Page, site: Site, world: World) -> None:
    """An adviser's view: a safeguarding note and document by someone else are only flagged."""
    from tests.factories import address_details, make_case_document, make_case_note

    # The same person at the same address had an award before: the history table has a row.
    person, address = person_details(first_name="Jo", last_name="Exampleton"), address_details()
    earlier = submit_application(
        council=world.council, scheme=world.scheme, applicant=person, address=address
    )
    make_award(application=earlier, membership=world.decision_maker.membership)
    application = submit_application(
        council=world.council,
        scheme=world.scheme,
        applicant=person,
        address=address,
        members=[member_details(first_name="Robin", last_name="Exampleton")],
    )
    make_case_note(application=application, membership=world.adviser.membership)
    make_case_note(
        application=application, membership=world.team_leader.membership, is_safeguarding=True
    )
    make_case_document(application=application, membership=world.adviser.membership)
    make_case_document(
        application=application,
        membership=world.team_leader.membership,
        is_safeguarding=True,
    )
    sign_in(page, site, world.adviser)
    page.goto(site(f"/staff/{world.council.slug}/cases/{application.reference}/"))
    expect(page.get_by_text("A safeguarding note was added by")).to_be_visible()


def case_notes_for_a_team_leader(page: Page, site: Site, world: World) -> None:
    from tests.factories import make_case_document, make_case_note

    application = awaiting_application(world)
    make_case_note(
        application=application, membership=world.adviser.membership, is_safeguarding=True
    )
    make_case_document(
        application=application, membership=world.adviser.membership, is_safeguarding=True
    )
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/{application.reference}/"))
    expect(page.get_by_role("heading", name="Safeguarding note", exact=True)).to_be_visible()


def add_a_note(page: Page, site: Site, world: World) -> None:
    application = awaiting_application(world)
    sign_in(page, site, world.adviser)
    page.goto(site(f"/staff/{world.council.slug}/cases/{application.reference}/notes/add/"))
    heading(page, "Add a note")


def add_a_note_with_errors(page: Page, site: Site, world: World) -> None:
    add_a_note(page, site, world)
    page.get_by_role("button", name="Add note").click()
    error_summary(page)


def upload_a_document(page: Page, site: Site, world: World) -> None:
    application = awaiting_application(world)
    sign_in(page, site, world.adviser)
    page.goto(site(f"/staff/{world.council.slug}/cases/{application.reference}/documents/add/"))
    heading(page, "Upload a document")


def upload_a_document_with_errors(page: Page, site: Site, world: World) -> None:
    upload_a_document(page, site, world)
    page.get_by_label("Upload a file").set_input_files(
        files=FilePayload(name="payslip.pdf", mimeType="application/pdf", buffer=b"MZ\x90\x00")
    )
    page.get_by_role("button", name="Upload document").click()
    error_summary(page)
    expect(page.get_by_text("The file must be a PDF, JPG, PNG, TXT or DOCX").first).to_be_visible()


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


def budget_page(page: Page, site: Site, world: World) -> None:
    """With a spending alert (over half committed) and a priority level set by a person."""
    from onestop.budgets.services import budget_threshold_set, commitment_create

    awarded_application(world)
    commitment_create(
        actor=None,
        budget=world.budget,
        application=awaiting_application(world),
        amount_pence=600_000,
    )
    budget_threshold_set(
        actor=world.finance.membership.user,
        budget=world.budget,
        threshold="medium",
        reason="Spending is well ahead of plan",
    )
    sign_in(page, site, world.finance)
    page.goto(site(f"/staff/{world.council.slug}/budgets/{world.budget.pk}/"))
    heading(page, world.budget.name)


def budget_page_with_errors(page: Page, site: Site, world: World) -> None:
    budget_page(page, site, world)
    page.get_by_role("button", name="Save priority level").click()
    error_summary(page)


def budget_page_team_leader(page: Page, site: Site, world: World) -> None:
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/budgets/{world.budget.pk}/"))
    heading(page, world.budget.name)


def new_budget(page: Page, site: Site, world: World) -> None:
    sign_in(page, site, world.finance)
    page.goto(site(f"/staff/{world.council.slug}/budgets/new/"))
    heading(page, "Set up a budget")


def new_budget_with_errors(page: Page, site: Site, world: World) -> None:
    new_budget(page, site, world)
    page.get_by_role("button", name="Continue").click()
    error_summary(page)


def new_budget_month_by_month(page: Page, site: Site, world: World) -> None:
    from django.utils import timezone

    year = timezone.localdate().year + 2  # after the world's budget, which runs for a year
    new_budget(page, site, world)
    page.get_by_role("radio", name="Crisis Payment").check()
    page.get_by_label("Name", exact=True).fill(f"Crisis Payment {year}/{(year + 1) % 100}")
    for legend, (day, month, on) in (
        ("Start date", ("1", "4", year)),
        ("End date", ("31", "3", year + 1)),
    ):
        group = page.get_by_role("group", name=legend)
        group.get_by_label("Day").fill(day)
        group.get_by_label("Month").fill(month)
        group.get_by_label("Year").fill(str(on))
    page.get_by_label("Budget", exact=True).fill("120,000")
    page.get_by_role("radio", name="Enter an amount for each month").check()
    page.get_by_role("button", name="Continue").click()
    heading(page, "Plan spending month by month")


def budget_months_with_errors(page: Page, site: Site, world: World) -> None:
    sign_in(page, site, world.finance)
    page.goto(site(f"/staff/{world.council.slug}/budgets/{world.budget.pk}/months/"))
    heading(page, "Change the monthly plan")
    page.get_by_role("textbox").first.fill("")
    page.get_by_role("button", name="Save monthly plan").click()
    error_summary(page)


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


def message_wording(page: Page, site: Site, world: World) -> None:
    sign_in(page, site, world.admin)
    page.goto(site(f"/staff/{world.council.slug}/messages/templates/"))
    heading(page, "Message wording")


def message_wording_edit(page: Page, site: Site, world: World) -> None:
    sign_in(page, site, world.admin)
    page.goto(site(f"/staff/{world.council.slug}/messages/templates/application_received/cy/"))
    heading(page, "Application received")


def message_wording_preview(page: Page, site: Site, world: World) -> None:
    message_wording_edit(page, site, world)
    page.get_by_role("button", name="Preview").click()
    expect(page.get_by_role("heading", name="Preview with example details")).to_be_visible()


def message_wording_with_errors(page: Page, site: Site, world: World) -> None:
    message_wording_edit(page, site, world)
    page.get_by_label("Email subject").fill("")
    page.get_by_label("Message", exact=True).fill("Annwyl ((enw)), ((reference)")
    page.get_by_role("button", name="Save").click()
    error_summary(page)


def message_wording_changed(page: Page, site: Site, world: World) -> None:
    message_wording_edit(page, site, world)
    page.get_by_label("Message", exact=True).fill("Annwyl ((first_name)). Cyfeirnod ((reference)).")
    page.get_by_role("button", name="Save").click()
    page.goto(site(f"/staff/{world.council.slug}/messages/templates/application_received/cy/"))
    expect(page.get_by_role("button", name="Reset to the default wording")).to_be_visible()


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


def ask_for_information(page: Page, site: Site, world: World) -> None:
    application = awaiting_application(world)
    sign_in(page, site, world.decision_maker)
    page.goto(
        site(f"/staff/{world.council.slug}/cases/{application.reference}/ask-for-information/")
    )
    heading(page, "Ask the applicant for more information")


def ask_for_information_with_errors(page: Page, site: Site, world: World) -> None:
    ask_for_information(page, site, world)
    page.get_by_role("button", name="Send the request").click()
    error_summary(page)


def information_received(page: Page, site: Site, world: World) -> None:
    from onestop.casework.services.information import information_request

    application = awaiting_application(world)
    information_request(
        membership=world.decision_maker.membership,
        application=application,
        what_is_needed="A photo of your tenancy agreement",
    )
    sign_in(page, site, world.adviser)
    page.goto(site(f"/staff/{world.council.slug}/cases/{application.reference}/"))
    expect(page.locator(".govuk-inset-text")).to_contain_text("A photo of your tenancy agreement")
    page.get_by_role("button", name="Record information received").click()
    heading(page, "Record the information received")


def _proposed_over_the_limit(world: World) -> Application:
    from onestop.casework.models import DecisionOutcome
    from onestop.casework.services.decisions import decision_record
    from onestop.policy.models import Scheme

    Scheme.objects.filter(pk=world.scheme.pk).update(approval_above_pence=1_000)
    application = awaiting_application(world)
    decision_record(
        membership=world.decision_maker.membership,
        application=application,
        outcome=DecisionOutcome.AWARD,
        reasons="You meet the scheme's rules.",
        amount_pence=application.assessments.get().proposed_award_pence,
    )
    return application


def approvals(page: Page, site: Site, world: World) -> None:
    _proposed_over_the_limit(world)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/approvals/"))
    heading(page, "Awards waiting for approval")


def approve_with_errors(page: Page, site: Site, world: World) -> None:
    application = _proposed_over_the_limit(world)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/{application.reference}/approve/"))
    heading(page, "Approve an award")
    page.get_by_role("button", name="Continue").click()
    error_summary(page)


def discretion_report(page: Page, site: Site, world: World) -> None:
    from onestop.casework.models import DecisionOutcome, DiscretionReason
    from onestop.casework.services.decisions import decision_record

    decision_record(
        membership=world.decision_maker.membership,
        application=awaiting_application(world),
        outcome=DecisionOutcome.REFUSE,
        reasons="Your delayed payment has arrived.",
        discretion_reason=DiscretionReason.NOT_IN_CRISIS,
        discretion_details="Called the applicant; payment arrived today.",
    )
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/discretion/"))
    heading(page, "Discretion used")


def schemes(page: Page, site: Site, world: World) -> None:
    sign_in(page, site, world.admin)
    page.goto(site(f"/staff/{world.council.slug}/schemes/"))
    heading(page, "Schemes")


def scheme_rules_with_errors(page: Page, site: Site, world: World) -> None:
    schemes(page, site, world)
    page.get_by_role("link", name=world.scheme.name).click()
    heading(page, "How this scheme is run")
    page.get_by_label("Decide applications within").fill("soon")
    page.get_by_role("button", name="Save changes").click()
    error_summary(page)


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


def _crisis_team(world: World) -> None:
    make_team(
        leader=world.team_leader.membership,
        name="Crisis team",
        members=[world.decision_maker.membership, world.team_leader.membership],
        schemes=[world.scheme],
    )


def work_queue_team_leader(page: Page, site: Site, world: World) -> None:
    _crisis_team(world)
    held = awaiting_application(world)
    awaiting_application(world, crisis_reason="other")
    case_assign(
        membership=world.team_leader.membership,
        application=held,
        assignee=world.decision_maker.membership,
    )
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/queue/?status=open"))
    expect(page.get_by_role("button", name="Reassign selected cases")).to_be_visible()


def work_queue_reassign_with_errors(page: Page, site: Site, world: World) -> None:
    work_queue_team_leader(page, site, world)
    page.get_by_role("button", name="Reassign selected cases").click()
    error_summary(page)


def team_view(page: Page, site: Site, world: World) -> None:
    _crisis_team(world)
    late = awaiting_application(world)
    Application.objects.filter(pk=late.pk).update(decision_due="2026-01-05")
    awaiting_application(world)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/team/"))
    heading(page, "Who holds what")


def team_view_move_with_errors(page: Page, site: Site, world: World) -> None:
    team_view(page, site, world)
    page.get_by_role("button", name="Move their cases").click()
    error_summary(page)


def teams(page: Page, site: Site, world: World) -> None:
    _crisis_team(world)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/teams/"))
    heading(page, "Teams")


def team_new_with_errors(page: Page, site: Site, world: World) -> None:
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/teams/new/"))
    page.get_by_role("button", name="Set up team").click()
    error_summary(page)


def team_person_with_errors(page: Page, site: Site, world: World) -> None:
    _crisis_team(world)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/teams/people/"))
    page.get_by_role("button", name="Save").click()
    error_summary(page)


def scheme_team_with_errors(page: Page, site: Site, world: World) -> None:
    _crisis_team(world)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/teams/schemes/"))
    page.get_by_role("button", name="Save").click()
    error_summary(page)


def case_held_with_assignment_controls(page: Page, site: Site, world: World) -> None:
    application = awaiting_application(world)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/{application.reference}/"))
    expect(page.get_by_role("button", name="Take this case")).to_be_visible()


def assign_a_case_with_errors(page: Page, site: Site, world: World) -> None:
    application = awaiting_application(world)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/{application.reference}/assign/"))
    heading(page, "Who should hold this case?")
    page.get_by_role("button", name="Save").click()
    error_summary(page)


def move_a_case_with_errors(page: Page, site: Site, world: World) -> None:
    _crisis_team(world)
    application = awaiting_application(world)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/{application.reference}/team/"))
    heading(page, "Move this case to another team")
    page.get_by_role("button", name="Move case").click()
    error_summary(page)


# Reviews and complaints.
from tests.factories import make_complaint, make_review  # noqa: E402


def _review(world: World) -> Any:
    application = awarded_application(world)
    return make_review(application=application, actor=world.adviser.membership.user)


def ask_for_a_review(page: Page, site: Site, world: World) -> None:
    application = awarded_application(world)
    sign_in(page, site, world.adviser)
    page.goto(site(f"/staff/{world.council.slug}/cases/{application.reference}/ask-for-review/"))
    heading(page, "Log a request for a review")


def ask_for_a_review_with_errors(page: Page, site: Site, world: World) -> None:
    ask_for_a_review(page, site, world)
    page.get_by_role("button", name="Log the request").click()
    error_summary(page)


def reviews_list(page: Page, site: Site, world: World) -> None:
    _review(world)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/reviews/"))
    heading(page, "Reviews")


def review_to_decide(page: Page, site: Site, world: World) -> None:
    review = _review(world)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/reviews/{review.pk}/"))
    heading(page, "Review of the decision")
    expect(page.get_by_role("button", name="Record the outcome")).to_be_visible()


def review_with_errors(page: Page, site: Site, world: World) -> None:
    review_to_decide(page, site, world)
    page.get_by_label("Change the decision", exact=True).check()
    page.get_by_role("button", name="Record the outcome").click()
    error_summary(page)


def review_by_the_original_decision_maker(page: Page, site: Site, world: World) -> None:
    review = _review(world)
    sign_in(page, site, world.decision_maker)
    page.goto(site(f"/staff/{world.council.slug}/cases/reviews/{review.pk}/"))
    expect(page.get_by_text("You made or approved the original decision")).to_be_visible()


def review_decided(page: Page, site: Site, world: World) -> None:
    review_to_decide(page, site, world)
    page.get_by_label("Keep the original decision", exact=True).check()
    page.get_by_label("Reasons", exact=True).fill("The award follows the scheme's table.")
    page.get_by_role("button", name="Record the outcome").click()
    expect(page.get_by_role("heading", name="Outcome", exact=True)).to_be_visible()


def case_with_review_and_complaint(page: Page, site: Site, world: World) -> None:
    review = _review(world)
    make_complaint(application=review.application, actor=world.adviser.membership.user)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/{review.application.reference}/"))
    expect(page.get_by_role("heading", name="Reviews", exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Complaints", exact=True)).to_be_visible()


def log_a_complaint(page: Page, site: Site, world: World) -> None:
    sign_in(page, site, world.adviser)
    page.goto(site(f"/staff/{world.council.slug}/cases/complaints/new/"))
    heading(page, "Log a complaint")


def log_a_complaint_with_errors(page: Page, site: Site, world: World) -> None:
    log_a_complaint(page, site, world)
    page.get_by_label("Email address (optional)").fill("not an email")
    page.get_by_role("button", name="Log the complaint").click()
    error_summary(page)


def _complaint(world: World) -> Any:
    return make_complaint(
        application=awaiting_application(world), actor=world.adviser.membership.user
    )


def complaints_list(page: Page, site: Site, world: World) -> None:
    _complaint(world)
    make_complaint(council=world.council, actor=world.adviser.membership.user)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/complaints/"))
    heading(page, "Complaints")


def complaint_page(page: Page, site: Site, world: World) -> None:
    complaint = _complaint(world)
    sign_in(page, site, world.team_leader)
    page.goto(site(f"/staff/{world.council.slug}/cases/complaints/{complaint.reference}/"))
    heading(page, f"Complaint {complaint.reference}")


def answer_a_complaint_with_errors(page: Page, site: Site, world: World) -> None:
    complaint_page(page, site, world)
    page.get_by_role("link", name="Answer stage 1").click()
    page.get_by_role("button", name="Record the answer").click()
    error_summary(page)


def escalate_a_complaint_with_errors(page: Page, site: Site, world: World) -> None:
    complaint_page(page, site, world)
    page.get_by_role("link", name="Answer stage 1").click()
    page.get_by_label("Not upheld", exact=True).check()
    page.get_by_label("The response").fill("We called you back the next day, as promised.")
    page.get_by_role("button", name="Record the answer").click()
    page.get_by_role("button", name="Escalate to stage 2").click()
    heading(page, "Escalate to stage 2")
    page.get_by_role("button", name="Escalate to stage 2").click()
    error_summary(page)


def close_a_complaint(page: Page, site: Site, world: World) -> None:
    complaint_page(page, site, world)
    page.get_by_role("link", name="Close it (withdrawn)").click()
    heading(page, "Close the complaint")


# The public review pages: an applicant with no account asks for a review.


def public_review_start(page: Page, site: Site, world: World) -> None:
    page.goto(site(f"/councils/{world.council.slug}/review/"))
    heading(page, "Ask for a review of a crisis support decision")


def public_review_find_with_errors(page: Page, site: Site, world: World) -> None:
    public_review_start(page, site, world)
    page.get_by_role("button", name="Start now").click()
    heading(page, "Your reference and date of birth")
    page.get_by_role("group", name="Date of birth").get_by_label("Month").fill("13")
    page.get_by_role("button", name="Continue").click()
    error_summary(page)


def public_review_grounds(page: Page, site: Site, world: World) -> None:
    application = awarded_application(world)
    born = application.applicant.date_of_birth
    page.goto(site(f"/councils/{world.council.slug}/review/your-reference/"))
    page.get_by_label("Reference").fill(application.reference)
    group = page.get_by_role("group", name="Date of birth")
    group.get_by_label("Day").fill(str(born.day))
    group.get_by_label("Month").fill(str(born.month))
    group.get_by_label("Year").fill(str(born.year))
    page.get_by_role("button", name="Continue").click()
    heading(page, "Why should we look at the decision again?")


def public_review_why_now(page: Page, site: Site, world: World) -> None:
    """A decision made two months ago: the request is late, so they are asked why now."""
    import datetime

    from django.utils import timezone

    from onestop.casework.models import Decision

    public_review_grounds(page, site, world)
    Decision.objects.filter(council=world.council).update(
        created_at=timezone.now() - datetime.timedelta(days=62)
    )
    page.get_by_label("Your reasons").fill("You did not count my rent.")
    page.get_by_role("button", name="Continue").click()
    heading(page, "Why are you asking now?")


def public_review_check_answers(page: Page, site: Site, world: World) -> None:
    public_review_grounds(page, site, world)
    page.get_by_label("Your reasons").fill("You did not count my rent.")
    page.get_by_role("button", name="Continue").click()
    heading(page, "Check your answers before sending your request")


def public_review_sent(page: Page, site: Site, world: World) -> None:
    public_review_check_answers(page, site, world)
    page.get_by_role("button", name="Send request").click()
    heading(page, "Request sent")


def api_keys(page: Page, site: Site, world: World) -> None:
    from tests.factories import make_api_key

    make_api_key(council=world.council)
    sign_in(page, site, world.admin)
    page.goto(site(f"/staff/{world.council.slug}/api-keys/"))
    heading(page, "Partner API keys")


def api_keys_with_errors(page: Page, site: Site, world: World) -> None:
    api_keys(page, site, world)
    page.get_by_label("A new organisation").check()
    page.get_by_role("button", name="Issue key").click()
    error_summary(page)


def api_key_issued(page: Page, site: Site, world: World) -> None:
    api_keys(page, site, world)
    page.get_by_label("A new organisation").check()
    page.get_by_label("Name of the new organisation").fill("Northside Food Bank")
    page.get_by_label("Food bank", exact=True).check()
    page.get_by_role("button", name="Issue key").click()
    heading(page, "Copy the API key now")


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
    pytest.param(work_queue_team_leader, id="work-queue-team-leader"),
    pytest.param(work_queue_reassign_with_errors, id="work-queue-reassign-with-errors"),
    pytest.param(team_view, id="team-view"),
    pytest.param(team_view_move_with_errors, id="team-view-move-with-errors"),
    pytest.param(teams, id="teams"),
    pytest.param(team_new_with_errors, id="team-new-with-errors"),
    pytest.param(team_person_with_errors, id="team-person-with-errors"),
    pytest.param(scheme_team_with_errors, id="scheme-team-with-errors"),
    pytest.param(case_held_with_assignment_controls, id="case-assignment-controls"),
    pytest.param(assign_a_case_with_errors, id="assign-a-case-with-errors"),
    pytest.param(move_a_case_with_errors, id="move-a-case-with-errors"),
    pytest.param(find_a_case_empty, id="find-a-case"),
    pytest.param(find_a_case_with_results, id="find-a-case-with-results"),
    pytest.param(find_a_case_with_error, id="find-a-case-with-error"),
    pytest.param(case_awaiting_decision, id="case-awaiting-decision"),
    pytest.param(case_awarded, id="case-awarded"),
    pytest.param(case_with_notes_and_documents, id="case-with-notes-and-documents"),
    pytest.param(case_notes_for_a_team_leader, id="case-notes-for-a-team-leader"),
    pytest.param(add_a_note, id="add-a-note"),
    pytest.param(add_a_note_with_errors, id="add-a-note-with-errors"),
    pytest.param(upload_a_document, id="upload-a-document"),
    pytest.param(upload_a_document_with_errors, id="upload-a-document-with-errors"),
    pytest.param(decide, id="decide"),
    pytest.param(decide_with_errors, id="decide-with-errors"),
    pytest.param(budgets, id="budgets"),
    pytest.param(budget_page, id="budget"),
    pytest.param(budget_page_with_errors, id="budget-with-errors"),
    pytest.param(budget_page_team_leader, id="budget-team-leader"),
    pytest.param(new_budget, id="new-budget"),
    pytest.param(new_budget_with_errors, id="new-budget-with-errors"),
    pytest.param(new_budget_month_by_month, id="new-budget-month-by-month"),
    pytest.param(budget_months_with_errors, id="budget-months-with-errors"),
    pytest.param(voucher_stock, id="voucher-stock"),
    pytest.param(voucher_stock_with_file_problems, id="voucher-stock-with-file-problems"),
    pytest.param(messages, id="messages"),
    pytest.param(message_wording, id="message-wording"),
    pytest.param(message_wording_edit, id="message-wording-edit"),
    pytest.param(message_wording_preview, id="message-wording-preview"),
    pytest.param(message_wording_with_errors, id="message-wording-with-errors"),
    pytest.param(message_wording_changed, id="message-wording-changed"),
    pytest.param(audit_log, id="audit-log"),
    pytest.param(what_if_empty, id="what-if"),
    pytest.param(what_if_with_problems, id="what-if-with-draft-problems"),
    pytest.param(what_if_results, id="what-if-results"),
    pytest.param(ask_for_information, id="ask-for-information"),
    pytest.param(ask_for_information_with_errors, id="ask-for-information-with-errors"),
    pytest.param(information_received, id="information-received"),
    pytest.param(approvals, id="approvals"),
    pytest.param(approve_with_errors, id="approve-with-errors"),
    pytest.param(discretion_report, id="discretion-report"),
    pytest.param(ask_for_a_review, id="ask-for-a-review"),
    pytest.param(ask_for_a_review_with_errors, id="ask-for-a-review-with-errors"),
    pytest.param(reviews_list, id="reviews"),
    pytest.param(review_to_decide, id="review"),
    pytest.param(review_with_errors, id="review-with-errors"),
    pytest.param(review_by_the_original_decision_maker, id="review-by-the-decision-maker"),
    pytest.param(review_decided, id="review-decided"),
    pytest.param(case_with_review_and_complaint, id="case-with-review-and-complaint"),
    pytest.param(log_a_complaint, id="log-a-complaint"),
    pytest.param(log_a_complaint_with_errors, id="log-a-complaint-with-errors"),
    pytest.param(complaints_list, id="complaints"),
    pytest.param(complaint_page, id="complaint"),
    pytest.param(answer_a_complaint_with_errors, id="answer-a-complaint-with-errors"),
    pytest.param(escalate_a_complaint_with_errors, id="escalate-a-complaint-with-errors"),
    pytest.param(close_a_complaint, id="close-a-complaint"),
    pytest.param(public_review_start, id="public-review-start"),
    pytest.param(public_review_find_with_errors, id="public-review-find-with-errors"),
    pytest.param(public_review_grounds, id="public-review-grounds"),
    pytest.param(public_review_why_now, id="public-review-why-now"),
    pytest.param(public_review_check_answers, id="public-review-check-answers"),
    pytest.param(public_review_sent, id="public-review-sent"),
    pytest.param(schemes, id="schemes"),
    pytest.param(api_keys, id="api-keys"),
    pytest.param(api_keys_with_errors, id="api-keys-with-errors"),
    pytest.param(api_key_issued, id="api-key-issued"),
    pytest.param(scheme_rules_with_errors, id="scheme-rules-with-errors"),
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
