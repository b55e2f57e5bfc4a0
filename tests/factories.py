"""Builders for test data: plain functions that go through the real services.

Every builder takes keyword-only arguments with sensible defaults, so a test names only what
it cares about. Personal data is synthetic, from Faker's en_GB provider: phone numbers are in
Ofcom's drama range (07700 900xxx) and email addresses use the reserved example.* domains.
"""

import datetime
import itertools
import zoneinfo
from collections.abc import Sequence
from typing import Any

from django.utils import timezone
from faker import Faker

from onestop.budgets.models import Budget
from onestop.budgets.services import budget_create
from onestop.casework.models import Decision, DecisionOutcome
from onestop.casework.services import decision_record
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership, User
from onestop.councils.services import council_create, membership_grant, user_create
from onestop.fulfilment.models import VoucherBatch
from onestop.fulfilment.services import voucher_stock_load
from onestop.intake.models import Application, Channel
from onestop.intake.services import ApplicationDetails, application_submit
from onestop.people.services import AddressDetails, MemberDetails, PersonDetails
from onestop.policy.models import Scheme
from onestop.policy.services import scheme_create
from onestop.policy.vocabulary import CrisisReason

fake = Faker("en_GB")
fake.seed_instance(2026)

# Unique suffixes, so that names with unique constraints never collide between builders.
_serial = itertools.count(1)

LONDON = zoneinfo.ZoneInfo("Europe/London")


def london_time(
    year: int, month: int, day: int, hour: int = 12, minute: int = 0
) -> datetime.datetime:
    """A moment on a UK wall clock (GMT or BST as the date has it)."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=LONDON)


def _next() -> int:
    return next(_serial)


def make_council(
    *,
    name: str | None = None,
    slug: str | None = None,
    bank_holiday_region: str = "ENG",
    actor: User | None = None,
) -> Council:
    """A council, through council_create; England and Wales bank holidays unless told."""
    n = _next()
    name = name or f"{fake.city()} Council {n}"
    return council_create(
        actor=actor,
        name=name,
        slug=slug or f"council-{n}",
        bank_holiday_region=bank_holiday_region,
        phone_number="01632 960000",
        freephone_number="0808 157 0000",
    )


def make_user(
    *,
    email: str | None = None,
    full_name: str | None = None,
    password: str | None = None,
) -> User:
    """A staff account, through user_create, with a unique example.org address."""
    n = _next()
    full_name = full_name if full_name is not None else fake.name()
    return user_create(
        actor=None,
        email=email or f"staff{n}@example.org",
        full_name=full_name,
        password=password or fake.password(length=20),
    )


def make_membership(
    *,
    role: Role = Role.DECISION_MAKER,
    council: Council | None = None,
    user: User | None = None,
) -> Membership:
    """A person's role in a council, through membership_grant (decision maker unless told)."""
    return membership_grant(
        actor=None,
        user=user or make_user(),
        council=council or make_council(),
        role=role,
    )


def make_scheme(
    *,
    council: Council | None = None,
    name: str = "Crisis Payment",
    slug: str | None = None,
    reference_prefix: str = "CR",
    decision_target_working_days: int = 1,
    is_open: bool = True,
) -> Scheme:
    """A scheme, through scheme_create; closed with is_open=False (no service closes one yet)."""
    scheme = scheme_create(
        actor=None,
        council=council or make_council(),
        name=name,
        slug=slug or f"scheme-{_next()}",
        reference_prefix=reference_prefix,
        decision_target_working_days=decision_target_working_days,
    )
    if not is_open:
        # There is no service that closes a scheme yet, so the flag is set directly.
        Scheme.objects.filter(pk=scheme.pk).update(is_open=False)
        scheme.refresh_from_db()
    return scheme


def make_budget(
    *,
    scheme: Scheme | None = None,
    total_pence: int = 1_000_000,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    name: str | None = None,
) -> Budget:
    """A budget for the scheme, through budget_create, in force from a month ago for a year."""
    scheme = scheme or make_scheme()
    today = timezone.localdate()
    return budget_create(
        actor=None,
        council=scheme.council,
        scheme=scheme,
        name=name or f"{scheme.name} budget {_next()}",
        starts_on=starts_on or today - datetime.timedelta(days=30),
        ends_on=ends_on or today + datetime.timedelta(days=365),
        total_pence=total_pence,
    )


