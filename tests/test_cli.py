"""The `onestop` command: help for each command, and one-line refusals of bad input."""

import datetime
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from django.db import connections

from onestop.casework.services.information import information_request
from onestop.cli import cli
from onestop.core.roles import Role
from onestop.councils.models import Council
from onestop.intake.models import ApplicationStatus
from onestop.seed import DEMO_PASSWORD, demo_sign_ins
from tests.factories import make_budget, make_membership, make_scheme, submit_application

COMMANDS = ["daily", "demo", "migrate", "seed", "serve"]


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, list(args))


def one_line(result: Result) -> str:
    lines = result.output.strip().splitlines()
    assert len(lines) == 1, result.output
    return lines[0]


@pytest.fixture
def empty_database(tmp_path: Path, django_db_blocker: pytest.FixtureRequest) -> Iterator[None]:
    """Point Django at a brand new SQLite file with no tables, as on a machine never set up."""
    original = connections["default"]
    if original.vendor != "sqlite":
        pytest.skip("uses a fresh SQLite file")
    empty = original.__class__(
        {**original.settings_dict, "NAME": str(tmp_path / "never-migrated.sqlite3")},
        alias="default",
    )
    connections["default"] = empty
    try:
        with django_db_blocker.unblock():  # type: ignore[attr-defined]
            yield
            empty.close()
    finally:
        connections["default"] = original


def test_the_command_lists_its_commands() -> None:
    result = run("--help")

    assert result.exit_code == 0
    for command in COMMANDS:
        assert command in result.output


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help(command: str) -> None:
    result = run(command, "--help")

    assert result.exit_code == 0
    assert result.output.startswith(f"Usage: onestop {command}")


def test_seed_on_a_database_never_set_up_says_what_to_do(empty_database: None) -> None:
    result = run("seed")

    assert result.exit_code == 1
    assert one_line(result) == (
        "Error: The database is not set up: run `onestop demo` or `onestop migrate` first."
    )


@pytest.mark.parametrize("port", ["0", "70000", "-1"])
def test_serve_refuses_a_port_that_is_not_one(port: str) -> None:
    result = run("serve", "--port", port)

    assert result.exit_code == 1
    assert one_line(result) == (
        f"Error: Port {port} is not a port number: choose one from 1 to 65535."
    )


def test_demo_refuses_a_port_that_is_not_one() -> None:
    result = run("demo", "--port", "70000")

    assert result.exit_code == 1
    assert "not a port number" in one_line(result)


def test_serve_refuses_a_port_already_in_use() -> None:
    with socket.socket() as listener:
        listener.bind(("127.0.0.1", 0))
        listener.listen()
        port = listener.getsockname()[1]

        result = run("serve", "--port", str(port))

    assert result.exit_code == 1
    assert one_line(result).startswith(f"Error: Port {port} is already in use")


def test_bad_options_get_one_line_not_a_usage_dump() -> None:
    result = run("serve", "--port", "eighty")

    assert result.exit_code == 2
    assert "'eighty' is not a valid integer" in one_line(result)
    assert "onestop serve --help" in one_line(result)


def test_seed_refuses_a_negative_number_of_applications() -> None:
    result = run("seed", "--applications", "-5")

    assert result.exit_code == 1
    assert one_line(result) == "Error: --applications must be from 0 to 10000 (it is -5)."


@pytest.mark.django_db(transaction=True)
def test_seed_creates_the_demo_once() -> None:
    first = run("seed", "--applications", "3")

    assert first.exit_code == 0, first.output
    assert "Set up 2 demo councils with 11 staff and 6 applications" in first.output
    assert sorted(Council.objects.values_list("slug", flat=True)) == ["glenmoor", "northbridge"]

    again = run("seed", "--applications", "3")

    assert again.exit_code == 0
    assert "already set up" in one_line(again)


def test_the_demo_sign_in_table_lists_everyone_with_the_password() -> None:
    from onestop.cli import _sign_ins_table

    table = _sign_ins_table()

    for sign_in in demo_sign_ins():
        assert sign_in.email in table
    assert "adviser@northbridge.example" in table
    assert "shared.service@example.org" in table
    assert table.count(DEMO_PASSWORD) == len(demo_sign_ins())


@pytest.mark.django_db(transaction=True)
def test_daily_chases_information_and_reviews_budgets() -> None:
    scheme = make_scheme()
    make_budget(scheme=scheme)
    application = submit_application(scheme=scheme)
    request = information_request(
        membership=make_membership(role=Role.DECISION_MAKER, council=scheme.council),
        application=application,
        what_is_needed="Your tenancy agreement",
    )
    day_after = request.due_on + datetime.timedelta(days=1)

    result = run("daily", "--date", day_after.isoformat())

    assert result.exit_code == 0, result.output
    assert "Chase information requests: 0 applicants reminded, 1 case returned" in result.output
    assert "Review budget priority levels:" in result.output
    application.refresh_from_db()
    assert application.status == ApplicationStatus.AWAITING_DECISION


def test_daily_refuses_a_date_that_is_not_one() -> None:
    result = run("daily", "--date", "31/12/2026")
    assert result.exit_code == 2
    assert "31/12/2026" in result.output
