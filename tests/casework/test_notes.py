"""Case notes: who may add them, who may read a safeguarding note, the audit trail, no editing."""

import pytest
from django.test import Client
from django.urls import reverse

from onestop.casework import urls as casework_urls
from onestop.casework.models import CaseNote
from onestop.casework.selectors.notes import case_notes_visible
from onestop.casework.services.notes import MAX_NOTE_CHARACTERS, case_note_add
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.intake.models import Application
from onestop.policy.models import Scheme
from tests.factories import make_case_note, make_membership, submit_application

pytestmark = pytest.mark.django_db

SECRET = "Neighbour says the children were left alone overnight on Friday."


@pytest.fixture
def application(scheme: Scheme) -> Application:
    return submit_application(scheme=scheme)


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def case_page(application: Application) -> str:
    return reverse(
        "casework:case",
        kwargs={"council_slug": application.council.slug, "reference": application.reference},
    )


def note_page(application: Application) -> str:
    return reverse(
        "casework:note_add",
        kwargs={"council_slug": application.council.slug, "reference": application.reference},
    )


def test_a_note_is_kept_with_its_author(adviser: Membership, application: Application) -> None:
    note = case_note_add(
        membership=adviser,
        application=application,
        text="  Applicant will send a bank statement.  ",
        is_safeguarding=False,
    )
    stored = CaseNote.objects.get()
    assert stored == note
    assert stored.text == "Applicant will send a bank statement."
    assert stored.author == adviser.user
    assert stored.application == application


def test_adding_a_note_is_audited_on_the_case(
    adviser: Membership, application: Application
) -> None:
    make_case_note(application=application, membership=adviser, text=SECRET)
    event = AuditEvent.objects.get(action="case.note_added")
    assert event.case_reference == application.reference
    assert event.actor == adviser.user
    assert event.summary == "Note added"


def test_the_audit_trail_never_holds_a_safeguarding_notes_text(
    adviser: Membership, application: Application
) -> None:
    make_case_note(application=application, membership=adviser, text=SECRET, is_safeguarding=True)
    event = AuditEvent.objects.get(action="case.note_added")
    assert event.summary == "Safeguarding note added"
    assert event.case_reference == application.reference
    for field in (event.summary, event.reason, str(event.details)):
        assert "children" not in field


@pytest.mark.parametrize(
    ("role", "reads_it"),
    [
        (Role.ADVISER, False),
        (Role.DECISION_MAKER, False),
        (Role.ADMIN, False),
        (Role.TEAM_LEADER, True),
    ],
)
def test_a_safeguarding_note_is_read_only_by_team_leaders_and_its_author(
    council: Council, application: Application, role: Role, reads_it: bool
) -> None:
    author = make_membership(role=Role.ADVISER, council=council)
    make_case_note(application=application, membership=author, text=SECRET, is_safeguarding=True)
    reader = make_membership(role=role, council=council)

    (note,) = case_notes_visible(membership=reader, application=application)
    assert note.is_safeguarding
    assert (note.text == SECRET) is reads_it
    assert case_notes_visible(membership=author, application=application)[0].text == SECRET


def test_others_see_that_a_safeguarding_note_exists_but_not_what_it_says(
    council: Council, application: Application
) -> None:
    author = make_membership(role=Role.DECISION_MAKER, council=council)
    author.user.full_name = "Priya Author"
    author.user.save()
    make_case_note(application=application, membership=author, text=SECRET, is_safeguarding=True)
    make_case_note(application=application, membership=author, text="Rang the landlord.")
    adviser = make_membership(role=Role.ADVISER, council=council)

    page = client_for(adviser).get(case_page(application)).content.decode()

    assert SECRET not in page
    assert "A safeguarding note was added by Priya Author on" in page
    assert "ask a team leader" in page
    assert "Rang the landlord." in page

    leader = make_membership(role=Role.TEAM_LEADER, council=council)
    assert SECRET in client_for(leader).get(case_page(application)).content.decode()


def test_the_page_says_notes_cannot_be_changed_and_offers_no_way_to(
    adviser: Membership, application: Application
) -> None:
    make_case_note(application=application, membership=adviser)
    page = client_for(adviser).get(case_page(application)).content.decode()
    assert "Notes cannot be changed or deleted. To correct a note, add another one." in page
    # The only thing casework's addresses let anyone do with notes and documents is add them.
    names = {p.name for p in casework_urls.urlpatterns}
    assert {n for n in names if n and ("note" in n or "document" in n)} == {
        "note_add",
        "document_upload",
        "document_download",
    }


def test_an_adviser_adds_a_note_through_the_page(
    adviser: Membership, application: Application
) -> None:
    client = client_for(adviser)
    form = client.get(note_page(application))
    assert form.status_code == 200
    assert "A note cannot be changed or deleted once it is added." in form.content.decode()

    response = client.post(
        note_page(application), {"text": "Sent a food bank voucher.", "is_safeguarding": "no"}
    )

    assert response.status_code == 302
    assert response["Location"].endswith("#notes")
    assert CaseNote.objects.get().text == "Sent a food bank voucher."
    page = client.get(case_page(application)).content.decode()
    assert "Note added." in page
    assert "Sent a food bank voucher." in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Enter the note"),
        ({"text": "", "is_safeguarding": "no"}, "Enter the note"),
        ({"text": "   ", "is_safeguarding": "no"}, "Enter the note"),
        ({"text": "Rang back."}, "Select whether this is a safeguarding note"),
        (
            {"text": "x" * (MAX_NOTE_CHARACTERS + 1), "is_safeguarding": "no"},
            "The note must be 5,000 characters or fewer",
        ),
    ],
)
def test_a_bad_note_shows_what_to_do_and_saves_nothing(
    adviser: Membership, application: Application, data: dict[str, str], message: str
) -> None:
    response = client_for(adviser).post(note_page(application), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert not CaseNote.objects.exists()
    assert not AuditEvent.objects.filter(action="case.note_added").exists()


def test_roles_without_notes_cannot_add_them(council: Council, application: Application) -> None:
    for role in (Role.FINANCE, Role.ADMIN):
        membership = make_membership(role=role, council=council)
        with pytest.raises(NotPermitted):
            case_note_add(
                membership=membership, application=application, text="Hi", is_safeguarding=False
            )
        response = client_for(membership).post(
            note_page(application), {"text": "Hi", "is_safeguarding": "no"}
        )
        assert response.status_code == 403
    assert not CaseNote.objects.exists()


def test_nobody_adds_a_note_to_another_councils_case(
    application: Application, other_council: Council
) -> None:
    outsider = make_membership(role=Role.TEAM_LEADER, council=other_council)
    with pytest.raises(NotPermitted):
        case_note_add(
            membership=outsider, application=application, text="Hi", is_safeguarding=False
        )
    assert client_for(outsider).post(note_page(application), {"text": "Hi"}).status_code == 404
    assert not CaseNote.objects.exists()


def test_an_empty_note_is_refused_by_the_service(
    adviser: Membership, application: Application
) -> None:
    with pytest.raises(ServiceError, match="Enter the note"):
        case_note_add(
            membership=adviser, application=application, text=" \n", is_safeguarding=False
        )


def test_a_notes_text_is_shown_as_text_never_as_markup(
    adviser: Membership, application: Application
) -> None:
    make_case_note(application=application, membership=adviser, text="<script>alert(1)</script>")
    page = client_for(adviser).get(case_page(application)).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
