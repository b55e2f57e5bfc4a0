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
from onestop.casework.models import Decision, DecisionOutcome, DiscretionReason
from onestop.casework.services.decisions import decision_record
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership, User
from onestop.councils.services import council_create, membership_grant, user_create
from onestop.fulfilment.models import VoucherBatch
from onestop.fulfilment.services.vouchers import voucher_stock_load
from onestop.intake.models import Application, Channel
from onestop.intake.selectors import application_latest_assessment
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
    award_type: str = "e_voucher",
) -> Scheme:
    """A scheme, through scheme_create; closed with is_open=False (no service closes one yet)."""
    scheme = scheme_create(
        actor=None,
        council=council or make_council(),
        name=name,
        slug=slug or f"scheme-{_next()}",
        reference_prefix=reference_prefix,
        decision_target_working_days=decision_target_working_days,
        award_type=award_type,
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
    assessment = application_latest_assessment(application=application)
    departs = assessment is None or assessment.proposed_award_pence != amount_pence
    decision = decision_record(
        membership=membership,
        application=application,
        outcome=DecisionOutcome.AWARD,
        reasons=reasons,
        amount_pence=amount_pence,
        # An amount other than the policy's needs a reason, as it would from a person.
        discretion_reason=DiscretionReason.NEED_DIFFERS_FROM_TABLE if departs else "",
        discretion_details="The decision maker assessed the household's need." if departs else "",
    )
    assert isinstance(decision, Decision), "over the scheme's four-eyes limit: use approval_approve"
    return decision


# Notes and documents (appended here; imports kept with the builders that need them).
from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from onestop.casework.models import CaseDocument, CaseNote  # noqa: E402
from onestop.casework.services.notes import case_document_upload, case_note_add  # noqa: E402

# A tiny real PDF: enough for the content check, which reads the file's own bytes.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


def make_case_note(
    *,
    application: Application,
    membership: Membership | None = None,
    text: str = "Called the applicant back: the landlord has agreed to wait a week.",
    is_safeguarding: bool = False,
) -> CaseNote:
    """A note on the case, through case_note_add, by an adviser unless told."""
    membership = membership or make_membership(role=Role.ADVISER, council=application.council)
    return case_note_add(
        membership=membership, application=application, text=text, is_safeguarding=is_safeguarding
    )


def make_case_document(
    *,
    application: Application,
    membership: Membership | None = None,
    content: bytes = PDF_BYTES,
    name: str = "tenancy-agreement.pdf",
    description: str = "Tenancy agreement",
    is_safeguarding: bool = False,
) -> CaseDocument:
    """A document on the case, through case_document_upload, by an adviser unless told."""
    membership = membership or make_membership(role=Role.ADVISER, council=application.council)
    return case_document_upload(
        membership=membership,
        application=application,
        uploaded_file=SimpleUploadedFile(name, content, content_type="application/octet-stream"),
        description=description,
        is_safeguarding=is_safeguarding,
    )


# Reviews and complaints (appended here; imports kept with the builders that need them).
from onestop.casework.models import Complaint, Review  # noqa: E402
from onestop.casework.services.complaints import complaint_log  # noqa: E402
from onestop.casework.services.reviews import review_request  # noqa: E402


def make_review(
    *,
    application: Application | None = None,
    actor: User | None = None,
    channel: str = "phone",
    requested_on: datetime.date | None = None,
    grounds: str = "I have no food for my children and the decision did not count my rent.",
    late_reason: str = "",
) -> Review:
    """A review request through review_request, on an awarded application unless given a
    decided one, logged by an adviser of its council."""
    if application is None:
        application = make_award().application
    actor = actor or make_membership(role=Role.ADVISER, council=application.council).user
    return review_request(
        actor=actor,
        application=application,
        channel=channel,
        requested_on=requested_on or timezone.localdate(),
        grounds=grounds,
        late_reason=late_reason,
    )


def make_complaint(
    *,
    council: Council | None = None,
    application: Application | None = None,
    actor: User | None = None,
    complainant_name: str | None = None,
    phone: str = "",
    email: str | None = None,
    channel: str = "phone",
    received_on: datetime.date | None = None,
    summary: str = "Nobody called me back when they said they would.",
) -> Complaint:
    """A complaint through complaint_log, logged by an adviser, with a fictional email address."""
    council = council or (application.council if application else make_council())
    actor = actor or make_membership(role=Role.ADVISER, council=council).user
    return complaint_log(
        actor=actor,
        council=council,
        complainant_name=complainant_name or fake.name(),
        phone=phone,
        email=email if email is not None else f"complainant{_next()}@example.com",
        channel=channel,
        received_on=received_on or timezone.localdate(),
        summary=summary,
        application=application,
    )


# Letters (appended here; imports kept with the builders that need them).
from onestop.notifications.letters import (  # noqa: E402
    CriterionResult,
    DecisionLetterContext,
    InformationRequestLetterContext,
    LetterContext,
    ReviewOutcomeLetterContext,
)
from onestop.notifications.models import Letter, LetterKind  # noqa: E402
from onestop.notifications.services import letter_queue  # noqa: E402


def letter_context(kind: str = LetterKind.DECISION_REFUSAL, **overrides: Any) -> LetterContext:
    """A realistic context for the kind of letter: a refusal with one rule met and one not."""
    if kind in (LetterKind.DECISION_AWARD, LetterKind.DECISION_REFUSAL):
        fields: dict[str, Any] = {
            "scheme_name": "Crisis Payment",
            "decision_reasons": "Your savings are more than the scheme allows.",
            "criteria": (
                CriterionResult(passed=True, reason="You live in the council's area."),
                CriterionResult(passed=False, reason="Your savings are above £500."),
            ),
            "award_pence": 12_000 if kind == LetterKind.DECISION_AWARD else 0,
            "award_delivery": "As e-voucher codes, sent to you by text message."
            if kind == LetterKind.DECISION_AWARD
            else "",
        }
        fields.update(overrides)
        return DecisionLetterContext(**fields)
    if kind == LetterKind.REVIEW_OUTCOME:
        fields = {
            "scheme_name": "Crisis Payment",
            "decision_changed": False,
            "review_reasons": "Your savings are still more than the scheme allows.",
            "ombudsman_name": "Local Government and Social Care Ombudsman",
            "ombudsman_url": "https://www.lgo.org.uk",
        }
        fields.update(overrides)
        return ReviewOutcomeLetterContext(**fields)
    fields = {
        "scheme_name": "Crisis Payment",
        "what_is_needed": ("Your latest bank statement",),
        "due_date": timezone.localdate() + datetime.timedelta(days=10),
    }
    fields.update(overrides)
    return InformationRequestLetterContext(**fields)


def make_letter(
    *,
    council: Council | None = None,
    kind: str = LetterKind.DECISION_REFUSAL,
    language: str = "en",
    case_reference: str = "CR-7K4M-2Q",
    recipient_name: str | None = None,
    address_lines: Sequence[str] | None = None,
    actor: User | None = None,
    **context_overrides: Any,
) -> Letter:
    """A letter through letter_queue, to a fictional address; a refusal unless told."""
    return letter_queue(
        council=council or make_council(),
        kind=kind,
        language=language,
        case_reference=case_reference,
        recipient_name=recipient_name or fake.name(),
        address_lines=list(address_lines)
        if address_lines is not None
        else [f"{_next()} {fake.street_name()}", fake.city(), fake.postcode()],
        context=letter_context(kind, **context_overrides),
        actor=actor,
    )


# Teams and work queues (appended here; imports kept with the builders that need them).
from onestop.casework.services.teams import (  # noqa: E402
    scheme_team_set,
    team_create,
    team_member_set,
)
from onestop.councils.models import Team  # noqa: E402


def make_team(
    *,
    leader: Membership,
    name: str | None = None,
    members: Sequence[Membership] = (),
    schemes: Sequence[Scheme] = (),
) -> Team:
    """A team in the leader's council, set up by them through the team services, with the
    people put in it and the schemes whose new applications it takes."""
    team = team_create(membership=leader, name=name or f"Team {_next()}")
    for member in members:
        team_member_set(membership=leader, member=member, team=team)
        member.refresh_from_db()
    for scheme in schemes:
        scheme_team_set(membership=leader, scheme=scheme, team=team)
        scheme.refresh_from_db()
    return team


from onestop.councils.models import ApiKey, Organisation  # noqa: E402
from onestop.councils.services import api_key_issue, organisation_create  # noqa: E402


def make_organisation(
    *, council: Council | None = None, name: str | None = None, kind: str = "food_bank"
) -> Organisation:
    """A partner organisation of the council, through organisation_create."""
    return organisation_create(
        actor=None,
        council=council or make_council(),
        name=name or f"{fake.city()} Food Bank {_next()}",
        kind=kind,
    )


def make_api_key(
    *, organisation: Organisation | None = None, council: Council | None = None
) -> tuple[ApiKey, str]:
    """An API key for the organisation, and the key itself (the only time it is known)."""
    organisation = organisation or make_organisation(council=council)
    return api_key_issue(actor=None, organisation=organisation, name="Referral system")


import csv as _csv  # noqa: E402
import io as _io  # noqa: E402

from onestop.people.models import GazetteerAddress  # noqa: E402
from onestop.people.services import GazetteerLoad, gazetteer_load  # noqa: E402

GAZETTEER_HEADER = ("uprn", "address_line_1", "address_line_2", "town", "postcode", "ward")


def gazetteer_line(**overrides: str) -> dict[str, str]:
    """One synthetic gazetteer address, as a CSV extract has it; override any column."""
    line = {
        "uprn": str(100_000_000_000 + _next()),
        "address_line_1": f"{_next()} {fake.street_name()}",
        "address_line_2": "",
        "town": "Northbridge",
        "postcode": "NB1 2AB",
        "ward": "Eastgate",
    }
    line.update(overrides)
    return line


def gazetteer_csv(
    lines: Sequence[dict[str, str]], *, header: Sequence[str] = GAZETTEER_HEADER
) -> str:
    """A gazetteer extract: the header, then one line per address (columns in header order)."""
    out = _io.StringIO()
    writer = _csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for line in lines:
        writer.writerow([line.get(name, "") for name in header])
    return out.getvalue()


def load_gazetteer(*, council: Council, lines: Sequence[dict[str, str]]) -> GazetteerLoad:
    """Load these addresses as the council's whole gazetteer, through gazetteer_load."""
    text = gazetteer_csv(lines)
    return gazetteer_load(actor=None, council=council, lines=_io.StringIO(text, newline=""))


def make_gazetteer_address(*, council: Council, **overrides: str) -> GazetteerAddress:
    """Add one address to the council's gazetteer, keeping those already loaded."""
    kept = [
        {name: getattr(address, name) for name in GAZETTEER_HEADER}
        for address in GazetteerAddress.objects.filter(council=council)
    ]
    line = gazetteer_line(**overrides)
    load_gazetteer(council=council, lines=[*kept, line])
    return GazetteerAddress.objects.get(council=council, uprn=line["uprn"])


# --- partner staff ------------------------------------------------------------------------

from onestop.councils.partner_staff import partner_membership_grant  # noqa: E402


def make_partner_membership(
    *,
    organisation: Organisation | None = None,
    council: Council | None = None,
    user: User | None = None,
) -> Membership:
    """Partner staff of an organisation (a new food bank of the council unless told)."""
    return partner_membership_grant(
        actor=None,
        user=user or make_user(),
        organisation=organisation or make_organisation(council=council),
    )


def application_form_post(*, scheme: Scheme, **overrides: str) -> dict[str, str]:
    """What the adviser's (and the partner's) application form sends for a single applicant
    who lives alone, filled in completely; override any field by its name."""
    data = {
        "form_token": f"token-{_next()}",
        "scheme": str(scheme.pk),
        "first_name": "Morgan",
        "last_name": "Testerton",
        "date_of_birth_day": "14",
        "date_of_birth_month": "3",
        "date_of_birth_year": "1988",
        "contact_preference": "sms",
        "phone": "07700 900123",
        "email": "",
        "language": "en",
        "postcode": "NB1 2AB",
        "address_line_1": "3 Example Row",
        "address_line_2": "",
        "town": "Northbridge",
        "lives_with_others": "no",
        "members-TOTAL_FORMS": "1",
        "members-INITIAL_FORMS": "0",
        "members-MIN_NUM_FORMS": "0",
        "members-MAX_NUM_FORMS": "15",
        "crisis_reason": "no_money_for_food",
        "crisis_details": "No food until payday.",
        "weekly_income": "95",
        "weekly_housing_costs": "70",
        "savings": "0",
        "consent": "yes",
    }
    data.update(overrides)
    return data


# Fulfilment: suppliers, the goods catalogue, and awards of every type.
from onestop.core.postcodes import postcode_area  # noqa: E402
from onestop.fulfilment.bank_details import BankDetails  # noqa: E402
from onestop.fulfilment.models import CatalogueItem  # noqa: E402
from onestop.fulfilment.services.awards import (  # noqa: E402
    GoodsChoice,
    GoodsLine,
    goods_request_set,
    payee_set,
)


def make_supplier(*, council: Council | None = None, name: str | None = None) -> Organisation:
    """A supplier of goods in kind working with the council."""
    return make_organisation(
        council=council, name=name or f"{fake.last_name()} Furniture {_next()}", kind="supplier"
    )


def make_supplier_membership(
    *, organisation: Organisation | None = None, council: Council | None = None
) -> Membership:
    """Supplier staff of a supplier (a new one of the council unless told)."""
    return partner_membership_grant(
        actor=None, user=make_user(), organisation=organisation or make_supplier(council=council)
    )


def make_catalogue_item(
    *,
    council: Council | None = None,
    supplier: Organisation | None = None,
    name: str | None = None,
    price_pence: int = 6_000,
    delivery_areas: str = "CF NP SA LL LD SY",
) -> CatalogueItem:
    supplier = supplier or make_supplier(council=council)
    return CatalogueItem.objects.create(
        council=supplier.council,
        supplier=supplier,
        name=name or f"Single bed {_next()}",
        price_pence=price_pence,
        delivery_areas=delivery_areas,
    )


def bank_details(**overrides: str) -> BankDetails:
    values = {"account_name": fake.name(), "sort_code": "309430", "account_number": "00733445"}
    values.update(overrides)
    return BankDetails(**values)


def make_typed_award(
    *,
    award_type: str,
    council: Council | None = None,
    amount_pence: int = 6_000,
    supplier: Organisation | None = None,
    details: BankDetails | None = None,
) -> Decision:
    """An award of any type, through the services a decision maker's page uses: a scheme that
    pays that way, a budget, an application, then its bank details or goods, then the award."""
    scheme = make_scheme(council=council, award_type=award_type)
    make_budget(scheme=scheme)
    application = submit_application(scheme=scheme)
    if award_type == "bank_payment":
        payee_set(actor=None, application=application, details=details or bank_details())
    if award_type == "goods":
        goods_choose(application=application, price_pence=amount_pence, supplier=supplier)
    return make_award(application=application, amount_pence=amount_pence)


def goods_choose(
    *, application: Application, price_pence: int, supplier: Organisation | None = None
) -> None:
    """One catalogue item at this price, delivered to the household, chosen for the award."""
    item = make_catalogue_item(
        council=application.council,
        supplier=supplier,
        price_pence=price_pence,
        delivery_areas=postcode_area(application.household.postcode) or "CF",
    )
    goods_request_set(
        actor=None,
        application=application,
        choice=GoodsChoice(
            lines=(GoodsLine(catalogue_item_id=item.pk),),
            delivery_date=datetime.date.today() + datetime.timedelta(days=3),
            delivery_slot="morning",
        ),
    )


# Fulfilment in bulk: for the worker fault test and the outbox benchmark.
from django.db.models import F as _F  # noqa: E402

from onestop.budgets.models import Budget, Commitment  # noqa: E402
from onestop.fulfilment.models import Award, FulfilmentRequest, VoucherCode  # noqa: E402

BULK_AWARD_PENCE = 5_000


def make_awards_in_bulk(
    *, council: Council, per_type: int, award_types: tuple[str, ...]
) -> list[int]:
    """`per_type` awards of each type waiting in the outbox, and their fulfilment request ids.

    One application per type carries every award of that type (its bank details, its goods),
    so thousands of awards are made in seconds; the rows are those `award_create` writes, with
    the budget's committed total kept true.
    """
    request_ids: list[int] = []
    for award_type in award_types:
        scheme = make_scheme(council=council, award_type=award_type, slug=f"bulk-{award_type}")
        budget = make_budget(scheme=scheme, total_pence=BULK_AWARD_PENCE * per_type * 2)
        application = submit_application(scheme=scheme)
        if award_type == "bank_payment":
            payee_set(actor=None, application=application, details=bank_details())
        if award_type == "goods":
            goods_choose(application=application, price_pence=BULK_AWARD_PENCE)
        if award_type == "e_voucher":
            batch = VoucherBatch.objects.create(
                council=council,
                file_name="bulk.csv",
                code_count=per_type,
                total_value_pence=BULK_AWARD_PENCE * per_type,
            )
            VoucherCode.objects.bulk_create(
                VoucherCode(
                    council=council,
                    batch=batch,
                    code=f"BULK-{batch.pk}-{n:06d}",
                    retailer="Tesco",
                    value_pence=BULK_AWARD_PENCE,
                    expires_on=datetime.date.today() + datetime.timedelta(days=90),
                )
                for n in range(per_type)
            )
        commitments = Commitment.objects.bulk_create(
            Commitment(
                council=council,
                budget=budget,
                application=application,
                amount_pence=BULK_AWARD_PENCE,
            )
            for _ in range(per_type)
        )
        Budget.objects.filter(pk=budget.pk).update(
            committed_pence=_F("committed_pence") + BULK_AWARD_PENCE * per_type
        )
        awards = Award.objects.bulk_create(
            Award(
                council=council,
                application=application,
                commitment=commitment,
                award_type=award_type,
                value_pence=BULK_AWARD_PENCE,
            )
            for commitment in commitments
        )
        requests = FulfilmentRequest.objects.bulk_create(
            FulfilmentRequest(council=council, award=award, provider=award_type) for award in awards
        )
        request_ids.extend(r.pk for r in requests)
    return request_ids


# Fulfilment hub: failed fulfilment, and what each provider stored, written directly so the
# hub, exports and case panel can be tested without the providers (task H5).
from onestop.fulfilment.models import (  # noqa: E402
    AwardStatus,
    BankPayment,
    BankPaymentStatus,
    CardLoad,
    CardLoadStatus,
    CashOutCode,
    FulfilmentRequestStatus,
    GoodsOrder,
    GoodsOrderLine,
    GoodsOrderStatus,
    PaymentFile,
    PrepaidCard,
    SupplierInvoice,
    SupplierInvoiceLine,
)


def make_failed_fulfilment(
    *,
    council: Council | None = None,
    award_type: str = "e_voucher",
    amount_pence: int = 6_000,
    error: str = "There are no £60.00 codes left in stock. Load more codes, then try again.",
) -> FulfilmentRequest:
    """An award whose fulfilment the outbox gave up on, as `_failure_record` leaves it."""
    award = make_typed_award(
        award_type=award_type, council=council, amount_pence=amount_pence
    ).award
    FulfilmentRequest.objects.filter(award=award).update(
        status=FulfilmentRequestStatus.FAILED, attempts=5, last_error=error
    )
    Award.objects.filter(pk=award.pk).update(status=AwardStatus.FAILED)
    return FulfilmentRequest.objects.select_related("award__application").get(award=award)


def set_created_at(instance: Any, moment: datetime.datetime) -> None:
    """Back-date a row (created_at is set on insert), for exports over a range of days."""
    type(instance).objects.filter(pk=instance.pk).update(created_at=moment)
    instance.created_at = moment


def make_payment_file_with(
    *,
    awards: Sequence[Award],
    serial_number: int | None = None,
    processing_date: datetime.date | None = None,
    made_at: datetime.datetime | None = None,
) -> PaymentFile:
    """A Bacs file carrying one sent payment per bank-payment award, to its payee."""
    council = awards[0].council
    total = sum(award.value_pence for award in awards)
    serial = serial_number or _next()
    payment_file = PaymentFile.objects.create(
        council=council,
        serial_number=serial,
        processing_date=processing_date or datetime.date.today() + datetime.timedelta(days=3),
        file_name=f"BACS{serial:06d}.txt",
        content="(file content)",
        payment_count=len(awards),
        total_pence=total,
        sha256="0" * 64,
    )
    for award in awards:
        payee = award.application.payee
        BankPayment.objects.create(
            council=council,
            award=award,
            account_name=payee.account_name[:18].upper(),
            sort_code=payee.sort_code,
            account_number=payee.account_number,
            amount_pence=award.value_pence,
            reference=award.application.reference[:18],
            status=BankPaymentStatus.SENT,
            payment_file=payment_file,
        )
    if made_at is not None:
        set_created_at(payment_file, made_at)
    return payment_file


def make_goods_order_for(
    *,
    award: Award,
    supplier: Organisation | None = None,
    status: str = GoodsOrderStatus.PLACED,
    total_pence: int | None = None,
    description: str = "Single bed",
    quantity: int = 1,
    placed_at: datetime.datetime | None = None,
) -> GoodsOrder:
    """One supplier's order for a goods award, with one line."""
    item = make_catalogue_item(council=award.council, supplier=supplier)
    total = award.value_pence if total_pence is None else total_pence
    order = GoodsOrder.objects.create(
        council=award.council,
        award=award,
        supplier=item.supplier,
        reference=f"ORD-{_next():06d}",
        status=status,
        delivery_date=datetime.date.today() + datetime.timedelta(days=3),
        delivery_slot="morning",
        deliver_to_name=award.application.applicant.full_name,
        deliver_to_address=award.application.household.address_line_1,
        deliver_to_postcode=award.application.household.postcode,
        total_pence=total,
        delivered_at=timezone.now() if status == GoodsOrderStatus.DELIVERED else None,
        failed_at=timezone.now() if status == GoodsOrderStatus.FAILED else None,
        failure_reason="Nobody was in" if status == GoodsOrderStatus.FAILED else "",
    )
    GoodsOrderLine.objects.create(
        council=award.council,
        order=order,
        catalogue_item=item,
        description=description,
        quantity=quantity,
        unit_price_pence=total // quantity,
    )
    if placed_at is not None:
        set_created_at(order, placed_at)
    return order


def make_invoice_for_orders(
    *, supplier: Organisation, charges: Sequence[tuple[GoodsOrder, int]]
) -> SupplierInvoice:
    """An invoice from the supplier, one line per (order, amount charged)."""
    invoice = SupplierInvoice.objects.create(
        council=supplier.council,
        supplier=supplier,
        invoice_number=f"INV-{_next()}",
        invoice_date=datetime.date.today(),
        total_pence=sum(amount for _, amount in charges),
        file_name="invoice.csv",
    )
    for number, (order, amount) in enumerate(charges, start=1):
        SupplierInvoiceLine.objects.create(
            council=supplier.council,
            invoice=invoice,
            line_number=number,
            order_reference=order.reference,
            order=order,
            amount_pence=amount,
        )
    return invoice


def make_cash_out_code_for(*, award: Award, code: str | None = None, **fields: Any) -> CashOutCode:
    values: dict[str, Any] = {
        "code": code or f"98{_next():016d}",
        "value_pence": award.value_pence,
        "expires_on": datetime.date.today() + datetime.timedelta(days=14),
        "sent_by": "sms",
    }
    values.update(fields)
    return CashOutCode.objects.create(council=award.council, award=award, **values)


def make_card_load_for(
    *, award: Award, last_four: str = "4321", status: str = CardLoadStatus.AWAITING_COLLECTION
) -> CardLoad:
    """A new card in the applicant's name carrying the award, waiting to be collected."""
    card = PrepaidCard.objects.create(
        council=award.council,
        person=award.application.applicant,
        card_reference=f"CARD-{_next()}",
        last_four=last_four,
        collect_from="Civic Centre, Cardiff",
        collect_by=datetime.date.today() + datetime.timedelta(days=14),
        balance_pence=award.value_pence,
    )
    return CardLoad.objects.create(
        council=award.council, award=award, card=card, amount_pence=award.value_pence, status=status
    )


# Cash-out codes, prepaid cards and reconciliation (H4): awards for a chosen person, fulfilled.
from onestop.fulfilment.models import Award  # noqa: E402
from onestop.fulfilment.services.outbox import fulfilment_process  # noqa: E402


def make_award_for_person(
    *,
    award_type: str,
    applicant: PersonDetails | None = None,
    council: Council | None = None,
    amount_pence: int = 6_000,
) -> Award:
    """An award of the type (cash_out, prepaid_card, e_voucher) to this applicant: the same
    details again give the same person, so a second award tops up their card."""
    scheme = make_scheme(council=council, award_type=award_type)
    make_budget(scheme=scheme)
    application = submit_application(scheme=scheme, applicant=applicant or person_details())
    decision = make_award(application=application, amount_pence=amount_pence)
    assert decision.award is not None
    return decision.award


def fulfil_now(award: Award) -> Award:
    """Run the award's fulfilment through the outbox now, as the worker would."""
    fulfilment_process(request_id=award.fulfilment_request.pk)
    award.refresh_from_db()
    return award


# Supplier invoices (task H3): delivered goods orders to invoice, and invoices through the service.
from onestop.fulfilment.invoice_files import (  # noqa: E402
    InvoiceIn as _InvoiceIn,
)
from onestop.fulfilment.invoice_files import (  # noqa: E402
    InvoiceLineIn as _InvoiceLineIn,
)
from onestop.fulfilment.models import GoodsOrder, SupplierInvoice  # noqa: E402
from onestop.fulfilment.services.invoices import invoice_upload as _invoice_upload  # noqa: E402


def make_goods_order(
    *,
    supplier: Organisation | None = None,
    council: Council | None = None,
    status: str = "delivered",
    total_pence: int = 22_999,
    reference: str | None = None,
) -> GoodsOrder:
    """A supplier's order for a goods award, delivered unless told.

    The award goes through the real services; the order itself is written directly, as the
    goods provider normally creates it when the outbox worker fulfils the award (an order the
    provider already made for the award is reused)."""
    supplier = supplier or make_supplier(council=council)
    award = make_typed_award(
        award_type="goods", council=supplier.council, supplier=supplier, amount_pence=total_pence
    ).award
    order = GoodsOrder.objects.filter(award=award, supplier=supplier).first()
    if order is None:
        request_line = award.application.goods_request.lines.select_related("catalogue_item").get()
        order = GoodsOrder.objects.create(
            council=award.council,
            award=award,
            supplier=supplier,
            reference=reference or f"ORD-H3{_next():05d}",
            delivery_date=datetime.date.today() + datetime.timedelta(days=3),
            delivery_slot="morning",
            deliver_to_name=award.application.applicant.full_name,
            deliver_to_address=award.application.household.address_line_1,
            deliver_to_postcode=award.application.household.postcode,
            total_pence=total_pence,
        )
        GoodsOrderLine.objects.create(
            council=award.council,
            order=order,
            catalogue_item=request_line.catalogue_item,
            description=request_line.catalogue_item.name,
            quantity=1,
            unit_price_pence=total_pence,
        )
    now = timezone.now()
    GoodsOrder.objects.filter(pk=order.pk).update(
        status=status,
        total_pence=total_pence,
        dispatched_at=now if status in ("dispatched", "delivered") else None,
        delivered_at=now if status == "delivered" else None,
        failed_at=now if status == "failed" else None,
    )
    order.refresh_from_db()
    return order


def make_supplier_invoice(
    *,
    supplier: Organisation | None = None,
    council: Council | None = None,
    lines: Sequence[tuple[str, int]] | None = None,
    invoice_number: str | None = None,
    invoice_date: datetime.date | None = None,
    actor: User | None = None,
) -> SupplierInvoice:
    """An invoice from the supplier through invoice_upload, one line per (order reference,
    amount in pence); with no lines, one delivered order of the supplier's at its amount."""
    supplier = supplier or make_supplier(council=council)
    if lines is None:
        order = make_goods_order(supplier=supplier)
        lines = [(order.reference, order.total_pence)]
    return _invoice_upload(
        actor=actor,
        supplier=supplier,
        invoice=_InvoiceIn(
            invoice_number=invoice_number or f"INV-{_next()}",
            invoice_date=invoice_date or datetime.date.today(),
            lines=tuple(
                _InvoiceLineIn(number, reference, amount)
                for number, (reference, amount) in enumerate(lines, start=1)
            ),
        ),
        file_name="" if actor is None else "invoice.csv",
    )


# Bank payments and Bacs payment files (H1: bank payments).
from onestop.fulfilment.models import BacsOriginator, PaymentFile  # noqa: E402
from onestop.fulfilment.services.payments import (  # noqa: E402
    bacs_originator_set,
    earliest_processing_date,
    payment_file_build,
)


def make_finance_user(*, council: Council) -> User:
    """A finance officer of the council, who may manage payments."""
    return make_membership(role=Role.FINANCE, council=council).user


def make_bacs_originator(*, council: Council, actor: User | None = None) -> BacsOriginator:
    """The council's Bacs details, set by a finance officer through bacs_originator_set."""
    return bacs_originator_set(
        actor=actor or make_finance_user(council=council),
        council=council,
        service_user_number="123456",
        account_name=f"{council.name}"[:18],
        sort_code="200000",
        account_number="55779911",
    )


def make_queued_payment(
    *, council: Council | None = None, amount_pence: int = 6_000, details: BankDetails | None = None
) -> BankPayment:
    """A bank-payment award fulfilled through the outbox: its payment waits for the next file."""
    award = make_typed_award(
        award_type="bank_payment", council=council, amount_pence=amount_pence, details=details
    ).award
    fulfilment_process(request_id=award.fulfilment_request.pk)
    return BankPayment.objects.get(award=award)


def make_payment_file(*, council: Council | None = None, payments: int = 1) -> PaymentFile:
    """A payment file made through payment_file_build, with its own originator and payments."""
    council = council or make_council()
    actor = make_finance_user(council=council)
    if not BacsOriginator.objects.filter(council=council).exists():
        make_bacs_originator(council=council, actor=actor)
    for _ in range(payments):
        make_queued_payment(council=council)
    return payment_file_build(
        actor=actor, council=council, processing_date=earliest_processing_date()
    )


# Goods ordered through the goods provider (task H2): awards of goods from one or more
# suppliers, fulfilled by the outbox as the worker would.
from onestop.fulfilment.models import GoodsOrder as _GoodsOrder  # noqa: E402


def make_goods_award(
    *,
    council: Council | None = None,
    items: Sequence[tuple[Organisation, str, int]] = (),
    quantities: Sequence[int] = (),
    delivery_date: datetime.date | None = None,
    delivery_slot: str = "morning",
    applicant: PersonDetails | None = None,
) -> Award:
    """An award of goods: each item (supplier, name, price in pence) is added to the catalogue,
    chosen for the application (with its quantity, 1 unless told) and awarded at their total.
    With no items, one single bed from a new supplier."""
    if not items:
        items = [(make_supplier(council=council), "Single bed", 14_999)]
    council = items[0][0].council
    scheme = make_scheme(council=council, award_type="goods")
    make_budget(scheme=scheme)
    application = submit_application(scheme=scheme, applicant=applicant or person_details())
    area = postcode_area(application.household.postcode) or "CF"
    lines = []
    total = 0
    for index, (supplier, name, price) in enumerate(items):
        quantity = quantities[index] if index < len(quantities) else 1
        item = CatalogueItem.objects.filter(supplier=supplier, name=name).first()
        if item is None:
            item = make_catalogue_item(
                supplier=supplier, name=name, price_pence=price, delivery_areas=area
            )
        else:  # the supplier's item from an earlier award: it now delivers here too, at this price
            item.price_pence = price
            item.delivery_areas = f"{item.delivery_areas} {area}"
            item.save()
        lines.append(GoodsLine(catalogue_item_id=item.pk, quantity=quantity))
        total += price * quantity
    goods_request_set(
        actor=None,
        application=application,
        choice=GoodsChoice(
            lines=tuple(lines),
            delivery_date=delivery_date or datetime.date.today() + datetime.timedelta(days=3),
            delivery_slot=delivery_slot,
        ),
    )
    decision = make_award(application=application, amount_pence=total)
    assert decision.award is not None
    return decision.award


def make_placed_goods_order(
    *, supplier: Organisation | None = None, council: Council | None = None
) -> _GoodsOrder:
    """An award of one single bed from the supplier, ordered by the goods provider through the
    outbox: the order is placed, as the supplier first sees it."""
    supplier = supplier or make_supplier(council=council)
    award = fulfil_now(make_goods_award(items=[(supplier, "Single bed", 14_999)]))
    return _GoodsOrder.objects.get(award=award)


# Other support recorded against a household (task H8: the household view).
from onestop.people.models import Household, OtherSupport  # noqa: E402
from onestop.people.other_support import other_support_record  # noqa: E402

OTHER_SUPPORT_HEADER = "uprn,postcode,address_line_1,kind,amount,awarded_on,description"


def make_other_support(
    *,
    household: Household,
    actor: User | None = None,
    kind: str = "discretionary_housing_payment",
    amount_pence: int = 25_000,
    awarded_on: datetime.date | None = None,
    description: str = "Rent shortfall after the benefit cap",
    **fields: Any,
) -> OtherSupport:
    """Other support recorded by a decision maker of the household's council, through the service."""
    actor = actor or make_membership(role=Role.DECISION_MAKER, council=household.council).user
    return other_support_record(
        actor=actor,
        household=household,
        kind=kind,
        amount_pence=amount_pence,
        awarded_on=awarded_on or timezone.localdate(),
        description=description,
        **fields,
    )


def other_support_csv(lines: Sequence[str], header: str = OTHER_SUPPORT_HEADER) -> bytes:
    """An import file: the header line, then the lines given, as a spreadsheet saves them."""
    return ("\r\n".join([header, *lines]) + "\r\n").encode("utf-8")


# --- Directory of support services, Open Referral UK (task H7) ----------------------------------


def directory_feed(*, town: str = "Northbridge", postcode_area: str = "NB") -> dict[str, Any]:
    """The demo's synthetic feed for a town: six active services and one inactive."""
    from onestop.directory.sample_data.support_services import sample_feed

    return sample_feed(town=town, council_name=f"{town} Council", postcode_area=postcode_area)


def load_directory(*, council: Council, feed: Any = None) -> Any:
    """The council's directory loaded from a feed (the demo's, unless given)."""
    from onestop.directory.services import directory_load

    return directory_load(
        actor=None,
        council=council,
        data=feed if feed is not None else directory_feed(),
        source="test-feed.json",
    )


def make_directory_service(
    *, council: Council | None = None, name: str = "Debt advice", status: str = "active"
) -> Any:
    """One service in a council's directory, with its organisation, added by staff."""
    import uuid

    from onestop.directory.models import (
        DirectoryOrganization,
        Service,
        ServiceSource,
    )

    council = council or make_council()
    organization = DirectoryOrganization.objects.create(
        council=council, hsds_id=str(uuid.uuid4()), name=f"{name} Trust", description=""
    )
    return Service.objects.create(
        council=council,
        hsds_id=str(uuid.uuid4()),
        organization=organization,
        name=name,
        status=status,
        source=ServiceSource.STAFF,
        last_modified=timezone.now(),
    )


# --- Referrals out to services and in from partners (task H9) -----------------------------------


def make_referral_service(
    *,
    council: Council,
    name: str = "Food parcels",
    needs: Sequence[str] = ("food",),
    partner: Organisation | None = None,
    postcode: str = "",
    status: str = "active",
) -> Any:
    """An active directory service meeting these needs (taxonomy term codes), run by an
    organisation linked to `partner` if given, at a location with `postcode` if given."""
    import uuid

    from onestop.directory.models import (
        Address,
        Attribute,
        DirectoryOrganization,
        Location,
        Service,
        ServiceAtLocation,
        ServiceSource,
        TaxonomyTerm,
    )

    def hsds() -> str:
        return str(uuid.uuid4())

    organization = DirectoryOrganization.objects.create(
        council=council, hsds_id=hsds(), name=f"{name} Trust {_next()}", partner=partner
    )
    service = Service.objects.create(
        council=council,
        hsds_id=hsds(),
        organization=organization,
        name=name,
        status=status,
        source=ServiceSource.STAFF,
        last_modified=timezone.now(),
    )
    for need in needs:
        term = TaxonomyTerm.objects.filter(council=council, code=need).first()
        if term is None:
            term = TaxonomyTerm.objects.create(
                council=council, hsds_id=hsds(), code=need, name=need.capitalize()
            )
        Attribute.objects.create(
            council=council, hsds_id=hsds(), service=service, taxonomy_term=term
        )
    if postcode:
        location = Location.objects.create(council=council, hsds_id=hsds(), name=f"{name} hall")
        Address.objects.create(
            council=council,
            hsds_id=hsds(),
            location=location,
            address_1="1 High Street",
            city="Northbridge",
            state_province="",
            postal_code=postcode,
        )
        ServiceAtLocation.objects.create(
            council=council, hsds_id=hsds(), service=service, location=location
        )
    return service


def submit_partner_referral(*, membership: Membership, **detail_overrides: Any) -> Application:
    """An application a partner's member of staff sends through the partner portal's service."""
    from onestop.intake.channel_services import ReferralConsent, referral_submit

    organisation = membership.organisation
    assert organisation is not None
    scheme = detail_overrides.pop("scheme", None) or make_scheme(council=membership.council)
    return referral_submit(
        actor=membership.user,
        organisation=organisation,
        details=application_details(scheme=scheme, channel=Channel.PARTNER, **detail_overrides),
        submission_key=f"partner-{_next()}",
        consent=ReferralConsent(
            statement="The client agrees to be referred.", given_by="The client", method="In person"
        ),
    )


def make_referral_out(*, application: Application, membership: Membership | None = None) -> Any:
    """A referral out from the case to a new food service of its council, with consent."""
    from onestop.directory.referral_services import referral_send

    membership = membership or make_membership(role=Role.ADVISER, council=application.council)
    return referral_send(
        actor=membership.user,
        application=application,
        service=make_referral_service(council=application.council),
        needs="Food this week",
        consent=True,
    )


# Match flags (helper): duplicate and fraud flags raised through the services that raise them,
# with a pair's score given rather than found, so no matching model runs.
import math  # noqa: E402

from django.db import transaction  # noqa: E402

from onestop.people.duplicates.checks import bank_account_given  # noqa: E402
from onestop.people.duplicates.records import digest_secret  # noqa: E402
from onestop.people.duplicates.services import (  # noqa: E402
    duplicate_flag_raise,
    pair_subject,
    signal_flag_raise,
)
from onestop.people.linkage.dedupe import ScoredPair  # noqa: E402
from onestop.people.linkage.records import bank_account_key, identifier_digest  # noqa: E402
from onestop.people.models import (  # noqa: E402
    MatchFlag,
    MatchFlagKind,
    MatchFlagSource,
    Person,
)

# What the model's comparison levels say for a likely pair (labels from linkage/model.py).
LIKELY_PAIR_COMPARISONS = {
    "first_name": "The same",
    "surname": "One letter or digit different, or two swapped",
    "dob": "The same",
    "home": "Same home",
    "phone": "The same",
    "email": "Different",
    "ni": "Not known for one or both",
    "bank": "Not known for one or both",
}


def make_duplicate_flag(
    *,
    person: Person,
    other_person: Person,
    probability: float = 0.97,
    comparisons: dict[str, str] | None = None,
    found_by: str = MatchFlagSource.APPLICATION_CHECK,
    application_reference: str = "",
) -> MatchFlag:
    """Two people flagged as possibly one (or the open flag on them refreshed)."""
    with transaction.atomic():
        duplicate_flag_raise(
            council=person.council,
            pair=ScoredPair(
                left=person.pk,
                right=other_person.pk,
                match_weight=math.log2(probability / (1 - probability)),
                match_probability=probability,
                evidence=dict(comparisons or LIKELY_PAIR_COMPARISONS),
            ),
            found_by=MatchFlagSource(found_by),
            application_reference=application_reference,
        )
    return MatchFlag.objects.get(
        council=person.council, subject=pair_subject(person.pk, other_person.pk)
    )


def make_bank_account_flag(
    *,
    people: Sequence[Person],
    sort_code: str = "40-11-62",
    account_number: str | None = None,
    reference: str = "",
) -> MatchFlag:
    """Each person gives the same bank account for an award, as fulfilment tells the checks;
    people from at least two households (the default threshold) raise the flag."""
    account_number = account_number or f"{_next():08d}"
    with transaction.atomic():
        for person in people:
            bank_account_given(
                person=person,
                sort_code=sort_code,
                account_number=account_number,
                reference=reference,
            )
    digest = identifier_digest(
        kind="bank",
        value=bank_account_key(sort_code=sort_code, account_number=account_number),
        secret=digest_secret(),
    )
    return MatchFlag.objects.get(council=people[0].council, subject=f"bank:{digest}")


def make_address_flag(
    *,
    household: Household,
    references: Sequence[str],
    window_days: int = 90,
    found_by: str = MatchFlagSource.APPLICATION_CHECK,
) -> MatchFlag:
    """Many applications from one address: the applications' references, as the check counts
    them."""
    with transaction.atomic():
        signal_flag_raise(
            council=household.council,
            kind=MatchFlagKind.MANY_APPLICATIONS_AT_ADDRESS,
            subject=f"household:{household.pk}",
            count=len(references),
            evidence={"applications": sorted(references), "window_days": window_days},
            found_by=MatchFlagSource(found_by),
            household=household,
            application_reference=references[-1] if references else "",
        )
    return MatchFlag.objects.get(council=household.council, subject=f"household:{household.pk}")


# Duplicate checks (helper): people recorded through the people service, with no application.
from onestop.people.models import Person  # noqa: E402
from onestop.people.services import household_record  # noqa: E402


def make_person(
    *, council: Council, address: AddressDetails | None = None, **details: Any
) -> Person:
    """A person at an address of their own (a new one unless given), through household_record;
    details as person_details."""
    person, _, _ = household_record(
        council=council,
        applicant=person_details(**details),
        address=address or address_details(),
        members=[],
    )
    return person
