"""Budget figures: award commits per second against ONE budget, beside plain row updates.

Run by `make bench` (or `make bench ONLY=budget`). Needs PostgreSQL at DATABASE_URL, else
postgres://postgres@127.0.0.1:5432/postgres; it creates and drops its own database.

What is measured, honestly: plain psycopg, not Django. Each award commit is one transaction
with the SQL that `commitment_create` issues: the guarded UPDATE of the budget row (RETURNING
the new committed total, which the spend alert check reads) and the INSERT of the commitment row
(RETURNING its id), then COMMIT. The service writes the commitment first and the budget last;
here the UPDATE comes first, which holds the row lock longer, so the figure errs low. The
tables mirror budgets_budget / budgets_commitment (the check constraint, the foreign key to the
budget, the indexed columns) without the council and application tables; the audit row that
commitment_create also writes, the rare spend alert rows, and the rest of decision_record's
transaction, are not included. The limit is one plain `UPDATE ... SET committed = committed + 1
WHERE id = ...` per transaction, measured in the same run with the same writers.

Writers are separate processes (multiprocessing, one connection each), released together by a
barrier; each figure is a fixed number of transactions shared among the writers.
"""

import argparse
import multiprocessing
import os
import sys
import time
from collections.abc import Sequence
from urllib.parse import urlsplit, urlunsplit

import psycopg

DATABASE = "onestop_bench_budget"
WRITERS = (1, 8, 32)
TRANSACTIONS = 5_000
TOTAL_PENCE = 10**15  # never exhausted: the figure is the cost of the guard, not of refusals
AWARD_PENCE = 6_000

SCHEMA = """
CREATE TABLE budget (
    id bigserial PRIMARY KEY,
    name varchar(120) NOT NULL,
    total_pence bigint NOT NULL CHECK (total_pence >= 0),
    committed_pence bigint NOT NULL DEFAULT 0 CHECK (committed_pence >= 0),
    CONSTRAINT budget_never_overspent CHECK (committed_pence <= total_pence)
);
CREATE TABLE commitment (
    id bigserial PRIMARY KEY,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    budget_id bigint NOT NULL REFERENCES budget (id) DEFERRABLE INITIALLY DEFERRED,
    application_id bigint NOT NULL,
    amount_pence integer NOT NULL CHECK (amount_pence >= 0),
    status varchar(20) NOT NULL
);
CREATE INDEX commitment_budget_id ON commitment (budget_id);
CREATE INDEX commitment_application_id ON commitment (application_id);
"""

GUARDED_UPDATE = (
    'UPDATE "budget" SET "committed_pence" = ("budget"."committed_pence" + %s) '
    'WHERE ("budget"."id" = %s AND "budget"."total_pence" >= ("budget"."committed_pence" + %s)) '
    'RETURNING "budget"."committed_pence"'
)
INSERT_COMMITMENT = (
    'INSERT INTO "commitment" ("created_at", "updated_at", "budget_id", "application_id", '
    '"amount_pence", "status") VALUES (now(), now(), %s, %s, %s, %s) RETURNING "commitment"."id"'
)
PLAIN_UPDATE = 'UPDATE "budget" SET "committed_pence" = "committed_pence" + 1 WHERE "id" = %s'


def server_url() -> str:
    return os.environ.get("DATABASE_URL") or "postgres://postgres@127.0.0.1:5432/postgres"


