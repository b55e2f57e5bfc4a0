"""`onestop policy simulate`: a draft's effect on a period's applications, printed beside the policy in force."""

import re
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from django.conf import settings

from onestop.councils.models import Council
from onestop.intake.commands import simulate_command
from onestop.intake.models import Assessment
from onestop.policy.models import Scheme
from onestop.policy.vocabulary import CrisisReason
from tests.factories import london_time, make_council, make_scheme, submit_application

pytestmark = pytest.mark.django_db

IN_FORCE = Path(settings.POLICIES_DIR) / "crisis-payment" / "policy.yaml"


def draft(tmp_path: Path, *, old: str, new: str) -> Path:
    text = IN_FORCE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "draft.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def simulate(*args: str) -> Result:
    return CliRunner().invoke(simulate_command, list(args))


def row(output: str, label: str) -> list[str]:
    """The cells of the first line of the printed tables that starts with `label`."""
    for line in output.splitlines():
        if line.startswith(label + "  "):
            return re.split(r"\s{2,}", line.strip())[1:]
    raise AssertionError(f"no line for {label!r} in:\n{output}")


@pytest.fixture
def applications(scheme: Scheme) -> None:
    """One eligible, two with savings between £6,000 and £8,000, one with more."""
    for day, savings in [(1, 50_000), (2, 650_000), (3, 799_999), (4, 900_000)]:
        submit_application(
            scheme=scheme,
            submitted_at=london_time(2026, 6, day),
            savings_pence=savings,
            crisis_reason=CrisisReason.LOSS_OF_INCOME,
        )
    # Outside the period: not counted.
    submit_application(scheme=scheme, submitted_at=london_time(2026, 8, 1), savings_pence=650_000)


def test_a_draft_that_raises_the_savings_limit_shows_who_would_become_eligible(
    tmp_path: Path, scheme: Scheme, applications: None
) -> None:
    path = draft(tmp_path, old="2026-04-01: £6,000", new="2026-04-01: £8,000")
    result = simulate(
        "--scheme", scheme.slug, "--policy", str(path), "--from", "2026-06-01", "--to", "2026-06-30"
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    assert "Applications: 4" in result.output
    assert row(result.output, "Eligible") == ["1", "3", "+2"]
    assert row(result.output, "Not eligible") == ["3", "1", "-2"]
    assert row(result.output, "Total proposed award") == ["£60.00", "£180.00", "+£120.00"]
    assert "2 of 4 applications would change outcome" in result.output
    # Nothing stored changes: a simulation only looks.
    assert not Assessment.objects.filter(outcome="eligible", proposed_award_pence=0).exists()
    assert Assessment.objects.filter(outcome="eligible").count() == 1


def test_the_draft_unchanged_changes_nothing(
    tmp_path: Path, scheme: Scheme, applications: None
) -> None:
    result = simulate(
        "--scheme", scheme.slug, "--policy", str(IN_FORCE),
        "--from", "2026-06-01", "--to", "2026-06-30",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert row(result.output, "Eligible") == ["1", "1", "0"]
    assert "0 of 4 applications would change outcome" in result.output


def test_a_malformed_draft_prints_each_problem_with_its_line_and_exits_1(
    tmp_path: Path, scheme: Scheme
) -> None:
    path = draft(tmp_path, old="test: savings < savings_limit", new="test: savings < savings_limt")
    line = next(
        n
        for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if "savings_limt" in text
    )
    result = simulate(
        "--scheme", scheme.slug, "--policy", str(path), "--from", "2026-06-01", "--to", "2026-06-30"
    )  # fmt: skip
    assert result.exit_code == 1
    assert f"{path}, line {line}: " in result.output
    assert "savings_limt" in result.output
    assert "Error: The draft policy has 1 problem: fix it and try again." in result.output


def test_a_scheme_slug_two_councils_use_needs_the_council(
    tmp_path: Path, council: Council, scheme: Scheme, applications: None
) -> None:
    other = make_council()
    make_scheme(council=other, slug=scheme.slug)
    args = ["--scheme", scheme.slug, "--policy", str(IN_FORCE)]
    args += ["--from", "2026-06-01", "--to", "2026-06-30"]

    ambiguous = simulate(*args)
    assert ambiguous.exit_code == 1
    assert "More than one council runs a scheme called" in ambiguous.output
    assert "choose one with --council" in ambiguous.output

    chosen = simulate(*args, "--council", council.slug)
    assert chosen.exit_code == 0, chosen.output
    assert "Applications: 4" in chosen.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--scheme", "no-such-scheme"],
            "Error: There is no scheme with the slug 'no-such-scheme'",
        ),
        (["--from", "2026-07-01", "--to", "2026-06-01"], "Error: --to must be the same day as"),
        (["--policy", "missing.yaml"], "Error: There is no policy file at missing.yaml."),
    ],
    ids=["unknown scheme", "dates backwards", "no draft file"],
)
def test_bad_input_exits_non_zero_with_one_line(
    scheme: Scheme, applications: None, args: list[str], message: str
) -> None:
    options = {
        "--scheme": scheme.slug,
        "--policy": str(IN_FORCE),
        "--from": "2026-06-01",
        "--to": "2026-06-30",
    }
    options.update(dict(zip(args[::2], args[1::2], strict=True)))
    result = simulate(*[part for pair in options.items() for part in pair])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert errors[0].startswith(message), result.output


def test_a_period_with_applications_from_before_a_policy_has_values_is_refused(
    scheme: Scheme, applications: None
) -> None:
    """An application made under an earlier policy, before this one's values begin."""
    from onestop.intake.models import Application

    earliest = Application.objects.filter(scheme=scheme).order_by("submitted_at").first()
    assert earliest is not None
    Application.objects.filter(pk=earliest.pk).update(submitted_at=london_time(2026, 3, 20))
    result = simulate(
        "--scheme", scheme.slug, "--policy", str(IN_FORCE),
        "--from", "2026-03-01", "--to", "2026-06-30",
    )  # fmt: skip
    assert result.exit_code == 1
    assert (
        "Error: The policy in force has values only from 1 April 2026, but 1 application was "
        "made before then." in result.output
    )


def test_a_scheme_whose_policy_in_force_cannot_be_loaded_is_explained(
    scheme: Scheme, applications: None
) -> None:
    Scheme.objects.filter(pk=scheme.pk).update(policy="no-such-policy")
    result = simulate(
        "--scheme", scheme.slug, "--policy", str(IN_FORCE),
        "--from", "2026-06-01", "--to", "2026-06-30",
    )  # fmt: skip
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1
    assert errors[0].startswith(
        "Error: The policy in force for Crisis Payment (no-such-policy) cannot be loaded"
    )
