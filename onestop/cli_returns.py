"""`onestop returns`: the management return for the department, built from the cases."""

from pathlib import Path
from typing import TYPE_CHECKING

import click

if TYPE_CHECKING:
    # Only for types: the command imports Django's models after setting Django up.
    from onestop.insight.returns.build import Line, ReturnFigures


@click.group()
def returns() -> None:
    """The management return for the department (see docs/returns.md)."""


@returns.command("build")
@click.option("--council", "council_slug", required=True, help="The council's short name (slug).")
@click.option(
    "--period",
    "period_text",
    required=True,
    help="The half of the financial year, like 2026-27-H1 (April to September) or 2026-27-H2.",
)
@click.option(
    "--output-dir",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path(),
    show_default="the current folder",
    help="Where to write the files.",
)
@click.option(
    "--draft",
    is_flag=True,
    help="Build the return for a period that has not ended yet (its figures will change).",
)
def returns_build_command(
    council_slug: str, period_text: str, output_dir: Path, draft: bool
) -> None:
    """Build the council's management return for a period, as XLSX and CSV.

    Writes onestop-return-<council>-<period>.xlsx and .csv to the output folder and prints the
    totals. A period that has not ended is refused unless --draft is given. Sign the return
    off on the staff pages (Management returns) once the finance director has approved it.
    """
    from onestop.insight.returns.periods import PeriodFormatError, period_parse

    try:
        period = period_parse(period_text)
    except PeriodFormatError as error:
        raise click.ClickException(str(error)) from None

    from onestop.cli import _django_setup, _require_database_ready

    _django_setup()
    _require_database_ready()

    from django.utils import timezone

    from onestop.councils.selectors import council_by_slug
    from onestop.insight.returns.build import return_figures
    from onestop.insight.returns.files import file_stem, return_csv, return_xlsx
    from onestop.insight.returns.signoff import return_sign_off_for

    council = council_by_slug(slug=council_slug)
    if council is None:
        raise click.ClickException(f"There is no council with the short name '{council_slug}'.")
    today = timezone.localdate()
    if not period.has_ended(today) and not draft:
        raise click.ClickException(
            f"{period.code} has not ended yet (it runs until {period.last_day.day} "
            f"{period.last_day:%B %Y}): add --draft to build a draft return."
        )
    figures = return_figures(council=council, period=period)
    xlsx = return_xlsx(
        figures, today=today, sign_off=return_sign_off_for(council=council, period=period)
    )
    csv = return_csv(figures)
    stem = file_stem(figures)
    try:
        output_dir.mkdir(parents=True, exist_ok=True)
        (output_dir / f"{stem}.xlsx").write_bytes(xlsx)
        (output_dir / f"{stem}.csv").write_bytes(csv)
    except OSError as error:
        raise click.ClickException(f"Cannot write to {output_dir}: {error.strerror}.") from None
    for line in totals_text(figures, draft=not period.has_ended(today)):
        click.echo(line)
    click.echo(f"Wrote {stem}.xlsx and {stem}.csv to {output_dir}.")


def totals_text(figures: "ReturnFigures", *, draft: bool) -> list[str]:
    """The totals as the command prints them: the whole, then by each dimension."""
    from onestop.core.money import format_pounds
    from onestop.insight.returns.build import DIMENSIONS

    def described(line: "Line") -> str:
        return (
            f"{format_pounds(line.value_pence)} in {line.awards:,} "
            f"{'award' if line.awards == 1 else 'awards'} to {line.households:,} "
            f"{'household' if line.households == 1 else 'households'}"
        )

    period = figures.period
    lines = [
        f"{'Draft management' if draft else 'Management'} return for {figures.council_name}, "
        f"{period.name} ({period.dates})",
        f"Total: {described(figures.total)}",
    ]
    for index, (name, _) in enumerate(DIMENSIONS):
        lines.append(f"By {name.lower()}:")
        width = max(len(line.labels[index]) for line in figures.totals_by(index))
        for line in figures.totals_by(index):
            lines.append(f"  {line.labels[index] + ':':<{width + 1}} {described(line)}")
    returned = figures.returned_awards
    lines.append(
        f"Taken off: {format_pounds(figures.returned_pence)} returned to the fund from "
        f"{returned} {'award' if returned == 1 else 'awards'} made in the period"
    )
    return lines
