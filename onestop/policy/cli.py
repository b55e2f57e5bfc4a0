"""`onestop policy ...`: test policy files, simulate a draft over past applications, screen a caseload."""

import click


@click.group(name="policy")
def policy() -> None:
    """Work with scheme policies: test them, try a draft, screen a caseload."""


def register_commands() -> None:
    """Each command lives beside the code it drives; importing them adds them to the group."""
    from onestop.policy import cli_screen, cli_simulate, cli_test  # noqa: F401
