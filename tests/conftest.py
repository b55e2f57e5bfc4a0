"""Shared fixtures, the PostgreSQL-only marker, and Hypothesis settings for the whole suite."""

import threading
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import connection, models, transaction
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from onestop.budgets.models import Budget
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.policy.models import Scheme
from tests import factories

# No deadlines (speed lives in benchmarks) and no example database written into the project.
# Database-backed properties take the function-scoped `db` fixture on purpose and roll back
# each example themselves (see `rolled_back`), so that health check does not apply to them.
hypothesis_settings.register_profile(
    "onestop",
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
hypothesis_settings.load_profile("onestop")

# `@postgres_only` is the same as `@pytest.mark.postgres`: the test is skipped on SQLite.
postgres_only = pytest.mark.postgres
POSTGRES_ONLY_REASON = "only meaningful on PostgreSQL"


def on_postgresql() -> bool:
    """Whether the suite is running against PostgreSQL (DATABASE_URL set) rather than SQLite."""
    return "postgresql" in django_settings.DATABASES["default"]["ENGINE"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if on_postgresql():
        return
    skip = pytest.mark.skip(reason=POSTGRES_ONLY_REASON)
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


@contextmanager
def _rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


@pytest.fixture
def rolled_back() -> Callable[[], AbstractContextManager[None]]:
    """A context manager that undoes everything written inside it: one per Hypothesis example."""
    return _rolled_back


@pytest.fixture
def row_counts() -> Callable[..., dict[str, int]]:
    """Count the rows of the given models, to show that a refused request saved nothing."""

    def count(*model_classes: type[models.Model]) -> dict[str, int]:
        return {m._meta.label: m._default_manager.count() for m in model_classes}

    return count


@pytest.fixture
def in_threads() -> Callable[[int, Callable[[], Any]], list[tuple[str, Any]]]:
    """Run a function in N threads released together; each thread has its own connection.

    Returns one ("ok", result) or ("error", exception) per thread. Use with
    `@pytest.mark.django_db(transaction=True)` so the threads can see the test's data.
    """

    def run(count: int, work: Callable[[], Any]) -> list[tuple[str, Any]]:
        start = threading.Barrier(count)
        outcomes: list[tuple[str, Any]] = [("not run", None)] * count

        def worker(index: int) -> None:
            try:
                start.wait(timeout=60)
                outcomes[index] = ("ok", work())
            except Exception as error:  # the test decides which errors are expected
                outcomes[index] = ("error", error)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker, args=(i,)) for i in range(count)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=300)  # a guard against a hang, not a timing check
        return outcomes

    return run


@pytest.fixture
def council(db: None) -> Council:
    return factories.make_council()


@pytest.fixture
def other_council(db: None) -> Council:
    return factories.make_council()


@pytest.fixture
def scheme(council: Council) -> Scheme:
    return factories.make_scheme(council=council)


@pytest.fixture
def budget(scheme: Scheme) -> Budget:
    return factories.make_budget(scheme=scheme, total_pence=1_000_000)


@pytest.fixture
def decision_maker(council: Council) -> Membership:
    return factories.make_membership(role=Role.DECISION_MAKER, council=council)


@pytest.fixture
def adviser(council: Council) -> Membership:
    return factories.make_membership(role=Role.ADVISER, council=council)
