"""The `onestop` command: set up, seed and serve the service without knowing manage.py."""

import datetime
import errno
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from types import FrameType
from typing import Any

import click

DEFAULT_SETTINGS = "config.settings.demo"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
NOT_SET_UP = "The database is not set up: run `onestop demo` or `onestop migrate` first."
STOP_TIMEOUT_SECONDS = 15
START_TIMEOUT_SECONDS = 30


class _OneLineErrors(click.Group):
    """Bad input ends with one line saying what is wrong and a non-zero exit, never a usage dump."""

    def main(
        self,
        args: Sequence[str] | None = None,
        prog_name: str | None = None,
        complete_var: str | None = None,
        standalone_mode: bool = True,
        **extra: Any,
    ) -> Any:
        prog_name = prog_name or "onestop"
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.UsageError as error:
            hint = f" Try '{error.ctx.command_path} --help'." if error.ctx else ""
            click.echo(f"Error: {error.format_message()}{hint}", err=True)
            sys.exit(error.exit_code)
        except click.ClickException as error:
            click.echo(f"Error: {error.format_message()}", err=True)
            sys.exit(error.exit_code)
        except click.Abort:
            click.echo("Stopped.", err=True)
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _django_setup() -> None:
    """Start Django on first use, so `--help` and bad options answer straight away."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", DEFAULT_SETTINGS)
    import django

    django.setup()


def _unapplied_migrations() -> int:
    """How many migrations the database is missing; raise ClickException if it cannot be reached."""
    from django.db import DatabaseError, connection
    from django.db.migrations.executor import MigrationExecutor

    try:
        executor = MigrationExecutor(connection)
        return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))
    except DatabaseError as error:
        raise click.ClickException(f"Cannot reach the database: {error}") from error


def _require_database_ready() -> None:
    if _unapplied_migrations():
        raise click.ClickException(NOT_SET_UP)


def _check_port(*, host: str, port: int) -> None:
    if not 1 <= port <= 65535:
        raise click.ClickException(f"Port {port} is not a port number: choose one from 1 to 65535.")
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror:
        raise click.ClickException(
            f"Host {host} is not a name or address this machine can listen on."
        ) from None
    with socket.socket(family, kind, proto) as probe:
        # As the web server will: a port held only by closed connections is free to use.
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as error:
            if error.errno == errno.EADDRINUSE:
                raise click.ClickException(
                    f"Port {port} is already in use: stop what is using it, or choose another "
                    "with --port."
                ) from None
            raise click.ClickException(
                f"Cannot listen on {host} port {port}: {error.strerror}."
            ) from None


def _migrate() -> int:
    from django.core.management import call_command

    missing = _unapplied_migrations()
    if missing:
        call_command("migrate", interactive=False, verbosity=0)
    return missing


def _seed(*, seed: int, applications: int) -> None:
    from onestop.seed import demo_already_seeded, seed_demo

    if demo_already_seeded():
        click.echo("The demo councils are already set up: nothing to do.")
        return
    started = time.monotonic()
    with click.progressbar(length=1, label="Seeding the demo", show_eta=False) as bar:

        def progress(done: int, total: int) -> None:
            bar.length = total
            bar.update(done - bar.pos)

        summary = seed_demo(seed=seed, applications_per_council=applications, progress=progress)
    if summary.created:
        click.echo(
            f"{summary.message} {summary.awards_fulfilled} awards fulfilled, "
            f"{summary.messages_sent} messages sent ({time.monotonic() - started:.1f} s)."
        )
    else:
        click.echo(summary.message)


def _sign_ins_table() -> str:
    from onestop.seed import DEMO_PASSWORD, demo_sign_ins

    rows = [("Email", "Role", "Council", "Password")] + [
        (s.email, s.role, s.council, DEMO_PASSWORD) for s in demo_sign_ins()
    ]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * width for width in widths))
    return "\n".join(line.rstrip() for line in lines)


def _collectstatic_if_needed() -> None:
    from django.conf import settings
    from django.core.management import call_command

    if settings.STATIC_ROOT and not getattr(settings, "WHITENOISE_USE_FINDERS", False):
        call_command("collectstatic", interactive=False, verbosity=0)


def _bind_address(*, host: str, port: int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def _wait_until_listening(*, host: str, port: int, web: subprocess.Popen[bytes]) -> bool:
    deadline = time.monotonic() + START_TIMEOUT_SECONDS
    while time.monotonic() < deadline and web.poll() is None:
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def _stop(processes: dict[str, subprocess.Popen[bytes]]) -> None:
    """Ask each child to finish its current work, then insist if it takes too long."""
    for process in processes.values():
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_SECONDS
    for process in processes.values():
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _serve(*, host: str, port: int, workers: int, url_path: str = "/") -> None:
    """Run gunicorn, the task worker and the fulfilment worker until Ctrl-C or SIGTERM, or until
    any one of them dies."""
    _require_database_ready()
    _collectstatic_if_needed()
    _check_port(host=host, port=port)  # again: something may have taken it while we seeded
    environment = {**os.environ}
    # Each child gets its own process group, so Ctrl-C reaches only this process, which then
    # stops both children once and in order, rather than each being interrupted twice.
    commands = {
        "web server": [
            sys.executable, "-m", "gunicorn", "config.wsgi:application",
            "--bind", _bind_address(host=host, port=port),
            "--workers", str(workers),
            "--log-level", "warning",
        ],
        "task worker": [
            sys.executable, "-m", "django", "db_worker",
            "--queue-name", "*", "--no-reload", "--verbosity", "0",
        ],
        "fulfilment worker": [sys.executable, "-m", "onestop.fulfilment.worker"],
    }  # fmt: skip
    stop_requested: list[int] = []

    def request_stop(signum: int, frame: FrameType | None) -> None:
        stop_requested.append(signum)

    previous: dict[int, Callable[[int, FrameType | None], Any] | int | None] = {}
    for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        previous[signum] = signal.signal(signum, request_stop)
    processes: dict[str, subprocess.Popen[bytes]] = {}
    try:
        for name, command in commands.items():
            processes[name] = subprocess.Popen(command, env=environment, start_new_session=True)  # noqa: S603
        shown_host = "localhost" if host in {"127.0.0.1", "0.0.0.0", "::1", "::"} else host  # noqa: S104
        url = f"http://{shown_host}:{port}{url_path}"
        if _wait_until_listening(host=host, port=port, web=processes["web server"]):
            click.echo(f"onestop is running at {url} with its workers. Press Ctrl-C to stop.")
        elif processes["web server"].poll() is None:
            click.echo(f"The web server is slow to start; it will be at {url}. Ctrl-C stops it.")
        while not stop_requested:
            for name, process in processes.items():
                code = process.poll()
                if code is not None:
                    _stop(processes)
                    raise click.ClickException(
                        f"The {name} stopped unexpectedly (exit code {code}), so onestop has stopped."
                    )
            time.sleep(0.3)
        click.echo("Stopping the web server and the workers...")
        _stop(processes)
        click.echo("Stopped.")
    finally:
        _stop(processes)
        for number, handler in previous.items():
            signal.signal(number, handler)


# --- commands ------------------------------------------------------------------------


@click.group(
    name="onestop", cls=_OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]}
)
def cli() -> None:
    """onestop: crisis support for UK councils.

    Start with `onestop demo`: it sets up the database, adds two demo councils and serves
    them at http://localhost:8000/staff/.
    """


@cli.command()
def migrate() -> None:
    """Create or update the database tables (quietly)."""
    _django_setup()
    applied = _migrate()
    click.echo(
        f"Database updated: {applied} migration{'s' if applied != 1 else ''} applied."
        if applied
        else "The database is already up to date."
    )


@cli.command()
@click.option(
    "--seed",
    "seed",
    default=2026,
    show_default=True,
    type=int,
    help="Random seed: the same seed gives the same people and cases.",
)
@click.option("--applications", default=150, show_default=True, type=int,
              help="Applications to create for each council.")  # fmt: skip
def seed(seed: int, applications: int) -> None:
    """Add two demo councils with staff, schemes, budgets, voucher stock and applications.

    Does nothing if the demo councils are already there. The database must be set up first
    (`onestop migrate`).
    """
    if not 0 <= applications <= 10_000:
        raise click.ClickException(
            f"--applications must be from 0 to 10000 (it is {applications})."
        )
    _django_setup()
    _require_database_ready()
    _seed(seed=seed, applications=applications)


@cli.command()
@click.option(
    "--port", default=DEFAULT_PORT, show_default=True, type=int, help="Port to listen on."
)
@click.option(
    "--host",
    default=DEFAULT_HOST,
    show_default=True,
    help="Address to listen on (0.0.0.0 for every network interface).",
)
@click.option("--workers", default=2, show_default=True, type=int,
              help="Web server worker processes.")  # fmt: skip
def serve(port: int, host: str, workers: int) -> None:
    """Serve the web pages and run the task worker, until Ctrl-C.

    The task worker sends messages and fulfils awards from every queue (default,
    notifications, fulfilment).
    """
    if not 1 <= workers <= 64:
        raise click.ClickException(f"--workers must be from 1 to 64 (it is {workers}).")
    _check_port(host=host, port=port)
    _django_setup()
    _serve(host=host, port=port, workers=workers)


@cli.command()
@click.option(
    "--date",
    "day",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Run as if on this day (YYYY-MM-DD); today if not given.",
)
def daily(day: datetime.datetime | None) -> None:
    """Run the once-a-day jobs: chase information requests, review budget priority levels.

    Run it from cron before the offices open, for example at 06:00. Running it twice on one
    day does no harm.
    """
    _django_setup()
    _require_database_ready()
    from django.utils import timezone

    from onestop.daily import daily_jobs_run

    today = day.date() if day else timezone.localdate()
    for name, outcome in daily_jobs_run(today=today):
        click.echo(f"{name}: {outcome}")


@cli.group()
def apikeys() -> None:
    """Partner API keys: issue a key to a partner organisation."""


@apikeys.command("create")
@click.option("--council", "council_slug", required=True, help="The council's short name (slug).")
@click.option("--organisation", required=True,
              help="The partner organisation; added to the council if it is new.")  # fmt: skip
@click.option("--name", "label", default="", help="What the key is for, to tell keys apart.")
@click.option(
    "--kind",
    type=click.Choice(["food_bank", "citizens_advice", "housing_association", "supplier", "other"]),
    default="other",
    show_default=True,
    help="What kind of organisation a new one is.",
)
def apikeys_create(council_slug: str, organisation: str, label: str, kind: str) -> None:
    """Issue a new API key and print it once: it is not kept, so copy it now."""
    _django_setup()
    _require_database_ready()
    from onestop.core.errors import ServiceError
    from onestop.councils.selectors import council_by_slug, organisation_by_name
    from onestop.councils.services import api_key_issue, organisation_create

    council = council_by_slug(slug=council_slug)
    if council is None:
        raise click.ClickException(f"There is no council with the short name '{council_slug}'.")
    try:
        partner = organisation_by_name(council=council, name=organisation) or organisation_create(
            actor=None, council=council, name=organisation, kind=kind
        )
    except ServiceError as error:
        raise click.ClickException(error.message) from None
    _, key = api_key_issue(actor=None, organisation=partner, name=label)
    click.echo(f"API key for {partner.name} at {council.name} (shown once, copy it now):")
    click.echo(key)


@cli.group()
def partners() -> None:
    """Partner organisations' staff: who may sign in to the partner portal."""


