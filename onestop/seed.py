"""Demo data: two fictional councils with staff, schemes, budgets, vouchers and applications."""

import csv
import datetime
import io
import math
import random
import re
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace

from django.db import transaction
from django.utils import timezone
from faker import Faker

from onestop.budgets.services import budget_create
from onestop.casework.models import AwardApproval, DecisionOutcome, DiscretionReason
from onestop.casework.services.decisions import approval_approve, decision_record
from onestop.core.roles import Role
from onestop.core.working_days import BankHolidayRegion, add_working_days
from onestop.councils.models import Council, Membership, Organisation, OrganisationKind, User
from onestop.councils.partner_staff import partner_membership_grant
from onestop.councils.services import (
    council_create,
    membership_grant,
    organisation_create,
    user_create,
)
from onestop.directory.sample_data.support_services import sample_directory_load
from onestop.fulfilment.models import Award, AwardStatus, FulfilmentRequest, FulfilmentRequestStatus
from onestop.fulfilment.services.outbox import fulfilment_process
from onestop.fulfilment.services.vouchers import voucher_stock_load
from onestop.intake.models import Application, Channel
from onestop.intake.selectors import application_latest_assessment
from onestop.intake.services import ApplicationDetails, Circumstances, application_submit
from onestop.notifications.models import Message, MessageStatus
from onestop.notifications.services import message_send
from onestop.people.linkage.synthetic import short_forms, typo
from onestop.people.models import ContactPreference, GazetteerAddress, Language, Relationship
from onestop.people.sample_gazetteer import sample_gazetteer_load
from onestop.people.selectors import address_details
from onestop.people.services import AddressDetails, MemberDetails, PersonDetails
from onestop.policy.models import AwardType, Scheme
from onestop.policy.services import scheme_create
from onestop.policy.vocabulary import CrisisReason, Outcome
from onestop.seed_casework import (
    FOUR_EYES_PENCE,
    casework_demo,
    scheme_rules_set,
    staff_for,
    teams_set_up,
)
from onestop.seed_fulfilment import (
    NO_DELIVERY_REFUSAL,
    FulfilmentDemo,
    after_fulfilment,
    award_details_record,
    award_type_for,
    fulfilment_set_up,
)

DEMO_PASSWORD = "demo-password-2026"  # noqa: S105 - published on purpose: demo sign-ins only
SHARED_STAFF_EMAIL = "shared.service@example.org"
DEMO_WEEKS = 8

ProgressCallback = Callable[[int, int], None]


@dataclass(frozen=True)
class CouncilPlan:
    name: str
    slug: str
    bank_holiday_region: str
    phone_number: str
    freephone_number: str
    town: str
    districts: tuple[str, ...]
    partners: tuple[str, ...]


@dataclass(frozen=True)
class _DecisionPlan:
    application: Application
    outcome: DecisionOutcome
    amount: int
    reasons: str
    discretion_reason: str = ""
    discretion_details: str = ""


@dataclass(frozen=True)
class SchemePlan:
    name: str
    slug: str
    reference_prefix: str
    decision_target_working_days: int
    budget_pence: int
    share: float  # of the council's applications
    reasons: dict[str, int]  # crisis reason -> weight


# Numbers from Ofcom's ranges kept for drama and examples: they never reach a real person.
COUNCILS = (
    CouncilPlan(
        name="Northbridge City Council",
        slug="northbridge",
        bank_holiday_region=BankHolidayRegion.ENGLAND_AND_WALES,
        phone_number="01632 960 400",
        freephone_number="0808 157 0400",
        town="Northbridge",
        districts=("Eastgate", "Millfield", "St Anne's", "Riverside", "Hollins Park", ""),
        partners=(
            "Northbridge Food Bank",
            "Citizens Advice Northbridge",
            "Northbridge Women's Aid",
        ),
    ),
    CouncilPlan(
        name="Glenmoor Council",
        slug="glenmoor",
        bank_holiday_region=BankHolidayRegion.SCOTLAND,
        phone_number="0131 496 0500",
        freephone_number="0808 157 0500",
        town="Glenmoor",
        districts=("Kirkton", "Burnside", "Netherbank", "Craigend", ""),
        partners=("Glenmoor Community Larder", "Citizens Advice Glenmoor", "Glenmoor Housing Aid"),
    ),
)

