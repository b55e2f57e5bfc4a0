"""Fixtures for the browser tests: Debian's Chromium, two staffed councils, signing in for real.

Every test gets its own browser context (pytest-playwright's `page`) and its own data
(`transactional_db` flushes between tests), so the tests are independent of each other and
of the order they run in. The test settings run django-tasks' ImmediateBackend, so the
fulfilment and messages queued by a request have run, in the live server's thread, by the
time the browser has the response.
"""

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.utils import timezone
from playwright.sync_api import Page, expect

from onestop.budgets.models import Budget
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.fulfilment.models import VoucherBatch
from onestop.fulfilment.services.vouchers import voucher_stock_load
from onestop.policy.models import Scheme
from tests.factories import make_budget, make_council, make_membership, make_scheme, make_user

# Playwright's sync API runs an event loop in the test's thread; Django refuses ORM calls from
# a thread with a running loop unless told that this is deliberate. The live server itself
# runs in its own thread and is unaffected.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = "/usr/bin/chromium"
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
PASSWORD = "a-long-password-for-tests-only"
REFERENCE_PATTERN = r"^CR-[0-9A-Z]{4}-[0-9A-Z]{2}$"
VOUCHER_RETAILER = "Tesco"
# Five codes of each value: £100 (an applicant and one other person) is two £50 codes.
VOUCHER_VALUES_PENCE = (1_000, 2_000, 5_000)
CODES_PER_VALUE = 5


@pytest.fixture(scope="session")
def browser_type_launch_args() -> dict[str, Any]:
    """Debian's Chromium, never a downloaded browser."""
    return {
        "executable_path": CHROMIUM,
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ],
    }


@dataclass(frozen=True)
class StaffAccount:
    """A person who signs in, and their role in the council the test is about."""

    email: str
    password: str
    name: str
    membership: Membership

    @property
    def council(self) -> Council:
        return self.membership.council


@dataclass(frozen=True)
class World:
    """Two councils with their staff; the first has a scheme, a budget and voucher stock."""

    council: Council
    scheme: Scheme
    budget: Budget
    vouchers: VoucherBatch
    adviser: StaffAccount
    decision_maker: StaffAccount
    team_leader: StaffAccount
    finance: StaffAccount
    admin: StaffAccount
    other_council: Council
    other_scheme: Scheme
    other_adviser: StaffAccount
    other_decision_maker: StaffAccount
    # A team leader at both councils, who is asked which one they are working for.
    two_councils: StaffAccount

    def staff(self, role: str) -> StaffAccount:
        return {
            Role.ADVISER: self.adviser,
            Role.DECISION_MAKER: self.decision_maker,
            Role.TEAM_LEADER: self.team_leader,
            Role.FINANCE: self.finance,
            Role.ADMIN: self.admin,
        }[Role(role)]


def voucher_file(*, prefix: str, values_pence: tuple[int, ...], per_value: int) -> bytes:
    """A good voucher CSV: `per_value` codes of each value, all at one retailer."""
    expires_on = timezone.localdate() + datetime.timedelta(days=365)
    lines = ["code,retailer,value,expires_on"]
    for value in values_pence:
        for n in range(1, per_value + 1):
            code = f"{prefix}-{value // 100:03d}-{n:03d}"
            lines.append(f"{code},{VOUCHER_RETAILER},{value / 100:.2f},{expires_on.isoformat()}")
    return ("\n".join(lines) + "\n").encode()


def _account(council: Council, role: Role, *, email: str, name: str) -> StaffAccount:
    user = make_user(email=email, full_name=name, password=PASSWORD)
    membership = make_membership(role=role, council=council, user=user)
    return StaffAccount(email=email, password=PASSWORD, name=name, membership=membership)


@pytest.fixture
def world(transactional_db: None) -> World:
    council = make_council(name="Northshire Council", slug="northshire")
    scheme = make_scheme(council=council, name="Crisis Payment", slug="crisis-payment")
    budget = make_budget(scheme=scheme, total_pence=1_000_000, name="Crisis Payment 2026 to 2027")
    vouchers = voucher_stock_load(
        actor=None,
        council=council,
        file_name="tesco-vouchers.csv",
        data=voucher_file(
            prefix="NTH", values_pence=VOUCHER_VALUES_PENCE, per_value=CODES_PER_VALUE
        ),
    )
    other = make_council(name="Southvale Council", slug="southvale")
    other_scheme = make_scheme(council=other, name="Crisis Payment", slug="crisis-payment")
    two_councils = _account(
        council, Role.TEAM_LEADER, email="sam.shared@example.org", name="Sam Shared"
    )
    make_membership(role=Role.DECISION_MAKER, council=other, user=two_councils.membership.user)
    return World(
        council=council,
        scheme=scheme,
        budget=budget,
        vouchers=vouchers,
        adviser=_account(
            council, Role.ADVISER, email="ada.adviser@example.org", name="Ada Adviser"
        ),
        decision_maker=_account(
            council, Role.DECISION_MAKER, email="dev.decider@example.org", name="Dev Decider"
        ),
        team_leader=_account(
            council, Role.TEAM_LEADER, email="tara.lead@example.org", name="Tara Lead"
        ),
        finance=_account(
            council, Role.FINANCE, email="fin.officer@example.org", name="Fin Officer"
        ),
        admin=_account(council, Role.ADMIN, email="alex.admin@example.org", name="Alex Admin"),
        other_council=other,
        other_scheme=other_scheme,
        other_adviser=_account(
            other, Role.ADVISER, email="olu.adviser@example.org", name="Olu Adviser"
        ),
        other_decision_maker=_account(
            other, Role.DECISION_MAKER, email="oz.decider@example.org", name="Oz Decider"
        ),
        two_councils=two_councils,
    )


@pytest.fixture
def site(live_server: Any) -> Callable[[str], str]:
    """The live server's address for a path: site("/staff/sign-in/")."""

    def address(path: str) -> str:
        return f"{live_server.url}{path}"

    return address


def sign_in(page: Page, site: Callable[[str], str], account: StaffAccount) -> None:
    """Sign in through the real sign-in page, as a person would."""
    page.goto(site("/staff/sign-in/"))
    page.get_by_label("Email address").fill(account.email)
    page.get_by_label("Password", exact=True).fill(account.password)
    page.get_by_role("button", name="Sign in").click()
    # One council: straight to its staff home. More than one: the page that asks which.
    expect(page.get_by_role("button", name="Sign out")).to_be_visible()


def sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", name="Sign in", level=1)).to_be_visible()
