"""Checks on uploaded material files, by their content rather than their name.

`check_upload` decides what a file really is (magic numbers through `filetype`, the inner
`[Content_Types].xml` or `mimetype` entry of Office and OpenDocument files, a text sniff
for .txt/.md/.csv), refuses what is not allowed, too large, empty, a zip bomb or
disguised under another name, and says why. `extract_text` pulls the text of PDFs for
search. No database access here.
"""

from __future__ import annotations

import codecs
import contextlib
import logging
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

import filetype
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

HEAD_BYTES = 8192
TEXT_SNIFF_BYTES = 64 * 1024
ZIP_BOMB_FACTOR = 20
MAX_ZIP_ENTRIES = 10_000
CONTENT_TYPES_MAX_BYTES = 1024 * 1024
PDF_MAX_PAGES = 50
MAX_EXTRACTED_CHARS = 500_000


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    content_type: str
    extensions: frozenset[str]


def _kind(key, label, content_type, *extensions) -> Kind:
    return Kind(key, label, content_type, frozenset(extensions))


OOXML = "application/vnd.openxmlformats-officedocument"
ODF = "application/vnd.oasis.opendocument"
KINDS = {
    kind.key: kind
    for kind in (
        _kind("pdf", "PDF", "application/pdf", ".pdf"),
        _kind("docx", "DOCX", f"{OOXML}.wordprocessingml.document", ".docx"),
        _kind("pptx", "PPTX", f"{OOXML}.presentationml.presentation", ".pptx"),
        _kind("xlsx", "XLSX", f"{OOXML}.spreadsheetml.sheet", ".xlsx"),
        _kind("odt", "ODT", f"{ODF}.text", ".odt"),
        _kind("odp", "ODP", f"{ODF}.presentation", ".odp"),
        _kind("ods", "ODS", f"{ODF}.spreadsheet", ".ods"),
        _kind("png", "PNG", "image/png", ".png"),
        _kind("jpeg", "JPEG", "image/jpeg", ".jpg", ".jpeg"),
        _kind("txt", "TXT", "text/plain", ".txt"),
        _kind("md", "Markdown", "text/markdown", ".md"),
        _kind("csv", "CSV", "text/csv", ".csv"),
    )
}
TEXT_KINDS = ("txt", "md", "csv")
ALLOWED_EXTENSIONS = frozenset(ext for kind in KINDS.values() for ext in kind.extensions)
# The main part of each Office Open XML document, as named in [Content_Types].xml.
OOXML_MAIN_PARTS = {
    "docx": b"wordprocessingml.document.main+xml",
    "pptx": b"presentationml.presentation.main+xml",
    "xlsx": b"spreadsheetml.sheet.main+xml",
}
ODF_MIMETYPES = {
    f"{ODF}.text".encode(): "odt",
    f"{ODF}.presentation".encode(): "odp",
    f"{ODF}.spreadsheet".encode(): "ods",
}
PLAIN_TYPES = {"image/png": "png", "image/jpeg": "jpeg", "application/pdf": "pdf"}


@dataclass(frozen=True)
class CheckedUpload:
    kind: str
    content_type: str
    size: int
    extension: str


def allowed_types_text() -> str:
    return "PDF, PPTX, DOCX, XLSX, ODT, ODP, ODS, PNG, JPEG, TXT, Markdown, CSV"


def megabytes(size: int) -> str:
    value = size / (1024 * 1024)
    return f"{value:.0f}" if value >= 10 or value == int(value) else f"{value:.1f}"


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _not_allowed() -> ValidationError:
    return _refuse(
        _("This type of file is not accepted. Allowed: %(types)s.")
        % {"types": allowed_types_text()},
        "type",
    )


def _mismatch() -> ValidationError:
    return _refuse(
        _("The file's content does not match its name. Upload the real file."), "mismatch"
    )


def _read_head(file: IO[bytes], size: int) -> bytes:
    file.seek(0)
    head = file.read(size)
    file.seek(0)
    return head or b""


