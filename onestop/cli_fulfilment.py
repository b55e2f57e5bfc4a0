"""`onestop fulfilment`: run the outbox worker that turns awards into codes, payments and orders."""

import sys

import click


@click.group()
def fulfilment() -> None:
    """Fulfilment: the worker that delivers awards."""


@fulfilment.command("work")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 32),
              help="How many worker processes to run side by side.")  # fmt: skip
@click.option("--until-idle", is_flag=True,
              help="Stop when nothing is waiting, instead of waiting for more.")  # fmt: skip
def fulfilment_work(workers: int, until_idle: bool) -> None:
    """Fulfil awards from the outbox until stopped (Ctrl-C finishes the award in hand).

    `onestop serve` already runs one worker; run more here when many awards are waiting.
    """
    from onestop.cli import _django_setup, _require_database_ready
    from onestop.fulfilment.worker import main

    _django_setup()
    _require_database_ready()
    arguments = [f"--workers={workers}", *(["--until-idle"] if until_idle else [])]
    sys.exit(main(arguments))
