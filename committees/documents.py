"""The committee's documents as PDF: the case paper (saksfremlegg), the meeting packet (møteinnkalling,
then every case paper with its attachments, bookmarked and numbered «Side N av M») and the protocol.

Each document is keyed by a hash of what goes into it (the HTML, plus the identity of every attached
file), stored with the file. A view asks ``request_*``: it answers True when the stored file has the
current hash, and otherwise enqueues the Celery task (after commit) and answers False, so a download
never waits for WeasyPrint and a document is rendered again only when its content changed. The
tasks (committees/tasks.py) call ``store_*``, which do nothing when the file is already current.

HTML is rendered in Norwegian whatever the request's language, so the hash does not depend on who
asks. Everything the secretariat or an applicant typed is autoescaped by the templates and every
resource goes through core.pdf's static-only fetcher, so text like ``<img src="file:///etc/passwd">``
appears in the PDF as text. Only core/pdf.py imports WeasyPrint; pypdf merges, bookmarks and
stamps the page numbers.
"""

from __future__ import annotations

import hashlib
import io
import logging
from dataclasses import dataclass, field

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override
from pypdf import PdfReader, PdfWriter, Transformation
from pypdf.generic import DecodedStreamObject, NameObject

from applications.forwarding import application_pdf, package_contents
from applications.models import ApplicationVersion
from core.pdf import render_pdf
from core.pdf_tags import TaggedMerge
from core.queue import enqueue_on_commit

from . import permissions, services
from .models import Attendance, Case, CaseAttachment, CommitteeMembership, Meeting, Vote

log = logging.getLogger(__name__)

# Part of every hash: bump it when the documents change in a way their HTML does not show (how the
# packet is merged or stamped), so stored files are made again.
DOCUMENTS_VERSION = "committee-documents-2"  # 2: tagged (PDF/UA-1), the packet keeps the tags
LANGUAGE = "nb"
# The cases in a meeting's notice, packet and protocol: those the committee's members may see
# (never drafts, never withdrawn cases), in agenda order.
MEETING_CASE_STATUSES = permissions.VISIBLE_CASE_STATUSES
# How long a request to render is remembered, so polling does not enqueue a task per poll. Longer
# than the task's time limit; after it (a task lost or failed), the next poll enqueues again.
ENQUEUE_TTL = {"case": 180, "packet": 360, "protocol": 180}


