"""`onestop partners add-staff`: partner staff can sign in to the portal with what it prints."""

from click.testing import CliRunner
from django.test import Client

from onestop.cli import cli
from onestop.core.roles import Role
from onestop.councils.models import Membership, Organisation
from tests import factories

ARGS = ["partners", "add-staff", "--council", "eastshire", "--organisation", "Eastshire Food Bank"]


def test_a_new_person_gets_a_one_time_password_that_signs_them_in_to_the_portal(db):
    council = factories.make_council(slug="eastshire")

    result = CliRunner().invoke(
        cli,
        [
            *ARGS,
            "--email",
            "Pat.Partner@example.org",
            "--name",
            "Pat Partner",
            "--kind",
            "food_bank",
        ],
    )

    assert result.exit_code == 0, result.output
    password = result.output.strip().splitlines()[-1].rsplit(": ", 1)[1]
    membership = Membership.objects.get(user__email="pat.partner@example.org")
    assert membership.role == Role.PARTNER
    assert membership.organisation == Organisation.objects.get(council=council)
    client = Client()
    response = client.post(
        "/staff/sign-in/", {"email": "pat.partner@example.org", "password": password}, follow=True
    )
    assert response.redirect_chain[-1][0] == "/partners/eastshire/"


def test_council_staff_cannot_be_made_partner_staff(db):
    council = factories.make_council(slug="eastshire")
    adviser = factories.make_membership(role=Role.ADVISER, council=council)

    result = CliRunner().invoke(cli, [*ARGS, "--email", adviser.user.email, "--name", "Ada"])

    assert result.exit_code != 0
    assert "already works for" in result.output
    assert Membership.objects.get(user=adviser.user).role == Role.ADVISER


def test_an_unknown_council_is_one_clear_line(db):
    result = CliRunner().invoke(
        cli,
        [
            *ARGS[:2],
            "--council",
            "nowhere",
            "--organisation",
            "X",
            "--email",
            "a@b.org",
            "--name",
            "A",
        ],
    )
    assert result.exit_code != 0
    assert "There is no council with the short name 'nowhere'" in result.output
