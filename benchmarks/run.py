"""Run the benchmark groups (`make bench`, or `make bench ONLY=policy` for one) and print figures.

Each group is a module of this package with a `main(argv)` that prints `bench:` lines; each runs
in its own Python process, so one group's memory and warm caches never touch another's.
`ONLY` may name a group (`policy`) or figures by the start of their names (`policy.screen_1m`).
"""

import os
import subprocess
import sys
import time

GROUPS = ("policy", "budget", "addresses", "fulfilment", "linkage", "insight")


def main(argv: list[str]) -> int:
    only = argv[0] if argv and argv[0] else ""
    group = only.split(".", 1)[0]
    if group and group not in GROUPS:
        print(f"No benchmark group '{group}'. Groups: {', '.join(GROUPS)}", file=sys.stderr)
        return 2
    load = ", ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"# {os.cpu_count()} cores; load average {load} at the start", flush=True)
    failed = []
    for name in [group] if group else GROUPS:
        started = time.perf_counter()
        command = [sys.executable, "-m", f"benchmarks.{name}"]
        if "." in only:
            command += ["--only", only]
        print(f"# benchmarks.{name}", flush=True)
        if subprocess.run(command, check=False).returncode != 0:  # noqa: S603 - our own modules
            failed.append(name)
        print(f"# benchmarks.{name} took {time.perf_counter() - started:.0f} s", flush=True)
    if failed:
        print(f"Benchmark groups failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