@partners.command("add-staff")
@click.option("--council", "council_slug", required=True, help="The council's short name (slug).")
@click.option("--organisation", required=True,
              help="The partner organisation; added to the council if it is new.")  # fmt: skip
@click.option("--email", required=True, help="Their work email address: they sign in with it.")
@click.option("--name", "full_name", required=True, help="Their full name.")
@click.option(
    "--kind",
    type=click.Choice(["food_bank", "citizens_advice", "housing_association", "other"]),
    default="other",
    show_default=True,
    help="What kind of organisation a new one is.",
)
def partners_add_staff(
    council_slug: str, organisation: str, email: str, full_name: str, kind: str
) -> None:
    """Let someone at a partner organisation sign in to refer clients.

    A new account gets a one-time password, printed once: give it to them in person or by phone,
    never in the same email as their address.
    """
    user, partner, password = _organisation_staff_add(
        council_slug=council_slug,
        organisation=organisation,
        email=email,
        full_name=full_name,
        kind=kind,
        supplier=False,
    )
    click.echo(f"{user.display_name} can now sign in to refer clients for {partner.name}.")
    if password:
        click.echo(f"One-time password (shown once, give it to them in person): {password}")


def _organisation_staff_add(
    *, council_slug: str, organisation: str, email: str, full_name: str, kind: str, supplier: bool
) -> tuple[Any, Any, str]:
    """The account (new, with a one-time password, or existing) given a role at the named
    organisation, which is added if new; a partner and a supplier are never mixed up."""
    _django_setup()
    _require_database_ready()
    import secrets

    from onestop.core.errors import ServiceError
    from onestop.councils.models import OrganisationKind, User
    from onestop.councils.partner_staff import partner_membership_grant
    from onestop.councils.selectors import council_by_slug, organisation_by_name
    from onestop.councils.services import organisation_create, user_create

    council = council_by_slug(slug=council_slug)
    if council is None:
        raise click.ClickException(f"There is no council with the short name '{council_slug}'.")
    existing = organisation_by_name(council=council, name=organisation)
    if existing is not None and (existing.kind == OrganisationKind.SUPPLIER) != supplier:
        what, other = (
            ("a partner organisation, not a supplier", "partners")
            if supplier
            else ("a supplier, not a partner", "suppliers")
        )
        raise click.ClickException(
            f"{existing.name} is {what}. Use `onestop {other} add-staff` for its staff, or give "
            "the organisation's own name."
        )
    password = ""
    try:
        found = existing or organisation_create(
            actor=None, council=council, name=organisation, kind=kind
        )
        user = User.objects.filter(email=email.strip().lower()).first()
        if user is None:
            password = secrets.token_urlsafe(12)
            user = user_create(actor=None, email=email, full_name=full_name, password=password)
        partner_membership_grant(actor=None, user=user, organisation=found)
    except ServiceError as error:
        raise click.ClickException(error.message) from None
    return user, found, password


