"""Uploaded attachments: the one place that decides whether an uploaded file is acceptable.

This module owns the rules for attachments:

* which types are allowed - PDF, PNG, JPEG, DOCX, XLSX, ODT and ODS - detected from the
  content, never from the file name (a name may only disagree with the content by naming
  no allowed type at all);
* the size limit, settings.ATTACHMENT_MAX_BYTES, and rejecting empty files;
* zip bombs and damaged archives for the zip-based formats (DOCX/XLSX/ODT/ODS): the archive
  is inspected in memory, never extracted to disk, and every entry is decompressed in
  chunks with a hard cap, so a forged size in a header cannot fool the checks;
* the SHA-256 of the content;
* the display name: the user's file name never becomes a path. Store the file under a
  name you generate, and use `display_name` only for display and Content-Disposition.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

MB = 1024 * 1024
CHUNK_SIZE = 64 * 1024

ZIP_MAX_ENTRIES = 2_000
ZIP_MAX_TOTAL_UNCOMPRESSED = 100 * MB
ZIP_MAX_RATIO = 100
ZIP_RATIO_MIN_SIZE = 1 * MB  # the ratio rule applies to entries larger than this
ZIP_MAX_NESTING = 1  # an embedded zip (e.g. a spreadsheet in a document) is fine; deeper is not
ZIP_NESTED_MAX_BYTES = 20 * MB  # an embedded zip is held in memory while it is inspected
_CAPTURE_MAX_BYTES = 1 * MB  # how much of [Content_Types].xml / mimetype is kept for sniffing

DISPLAY_NAME_MAX_LENGTH = 150
FALLBACK_STEM = "vedlegg"

MESSAGE_TYPE_NOT_ALLOWED = _(
    "Filtypen er ikke tillatt. Last opp PDF, Word (DOCX), Excel (XLSX), ODT, ODS, PNG eller JPEG."
)
MESSAGE_ZIP = _("Filen ser ut til å være en zip-bombe eller er skadet, og kan ikke lastes opp.")
MESSAGE_EMPTY = _("Filen er tom. Velg en fil med innhold.")
MESSAGE_TOO_LARGE = _("Filen er for stor (%(size)s MB). Største tillatte filstørrelse er %(limit)s MB.")
MESSAGE_MISMATCH = _(
    "Innholdet i filen stemmer ikke med filnavnet. "
    "Filnavnet slutter på %(claimed)s, men innholdet er %(detected)s."
)


@dataclass(frozen=True)
class AcceptedUpload:
    content_type: str  # e.g. "application/pdf"
    extension: str  # canonical, e.g. ".pdf", ".docx"
    size: int
    sha256: str
    display_name: str  # safe version of the user's file name for display/Content-Disposition


@dataclass(frozen=True)
class _FileType:
    label: str
    content_type: str
    extension: str
    aliases: tuple[str, ...] = ()

    @property
    def extensions(self) -> tuple[str, ...]:
        return (self.extension, *self.aliases)


PDF = _FileType("PDF", "application/pdf", ".pdf")
PNG = _FileType("PNG", "image/png", ".png")
JPEG = _FileType("JPEG", "image/jpeg", ".jpg", (".jpeg", ".jpe", ".jfif"))
DOCX = _FileType(
    "Word (DOCX)",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".docx",
)
XLSX = _FileType(
    "Excel (XLSX)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    ".xlsx",
)
ODT = _FileType("ODT", "application/vnd.oasis.opendocument.text", ".odt")
ODS = _FileType("ODS", "application/vnd.oasis.opendocument.spreadsheet", ".ods")
ALLOWED_TYPES = (PDF, PNG, JPEG, DOCX, XLSX, ODT, ODS)
_TYPE_BY_EXTENSION = {ext: t for t in ALLOWED_TYPES for ext in t.extensions}

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_ZIP_LOCAL_HEADER = b"PK\x03\x04"
_ZIP_CENTRAL_HEADER = b"PK\x01\x02"
_ZIP_MAGICS = (_ZIP_LOCAL_HEADER, b"PK\x05\x06", b"PK\x07\x08")
# Compressed formats that have no business inside an office document.
_OTHER_ARCHIVE_MAGICS = re.compile(
    rb"\A(?:\x1f\x8b\x08|BZh[1-9]|\xfd7zXZ\x00|7z\xbc\xaf\x27\x1c|Rar!\x1a\x07|\x28\xb5\x2f\xfd|MSCF)"
)
_SNIFF_BYTES = 8
_LOCAL_HEADER = struct.Struct("<4s2B4HL2L2H")

_OOXML_MAIN_PARTS = {
    DOCX: ("word/document.xml", b"wordprocessingml.document.main+xml"),
    XLSX: ("xl/workbook.xml", b"spreadsheetml.sheet.main+xml"),
}
_ODF_MIMETYPES = {
    b"application/vnd.oasis.opendocument.text": ODT,
    b"application/vnd.oasis.opendocument.spreadsheet": ODS,
}

# Anything the zip machinery raises on a damaged or hostile archive.
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    EOFError,
    OSError,
    zlib.error,
    struct.error,
    ValueError,  # includes UnicodeError
    NotImplementedError,
    KeyError,
    IndexError,
)


# --- public API ----------------------------------------------------------------------------


def validate_upload(uploaded_file) -> AcceptedUpload:
    """Accept an uploaded attachment or raise ValidationError with a Norwegian message.

    The file position is at 0 afterwards, whatever happened.
    """
    limit = settings.ATTACHMENT_MAX_BYTES
    try:
        declared_size = getattr(uploaded_file, "size", None)
        if declared_size is not None and declared_size > limit:
            raise _too_large(declared_size, limit)
        sha256, size, head, central_headers = _scan(uploaded_file, limit)
        if size == 0:
            raise ValidationError(MESSAGE_EMPTY, code="empty")
        if size > limit:
            raise _too_large(size, limit)
        detected = _detect(uploaded_file, head, central_headers)
        name = uploaded_file.name or ""
        claimed = _claimed_type(name)
        if claimed is not None and claimed != detected:
            raise ValidationError(
                MESSAGE_MISMATCH,
                code="type_mismatch",
                params={"claimed": _extension_of(_basename(name)), "detected": detected.label},
            )
        return AcceptedUpload(
            content_type=detected.content_type,
            extension=detected.extension,
            size=size,
            sha256=sha256,
            display_name=safe_display_name(name, detected.extension),
        )
    finally:
        uploaded_file.seek(0)


def safe_display_name(name: str, extension: str) -> str:
    """The user's file name, made safe for display and Content-Disposition.

    Directories, control characters and characters Windows forbids are removed; letters
    such as æ, ø and å are kept; the result ends with `extension` (replacing the name's own
    extension when it is a spelling of the same type, e.g. ".jpeg" for ".jpg") and is at
    most DISPLAY_NAME_MAX_LENGTH characters. A name with nothing left becomes "vedlegg".
    """
    extension = (extension or "").strip().lower()
    if extension and not extension.startswith("."):
        extension = "." + extension
    base = _basename(name)
    stem, dot, suffix = base.rpartition(".")
    same_type = _TYPE_BY_EXTENSION.get(extension)
    spellings = same_type.extensions if same_type else (extension,)
    if dot and extension and "." + suffix.lower() in spellings:
        base = stem
    stem = base.strip(" .")
    if stem.split(".")[0].strip().upper() in _WINDOWS_DEVICE_NAMES:
        stem = "_" + stem
    stem = stem[: DISPLAY_NAME_MAX_LENGTH - len(extension)].rstrip(" .")
    return (stem or FALLBACK_STEM) + extension


# --- size, hash, type ----------------------------------------------------------------------


def _scan(uploaded_file, limit: int) -> tuple[str, int, bytes, int]:
    """One pass over the content: SHA-256, real size (reading stops just past the limit),
    the first bytes, and how many zip central-directory signatures the file holds."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    central_headers = 0
    tail = b""
    uploaded_file.seek(0)
    while size <= limit:
        chunk = uploaded_file.read(CHUNK_SIZE)
        if not chunk:
            break
        digest.update(chunk)
        size += len(chunk)
        if len(head) < 1024:
            head = (head + chunk)[:1024]
        window = tail + chunk  # a signature may straddle two chunks
        central_headers += window.count(_ZIP_CENTRAL_HEADER)
        tail = window[-(len(_ZIP_CENTRAL_HEADER) - 1) :]
    return digest.hexdigest(), size, head, central_headers


