"""The fulfilment outbox worker as a process: `python -m onestop.fulfilment.worker`.

`onestop serve` starts one beside the web server; `onestop fulfilment work --workers N` runs N.
SIGTERM or Ctrl-C lets the worker finish the award in hand and stop; SIGKILL at any point
loses nothing, because a claim is only a lease (see services/outbox.py).
"""

import argparse
import os
import signal
import subprocess
import sys
from types import FrameType


def run_one(*, until_idle: bool, idle_seconds: float, batch: int) -> int:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.demo")
    django.setup()
    from onestop.fulfilment.services.outbox import outbox_work, worker_name

    stopping: list[int] = []

    def stop(signum: int, frame: FrameType | None) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    return outbox_work(
        worker=worker_name(),
        should_stop=lambda: bool(stopping),
        batch=batch,
        idle_seconds=idle_seconds,
        until_idle=until_idle,
    )


def run_many(*, workers: int, arguments: list[str]) -> int:
    """Start `workers` single workers and wait for them all; a signal is passed on to each."""
    children = [
        subprocess.Popen([sys.executable, "-m", "onestop.fulfilment.worker", *arguments])  # noqa: S603
        for _ in range(workers)
    ]

    def pass_on(signum: int, frame: FrameType | None) -> None:
        for child in children:
            child.send_signal(signum)

    signal.signal(signal.SIGTERM, pass_on)
    signal.signal(signal.SIGINT, pass_on)
    return max(child.wait() for child in children)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--until-idle", action="store_true")
    parser.add_argument("--idle-seconds", type=float, default=1.0)
    parser.add_argument("--batch", type=int, default=10)
    options = parser.parse_args(argv)
    if options.workers > 1:
        single = [
            f"--idle-seconds={options.idle_seconds}",
            f"--batch={options.batch}",
            *(["--until-idle"] if options.until_idle else []),
        ]
        return run_many(workers=options.workers, arguments=single)
    run_one(until_idle=options.until_idle, idle_seconds=options.idle_seconds, batch=options.batch)
    return 0


if __name__ == "__main__":
    sys.exit(main())
