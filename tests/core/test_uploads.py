"""core.uploads: which attachments are accepted. Every file is built here; no database needed."""

import hashlib
import io
import struct
import zipfile
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile

from core.uploads import AcceptedUpload, safe_display_name, validate_upload

MB = 1024 * 1024

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ODT_TYPE = "application/vnd.oasis.opendocument.text"
ODS_TYPE = "application/vnd.oasis.opendocument.spreadsheet"


# --- files ---------------------------------------------------------------------------------


def make_pdf() -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
    ]
    out = bytearray(b"%PDF-1.4\n%\xe6\xf8\xe5\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        xref,
    )
    return bytes(out)


def make_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    width = height = 2
    ihdr = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    )


def make_jpeg() -> bytes:
    app0 = b"\xff\xe0" + struct.pack(">H", 16) + b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
    return b"\xff\xd8" + app0 + b"\xff\xd9"


CONTENT_TYPES = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" '
    'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>'
    '<Override PartName="{part}" ContentType="{main}"/>'
    "</Types>"
)
DOCX_MAIN = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
XLSX_MAIN = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
DOCM_MAIN = "application/vnd.ms-word.document.macroEnabled.main+xml"


def make_zip(entries: dict, *, compresslevel=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=compresslevel) as zf:
        for name, data in entries.items():
            if name == "mimetype":  # ODF: first and stored
                zf.writestr(name, data, compress_type=zipfile.ZIP_STORED)
            else:
                zf.writestr(name, data)
    return buffer.getvalue()


def docx_entries(main=DOCX_MAIN) -> dict:
    return {
        "[Content_Types].xml": CONTENT_TYPES.format(part="/word/document.xml", main=main),
        "_rels/.rels": '<?xml version="1.0"?><Relationships/>',
        "word/document.xml": "<w:document><w:body>Søknad</w:body></w:document>",
    }


def make_docx(**extra) -> bytes:
    return make_zip({**docx_entries(), **extra})


def make_xlsx() -> bytes:
    return make_zip(
        {
            "[Content_Types].xml": CONTENT_TYPES.format(part="/xl/workbook.xml", main=XLSX_MAIN),
            "_rels/.rels": '<?xml version="1.0"?><Relationships/>',
            "xl/workbook.xml": '<?xml version="1.0"?><workbook><sheets/></workbook>',
            "xl/worksheets/sheet1.xml": '<?xml version="1.0"?><worksheet/>',
        }
    )


def make_odf(mimetype: str) -> bytes:
    return make_zip(
        {
            "mimetype": mimetype,
            "content.xml": '<?xml version="1.0"?><office:document-content/>',
            "META-INF/manifest.xml": '<?xml version="1.0"?><manifest:manifest/>',
        }
    )


def upload(name: str, content: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content)


def rejected(name: str, content: bytes) -> ValidationError:
    with pytest.raises(ValidationError) as error:
        validate_upload(upload(name, content))
    return error.value


def central_header_of(data: bytes, entry_name: str) -> int:
    """Offset of an entry's central-directory record (its name occurs last there)."""
    return data.rfind(entry_name.encode()) - 46


def patch_u32(data: bytes, offset: int, value: int) -> bytes:
    return data[:offset] + struct.pack("<I", value) + data[offset + 4 :]


# --- allowed types -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type", "extension"),
    [
        ("søknad.pdf", make_pdf(), "application/pdf", ".pdf"),
        ("kart.png", make_png(), "image/png", ".png"),
        ("bilde.jpg", make_jpeg(), "image/jpeg", ".jpg"),
        ("prosjektplan.docx", make_docx(), DOCX_TYPE, ".docx"),
        ("budsjett.xlsx", make_xlsx(), XLSX_TYPE, ".xlsx"),
        ("prosjektplan.odt", make_odf(ODT_TYPE), ODT_TYPE, ".odt"),
        ("budsjett.ods", make_odf(ODS_TYPE), ODS_TYPE, ".ods"),
    ],
)
def test_each_allowed_type_is_accepted_with_its_content_type(name, content, content_type, extension):
    accepted = validate_upload(upload(name, content))
    assert accepted == AcceptedUpload(
        content_type=content_type,
        extension=extension,
        size=len(content),
        sha256=hashlib.sha256(content).hexdigest(),
        display_name=name,
    )


