"""`onestop directory load`: a good feed is loaded with a one-line summary; a bad one is refused
with a one-line reason and a non-zero exit, and nothing is saved."""

import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from onestop.cli_directory import directory
from onestop.directory.models import Service
from onestop.directory.sample_data.support_services import SAMPLE_FILE
from tests.factories import directory_feed, make_council

pytestmark = pytest.mark.django_db


def run(*args: str) -> Result:
    return CliRunner().invoke(directory, list(args))


def write(tmp_path: Path, data: Any) -> str:
    path = tmp_path / "feed.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def test_the_sample_feed_loads_and_loading_it_again_changes_nothing() -> None:
    council = make_council(slug="home")

    first = run("load", "--council", "home", str(SAMPLE_FILE))
    again = run("load", "--council", "home", str(SAMPLE_FILE))

    assert first.exit_code == 0, first.output
    assert first.output.strip() == (
        f"Directory for {council.name} loaded from support_services.json: "
        "7 services added, 0 changed, 0 unchanged, 0 withdrawn."
    )
    assert "0 services added, 0 changed, 7 unchanged" in again.output
    assert Service.objects.filter(council=council).count() == 7


def test_a_bad_feed_is_refused_with_a_one_line_reason(tmp_path: Path) -> None:
    make_council(slug="home")
    data = directory_feed()
    del data["services"][3]["name"]

    result = run("load", "--council", "home", write(tmp_path, data))

    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [
        "Error: feed.json was not loaded. services[3].name: missing; every service needs a name"
    ]
    assert not Service.objects.exists()


def test_a_file_that_is_not_json_is_refused(tmp_path: Path) -> None:
    make_council(slug="home")
    path = tmp_path / "feed.json"
    path.write_text("services,name\n1,Food bank\n", encoding="utf-8")

    result = run("load", "--council", "home", str(path))

    assert result.exit_code != 0
    assert "line 1, column 1: not valid JSON" in result.output


@pytest.mark.parametrize(
    ("council", "file", "message"),
    [
        ("nowhere", str(SAMPLE_FILE), "There is no council with the short name 'nowhere'."),
        ("home", "/no/such/feed.json", "There is no file at /no/such/feed.json"),
    ],
)
def test_a_wrong_council_or_file_is_a_one_line_error(council: str, file: str, message: str) -> None:
    make_council(slug="home")

    result = run("load", "--council", council, file)

    assert result.exit_code != 0
    assert message in result.output
    assert len(result.output.strip().splitlines()) == 1


def test_the_command_explains_itself() -> None:
    result = run("load", "--help")

    assert result.exit_code == 0
    assert "Open Referral UK" in result.output
