"""The check answers page's summary lists: every answer that will be sent, with a Change link."""

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from onestop.core.formatting import govuk_date, pounds
from onestop.intake.public import forms as f
from onestop.intake.public.journey import Journey
from onestop.intake.public.steps import NO_FIXED_ADDRESS, STEP_BY_NAME, scheme_chosen

Row = dict[str, Any]


@dataclass(frozen=True)
class Section:
    heading: str
    rows: list[Row]


def _labels(choices: Sequence[tuple[str, Any]], values: list[str]) -> list[str]:
    names = dict(choices)
    return [str(names[v]) for v in values if v in names]


def _lines(lines: list[str]) -> dict[str, Any]:
    """Several lines in one answer: a list the template escapes, shown one line each."""
    return {"lines": [line for line in lines if line]}


def _row(key: str, value: str | dict[str, Any], href: str, hidden: str) -> Row:
    return {
        "key": key,
        "value": value if isinstance(value, dict) else {"lines": [value]},
        "href": href,
        "hidden": hidden,
    }


def _date(text: str) -> str:
    return govuk_date(datetime.date.fromisoformat(text))


def check_sections(journey: Journey) -> list[Section]:
    a, context = journey.answers, journey.context
    asked = {s.name for s in STEP_BY_NAME.values() if s.applies(a, context)}

    def link(step: str) -> str:
        return journey.step_url(STEP_BY_NAME[step])

    application: list[Row] = []
    scheme = scheme_chosen(a, context)
    if "scheme" in asked and scheme:
        application.append(
            _row(_("Applying for"), scheme.name, link("scheme"), _("what you are applying for"))
        )
    application.append(
        _row(
            _("What has happened"),
            " ".join(_labels(f.CRISIS_REASONS, [a["crisis_reason"]])),
            link("what-happened"),
            _("what has happened"),
        )
    )
    application.append(
        _row(
            _("More about what has happened"),
            _lines((a.get("crisis_details") or _("Not given")).splitlines()),
            link("tell-us-more"),
            _("more about what has happened"),
        )
    )

    you: list[Row] = [
        _row(_("Name"), f"{a['first_name']} {a['last_name']}", link("name"), _("your name")),
        _row(
            _("Date of birth"),
            _date(a["date_of_birth"]),
            link("date-of-birth"),
            _("your date of birth"),
        ),
    ]
    if a.get("address_route") == NO_FIXED_ADDRESS:
        address = _lines([_("No fixed address"), a.get("contact_address", "")])
    else:
        address = _lines(
            [
                a.get("address_line_1", ""),
                a.get("address_line_2", ""),
                a.get("town", ""),
                a.get("postcode", ""),
            ]
        )
    you.append(_row(_("Address"), address, link("address"), _("your address")))
    by_email = a.get("contact_preference") == "email"
    you.append(
        _row(
            _("How we contact you"),
            _("Email") if by_email else _("Text message"),
            link("contact"),
            _("how we contact you"),
        )
    )
    if by_email:
        you.append(
            _row(_("Email address"), a.get("email", ""), link("email"), _("your email address"))
        )
    else:
        you.append(
            _row(
                _("Mobile phone number"),
                a.get("phone", ""),
                link("mobile"),
                _("your mobile phone number"),
            )
        )

    household: list[Row] = [
        _row(
            _("Anyone else living with you"),
            _("Yes") if a.get("lives_with_others") == "yes" else _("No"),
            link("lives-with-others"),
            _("whether anyone else lives with you"),
        )
    ]
    if "household" in asked:
        relationships = dict(f.RELATIONSHIPS)
        for n, member in enumerate(a.get("members", [])):
            name = f"{member['first_name']} {member['last_name']}"
            household.append(
                _row(
                    name,
                    _lines(
                        [
                            str(relationships.get(member["relationship"], "")),
                            _("Born %(date)s") % {"date": _date(member["date_of_birth"])},
                        ]
                    ),
                    journey.url("person_change", index=n),
                    name,
                )
            )

    circumstances = _labels(f.CIRCUMSTANCES, a.get("circumstances", []))
    situation: list[Row] = [
        _row(
            _("Circumstances"),
            _lines(circumstances or [_("None of these")]),
            link("circumstances"),
            _("your circumstances"),
        )
    ]
    if "items" in asked:
        items = _labels(f.ITEMS, a.get("items_needed", []))
        situation.append(
            _row(
                _("Things you need"),
                _lines(items or [_("None of these")]),
                link("items"),
                _("the things you need"),
            )
        )

    money: list[Row] = [
        _row(
            _("Weekly household income"),
            pounds(a["weekly_income"]),
            link("income"),
            _("your weekly household income"),
        ),
        _row(
            _("Weekly rent or mortgage"),
            pounds(a["weekly_housing_costs"]),
            link("housing-costs"),
            _("your weekly rent or mortgage"),
        ),
        _row(
            _("Renting your home"),
            _("Yes") if a.get("rents") == "yes" else _("No"),
            link("renting"),
            _("whether you rent your home"),
        ),
    ]
    if "rent" in asked:
        money.append(
            _row(
                _("Rent not covered each week"),
                pounds(a.get("weekly_rent_shortfall") or 0),
                link("rent"),
                _("rent not covered each week"),
            )
        )
        money.append(
            _row(
                _("Rent you owe"),
                pounds(a.get("rent_arrears") or 0),
                link("rent"),
                _("rent you owe"),
            )
        )
    money.append(_row(_("Savings"), pounds(a["savings"]), link("savings"), _("your savings")))

    return [
        Section(_("Your application"), application),
        Section(_("About you"), you),
        Section(_("People who live with you"), household),
        Section(_("Your circumstances"), situation),
        Section(_("Money"), money),
    ]
