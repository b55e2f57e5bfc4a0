"""`onestop people dedupe` and `onestop people synthetic`: a council's legacy export in, the
likely pairs and clusters out, and a bad file refused whole with each line's problem."""

import csv
from pathlib import Path

from click.testing import CliRunner

from onestop.cli_people import people

HEADER = "person_id,first_name,last_name,date_of_birth,postcode,phone,national_insurance_number\n"


def run(*arguments: str | Path) -> tuple[int, str]:
    result = CliRunner().invoke(people, [str(argument) for argument in arguments])
    return result.exit_code, result.output


def rows_of(path: Path) -> list[dict[str, str]]:
    with path.open(newline="", encoding="utf-8") as opened:
        return list(csv.DictReader(opened))


def test_the_same_person_twice_is_one_pair_and_one_cluster(tmp_path: Path) -> None:
    export = tmp_path / "people.csv"
    export.write_text(
        HEADER
        + "A1,William,Oakes,1971-05-11,NB1 2AB,07700 900123,JG103759A\n"
        + "A2,Bill,Oakes,1971-05-42,nb12ab,+44 7700 900123,\n"  # not a date: refused
    )
    code, output = run("dedupe", "--input", export, "--output", tmp_path / "pairs.csv")
    assert code == 1
    assert "Line 3: date_of_birth '1971-05-42' is not a date" in output
    assert not (tmp_path / "pairs.csv").exists(), "a refused file writes nothing"

    export.write_text(
        HEADER
        + "A1,William,Oakes,1971-05-11,NB1 2AB,07700 900123,JG103759A\n"
        + "A2,Bill,Oakes,1971-11-05,nb12ab,+44 7700 900123,\n"  # day and month swapped
        + "A3,Priya,Shah,1990-01-02,NB9 9ZZ,07700 900999,\n"
    )
    code, output = run(
        "dedupe",
        "--input",
        export,
        "--output",
        tmp_path / "pairs.csv",
        "--clusters",
        tmp_path / "clusters.csv",
    )

    assert code == 0, output
    assert "3 records read, 1 likely pair written to pairs.csv, covering 2 records" in output
    (pair,) = rows_of(tmp_path / "pairs.csv")
    assert (pair["person_id_1"], pair["person_id_2"], pair["cluster_id"]) == ("A1", "A2", "A1")
    assert float(pair["match_probability"]) >= 0.9
    assert pair["first_name"] == "One is a short form of the other, like Bill and William"
    assert pair["dob"] == "Day and month swapped"
    assert pair["phone"] == "The same"
    assert pair["ni"] == "Not known for one or both"
    assert {row["person_id"]: row["cluster_id"] for row in rows_of(tmp_path / "clusters.csv")} == {
        "A1": "A1",
        "A2": "A1",
        "A3": "A3",
    }


def test_a_file_with_problems_lists_every_line_and_what_to_fix(tmp_path: Path) -> None:
    export = tmp_path / "people.csv"
    export.write_text(
        HEADER
        + "A1,,Oakes,1971-05-24,NB1 2AB,,\n"
        + "A1,Sam,Oakes,24/05/1971,NOT A POSTCODE,,AB1\n"
    )

    code, output = run("dedupe", "--input", export, "--output", tmp_path / "pairs.csv")

    assert code == 1
    assert "Line 2: first_name is empty" in output
    assert "Line 3: person_id A1 is used by an earlier line: ids must be unique" in output
    assert "Line 3: date_of_birth '24/05/1971' is not a date: write it as YYYY-MM-DD" in output
    assert "Line 3: postcode 'NOT A POSTCODE' is not a UK postcode" in output
    assert "Line 3: national_insurance_number 'AB1' is not a National Insurance number" in output
    assert "people.csv was not used" in output


def test_a_missing_column_is_named(tmp_path: Path) -> None:
    export = tmp_path / "people.csv"
    export.write_text("person_id,first_name,last_name\nA1,Sam,Oakes\n")

    code, output = run("dedupe", "--input", export, "--output", tmp_path / "pairs.csv")

    assert code == 1
    assert "Line 1: the header has no date_of_birth column" in output


def test_a_synthetic_file_reports_precision_and_recall_against_its_truth(tmp_path: Path) -> None:
    made = tmp_path / "synthetic.csv"
    code, output = run("synthetic", "--count", "600", "--output", made)
    assert code == 0, output
    assert "written to synthetic.csv" in output

    code, output = run("dedupe", "--input", made, "--output", tmp_path / "pairs.csv")

    assert code == 0, output
    line = next(text for text in output.splitlines() if text.startswith("Against true_person"))
    precision, recall = (float(part.split()[-1].rstrip(".,")) for part in line.split(", "))
    assert precision > 0.95
    assert recall > 0.95
