"""The forwarding of the demo 2025 round to Helse Nord, end to end through the web views.

The secretariat finishes the formal check of the one application the demo leaves «mottatt»,
completes the drafted board (a new order, a local allocation and a direct allocation), freezes it,
makes the prioritisation case on today's SSU meeting, publishes it and records that the SSU
adopted it (which records the SSU decision on the board), and forwards. A real Celery worker
builds the ZIP; the test opens it and checks the prioritised list (XLSX and PDF), one folder per
application in ranked order with the application PDF and the attachments byte for byte. Helse
Nord's reader can download it; an applicant, an SSU member, the administrator without a
secretariat seat and anonymous cannot.
"""

import hashlib
import io
import re
import time
import zipfile
from html.parser import HTMLParser

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from applications import demo_data
from applications.models import (
    Application,
    ApplicationVersion,
    Attachment,
    ForwardingPackage,
    Prioritisation,
    Round,
    ScreeningCheck,
)
from committees.models import Case, Committee, Meeting
from core.models import AuditEvent, User

# The worker thread only sees committed rows, so the test commits (transactional database).
pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

SECRETARY = "sekretariat@example.no"
HELSE_NORD = "helsenord@example.no"
OUTSIDERS = ["soker.rana@example.no", "ssu.medlem@example.no", "admin@example.no"]
DIRECT_TITLE = "Lisens digital hjemmeoppfølging"
DIRECT_NOK = 500_000
LOCAL_NOK = 1_000_000  # the local allocation for the application screened in this test
PDF_TIMEOUT = 120  # s, the five receipt PDFs the seed enqueues
PACKAGE_TIMEOUT = 60  # s, the package after forwarding
UNSAFE_IN_NAMES = re.compile(r'[<>:"/\\|?*]')


