"""The package forwarded to Helse Nord: the prioritised list (XLSX and PDF), every forwarded
application as PDF (the copy made at submission) and all its attachments, as one ZIP with a folder
per application in ranked order. Built by `tasks.build_forwarding_package`; reads only."""

from __future__ import annotations

import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from dataclasses import dataclass

from django.core.files import File
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from core.pdf import render_template_to_pdf

from .models import ApplicationVersion, Attachment, ForwardingPackage, Prioritisation, PriorityEntry
from .prioritisation import pot_totals

FOLDER_TITLE_MAX = 60
_UNSAFE = re.compile(r'[\x00-\x1f<>:"/\\|?*]+')


@dataclass
class ListRow:
    regional_rank: int
    local_rank: int
    reference: str
    title: str
    lead_organisation: str
    amount_applied_nok: int
    regional_nok: int
    local_nok: int
    folder: str


def safe_part(text: str, limit: int = FOLDER_TITLE_MAX) -> str:
    """A file or folder name part that is valid on Windows, macOS and Linux."""
    cleaned = re.sub(r"\s+", " ", _UNSAFE.sub(" ", text)).strip(" .")
    return cleaned[:limit].rstrip(" .") or "uten-navn"


def package_contents(prioritisation: Prioritisation):
    """The entries in regional order, the direct allocations and the pot totals."""
    entries = list(
        PriorityEntry.objects.filter(prioritisation=prioritisation)
        .select_related("application__lead_organisation", "application__round")
        .order_by("regional_rank", "pk")
    )
    direct = list(prioritisation.direct_allocations.all())
    rows = [
        ListRow(
            regional_rank=rank,
            local_rank=entry.local_rank,
            reference=entry.application.reference,
            title=entry.application.title,
            lead_organisation=str(entry.application.lead_organisation),
            amount_applied_nok=entry.application.amount_applied_nok or 0,
            regional_nok=entry.regional_nok,
            local_nok=entry.local_nok,
            folder=f"{rank:02d} {entry.application.reference} {safe_part(entry.application.title)}",
        )
        for rank, entry in enumerate(entries, start=1)
    ]
    return entries, rows, direct, pot_totals(prioritisation.round, entries, direct)


def _text(cell, value):
    cell.value = ILLEGAL_CHARACTERS_RE.sub("", value)
    cell.data_type = "s"  # never a formula, whatever the applicant typed


def list_xlsx(prioritisation: Prioritisation, rows: list[ListRow], direct, totals) -> bytes:
    """Two sheets: the regional ranking and the local allocation, each with totals against its pot."""
    workbook = Workbook()
    bold = Font(bold=True)
    columns = [
        (_("Prioritet"), 10),
        (_("Referanse"), 14),
        (_("Prosjekt"), 60),
        (_("Søker"), 28),
        (_("Omsøkt (kr)"), 14),
        (_("Anbefalt regional pott (kr)"), 16),
        (_("Lokal pott (kr)"), 14),
    ]
    sheets = [
        (workbook.active, _("Regional pott"), sorted(rows, key=lambda r: r.regional_rank), "regional"),
        (workbook.create_sheet(), _("Lokal pott"), sorted(rows, key=lambda r: r.local_rank), "local"),
    ]
    for sheet, title, ordered, kind in sheets:
        sheet.title = title
        for column, (label, width) in enumerate(columns, start=1):
            cell = sheet.cell(row=1, column=column, value=str(label))
            cell.font = bold
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = "A2"
        line = 1
        for position, row in enumerate(ordered, start=1):
            line += 1
            sheet.cell(row=line, column=1, value=position)
            _text(sheet.cell(row=line, column=2), row.reference)
            _text(sheet.cell(row=line, column=3), row.title)
            _text(sheet.cell(row=line, column=4), row.lead_organisation)
            for column, value in ((5, row.amount_applied_nok), (6, row.regional_nok), (7, row.local_nok)):
                sheet.cell(row=line, column=column, value=value).number_format = "#,##0"
        if kind == "local":
            for allocation in direct:
                line += 1
                _text(
                    sheet.cell(row=line, column=3),
                    _("Direkte tildeling: %(title)s") % {"title": allocation.title},
                )
                sheet.cell(row=line, column=7, value=allocation.amount_nok).number_format = "#,##0"
        pot = totals[kind]
        amount_column = 6 if kind == "regional" else 7
        for label, value in (
            (_("Sum anbefalt"), pot.allocated_nok),
            (_("Ramme (årets beløp og overført)"), pot.frame_nok),
            (_("Gjenstår"), pot.remaining_nok),
        ):
            line += 1
            sheet.cell(row=line, column=3, value=str(label)).font = bold
            total = sheet.cell(row=line, column=amount_column, value=value)
            total.number_format = "#,##0"
            total.font = bold
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def list_pdf(prioritisation: Prioritisation, rows: list[ListRow], direct, totals) -> bytes:
    return render_template_to_pdf(
        "pdf/prioritised_list.html",
        {
            "prioritisation": prioritisation,
            "round": prioritisation.round,
            "regional": sorted(rows, key=lambda r: r.regional_rank),
            "local": sorted(rows, key=lambda r: r.local_rank),
            "direct": direct,
            "totals": totals,
        },
    )


