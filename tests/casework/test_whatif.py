"""The what-if page: a council admin tries a draft policy on past applications; nobody else can."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.intake.models import Assessment
from onestop.policy.models import Scheme
from onestop.policy.vocabulary import CrisisReason
from tests.factories import london_time, make_membership, make_scheme, submit_application

pytestmark = pytest.mark.django_db

IN_FORCE = (Path(settings.POLICIES_DIR) / "crisis-payment" / "policy.yaml").read_text(
    encoding="utf-8"
)
RAISED_SAVINGS_LIMIT = IN_FORCE.replace("2026-04-01: £6,000", "2026-04-01: £8,000")
MISSPELT = IN_FORCE.replace("test: savings < savings_limit", "test: savings < savings_limt")


def page(council: Council) -> str:
    return reverse("what_if", kwargs={"council_slug": council.slug})


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def draft(text: str, name: str = "draft.yaml") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, text.encode("utf-8"), content_type="application/x-yaml")


def form(scheme: Scheme, text: str = RAISED_SAVINGS_LIMIT, /, **overrides: object) -> dict:
    data: dict[str, object] = {
        "scheme": scheme.slug,
        "date_from_day": "1",
        "date_from_month": "6",
        "date_from_year": "2026",
        "date_to_day": "30",
        "date_to_month": "6",
        "date_to_year": "2026",
        "policy_file": draft(text),
    }
    data.update(overrides)
    return data


def table_rows(html: str, table_id: str) -> dict[str, list[str]]:
    """A table's body rows by their first cell, each as its other cells' text."""
    table = re.search(rf'<table[^>]*id="{table_id}".*?</table>', html, re.S)
    assert table, f"no table {table_id}"
    rows = {}
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", table.group(0), re.S):
        cells = [
            re.sub(r"<[^>]+>|\s+", " ", cell).strip()
            for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)
        ]
        if cells and cells[0]:
            rows[cells[0]] = cells[1:]
    return rows


@pytest.fixture
def admin(council: Council) -> Membership:
    return make_membership(role=Role.ADMIN, council=council)


@pytest.fixture
def applications(scheme: Scheme) -> None:
    """One eligible; two with savings between £6,000 and £8,000; one with more."""
    for day, savings in [(1, 50_000), (2, 650_000), (3, 799_999), (4, 900_000)]:
        submit_application(
            scheme=scheme,
            submitted_at=london_time(2026, 6, day),
            savings_pence=savings,
            crisis_reason=CrisisReason.LOSS_OF_INCOME,
        )


def test_an_admin_sees_the_form_with_the_councils_schemes(
    admin: Membership, scheme: Scheme, other_council: Council
) -> None:
    make_scheme(council=other_council, name="Someone Elses Scheme")
    response = client_for(admin).get(page(admin.council))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Try a policy change" in html
    assert scheme.name in html
    assert "Someone Elses Scheme" not in html
    assert 'enctype="multipart/form-data"' in html


def test_an_admin_sees_the_comparison(
    admin: Membership, scheme: Scheme, applications: None
) -> None:
    response = client_for(admin).post(page(admin.council), form(scheme))
    assert response.status_code == 200
    html = response.content.decode()
    assert "There is a problem" not in html
    assert "What the draft would do" in html
    outcomes = table_rows(html, "outcomes")
    assert outcomes["Eligible"] == ["1", "3", "+2"]
    assert outcomes["Not eligible"] == ["3", "1", "-2"]
    assert outcomes["Total proposed award"] == ["£60.00", "£180.00", "+£120.00"]
    assert table_rows(html, "changes")["Not eligible"] == ["Eligible", "2", "+£120.00"]
    by_reason = table_rows(html, "by-crisis-reason")
    assert by_reason["Sudden loss of income"] == [
        "4", "1", "0", "£60.00", "4", "3", "0", "£180.00", "+£120.00"
    ]  # fmt: skip
    assert "No ward recorded" in table_rows(html, "by-ward")
    # Looking changes nothing that is stored.
    assert Assessment.objects.filter(outcome="eligible").count() == 1


def test_a_draft_that_fails_to_load_shows_every_problem_with_its_line(
    admin: Membership, scheme: Scheme, applications: None
) -> None:
    line = next(
        n for n, text in enumerate(MISSPELT.splitlines(), start=1) if "savings_limt" in text
    )
    response = client_for(admin).post(page(admin.council), form(scheme, MISSPELT))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert 'href="#policy_file"' in html
    problems = re.search(r'id="policy-problems".*?</ul>', html, re.S)
    assert problems
    assert f"Line {line}: " in problems.group(0)
    assert "savings_limt" in problems.group(0)
    assert "What the draft would do" not in html


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"scheme": ""}, "Select the scheme to try a change to"),
        ({"scheme": "not-ours"}, "Select the scheme to try a change to"),
        ({"date_from_day": "", "date_from_month": "", "date_from_year": ""},
         "Enter the first day of the period"),
        ({"date_to_day": "31", "date_to_month": "2"}, "End date must be a real date"),
        ({"date_to_month": "5"}, "End date must be the same as or after the start date"),
        ({"policy_file": ""}, "Select a draft policy file"),
        ({"policy_file": SimpleUploadedFile("draft.txt", b"scheme: x")},
         "The selected file must be a policy file ending .yaml"),
    ],
    ids=["no scheme", "another scheme", "no start", "impossible date", "backwards", "no file",
         "not yaml"],
)  # fmt: skip
def test_bad_input_gets_the_error_summary_and_no_comparison(
    admin: Membership, scheme: Scheme, applications: None, overrides: dict, message: str
) -> None:
    response = client_for(admin).post(page(admin.council), form(scheme, **overrides))
    html = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in html
    assert message in html
    assert "What the draft would do" not in html


def test_applications_from_before_the_draft_has_values_are_explained(
    admin: Membership, scheme: Scheme, applications: None
) -> None:
    later = IN_FORCE.replace("2026-04-01:", "2026-06-03:")
    response = client_for(admin).post(page(admin.council), form(scheme, later))
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The draft policy has values only from 3 June 2026, but 2 applications were" in html


def test_a_scheme_whose_policy_in_force_cannot_be_loaded_is_explained(
    admin: Membership, scheme: Scheme, applications: None
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(policy="no-such-policy")
    response = client_for(admin).post(page(admin.council), form(scheme))
    html = response.content.decode()
    assert "There is a problem" in html
    assert "The policy in force for Crisis Payment cannot be loaded" in html
    assert "What the draft would do" not in html


@pytest.mark.parametrize(
    "role", [r for r in Role if r not in (Role.ADMIN, Role.PARTNER, Role.SUPPLIER)]
)
def test_other_roles_are_refused(council: Council, scheme: Scheme, role: Role) -> None:
    client = client_for(make_membership(role=role, council=council))
    assert client.get(page(council)).status_code == 403
    assert client.post(page(council), form(scheme)).status_code == 403


def test_a_member_of_another_council_gets_page_not_found(
    council: Council, scheme: Scheme, other_council: Council
) -> None:
    outsider = make_membership(role=Role.ADMIN, council=other_council)
    client = client_for(outsider)
    assert client.get(page(council)).status_code == 404
    assert client.post(page(council), form(scheme)).status_code == 404
