"""Finding one person's records with the shipped Splink model: every pair in a set (dedupe),
and one record against a few candidates (score_against, the check on each application)."""

from collections import defaultdict
from dataclasses import dataclass

import pytest

from onestop.people.linkage import model as linkage_model
from onestop.people.linkage.dedupe import DedupeResult, ScoredPair, dedupe, records_table
from onestop.people.linkage.legacy_file import legacy_records
from onestop.people.linkage.records import Record, person_record
from onestop.people.linkage.score import score_against
from onestop.people.linkage.synthetic import synthetic_people, true_pairs

THRESHOLD = 0.9
SECRET = "test-secret"

# Hand-made people, numbered clear of the synthetic rows (0 upwards).
WILLIAM, BILL = 10_001, 10_002
AMARA, CHIDI, TOBI, ZARA = 10_011, 10_012, 10_013, 10_014
HARRIET, GEORGINA = 10_021, 10_022
HOUSEHOLD = (AMARA, CHIDI, TOBI, ZARA)
TWINS = (HARRIET, GEORGINA)


def _person(unique_id: int, first_name: str, surname: str, born: str, **home: str) -> Record:
    return person_record(
        unique_id=unique_id,
        first_name=first_name,
        surname=surname,
        date_of_birth=born,
        secret=SECRET,
        **home,
    )


def hand_made() -> dict[int, Record]:
    mill_lane = {"postcode": "NB1 2AB", "address_line_1": "14 Mill Lane", "uprn": "100012345678"}
    the_row = {
        "postcode": "NB2 4CD",
        "address_line_1": "3 The Row",
        "uprn": "100012349999",
        "phone": "07700 900555",
    }
    quay_street = {"postcode": "NB3 5EF", "address_line_1": "7 Quay Street"}
    records = [
        # One man, recorded once as William and once as Bill with the day's digits swapped,
        # the second time typed in by hand (no UPRN, no phone).
        _person(WILLIAM, "William", "Hartley", "1984-03-12", phone="07700 900101", **mill_lane),
        _person(
            BILL, "Bill", "Hartley", "1984-03-21", postcode="NB1 2AB", address_line_1="14 Mill Lane"
        ),
        # A family: one home, one phone, one surname; different first names and birthdays.
        _person(AMARA, "Amara", "Okafor", "1979-05-02", **the_row),
        _person(CHIDI, "Chidi", "Okafor", "1981-11-23", **the_row),
        _person(TOBI, "Tobi", "Okafor", "2012-08-14", **the_row),
        _person(ZARA, "Zara", "Okafor", "2015-01-30", **the_row),
        # Twins: one home, one surname, one birthday.
        _person(HARRIET, "Harriet", "Ellis", "2001-06-09", **quay_street),
        _person(GEORGINA, "Georgina", "Ellis", "2001-06-09", **quay_street),
    ]
    return {record["unique_id"]: record for record in records}


@dataclass(frozen=True)
class Found:
    rows: list[dict[str, str]]
    result: DedupeResult

    def pair(self, first: int, second: int) -> ScoredPair | None:
        left, right = sorted((first, second))
        return next((p for p in self.result.pairs if (p.left, p.right) == (left, right)), None)


@pytest.fixture(scope="module")
def found() -> Found:
    rows = synthetic_people(count=300, seed=7005)
    records = [*legacy_records(rows, secret=SECRET), *hand_made().values()]
    return Found(rows=rows, result=dedupe(records_table(records), threshold=THRESHOLD))


def test_a_person_recorded_again_with_a_short_name_and_two_digits_swapped_is_found(
    found: Found,
) -> None:
    pair = found.pair(WILLIAM, BILL)

    assert pair is not None
    assert pair.match_probability >= THRESHOLD
    assert pair.evidence["first_name"] == "One is a short form of the other, like Bill and William"
    assert pair.evidence["dob"] == "One digit different or two digits swapped"
    assert pair.evidence["surname"] == linkage_model.SAME
    assert pair.evidence["phone"] == linkage_model.NOT_KNOWN


def test_a_household_sharing_a_home_phone_and_surname_is_not_one_person(found: Found) -> None:
    paired = {
        (pair.left, pair.right)
        for pair in found.result.pairs
        if pair.left in HOUSEHOLD or pair.right in HOUSEHOLD
    }

    assert paired == set()
    assert len({found.result.clusters[member] for member in HOUSEHOLD}) == len(HOUSEHOLD)


def test_twins_are_not_one_person(found: Found) -> None:
    assert found.pair(*TWINS) is None


def test_the_pair_is_one_cluster_named_by_its_smallest_record(found: Found) -> None:
    clusters = found.result.clusters

    assert clusters[WILLIAM] == clusters[BILL] == WILLIAM
    members: dict[int, list[int]] = defaultdict(list)
    for unique_id, cluster in clusters.items():
        members[cluster].append(unique_id)
    assert all(cluster == min(ids) for cluster, ids in members.items())
    assert len(clusters) == len(found.rows) + len(hand_made())


