"""Record people and households, matching exact keys so a known person is not created twice.

Probabilistic matching and duplicate flags (Splink) arrive with the one-stop shop issue; until
then only an exact match on name and date of birth (and on address for the household) reuses a
record, which never merges two different people.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from onestop.core.postcodes import normalise_postcode
from onestop.councils.models import Council
from onestop.people.models import Household, HouseholdMember, Person, Relationship


@dataclass(frozen=True)
class PersonDetails:
    first_name: str
    last_name: str
    date_of_birth: datetime.date
    phone: str = ""
    email: str = ""
    contact_preference: str = "sms"
    language: str = "en"


@dataclass(frozen=True)
class MemberDetails:
    first_name: str
    last_name: str
    date_of_birth: datetime.date
    relationship: str


@dataclass(frozen=True)
class AddressDetails:
    address_line_1: str
    address_line_2: str
    town: str
    postcode: str
    uprn: str = ""
    ward: str = ""
    no_fixed_address: bool = False


def _person_match_or_create(
    *, council: Council, first_name: str, last_name: str, date_of_birth: datetime.date
) -> Person:
    existing = Person.objects.filter(
        council=council,
        first_name__iexact=first_name.strip(),
        last_name__iexact=last_name.strip(),
        date_of_birth=date_of_birth,
    ).first()
    if existing:
        return existing
    return Person.objects.create(
        council=council,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
        date_of_birth=date_of_birth,
    )


@transaction.atomic
def household_record(
    *,
    council: Council,
    applicant: PersonDetails,
    address: AddressDetails,
    members: list[MemberDetails],
) -> tuple[Person, Household, list[Person]]:
    """The applicant, their household, and the other members in the order given."""
    person = _person_match_or_create(
        council=council,
        first_name=applicant.first_name,
        last_name=applicant.last_name,
        date_of_birth=applicant.date_of_birth,
    )
    # Contact details and preferences are the applicant's latest word.
    person.phone = applicant.phone
    person.email = applicant.email
    person.contact_preference = applicant.contact_preference
    person.language = applicant.language
    person.save()

    postcode = normalise_postcode(address.postcode)
    household = Household.objects.filter(
        council=council, postcode=postcode, address_line_1__iexact=address.address_line_1.strip()
    ).first() or Household.objects.create(
        council=council,
        address_line_1=address.address_line_1.strip(),
        address_line_2=address.address_line_2.strip(),
        town=address.town.strip(),
        postcode=postcode,
        uprn=address.uprn,
        ward=address.ward,
    )
    HouseholdMember.objects.get_or_create(
        council=council,
        household=household,
        person=person,
        defaults={"relationship": Relationship.APPLICANT},
    )
    member_people = []
    for member in members:
        member_person = _person_match_or_create(
            council=council,
            first_name=member.first_name,
            last_name=member.last_name,
            date_of_birth=member.date_of_birth,
        )
        HouseholdMember.objects.get_or_create(
            council=council,
            household=household,
            person=member_person,
            defaults={"relationship": member.relationship},
        )
        member_people.append(member_person)
    return person, household, member_people
