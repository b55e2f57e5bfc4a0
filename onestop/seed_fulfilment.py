"""The demo's fulfilment: each council's Bacs details, suppliers and catalogue, the bank
accounts and goods decision makers record, and what finance and suppliers did afterwards."""

import datetime
import random
from dataclasses import dataclass, field

from django.utils import timezone
from faker import Faker

from onestop.core.errors import ServiceError
from onestop.councils.models import Council, Organisation, User
from onestop.councils.partner_staff import partner_membership_grant
from onestop.councils.services import user_create
from onestop.fulfilment.bank_details import BankDetails
from onestop.fulfilment.invoice_files import InvoiceIn, InvoiceLineIn
from onestop.fulfilment.models import (
    BankPayment,
    BankPaymentStatus,
    CatalogueItem,
    GoodsOrder,
)
from onestop.fulfilment.services.awards import (
    GoodsChoice,
    GoodsLine,
    goods_request_set,
    payee_set,
)
from onestop.fulfilment.services.catalogue import ItemDetails, catalogue_item_create, supplier_add
from onestop.fulfilment.services.goods import order_deliver, order_dispatch, order_fail
from onestop.fulfilment.services.invoices import invoice_upload
from onestop.fulfilment.services.payments import (
    bacs_originator_set,
    earliest_processing_date,
    payment_file_build,
)
from onestop.intake.models import Application
from onestop.people.sample_gazetteer import SAMPLE_AREAS
from onestop.policy.models import AwardType

# How each demo scheme pays, so every way but prepaid cards can be seen in the demo.
AWARD_TYPES: dict[tuple[str, str], str] = {
    ("northbridge", "crisis-payment"): AwardType.E_VOUCHER,
    ("glenmoor", "crisis-payment"): AwardType.CASH_OUT,
    ("northbridge", "housing-payment"): AwardType.BANK_PAYMENT,
    ("glenmoor", "housing-payment"): AwardType.BANK_PAYMENT,
    ("northbridge", "essential-items"): AwardType.GOODS,
    ("glenmoor", "essential-items"): AwardType.GOODS,
}

# The essential-items policy's prices (policies/essential-items/policy.yaml), so a decision on
# the items a household needs awards what the policy proposes.
CATALOGUE: dict[str, tuple[str, int, int]] = {
    # flag: (item, price in pence, which of the two suppliers)
    "needs_bed": ("Single bed with mattress", 18_000, 0),
    "needs_fridge": ("Fridge freezer", 25_000, 1),
    "needs_cooker": ("Freestanding electric cooker, fitted", 30_000, 1),
    "needs_washing_machine": ("Washing machine, plumbed in", 28_000, 1),
}
SUPPLIER_LOCAL = "supplier"


@dataclass
class FulfilmentDemo:
    council: Council
    finance: User
    suppliers: list[Organisation]
    items_by_flag: dict[str, CatalogueItem] = field(default_factory=dict)
    supplier_user: User | None = None


def award_type_for(*, council_slug: str, scheme_slug: str) -> str:
    return AWARD_TYPES.get((council_slug, scheme_slug), AwardType.E_VOUCHER)


def fulfilment_set_up(
    *, council: Council, admin: User, finance: User, fake: Faker, password: str
) -> FulfilmentDemo:
    """The council's Bacs details, two suppliers with their catalogue, and a supplier's login."""
    bacs_originator_set(
        actor=finance,
        council=council,
        service_user_number=f"{900000 + council.pk:06d}"[-6:],
        account_name=f"{council.name[:12]} CRISIS",
        sort_code="309634",
        account_number=f"{10000000 + council.pk * 7919:08d}"[-8:],
    )
    town, _, area, _ = SAMPLE_AREAS[council.slug]
    suppliers = [
        supplier_add(actor=admin, council=council, name=f"{town} Furniture Reuse Project"),
        supplier_add(actor=admin, council=council, name=f"{town} Appliance Services"),
    ]
    demo = FulfilmentDemo(council=council, finance=finance, suppliers=suppliers)
    for flag, (name, price, which) in CATALOGUE.items():
        demo.items_by_flag[flag] = catalogue_item_create(
            actor=admin,
            council=council,
            supplier=suppliers[which],
            details=ItemDetails(name=name, price_pence=price, delivery_areas=area),
        )
    demo.supplier_user = user_create(
        actor=admin,
        email=f"{SUPPLIER_LOCAL}@{council.slug}.example",
        full_name=f"{fake.first_name()} {fake.last_name()}",
        password=password,
    )
    partner_membership_grant(actor=admin, user=demo.supplier_user, organisation=suppliers[0])
    return demo


