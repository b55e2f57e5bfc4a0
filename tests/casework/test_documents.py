"""Case documents: only real PDFs, images, text and Word files, under the size limit, kept
privately, opened only by those allowed, every opening audited; a refusal leaves nothing behind."""

import io
import re
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from hypothesis import assume, given
from hypothesis import strategies as st

from onestop.casework.document_types import (
    ALLOWED_TYPES,
    DocumentType,
    document_type_of,
    safe_download_name,
)
from onestop.casework.models import CaseDocument
from onestop.casework.services.notes import case_document_upload
from onestop.core.errors import NotPermitted, ServiceError
from onestop.core.models import AuditEvent
from onestop.core.roles import Role
from onestop.councils.models import Council, Membership
from onestop.intake.models import Application
from onestop.policy.models import Scheme
from tests.factories import (
    PDF_BYTES,
    make_case_document,
    make_membership,
    make_scheme,
    submit_application,
)

pytestmark = pytest.mark.django_db

PNG_BYTES = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32
TEXT_BYTES = "Rent statement: £450 owed since March.\n".encode()
EXECUTABLE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 32


def word_document() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", "MZ")
    return buffer.getvalue()


def stored_files() -> set[Path]:
    root = Path(settings.PRIVATE_FILES_DIR)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


@pytest.fixture
def application(scheme: Scheme) -> Application:
    return submit_application(scheme=scheme)


@pytest.fixture
def files_before() -> set[Path]:
    """The files kept before the test, so it can show that a refusal added none."""
    return stored_files()


def upload(
    membership: Membership,
    application: Application,
    content: bytes,
    *,
    name: str = "evidence.pdf",
    is_safeguarding: bool = False,
) -> CaseDocument:
    return case_document_upload(
        membership=membership,
        application=application,
        uploaded_file=SimpleUploadedFile(name, content, content_type="application/pdf"),
        description="Evidence",
        is_safeguarding=is_safeguarding,
    )


def client_for(membership: Membership) -> Client:
    client = Client()
    client.force_login(membership.user)
    return client


def upload_page(application: Application) -> str:
    return reverse(
        "casework:document_upload",
        kwargs={"council_slug": application.council.slug, "reference": application.reference},
    )


def download_url(application: Application, document: CaseDocument) -> str:
    return reverse(
        "casework:document_download",
        kwargs={
            "council_slug": application.council.slug,
            "reference": application.reference,
            "document_id": document.pk,
        },
    )


def case_page(application: Application) -> str:
    return reverse(
        "casework:case",
        kwargs={"council_slug": application.council.slug, "reference": application.reference},
    )


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        (PDF_BYTES, "application/pdf"),
        (PNG_BYTES, "image/png"),
        (JPEG_BYTES, "image/jpeg"),
        (TEXT_BYTES, "text/plain; charset=utf-8"),
        (
            word_document(),
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        ),
    ],
)
def test_each_allowed_kind_is_kept_privately_with_the_type_its_content_has(
    adviser: Membership, application: Application, content: bytes, content_type: str
) -> None:
    document = upload(adviser, application, content, name="whatever.bin")

    assert document.content_type == content_type
    assert document.size_bytes == len(content)
    path = Path(document.file.path)
    assert path.is_relative_to(Path(settings.PRIVATE_FILES_DIR))
    assert path.read_bytes() == content
    # A random name: nothing of the person or of the file's own name is on disk.
    assert "whatever" not in path.name
    assert document.original_name == "whatever.bin"


@pytest.mark.parametrize(
    ("content", "name"),
    [
        (EXECUTABLE_BYTES, "payslip.pdf"),
        (plain_zip(), "letter.docx"),
        (b"\x00\x01\x02binary", "notes.txt"),
        (b"caf\xe9 latin-1 text", "notes.txt"),
        (b"GIF89a" + b"\x00" * 20, "photo.png"),
    ],
)
def test_a_file_that_is_not_an_allowed_kind_is_refused_whatever_its_name(
    adviser: Membership,
    application: Application,
    files_before: set[Path],
    content: bytes,
    name: str,
) -> None:
    with pytest.raises(ServiceError, match=r"^The file must be a PDF, JPG, PNG, TXT or DOCX$"):
        upload(adviser, application, content, name=name)
    assert not CaseDocument.objects.exists()
    assert stored_files() == files_before


