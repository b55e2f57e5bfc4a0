"""`onestop directory`: load the council's directory of support services from an Open Referral
UK feed export."""

from pathlib import Path

import click

# Enough to fix a file by; the count says how many more there are.
PROBLEMS_SHOWN = 20


@click.group()
def directory() -> None:
    """The council's directory of support services (Open Referral UK)."""


@directory.command("load")
@click.option("--council", "council_slug", required=True, help="The council's short name (slug).")
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
def directory_load_command(council_slug: str, file: Path) -> None:
    """Load the council's directory from an Open Referral UK (HSDS 3) JSON feed export.

    The file is a list of services (each with its organization, service_at_locations,
    contacts, phones, schedules and attributes), or an object with a "services" list and,
    optionally, "organizations", "locations", "taxonomies" and "taxonomy_terms" lists they
    refer to by id. The whole file is checked first: if anything is wrong, nothing is loaded.
    Records are matched by id, so loading the same file twice changes nothing; services an
    earlier feed had and this one does not are withdrawn.
    """
    if not file.is_file():
        raise click.ClickException(f"There is no file at {file}: check the name and folder.")

    from onestop.cli import _django_setup, _require_database_ready

    _django_setup()
    _require_database_ready()

    from onestop.councils.selectors import council_by_slug
    from onestop.directory.feed import FeedRefused, feed_decode
    from onestop.directory.services import directory_load

    council = council_by_slug(slug=council_slug)
    if council is None:
        raise click.ClickException(f"There is no council with the short name '{council_slug}'.")
    try:
        data = feed_decode(file.read_bytes())
        loaded = directory_load(actor=None, council=council, data=data, source=file.name)
    except FeedRefused as refused:
        # The first problem is in the error line; the rest follow it, to fix in one go.
        for problem in refused.problems[1:PROBLEMS_SHOWN]:
            click.echo(f"  {problem}", err=True)
        more = len(refused.problems) + refused.hidden - max(PROBLEMS_SHOWN, 1)
        if more > 0:
            click.echo(f"  ... and {more} more problems not shown.", err=True)
        raise click.ClickException(f"{file.name} was not loaded. {refused.message}") from None
    except OSError as error:
        raise click.ClickException(f"Cannot read {file}: {error.strerror}.") from None
    click.echo(f"Directory for {council.name} loaded from {file.name}: {loaded.summary}.")