def application_pdf(application) -> bytes:
    """The PDF of the last submitted version: the stored copy, or rendered now if it is missing."""
    version = application.versions.select_related("submitted_by").order_by("-number").first()
    if version is None:
        raise ValueError(f"Application {application.pk} was never submitted")
    if version.pdf_status == ApplicationVersion.PdfStatus.READY and version.pdf:
        with version.pdf.open("rb") as stored:
            return stored.read()
    return render_template_to_pdf("pdf/application.html", {"snapshot": version.snapshot, "version": version})


def submitted_attachments(application) -> list[Attachment]:
    """The attachments of the last submitted version (also those removed from the draft since)."""
    version = application.versions.order_by("-number").first()
    ids = [item["id"] for item in (version.snapshot.get("attachments", []) if version else [])]
    return list(Attachment.all_objects.filter(application=application, pk__in=ids).order_by("kind", "pk"))


def _unique(name: str, taken: set[str]) -> str:
    stem, dot, extension = name.rpartition(".")
    if not dot:
        stem, extension = name, ""
    candidate, n = name, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{stem} ({n}).{extension}" if extension else f"{stem} ({n})"
    taken.add(candidate.lower())
    return candidate


def build_package(package: ForwardingPackage, progress: Callable[[], None]) -> None:
    """Write the ZIP to the package's file field; `progress()` is called after each step."""
    prioritisation = package.prioritisation
    round_ = prioritisation.round
    with override("nb"):
        entries, rows, direct, totals = package_contents(prioritisation)
        list_name = safe_part(_("Prioritert liste %(year)s") % {"year": round_.year})
        with tempfile.TemporaryFile() as spool:
            with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                archive.writestr(f"{list_name}.xlsx", list_xlsx(prioritisation, rows, direct, totals))
                archive.writestr(f"{list_name}.pdf", list_pdf(prioritisation, rows, direct, totals))
                progress()
                for entry, row in zip(entries, rows, strict=True):
                    application = entry.application
                    archive.writestr(
                        f"{row.folder}/{_('Søknad')} {application.reference}.pdf",
                        application_pdf(application),
                    )
                    taken: set[str] = set()
                    for attachment in submitted_attachments(application):
                        name = _unique(safe_part(attachment.original_name, 120), taken)
                        with attachment.file.open("rb") as stored:
                            archive.writestr(f"{row.folder}/{_('Vedlegg')}/{name}", stored.read())
                    progress()
            size = spool.tell()
            spool.seek(0)
            stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
            package.file.save(
                f"videresending-{round_.health_community.slug}-{round_.year}-{stamp}.zip",
                File(spool),
                save=False,
            )
    package.size_bytes = size
