"""`onestop policy simulate`: re-assess a period's applications under a draft policy, beside the one in force.

Django is set up only when the command runs, so `--help` and bad options answer at once;
the models are imported after that.
"""

import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:  # the real imports wait until Django is set up
    from onestop.policy.engine import CompiledPolicy
    from onestop.policy.models import Scheme


def _scheme_for(*, slug: str, council_slug: str | None) -> "Scheme":
    from onestop.policy.models import Scheme

    schemes = Scheme.objects.select_related("council").filter(slug=slug).order_by("council__slug")
    if council_slug is not None:
        schemes = schemes.filter(council__slug=council_slug)
    found = list(schemes)
    if not found:
        where = f" at the council {council_slug!r}" if council_slug else ""
        raise click.ClickException(
            f"There is no scheme with the slug {slug!r}{where}. Give the scheme's slug, as in "
            "its address on the staff pages."
        )
    if len(found) > 1:
        councils = ", ".join(s.council.slug for s in found)
        raise click.ClickException(
            f"More than one council runs a scheme called {slug!r} ({councils}): choose one "
            "with --council."
        )
    return found[0]


def _draft(path: Path) -> "CompiledPolicy":
    from onestop.policy.engine import CompiledPolicy
    from onestop.policy.loader import PolicyError, load_policy

    try:
        return CompiledPolicy(load_policy(path))
    except PolicyError as error:
        for line in str(error).splitlines():
            click.echo(line, err=True)
        count = len(error.problems)
        raise click.ClickException(
            f"The draft policy has {count} problem{'s' if count != 1 else ''}: fix "
            f"{'them' if count != 1 else 'it'} and try again."
        ) from None


@click.command(name="simulate")
@click.option(
    "--scheme", "scheme_slug", required=True, help="The scheme's slug, e.g. crisis-payment."
)
@click.option(
    "--policy",
    "policy_path",
    required=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="The draft policy file (YAML) to try.",
)
@click.option(
    "--from",
    "start",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="First day of the period (YYYY-MM-DD): applications made from this day.",
)
@click.option(
    "--to",
    "end",
    required=True,
    type=click.DateTime(formats=["%Y-%m-%d"]),
    help="Last day of the period (YYYY-MM-DD), included.",
)
@click.option(
    "--council",
    "council_slug",
    default=None,
    help="The council's slug; needed when more than one council runs a scheme with that slug.",
)
def simulate_command(
    scheme_slug: str,
    policy_path: Path,
    start: datetime.datetime,
    end: datetime.datetime,
    council_slug: str | None,
) -> None:
    """Try a draft policy on the applications of a period, beside the policy in force.

    Every application made in the period (UK dates, both days included) is assessed again
    under both policies. Nothing is changed: no assessment, decision or budget is touched.
    """
    if end < start:
        raise click.ClickException("--to must be the same day as --from or later.")
    if not policy_path.is_file():
        raise click.ClickException(f"There is no policy file at {policy_path}.")

    from onestop.cli import _django_setup, _require_database_ready

    _django_setup()
    _require_database_ready()

    from onestop.intake.frames import what_if
    from onestop.policy.engine import NotInForce
    from onestop.policy.loader import PolicyError
    from onestop.policy.simulation import render_text

    draft = _draft(policy_path)
    scheme = _scheme_for(slug=scheme_slug, council_slug=council_slug)
    first, last = start.date(), end.date()
    with click.progressbar(
        length=1, label=f"Re-assessing {scheme.name} applications", show_eta=False
    ) as bar:
        try:
            report = what_if(
                council=scheme.council, scheme=scheme, start=first, end=last, draft=draft
            )
        except NotInForce as error:
            raise click.ClickException(str(error)) from None
        except (PolicyError, FileNotFoundError) as error:
            raise click.ClickException(
                f"The policy in force for {scheme.name} ({scheme.policy}) cannot be loaded: "
                f"{str(error).splitlines()[0]}. Run `onestop policy test {scheme.policy}`."
            ) from None
        bar.update(1)
    click.echo(
        f"{scheme.name} at {scheme.council.name}: applications made from "
        f"{first.day} {first:%B %Y} to {last.day} {last:%B %Y}."
    )
    click.echo("")
    click.echo(render_text(report))
