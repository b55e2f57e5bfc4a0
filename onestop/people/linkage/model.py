"""The matching model: what Splink compares between two person records, how candidate pairs are
found, how the model is trained, and where a trained model is kept.

Each comparison has levels from "agrees exactly" down to "disagrees"; Splink learns how much
each level says about two records being one person (the Fellegi-Sunter model) and adds the
evidence up into a match weight and a probability. docs/linkage.md explains each comparison.
"""

import functools
import json
import logging
from pathlib import Path
from typing import Any

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

SHIPPED_MODEL = Path(__file__).with_name("model.json")
logger = logging.getLogger(__name__)

_DAY_MONTH_SWAPPED = (
    "substr(dob_l, 1, 4) = substr(dob_r, 1, 4)"
    " AND substr(dob_l, 6, 2) = substr(dob_r, 9, 2)"
    " AND substr(dob_l, 9, 2) = substr(dob_r, 6, 2)"
)
# The same UPRN; or the same postcode, the same house numbers and nearly the same first line
# (12 and 14 Mill Lane are close as text but are two homes).
_SAME_HOME = (
    "(uprn_l = uprn_r) OR (postcode_l = postcode_r"
    " AND regexp_extract_all(address_l, '[0-9]+') = regexp_extract_all(address_r, '[0-9]+')"
    " AND jaro_winkler_similarity(address_l, address_r) >= 0.88)"
)
# What staff read beside a flag, for each level a detail can reach.
SAME = "The same"
ONE_SLIP = "One letter or digit different, or two swapped"
VERY_CLOSE = "Very close"
SIMILAR = "Similar"
DIFFERENT = "Different"
NOT_KNOWN = "Not known for one or both"

_SECTOR = "^[A-Z]{1,2}[0-9][A-Z0-9]? [0-9]"
_DISTRICT = "^[A-Z]{1,2}[0-9][A-Z0-9]?"


def _exactly(column: str, description: str) -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name=column,
        comparison_description=description,
        comparison_levels=[
            cll.NullLevel(column),
            cll.ExactMatchLevel(column).configure(label_for_charts=SAME),
            cll.ElseLevel().configure(label_for_charts=DIFFERENT),
        ],
    )


def _first_name() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="first_name",
        comparison_description="First name",
        comparison_levels=[
            cll.NullLevel("first_name"),
            cll.ExactMatchLevel("first_name").configure(label_for_charts=SAME),
            cll.ArrayIntersectLevel("first_name_roots", 1).configure(
                label_for_charts="One is a short form of the other, like Bill and William"
            ),
            cll.JaroWinklerLevel("first_name", 0.92).configure(label_for_charts=VERY_CLOSE),
            cll.DamerauLevenshteinLevel("first_name", 1).configure(label_for_charts=ONE_SLIP),
            cll.JaroWinklerLevel("first_name", 0.8).configure(label_for_charts=SIMILAR),
            # Fixed, not learned: unrelated first names almost never belong to one person, and
            # learned from data this weighed too little against twins, who share everything else.
            cll.ElseLevel().configure(
                label_for_charts=DIFFERENT, m_probability=1e-10, fix_m_probability=True
            ),
        ],
    )


def _surname() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="surname",
        comparison_description="Surname",
        comparison_levels=[
            cll.NullLevel("surname"),
            cll.ExactMatchLevel("surname").configure(label_for_charts=SAME),
            cll.DamerauLevenshteinLevel("surname", 1).configure(label_for_charts=ONE_SLIP),
            cll.JaroWinklerLevel("surname", 0.9).configure(label_for_charts=VERY_CLOSE),
            cll.JaroWinklerLevel("surname", 0.8).configure(label_for_charts=SIMILAR),
            cll.ElseLevel().configure(label_for_charts=DIFFERENT),
        ],
    )


