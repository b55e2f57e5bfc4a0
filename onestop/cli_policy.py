"""`onestop policy ...`: test policy files, simulate a draft over past applications, screen a caseload.

Each command lives beside the code it drives; this module only gathers them into one group.
"""

import click


@click.group(name="policy")
def policy() -> None:
    """Work with scheme policies: test them, try a draft, screen a caseload."""


def register_commands() -> None:
    from onestop.intake.commands import simulate_command
    from onestop.policy.cases import test_command
    from onestop.policy.screening import screen_command

    policy.add_command(test_command, name="test")
    policy.add_command(simulate_command, name="simulate")
    policy.add_command(screen_command, name="screen")
