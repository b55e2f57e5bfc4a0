"""`onestop returns`: the management return for the department, built from the cases."""

import click


@click.group()
def returns() -> None:
    """The management return for the department (see docs/returns.md)."""