def test_file_position_is_back_at_zero_after_acceptance_and_rejection():
    accepted_file = upload("plan.docx", make_docx())
    validate_upload(accepted_file)
    assert accepted_file.tell() == 0
    assert accepted_file.read(4) == b"PK\x03\x04"

    rejected_file = upload("plan.docx", b"PK\x03\x04 not really a zip")
    with pytest.raises(ValidationError):
        validate_upload(rejected_file)
    assert rejected_file.tell() == 0


def test_type_is_detected_from_content_when_the_name_names_no_allowed_type():
    assert validate_upload(upload("kart", make_png())).display_name == "kart.png"
    assert validate_upload(upload("notat.txt", make_pdf())).display_name == "notat.txt.pdf"
    assert validate_upload(upload("Foto.JPEG", make_jpeg())).display_name == "Foto.jpg"
    assert validate_upload(upload("RAPPORT.PDF", make_pdf())).display_name == "RAPPORT.pdf"


def test_an_embedded_spreadsheet_in_a_document_is_fine():
    docx = make_docx(**{"word/embeddings/Microsoft_Excel_Worksheet.xlsx": make_xlsx()})
    assert validate_upload(upload("plan.docx", docx)).content_type == DOCX_TYPE


# --- wrong types ---------------------------------------------------------------------------

EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + bytes(48) + b"PE\x00\x00" + bytes(200)
HTML = b"<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"
OLE_DOC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504)


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("budsjett.pdf", EXE),
        ("budsjett.pdf", HTML),
        ("budsjett.pdf", OLE_DOC),  # an old .doc renamed
        ("budsjett.pdf", b"%PD"),
        ("arkiv.zip", make_zip({"a.txt": "hei"})),
        ("arkiv.docx", make_zip({"a.txt": "hei"})),
        ("makro.docx", make_zip(docx_entries(main=DOCM_MAIN))),
        ("makro.docx", make_docx(**{"word/vbaProject.bin": b"\x00" * 10})),
        ("mal.odt", make_odf("application/vnd.oasis.opendocument.text-template")),
        ("notat.txt", b"Bare tekst"),
        ("tegning.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>'),
        ("tom.zip", b"PK\x05\x06" + bytes(18)),
    ],
)
def test_types_that_are_not_allowed_are_rejected_naming_the_allowed_ones(name, content):
    error = rejected(name, content)
    assert error.code == "type_not_allowed"
    message = error.messages[0]
    assert message.startswith("Filtypen er ikke tillatt.")
    for label in ("PDF", "Word (DOCX)", "Excel (XLSX)", "ODT", "ODS", "PNG", "JPEG"):
        assert label in message


@pytest.mark.parametrize(
    ("name", "content", "claimed", "detected"),
    [
        ("budsjett.pdf", make_png(), ".pdf", "PNG"),
        ("budsjett.xlsx", make_docx(), ".xlsx", "Word (DOCX)"),
        ("plan.docx", make_odf(ODT_TYPE), ".docx", "ODT"),
        ("bilde.png", make_jpeg(), ".png", "JPEG"),
    ],
)
def test_content_that_does_not_match_the_name_is_rejected(name, content, claimed, detected):
    error = rejected(name, content)
    assert error.code == "type_mismatch"
    message = error.messages[0]
    assert "stemmer ikke med filnavnet" in message
    assert claimed in message and detected in message


# --- size ----------------------------------------------------------------------------------


def test_empty_file_is_rejected():
    error = rejected("tom.pdf", b"")
    assert error.code == "empty"
    assert "tom" in error.messages[0]