def test_an_empty_file_is_refused(
    adviser: Membership, application: Application, files_before: set[Path]
) -> None:
    with pytest.raises(ServiceError, match="The selected file is empty"):
        upload(adviser, application, b"")
    assert not CaseDocument.objects.exists()
    assert stored_files() == files_before


def test_a_file_over_the_limit_is_refused_and_one_at_the_limit_is_kept(
    adviser: Membership, application: Application, files_before: set[Path]
) -> None:
    limit = settings.MAX_DOCUMENT_BYTES
    at_limit = PDF_BYTES + b" " * (limit - len(PDF_BYTES))
    with pytest.raises(ServiceError, match=r"^The file must be smaller than 10 MB$"):
        upload(adviser, application, at_limit + b" ")
    assert not CaseDocument.objects.exists()
    assert stored_files() == files_before

    assert upload(adviser, application, at_limit).size_bytes == limit


def test_when_the_transaction_fails_no_row_and_no_file_are_left(
    adviser: Membership,
    application: Application,
    files_before: set[Path],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def audit_fails(**kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr("onestop.casework.services.notes.audit_record", audit_fails)
    with pytest.raises(RuntimeError):
        upload(adviser, application, PDF_BYTES)
    assert not CaseDocument.objects.exists()
    assert stored_files() == files_before


def test_uploading_is_audited_without_the_documents_description(
    adviser: Membership, application: Application
) -> None:
    make_case_document(
        application=application,
        membership=adviser,
        description="Letter from the children's social worker",
        is_safeguarding=True,
    )
    event = AuditEvent.objects.get(action="case.document_uploaded")
    assert event.case_reference == application.reference
    assert event.actor == adviser.user
    assert event.summary == "Safeguarding document uploaded"
    assert "social worker" not in f"{event.summary} {event.reason} {event.details}"


def test_roles_without_the_capability_cannot_upload(
    council: Council, application: Application, other_council: Council
) -> None:
    for membership in (
        make_membership(role=Role.FINANCE, council=council),
        make_membership(role=Role.ADMIN, council=council),
        make_membership(role=Role.TEAM_LEADER, council=other_council),
    ):
        with pytest.raises(NotPermitted):
            upload(membership, application, PDF_BYTES)
    assert not CaseDocument.objects.exists()


def test_an_adviser_uploads_through_the_page(adviser: Membership, application: Application) -> None:
    client = client_for(adviser)
    form = client.get(upload_page(application)).content.decode()
    assert "The file must be a PDF, JPG, PNG, TXT or DOCX, and smaller than 10 MB." in form
    response = client.post(
        upload_page(application),
        {
            "file": SimpleUploadedFile("statement.txt", TEXT_BYTES, content_type="text/plain"),
            "description": "Rent statement",
            "is_safeguarding": "no",
        },
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#documents")
    page = client.get(case_page(application)).content.decode()
    assert "Document uploaded." in page
    assert "Rent statement" in page
    assert "TXT, 1 KB" in page


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "Select a file"),
        ({"description": "Payslip", "is_safeguarding": "no"}, "Select a file"),
        (
            {
                "file": SimpleUploadedFile("payslip.pdf", EXECUTABLE_BYTES),
                "description": "Payslip",
                "is_safeguarding": "no",
            },
            "The file must be a PDF, JPG, PNG, TXT or DOCX",
        ),
        (
            {
                "file": SimpleUploadedFile("payslip.pdf", b""),
                "description": "Payslip",
                "is_safeguarding": "no",
            },
            "The selected file is empty",
        ),
        (
            {"file": SimpleUploadedFile("payslip.pdf", PDF_BYTES), "is_safeguarding": "no"},
            "Enter what the document is",
        ),
    ],
)
def test_a_refused_upload_shows_what_to_do_and_keeps_nothing(
    adviser: Membership,
    application: Application,
    files_before: set[Path],
    data: dict[str, object],
    message: str,
) -> None:
    response = client_for(adviser).post(upload_page(application), data)
    assert response.status_code == 200
    page = response.content.decode()
    assert "There is a problem" in page
    assert message in page
    assert 'href="#file"' in page or 'href="#description"' in page
    assert not CaseDocument.objects.exists()
    assert stored_files() == files_before


