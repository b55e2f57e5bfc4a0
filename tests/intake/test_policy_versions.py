"""A decision keeps the policy version and reasons it was made with, after the policy changes."""

import datetime
import os
import shutil
from pathlib import Path

import pytest
from django.test import override_settings

from onestop.intake.models import Assessment
from onestop.policy.engine import POLICIES
from tests.factories import london_time, make_budget, make_scheme, submit_application

REAL_POLICIES = Path(__file__).resolve().parents[2] / "policies"


@pytest.fixture
def policies(tmp_path: Path) -> Path:
    shutil.copytree(REAL_POLICIES / "crisis-payment", tmp_path / "crisis-payment")
    return tmp_path


def _raise_savings_limit(policies: Path) -> None:
    path = policies / "crisis-payment" / "policy.yaml"
    text = path.read_text()
    path.write_text(
        text.replace("2026-04-01: £6,000", "2026-04-01: £6,000\n      2026-06-01: £9,000")
    )
    later = path.stat().st_mtime + 5  # a new modification time, whatever the clock's grain
    os.utime(path, (later, later))


def test_assessments_keep_their_version_and_reasons_when_the_policy_changes(db, policies):
    with override_settings(POLICIES_DIR=policies):
        scheme = make_scheme()
        make_budget(scheme=scheme)
        before = submit_application(
            scheme=scheme, savings_pence=700_000, submitted_at=london_time(2026, 5, 20)
        )
        first = Assessment.objects.get(application=before)

        _raise_savings_limit(policies)
        after_change_date = submit_application(
            scheme=scheme, savings_pence=700_000, submitted_at=london_time(2026, 6, 2)
        )
        before_change_date = submit_application(
            scheme=scheme, savings_pence=700_000, submitted_at=london_time(2026, 5, 31)
        )

    first.refresh_from_db()
    assert first.outcome == "not_eligible"
    assert "Household savings are £6,000 or more" in [c["reason"] for c in first.criteria]
    new = Assessment.objects.get(application=after_change_date)
    assert new.policy_version != first.policy_version, "the new text has a new digest"
    assert new.outcome == "eligible"
    assert "Household savings are under £9,000" in [c["reason"] for c in new.criteria]
    # The change applies from its date only, even to applications assessed after the edit.
    old_rules = Assessment.objects.get(application=before_change_date)
    assert old_rules.outcome == "not_eligible"
    assert old_rules.assessed_on == datetime.date(2026, 5, 31)


def test_a_broken_edit_keeps_the_last_good_policy_in_use(db, policies):
    with override_settings(POLICIES_DIR=policies):
        scheme = make_scheme()
        make_budget(scheme=scheme)
        good = submit_application(scheme=scheme, submitted_at=london_time(2026, 6, 2))
        path = policies / "crisis-payment" / "policy.yaml"
        path.write_text(path.read_text().replace("savings < savings_limit", "savings < savigns"))
        later = path.stat().st_mtime + 5
        os.utime(path, (later, later))
        still = submit_application(scheme=scheme, submitted_at=london_time(2026, 6, 3))
        errors = POLICIES.last_errors
    versions = {Assessment.objects.get(application=a).policy_version for a in (good, still)}
    assert len(versions) == 1
    assert "savigns" in str(errors["crisis-payment"])
