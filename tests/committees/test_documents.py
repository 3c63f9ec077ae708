"""The committee's documents (committees/documents.py and tasks.py), rendered for real with WeasyPrint
and read back with pypdf:

* hostile text in a case paper and in an application attached to it comes out as text, and the
  renderer fetches nothing but our own static files: no file:// read, no socket opened;
* the generated prioritisation case of the demo 2025 round: the format of seed 001, every
  application, the pot totals, no «Kr. X» left;
* a document is rendered once per content: the task returns «cached» while the hash matches, and a
  changed text changes the hash and renders again;
* the meeting packet: notice first, a bookmark per case with its attachments as children, «Side N
  av M» on every page, uploaded PDFs and applications merged, other uploads only listed, drafts out;
* the protocol: the vedtak, members who left a case as inhabil (automatic and declared), votes,
  attendance, approval;
* request_case_pdf enqueues after commit and a real worker renders the PDF;
* the benchmark command runs.
"""

import datetime as dt
import io
import re
import socket
import sys
import tempfile
import time
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone, translation
from pypdf import PdfReader, PdfWriter
from pypdf.generic import RectangleObject

import core.pdf
from applications import prioritisation as board
from applications import review
from applications.forwarding import application_pdf
from applications.models import Application, Prioritisation, Round, ScreeningCheck
from applications.services import application_confirm_partnership, application_submit
from committees import documents, services
from committees.models import Attendance, Case, CaseAttachment, Committee, CommitteeMembership, Meeting
from committees.tasks import render_case_pdf, render_meeting_packet, render_protocol_pdf
from core.models import HealthCommunity, SecretariatMembership, User
from core.money import format_nok
from tests.factories import RoundFactory, UserFactory, helgeland, make_application, org

HOSTILE = ['<img src="file:///etc/passwd">', "http://127.0.0.1:6379/", "<script>alert(1)</script>"]
STATIC_PREFIX = core.pdf.PDF_BASE_URL + "static/"
MEETING_DAY = dt.date(2025, 9, 9)


# --- Helpers and fixtures -------------------------------------------------------------------------


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " ")).strip()


def page_texts(content: bytes) -> list[str]:
    return [normalise(page.extract_text()) for page in PdfReader(io.BytesIO(content)).pages]


def pdf_text(content: bytes) -> str:
    return " ".join(page_texts(content))