@cli.group()
def addresses() -> None:
    """The council's address list (gazetteer): for address look-up and residency checks."""


@addresses.command("load")
@click.option("--council", "council_slug", required=True, help="The council's short name (slug).")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def addresses_load(council_slug: str, file: Path) -> None:
    """Load the council's address gazetteer from a CSV file.

    The first line names the columns: uprn, address_line_1, address_line_2, town, postcode,
    ward (in any order; address_line_2 and ward may be left out). Every line is checked first:
    if any is wrong, nothing is loaded and each problem is listed with its line number. A good
    file becomes the council's address list: new UPRNs are added, changed ones updated, and
    those no longer in the file removed. Loading the same file twice changes nothing.
    """
    from onestop.people.commands import addresses_load_run

    addresses_load_run(council_slug=council_slug, path=file)


@cli.command()
@click.option(
    "--port", default=DEFAULT_PORT, show_default=True, type=int, help="Port to listen on."
)
def demo(port: int) -> None:
    """Set up the database, seed the demo councils (once), and serve them.

    Prints the demo sign-ins: every account's password is the same.
    """
    _check_port(host=DEFAULT_HOST, port=port)
    _django_setup()
    _migrate()
    _seed(seed=2026, applications=150)
    click.echo("")
    click.echo(f"Staff pages: http://localhost:{port}/staff/")
    click.echo("")
    click.echo(_sign_ins_table())
    click.echo("")
    _serve(host=DEFAULT_HOST, port=port, workers=2, url_path="/staff/")


def main() -> None:
    """The `onestop` console script."""
    from onestop.cli_directory import directory
    from onestop.cli_fulfilment import fulfilment
    from onestop.cli_people import people
    from onestop.cli_policy import policy, register_commands
    from onestop.cli_returns import returns
    from onestop.cli_suppliers import suppliers

    register_commands()
    cli.add_command(policy)
    cli.add_command(fulfilment)
    cli.add_command(suppliers)
    cli.add_command(directory)
    cli.add_command(people)
    cli.add_command(returns)
    cli.main(prog_name="onestop")


if __name__ == "__main__":
    main()
