"""The public application's questions in order, when each applies, and the answers as an application.

Web and kiosk share these steps. A step is one question page: its form, its template, and a
predicate saying whether it applies given the answers so far. The answers are a plain dict (the
session holds it, and a saved draft), with the names of the steps answered kept beside it.
`application_details` is the one place answers become the ApplicationDetails every channel sends.
"""

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from onestop.councils.models import Council
from onestop.intake.public import forms as f
from onestop.intake.services import ApplicationDetails, Circumstances
from onestop.people.services import AddressDetails, MemberDetails, PersonDetails
from onestop.policy.models import Scheme
from onestop.policy.vocabulary import CrisisReason

NO_FIXED_ADDRESS = "none"  # address_route: "lookup" (from the gazetteer), "manual" or this


@dataclass(frozen=True)
class JourneyContext:
    """What the steps need to know about the council: its open schemes and its gazetteer."""

    council: Council
    schemes: list[Scheme]
    gazetteer: bool


Answers = dict[str, Any]
Predicate = Callable[[Answers, JourneyContext], bool]


def always(answers: Answers, context: JourneyContext) -> bool:
    return True


@dataclass(frozen=True)
class Step:
    name: str  # in the URL, and in the list of steps answered
    title: str | Promise
    form: type[f.StepForm] | None = None
    applies: Predicate = always
    # Whether the page may be opened at all; a step can be reachable without being asked
    # (the postcode page of someone who said they have no fixed address, to change their mind).
    reachable: Predicate | None = None
    view: str = "step"  # the URL name of a step with its own view
    sensitive: bool = False  # shows "Exit this page"
    resets: tuple[str, ...] = ()  # steps to ask again when this answer changes

    def can_open(self, answers: Answers, context: JourneyContext) -> bool:
        return (self.reachable or self.applies)(answers, context)

    @property
    def template(self) -> str:
        return f"intake/public/steps/{self.name}.html"


# Things to buy make sense for these crises; for the others the question is not asked.
ITEM_REASONS = frozenset(
    {
        CrisisReason.FIRE_OR_FLOOD,
        CrisisReason.DOMESTIC_ABUSE,
        CrisisReason.LEAVING_CARE_PRISON_HOSPITAL,
        CrisisReason.SETTING_UP_HOME,
        CrisisReason.STAY_IN_COMMUNITY,
        CrisisReason.OTHER,
    }
)


def _several_schemes(answers: Answers, context: JourneyContext) -> bool:
    return len(context.schemes) > 1


def _has_address(answers: Answers, context: JourneyContext) -> bool:
    return answers.get("address_route") != NO_FIXED_ADDRESS


def _postcode_asked(answers: Answers, context: JourneyContext) -> bool:
    return context.gazetteer and _has_address(answers, context)


def _gazetteer(answers: Answers, context: JourneyContext) -> bool:
    return context.gazetteer


def _lives_with_others(answers: Answers, context: JourneyContext) -> bool:
    return answers.get("lives_with_others") == "yes"


def _needs_items(answers: Answers, context: JourneyContext) -> bool:
    return answers.get("crisis_reason") in ITEM_REASONS


def _rents(answers: Answers, context: JourneyContext) -> bool:
    return answers.get("rents") == "yes" or "receives_housing_support" in answers.get(
        "circumstances", []
    )


def _by_text(answers: Answers, context: JourneyContext) -> bool:
    return answers.get("contact_preference") == "sms"


def _by_email(answers: Answers, context: JourneyContext) -> bool:
    return answers.get("contact_preference") == "email"


# "How should we contact you?" and then the number or the address on a page of its own, rather
# than revealed under the radio: GOV.UK Frontend's reveal puts aria-expanded on the radios,
# which ARIA does not allow there and axe-core reports (govuk-frontend issue 979).
STEPS = [
    Step("scheme", _("What are you applying for?"), f.SchemeForm, applies=_several_schemes),
    Step("what-happened", _("What has happened?"), f.CrisisReasonForm, sensitive=True),
    Step("tell-us-more", _("Tell us more about what has happened"), f.CrisisDetailsForm,
         sensitive=True),
    Step("name", _("What is your name?"), f.NameForm),
    Step("date-of-birth", _("What is your date of birth?"), f.DateOfBirthForm),
    Step("postcode", _("What is your postcode?"), f.PostcodeForm, applies=_postcode_asked,
         reachable=_gazetteer, resets=("address",)),
    Step("address", _("What is your address?"), applies=_has_address, reachable=always,
         view="address"),
    Step("lives-with-others", _("Does anyone else live with you?"), f.LivesWithOthersForm),
    Step("household", _("People who live with you"), applies=_lives_with_others,
         view="household"),
    Step("circumstances", _("Do any of these apply to you or anyone you live with?"),
         f.CircumstancesForm),
    Step("items", _("Do you need any of these things?"), f.ItemsForm, applies=_needs_items),
    Step("income", _("How much money does your household get each week?"), f.IncomeForm),
    Step("housing-costs", _("How much do you pay each week for rent or a mortgage?"),
         f.HousingCostsForm),
    Step("renting", _("Do you rent your home?"), f.RentingForm),
    Step("rent", _("Your rent"), f.RentForm, applies=_rents),
    Step("savings", _("How much do you have in savings?"), f.SavingsForm),
    Step("contact", _("How should we contact you?"), f.ContactForm),
    Step("mobile", _("What is your mobile phone number?"), f.MobileForm, applies=_by_text),
    Step("email", _("What is your email address?"), f.EmailForm, applies=_by_email),
    Step("consent", _("Using your information"), f.ConsentForm),
]  # fmt: skip
STEP_BY_NAME = {step.name: step for step in STEPS}


