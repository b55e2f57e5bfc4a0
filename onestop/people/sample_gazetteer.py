"""A small synthetic address gazetteer for each demo council, so the demo can check residency.

The CSV files under `sample_data/` were made by `python -m onestop.people.sample_gazetteer`:
Faker's en_GB street names, made-up UPRNs from 9000, and postcodes in areas that do not exist
(NB for Northbridge, GM for Glenmoor) but are valid in form, one outward code per ward. The
wards are the districts the demo seed gives its applicants.
"""

import csv
import io
import random
from pathlib import Path
from typing import TYPE_CHECKING

from faker import Faker

from onestop.people.gazetteer_file import EXAMPLE_HEADER, gazetteer_file_open

if TYPE_CHECKING:  # so that `python -m` can write the files without Django
    from onestop.councils.models import Council
    from onestop.people.services import GazetteerLoad

SAMPLE_DATA = Path(__file__).parent / "sample_data"
# Council slug -> (town, UPRN prefix, outward code letters, wards): wards as onestop.seed names
# its districts, with "<town> Central" for the applicants it gives no district.
SAMPLE_AREAS = {
    "northbridge": (
        "Northbridge",
        "90010",
        "NB",
        ("Eastgate", "Millfield", "St Anne's", "Riverside", "Hollins Park", "Northbridge Central"),
    ),
    "glenmoor": (
        "Glenmoor",
        "90020",
        "GM",
        ("Kirkton", "Burnside", "Netherbank", "Craigend", "Glenmoor Central"),
    ),
}
POSTCODES_PER_WARD = 4
# Postcodes' last two letters never use C, I, K, M, O or V.
INWARD_LETTERS = "ABDEFGHJLNPQRSTUWXYZ"


def sample_gazetteer_path(slug: str) -> Path:
    return SAMPLE_DATA / f"{slug}.csv"


def sample_gazetteer_load(*, council: "Council") -> "GazetteerLoad":
    """Load the demo council's sample address list (the seed calls this for each council)."""
    from onestop.core.errors import ServiceError
    from onestop.people.services import gazetteer_load

    path = sample_gazetteer_path(council.slug)
    if not path.is_file():
        raise ServiceError(f"There is no sample address list for the council '{council.slug}'.")
    with gazetteer_file_open(str(path)) as lines:
        return gazetteer_load(actor=None, council=council, lines=lines, source=path.name)


def sample_gazetteer_text(slug: str, *, seed: int = 2026) -> str:
    """The sample CSV for one demo council: the same text for the same seed."""
    town, uprn_prefix, area, wards = SAMPLE_AREAS[slug]
    fake = Faker("en_GB")
    fake.seed_instance(seed)
    rng = random.Random(f"{seed}-{slug}")  # noqa: S311 - sample data, not secrets
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(EXAMPLE_HEADER.split(","))
    serial = 0
    for district_number, ward in enumerate(wards, start=1):
        inwards: set[str] = set()
        while len(inwards) < POSTCODES_PER_WARD:
            inwards.add(
                f"{rng.randint(1, 9)}{rng.choice(INWARD_LETTERS)}{rng.choice(INWARD_LETTERS)}"
            )
        for inward in sorted(inwards):
            postcode = f"{area}{district_number} {inward}"
            street = fake.unique.street_name()
            for number in range(1, rng.randint(8, 16) + 1):
                serial += 1
                line_1 = f"{number} {street}"
                if rng.random() < 0.15:  # a house split into flats
                    line_1 = f"Flat {rng.randint(1, 4)}, {line_1}"
                locality = "" if ward.endswith("Central") else ward
                uprn = f"{uprn_prefix}{serial:07d}"
                writer.writerow([uprn, line_1, locality, town, postcode, ward])
    return out.getvalue()


def main() -> None:
    """Write the sample files again (only needed if the areas above change)."""
    SAMPLE_DATA.mkdir(exist_ok=True)
    for slug in SAMPLE_AREAS:
        path = sample_gazetteer_path(slug)
        path.write_text(sample_gazetteer_text(slug), encoding="utf-8")
        print(f"{path}: {path.read_text(encoding='utf-8').count(chr(10)) - 1} addresses")


if __name__ == "__main__":
    main()