def _date_of_birth() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="dob",
        comparison_description="Date of birth",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob").configure(label_for_charts=SAME),
            cll.DamerauLevenshteinLevel("dob", 1).configure(
                label_for_charts="One digit different or two digits swapped"
            ),
            cll.CustomLevel(_DAY_MONTH_SWAPPED, label_for_charts="Day and month swapped"),
            cll.CustomLevel(
                "substr(dob_l, 1, 4) = substr(dob_r, 1, 4)", label_for_charts="Same year"
            ),
            # Fixed, like a different first name: a parent and child who share a name, a home
            # and a phone differ only here, and must not be paired.
            cll.ElseLevel().configure(
                label_for_charts=DIFFERENT, m_probability=1e-8, fix_m_probability=True
            ),
        ],
    )


def _home() -> cl.CustomComparison:
    """One comparison for where they live, so a shared home is not counted twice (postcode
    and address together, or the UPRN alone)."""
    return cl.CustomComparison(
        output_column_name="home",
        comparison_description="Home",
        comparison_levels=[
            cll.CustomLevel(
                "(postcode_l IS NULL OR postcode_r IS NULL) AND (uprn_l IS NULL OR uprn_r IS NULL)"
            ).configure(is_null_level=True),
            cll.CustomLevel(_SAME_HOME, label_for_charts="Same home"),
            # Rare for one person (a move within one postcode), so never seen in training.
            cll.ExactMatchLevel("postcode").configure(
                label_for_charts="Same postcode", m_probability=0.01
            ),
            cll.CustomLevel(
                f"regexp_extract(postcode_l, '{_SECTOR}') = regexp_extract(postcode_r, '{_SECTOR}')",
                label_for_charts="Same postcode sector",
            ),
            cll.CustomLevel(
                f"regexp_extract(postcode_l, '{_DISTRICT}') = regexp_extract(postcode_r, '{_DISTRICT}')",
                label_for_charts="Same postcode district",
            ),
            cll.ElseLevel().configure(label_for_charts="Different areas"),
        ],
    )


def _email() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="email",
        comparison_description="Email address",
        comparison_levels=[
            cll.NullLevel("email"),
            cll.ExactMatchLevel("email").configure(label_for_charts=SAME),
            cll.DamerauLevenshteinLevel("email", 1).configure(label_for_charts=ONE_SLIP),
            cll.ElseLevel().configure(label_for_charts=DIFFERENT),
        ],
    )


def settings() -> SettingsCreator:
    """The untrained model: comparisons and the blocking rules that find candidate pairs."""
    return SettingsCreator(
        link_type="dedupe_only",
        unique_id_column_name="unique_id",
        comparisons=[
            _first_name(),
            _surname(),
            _date_of_birth(),
            _home(),
            _exactly("phone", "Phone number"),
            _email(),
            _exactly("ni", "National Insurance number"),
            _exactly("bank", "Bank account"),
        ],
        # A pair is scored when it agrees on any one of these. Between them they find people
        # whatever single detail was recorded differently.
        blocking_rules_to_generate_predictions=prediction_blocking_rules(),
        retain_intermediate_calculation_columns=False,
        retain_matching_columns=True,
    )


def prediction_blocking_rules() -> list[Any]:
    return [
        block_on("dob"),
        block_on("first_name", "surname"),
        block_on("surname", "postcode"),
        block_on("phone"),
        block_on("email"),
        block_on("ni"),
        block_on("bank"),
    ]


def estimate_from_records(linker: Any, *, u_pairs: float = 2e6) -> None:
    """Re-estimate what depends on the population from the records themselves, without labels:
    how likely two random records are one person, and u, how often each detail agrees by
    chance (two Smiths are commoner in one place than another). m, how often a detail differs
    for one person, is about how people are recorded, and stays as the model has it."""
    linker.training.estimate_probability_two_random_records_match(
        [block_on("first_name", "surname", "dob"), block_on("ni"), block_on("bank")],
        recall=0.7,
    )
    linker.training.estimate_u_using_random_sampling(max_pairs=u_pairs, seed=1)


@functools.cache
def _model_text(path: Path) -> str:
    return path.read_text()


def model_load(path: Path = SHIPPED_MODEL) -> dict[str, Any]:
    """A fresh copy of a saved model (Splink may change what it is given); the file is read
    once per process, not on every application's check."""
    loaded: dict[str, Any] = json.loads(_model_text(path))
    return loaded
