"""Train the shipped matching model (model.json) on synthetic people whose duplicates are known.

    python -m onestop.people.linkage.train [--count 100000]

m, how often each detail differs between two records of one person, is learned from the
labelled pairs; u and the prior are re-estimated from each council's or file's own records
when it is used (`model.estimate_from_records`). Run this after changing a comparison in
model.py, and commit the new model.json with the precision and recall it printed.
"""

import argparse
import json

import pyarrow as pa

from onestop.people.linkage import model as linkage_model
from onestop.people.linkage.dedupe import _linker, records_table
from onestop.people.linkage.legacy_file import legacy_records
from onestop.people.linkage.synthetic import synthetic_people

TRAINING_SEED = 1


def model_train(*, count: int) -> dict:
    rows = synthetic_people(count=count, seed=TRAINING_SEED)
    records = legacy_records(rows, secret="training")  # noqa: S106 - digests for this run only
    table = records_table(records).append_column(
        "true_person", pa.array([int(row["true_person"]) for row in rows], pa.int64())
    )
    linker = _linker(table, linkage_model.settings())
    linkage_model.estimate_from_records(linker)
    linker.training.estimate_m_from_label_column("true_person")
    trained: dict = linker.misc.save_model_to_json()
    return trained


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=100_000)
    arguments = parser.parse_args()
    trained = model_train(count=arguments.count)
    linkage_model.SHIPPED_MODEL.write_text(json.dumps(trained, indent=2) + "\n")
    print(f"Wrote {linkage_model.SHIPPED_MODEL}")


if __name__ == "__main__":
    main()
