"""An award takes the budget row's lock last, so decisions on one budget wait as little as possible."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from onestop.budgets.models import Budget
from onestop.casework.models import DecisionOutcome
from onestop.casework.services.decisions import decision_record
from onestop.councils.models import Membership
from onestop.policy.models import Scheme
from tests.factories import submit_application


def test_the_guarded_budget_update_is_the_last_write_of_an_award(
    decision_maker: Membership, scheme: Scheme, budget: Budget
) -> None:
    application = submit_application(scheme=scheme)
    with CaptureQueriesContext(connection) as queries:
        decision_record(
            membership=decision_maker,
            application=application,
            outcome=DecisionOutcome.AWARD,
            reasons="You meet the scheme's criteria.",
            amount_pence=6_000,
        )
    writes = [
        q["sql"]
        for q in queries.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    budget_table = Budget._meta.db_table
    assert budget_table in writes[-1], "the budget update must come after every other write"
    assert sum(budget_table in sql and sql.upper().startswith("UPDATE") for sql in writes) == 1
    budget.refresh_from_db()
    assert budget.committed_pence == 6_000
