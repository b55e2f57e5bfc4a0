"""A small synthetic Open Referral UK feed of a town's support services, for the demo.

`python -m onestop.directory.sample_data.support_services` writes the one beside this module
(support_services.json, for the town of Northbridge); `sample_feed(...)` makes one for any town.
Organisations, addresses and phone numbers are made up (numbers from Ofcom's drama ranges).
"""

import json
import sys
import uuid
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from onestop.councils.models import Council
    from onestop.directory.services import DirectoryLoaded

SAMPLE_FILE = Path(__file__).with_name("support_services.json")
TAXONOMY_NAME = "onestop needs"

# (code, name, description): the needs a crisis support team refers people on for.
NEEDS = (
    ("food", "Food", "Food parcels, community larders and meals"),
    ("debt", "Debt advice", "Free, independent help with debts and creditors"),
    ("energy", "Energy and fuel", "Help with energy bills, prepayment meters and keeping warm"),
    ("housing", "Housing and homelessness", "Help to keep a home or find somewhere to live"),
    ("benefits", "Benefits", "Checking entitlement and help to claim"),
    ("advice", "General advice", "Advice on money, work, housing and rights"),
)


def _id(town: str, kind: str, name: str) -> str:
    # The same town always gets the same ids, so loading the feed again changes nothing.
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"https://onestop.example/{town}/{kind}/{name}"))