def test_size_limit_with_a_small_limit(settings):
    settings.ATTACHMENT_MAX_BYTES = 1 * MB
    pdf = make_pdf()
    at_limit = pdf + b"\n" * (MB - len(pdf))
    assert validate_upload(upload("akkurat.pdf", at_limit)).size == MB

    error = rejected("for-stor.pdf", at_limit + b"\n")
    assert error.code == "too_large"
    assert error.messages[0] == ("Filen er for stor (1,1 MB). Største tillatte filstørrelse er 1 MB.")


def test_size_is_measured_not_trusted(settings):
    settings.ATTACHMENT_MAX_BYTES = 1 * MB
    big = upload("lur.pdf", make_pdf() + b"\n" * MB)
    big.size = 10  # what a client might claim
    with pytest.raises(ValidationError) as error:
        validate_upload(big)
    assert error.value.code == "too_large"


def test_real_limit_one_byte_over_20_mb_is_rejected():
    content = make_pdf()
    content += b"\n" * (20 * MB + 1 - len(content))
    error = rejected("stor.pdf", content)
    assert error.code == "too_large"
    assert "20,1 MB" in error.messages[0] and "20 MB" in error.messages[0]


def test_real_limit_exactly_20_mb_on_disk_is_accepted():
    pdf = make_pdf()
    with TemporaryUploadedFile("stor.pdf", "application/pdf", 20 * MB, None) as big:
        big.write(pdf)
        remaining = 20 * MB - len(pdf)
        block = b"\n" * MB
        while remaining:
            big.write(block[:remaining])
            remaining -= min(remaining, len(block))
        big.seek(0)
        accepted = validate_upload(big)
        assert accepted.size == 20 * MB
        assert accepted.content_type == "application/pdf"
        assert big.tell() == 0


# --- zip bombs and damaged archives --------------------------------------------------------


def assert_zip_message(error: ValidationError):
    assert error.messages == ["Filen ser ut til å være en zip-bombe eller er skadet, og kan ikke lastes opp."]


def test_200_mb_of_zeros_is_a_zip_bomb():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for name, data in docx_entries().items():
            zf.writestr(name, data)
        with zf.open("word/media/image1.png", "w") as entry:
            block = bytes(MB)
            for _ in range(200):
                entry.write(block)
    content = buffer.getvalue()
    assert len(content) < 2 * MB
    error = rejected("bombe.docx", content)
    assert error.code == "zip_bomb"
    assert_zip_message(error)


def test_one_highly_compressed_entry_is_a_zip_bomb():
    content = make_docx(**{"word/media/image1.png": bytes(5 * MB)})  # ~1000:1
    assert_zip_message(rejected("plan.docx", content))


def test_a_header_that_understates_the_size_does_not_fool_the_check():
    content = make_docx(**{"word/media/data.bin": bytes(5 * MB)})
    record = central_header_of(content, "word/media/data.bin")
    forged = patch_u32(content, record + 24, 1000)  # uncompressed size: 1000 bytes
    assert zipfile.ZipFile(io.BytesIO(forged)).getinfo("word/media/data.bin").file_size == 1000
    error = rejected("plan.docx", forged)
    assert error.code == "zip_bomb"
    assert_zip_message(error)


def test_overlapping_entries_are_rejected():
    content = make_docx()
    record = central_header_of(content, "_rels/.rels")
    compressed_size = struct.unpack_from("<I", content, record + 20)[0]
    forged = patch_u32(content, record + 20, compressed_size + 200)  # runs into the next entry
    error = rejected("plan.docx", forged)
    assert error.code == "zip_bomb"
    assert_zip_message(error)


def test_two_entries_with_the_same_name_are_rejected():
    buffer = io.BytesIO(make_docx())
    with pytest.warns(UserWarning, match="Duplicate name"):
        with zipfile.ZipFile(buffer, "a") as zf:
            zf.writestr("word/document.xml", "<w:document>Noe annet</w:document>")
    assert_zip_message(rejected("plan.docx", buffer.getvalue()))


def test_more_than_2000_entries_is_rejected_but_2000_is_fine():
    parts = {f"word/media/p{i}.xml": "x" for i in range(2000 - len(docx_entries()))}
    assert validate_upload(upload("mange.docx", make_docx(**parts))).extension == ".docx"

    parts["word/media/one-too-many.xml"] = "x"
    error = rejected("mange.docx", make_docx(**parts))
    assert error.code == "zip_bomb"
    assert_zip_message(error)