SCHEMES = (
    SchemePlan(
        "Crisis Payment",
        "crisis-payment",
        "CR",
        1,
        25_000_000,
        0.6,
        {
            CrisisReason.NO_MONEY_FOR_FOOD: 38,
            CrisisReason.NO_MONEY_FOR_FUEL: 24,
            CrisisReason.LOSS_OF_INCOME: 14,
            CrisisReason.DOMESTIC_ABUSE: 5,
            CrisisReason.LEAVING_CARE_PRISON_HOSPITAL: 4,
            CrisisReason.FIRE_OR_FLOOD: 2,
            CrisisReason.OTHER: 13,
        },
    ),
    SchemePlan(
        "Housing Payment",
        "housing-payment",
        "HP",
        10,
        15_000_000,
        0.22,
        {
            CrisisReason.RENT_SHORTFALL: 45,
            CrisisReason.THREAT_OF_EVICTION: 25,
            CrisisReason.LOSS_OF_INCOME: 20,
            CrisisReason.DOMESTIC_ABUSE: 5,
            CrisisReason.OTHER: 5,
        },
    ),
    SchemePlan(
        "Essential household items",
        "essential-items",
        "EI",
        15,
        10_000_000,
        0.18,
        {
            CrisisReason.LEAVING_CARE_PRISON_HOSPITAL: 25,
            CrisisReason.SETTING_UP_HOME: 25,
            CrisisReason.STAY_IN_COMMUNITY: 20,
            CrisisReason.FIRE_OR_FLOOD: 15,
            CrisisReason.DOMESTIC_ABUSE: 10,
            CrisisReason.OTHER: 5,
        },
    ),
)

ITEM_FLAGS = ("needs_bed", "needs_cooker", "needs_fridge", "needs_washing_machine")

# (email local part, role): every council has one of each.
STAFF_ROLES = (
    ("adviser", Role.ADVISER),
    ("decisions", Role.DECISION_MAKER),
    ("teamleader", Role.TEAM_LEADER),
    ("finance", Role.FINANCE),
    ("admin", Role.ADMIN),
)

# Partner staff sign in as partner@<council>.example, for the council's first partner.
PARTNER_LOCAL = "partner"
# What each council's three partners are, in the order CouncilPlan.partners names them.
PARTNER_KINDS = (
    OrganisationKind.FOOD_BANK,
    OrganisationKind.CITIZENS_ADVICE,
    OrganisationKind.OTHER,
)

CHANNEL_WEIGHTS = {Channel.WEB: 25, Channel.PHONE: 40, Channel.PARTNER: 20, Channel.KIOSK: 15}

CRISIS_DETAILS: dict[str, tuple[str, ...]] = {
    CrisisReason.NO_MONEY_FOR_FOOD: (
        "Universal Credit advance is being repaid and nothing is left for food until payday.",
        "Benefit sanction this month; no food in the house for the children.",
        "Wages paid late by the agency; the cupboards are empty.",
    ),
    CrisisReason.NO_MONEY_FOR_FUEL: (
        "Prepayment meter has run out and the emergency credit is used up.",
        "Gas on emergency credit and no money to top up until Friday.",
        "Electricity off on the key meter; young baby at home.",
    ),
    CrisisReason.LOSS_OF_INCOME: (
        "Lost my job last week; the first Universal Credit payment is five weeks away.",
        "Zero-hours shifts stopped with no notice.",
        "Partner left and took the household's only income.",
    ),
    CrisisReason.FIRE_OR_FLOOD: (
        "Kitchen fire; the cooker, fridge and food were destroyed.",
        "Burst pipe flooded the ground floor; bedding and clothes ruined.",
    ),
    CrisisReason.DOMESTIC_ABUSE: (
        "Left home to escape abuse; staying with a friend with nothing of our own.",
        "Moved into a refuge with the children; no money for essentials.",
    ),
    CrisisReason.LEAVING_CARE_PRISON_HOSPITAL: (
        "Released from prison on Monday with only the discharge grant.",
        "Discharged from hospital after three weeks; no food or money at home.",
        "Care leaver moving into a first tenancy with no bed or cooker.",
    ),
    CrisisReason.SETTING_UP_HOME: (
        "Moved out of temporary accommodation into an empty flat.",
        "First tenancy after two years sofa surfing; the flat has no furniture.",
    ),
    CrisisReason.STAY_IN_COMMUNITY: (
        "The cooker has stopped working and we cannot afford to replace it.",
        "Sleeping on the floor since the bed broke; struggling with back pain.",
    ),
    CrisisReason.RENT_SHORTFALL: (
        "Universal Credit housing element does not cover the rent since the increase.",
        "Hours cut at work; the rent is now more than I can pay.",
    ),
    CrisisReason.THREAT_OF_EVICTION: (
        "Landlord has served a notice for rent arrears after a gap in benefit payments.",
        "Court date set for possession; arrears built up while off sick.",
    ),
    CrisisReason.OTHER: (
        "Purse stolen on the bus with this week's money in it.",
        "Paid for my mother's funeral and now have nothing left for the month.",
        "Car broke down and I cannot get to work until it is repaired.",
    ),
}

RETAILERS = ("Asda", "Sainsbury's", "Tesco")  # the local provider uses them in this order
RETAILER_SHARE = (0.25, 0.3, 0.45)
VOUCHER_VALUES_PENCE = (
    5_000,
    2_000,
    1_000,
    500,
    100,
)  # largest first; £1s make odd amounts like £49
VOUCHER_CODE_ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"


@dataclass(frozen=True)
class DemoSignIn:
    """A demo account to print for people trying the demo."""

    email: str
    role: str
    council: str


@dataclass(frozen=True)
class SeedSummary:
    """What seeding made, for the command line to report; `created` is False on a re-run."""

    created: bool
    message: str
    councils: int = 0
    staff: int = 0
    applications: int = 0
    decided: int = 0
    awards: int = 0
    awards_fulfilled: int = 0
    messages_sent: int = 0