def sample_feed(*, town: str, council_name: str, postcode_area: str = "NB") -> dict[str, Any]:
    """The feed: six services for the usual onward needs, and one closed service (inactive)."""
    taxonomy_id = _id(town, "taxonomy", TAXONOMY_NAME)
    terms = {
        code: {
            "id": _id(town, "term", code),
            "code": code,
            "name": name,
            "description": description,
            "taxonomy_id": taxonomy_id,
            "taxonomy": TAXONOMY_NAME,
        }
        for code, name, description in NEEDS
    }

    def organization(name: str, description: str, website: str = "") -> dict[str, Any]:
        record = {"id": _id(town, "organization", name), "name": name, "description": description}
        if website:
            record["website"] = website
        return record

    def place(name: str, street: str, postcode: str, lat: float, lon: float) -> dict[str, Any]:
        location_id = _id(town, "location", name)
        return {
            "id": location_id,
            "location_type": "physical",
            "name": name,
            "latitude": lat,
            "longitude": lon,
            "addresses": [
                {
                    "id": _id(town, "address", name),
                    "address_1": street,
                    "city": town,
                    "state_province": "",
                    "postal_code": f"{postcode_area}{postcode}",
                    "country": "GB",
                    "address_type": "physical",
                }
            ],
        }

    def service(
        name: str,
        description: str,
        org: dict[str, Any],
        needs: list[str],
        *,
        at: dict[str, Any] | None,
        phone: str,
        email: str = "",
        url: str = "",
        opening: tuple[str, str, str] | None = None,
        status: str = "active",
    ) -> dict[str, Any]:
        service_id = _id(town, "service", name)
        record: dict[str, Any] = {
            "id": service_id,
            "name": name,
            "description": description,
            "status": status,
            "organization": org,
            "phones": [{"id": _id(town, "phone", name), "number": phone}],
            "attributes": [
                {
                    "id": _id(town, "attribute", f"{name}/{need}"),
                    "link_type": "need",
                    "taxonomy_term_id": terms[need]["id"],
                }
                for need in needs
            ],
            "contacts": [
                {"id": _id(town, "contact", name), "title": "Duty adviser", "email": email}
                if email
                else {"id": _id(town, "contact", name), "title": "Duty adviser"}
            ],
        }
        if email:
            record["email"] = email
        if url:
            record["url"] = url
        if at is not None:
            record["service_at_locations"] = [
                {"id": _id(town, "service_at_location", name), "location_id": at["id"]}
            ]
        if opening:
            byday, opens, closes = opening
            record["schedules"] = [
                {
                    "id": _id(town, "schedule", name),
                    "freq": "WEEKLY",
                    "byday": byday,
                    "opens_at": opens,
                    "closes_at": closes,
                    "description": f"Open {byday} {opens} to {closes}",
                }
            ]
        return record

    food_bank = organization(
        f"{town} Food Bank", f"A charity giving emergency food parcels across {town}."
    )
    advice = organization(
        f"Citizens Advice {town}",
        "Free, confidential and impartial advice on money, benefits, housing and work.",
        f"https://citizensadvice.{town.lower()}.example",
    )
    warm = organization(f"{town} Warm Homes Trust", "A charity helping households keep warm.")
    money = organization(f"Money Matters {town}", "A free debt advice charity.")
    council = organization(council_name, f"The council for {town}.")
    church_hall = place("St Mark's Church Hall", "12 Chapel Street", "1 4AB", 53.4801, -2.2421)
    advice_centre = place("Advice Centre", "3 Market Square", "1 2DE", 53.4812, -2.2398)
    civic_centre = place("Civic Centre", "1 Town Hall Way", "2 8EF", 53.4712, -2.2501)
    services = [
        service(
            f"{town} Food Bank parcels",
            "Three days of emergency food for people referred by an adviser or the council.",
            food_bank,
            ["food"],
            at=church_hall,
            phone="01632 960 101",
            opening=("TU,TH,SA", "10:00", "13:00"),
        ),
        service(
            "Advice line",
            "Advice by phone on money, benefits, housing and work.",
            advice,
            ["advice", "debt", "housing"],
            at=advice_centre,
            phone="01632 960 202",
            email=f"advice@citizensadvice.{town.lower()}.example",
            url=f"https://citizensadvice.{town.lower()}.example/advice-line",
            opening=("MO,TU,WE,TH,FR", "09:30", "16:30"),
        ),
        service(
            "Benefits check",
            "A full benefits check, and help to claim what you are entitled to.",
            advice,
            ["benefits"],
            at=advice_centre,
            phone="01632 960 203",
        ),
        service(
            "Energy advice",
            "Help with energy debt, prepayment meters, grants and keeping warm.",
            warm,
            ["energy"],
            at=None,
            phone="01632 960 303",
            opening=("MO,WE,FR", "09:00", "17:00"),
        ),
        service(
            "Debt advice",
            "Free debt advice: a plan for your debts, and dealing with creditors for you.",
            money,
            ["debt"],
            at=None,
            phone="01632 960 404",
            email=f"help@moneymatters.{town.lower()}.example",
        ),
        service(
            "Housing options",
            "Help if you are homeless or might lose your home, from the council's housing team.",
            council,
            ["housing"],
            at=civic_centre,
            phone="01632 960 505",
            opening=("MO,TU,WE,TH,FR", "09:00", "17:00"),
        ),
        service(
            "Winter fuel fund",
            "Closed for this year: see Energy advice instead.",
            warm,
            ["energy"],
            at=None,
            phone="01632 960 304",
            status="inactive",
        ),
    ]
    return {
        "taxonomies": [
            {
                "id": taxonomy_id,
                "name": TAXONOMY_NAME,
                "description": "The needs onestop refers people on for.",
            }
        ],
        "taxonomy_terms": list(terms.values()),
        "locations": [church_hall, advice_centre, civic_centre],
        "services": services,
    }


def sample_directory_load(*, council: "Council") -> "DirectoryLoaded":
    """Load a demo council's sample directory (the seed calls this for each council), in the
    same postcode area as its sample address list."""
    from onestop.directory.services import directory_load
    from onestop.people.sample_gazetteer import SAMPLE_AREAS

    town, _, area, _ = SAMPLE_AREAS.get(council.slug, (council.name, "", "NB", ()))
    feed = sample_feed(town=town, council_name=council.name, postcode_area=area)
    return directory_load(actor=None, council=council, data=feed, source=SAMPLE_FILE.name)


def main() -> None:
    feed = sample_feed(town="Northbridge", council_name="Northbridge City Council")
    SAMPLE_FILE.write_text(json.dumps(feed, indent=2) + "\n", encoding="utf-8")
    sys.stdout.write(f"Wrote {SAMPLE_FILE}\n")


if __name__ == "__main__":
    main()
