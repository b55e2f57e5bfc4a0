"""`onestop addresses load`: what it prints, and one-line refusals that change nothing."""

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from onestop.cli import cli
from onestop.councils.models import Council
from onestop.people.models import GazetteerAddress
from tests.factories import gazetteer_csv, gazetteer_line

pytestmark = pytest.mark.django_db


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def write(tmp_path: Path, text: str, name: str = "addresses.csv") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_help_explains_the_file() -> None:
    result = run("addresses", "load", "--help")

    assert result.exit_code == 0
    assert "uprn, address_line_1, address_line_2, town, postcode, ward" in " ".join(
        result.output.split()
    )


def test_a_good_file_is_loaded_and_the_counts_printed(council: Council, tmp_path: Path) -> None:
    lines = [gazetteer_line(uprn="1"), gazetteer_line(uprn="2")]
    path = write(tmp_path, gazetteer_csv(lines))

    first = run("addresses", "load", "--council", council.slug, path)
    again = run("addresses", "load", "--council", council.slug, path)

    assert first.exit_code == 0, first.output
    assert (
        f"Address list for {council.name} loaded from addresses.csv: 2 added, 0 updated, "
        "0 removed, 0 unchanged." in first.output
    )
    assert again.exit_code == 0
    assert "0 added, 0 updated, 0 removed, 2 unchanged." in again.output
    assert GazetteerAddress.objects.filter(council=council).count() == 2


def test_a_file_saved_by_excel_with_a_byte_order_mark_is_read(
    council: Council, tmp_path: Path
) -> None:
    path = tmp_path / "excel.csv"
    path.write_bytes(gazetteer_csv([gazetteer_line()]).encode("utf-8-sig"))

    result = run("addresses", "load", "--council", council.slug, str(path))

    assert result.exit_code == 0, result.output
    assert "1 added" in result.output


def test_a_bad_file_lists_each_problem_and_loads_nothing(council: Council, tmp_path: Path) -> None:
    lines = [gazetteer_line(uprn="1"), gazetteer_line(uprn="one"), gazetteer_line(postcode="X")]
    path = write(tmp_path, gazetteer_csv(lines))

    result = run("addresses", "load", "--council", council.slug, path)

    assert result.exit_code == 1
    output = result.output.strip().splitlines()
    assert output[0].startswith("Line 3: the UPRN 'one' is not a UPRN")
    assert output[1].startswith("Line 4: the postcode 'X' is not a UK postcode")
    assert output[-1] == (
        "Error: Nothing was loaded: 2 lines have problems. Correct the file and load it again."
    )
    assert not GazetteerAddress.objects.exists()


def test_a_file_that_is_not_utf8_is_refused_in_one_line(council: Council, tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes(gazetteer_csv([gazetteer_line(address_line_1="1 Café Row")]).encode("latin-1"))

    result = run("addresses", "load", "--council", council.slug, str(path))

    assert result.exit_code == 1
    assert (
        result.output.strip()
        .splitlines()[-1]
        .startswith("Error: Nothing was loaded: The file is not UTF-8 text.")
    )


def test_an_unknown_council_or_missing_file_is_one_line(council: Council, tmp_path: Path) -> None:
    path = write(tmp_path, gazetteer_csv([gazetteer_line()]))

    unknown = run("addresses", "load", "--council", "nowhere", path)
    missing = run("addresses", "load", "--council", council.slug, str(tmp_path / "nope.csv"))
    no_council = run("addresses", "load", path)

    assert unknown.exit_code == 1
    assert unknown.output.strip() == "Error: There is no council with the short name 'nowhere'."
    assert missing.exit_code == 1
    assert missing.output.strip().startswith("Error: There is no file at ")
    assert no_council.exit_code == 2
    assert "Missing option '--council'" in no_council.output
