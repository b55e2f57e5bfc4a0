"""The demo councils' sample address lists load whole, and are what the generator writes."""

import pytest

from onestop.core.errors import ServiceError
from onestop.people.models import GazetteerAddress
from onestop.people.sample_gazetteer import (
    SAMPLE_AREAS,
    sample_gazetteer_load,
    sample_gazetteer_path,
    sample_gazetteer_text,
)
from onestop.people.selectors import addresses_for_postcode, residency_of
from onestop.people.services import household_record
from tests.factories import address_details, make_council, person_details


@pytest.mark.parametrize("slug", sorted(SAMPLE_AREAS))
def test_each_sample_file_is_the_generators_output(slug: str) -> None:
    assert sample_gazetteer_path(slug).read_text(encoding="utf-8") == sample_gazetteer_text(slug)


@pytest.mark.django_db
@pytest.mark.parametrize("slug", sorted(SAMPLE_AREAS))
def test_a_demo_council_loads_a_few_hundred_addresses_in_its_wards(slug: str) -> None:
    council = make_council(slug=slug)

    loaded = sample_gazetteer_load(council=council)

    assert 200 <= loaded.added <= 400
    town, _, _, wards = SAMPLE_AREAS[slug]
    stored = GazetteerAddress.objects.filter(council=council)
    assert set(stored.values_list("ward", flat=True)) == set(wards)
    assert set(stored.values_list("town", flat=True)) == {town}
    picked = stored.first()
    assert picked is not None
    assert picked in addresses_for_postcode(council=council, postcode=picked.postcode.lower())
    _, household, _ = household_record(
        council=council,
        applicant=person_details(),
        address=address_details(uprn=picked.uprn),
        members=[],
    )
    assert residency_of(household=household).startswith("Confirmed: address UPRN")


@pytest.mark.django_db
def test_a_council_without_a_sample_is_told_so() -> None:
    with pytest.raises(ServiceError, match="no sample address list"):
        sample_gazetteer_load(council=make_council(slug="elsewhere"))