def test_a_download_is_an_attachment_of_the_checked_type_and_is_audited(
    adviser: Membership, application: Application
) -> None:
    document = make_case_document(
        application=application, name='tenancy "agreement"; x=.html', content=PDF_BYTES
    )
    response = client_for(adviser).get(download_url(application, document))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES  # type: ignore[attr-defined]
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"] == 'attachment; filename="tenancy -agreement- x.pdf"'
    event = AuditEvent.objects.get(action="case.document_viewed")
    assert event.case_reference == application.reference
    assert event.actor == adviser.user


def test_download_names_are_safe_and_end_in_the_real_type() -> None:
    assert safe_download_name("../../etc/passwd", "application/pdf") == "passwd.pdf"
    assert safe_download_name("C:\\Users\\me\\scan.exe", "image/png") == "scan.png"
    assert safe_download_name("Llythyr gan y Cyngor.docx", "text/plain; charset=utf-8") == (
        "Llythyr gan y Cyngor.txt"
    )
    assert safe_download_name("ffôn.jpg", "image/jpeg") == "ffon.jpg"
    assert safe_download_name("\r\n.pdf", "application/pdf") == "document.pdf"


@given(name=st.text(max_size=300), kind=st.sampled_from(ALLOWED_TYPES))
def test_any_name_becomes_a_plain_download_name_of_the_checked_type(
    name: str, kind: DocumentType
) -> None:
    safe = safe_download_name(name, kind.content_type)
    assert re.fullmatch(r"[A-Za-z0-9 ._()-]{1,80}\.[a-z]+", safe)
    assert safe.endswith(f".{kind.extension}")
    assert "/" not in safe
    assert not safe.startswith(".")


@given(content=st.binary(min_size=1, max_size=2000))
def test_bytes_with_a_nul_and_no_known_signature_are_never_accepted(content: bytes) -> None:
    signatures = (b"%PDF-", b"\xff\xd8\xff", b"\x89PNG", b"PK\x03\x04")
    assume(not content.startswith(signatures))
    kind = document_type_of(io.BytesIO(content + b"\x00"))
    assert kind is None


def test_a_member_of_another_council_gets_page_not_found(
    application: Application, other_council: Council
) -> None:
    document = make_case_document(application=application)
    outsider = make_membership(role=Role.TEAM_LEADER, council=other_council)
    response = client_for(outsider).get(download_url(application, document))
    assert response.status_code == 404
    assert not AuditEvent.objects.filter(action="case.document_viewed").exists()


def test_a_document_is_found_only_under_its_own_case(
    council: Council, scheme: Scheme, application: Application
) -> None:
    document = make_case_document(application=application)
    another_case = submit_application(scheme=scheme)
    leader = make_membership(role=Role.TEAM_LEADER, council=council)
    wrong = download_url(another_case, document)
    assert client_for(leader).get(wrong).status_code == 404

    # A member of both councils still cannot reach it under the other council's address.
    other = submit_application(scheme=make_scheme())
    make_membership(role=Role.TEAM_LEADER, council=other.council, user=leader.user)
    assert client_for(leader).get(download_url(other, document)).status_code == 404
    assert not AuditEvent.objects.filter(action="case.document_viewed").exists()


def test_a_safeguarding_document_is_hidden_from_an_adviser(
    council: Council, application: Application
) -> None:
    author = make_membership(role=Role.DECISION_MAKER, council=council)
    document = make_case_document(
        application=application,
        membership=author,
        description="Report from the health visitor",
        is_safeguarding=True,
    )
    adviser = make_membership(role=Role.ADVISER, council=council)
    client = client_for(adviser)

    page = client.get(case_page(application)).content.decode()
    assert "Report from the health visitor" not in page
    assert download_url(application, document) not in page
    assert "A safeguarding document was added by" in page
    response = client.get(download_url(application, document))
    assert response.status_code == 403
    assert "You do not have permission" in response.content.decode()
    assert not AuditEvent.objects.filter(action="case.document_viewed").exists()


def test_a_safeguarding_document_opens_for_a_team_leader_and_its_author(
    council: Council, application: Application
) -> None:
    author = make_membership(role=Role.ADVISER, council=council)
    document = make_case_document(
        application=application,
        membership=author,
        description="Report from the health visitor",
        is_safeguarding=True,
    )
    leader = make_membership(role=Role.TEAM_LEADER, council=council)
    for membership in (author, leader):
        client = client_for(membership)
        assert (
            "Report from the health visitor" in client.get(case_page(application)).content.decode()
        )
        assert client.get(download_url(application, document)).status_code == 200
    assert AuditEvent.objects.filter(action="case.document_viewed").count() == 2