def demo_sign_ins() -> list[DemoSignIn]:
    """Everyone the demo lets sign in, all with DEMO_PASSWORD."""
    rows = [
        DemoSignIn(f"{local}@{plan.slug}.example", role.label, plan.name)
        for plan in COUNCILS
        for local, role in STAFF_ROLES
    ]
    rows.append(
        DemoSignIn(
            SHARED_STAFF_EMAIL,
            Role.DECISION_MAKER.label,
            " and ".join(plan.name for plan in COUNCILS),
        )
    )
    return rows


def demo_already_seeded() -> bool:
    return Council.objects.filter(slug__in=[plan.slug for plan in COUNCILS]).exists()


def seed_demo(
    *,
    seed: int = 2026,
    applications_per_council: int = 150,
    progress: ProgressCallback | None = None,
) -> SeedSummary:
    """Create the demo through the services; do nothing if the demo councils already exist."""
    if applications_per_council < 0:
        raise ValueError("applications_per_council must be 0 or more")
    if demo_already_seeded():
        return SeedSummary(
            created=False,
            message="The demo councils are already set up (northbridge and glenmoor): nothing to do.",
        )
    builder = _DemoBuilder(
        seed=seed,
        applications_per_council=applications_per_council,
        progress=_Progress(
            callback=progress, total=len(COUNCILS) * (3 * applications_per_council + 1)
        ),
    )
    with transaction.atomic():
        builder.build()
    # After the seed's own applications have committed, so none of them is decided by the rule.
    builder.automatic_awards_switch_on()
    # Notifications and fulfilment normally run on the task worker after commit; doing them
    # here means the demo shows issued vouchers and sent messages without a worker running.
    builder.deliver()
    return builder.summary()


class _Progress:
    def __init__(self, *, callback: ProgressCallback | None, total: int) -> None:
        self.callback = callback
        self.total = max(total, 1)
        self.done = 0

    def advance(self, steps: int = 1) -> None:
        self.advance_to(self.done + steps)

    def advance_to(self, done: int) -> None:
        done = min(max(done, self.done), self.total)
        if done != self.done:
            self.done = done
            if self.callback:
                self.callback(self.done, self.total)

    def finish(self) -> None:
        self.advance_to(self.total)


@dataclass
class _Staff:
    membership_by_role: dict[str, Membership]
    shared: Membership

    def user(self, role: Role) -> User:
        return self.membership_by_role[role].user


@dataclass
class _Planned:
    """One application to submit, generated before anything is written."""

    details: ApplicationDetails
    submitted_at: datetime.datetime
    submission_key: str
    decide: bool
    partner: str = ""  # the organisation that referred it, for the partner channel


@dataclass
class _CouncilBuild:
    council: Council
    plan: CouncilPlan
    staff: _Staff
    schemes: list[tuple[SchemePlan, Scheme]]
    applications: list[tuple[Application, bool]] = field(default_factory=list)
    earlier_applicants: list[ApplicationDetails] = field(default_factory=list)
    # The council's sample address gazetteer, which most applicants pick their address from.
    addresses: list[GazetteerAddress] = field(default_factory=list)
    organisations: dict[str, Organisation] = field(default_factory=dict)
    partner_user: User | None = None  # signs in to the portal of the first organisation
    fulfilment: FulfilmentDemo | None = None  # Bacs details, suppliers and their catalogue