def voucher_csv(
    *,
    values: Sequence[int],
    retailer: str = "Tesco",
    expires_on: datetime.date | None = None,
    codes: Sequence[str] | None = None,
) -> bytes:
    """The bytes of a good voucher file: one line per value (in pence), unique codes."""
    expires_on = expires_on or timezone.localdate() + datetime.timedelta(days=180)
    codes = list(codes) if codes is not None else [f"TEST-{_next():08d}" for _ in values]
    lines = ["code,retailer,value,expires_on"]
    for code, value in zip(codes, values, strict=True):
        lines.append(f"{code},{retailer},{value // 100}.{value % 100:02d},{expires_on.isoformat()}")
    return ("\n".join(lines) + "\n").encode()


def load_vouchers(
    council: Council,
    *,
    values: Sequence[int],
    retailer: str = "Tesco",
    expires_on: datetime.date | None = None,
    actor: User | None = None,
) -> VoucherBatch:
    """Load e-voucher codes of the given values (pence) into the council's stock."""
    return voucher_stock_load(
        actor=actor,
        council=council,
        file_name=f"vouchers-{_next()}.csv",
        data=voucher_csv(values=values, retailer=retailer, expires_on=expires_on),
    )


def person_details(**overrides: Any) -> PersonDetails:
    """An adult applicant who prefers text messages, with a fictional mobile and email."""
    fields: dict[str, Any] = {
        "first_name": fake.first_name(),
        "last_name": fake.last_name(),
        "date_of_birth": fake.date_of_birth(minimum_age=18, maximum_age=80),
        "phone": f"07700 900{fake.numerify('###')}",
        "email": f"applicant{_next()}@example.com",
        "contact_preference": "sms",
        "language": "en",
    }
    fields.update(overrides)
    return PersonDetails(**fields)


def member_details(**overrides: Any) -> MemberDetails:
    """Another member of the household: a child of primary school age unless told."""
    fields: dict[str, Any] = {
        "first_name": fake.first_name(),
        "last_name": fake.last_name(),
        "date_of_birth": timezone.localdate() - datetime.timedelta(days=8 * 365),
        "relationship": "child",
    }
    fields.update(overrides)
    return MemberDetails(**fields)


def address_details(**overrides: Any) -> AddressDetails:
    """A synthetic address in Great Britain."""
    fields: dict[str, Any] = {
        "address_line_1": f"{_next()} {fake.street_name()}",
        "address_line_2": "",
        "town": fake.city(),
        "postcode": fake.postcode(),
    }
    fields.update(overrides)
    return AddressDetails(**fields)


def application_details(**overrides: Any) -> ApplicationDetails:
    """An eligible single applicant's details (loss of income, medium priority); override any field."""
    fields: dict[str, Any] = {
        "channel": Channel.WEB,
        "members": [],
        "crisis_reason": CrisisReason.LOSS_OF_INCOME,
        "crisis_details": "My hours were cut and I cannot pay for food this week.",
        "weekly_income_pence": 15_000,
        "weekly_housing_costs_pence": 9_000,
        "savings_pence": 5_000,
        "consent_given": True,
    }
    fields.update(overrides)
    if "scheme" not in fields:
        fields["scheme"] = make_scheme()
    if "applicant" not in fields:
        fields["applicant"] = person_details()
    if "address" not in fields:
        fields["address"] = address_details()
    return ApplicationDetails(**fields)


def submit_application(
    *,
    council: Council | None = None,
    scheme: Scheme | None = None,
    actor: User | None = None,
    submission_key: str | None = None,
    submitted_at: datetime.datetime | None = None,
    **detail_overrides: Any,
) -> Application:
    """Submit an application through application_submit; details as application_details."""
    if scheme is None:
        scheme = make_scheme(council=council) if council is not None else make_scheme()
    council = council or scheme.council
    return application_submit(
        actor=actor,
        council=council,
        details=application_details(scheme=scheme, **detail_overrides),
        submission_key=submission_key or f"form-token-{_next()}",
        submitted_at=submitted_at,
    )


def make_award(
    *,
    application: Application | None = None,
    membership: Membership | None = None,
    amount_pence: int = 6_000,
    reasons: str = "You meet the scheme's criteria for a crisis payment.",
) -> Decision:
    """Award an application through decision_record, with a budget in force if none is."""
    if application is None:
        scheme = make_scheme()
        make_budget(scheme=scheme)
        application = submit_application(scheme=scheme)
    membership = membership or make_membership(
        role=Role.DECISION_MAKER, council=application.council
    )
    return decision_record(
        membership=membership,
        application=application,
        outcome=DecisionOutcome.AWARD,
        reasons=reasons,
        amount_pence=amount_pence,
    )