def _sha256(parts) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(part.encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def _stored(file_field) -> bool:
    return bool(file_field) and file_field.storage.exists(file_field.name)


def _enqueue_once(task, kind: str, pk: int, digest: str) -> None:
    """Send the task after commit, unless it was sent for this content a moment ago."""
    key = f"committees:document:{kind}:{pk}"
    if cache.get(key) == digest:
        return
    cache.set(key, digest, ENQUEUE_TTL[kind])
    enqueue_on_commit(task, pk)


def _save_document(instance, file_attr: str, hash_attr: str, name: str, content: bytes, digest: str) -> None:
    """Store the new file and its hash (only those two columns), then remove the file it replaces."""
    file_field = getattr(instance, file_attr)
    old_name = file_field.name
    file_field.save(name, ContentFile(content), save=False)
    setattr(instance, hash_attr, digest)
    instance.save(update_fields=[file_attr, hash_attr])
    if old_name and old_name != file_field.name:
        try:
            file_field.storage.delete(old_name)
        except OSError:  # pragma: no cover - an old file that is already gone
            log.warning("Could not delete the replaced document %s", old_name)


def _person(user) -> str:
    return (user.get_full_name() or user.email) if user else "–"


# --- Attachments ------------------------------------------------------------------------------


@dataclass
class AttachmentItem:
    """A numbered Vedlegg of a case, and whether its PDF goes into the meeting packet."""

    attachment: CaseAttachment
    number: int
    identity: str
    mergeable: bool  # what its kind and content promise; set when the packet is planned
    left_out: bool = field(init=False)  # not in the packet after all (also a PDF pypdf cannot read)

    def __post_init__(self):
        self.left_out = not self.mergeable

    @property
    def title(self) -> str:
        return self.attachment.title

    def pdf_bytes(self) -> bytes:
        attachment = self.attachment
        if attachment.application_id:
            return application_pdf(attachment.application)
        with attachment.file.storage.open(attachment.file.name, "rb") as stored:
            return stored.read()


def _looks_like_pdf(file_field) -> bool:
    """An uploaded file is merged if it is a PDF by its content (not by its name or claimed type)."""
    if not file_field:
        return False
    try:
        with file_field.storage.open(file_field.name, "rb") as stored:
            head = stored.read(1024)
    except OSError:
        return False
    return b"%PDF-" in head


def attachment_items(case: Case) -> list[AttachmentItem]:
    """The case's attachments in order: uploaded PDFs and applications (their submitted PDF) are
    merged into the packet; other uploads (Word, Excel …) are listed only."""
    attachments = list(case.attachments.all())
    application_ids = [a.application_id for a in attachments if a.application_id]
    latest: dict[int, tuple[int, int]] = {}  # application id → (version id, number) of the last one
    if application_ids:
        for application_id, version_id, number in (
            ApplicationVersion.objects.filter(application_id__in=application_ids)
            .order_by("application_id", "number")
            .values_list("application_id", "pk", "number")
        ):
            latest[application_id] = (version_id, number)
    items = []
    for number, attachment in enumerate(attachments, start=1):
        base = f"{attachment.pk}|{attachment.order}|{attachment.title}"
        if attachment.application_id:
            version = latest.get(attachment.application_id)
            # A version is frozen: its PDF (stored, or made from the same snapshot) never changes.
            submitted = "version:{}:v{}".format(*version) if version else "-"
            identity = f"{base}|application:{attachment.application_id}:{submitted}"
            items.append(AttachmentItem(attachment, number, identity, mergeable=version is not None))
        else:
            identity = f"{base}|file:{attachment.file.name}|{attachment.content_type}"
            items.append(
                AttachmentItem(attachment, number, identity, mergeable=_looks_like_pdf(attachment.file))
            )
    return items


# --- The case paper -------------------------------------------------------------------------------


def _case_queryset():
    return Case.objects.select_related(
        "committee__health_community", "meeting", "prioritisation__round__health_community"
    ).prefetch_related(
        Prefetch(
            "attachments",
            queryset=CaseAttachment.objects.select_related(
                "application__round", "application__lead_organisation"
            ).order_by("order", "pk"),
        )
    )


def load_case(case_id: int) -> Case | None:
    return _case_queryset().filter(pk=case_id).first()


def case_title(case: Case) -> str:
    """ "Sak 23-2025: ‹title›", the case paper's heading, bookmark and PDF title."""
    with override(LANGUAGE):
        return _("Sak %(reference)s: %(title)s") % {"reference": case.reference, "title": case.title}


def _board(case: Case) -> dict | None:
    """The frozen ranking of a generated prioritisation case, with totals against each pot."""
    if case.generated != Case.Generated.PRIORITISATION or not case.prioritisation_id:
        return None
    prioritisation = case.prioritisation
    _entries, rows, direct, totals = package_contents(prioritisation)
    return {
        "round": prioritisation.round,
        "rows": rows,
        "direct": direct,
        "totals": totals,
        "pots": [pot for pot in totals.values() if pot.exists or pot.allocated_nok],
        "applied_nok": sum(row.amount_applied_nok for row in rows),
    }


def case_html(case: Case, *, in_packet: bool = False, items: list[AttachmentItem] | None = None) -> str:
    """The case paper as HTML. In the packet the paper carries no page numbers of its own (the
    packet's are stamped on) and says which attachments are not in the PDF."""
    with override(LANGUAGE):
        if items is None:
            attachments = [{"title": a.title, "left_out": False} for a in case.attachments.all()]
        else:
            attachments = [{"title": item.title, "left_out": in_packet and item.left_out} for item in items]
        return render_to_string(
            "pdf/case.html",
            {
                "case": case,
                "document_title": case_title(case),
                "recommendation_points": case.recommendation_points,
                "decision_points": case.decision_points,
                "decided": case.status == Case.Status.DECIDED,
                "board": _board(case),
                "attachments": attachments,
                "in_packet": in_packet,
            },
        )


def _case_digest(case: Case, html: str) -> str:
    identities = [
        f"{a.pk}|{a.order}|{a.title}|{a.file.name}|{a.application_id or ''}" for a in case.attachments.all()
    ]
    return _sha256([DOCUMENTS_VERSION, html, *identities])


def case_hash(case: Case) -> str:
    """sha256 of the case paper's HTML and the identity of its attachments."""
    return _case_digest(case, case_html(case))


def render_case_pdf_bytes(case: Case) -> bytes:
    return render_pdf(case_html(case), title=case_title(case))


def case_pdf_ready(case: Case) -> bool:
    return bool(case.pdf_hash) and case.pdf_hash == case_hash(case) and _stored(case.pdf)


def request_case_pdf(case: Case) -> bool:
    """True when the stored PDF is current; otherwise its rendering is enqueued and False returned."""
    digest = case_hash(case)
    if case.pdf_hash == digest and _stored(case.pdf):
        return True
    from .tasks import render_case_pdf

    _enqueue_once(render_case_pdf, "case", case.pk, digest)
    return False


def store_case_pdf(case: Case) -> bool:
    """Render and store the case paper unless the stored one is current. True if it rendered."""
    html = case_html(case)
    digest = _case_digest(case, html)
    if case.pdf_hash == digest and _stored(case.pdf):
        return False
    content = render_pdf(html, title=case_title(case))
    _save_document(case, "pdf", "pdf_hash", f"sak-{case.reference}-{digest[:12]}.pdf", content, digest)
    log.info("Case paper %s rendered (%s bytes)", case.reference, len(content))
    return True


# --- The meeting notice and the packet ----------------------------------------------------------


def meeting_cases(meeting: Meeting) -> list[Case]:
    """The cases on the meeting's agenda that its members see, in agenda order."""
    return list(
        _case_queryset()
        .filter(meeting=meeting, status__in=MEETING_CASE_STATUSES)
        .order_by("agenda_order", "year", "number")
    )


def _meeting_queryset():
    return Meeting.objects.select_related("committee__health_community", "protocol_approved_by")


def load_meeting(meeting_id: int) -> Meeting | None:
    return _meeting_queryset().filter(pk=meeting_id).first()


def notice_title(meeting: Meeting) -> str:
    with override(LANGUAGE):
        return _("Møteinnkalling %(committee)s %(date)s") % {
            "committee": meeting.committee.name,
            "date": meeting.date.strftime("%d.%m.%Y"),
        }


def meeting_notice_html(meeting: Meeting, *, cases: list[Case] | None = None, in_packet: bool = False) -> str:
    """The møteinnkalling: committee, kind, date, time, place or video link and the saksliste
    (standing items included) in agenda order."""
    with override(LANGUAGE):
        return render_to_string(
            "pdf/meeting_notice.html",
            {
                "meeting": meeting,
                "cases": meeting_cases(meeting) if cases is None else cases,
                "document_title": notice_title(meeting),
                "in_packet": in_packet,
            },
        )


@dataclass
class _PacketPlan:
    meeting: Meeting
    cases: list[tuple[Case, list[AttachmentItem]]]
    digest: str


def _packet_plan(meeting: Meeting) -> _PacketPlan:
    with override(LANGUAGE):
        cases = meeting_cases(meeting)
        planned = [(case, attachment_items(case)) for case in cases]
        parts = [DOCUMENTS_VERSION, meeting_notice_html(meeting, cases=cases, in_packet=True)]
        for case, items in planned:
            parts.append(case_html(case, in_packet=True, items=items))
            parts.extend(item.identity for item in items)
    return _PacketPlan(meeting, planned, _sha256(parts))


def meeting_packet_hash(meeting: Meeting) -> str:
    """sha256 of the notice, every case paper as it stands in the packet and the identity of every
    attachment (uploaded file name, application version)."""
    return _packet_plan(meeting).digest


def _reader(content: bytes) -> PdfReader:
    reader = PdfReader(io.BytesIO(content))
    if reader.is_encrypted and not reader.decrypt(""):
        raise ValueError("encrypted PDF")
    len(reader.pages)  # parses the page tree now, so a broken file is found before merging
    return reader


def _stamp_page_numbers(writer: PdfWriter) -> None:
    """«Side N av M» at the foot of every page: an overlay made by WeasyPrint with one page per
    page of the packet, each of that page's size, merged onto it with pypdf."""
    sizes: dict[tuple[str, str], str] = {}
    names, origins = [], []
    for page in writer.pages:
        if page.rotation:
            page.transfer_rotation_to_content()
        box = page.cropbox
        key = (f"{float(box.width):.2f}", f"{float(box.height):.2f}")
        names.append(sizes.setdefault(key, f"size{len(sizes)}"))
        origins.append((float(box.left), float(box.bottom)))
    html = render_to_string(
        "pdf/page_numbers.html",
        {"sizes": [{"name": n, "width": w, "height": h} for (w, h), n in sizes.items()], "pages": names},
    )
    overlay = PdfReader(io.BytesIO(render_pdf(html, tagged=False)))
    if len(overlay.pages) != len(writer.pages):
        raise RuntimeError(f"Page-number overlay has {len(overlay.pages)} pages for {len(writer.pages)}")
    for page, stamp, (x, y) in zip(writer.pages, overlay.pages, origins, strict=True):
        # Pagination, not content: marked as an artifact, so screen readers skip it.
        artifact = DecodedStreamObject()
        artifact.set_data(b"/Artifact BMC\n" + stamp.get_contents().get_data() + b"\nEMC\n")
        stamp[NameObject("/Contents")] = artifact
        if x or y:
            page.merge_transformed_page(stamp, Transformation().translate(x, y))
        else:
            page.merge_page(stamp)


def _build_packet(plan: _PacketPlan) -> bytes:
    meeting = plan.meeting
    writer = PdfWriter()
    readers: list[PdfReader] = []  # kept alive until written: pypdf keys copied objects by reader

    tags = TaggedMerge(writer, lang=LANGUAGE)

    def append(reader: PdfReader) -> int:
        start = len(writer.pages)
        readers.append(reader)
        writer.append(reader, import_outline=False)
        tags.add(reader, start)
        return start

    with override(LANGUAGE):
        title = notice_title(meeting)
        cases = [case for case, _items in plan.cases]
        append(_reader(render_pdf(meeting_notice_html(meeting, cases=cases, in_packet=True), title=title)))
        writer.add_outline_item(title=title, page_number=0)
        for case, items in plan.cases:
            loaded = []
            for item in items:
                if not item.mergeable:
                    continue
                try:
                    loaded.append((item, _reader(item.pdf_bytes())))
                except Exception as error:  # a broken or locked upload is listed, not merged
                    log.warning(
                        "Packet %s: attachment %s left out: %s", meeting.pk, item.attachment.pk, error
                    )
                    item.left_out = True
            paper = render_pdf(case_html(case, in_packet=True, items=items), title=case_title(case))
            start = append(_reader(paper))
            parent = writer.add_outline_item(title=case_title(case), page_number=start)
            for item, reader in loaded:
                at = append(reader)
                if at < len(writer.pages):
                    writer.add_outline_item(
                        title=_("Vedlegg %(number)s: %(title)s")
                        % {"number": item.number, "title": item.title},
                        page_number=at,
                        parent=parent,
                        is_open=False,
                    )
        _stamp_page_numbers(writer)
        tags.finish()
        writer.add_metadata(
            {
                "/Title": _("Møtedokumenter %(committee)s %(date)s")
                % {"committee": meeting.committee.name, "date": meeting.date.strftime("%d.%m.%Y")},
                "/Producer": "Helsefellesskap RS-portal",
            }
        )
        writer.page_mode = "/UseOutlines"
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def meeting_packet_bytes(meeting: Meeting) -> bytes:
    """The meeting packet: the notice, then per case its paper and its attachments (uploaded PDFs
    as they are, applications as their submitted PDF), bookmarked and numbered «Side N av M»."""
    return _build_packet(_packet_plan(meeting))


def packet_ready(meeting: Meeting) -> bool:
    return (
        bool(meeting.packet_hash)
        and meeting.packet_hash == meeting_packet_hash(meeting)
        and _stored(meeting.packet_pdf)
    )


def request_packet(meeting: Meeting) -> bool:
    digest = meeting_packet_hash(meeting)
    if meeting.packet_hash == digest and _stored(meeting.packet_pdf):
        return True
    from .tasks import render_meeting_packet

    _enqueue_once(render_meeting_packet, "packet", meeting.pk, digest)
    return False


def store_packet(meeting: Meeting) -> bool:
    plan = _packet_plan(meeting)
    if meeting.packet_hash == plan.digest and _stored(meeting.packet_pdf):
        return False
    content = _build_packet(plan)
    name = f"motedokumenter-{meeting.committee_id}-{meeting.date:%Y%m%d}-{plan.digest[:12]}.pdf"
    _save_document(meeting, "packet_pdf", "packet_hash", name, content, plan.digest)
    log.info("Meeting packet %s rendered (%s bytes)", meeting.pk, len(content))
    return True


# --- The protocol ----------------------------------------------------------------------------------


def _attendance_row(attendance: Attendance) -> dict:
    membership = attendance.membership
    return {
        "name": _person(membership.user),
        "role": membership.get_role_display(),
        "organisation": membership.organisation.name if membership.organisation else "",
        "note": attendance.note,
    }


def protocol_html(meeting: Meeting) -> str:
    """The protokoll: the meeting, who attended and who had forfall, and per case the vedtak, the
    members who left it as inhabil (a party to it, worked out by services.inhabil_reasons, or
    declared) and the votes; then whether the protocol is approved."""
    with override(LANGUAGE):
        memberships = list(
            CommitteeMembership.objects.filter(committee=meeting.committee)
            .select_related("user", "organisation")
            .order_by("role", "user__last_name", "user__first_name", "pk")
        )
        attendance = list(
            meeting.attendance.select_related("membership__user", "membership__organisation").order_by(
                "membership__user__last_name", "membership__user__first_name", "pk"
            )
        )
        cases = list(
            Case.objects.filter(meeting=meeting, status__in=MEETING_CASE_STATUSES)
            .select_related("committee__health_community", "meeting", "prioritisation__round")
            .prefetch_related(
                "attachments",
                Prefetch("votes", queryset=Vote.objects.select_related("user")),
                "inhabil_declarations__user",
            )
            .order_by("agenda_order", "year", "number")
        )
        # Members, and anyone else who declared themselves inhabil in one of the cases.
        people = [m.user for m in memberships]
        seen = {user.pk for user in people}
        for case in cases:
            for declaration in case.inhabil_declarations.all():
                if declaration.user_id not in seen:
                    seen.add(declaration.user_id)
                    people.append(declaration.user)
        reasons_by_case = services.inhabil_reasons_by_case(cases, people)
        items = []
        for case in cases:
            reasons = reasons_by_case[case.pk]
            inhabil = [{"name": _person(u), "reason": reasons[u.pk]} for u in people if u.pk in reasons]
            votes = sorted(case.votes.all(), key=lambda v: _person(v.user))
            items.append(
                {
                    "case": case,
                    "decision_points": case.decision_points,
                    "inhabil": inhabil,
                    "votes_for": [_person(v.user) for v in votes if v.choice == Vote.Choice.FOR],
                    "votes_against": [_person(v.user) for v in votes if v.choice == Vote.Choice.AGAINST],
                }
            )
        return render_to_string(
            "pdf/protocol.html",
            {
                "meeting": meeting,
                "document_title": protocol_title(meeting),
                "present": [_attendance_row(a) for a in attendance if a.present],
                "absent": [_attendance_row(a) for a in attendance if not a.present],
                "items": items,
                "approved_by": _person(meeting.protocol_approved_by),
            },
        )


def protocol_title(meeting: Meeting) -> str:
    with override(LANGUAGE):
        return _("Protokoll %(committee)s %(date)s") % {
            "committee": meeting.committee.name,
            "date": meeting.date.strftime("%d.%m.%Y"),
        }


def protocol_hash(meeting: Meeting) -> str:
    return _sha256([DOCUMENTS_VERSION, protocol_html(meeting)])


def protocol_pdf_bytes(meeting: Meeting) -> bytes:
    return render_pdf(protocol_html(meeting), title=protocol_title(meeting))


def protocol_ready(meeting: Meeting) -> bool:
    return (
        bool(meeting.protocol_hash)
        and meeting.protocol_hash == protocol_hash(meeting)
        and _stored(meeting.protocol_pdf)
    )


def request_protocol(meeting: Meeting) -> bool:
    digest = protocol_hash(meeting)
    if meeting.protocol_hash == digest and _stored(meeting.protocol_pdf):
        return True
    from .tasks import render_protocol_pdf

    _enqueue_once(render_protocol_pdf, "protocol", meeting.pk, digest)
    return False


def store_protocol(meeting: Meeting) -> bool:
    html = protocol_html(meeting)
    digest = _sha256([DOCUMENTS_VERSION, html])
    if meeting.protocol_hash == digest and _stored(meeting.protocol_pdf):
        return False
    content = render_pdf(html, title=protocol_title(meeting))
    name = f"protokoll-{meeting.committee_id}-{meeting.date:%Y%m%d}-{digest[:12]}.pdf"
    _save_document(meeting, "protocol_pdf", "protocol_hash", name, content, digest)
    log.info("Protocol of meeting %s rendered (%s bytes)", meeting.pk, len(content))
    return True