def is_answered(step: Step, answers: Answers, done: set[str], context: JourneyContext) -> bool:
    if step.name not in done:
        return False
    if step.name == "scheme":  # a scheme that has closed since must be chosen again
        return answers.get("scheme") in {s.pk for s in context.schemes}
    return True


def first_unanswered(
    answers: Answers, done: set[str], context: JourneyContext, *, before: Step | None = None
) -> Step | None:
    """The first step that applies and is not answered (only among those before `before`)."""
    for step in STEPS:
        if step is before:
            return None
        if step.applies(answers, context) and not is_answered(step, answers, done, context):
            return step
    return None


def previous_step(step: Step, answers: Answers, context: JourneyContext) -> Step | None:
    earlier = STEPS[: STEPS.index(step)]
    asked = [s for s in earlier if s.applies(answers, context)]
    return asked[-1] if asked else None


def scheme_chosen(answers: Answers, context: JourneyContext) -> Scheme | None:
    if len(context.schemes) == 1:
        return context.schemes[0]
    return next((s for s in context.schemes if s.pk == answers.get("scheme")), None)


def _date(text: str) -> datetime.date:
    return datetime.date.fromisoformat(text)


def address_given(answers: Answers) -> AddressDetails:
    if answers.get("address_route") == NO_FIXED_ADDRESS:
        # Where we can reach them, in their words; the address never blocks an application.
        reach = " ".join((answers.get("contact_address") or "").split())[:200]
        return AddressDetails(
            address_line_1=reach or "No fixed address",
            address_line_2="",
            town="",
            postcode="",
            no_fixed_address=True,
        )
    return AddressDetails(
        address_line_1=answers["address_line_1"],
        address_line_2=answers.get("address_line_2", ""),
        town=answers["town"],
        postcode=answers["postcode"],
        uprn=answers.get("uprn", "") if answers.get("address_route") == "lookup" else "",
        ward=answers.get("ward", "") if answers.get("address_route") == "lookup" else "",
    )


def members_given(answers: Answers) -> list[MemberDetails]:
    return [
        MemberDetails(
            first_name=m["first_name"],
            last_name=m["last_name"],
            date_of_birth=_date(m["date_of_birth"]),
            relationship=m["relationship"],
        )
        for m in answers.get("members", [])
    ]


def application_details(
    *, answers: Answers, context: JourneyContext, channel: str, language: str
) -> ApplicationDetails:
    """The answers of a finished journey as the application every channel submits.

    Answers to steps that no longer apply (a rent question after saying they do not rent) are
    left out, so what is sent is what the check answers page showed.
    """
    asked = {step.name for step in STEPS if step.applies(answers, context)}
    scheme = scheme_chosen(answers, context)
    if scheme is None:
        raise ValueError("No scheme chosen")
    ticked = set(answers.get("circumstances", []))
    if "items" in asked:
        ticked |= set(answers.get("items_needed", []))
    renting = "rent" in asked
    return ApplicationDetails(
        scheme=scheme,
        channel=channel,
        applicant=PersonDetails(
            first_name=answers["first_name"],
            last_name=answers["last_name"],
            date_of_birth=_date(answers["date_of_birth"]),
            phone=answers.get("phone", "") if "mobile" in asked else "",
            email=answers.get("email", "") if "email" in asked else "",
            contact_preference=answers["contact_preference"],
            language=language,
        ),
        address=address_given(answers),
        members=members_given(answers) if "household" in asked else [],
        crisis_reason=answers["crisis_reason"],
        crisis_details=answers.get("crisis_details", ""),
        weekly_income_pence=answers["weekly_income"],
        weekly_housing_costs_pence=answers["weekly_housing_costs"],
        savings_pence=answers["savings"],
        consent_given=bool(answers.get("consent")),
        circumstances=Circumstances(
            **{name: name in ticked for name, _label in [*f.CIRCUMSTANCES, *f.ITEMS]},
            weekly_rent_shortfall_pence=(answers.get("weekly_rent_shortfall") or 0)
            if renting
            else 0,
            rent_arrears_pence=(answers.get("rent_arrears") or 0) if renting else 0,
        ),
    )