def test_nested_zips_and_other_archives_inside_are_rejected():
    zip_in_zip = make_zip({"a.zip": make_zip({"b.txt": "hei"})})
    gzip_entry = b"\x1f\x8b\x08\x00" + bytes(20)
    bomb = make_zip({"big": bytes(5 * MB)})
    for entry, data in [
        ("word/embeddings/x.zip", zip_in_zip),
        ("word/media/x.bin", gzip_entry),
        ("word/embeddings/x.xlsx", bomb),
    ]:
        error = rejected("plan.docx", make_docx(**{entry: data}))
        assert error.code == "zip_bomb", entry
        assert_zip_message(error)


def stored_docx_with_a_changed_byte() -> bytes:
    stored = zipfile_stored(docx_entries())
    return stored.replace("Søknad".encode(), "Søkna_".encode(), 1)  # the CRC no longer matches


def zipfile_stored(entries: dict) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_STORED) as zf:
        for name, data in entries.items():
            zf.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "content",
    [
        b"PK\x03\x04" + b"\x00" * 100,
        make_docx()[:-30],
        make_docx()[:200] + make_docx()[260:],
        stored_docx_with_a_changed_byte(),
    ],
    ids=["garbage", "truncated-end", "hole-in-the-middle", "bad-crc"],
)
def test_a_damaged_zip_named_docx_is_rejected(content):
    error = rejected("plan.docx", content)
    assert error.code in ("zip_corrupt", "zip_bomb")
    assert_zip_message(error)


# --- names ---------------------------------------------------------------------------------


def test_path_in_the_name_is_defused_not_an_error():
    accepted = validate_upload(upload("../../etc/passwd.pdf", make_pdf()))
    assert accepted.display_name == "passwd.pdf"
    accepted = validate_upload(upload("..\\..\\Windows\\system.ini.pdf", make_pdf()))
    assert accepted.display_name == "system.ini.pdf"


@pytest.mark.parametrize(
    ("name", "extension", "expected"),
    [
        ("../../etc/passwd.pdf", ".pdf", "passwd.pdf"),
        ("..\\..\\boot.pdf", ".pdf", "boot.pdf"),
        ("/var/www/index.pdf", ".pdf", "index.pdf"),
        ("C:\\Users\\Kari\\Søknad.pdf", ".pdf", "Søknad.pdf"),
        ("../..", ".pdf", "vedlegg.pdf"),
        ("....//", ".pdf", "vedlegg.pdf"),
        ("", ".png", "vedlegg.png"),
        (".pdf", ".pdf", "vedlegg.pdf"),
        ("rapport\x00.exe.pdf", ".pdf", "rapport.exe.pdf"),
        ("bud\x1b[31msjett\r\n.pdf", ".pdf", "bud[31msjett.pdf"),
        ("rapport\u202efdp.exe", ".pdf", "rapportfdp.exe.pdf"),  # right-to-left override
        ("Årsrapport Sørøst æøå ÆØÅ.pdf", ".pdf", "Årsrapport Sørøst æøå ÆØÅ.pdf"),
        ("A\u030arsrapport.pdf", ".pdf", "Årsrapport.pdf"),  # decomposed å from macOS
        ('tegn<>:"|?*.pdf', ".pdf", "tegn_______.pdf"),
        ("plan.pdf", ".docx", "plan.pdf.docx"),
        ("budsjett.pdf. . ", ".pdf", "budsjett.pdf"),
        ("CON.pdf", ".pdf", "_CON.pdf"),
        ("foto.jpeg", ".jpg", "foto.jpg"),
    ],
)
def test_safe_display_name(name, extension, expected):
    assert safe_display_name(name, extension) == expected


def test_display_name_is_at_most_150_characters_and_keeps_the_extension():
    name = safe_display_name("ø" * 300 + ".docx", ".docx")
    assert len(name) == 150
    assert name == "ø" * 145 + ".docx"