def _zip_kind(file: IO[bytes], max_bytes: int) -> str:
    """'docx', 'pptx', 'xlsx', 'odt', 'odp', 'ods', or 'zip' for any other archive."""
    file.seek(0)
    try:
        with zipfile.ZipFile(file) as archive:
            entries = archive.infolist()
            if len(entries) > MAX_ZIP_ENTRIES or sum(
                entry.file_size for entry in entries
            ) > ZIP_BOMB_FACTOR * max(max_bytes, 1):
                raise _refuse(
                    _("The file unpacks to an unreasonable size and cannot be accepted."),
                    "zip_bomb",
                )
            names = {entry.filename: entry for entry in entries}
            mimetype = names.get("mimetype")
            if mimetype is not None and mimetype.file_size < 200:
                with archive.open(mimetype) as handle:
                    kind = ODF_MIMETYPES.get(handle.read(200).strip())
                if kind:
                    return kind
            content_types = names.get("[Content_Types].xml")
            if content_types is not None:
                with archive.open(content_types) as handle:
                    xml = handle.read(CONTENT_TYPES_MAX_BYTES)
                for kind, part in OOXML_MAIN_PARTS.items():
                    if part in xml:
                        return kind
            return "zip"
    except (zipfile.BadZipFile, zipfile.LargeZipFile, NotImplementedError, EOFError, OSError):
        raise _refuse(
            _("The file is damaged or incomplete and cannot be read."), "damaged"
        ) from None
    except RuntimeError:  # encrypted entries
        raise _refuse(
            _("The file is password-protected. Upload it without a password."), "encrypted"
        ) from None
    finally:
        file.seek(0)


def _looks_like_text(file: IO[bytes]) -> bool:
    sample = _read_head(file, TEXT_SNIFF_BYTES)
    if b"\x00" in sample:
        return False
    for encoding in ("utf-8-sig", "cp1250"):
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            text = decoder.decode(sample, final=False)
        except UnicodeDecodeError:
            continue
        controls = sum(1 for char in text if ord(char) < 32 and char not in "\t\n\r\f")
        return controls <= len(text) // 100
    return False


def detect_kind(file: IO[bytes], extension: str, max_bytes: int) -> str:
    """What the file's content says it is: a key of KINDS, or something else."""
    head = _read_head(file, HEAD_BYTES)
    guess = filetype.guess(head)
    if head.startswith(b"PK\x03\x04") or (guess and guess.mime == "application/zip"):
        return _zip_kind(file, max_bytes)
    if guess is not None:
        return PLAIN_TYPES.get(guess.mime, guess.extension)
    if head.lstrip().startswith(b"%PDF-"):
        return "pdf"
    if extension in (".txt", ".md", ".csv") and _looks_like_text(file):
        return {".txt": "txt", ".md": "md", ".csv": "csv"}[extension]
    return "unknown"


def check_upload(file, *, max_bytes: int, name: str | None = None) -> CheckedUpload:
    """Check an uploaded file; raise ValidationError with a clear message when refused."""
    name = name or getattr(file, "name", "") or ""
    extension = PurePath(name).suffix.lower()
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, 2)
        size = file.tell()
        file.seek(0)
    if size == 0:
        raise _refuse(_("The file is empty."), "empty")
    if size > max_bytes:
        raise _refuse(
            _("The file is too large (%(size)s MB). The limit is %(limit)s MB.")
            % {"size": megabytes(size), "limit": megabytes(max_bytes)},
            "too_large",
        )
    if extension not in ALLOWED_EXTENSIONS:
        raise _not_allowed()
    kind = detect_kind(file, extension, max_bytes)
    if kind not in KINDS:
        raise _mismatch()
    if extension not in KINDS[kind].extensions:
        raise _mismatch()
    return CheckedUpload(
        kind=kind, content_type=KINDS[kind].content_type, size=size, extension=extension
    )


def extract_text(file, kind: str) -> str:
    """The text of a PDF's first pages, for search; empty when it cannot be read."""
    if kind != "pdf":
        return ""
    try:
        from pypdf import PdfReader
    except ImportError:  # pragma: no cover - pypdf is optional at run time
        return ""
    parts: list[str] = []
    total = 0
    try:
        file.seek(0)
        reader = PdfReader(file)
        for page in reader.pages[:PDF_MAX_PAGES]:
            text = page.extract_text() or ""
            parts.append(text)
            total += len(text)
            if total > MAX_EXTRACTED_CHARS:
                break
    except Exception:  # noqa: BLE001 - a damaged PDF must not stop the upload
        logger.info("Could not extract text from an uploaded PDF", exc_info=True)
    finally:
        with contextlib.suppress(Exception):
            file.seek(0)
    return "\n".join(parts)[:MAX_EXTRACTED_CHARS]