def database_url(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def say(name: str, value: float, unit: str, details: str) -> None:
    shown = f"{value:.0f}" if value >= 100 else f"{value:.2f}"
    print(f"bench: {name} = {shown}{' ' + unit if unit else ''} ({details})", flush=True)


def note(text: str) -> None:
    print(f"  {text}", flush=True)


def _writer(
    url: str,
    kind: str,
    budget_id: int,
    count: int,
    offset: int,
    start,
    done,
) -> None:
    with psycopg.connect(url) as conn:
        conn.execute("SELECT 1")
        conn.commit()
        start.wait()
        with conn.cursor() as cur:
            for i in range(count):
                if kind == "commit":
                    cur.execute(GUARDED_UPDATE, (AWARD_PENCE, budget_id, AWARD_PENCE))
                    if cur.rowcount != 1:
                        raise SystemExit("the guarded update refused a commit that fitted")
                    cur.fetchone()  # the new committed total, which the spend alert check reads
                    cur.execute(
                        INSERT_COMMITMENT, (budget_id, offset + i, AWARD_PENCE, "committed")
                    )
                    cur.fetchone()
                else:
                    cur.execute(PLAIN_UPDATE, (budget_id,))
                conn.commit()
    done.put(count)


def measure(url: str, kind: str, budget_id: int, writers: int) -> float:
    """Transactions per second: TRANSACTIONS shared among `writers` processes."""
    context = multiprocessing.get_context("fork")
    start = context.Barrier(writers + 1)
    done = context.Queue()
    shares = [
        TRANSACTIONS // writers + (1 if i < TRANSACTIONS % writers else 0) for i in range(writers)
    ]
    processes = []
    offset = 0
    for share in shares:
        process = context.Process(
            target=_writer, args=(url, kind, budget_id, share, offset, start, done)
        )
        offset += share
        process.start()
        processes.append(process)
    start.wait()
    started = time.perf_counter()
    finished = sum(done.get(timeout=600) for _ in processes)
    elapsed = time.perf_counter() - started
    for process in processes:
        process.join()
        if process.exitcode != 0:
            raise SystemExit(f"a {kind} writer failed (exit {process.exitcode})")
    assert finished == TRANSACTIONS
    return TRANSACTIONS / elapsed


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", default="", help="figures whose names start with this")
    args = parser.parse_args(argv)
    server = server_url()
    try:
        admin = psycopg.connect(
            database_url(server, "postgres"), autocommit=True, connect_timeout=5
        )
    except psycopg.Error:
        print("# budget benchmarks need PostgreSQL at DATABASE_URL or 127.0.0.1:5432", flush=True)
        return 0
    url = database_url(server, DATABASE)
    with admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}"')
        admin.execute(f'CREATE DATABASE "{DATABASE}"')
        try:
            with psycopg.connect(url, autocommit=True) as conn:
                conn.execute(SCHEMA)
            ours: dict[int, float] = {}
            plain: dict[int, float] = {}
            for writers in WRITERS:
                with psycopg.connect(url, autocommit=True) as conn:
                    commit_budget = conn.execute(
                        "INSERT INTO budget (name, total_pence) VALUES (%s, %s) RETURNING id",
                        (f"commits w{writers}", TOTAL_PENCE),
                    ).fetchone()[0]
                    plain_budget = conn.execute(
                        "INSERT INTO budget (name, total_pence) VALUES (%s, %s) RETURNING id",
                        (f"plain w{writers}", TOTAL_PENCE),
                    ).fetchone()[0]
                plain[writers] = measure(url, "plain", plain_budget, writers)
                ours[writers] = measure(url, "commit", commit_budget, writers)
                with psycopg.connect(url, autocommit=True) as conn:
                    committed, rows = conn.execute(
                        "SELECT b.committed_pence, (SELECT coalesce(sum(amount_pence), 0) "
                        "FROM commitment c WHERE c.budget_id = b.id) FROM budget b WHERE id = %s",
                        (commit_budget,),
                    ).fetchone()
                if committed != rows or committed != TRANSACTIONS * AWARD_PENCE:
                    raise SystemExit("the books do not balance after the commit benchmark")
                name = f"budget.commit_w{writers}"
                if name.startswith(args.only or "budget"):
                    say(
                        name,
                        ours[writers],
                        "/s",
                        f"{TRANSACTIONS} award commits (guarded UPDATE + INSERT, one "
                        f"transaction each) on one budget, {writers} writer process{'es' if writers != 1 else ''}; plain "
                        f"single-row UPDATEs {plain[writers]:.0f}/s",
                    )
            if "budget.commit_vs_plain_update_w32".startswith(args.only or "budget"):
                say(
                    "budget.commit_vs_plain_update_w32",
                    ours[32] / plain[32],
                    "",
                    f"ours {ours[32]:.0f}/s, plain {plain[32]:.0f}/s, 32 writers; goal >= 0.5",
                )
            note(
                f"(PostgreSQL {admin.info.server_version}; plain psycopg, processes; {os.cpu_count()} cores)"
            )
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{DATABASE}" WITH (FORCE)')
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
