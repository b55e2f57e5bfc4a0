"""The management return's figures for one council and period, counted from the awards.

A twice-yearly return reads the cases themselves, not the daily facts: the facts count awards
on the day of the decision with the application's dimensions, while the return needs each
award's delivery method, its spend type and whether its money came back, and reading a
half-year's awards for one council is a single query.
"""

import itertools
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, cast

from django.db import models

from onestop.councils.models import Council
from onestop.fulfilment.models import Award, AwardStatus
from onestop.insight.facts import _household_types as household_types_of_applications
from onestop.insight.models import HouseholdType
from onestop.insight.returns.periods import Period
from onestop.insight.returns.spend_types import APPLICATION_FIELDS, SpendType, spend_type_of
from onestop.intake.models import Channel
from onestop.policy.models import AwardType


class DeliveryMethod(models.TextChoices):
    """How the help reached the household, in the department's words."""

    CASH = "cash", "Cash or bank payment"
    VOUCHER = "voucher", "Voucher"
    PREPAID_CARD = "prepaid_card", "Prepaid card"
    GOODS = "goods", "Goods in kind"


DELIVERY_METHODS: dict[str, DeliveryMethod] = {
    # Paid straight into the person's bank account (a Bacs file).
    AwardType.BANK_PAYMENT: DeliveryMethod.CASH,
    # A code the person takes to a shop or post office and is handed cash for.
    AwardType.CASH_OUT: DeliveryMethod.CASH,
    # A code spent at the retailer named on it.
    AwardType.E_VOUCHER: DeliveryMethod.VOUCHER,
    # A card loaded with the award, spent anywhere cards are taken.
    AwardType.PREPAID_CARD: DeliveryMethod.PREPAID_CARD,
    # Items the council's supplier delivers: the household gets the goods, not money.
    AwardType.GOODS: DeliveryMethod.GOODS,
}


class Route(models.TextChoices):
    """Whether the household asked for help or the council reached out to it first."""

    APPLICATION = "application", "Application-based"
    PROACTIVE = "proactive", "Proactive"


def route_of(channel: str) -> Route:
    return Route.PROACTIVE if channel == Channel.PROACTIVE else Route.APPLICATION


ALL = "All"

# (household type, spend type, delivery method, route); None in a place means "all of them".
Key = tuple[HouseholdType | None, SpendType | None, DeliveryMethod | None, Route | None]
DIMENSIONS: tuple[tuple[str, type[models.TextChoices]], ...] = (
    ("Household type", HouseholdType),
    ("Spend type", SpendType),
    ("Delivery method", DeliveryMethod),
    ("Route", Route),
)


@dataclass(frozen=True)
class Line:
    """One line of the return: the awards of one combination (or, where a place is None, of
    every value of that dimension), their value in pence and how many households had them."""

    household_type: HouseholdType | None
    spend_type: SpendType | None
    delivery_method: DeliveryMethod | None
    route: Route | None
    value_pence: int
    awards: int
    households: int

    @property
    def labels(self) -> tuple[str, str, str, str]:
        """The four places as the return writes them: a label, or "All"."""
        return (
            self.household_type.label if self.household_type else ALL,
            self.spend_type.label if self.spend_type else ALL,
            self.delivery_method.label if self.delivery_method else ALL,
            self.route.label if self.route else ALL,
        )


@dataclass(frozen=True)
class ReturnFigures:
    """A council's return for a period: every combination, then the totals."""

    council_name: str
    council_slug: str
    period: Period
    # Every combination of the four dimensions, empty ones too, in the department's order,
    # so the layout is the same in every return.
    lines: tuple[Line, ...]
    # By each dimension on its own (household type, spend type, delivery method, route),
    # then the whole return last.
    totals: tuple[Line, ...]
    # Awards made in the period whose money came back to the fund: left out of every line.
    returned_awards: int
    returned_pence: int

    @property
    def total(self) -> Line:
        return self.totals[-1]

    def totals_by(self, dimension: int) -> list[Line]:
        """The totals for one dimension (0 household type ... 3 route), in order."""
        return [
            line
            for line in self.totals[:-1]
            if sum(place is not None for place in _places(line)) == 1
            and _places(line)[dimension] is not None
        ]


