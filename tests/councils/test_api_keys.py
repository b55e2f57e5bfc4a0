"""Partner API keys: stored only as a hash, issued and revoked by council admins, audited."""

import pytest
from django.test import Client

from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.api_keys import key_hash
from onestop.councils.models import ApiKey, Organisation
from onestop.councils.services import api_key_authenticate, api_key_revoke
from tests import factories


def test_only_a_hash_of_the_key_is_stored(db):
    api_key, key = factories.make_api_key()

    stored = ApiKey.objects.get(pk=api_key.pk)
    assert key not in {stored.prefix, stored.secret_hash, stored.name}
    assert stored.secret_hash == key_hash(key)
    assert key.startswith(f"onestop_{stored.prefix}_")


def test_a_key_authenticates_until_it_is_revoked(db):
    api_key, key = factories.make_api_key()

    assert api_key_authenticate(presented=key) == api_key
    assert ApiKey.objects.get(pk=api_key.pk).last_used_at is not None

    api_key_revoke(actor=None, api_key=api_key)

    assert api_key_authenticate(presented=key) is None


@pytest.mark.parametrize("presented", ["", "onestop", "onestop__x", "other_12345678_x"])
def test_things_that_are_not_keys_do_not_authenticate(db, presented):
    factories.make_api_key()

    assert api_key_authenticate(presented=presented) is None


def test_a_key_cannot_be_revoked_twice(db):
    from onestop.core.errors import ServiceError

    api_key, _ = factories.make_api_key()
    api_key_revoke(actor=None, api_key=api_key)

    with pytest.raises(ServiceError, match="already revoked"):
        api_key_revoke(actor=None, api_key=api_key)


@pytest.fixture
def admin(council):
    return factories.make_membership(role=Role.ADMIN, council=council)


def _signed_in(membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def test_an_admin_issues_a_key_to_a_new_organisation_and_sees_it_once(council, admin):
    client = _signed_in(admin)

    page = client.post(
        f"/staff/{council.slug}/api-keys/",
        {
            "organisation": "new",
            "new_name": "Northside Food Bank",
            "kind": "food_bank",
            "name": "Referrals",
        },
    )

    assert page.status_code == 200
    text = page.content.decode()
    organisation = Organisation.objects.get(council=council, name="Northside Food Bank")
    api_key = ApiKey.objects.get(organisation=organisation)
    assert "This is the only time the key is shown" in text
    shown = text.split('id="api-key">')[1].split("<")[0]
    assert key_hash(shown) == api_key.secret_hash
    assert AuditEvent.objects.filter(action="api_key.issued", actor=admin.user).count() == 1

    listing = client.get(f"/staff/{council.slug}/api-keys/").content.decode()
    assert "Northside Food Bank" in listing
    assert api_key.prefix in listing
    assert shown not in listing


def test_issuing_for_a_new_organisation_without_a_name_says_what_to_do(council, admin):
    page = _signed_in(admin).post(
        f"/staff/{council.slug}/api-keys/", {"organisation": "new", "kind": "other"}
    )

    assert "Enter the new organisation&#39;s name" in page.content.decode()
    assert ApiKey.objects.count() == 0


def test_an_admin_revokes_a_key_and_it_is_audited(council, admin):
    api_key, key = factories.make_api_key(council=council)

    response = _signed_in(admin).post(f"/staff/{council.slug}/api-keys/{api_key.pk}/revoke/")

    assert response.status_code == 302
    assert ApiKey.objects.get(pk=api_key.pk).revoked_at is not None
    event = AuditEvent.objects.get(action="api_key.revoked")
    assert event.actor == admin.user
    assert api_key_authenticate(presented=key) is None


def test_another_councils_key_cannot_be_revoked(council, admin, other_council):
    theirs, _ = factories.make_api_key(council=other_council)

    response = _signed_in(admin).post(f"/staff/{council.slug}/api-keys/{theirs.pk}/revoke/")

    assert response.status_code == 404
    assert ApiKey.objects.get(pk=theirs.pk).revoked_at is None


def test_people_without_the_capability_cannot_open_the_page(council, decision_maker):
    response = _signed_in(decision_maker).get(f"/staff/{council.slug}/api-keys/")

    assert response.status_code == 403