def award_details_record(
    *,
    demo: FulfilmentDemo,
    application: Application,
    actor: User,
    rng: random.Random,
) -> int | None:
    """Record the bank account or the goods for an award about to be made, as the decision
    maker would on the decide page. Returns what the goods cost (the award), or None when the
    goods cannot be delivered (no fixed address) and a person would refuse and refer instead."""
    award_type = application.scheme.award_type
    if award_type == AwardType.BANK_PAYMENT:
        payee_set(
            actor=actor,
            application=application,
            details=BankDetails(
                account_name=application.applicant.full_name,
                sort_code=f"{rng.randint(10, 99)}{rng.randint(0, 9999):04d}",
                account_number=f"{rng.randint(1, 99_999_999):08d}",
            ),
        )
    if award_type != AwardType.GOODS:
        return 0
    chosen = [item for flag, item in demo.items_by_flag.items() if getattr(application, flag)]
    try:
        request = goods_request_set(
            actor=actor,
            application=application,
            choice=GoodsChoice(
                lines=tuple(GoodsLine(catalogue_item_id=item.pk) for item in chosen),
                delivery_date=_working_day_ahead(rng.randint(2, 6)),
                delivery_slot=rng.choice(["morning", "afternoon"]),
            ),
        )
    except ServiceError:
        return None
    return request.total_pence


NO_DELIVERY_REFUSAL = (
    "We cannot deliver items without an address to deliver them to. We have referred you to "
    "Housing Options, who will help you find a home and furnish it."
)


def _working_day_ahead(days: int) -> datetime.date:
    day = timezone.localdate()
    while days:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days -= 1
    return day


def after_fulfilment(*, demo: FulfilmentDemo, rng: random.Random) -> None:
    """What finance and the suppliers did with the awards: a payment file for the bank payments
    queued so far, deliveries made or missed, and an invoice for what was delivered."""
    council = demo.council
    if BankPayment.objects.filter(council=council, status=BankPaymentStatus.QUEUED).exists():
        payment_file_build(
            actor=demo.finance, council=council, processing_date=earliest_processing_date()
        )
    delivered: dict[int, list[GoodsOrder]] = {}
    orders = list(GoodsOrder.objects.filter(council=council).order_by("id"))
    for number, order in enumerate(orders):
        if number >= len(orders) - 4:
            break  # the newest are still on order
        supplier = next(s for s in demo.suppliers if s.pk == order.supplier_id)
        order_dispatch(actor=None, supplier=supplier, order=order)
        if rng.random() < 0.1:
            order_fail(
                actor=None,
                supplier=supplier,
                order=order,
                reason="Nobody was in. We left a card asking them to call us.",
            )
            continue
        order_deliver(actor=None, supplier=supplier, order=order)
        delivered.setdefault(supplier.pk, []).append(order)
    for supplier in demo.suppliers:
        done = delivered.get(supplier.pk, [])[:-1]  # the newest is not invoiced yet
        if not done:
            continue
        lines = [
            InvoiceLineIn(line_number=n, order_reference=o.reference, amount_pence=o.total_pence)
            for n, o in enumerate(done, start=2)
        ]
        # One line charged a little over the agreed price, for finance to query.
        first = lines[0]
        lines[0] = InvoiceLineIn(
            first.line_number, first.order_reference, first.amount_pence + 1_500
        )
        invoice_upload(
            actor=None,
            supplier=supplier,
            invoice=InvoiceIn(
                invoice_number=f"INV-{council.pk:02d}{supplier.pk:03d}-001",
                invoice_date=timezone.localdate(),
                lines=tuple(lines),
            ),
            file_name=f"{supplier.name.lower().replace(' ', '-')}-invoice-001.csv",
        )