def _key(places: Iterable[Any]) -> Key:
    """Four places as a key: the enums' order in DIMENSIONS is the key's."""
    return cast(Key, tuple(places))


def _places(line: Line) -> Key:
    return (line.household_type, line.spend_type, line.delivery_method, line.route)


@dataclass
class _Tally:
    value_pence: int = 0
    awards: int = 0
    households: set[int] = field(default_factory=set)

    def add(self, value_pence: int, household_id: int) -> None:
        self.value_pence += value_pence
        self.awards += 1
        self.households.add(household_id)


def _keys_counted_in(full: Key) -> Iterator[Key]:
    """The line the award belongs to, the four dimension totals it is in, and the whole."""
    yield full
    for index in range(4):
        yield _key(place if i == index else None for i, place in enumerate(full))
    yield (None, None, None, None)


def _one_type_per_household(awards: list[dict[str, Any]]) -> dict[int, HouseholdType]:
    """Each household's type on its latest application in the period, so a household that
    applied twice (and had a birthday between) is counted under one type throughout."""
    types = household_types_of_applications({award["application_id"] for award in awards})
    latest: dict[int, tuple[Any, int]] = {}
    for award in awards:
        mark = (award["application__submitted_at"], award["application_id"])
        household = award["application__household_id"]
        if household not in latest or mark > latest[household]:
            latest[household] = mark
    return {
        household: HouseholdType(types[application_id])
        for household, (_, application_id) in latest.items()
    }


def return_figures(*, council: Council, period: Period) -> ReturnFigures:
    """The return for the council and period, as the cases stand now.

    An award counts in the period it was made (the decision's moment on the UK clock). One
    whose money has come back to the fund (a code that expired unused, a card not collected,
    goods not delivered, a bank payment that bounced) counts nowhere: its value and the award
    are taken off, and shown apart as `returned_*`.
    """
    start, end = period.moments()
    awards = list(
        Award.objects.filter(council=council, created_at__gte=start, created_at__lt=end)
        .order_by("pk")
        .values(
            "application_id",
            "application__household_id",
            "application__submitted_at",
            "application__channel",
            "award_type",
            "value_pence",
            "status",
            *(f"application__{name}" for name in APPLICATION_FIELDS),
        )
    )
    returned = [award for award in awards if award["status"] == AwardStatus.RETURNED]
    counted = [award for award in awards if award["status"] != AwardStatus.RETURNED]
    household_types = _one_type_per_household(counted)
    tallies: dict[Key, _Tally] = defaultdict(_Tally)
    for award in counted:
        household = award["application__household_id"]
        application = {name: award[f"application__{name}"] for name in APPLICATION_FIELDS}
        full: Key = (
            household_types[household],
            spend_type_of(application),
            DELIVERY_METHODS[award["award_type"]],
            route_of(award["application__channel"]),
        )
        for key in _keys_counted_in(full):
            tallies[key].add(award["value_pence"], household)

    def line(key: Key) -> Line:
        tally = tallies.get(key, _Tally())
        return Line(*key, tally.value_pence, tally.awards, len(tally.households))

    every = [list(choices) for _, choices in DIMENSIONS]
    combinations = [_key(places) for places in itertools.product(*every)]
    totals = [
        _key(value if i == index else None for i in range(4))
        for index, values in enumerate(every)
        for value in values
    ]
    return ReturnFigures(
        council_name=council.name,
        council_slug=council.slug,
        period=period,
        lines=tuple(line(key) for key in combinations),
        totals=(*(line(key) for key in totals), line((None, None, None, None))),
        returned_awards=len(returned),
        returned_pence=sum(award["value_pence"] for award in returned),
    )