def odd_pages_pdf() -> bytes:
    """Three blank pages as uploads come: A4; US Letter landscape turned with /Rotate 90; and a
    page whose media box does not start at the origin."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    turned = writer.add_blank_page(width=792, height=612)
    turned.mediabox = RectangleObject([100, 50, 892, 662])
    turned.rotate(90)
    shifted = writer.add_blank_page(width=600, height=850)
    shifted.mediabox = RectangleObject([100, 50, 700, 900])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def text_positions(page, wanted: str) -> list[tuple[float, float]]:
    """Where on the page (PDF user space) text containing `wanted` starts."""
    found = []

    def visit(text, cm, tm, font, size):
        if wanted in text:
            found.append((tm[4] * cm[0] + tm[5] * cm[2] + cm[4], tm[4] * cm[1] + tm[5] * cm[3] + cm[5]))

    page.extract_text(visitor_text=visit)
    return found


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def ssu(db):
    return Committee.objects.get(health_community=helgeland(), kind=Committee.Kind.SSU)


@pytest.fixture
def secretary(db):
    user = UserFactory(email="sekretariat.dokumenter@example.no", first_name="Camilla", last_name="Sæther")
    SecretariatMembership.objects.create(user=user, health_community=helgeland())
    return user


@pytest.fixture
def meeting(ssu):
    return Meeting.objects.create(
        committee=ssu,
        date=MEETING_DAY,
        starts_at=dt.time(9, 0),
        ends_at=dt.time(15, 0),
        place="Mosjøen, Helgelandssykehuset",
        video_link="https://meet.example.no/ssu-2025-09-09",
    )


def new_case(meeting, actor, title, *, kind=Case.Kind.DECISION, publish=True, **sections):
    sections.setdefault("recommendation", "Strategisk samarbeidsutvalg tar saken til etterretning.")
    case = services.case_create(
        committee=meeting.committee, actor=actor, meeting=meeting, title=title, kind=kind, **sections
    )
    if publish:
        case = services.case_publish(case=case, actor=actor)
    return documents.load_case(case.pk)


def submitted_application(title, *, summary="Et team som kartlegger behov før utskrivning."):
    """A complete application from Rana kommune, confirmed by the hospital and sent in (its
    receipt PDF is not rendered: no commit happens in these tests, so application_pdf makes it)."""
    rana, hsyk = org("Rana kommune"), org("Helgelandssykehuset HF")
    applicant = UserFactory(organisations=[rana])
    application = make_application(
        round=RoundFactory(), lead=rana, actor=applicant, complete=True, title=title
    )
    application.summary = summary
    application.save()
    application_confirm_partnership(application=application, actor=UserFactory(organisations=[hsyk]))
    application_submit(application=application, actor=applicant, notify=False)
    return application


class RenderSpy:
    """Records, calling through to the real code, what happens while the test renders:

    * every URL WeasyPrint asks core.pdf.StaticOnlyURLFetcher for;
    * every socket connect (recorded and refused, so a leak would also break the render);
    * every file the process opens inside core.pdf.render_pdf (a sys audit hook);
    * how many times core.pdf.render_pdf ran.
    """

    hook_installed = False
    active = None

    def __init__(self, monkeypatch):
        self.urls, self.connects, self.opened, self.renders = [], [], [], 0
        fetch, render = core.pdf.StaticOnlyURLFetcher.fetch, core.pdf.render_pdf
        spy = self

        def recording_fetch(fetcher, url, headers=None):
            spy.urls.append(url)
            return fetch(fetcher, url, headers)

        def refusing_connect(sock, address):
            spy.connects.append(address)
            raise OSError("no connections while the test renders PDFs")

        def recording_render(html, *, title="", **options):
            spy.renders += 1
            RenderSpy.active = spy
            try:
                return render(html, title=title, **options)
            finally:
                RenderSpy.active = None

        monkeypatch.setattr(core.pdf.StaticOnlyURLFetcher, "fetch", recording_fetch)
        monkeypatch.setattr(socket.socket, "connect", refusing_connect)
        monkeypatch.setattr(core.pdf, "render_pdf", recording_render)
        monkeypatch.setattr(documents, "render_pdf", recording_render)
        if not RenderSpy.hook_installed:  # an audit hook cannot be removed: install it once
            sys.addaudithook(RenderSpy._audit)
            RenderSpy.hook_installed = True

    @staticmethod
    def _audit(event, args):
        spy = RenderSpy.active
        if spy is not None and event == "open" and isinstance(args[0], str | bytes):
            spy.opened.append(str(args[0]))


# --- Must-show 3: hostile text stays text, nothing but our static files is fetched -----------------


def test_hostile_text_is_printed_as_text_and_nothing_is_fetched(meeting, secretary, monkeypatch):
    application = submitted_application(
        "Digital hjemmeoppfølging med fjernmåling", summary="Sammendrag:\n" + "\n".join(HOSTILE)
    )
    case = new_case(
        meeting,
        secretary,
        "Tilskudd til digital hjemmeoppfølging",
        background="Søknaden lenker til:\n" + "\n".join(HOSTILE),
        assessment=" ".join(HOSTILE) + "\nSekretariatet anbefaler tilskudd.",
    )
    CaseAttachment.objects.create(case=case, order=1, title="Søknaden", application=application)
    case = documents.load_case(case.pk)
    spy = RenderSpy(monkeypatch)

    paper = documents.render_case_pdf_bytes(case)
    packet = documents.meeting_packet_bytes(meeting)

    paper_text, packet_text = pdf_text(paper), pdf_text(packet)
    for text in HOSTILE:
        assert paper_text.count(text) == 2, text  # Saksopplysninger and Vurdering
        assert packet_text.count(text) >= 3, text  # the case paper's two sections and the application
    assert "Sammendrag:" in packet_text  # the application's own text is in the packet
    # WeasyPrint asked only for our stylesheet and fonts, never for the URLs in the text …
    assert spy.renders >= 4  # case paper; notice, paper and application in the packet; page numbers
    assert spy.urls and all(url.startswith(STATIC_PREFIX) for url in spy.urls), spy.urls
    assert any(url.endswith("/static/css/pdf.css") for url in spy.urls)
    # … opened no socket and read no file outside the static files
    assert spy.connects == []
    assert not [path for path in spy.opened if "passwd" in path]
    # (besides Python's own modules: our static files, and the fonts WeasyPrint copies to its temp dir)
    allowed = (
        str(core.pdf.find_static_file("css/pdf.css").parent.parent) + "/",
        str(Path(tempfile.gettempdir()) / "weasyprint-"),
    )
    data_files = {p for p in spy.opened if not re.search(r"\.(py|pyc|so)$|/__pycache__/", p)}
    assert data_files and all(p.startswith(allowed) for p in data_files), sorted(data_files)


# --- Must-show 4: the generated prioritisation case of the demo 2025 round -------------------------


def test_prioritisation_case_of_the_demo_round(db):
    call_command("seed_demo", "--2025", "board", stdout=io.StringIO())
    round_ = Round.objects.get(year=2025, title="RS-tilskudd 2025 (vårrunde)")
    secretary = User.objects.get(email="sekretariat@example.no")
    # The one application the demo leaves for the formal check is checked and assessed …
    for application in round_.applications.filter(status=Application.Status.RECEIVED):
        review.screening_save(
            application=application,
            actor=secretary,
            results={item: (True, "") for item in ScreeningCheck.Item.values},
        )
        for action in ("start_review", "mark_assessed"):
            review.application_transition(application=application, action=action, actor=secretary)
    # … the board is frozen and the SSU's meeting gets the generated case
    board.prioritisation_sync(round_)
    version = Prioritisation.objects.get(round=round_).version
    prioritisation = board.board_freeze(round_=round_, actor=secretary, version=version)
    ssu = Committee.objects.get(health_community__slug="helgeland", kind=Committee.Kind.SSU)
    meeting = Meeting.objects.create(
        committee=ssu, kind=Meeting.Kind.EXTRAORDINARY, date=dt.date(2026, 10, 22), starts_at=dt.time(12)
    )
    case = services.prioritisation_case_create(
        prioritisation=prioritisation, meeting=meeting, actor=secretary
    )

    text = pdf_text(documents.render_case_pdf_bytes(documents.load_case(case.pk)))

    assert "Strategisk samarbeidsutvalg" in text and "Saksfremlegg" in text
    assert f"Sak {case.reference}: {normalise(case.title)}" in text
    assert f"{case.reference} Beslutningssak Strategisk samarbeidsutvalg 22.10.2026" in text
    for heading in ("Innstilling", "Saksopplysninger", "Vurdering", "Vedlegg"):
        assert heading in text
    titles = list(round_.applications.values_list("title", flat=True))
    assert len(titles) == 5
    for title in titles:
        assert normalise(title) in text, title
        assert f"Søknad: {normalise(title)}" in text  # listed as a Vedlegg
    totals = board.board_for_round(round_).totals
    assert totals["regional"].allocated_nok == 23_257_500  # the four drafted by the demo, seed 001
    for pot in totals.values():
        for amount in (pot.frame_nok, pot.allocated_nok, pot.remaining_nok):
            assert normalise(format_nok(amount)) in text, (pot.kind, amount)
    assert "kr 23 257 500" in text
    assert not re.search(r"\bkr\.?\s*x+\b", text, re.IGNORECASE), "an amount placeholder is left"
    assert "None" not in text


# --- Rendered once per content ---------------------------------------------------------------------


def test_case_pdf_is_rendered_once_per_content(
    meeting, secretary, monkeypatch, django_capture_on_commit_callbacks
):
    case = new_case(meeting, secretary, "Ansettelse av prosjektleder", background="Første versjon.")
    spy = RenderSpy(monkeypatch)
    assert not documents.case_pdf_ready(case)

    # A view asks for it: the render is enqueued once after commit, however often the page polls
    with django_capture_on_commit_callbacks() as callbacks:
        assert documents.request_case_pdf(case) is False
        assert documents.request_case_pdf(case) is False
    assert len(callbacks) == 1

    assert render_case_pdf(case.pk) == "rendered"
    case.refresh_from_db()
    first_name, first_hash = case.pdf.name, case.pdf_hash
    first_mtime = case.pdf.storage.get_modified_time(first_name)
    assert first_hash == documents.case_hash(case) and documents.case_pdf_ready(case)
    with translation.override("en"):  # the paper is Norwegian whoever asks: same hash
        assert documents.case_hash(case) == first_hash
    assert "Første versjon." in pdf_text(case.pdf.read())

    # A second delivery of the task (or a retry) finds the hash unchanged and renders nothing
    assert render_case_pdf(case.pk) == "cached"
    assert render_case_pdf.apply(args=[case.pk]).get() == "cached"
    case.refresh_from_db()
    assert (case.pdf.name, case.pdf_hash) == (first_name, first_hash)
    assert case.pdf.storage.get_modified_time(first_name) == first_mtime
    assert spy.renders == 1
    with django_capture_on_commit_callbacks() as callbacks:
        assert documents.request_case_pdf(case) is True
    assert callbacks == []

    # Changing the text changes the hash: the PDF is no longer ready and is rendered again
    services.case_update(case=case, actor=secretary, background="Andre versjon, med nye opplysninger.")
    case = documents.load_case(case.pk)
    assert documents.case_hash(case) != first_hash and not documents.case_pdf_ready(case)
    assert render_case_pdf(case.pk) == "rendered"
    case.refresh_from_db()
    assert case.pdf.name != first_name and case.pdf_hash == documents.case_hash(case)
    assert not case.pdf.storage.exists(first_name)  # the replaced file is removed
    assert "Andre versjon" in pdf_text(case.pdf.read())
    assert spy.renders == 2
    # An attachment is part of the content too
    CaseAttachment.objects.create(case=case, order=1, title="Stillingsbeskrivelse", file="x/stilling.pdf")
    assert not documents.case_pdf_ready(documents.load_case(case.pk))


def test_case_paper_without_a_meeting(ssu, secretary):
    case = services.case_create(
        committee=ssu, actor=secretary, title="Orientering om økonomi", kind=Case.Kind.INFORMATION, year=2025
    )
    text = pdf_text(documents.render_case_pdf_bytes(documents.load_case(case.pk)))
    assert (
        f"Saksnr Type sak Utvalg Møtedato {case.reference} Orienteringssak Strategisk samarbeidsutvalg –"
        in text
    )
    assert "Innstilling –" in text and "Ingen vedlegg." in text


def test_tasks_retry_with_back_off_and_have_time_limits():
    for task, soft, hard in (
        (render_case_pdf, 120, 150),
        (render_meeting_packet, 300, 330),
        (render_protocol_pdf, 120, 150),
    ):
        assert (task.soft_time_limit, task.time_limit) == (soft, hard)
        assert task.acks_late and task.retry_backoff and task.max_retries == 3
        assert task.autoretry_for == (Exception,)


# --- The meeting packet --------------------------------------------------------------------------


def outline_titles(reader):
    """[(title, page index, [(child title, page index)])] of the packet's bookmarks."""
    result = []
    for item in reader.outline:
        if isinstance(item, list):
            result[-1][2].extend((child.title, reader.get_destination_page_number(child)) for child in item)
        else:
            result.append((item.title, reader.get_destination_page_number(item), []))
    return result


