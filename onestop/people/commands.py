"""`onestop addresses load`: load a council's address gazetteer from a CSV extract.

Django is set up only when the command runs, so `--help` and bad options answer at once;
the models are imported after that.
"""

import contextlib
from pathlib import Path
from typing import Any

import click

# Enough to fix a file by; the count says how many more there are.
PROBLEMS_SHOWN = 100


def _problem_lines(problems: list[str]) -> list[str]:
    shown = problems[:PROBLEMS_SHOWN]
    hidden = len(problems) - len(shown)
    return shown + ([f"... and {hidden:,} more problems not shown."] if hidden else [])


def addresses_load_run(*, council_slug: str, path: Path) -> None:
    """The body of `onestop addresses load`; click.ClickException for anything to fix."""
    if not path.is_file():
        raise click.ClickException(f"There is no file at {path}: check the name and folder.")

    from onestop.cli import _django_setup, _require_database_ready

    _django_setup()
    _require_database_ready()

    from onestop.councils.selectors import council_by_slug
    from onestop.people.gazetteer_file import gazetteer_file_open
    from onestop.people.services import GazetteerFileRefused, gazetteer_load

    council = council_by_slug(slug=council_slug)
    if council is None:
        raise click.ClickException(f"There is no council with the short name '{council_slug}'.")
    try:
        with gazetteer_file_open(str(path)) as lines, contextlib.ExitStack() as stack:
            # The bar appears once every line has been checked and the writing starts.
            bars: list[Any] = []

            def progress(done: int, total: int) -> None:
                if not bars:
                    bars.append(
                        stack.enter_context(
                            click.progressbar(length=total, label="Saving addresses")
                        )
                    )
                bars[0].update(done - bars[0].pos)

            loaded = gazetteer_load(
                actor=None, council=council, lines=lines, source=path.name, progress=progress
            )
    except GazetteerFileRefused as refused:
        for line in _problem_lines([str(problem) for problem in refused.problems]):
            click.echo(line, err=True)
        raise click.ClickException(refused.message) from None
    except OSError as error:
        raise click.ClickException(f"Cannot read {path}: {error.strerror}.") from None
    click.echo(f"Address list for {council.name} loaded from {path.name}: {loaded.summary}.")
    if loaded.ignored_columns:
        ignored = ", ".join(f"'{name}'" for name in loaded.ignored_columns)
        click.echo(f"Columns not used: {ignored}.")
