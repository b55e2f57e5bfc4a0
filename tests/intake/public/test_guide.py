"""The "Can I get help?" guide: each open scheme in plain words, and always a way to apply."""

import re
import shutil
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import Client

from onestop.policy.services import scheme_create
from tests import factories

GUIDE = "/councils/northshire/can-i-get-help/"
START = 'href="/councils/northshire/apply/"'
NUMBERS = "01632 960000, or free on 0808 157 0000"
# What an eligibility checker would say; the guide never says any of it.
TURNED_AWAY = re.compile(r"cannot apply|can't apply|not eligible|you do not qualify", re.I)


@pytest.fixture
def council(db):
    return factories.make_council(name="Northshire Council", slug="northshire")


def add_scheme(council, name: str, slug: str, policy: str, days: int = 2):
    return scheme_create(
        actor=None,
        council=council,
        name=name,
        slug=slug,
        reference_prefix=slug[:2].upper(),
        decision_target_working_days=days,
        policy=policy,
    )


@pytest.fixture
def schemes(council):
    return [
        add_scheme(council, "Crisis Payment", "crisis-payment", "crisis-payment", days=1),
        add_scheme(council, "Essential household items", "essential-items", "essential-items"),
        add_scheme(council, "Housing Payment", "housing-payment", "housing-payment", days=5),
    ]


def text_of(client: Client, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200, path
    return page.content.decode()


def test_the_overview_lists_each_open_scheme_and_never_turns_anyone_away(client, schemes, council):
    factories.make_scheme(council=council, name="Winter Fuel Top-up", is_open=False)

    text = text_of(client, GUIDE)

    assert "Can I get help?" in text
    for scheme in schemes:
        assert f'href="{GUIDE}{scheme.slug}/"' in text
    assert "Winter Fuel Top-up" not in text
    assert "Start your application" in text
    assert START in text
    assert NUMBERS in text
    assert not TURNED_AWAY.search(text)


def test_each_scheme_page_says_who_what_what_to_have_ready_and_how_long(client, schemes):
    for scheme in schemes:
        text = text_of(client, f"{GUIDE}{scheme.slug}/")

        for heading in (
            "Who it is for",
            "What you can get",
            "What you need to have ready",
            "How long a decision takes",
        ):
            assert heading in text, (scheme.slug, heading)
        assert START in text
        assert "You can also apply by phone: call us on " + NUMBERS in text
        assert not TURNED_AWAY.search(text), scheme.slug


def test_the_figures_are_the_policys_own(client, schemes):
    crisis = text_of(client, f"{GUIDE}crisis-payment/")
    items = text_of(client, f"{GUIDE}essential-items/")
    housing = text_of(client, f"{GUIDE}housing-payment/")

    assert "less than £6,000 in savings" in crisis
    assert (
        "Food: £60 for one person, £100 for 2 to 5 people, or £150 for 6 people or more" in crisis
    )
    assert "up to £49" in crisis
    assert "less than £700 in savings (£1,200 if you are 66 or older)" in items
    assert "for up to 13 weeks" in housing
    assert "up to £1,500 towards rent arrears" in housing


def test_how_long_is_the_schemes_decision_target(client, schemes):
    assert "within 1 working day of" in text_of(client, f"{GUIDE}crisis-payment/")
    assert "within 5 working days of" in text_of(client, f"{GUIDE}housing-payment/")


def copy_policy(policies: Path, name: str, *, to: str) -> Path:
    shutil.copytree(Path(django_settings.POLICIES_DIR) / name, policies / to)
    return policies / to / "policy.yaml"


def test_a_change_to_the_policy_changes_the_guide(client, council, tmp_path, settings):
    policy_file = copy_policy(tmp_path, "crisis-payment", to="crisis-payment")
    policy_file.write_text(
        policy_file.read_text().replace("2026-04-01: £6,000", "2026-04-01: £7,500")
    )
    settings.POLICIES_DIR = tmp_path
    add_scheme(council, "Crisis Payment", "crisis-payment", "crisis-payment")

    assert "less than £7,500 in savings" in text_of(client, f"{GUIDE}crisis-payment/")


def test_a_scheme_without_words_of_its_own_is_described_from_its_policy(
    client, council, tmp_path, settings
):
    copy_policy(tmp_path, "crisis-payment", to="local-grant")
    settings.POLICIES_DIR = tmp_path
    add_scheme(council, "Local Grant", "local-grant", "local-grant")

    text = text_of(client, f"{GUIDE}local-grant/")

    assert "Food, by the size of the household" in text
    assert START in text


def test_pages_are_in_order_with_previous_and_next(client, schemes):
    text = text_of(client, f"{GUIDE}essential-items/")

    # Schemes are in name order: Crisis Payment, Essential household items, Housing Payment.
    assert re.search(
        r'href="/councils/northshire/can-i-get-help/crisis-payment/"[^>]*rel="prev"', text
    )
    assert re.search(
        r'href="/councils/northshire/can-i-get-help/housing-payment/"[^>]*rel="next"', text
    )
    assert '<span aria-current="page">Essential household items</span>' in text


def test_with_no_open_scheme_the_guide_still_offers_to_apply_and_to_call(client, council):
    text = text_of(client, GUIDE)

    assert START in text
    assert NUMBERS in text
    assert not TURNED_AWAY.search(text)


def test_a_closed_or_unknown_scheme_is_not_found(client, council):
    factories.make_scheme(council=council, slug="closed-scheme", is_open=False)

    assert client.get(f"{GUIDE}closed-scheme/").status_code == 404
    assert client.get(f"{GUIDE}no-such-scheme/").status_code == 404
    assert client.get("/councils/nowhere/can-i-get-help/").status_code == 404