def test_meeting_packet(meeting, secretary):
    agenda = new_case(
        meeting, secretary, "Godkjenning av innkalling og saksliste", kind=Case.Kind.INFORMATION
    )
    with_upload = new_case(
        meeting, secretary, "Handlingsplan for helsefellesskapet", background="Se vedlagt handlingsplan."
    )
    upload = CaseAttachment(
        case=with_upload, order=1, title="Handlingsplan 2025–2028", content_type="application/pdf"
    )
    upload.file.save("handlingsplan.pdf", ContentFile(odd_pages_pdf()), save=False)
    upload.save()
    word = CaseAttachment(
        case=with_upload,
        order=2,
        title="Høringsinnspill (Word)",
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    word.file.save("innspill.docx", ContentFile(b"PK\x03\x04 not a pdf"), save=False)
    word.save()
    application = submitted_application("Kartleggingsteam i Rana")
    with_application = new_case(meeting, secretary, "Søknad om tilskudd: kartleggingsteam")
    CaseAttachment.objects.create(
        case=with_application, order=1, title="Søknad: Kartleggingsteam i Rana", application=application
    )
    new_case(meeting, secretary, "Utkast som ikke er publisert", publish=False)
    new_case(meeting, secretary, "Trukket sak", publish=False)
    services.case_withdraw(case=Case.objects.get(title="Trukket sak"), actor=secretary)
    assert not documents.packet_ready(meeting)

    assert render_meeting_packet(meeting.pk) == "rendered"
    meeting.refresh_from_db()
    assert documents.packet_ready(meeting)
    assert render_meeting_packet(meeting.pk) == "cached"
    reader = PdfReader(meeting.packet_pdf.open("rb"))
    pages = [normalise(page.extract_text()) for page in reader.pages]
    total = len(pages)

    # The notice comes first, with the saksliste in agenda order (no draft, no withdrawn case)
    assert "Møteinnkalling" in pages[0] and "Ekstraordinært" not in pages[0]
    assert "tirsdag 9. september 2025" in pages[0].lower() and "kl. 09.00–15.00" in pages[0]
    assert "https://meet.example.no/ssu-2025-09-09" in pages[0]
    order = [pages[0].index(c.title) for c in (agenda, with_upload, with_application)]
    assert order == sorted(order)
    everything = " ".join(pages)
    assert "Utkast som ikke er publisert" not in everything and "Trukket sak" not in everything

    # Bookmarks: the notice, then one per case with its merged attachments as children
    outline = outline_titles(reader)
    assert [title for title, _page, _children in outline] == [
        documents.notice_title(meeting),
        documents.case_title(agenda),
        documents.case_title(with_upload),
        documents.case_title(with_application),
    ]
    (_n, notice_at, _), (_a, agenda_at, _), (_u, upload_at, upload_children), (_p, app_at, app_children) = (
        outline
    )
    assert notice_at == 0 and 0 < agenda_at < upload_at < app_at
    assert [title for title, _page in upload_children] == ["Vedlegg 1: Handlingsplan 2025–2028"]
    assert [title for title, _page in app_children] == ["Vedlegg 1: Søknad: Kartleggingsteam i Rana"]
    handlingsplan_at, application_at = upload_children[0][1], app_children[0][1]
    # The uploaded PDF's three (blank) pages sit between its case paper and the next case
    assert app_at - handlingsplan_at == 3 and pages[handlingsplan_at].startswith("Side")
    assert "Handlingsplan for helsefellesskapet" in pages[upload_at]
    # The Word file is listed in the case paper but not merged
    assert "Høringsinnspill (Word) (følger ikke med i denne PDF-en" in pages[upload_at]
    # The application's submitted PDF follows its case paper, to the end
    assert "Kartleggingsteam i Rana" in pages[application_at] and "Grunnopplysninger" in " ".join(
        pages[application_at:]
    )
    assert application_at == app_at + 1 or "Søknad om tilskudd" in pages[application_at - 1]
    assert total - application_at == len(PdfReader(io.BytesIO(application_pdf(application))).pages)

    # «Side N av M» on every page, counted over the whole packet, at the foot of the visible page
    # whatever its size, rotation or origin
    for number, (text, page) in enumerate(zip(pages, reader.pages, strict=True), start=1):
        stamp = f"Side {number} av {total}"
        assert stamp in text, (number, text[-200:])
        [(x, y)] = text_positions(page, stamp)
        box = page.cropbox
        assert box.left < x < box.right and box.bottom + 5 < y < box.bottom + 30, (number, x, y, box)
    # The case papers in the packet carry no numbering of their own
    assert all(len(re.findall(r"Side \d+ av \d+", text)) == 1 for text in pages[:application_at])


# --- The protocol ----------------------------------------------------------------------------------


def test_protocol_names_the_vedtak_and_the_inhabil_members(meeting, secretary):
    ssu = meeting.committee
    rana_member = UserFactory(first_name="Bjørn", last_name="Helland")
    CommitteeMembership.objects.create(committee=ssu, user=rana_member, organisation=org("Rana kommune"))
    declared = UserFactory(first_name="Ingrid", last_name="Nilsen")
    CommitteeMembership.objects.create(committee=ssu, user=declared, organisation=org("Vefsn kommune"))
    voter = UserFactory(first_name="Ola", last_name="Brønnøy")
    leader = CommitteeMembership.objects.create(
        committee=ssu, user=voter, organisation=org("Brønnøy kommune"), role=CommitteeMembership.Role.CHAIR
    )
    absent = UserFactory(first_name="Per", last_name="Fravær")
    absent_seat = CommitteeMembership.objects.create(committee=ssu, user=absent)
    Attendance.objects.create(meeting=meeting, membership=leader, present=True)
    Attendance.objects.create(meeting=meeting, membership=absent_seat, present=False, note="Sykdom")

    application = submitted_application("Kartleggingsteam i Rana")
    case = new_case(
        meeting,
        secretary,
        "Søknad om tilskudd: kartleggingsteam",
        recommendation="SSU støtter søknaden.\nSaken sendes Helse Nord.",
    )
    CaseAttachment.objects.create(case=case, order=1, title="Søknaden", application=application)
    services.inhabil_declare(case=case, actor=declared, reason="Nær familie er prosjektleder.")
    services.vote_record(case=case, member=voter, choice="for", actor=secretary)
    services.case_decide(case=case, actor=secretary, decision="SSU støtter søknaden med kr 1 000 000.")
    meeting.protocol_approved_at = timezone.make_aware(dt.datetime(2025, 9, 16, 10, 0))
    meeting.protocol_approved_by = secretary
    meeting.save()

    # The decided case's own paper shows the vedtak under the Innstilling
    paper = pdf_text(documents.render_case_pdf_bytes(documents.load_case(case.pk)))
    assert "Vedtak Vedtatt i Strategisk samarbeidsutvalg 09.09.2025." in paper
    assert "SSU støtter søknaden med kr 1 000 000." in paper

    assert render_protocol_pdf(meeting.pk) == "rendered"
    assert render_protocol_pdf(meeting.pk) == "cached"
    meeting.refresh_from_db()
    assert documents.protocol_ready(meeting)
    text = pdf_text(meeting.protocol_pdf.read())

    assert "Protokoll" in text and "09.09.2025" in text
    assert "Til stede" in text and "Ola Brønnøy, Leder (Brønnøy kommune)" in text
    assert "Forfall" in text and "Per Fravær" in text and "Sykdom" in text
    assert f"Sak {case.reference}: Søknad om tilskudd: kartleggingsteam" in text
    assert "Vedtak" in text and "SSU støtter søknaden med kr 1 000 000." in text
    assert "Bjørn Helland fratrådte under behandlingen av saken som inhabil." in text
    assert "Part i saken: Rana kommune" in text
    assert "Ingrid Nilsen fratrådte under behandlingen av saken som inhabil." in text
    assert "Nær familie er prosjektleder." in text
    assert "Ola Brønnøy fratrådte" not in text
    assert "1 stemme for innstillingen (Ola Brønnøy)" in text
    assert "Protokollen ble godkjent 16.09.2025 av Camilla Sæther." in text

    # A change to the protocol's content makes it stale
    Attendance.objects.filter(membership=absent_seat).update(present=True, note="")
    meeting.refresh_from_db()
    assert not documents.protocol_ready(meeting)


# --- A real worker ---------------------------------------------------------------------------------


@pytest.mark.worker
def test_requested_case_pdf_is_rendered_by_the_worker(celery_worker, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "worker-media"
    secretary = UserFactory(email="sekretariat.worker@example.no")
    SecretariatMembership.objects.create(
        user=secretary, health_community=HealthCommunity.objects.get(slug="helgeland")
    )
    ssu = Committee.objects.get(health_community__slug="helgeland", kind=Committee.Kind.SSU)
    meeting = Meeting.objects.create(committee=ssu, date=MEETING_DAY, starts_at=dt.time(9))
    case = new_case(meeting, secretary, "Rekrutterings- og samhandlingstilskudd 2026, prosess")

    assert documents.request_case_pdf(case) is False  # autocommit: sent to the broker at once
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        case.refresh_from_db()
        if case.pdf_hash:
            break
        time.sleep(0.3)
    assert case.pdf_hash == documents.case_hash(case), "the worker did not render the case paper"
    assert documents.request_case_pdf(case) is True
    assert "Rekrutterings- og samhandlingstilskudd 2026, prosess" in pdf_text(case.pdf.read())


# --- The benchmark command -----------------------------------------------------------------------


def test_benchmark_command_runs_and_leaves_nothing_behind(db):
    before = (Committee.objects.count(), Case.objects.count(), Application.objects.count())
    out = io.StringIO()
    call_command("bench_case_pdf", applications=4, cases=3, stdout=out)
    output = out.getvalue()
    assert "cold" in output and "cached" in output, output
    assert (Committee.objects.count(), Case.objects.count(), Application.objects.count()) == before
