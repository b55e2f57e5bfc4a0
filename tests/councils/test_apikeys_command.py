"""`onestop apikeys create`: prints a new key once; bad input is one line and a non-zero exit."""

from click.testing import CliRunner

from onestop.cli import cli
from onestop.councils.api_keys import key_hash
from onestop.councils.models import ApiKey, Organisation
from tests import factories


def test_create_prints_a_new_key_once_and_adds_the_organisation(db):
    council = factories.make_council(slug="eastshire")

    result = CliRunner().invoke(
        cli,
        [
            "apikeys",
            "create",
            "--council",
            "eastshire",
            "--organisation",
            "Eastshire CAB",
            "--name",
            "Case system",
        ],
    )

    assert result.exit_code == 0, result.output
    lines = result.output.strip().splitlines()
    key = lines[-1]
    api_key = ApiKey.objects.get()
    assert api_key.secret_hash == key_hash(key)
    assert api_key.name == "Case system"
    assert Organisation.objects.get(council=council).name == "Eastshire CAB"
    assert result.output.count(key) == 1


def test_a_second_key_for_the_same_organisation_reuses_it(db):
    factories.make_council(slug="eastshire")
    runner = CliRunner()
    args = ["apikeys", "create", "--council", "eastshire", "--organisation", "Eastshire CAB"]

    runner.invoke(cli, args)
    runner.invoke(cli, args)

    assert Organisation.objects.count() == 1
    assert ApiKey.objects.count() == 2


def test_an_unknown_council_is_one_line_and_a_failure(db):
    result = CliRunner().invoke(
        cli, ["apikeys", "create", "--council", "nowhere", "--organisation", "X"]
    )

    assert result.exit_code != 0
    assert result.output.strip().splitlines() == [
        "Error: There is no council with the short name 'nowhere'."
    ]
    assert ApiKey.objects.count() == 0