def _too_large(size: int, limit: int) -> ValidationError:
    return ValidationError(
        MESSAGE_TOO_LARGE,
        code="too_large",
        params={"size": _megabytes(size, round_up=True), "limit": _megabytes(limit)},
    )


def _megabytes(n: int, *, round_up: bool = False) -> str:
    """Whole MB when exact, else one decimal (rounded so a file just over 20 MB shows 20,1)."""
    tenths = math.ceil(n * 10 / MB) if round_up else math.floor(n * 10 / MB)
    if tenths % 10 == 0:
        return number_format(tenths // 10)
    return number_format(Decimal(tenths) / 10, decimal_pos=1)


def _not_allowed() -> ValidationError:
    return ValidationError(MESSAGE_TYPE_NOT_ALLOWED, code="type_not_allowed")


def _detect(uploaded_file, head: bytes, central_headers: int) -> _FileType:
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(_PNG_SIGNATURE) and head[12:16] == b"IHDR":
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(_ZIP_LOCAL_HEADER):
        return _detect_zip_type(uploaded_file, central_headers)
    raise _not_allowed()


def _detect_zip_type(uploaded_file, central_headers: int) -> _FileType:
    # zipfile builds an object per central-directory entry before we can count them; every
    # such entry starts with the signature, so this bound keeps a crafted directory small.
    if central_headers > ZIP_MAX_ENTRIES:
        raise _zip_bomb()
    captured: dict[str, bytes] = {}
    try:
        names = _inspect_zip(uploaded_file, _Budget(), depth=0, captured=captured)
    except _ZIP_ERRORS as exc:
        raise ValidationError(MESSAGE_ZIP, code="zip_corrupt") from exc

    if any(name.rsplit("/", 1)[-1] == "vbaproject.bin" for name in names):
        raise _not_allowed()  # macros: not a plain DOCX/XLSX, whatever the content types say
    found = []
    mimetype = captured.get("mimetype")
    if mimetype is not None and mimetype.strip() in _ODF_MIMETYPES:
        found.append(_ODF_MIMETYPES[mimetype.strip()])
    content_types = captured.get("[content_types].xml")
    if content_types is not None:
        for filetype, (main_part, main_type) in _OOXML_MAIN_PARTS.items():
            if main_part in names and main_type in content_types:
                found.append(filetype)
    if len(found) != 1:
        raise _not_allowed()
    return found[0]


# --- zip inspection ------------------------------------------------------------------------


def _zip_bomb() -> ValidationError:
    return ValidationError(MESSAGE_ZIP, code="zip_bomb")


class _Budget:
    """What the archive and any archive inside it may cost, all levels together."""

    def __init__(self):
        self.entries = 0
        self.declared = 0
        self.decompressed = 0


def _inspect_zip(fileobj, budget: _Budget, *, depth: int, captured: dict | None) -> set[str]:
    """Check a zip archive (and any zip inside it) for bombs and damage without extracting it.

    Returns the entry names, lower-cased. Raises ValidationError for a bomb and one of
    _ZIP_ERRORS for a damaged archive.
    """
    with zipfile.ZipFile(fileobj) as archive:
        infos = archive.infolist()
        budget.entries += len(infos)
        if budget.entries > ZIP_MAX_ENTRIES:
            raise _zip_bomb()

        names = [info.filename.lower() for info in infos]
        if len(set(names)) != len(names):
            raise _zip_bomb()  # two entries with one name: readers disagree on which is real

        for info in infos:
            if info.flag_bits & 0x1:
                raise _zip_bomb()  # encrypted: cannot be inspected
            if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                raise _zip_bomb()  # office formats use only these two
            budget.declared += info.file_size
            ratio_limit = ZIP_MAX_RATIO * max(info.compress_size, 1)
            if info.file_size > ZIP_RATIO_MIN_SIZE and info.file_size > ratio_limit:
                raise _zip_bomb()
        if budget.declared > ZIP_MAX_TOTAL_UNCOMPRESSED:
            raise _zip_bomb()

        starts = [_data_start(fileobj, info) for info in infos]
        _check_no_overlap(infos, starts, archive.start_dir)

        for info, start in zip(infos, starts, strict=True):
            key = info.filename.lower()
            keep = captured is not None and key in ("[content_types].xml", "mimetype")
            content = _read_entry(fileobj, info, start, budget, depth=depth, keep=keep)
            if keep:
                captured[key] = content
    return set(names)


def _data_start(fileobj, info: zipfile.ZipInfo) -> int:
    """Where the entry's compressed data begins, after checking its local header."""
    fileobj.seek(info.header_offset)
    header = fileobj.read(_LOCAL_HEADER.size)
    if len(header) != _LOCAL_HEADER.size:
        raise zipfile.BadZipFile("truncated local header")
    fields = _LOCAL_HEADER.unpack(header)
    signature, method, name_length, extra_length = fields[0], fields[4], fields[10], fields[11]
    if signature != _ZIP_LOCAL_HEADER or method != info.compress_type:
        raise zipfile.BadZipFile("local header does not match the central directory")
    encoding = "utf-8" if info.flag_bits & 0x800 else "cp437"
    if fileobj.read(name_length) != info.orig_filename.encode(encoding):
        raise zipfile.BadZipFile("local file name does not match the central directory")
    return info.header_offset + _LOCAL_HEADER.size + name_length + extra_length


def _check_no_overlap(infos, starts, central_directory_start: int) -> None:
    """Entries must not share bytes: overlapping entries are how non-recursive bombs work."""
    previous_end = 0
    for info, start in sorted(zip(infos, starts, strict=True), key=lambda p: p[0].header_offset):
        if info.header_offset < previous_end:
            raise _zip_bomb()
        previous_end = start + info.compress_size
    if previous_end > central_directory_start:
        raise _zip_bomb()


def _inflate(fileobj, info: zipfile.ZipInfo, start: int):
    """Yield the entry's content in chunks of at most CHUNK_SIZE bytes."""
    fileobj.seek(start)
    remaining = info.compress_size
    if info.compress_type == zipfile.ZIP_STORED:
        while remaining > 0:
            raw = fileobj.read(min(CHUNK_SIZE, remaining))
            if not raw:
                raise zipfile.BadZipFile("truncated entry")
            remaining -= len(raw)
            yield raw
        return
    inflater = zlib.decompressobj(-zlib.MAX_WBITS)
    while not inflater.eof:
        if inflater.unconsumed_tail:
            data = inflater.unconsumed_tail
        elif remaining > 0:
            data = fileobj.read(min(CHUNK_SIZE, remaining))
            if not data:
                raise zipfile.BadZipFile("truncated entry")
            remaining -= len(data)
        else:
            data = b""
        out = inflater.decompress(data, CHUNK_SIZE)  # never more than CHUNK_SIZE at once
        if out:
            yield out
        elif not data:
            raise zipfile.BadZipFile("deflate stream ends early")


def _read_entry(fileobj, info, start, budget: _Budget, *, depth: int, keep: bool) -> bytes:
    """Decompress one entry with hard caps; look for archives inside it.

    Returns the first _CAPTURE_MAX_BYTES of the content when `keep`, else b"".
    """
    produced = 0
    crc = 0
    head = b""  # until it holds _SNIFF_BYTES, the entry's kind is undecided
    nested: io.BytesIO | None = None
    kept = bytearray()
    for chunk in _inflate(fileobj, info, start):
        produced += len(chunk)
        budget.decompressed += len(chunk)
        if produced > info.file_size:
            raise _zip_bomb()  # the header lies about the size
        if budget.decompressed > ZIP_MAX_TOTAL_UNCOMPRESSED:
            raise _zip_bomb()
        crc = zlib.crc32(chunk, crc)
        if keep and len(kept) < _CAPTURE_MAX_BYTES:
            kept += chunk[: _CAPTURE_MAX_BYTES - len(kept)]

        if nested is not None:
            nested.write(chunk)
        elif len(head) < _SNIFF_BYTES:
            head += chunk
            if len(head) >= _SNIFF_BYTES:
                nested = _start_nested(head, depth)
                head = head[:_SNIFF_BYTES]
        if nested is not None and nested.tell() > ZIP_NESTED_MAX_BYTES:
            raise _zip_bomb()

    if produced != info.file_size or crc != info.CRC:
        raise zipfile.BadZipFile("size or CRC does not match")
    if nested is None and 0 < len(head) < _SNIFF_BYTES:
        nested = _start_nested(head, depth)  # a very short entry
    if nested is not None:
        data = nested.getvalue()
        if data.count(_ZIP_CENTRAL_HEADER) > ZIP_MAX_ENTRIES:
            raise _zip_bomb()
        _inspect_zip(io.BytesIO(data), budget, depth=depth + 1, captured=None)
    return bytes(kept)


def _start_nested(head: bytes, depth: int) -> io.BytesIO | None:
    """A buffer to collect an embedded zip in, or None for ordinary content."""
    if _OTHER_ARCHIVE_MAGICS.match(head):
        raise _zip_bomb()
    if head.startswith(_ZIP_MAGICS):
        if depth >= ZIP_MAX_NESTING:
            raise _zip_bomb()
        buffer = io.BytesIO()
        buffer.write(head)
        return buffer
    return None


# --- names ---------------------------------------------------------------------------------

_WINDOWS_FORBIDDEN = re.compile(r'[<>:"|?*]')
_WINDOWS_DEVICE_NAMES = frozenset(
    ["CON", "PRN", "AUX", "NUL"] + [f"COM{i}" for i in range(1, 10)] + [f"LPT{i}" for i in range(1, 10)]
)


def _basename(name: str) -> str:
    """The last component of the name, without control characters; leading dots kept."""
    name = unicodedata.normalize("NFC", str(name or ""))
    cleaned = []
    for char in name:
        category = unicodedata.category(char)
        if char in "\t\n\r\v\f" or category in ("Zs", "Zl", "Zp"):
            cleaned.append(" ")
        elif category not in ("Cc", "Cf", "Cs"):
            cleaned.append(char)
    name = "".join(cleaned).replace("\\", "/").rsplit("/", 1)[-1]
    name = _WINDOWS_FORBIDDEN.sub("_", name)
    return re.sub(" +", " ", name).strip().rstrip(" .")


def _extension_of(base: str) -> str:
    stem, dot, suffix = base.rpartition(".")
    return "." + suffix.lower() if dot else ""


def _claimed_type(name: str) -> _FileType | None:
    """The allowed type the name's extension names, if any."""
    return _TYPE_BY_EXTENSION.get(_extension_of(_basename(name)))