def test_the_synthetic_duplicates_are_found_and_few_strangers_paired(found: Found) -> None:
    person_id = {number: row["person_id"] for number, row in enumerate(found.rows)}
    expected = true_pairs(found.rows)
    paired = {
        tuple(sorted((person_id[pair.left], person_id[pair.right])))
        for pair in found.result.pairs
        if pair.left in person_id and pair.right in person_id
    }

    right = len(paired & expected)
    assert expected
    assert right / len(expected) >= 0.9  # recall
    assert right / len(paired) >= 0.9  # precision


def test_each_pair_is_ordered_above_the_threshold_with_every_detail_labelled(
    found: Found,
) -> None:
    labels = linkage_model.model_load()
    comparisons = [c["output_column_name"] for c in labels["comparisons"]]

    assert found.result.pairs
    for pair in found.result.pairs:
        assert pair.left < pair.right
        assert pair.match_probability >= THRESHOLD
        assert list(pair.evidence) == comparisons
        assert all(pair.evidence.values()), pair.evidence


def test_a_few_hundred_records_use_the_shipped_model_as_it_is(found: Found) -> None:
    shipped = linkage_model.model_load()

    assert found.result.trained_on_records is False
    assert (
        found.result.model["probability_two_random_records_match"]
        == shipped["probability_two_random_records_match"]
    )


def test_a_higher_threshold_keeps_only_the_surer_pairs(found: Found) -> None:
    records = [*legacy_records(found.rows, secret=SECRET), *hand_made().values()]

    surer = dedupe(records_table(records), threshold=0.999)

    assert {(p.left, p.right) for p in surer.pairs} == {
        (p.left, p.right) for p in found.result.pairs if p.match_probability >= 0.999
    }


def test_asked_to_train_it_fits_the_population_to_the_records() -> None:
    rows = synthetic_people(count=300, seed=7005)

    result = dedupe(
        records_table(legacy_records(rows, secret=SECRET)), threshold=THRESHOLD, train=True
    )

    shipped = linkage_model.model_load()
    assert result.trained_on_records is True
    # In a few hundred people a pair is far likelier to be one person than in 100,000.
    assert (
        result.model["probability_two_random_records_match"]
        > shipped["probability_two_random_records_match"]
    )
    assert result.pairs


# One record against a few candidates -------------------------------------------------------


@pytest.fixture(scope="module")
def shipped_model() -> dict:
    return linkage_model.model_load()


def test_no_candidates_no_scores(shipped_model: dict) -> None:
    assert score_against(hand_made()[BILL], [], model=shipped_model) == []


def test_the_same_person_scores_above_strangers_most_likely_first(shipped_model: dict) -> None:
    people = hand_made()
    candidates = [people[AMARA], people[CHIDI], people[WILLIAM], people[TOBI]]

    scored = score_against(people[BILL], candidates, model=shipped_model)

    assert next((pair.left, pair.right) for pair in scored) == (WILLIAM, BILL)
    assert scored[0].match_probability >= THRESHOLD
    assert len(scored) == 4
    assert all(pair.match_probability < THRESHOLD for pair in scored[1:])
    weights = [pair.match_weight for pair in scored]
    assert weights == sorted(weights, reverse=True)


def test_a_household_member_is_not_scored_as_the_applicant(shipped_model: dict) -> None:
    people = hand_made()

    scored = score_against(
        people[AMARA], [people[CHIDI], people[TOBI], people[ZARA]], model=shipped_model
    )

    assert len(scored) == 3
    assert all(pair.match_probability < THRESHOLD for pair in scored)
    assert all(pair.evidence["home"] == "Same home" for pair in scored)


def test_a_twin_is_not_scored_as_the_other(shipped_model: dict) -> None:
    people = hand_made()

    (pair,) = score_against(people[HARRIET], [people[GEORGINA]], model=shipped_model)

    assert pair.match_probability < THRESHOLD


def test_scoring_one_pair_agrees_with_finding_it_among_everyone(
    found: Found, shipped_model: dict
) -> None:
    people = hand_made()

    (scored,) = score_against(people[BILL], [people[WILLIAM]], model=shipped_model)

    in_dedupe = found.pair(WILLIAM, BILL)
    assert in_dedupe is not None
    assert (scored.left, scored.right) == (WILLIAM, BILL)
    assert scored.match_weight == pytest.approx(in_dedupe.match_weight)
    assert scored.evidence == in_dedupe.evidence


def test_scoring_again_gives_the_same_answer(shipped_model: dict) -> None:
    people = hand_made()
    candidates = [people[WILLIAM], people[AMARA]]

    first = score_against(people[BILL], candidates, model=shipped_model)
    second = score_against(people[BILL], candidates, model=shipped_model)

    assert first == second


def test_next_door_is_not_the_same_home(shipped_model: dict) -> None:
    home = {"postcode": "NB1 2AB", "address_line_1": "12 Mill Lane"}
    next_door = {"postcode": "NB1 2AB", "address_line_1": "14 Mill Lane"}

    (pair,) = score_against(
        _person(1, "Amara", "Smith", "1990-03-14", **home),
        [_person(2, "Zoe", "Smith", "1962-07-01", **next_door)],
        model=shipped_model,
    )

    assert pair.evidence["home"] != "Same home"
