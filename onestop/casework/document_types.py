"""Which kinds of file a case may hold, told from the file's own bytes, and safe names for them."""

import re
import unicodedata
import zipfile
from codecs import getincrementaldecoder
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

# Names people are told, in the order they are listed in messages.
ALLOWED_NAMES = "PDF, JPG, PNG, TXT or DOCX"
_CHUNK_BYTES = 64 * 1024
# Control characters a plain text file never needs; tab, line feed, form feed and return are fine.
_TEXT_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")
_UNSAFE_IN_NAME = re.compile(r"[^A-Za-z0-9 ._()-]+")


@dataclass(frozen=True)
class DocumentType:
    label: str
    content_type: str
    extension: str


PDF = DocumentType("PDF", "application/pdf", "pdf")
JPEG = DocumentType("JPG", "image/jpeg", "jpg")
PNG = DocumentType("PNG", "image/png", "png")
TEXT = DocumentType("TXT", "text/plain; charset=utf-8", "txt")
DOCX = DocumentType(
    "DOCX",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "docx",
)
ALLOWED_TYPES = (PDF, JPEG, PNG, TEXT, DOCX)


def document_type_of(file: IO[bytes]) -> DocumentType | None:
    """The file's kind from its content (the name and the browser's say-so are not trusted).

    Leaves the file positioned at its start.
    """
    try:
        file.seek(0)
        head = file.read(8)
        file.seek(0)
        if head.startswith(b"%PDF-"):
            return PDF
        if head.startswith(b"\xff\xd8\xff"):
            return JPEG
        if head.startswith(b"\x89PNG\r\n\x1a\n"):
            return PNG
        if head.startswith(b"PK\x03\x04"):
            return DOCX if _is_word_document(file) else None
        return TEXT if _is_plain_text(file) else None
    finally:
        file.seek(0)


def _is_word_document(file: IO[bytes]) -> bool:
    # A .docx is a zip holding these two parts; only the directory is read, nothing unpacked.
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, EOFError):
        return False
    return {"[Content_Types].xml", "word/document.xml"} <= names


def _is_plain_text(file: IO[bytes]) -> bool:
    decoder = getincrementaldecoder("utf-8")()
    while chunk := file.read(_CHUNK_BYTES):
        try:
            text = decoder.decode(chunk)
        except UnicodeDecodeError:
            return False
        if _TEXT_CONTROL.search(text):
            return False
    try:
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _kind_of(content_type: str) -> DocumentType | None:
    return next((k for k in ALLOWED_TYPES if k.content_type == content_type), None)


def type_label(content_type: str) -> str:
    kind = _kind_of(content_type)
    return kind.label if kind else "File"


def size_label(size_bytes: int) -> str:
    """As GOV.UK writes file sizes: '120 KB', '2.4 MB'."""
    if size_bytes < 1024 * 1024:
        return f"{max(1, round(size_bytes / 1024))} KB"
    return f"{size_bytes / (1024 * 1024):.1f} MB"


def safe_download_name(original_name: str, content_type: str) -> str:
    """A name safe in a Content-Disposition header, ending in the extension its content has."""
    kind = _kind_of(content_type)
    stem = PurePath(original_name.replace("\\", "/")).stem
    stem = unicodedata.normalize("NFKD", stem).encode("ascii", "ignore").decode()
    stem = _UNSAFE_IN_NAME.sub("-", stem).strip(" .-")[:80] or "document"
    return f"{stem}.{kind.extension if kind else 'bin'}"