class _DemoBuilder:
    def __init__(self, *, seed: int, applications_per_council: int, progress: _Progress) -> None:
        self.rng = random.Random(seed)  # reproducible demo data, not security
        self.fake = Faker("en_GB")
        self.fake.seed_instance(seed)
        self.seed = seed
        self.applications_per_council = applications_per_council
        self.progress = progress
        self.now = timezone.now()
        self.today = timezone.localdate(self.now)
        self.builds: list[_CouncilBuild] = []
        self.staff_users: set[int] = set()
        self.decided = 0
        self.awards = 0

    # --- councils, staff, schemes, budgets --------------------------------------------

    def build(self) -> None:
        shared_user = user_create(
            actor=None,
            email=SHARED_STAFF_EMAIL,
            full_name=self._staff_name(),
            password=DEMO_PASSWORD,
        )
        self.staff_users.add(shared_user.pk)
        for plan in COUNCILS:
            self.builds.append(self._council_setup(plan=plan, shared_user=shared_user))
            self.progress.advance()
        for build in self.builds:
            self._applications_submit(build=build)
            self._decisions_record(build=build)
            casework_demo(
                rng=self.rng,
                staff=staff_for(build.staff.membership_by_role, build.staff.shared),
                applications=[application for application, _ in build.applications],
                today=self.today,
            )

    def _staff_name(self) -> str:
        return f"{self.fake.first_name()} {self.fake.last_name()}"

    def _council_setup(self, *, plan: CouncilPlan, shared_user: User) -> _CouncilBuild:
        council = council_create(
            actor=None,
            name=plan.name,
            slug=plan.slug,
            bank_holiday_region=plan.bank_holiday_region,
            phone_number=plan.phone_number,
            freephone_number=plan.freephone_number,
        )
        sample_gazetteer_load(council=council)
        sample_directory_load(council=council)
        memberships: dict[str, Membership] = {}
        admin: User | None = None
        for local, role in reversed(STAFF_ROLES):  # the admin first, who then grants the rest
            user = user_create(
                actor=admin,
                email=f"{local}@{plan.slug}.example",
                full_name=self._staff_name(),
                password=DEMO_PASSWORD,
            )
            self.staff_users.add(user.pk)
            memberships[role] = membership_grant(actor=admin, user=user, council=council, role=role)
            admin = admin or user
        shared = membership_grant(
            actor=admin, user=shared_user, council=council, role=Role.DECISION_MAKER
        )
        staff = _Staff(membership_by_role=memberships, shared=shared)
        starts_on, ends_on = self._financial_year()
        schemes: list[tuple[SchemePlan, Scheme]] = []
        for scheme_plan in SCHEMES:
            scheme = scheme_create(
                actor=staff.user(Role.ADMIN),
                council=council,
                name=scheme_plan.name,
                slug=scheme_plan.slug,
                reference_prefix=scheme_plan.reference_prefix,
                policy=scheme_plan.slug,
                decision_target_working_days=scheme_plan.decision_target_working_days,
                award_type=award_type_for(council_slug=plan.slug, scheme_slug=scheme_plan.slug),
            )
            budget_create(
                actor=staff.user(Role.FINANCE),
                council=council,
                scheme=scheme,
                name=f"{scheme_plan.name} {starts_on.year}/{str(ends_on.year)[-2:]}",
                starts_on=starts_on,
                ends_on=ends_on,
                total_pence=scheme_plan.budget_pence,
            )
            schemes.append((scheme_plan, scheme))
        by_slug = {plan.slug: scheme for plan, scheme in schemes}
        casework_staff = staff_for(memberships, shared)
        teams_set_up(staff=casework_staff, schemes=by_slug)
        scheme_rules_set(
            staff=casework_staff, scheme=by_slug["housing-payment"], four_eyes=FOUR_EYES_PENCE
        )
        for _plan, scheme in schemes:
            scheme.refresh_from_db()
        organisations = {
            name: organisation_create(
                actor=staff.user(Role.ADMIN), council=council, name=name, kind=kind
            )
            for name, kind in zip(plan.partners, PARTNER_KINDS, strict=True)
        }
        partner_user = user_create(
            actor=staff.user(Role.ADMIN),
            email=f"{PARTNER_LOCAL}@{plan.slug}.example",
            full_name=self._staff_name(),
            password=DEMO_PASSWORD,
        )
        partner_membership_grant(
            actor=staff.user(Role.ADMIN),
            user=partner_user,
            organisation=organisations[plan.partners[0]],
        )
        return _CouncilBuild(
            council=council,
            plan=plan,
            staff=staff,
            schemes=schemes,
            addresses=list(GazetteerAddress.objects.filter(council=council)),
            organisations=organisations,
            partner_user=partner_user,
            fulfilment=fulfilment_set_up(
                council=council,
                admin=staff.user(Role.ADMIN),
                finance=staff.user(Role.FINANCE),
                fake=self.fake,
                password=DEMO_PASSWORD,
            ),
        )

    def _financial_year(self) -> tuple[datetime.date, datetime.date]:
        """The UK financial year holding today: 2026-04-01 to 2027-03-31 when the demo was made."""
        start_year = self.today.year if self.today.month >= 4 else self.today.year - 1
        return datetime.date(start_year, 4, 1), datetime.date(start_year + 1, 3, 31)

    # --- applications -----------------------------------------------------------------

    def _applications_submit(self, *, build: _CouncilBuild) -> None:
        planned = [
            self._application_plan(build=build, number=n)
            for n in range(self.applications_per_council)
        ]
        planned.sort(key=lambda p: p.submitted_at)
        advisers = [build.staff.user(Role.ADVISER), build.staff.user(Role.TEAM_LEADER)]
        for item in planned:
            channel = item.details.channel
            actor = (
                self.rng.choices(advisers, weights=(4, 1))[0] if channel == Channel.PHONE else None
            )
            organisation = build.organisations.get(item.partner)
            if organisation is not None and item.partner == build.plan.partners[0]:
                actor = build.partner_user  # referred through the portal; the others by API
            application = application_submit(
                actor=actor,
                council=build.council,
                details=item.details,
                submission_key=item.submission_key,
                submitted_at=item.submitted_at,
                organisation=organisation,
            )
            build.applications.append((application, item.decide))
            self.progress.advance()

    def _application_plan(self, *, build: _CouncilBuild, number: int) -> _Planned:
        rng = self.rng
        submitted_at = self._submitted_at()
        scheme_plan, scheme = rng.choices(
            build.schemes, weights=[p.share for p, _ in build.schemes]
        )[0]
        reason = rng.choices(list(scheme_plan.reasons), weights=list(scheme_plan.reasons.values()))[
            0
        ]
        local = timezone.localtime(submitted_at)
        office_hours = local.weekday() < 5 and 8 <= local.hour < 18
        # Phone lines, kiosks and partners keep office hours; out of hours people apply online.
        channel = (
            Channel.WEB
            if not office_hours
            else rng.choices(list(CHANNEL_WEIGHTS), weights=list(CHANNEL_WEIGHTS.values()))[0]
        )
        returning = bool(build.earlier_applicants) and rng.random() < 0.06
        if returning:
            earlier = rng.choice(build.earlier_applicants)
            applicant, address, members = earlier.applicant, earlier.address, earlier.members
            applicant = self._recorded_differently(applicant, number=number)
        else:
            applicant, members = self._household()
            address = self._address(build=build)
        details_text = rng.choice(CRISIS_DETAILS[reason])
        partner = rng.choice(build.plan.partners) if channel == Channel.PARTNER else ""
        if partner:
            details_text = f"Referred by {partner}. {details_text}"
        income, housing, savings = self._finances(household_size=1 + len(members))
        details = ApplicationDetails(
            scheme=scheme,
            channel=channel,
            applicant=applicant,
            address=address,
            members=members,
            crisis_reason=reason,
            crisis_details=details_text,
            weekly_income_pence=income,
            weekly_housing_costs_pence=housing,
            savings_pence=savings,
            consent_given=True,
            circumstances=self._circumstances(scheme_slug=scheme_plan.slug, reason=reason),
        )
        if not returning:
            build.earlier_applicants.append(details)
        return _Planned(
            details=details,
            submitted_at=submitted_at,
            submission_key=f"demo-{self.seed}-{build.plan.slug}-{number}",
            decide=self._decided_by_now(submitted_at=submitted_at, scheme=scheme, plan=build.plan),
            partner=partner,
        )

    def _submitted_at(self) -> datetime.datetime:
        """A moment in the last eight weeks, in office hours mostly; demand has risen lately."""
        local_now = timezone.localtime(self.now)
        if self.rng.random() < 0.35:  # a rush in the last fortnight or so
            days_ago = int(12 * self.rng.random())
        else:  # fewer the further back
            days_ago = int(DEMO_WEEKS * 7 * (1 - math.sqrt(self.rng.random())))
        day = local_now - datetime.timedelta(days=days_ago)
        hour = self.rng.choices(
            range(7, 23), weights=[2, 6, 9, 10, 10, 9, 9, 9, 8, 7, 5, 4, 3, 3, 2, 1]
        )[0]
        moment = day.replace(
            hour=hour, minute=self.rng.randrange(60), second=self.rng.randrange(60)
        )
        if moment >= local_now:  # later today has not happened yet
            moment = local_now - datetime.timedelta(minutes=self.rng.randrange(5, 240))
        return moment

    def _decided_by_now(
        self, *, submitted_at: datetime.datetime, scheme: Scheme, plan: CouncilPlan
    ) -> bool:
        """Most cases past their deadline are decided; a few are overdue; recent ones wait."""
        due = add_working_days(
            timezone.localtime(submitted_at).date(),
            scheme.decision_target_working_days,
            region=plan.bank_holiday_region,
        )
        days_late = (self.today - due).days
        chance = 0.85 if days_late > 3 else 0.4 if days_late > 0 else 0.08
        return self.rng.random() < chance

    def _person_name(self, *, female: bool) -> str:
        return self.fake.first_name_female() if female else self.fake.first_name_male()

    def _birth_date(self, *, age: int) -> datetime.date:
        born = self.today - datetime.timedelta(days=round(age * 365.25) + self.rng.randrange(365))
        return born

    def _household(self) -> tuple[PersonDetails, list[MemberDetails]]:
        rng = self.rng
        last_name = self.fake.last_name()
        female = rng.random() < 0.62
        kind = rng.choices(
            ["single", "single_parent", "couple_children", "couple", "with_parent", "shared"],
            weights=[34, 26, 20, 8, 6, 6],
        )[0]
        age = rng.randint(18, 70) if kind in {"single", "couple", "shared"} else rng.randint(19, 48)
        if kind == "with_parent":
            age = rng.randint(18, 30)
        first_name = self._person_name(female=female)
        used_first_names = {first_name}
        members: list[MemberDetails] = []

        def add(relationship: str, *, member_age: int, same_surname: bool = True) -> None:
            name = self._person_name(female=rng.random() < 0.5)
            while name in used_first_names:
                name = self._person_name(female=rng.random() < 0.5)
            used_first_names.add(name)
            members.append(
                MemberDetails(
                    first_name=name,
                    last_name=last_name if same_surname else self.fake.last_name(),
                    date_of_birth=self._birth_date(age=max(member_age, 0)),
                    relationship=relationship,
                )
            )

        if kind in {"couple", "couple_children"}:
            add(
                Relationship.PARTNER,
                member_age=max(18, age + rng.randint(-6, 6)),
                same_surname=rng.random() < 0.6,
            )
        if kind in {"single_parent", "couple_children"}:
            oldest = min(17, age - 17)
            children = rng.choices([1, 2, 3, 4, 5], weights=[35, 35, 18, 8, 4])[0]
            for child_age in rng.sample(range(oldest + 1), k=min(children, oldest + 1)):
                add(Relationship.CHILD, member_age=child_age)
        if kind == "with_parent":
            add(Relationship.PARENT, member_age=age + rng.randint(20, 32))
            if rng.random() < 0.4:
                add(Relationship.CHILD, member_age=rng.randint(0, 3))
        if kind == "shared":
            for _ in range(rng.randint(1, 2)):
                add(Relationship.OTHER_ADULT, member_age=rng.randint(18, 60), same_surname=False)
        members = members[:6]  # households of one to seven people

        phone = f"07700 900{rng.randrange(1000):03d}" if rng.random() < 0.93 else ""
        email = self._email(first_name, last_name) if rng.random() < 0.6 else ""
        if not phone and not email and rng.random() < 0.7:
            email = self._email(first_name, last_name)
        preference = (
            ContactPreference.EMAIL
            if email and (not phone or rng.random() < 0.4)
            else ContactPreference.SMS
        )
        applicant = PersonDetails(
            first_name=first_name,
            last_name=last_name,
            date_of_birth=self._birth_date(age=age),
            phone=phone,
            email=email,
            contact_preference=preference,
            language=Language.WELSH if rng.random() < 0.03 else Language.ENGLISH,
        )
        return applicant, members

    def _recorded_differently(self, applicant: PersonDetails, *, number: int) -> PersonDetails:
        """Now and then a returning applicant is recorded differently (a short name, a slip,
        two digits of the birthday swapped), so the demo has duplicates for staff to check.
        Its own random stream, so the rest of the demo is the same with or without it."""
        rng = random.Random(f"{self.seed}-again-{number}")
        if rng.random() >= 0.4:
            return applicant
        shorts = short_forms().get(applicant.first_name.lower())
        change = rng.randrange(3)
        if change == 0 and shorts:
            return replace(applicant, first_name=rng.choice(shorts).capitalize())
        if change == 1:
            return replace(applicant, last_name=typo(applicant.last_name, rng))
        born = applicant.date_of_birth
        if born.day > 12 and born.day % 10 != 0 and born.day % 11 != 0:
            swapped = int(f"{born.day:02d}"[::-1])
            if swapped <= 28:
                return replace(applicant, date_of_birth=born.replace(day=swapped))
        return replace(applicant, first_name=typo(applicant.first_name, rng))

    def _email(self, first_name: str, last_name: str) -> str:
        local = re.sub(r"[^a-z0-9.]", "", f"{first_name}.{last_name}".lower())
        return f"{local}{self.rng.randrange(1, 100)}@example.com"

    def _address(self, *, build: _CouncilBuild) -> AddressDetails:
        """Most people pick their address from the gazetteer; some type it (a new build the
        list does not have yet), and a few have no fixed address."""
        chance = self.rng.random()
        if chance < 0.03:
            return AddressDetails(
                address_line_1="No fixed address",
                address_line_2=f"Care of {build.plan.town} Housing Options",
                town=build.plan.town,
                postcode="",
                no_fixed_address=True,
            )
        picked = self.rng.choice(build.addresses)
        if chance < 0.13:
            return AddressDetails(
                address_line_1=self.fake.street_address().replace("\n", ", "),
                address_line_2=picked.address_line_2,
                town=build.plan.town,
                postcode=picked.postcode,
            )
        return address_details(picked)

    def _circumstances(self, *, scheme_slug: str, reason: str) -> Circumstances:
        """What each scheme's applicants tend to tell us, with the odd one that does not fit."""
        rng = self.rng
        housing = scheme_slug == "housing-payment"
        items = scheme_slug == "essential-items"
        wanted = [name for name in ITEM_FLAGS if rng.random() < 0.4] if items else []
        if items and not wanted and rng.random() < 0.9:
            wanted = [rng.choice(ITEM_FLAGS)]
        return Circumstances(
            pregnant=rng.random() < 0.04,
            disabled=rng.random() < 0.2,
            receives_qualifying_benefit=rng.random() < 0.55,
            receives_housing_support=rng.random() < (0.85 if housing else 0.4),
            weekly_rent_shortfall_pence=rng.randrange(1_000, 6_000, 100) if housing else 0,
            rent_arrears_pence=(
                rng.randrange(20_000, 250_000, 100)
                if housing and reason == CrisisReason.THREAT_OF_EVICTION
                else 0
            ),
            at_risk_of_eviction=housing and reason == CrisisReason.THREAT_OF_EVICTION,
            **{name: name in wanted for name in ITEM_FLAGS},
        )

    def _finances(self, *, household_size: int) -> tuple[int, int, int]:
        """Weekly income, weekly housing costs and savings, in pence; some over the limits."""
        rng = self.rng
        housing = (
            0 if rng.random() < 0.15 else rng.randrange(5_000, 17_000 + 2_500 * household_size, 100)
        )
        if rng.random() < 0.13:  # earning too much after housing costs
            after_housing = rng.randrange(40_000, 80_000, 100)
        elif rng.random() < 0.06:  # housing costs more than all their income
            after_housing = -rng.randrange(0, 4_000, 100)
        else:
            after_housing = rng.randrange(4_000, min(39_000, 14_000 + 4_000 * household_size), 100)
        income = max(0, housing + after_housing)
        roll = rng.random()
        if roll < 0.08:  # savings at or over the limit
            savings = rng.randrange(600_000, 1_800_000, 500)
        elif roll < 0.5:
            savings = 0
        else:
            savings = rng.randrange(500, 90_000, 100)
        return income, housing, savings

    # --- decisions and voucher stock --------------------------------------------------

    def _decisions_record(self, *, build: _CouncilBuild) -> None:
        plans: list[_DecisionPlan] = []
        for application, decide in build.applications:
            if decide:
                plans.append(self._decision_plan(application=application))
        self._voucher_stock_load(
            build=build,
            awards=[p.amount for p in plans if p.outcome == DecisionOutcome.AWARD],
        )
        deciders = [
            build.staff.membership_by_role[Role.DECISION_MAKER],
            build.staff.shared,
            build.staff.membership_by_role[Role.TEAM_LEADER],
        ]
        decisions = iter(plans)
        for _application, decide in build.applications:
            if decide:
                plan = next(decisions)
                decider = self.rng.choices(deciders, weights=(5, 3, 2))[0]
                if plan.outcome == DecisionOutcome.AWARD:
                    plan = self._award_details_record(build=build, plan=plan, decider=decider)
                result = decision_record(
                    membership=decider,
                    application=plan.application,
                    outcome=plan.outcome,
                    reasons=plan.reasons,
                    amount_pence=plan.amount,
                    discretion_reason=plan.discretion_reason,
                    discretion_details=plan.discretion_details,
                )
                leader = build.staff.membership_by_role[Role.TEAM_LEADER]
                if isinstance(result, AwardApproval):
                    if result.proposed_by_id == leader.user_id:
                        self.progress.advance()
                        continue  # nobody else may approve it: it waits, as it would
                    approval_approve(membership=leader, approval=result, comment="Agreed.")
                self.decided += 1
                self.awards += plan.outcome == DecisionOutcome.AWARD
            self.progress.advance()

    def _award_details_record(
        self, *, build: _CouncilBuild, plan: _DecisionPlan, decider: Membership
    ) -> _DecisionPlan:
        """The bank account or goods a decision maker records with the award; goods that
        cannot be delivered (no fixed address) become a refusal with a referral."""
        assert build.fulfilment is not None
        cost = award_details_record(
            demo=build.fulfilment, application=plan.application, actor=decider.user, rng=self.rng
        )
        if cost is None:
            return replace(
                plan,
                outcome=DecisionOutcome.REFUSE,
                amount=0,
                reasons=NO_DELIVERY_REFUSAL,
                discretion_reason=DiscretionReason.OTHER_HELP_MORE_SUITABLE,
                discretion_details="No address to deliver to; referred to Housing Options.",
            )
        if cost and cost != plan.amount:
            return replace(
                plan,
                amount=cost,
                discretion_reason=DiscretionReason.NEED_DIFFERS_FROM_TABLE,
                discretion_details="The award is what the items the household needs cost.",
            )
        return plan

    def _decision_plan(self, *, application: Application) -> _DecisionPlan:
        assessment = application_latest_assessment(application=application)
        assert assessment is not None  # application_submit assesses in its own transaction
        failed = [c["reason"] for c in assessment.criteria if not c["passed"]]
        passed = [c["reason"] for c in assessment.criteria if c["passed"]]
        award = assessment.proposed_award_pence
        roll = self.rng.random()
        if assessment.outcome == Outcome.NOT_ELIGIBLE:
            return _DecisionPlan(
                application,
                DecisionOutcome.REFUSE,
                0,
                "You do not meet the scheme's rules: " + "; ".join(failed).lower() + ".",
            )
        if assessment.outcome == Outcome.NEEDS_DECISION_MAKER:
            # The policy says why a person had to decide; the reasons quote it.
            why = "; ".join(assessment.notes or ["the policy asks for a person's judgement"])
            if roll < 0.65 and award > 0:
                return _DecisionPlan(
                    application,
                    DecisionOutcome.AWARD,
                    award,
                    f"A decision maker looked at your application because: {why}. Having "
                    "looked at everything you told us, we have used our discretion to make "
                    "the award.",
                )
            return _DecisionPlan(
                application,
                DecisionOutcome.REFUSE,
                0,
                f"A decision maker looked at your application because: {why}. Having looked "
                "at everything you told us, we cannot make an award this time. We have passed "
                "your details to Citizens Advice, who can help with other support.",
                DiscretionReason.OTHER_HELP_MORE_SUITABLE,
                "Citizens Advice can sort out the benefit problem behind the crisis; referred.",
            )
        if roll < 0.03:
            return _DecisionPlan(
                application,
                DecisionOutcome.REFUSE,
                0,
                "When we called you, you told us your delayed payment has now arrived, so "
                "you no longer need an emergency award. Apply again if that changes.",
                DiscretionReason.NOT_IN_CRISIS,
                "Called the applicant: the delayed Universal Credit payment arrived today.",
            )
        return _DecisionPlan(
            application,
            DecisionOutcome.AWARD,
            award,
            "You meet the scheme's rules: " + "; ".join(passed).lower() + ".",
        )

    def _voucher_stock_load(self, *, build: _CouncilBuild, awards: list[int]) -> None:
        """Enough codes for every award the seed makes, spread over retailers, plus spare."""
        needed: Counter[int] = Counter()
        for amount in awards:
            remaining = amount
            for value in VOUCHER_VALUES_PENCE:
                count, remaining = divmod(remaining, value)
                needed[value] += count
        expires_on = datetime.date(self._financial_year()[1].year, 6, 30)
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["code", "retailer", "value", "expires_on"])
        used: set[str] = set()
        for retailer, share in zip(RETAILERS, RETAILER_SHARE, strict=True):
            for value in VOUCHER_VALUES_PENCE:
                count = math.ceil(needed[value] * (share + 0.2)) + 10
                for _ in range(count):
                    code = self._voucher_code(retailer=retailer, used=used)
                    writer.writerow([code, retailer, f"{value / 100:.2f}", expires_on.isoformat()])
        voucher_stock_load(
            actor=build.staff.user(Role.FINANCE),
            council=build.council,
            file_name=f"{build.plan.slug}-e-vouchers-{expires_on:%Y-%m}.csv",
            data=out.getvalue().encode(),
        )

    def _voucher_code(self, *, retailer: str, used: set[str]) -> str:
        prefix = re.sub(r"[^A-Z]", "", retailer.upper())[:3]
        while True:
            body = "".join(self.rng.choice(VOUCHER_CODE_ALPHABET) for _ in range(10))
            code = f"{prefix}-{body[:5]}-{body[5:]}"
            if code not in used:
                used.add(code)
                return code

    # --- what the worker would do -----------------------------------------------------

    def automatic_awards_switch_on(self) -> None:
        """Glenmoor awards clear crisis grants automatically from now on: new applications
        taken in the demo show it, while the seeded history stays as people decided it."""
        glenmoor = next(b for b in self.builds if b.plan.slug == "glenmoor")
        scheme_rules_set(
            staff=staff_for(glenmoor.staff.membership_by_role, glenmoor.staff.shared),
            scheme=next(s for p, s in glenmoor.schemes if p.slug == "crisis-payment"),
            auto_limit_pence=10_000,
            four_eyes=None,
        )

    def deliver(self) -> None:
        councils = [build.council for build in self.builds]
        requests = list(
            FulfilmentRequest.objects.filter(
                council__in=councils, status=FulfilmentRequestStatus.PENDING
            )
            .order_by("id")
            .values_list("id", flat=True)
        )
        # The newest few bank payments of each council wait for the next payment file, so the
        # payments page shows payments sent and payments waiting.
        later = {
            request_id
            for council in councils
            for request_id in FulfilmentRequest.objects.filter(
                council=council,
                status=FulfilmentRequestStatus.PENDING,
                provider=AwardType.BANK_PAYMENT,
            )
            .order_by("-id")
            .values_list("id", flat=True)[:3]
        }
        start = self.progress.done
        span = self.progress.total - start
        ordered = [r for r in requests if r not in later] + [r for r in requests if r in later]
        for number, request_id in enumerate(ordered, start=1):
            if number == len(ordered) - len(later) + 1:
                self._finance_and_suppliers_act()
            fulfilment_process(request_id=request_id)
            self.progress.advance_to(start + span * number // (2 * len(requests)))
        if not later:
            self._finance_and_suppliers_act()
        start = self.progress.done
        span = self.progress.total - start
        messages = list(
            Message.objects.filter(council__in=councils, status=MessageStatus.QUEUED)
            .order_by("id")
            .values_list("id", flat=True)
        )
        for number, message_id in enumerate(messages, start=1):
            message_send(message_id=message_id)
            self.progress.advance_to(start + span * number // len(messages))
        self.progress.finish()

    def _finance_and_suppliers_act(self) -> None:
        for build in self.builds:
            assert build.fulfilment is not None
            after_fulfilment(demo=build.fulfilment, rng=self.rng)

    def summary(self) -> SeedSummary:
        councils = [build.council for build in self.builds]
        applications = sum(len(build.applications) for build in self.builds)
        return SeedSummary(
            created=True,
            message=(
                f"Set up {len(self.builds)} demo councils with {len(self.staff_users)} staff and "
                f"{applications} applications ({self.decided} decided, {self.awards} awards)."
            ),
            councils=len(self.builds),
            staff=len(self.staff_users),
            applications=applications,
            decided=self.decided,
            awards=self.awards,
            awards_fulfilled=Award.objects.filter(
                council__in=councils, status=AwardStatus.FULFILLED
            ).count(),
            messages_sent=Message.objects.filter(
                council__in=councils, status=MessageStatus.SENT
            ).count(),
        )