class _FormFields(HTMLParser):
    """The (name, value) pairs a browser would post from the form with the given action:
    inputs in document order, checked boxes only, nothing inside a <template>."""

    def __init__(self, action: str):
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.template_depth = 0
        self.found = False
        self.fields: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("action") == self.action
            self.found = self.found or self.inside
        elif tag == "template":
            self.template_depth += 1
        elif self.inside and not self.template_depth and tag == "input" and attrs.get("name"):
            kind = attrs.get("type", "text")
            if kind == "submit" or (kind in ("checkbox", "radio") and "checked" not in attrs):
                return
            self.fields.append((attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "template":
            self.template_depth -= 1


def form_data(response, action: str) -> dict[str, list[str]]:
    """The fields of the form posting to `action` on the page, as the test client posts them."""
    assert response.status_code == 200, response.status_code
    parser = _FormFields(action)
    parser.feed(response.content.decode())
    assert parser.found, f"no form posting to {action}"
    data: dict[str, list[str]] = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while True:
        result = condition()
        if result:
            return result
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout} s"
        time.sleep(0.25)


def pdf_text(content: bytes) -> str:
    """The text of a PDF with all whitespace (line breaks too) folded to single spaces."""
    reader = PdfReader(io.BytesIO(content))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def user(email: str) -> User:
    return User.objects.get(email=email)


def test_secretariat_forwards_the_2025_round_and_helse_nord_downloads_the_package(
    celery_worker, client, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path  # the worker thread shares these settings

    # Given the demo at its «board» stage: the 2025 round with four applications assessed and
    # ranked on a drafted board, and one left «mottatt». The seed enqueues the receipt PDFs; the
    # worker renders them.
    call_command("seed_demo", "--2025", "board", stdout=io.StringIO())
    round_ = Round.objects.get(year=2025, title="RS-tilskudd 2025 (vårrunde)")
    applications = {a.title: a for a in round_.applications.all()}
    assert len(applications) == 5
    left = applications[demo_data.LEFT_FOR_SCREENING_2025]
    assert left.status == Application.Status.RECEIVED
    assert round_.applications.filter(status=Application.Status.ASSESSED).count() == 4
    wait_for(
        lambda: (
            ApplicationVersion.objects.filter(
                application__round=round_, pdf_status=ApplicationVersion.PdfStatus.READY
            ).count()
            == 5
        ),
        PDF_TIMEOUT,
        "rendering the five receipt PDFs",
    )

    # When the secretariat does the formal check of the remaining application on its case page
    client.force_login(user(SECRETARY))
    case_url = reverse("applications:review", args=[left.pk])
    assert client.get(case_url).status_code == 200
    screening = {f"{item}_passed": "yes" for item in ScreeningCheck.Item.values}
    response = client.post(reverse("applications:review_screening", args=[left.pk]), screening)
    assert response.status_code == 302, response.content.decode()[:2000]
    for action in ("start_review", "mark_assessed"):
        response = client.post(
            reverse("applications:review_transition", args=[left.pk]), {"action": action, "reason": ""}
        )
        assert response.status_code == 302, (action, response.content.decode()[:2000])
    left.refresh_from_db()
    assert left.status == Application.Status.ASSESSED

    # … opens the board, where the newly assessed application has come in at the bottom
    board_url = reverse("secretariat:board", args=[round_.pk])
    page = client.get(board_url)
    assert page.status_code == 200
    board = page.context["board"]
    assert [e.application.title for e in board.regional][-1] == left.title
    assert len(board.regional) == 5 and board.in_review == 0
    entry_of = {e.application.title: e.pk for e in board.regional}

    # … ranks it first for the regional pot (the rest keep their order), recommends 3 MNOK of
    # its 4 MNOK from the regional pot and 1 MNOK from the local one, and adds a direct allocation
    data = form_data(page, board_url)
    left_entry = entry_of[left.title]
    assert data["regional_order"] == [str(e.pk) for e in board.regional]
    assert data["local_order"] == [str(e.pk) for e in board.local]
    assert data["direct-TOTAL_FORMS"] == ["1"] and data["direct-INITIAL_FORMS"] == ["0"]
    assert "direct-MIN_NUM_FORMS" in data and "direct-MAX_NUM_FORMS" in data
    data["regional_order"] = [str(left_entry)] + [o for o in data["regional_order"] if o != str(left_entry)]
    applied = left.amount_applied_nok
    data[f"regional_{left_entry}"] = [str(applied - LOCAL_NOK)]
    data[f"local_{left_entry}"] = ["1 000 000"]
    data["direct-0-title"] = [DIRECT_TITLE]
    data["direct-0-amount"] = ["kr 500 000"]
    response = client.post(board_url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get(board_url)
    assert "Prioriteringen er lagret" in page.content.decode()
    board = page.context["board"]
    regional_titles = [e.application.title for e in board.regional]
    local_titles = [e.application.title for e in board.local]
    assert regional_titles[0] == left.title and local_titles[-1] == left.title
    assert [(d.title, d.amount_nok) for d in board.direct] == [(DIRECT_TITLE, DIRECT_NOK)]
    recommended = {e.application.title: (e.regional_nok, e.local_nok) for e in board.regional}
    assert recommended[left.title] == (applied - LOCAL_NOK, LOCAL_NOK)
    # The other four keep what the demo drafted (their amounts went back as the page shows them)
    assert all(
        recommended[title] == (application.amount_applied_nok, 0)
        for title, application in applications.items()
        if title != left.title
    )
    assert board.totals["local"].allocated_nok == LOCAL_NOK + DIRECT_NOK
    assert not board.over_allocated

    # … freezes it
    freeze_url = reverse("secretariat:board_freeze", args=[round_.pk])
    response = client.post(freeze_url, form_data(page, freeze_url))
    assert response.status_code == 302
    page = client.get(board_url)
    assert "Prioriteringen er låst" in page.content.decode()
    assert round_.applications.filter(status=Application.Status.PRIORITISED).count() == 5

    # … where the SSU decision now comes from the prioritisation case, not a form of its own
    assert 'id="prioritisation-case"' in page.content.decode()
    assert "Registrer SSU-vedtaket" not in page.content.decode()

    # … makes today's SSU meeting, and from the board the prioritisation case on it
    ssu = Committee.objects.get(health_community=round_.health_community, kind=Committee.Kind.SSU)
    response = client.post(
        reverse("committees:meeting_create", args=[ssu.pk]),
        {
            "kind": "ordinary",
            "date": timezone.localdate().isoformat(),
            "starts_at": "12:00",
            "place": "Teams",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    meeting = Meeting.objects.get(committee=ssu, date=timezone.localdate())
    page = client.get(board_url)
    assert f'<option value="{meeting.pk}">' in page.content.decode()
    response = client.post(reverse("committees:board_case", args=[round_.pk]), {"meeting": meeting.pk})
    case = Case.objects.get(prioritisation__round=round_)
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert sorted(a.application.title for a in case.attachments.all()) == sorted(applications)

    # … publishes it as generated, and records that the SSU adopted the Innstilling
    response = client.post(
        case.get_absolute_url(),
        {
            "title": case.title,
            "kind": case.kind,
            "meeting": meeting.pk,
            "recommendation": case.recommendation,
            "background": case.background,
            "assessment": case.assessment,
            "exemption_basis": "",
            "action": "publish",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    response = client.post(reverse("committees:case_decide", args=[case.pk]), {"action": "adopt"})
    assert response.status_code == 302, response.content.decode()[:3000]
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED and case.decision == case.recommendation
    page = client.get(board_url)
    assert f"Vedtatt i SSU {timezone.localdate():%d.%m.%Y} (sak {case.reference})." in page.content.decode()

    # … and sends it to Helse Nord
    forward_url = reverse("secretariat:board_forward", args=[round_.pk])
    response = client.post(forward_url, form_data(page, forward_url))
    assert response.status_code == 302
    page = client.get(board_url).content.decode()
    assert "Søknadene er sendt til Helse Nord" in page
    assert "Pakken lages" in page or "Last ned pakken (ZIP)" in page

    # Then the real worker builds the package; the status fragment shows progress, then the link
    package = ForwardingPackage.objects.get(prioritisation__round=round_)
    download_url = reverse("helse_nord:package", args=[package.pk])
    status_url = reverse("secretariat:package_status", args=[round_.pk])

    def package_ready():
        fragment = client.get(status_url)
        assert fragment.status_code == 200
        html = fragment.content.decode()
        assert "Pakken kunne ikke lages" not in html, "the package failed"
        if download_url in html:
            return html
        assert "Pakken lages" in html, html
        return None

    fragment = wait_for(package_ready, PACKAGE_TIMEOUT, "building the forwarding package")
    assert "Last ned pakken (ZIP)" in fragment and 'hx-trigger="every 2s"' not in fragment
    package.refresh_from_db()
    assert package.status == ForwardingPackage.Status.READY
    assert package.steps_done == package.steps_total == 6

    # … the forwarding date is recorded and every application is «videresendt»
    prio = Prioritisation.objects.get(round=round_)
    assert prio.forwarded_at is not None
    assert timezone.localtime(prio.forwarded_at).date() == timezone.localdate()
    assert (prio.decided_on, prio.decision_reference) == (timezone.localdate(), case.reference)
    assert sorted(round_.applications.values_list("status", flat=True)) == ["forwarded"] * 5

    # … Helse Nord's page lists the round with its download link
    client.force_login(user(HELSE_NORD))
    index = client.get(reverse("helse_nord:index"))
    assert index.status_code == 200
    html = index.content.decode()
    assert round_.title in html and download_url in html
    assert f"Oversendt {timezone.localdate():%d.%m.%Y}" in html

    # … and its reader downloads the ZIP
    response = client.get(download_url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"].startswith('attachment; filename="videresending-helgeland-2025-')
    content = b"".join(response.streaming_content)
    response.close()
    assert len(content) == package.size_bytes
    assert AuditEvent.objects.filter(
        action="forwarding.download", actor=user(HELSE_NORD), target_id=package.pk
    ).exists()
    archive = zipfile.ZipFile(io.BytesIO(content))
    assert archive.testzip() is None
    names = archive.namelist()

    # The list as a workbook: the regional ranking with the recommended amounts, and the local
    # pot with its allocation, the direct allocation and the totals
    by_title = {a.title: a for a in round_.applications.all()}
    workbook = load_workbook(io.BytesIO(archive.read("Prioritert liste 2025.xlsx")))
    assert workbook.sheetnames == ["Regional pott", "Lokal pott"]
    regional = [row for row in workbook["Regional pott"].iter_rows(min_row=2, values_only=True)]
    assert [(r[0], r[1], r[2], r[5]) for r in regional[:5]] == [
        (rank, by_title[title].reference, title, recommended[title][0])
        for rank, title in enumerate(regional_titles, start=1)
    ]
    regional_total = sum(amount for amount, _local in recommended.values())
    assert (regional[5][2], regional[5][5]) == ("Sum anbefalt", regional_total)
    assert regional[6][5] == 90_000_000 and regional[7][5] == 90_000_000 - regional_total
    local = [row for row in workbook["Lokal pott"].iter_rows(min_row=2, values_only=True)]
    assert [(r[2], r[6]) for r in local[:5]] == [(title, recommended[title][1]) for title in local_titles]
    assert (local[5][2], local[5][6]) == (f"Direkte tildeling: {DIRECT_TITLE}", DIRECT_NOK)
    assert [(r[2], r[6]) for r in local[6:9]] == [
        ("Sum anbefalt", LOCAL_NOK + DIRECT_NOK),
        ("Ramme (årets beløp og overført)", 5_000_000),
        ("Gjenstår", 5_000_000 - LOCAL_NOK - DIRECT_NOK),
    ]

    # … and as a PDF
    list_pdf = archive.read("Prioritert liste 2025.pdf")
    assert list_pdf.startswith(b"%PDF")
    text = pdf_text(list_pdf)
    for title in regional_titles:
        assert " ".join(title.split()) in text, title
    assert DIRECT_TITLE in text and case.reference in text

    # … one folder per application, «NN RS-2025-XXXX <title>», in the regional order
    folders = sorted({name.split("/", 1)[0] for name in names if "/" in name})
    assert len(folders) == 5
    assert sorted(name for name in names if "/" not in name) == [
        "Prioritert liste 2025.pdf",
        "Prioritert liste 2025.xlsx",
    ]
    for rank, (folder, title) in enumerate(zip(folders, regional_titles, strict=True), start=1):
        application = by_title[title]
        prefix = f"{rank:02d} {application.reference} "
        assert re.fullmatch(r"\d\d RS-2025-\d{4} .+", folder) and folder.startswith(prefix), folder
        title_part = folder.removeprefix(prefix)
        assert not UNSAFE_IN_NAMES.search(title_part) and len(title_part) <= 60, folder
        assert " ".join(UNSAFE_IN_NAMES.sub(" ", title).split()).startswith(title_part), folder

        # … holding the application PDF (the copy made at submission) …
        application_pdf = archive.read(f"{folder}/Søknad {application.reference}.pdf")
        assert application_pdf.startswith(b"%PDF")
        assert " ".join(title.split()) in pdf_text(application_pdf), title
        version = application.versions.get()
        with version.pdf.open("rb") as stored:
            assert application_pdf == stored.read()

        # … and every attachment under Vedlegg/, byte for byte as stored
        attachments = list(Attachment.objects.filter(application=application))
        assert [a.original_name for a in attachments] == ["Budsjett.pdf"]
        in_folder = sorted(n for n in names if n.startswith(f"{folder}/"))
        assert in_folder == sorted(
            [f"{folder}/Søknad {application.reference}.pdf"]
            + [f"{folder}/Vedlegg/{a.original_name}" for a in attachments]
        )
        for attachment in attachments:
            packed = archive.read(f"{folder}/Vedlegg/{attachment.original_name}")
            assert hashlib.sha256(packed).hexdigest() == attachment.sha256
            with attachment.file.open("rb") as stored:
                assert packed == stored.read()

    # Applicants, SSU members and an administrator without a secretariat seat get 404, anonymous
    # users the login page; none of them learns that the package exists
    for email in OUTSIDERS:
        client.force_login(user(email))
        assert client.get(reverse("helse_nord:index")).status_code == 404, email
        assert client.get(download_url).status_code == 404, email
        assert client.get(status_url).status_code == 404, email
    client.logout()
    login = reverse(settings.LOGIN_URL)
    for url in (reverse("helse_nord:index"), download_url):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(f"{login}?next="), url
    assert (
        not AuditEvent.objects.filter(action="forwarding.download").exclude(actor=user(HELSE_NORD)).exists()
    )
