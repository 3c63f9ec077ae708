"""The project sheet (prosjektark, projects/documents.py, tasks.py and views_documents.py), rendered
for real with WeasyPrint and read back with pypdf:

* must-show 4: the kartleggingsteam's sheet, made by the task, is one A4 page with its title,
  «4 657 000» and its indicator charts as images of the charts' own pixel size (also for the demo
  data of `seed_demo`);
* a sheet is rendered once per content: the second request serves the stored file, an edit of the
  project or a new measurement changes the hash and renders again, and polling enqueues once;
* long texts and lists are shortened («… og N til») so the sheet stays on one page;
* who may fetch it: anonymous → login, an unrelated applicant → 404, the SSU, the secretariat, the
  project side and Helse Nord → 200;
* a real worker renders what the page asked for, and the status fragment then offers the link.
"""

import datetime as dt
import io
import re
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from PIL import Image
from pypdf import PdfReader

from applications.models import RiskRow
from projects import charts, documents, services
from projects.models import Indicator, OrganisationUnit, Project, ProjectRisk
from projects.tasks import render_project_sheet
from tests.factories import UserFactory, org

from .world import (
    KARTLEGGING,
    granted_project,
    helse_nord_reader,
    indicator,
    kartlegging_team,
    secretary,
    ssu_member,
)

YEARS = {2025: 1_200_000, 2026: 1_550_000, 2027: 1_550_000, 2028: 357_000}  # kr 4 657 000
A4 = (595.0, 842.0)  # points, ± rounding


# --- Helpers and fixtures -------------------------------------------------------------------------


def normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("\xa0", " ").replace("\u202f", " ")).strip()


def read_pdf(content: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(content))
    return reader, normalise(" ".join(page.extract_text() for page in reader.pages))


def page_images(page) -> list[Image.Image]:
    return [image.image for image in page.images]


def download(response) -> bytes:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content)


class RenderSpy:
    """Counts PDF renders (each Fit tried is one)."""

    def __init__(self, monkeypatch):
        self.renders = 0
        real = documents.render_pdf

        def spy(html, **kwargs):
            self.renders += 1
            return real(html, **kwargs)

        monkeypatch.setattr(documents, "render_pdf", spy)


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def project(db):
    return kartlegging_team(granted_project(years=YEARS))


def assert_kartlegging_sheet(content: bytes, *, charts_drawn: int) -> None:
    reader, text = read_pdf(content)
    assert len(reader.pages) == 1
    width, height = (float(v) for v in reader.pages[0].mediabox.upper_right)
    assert abs(width - A4[0]) < 1 and abs(height - A4[1]) < 1
    assert KARTLEGGING in text
    assert "kr 4 657 000" in text
    assert reader.metadata.title == f"Prosjektark: {KARTLEGGING}"
    images = page_images(reader.pages[0])
    options = documents.CHART_OPTIONS[charts_drawn]
    assert len(images) == charts_drawn
    assert {image.size for image in images} == {(options["width_px"], options["height_px"])}


# --- Must-show 4 ------------------------------------------------------------------------------------


def test_the_kartleggingsteam_sheet_is_one_page_with_title_amount_and_charts(
    project, secretary_user, client, django_capture_on_commit_callbacks
):
    client.force_login(secretary_user)
    url = reverse("projects:sheet_pdf", args=[project.pk])

    # Not made yet: the page says so, polls the status and the render is enqueued after commit
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert "PDF-en lages" in page
    assert f'hx-get="{reverse("projects:sheet_status", args=[project.pk])}"' in page
    assert len(callbacks) == 1

    # The task the page enqueued (run in-process here; test_a_real_worker... runs it in a worker)
    assert render_project_sheet(project.pk) == "rendered"
    content = download(client.get(url))
    assert_kartlegging_sheet(content, charts_drawn=2)
    _reader, text = read_pdf(content)
    for expected in (
        "2025: 1 200 000",
        "2028: 357 000",
        "SSU Helsefellesskap Helgeland",
        "01.01.2025–31.12.2028",
        "Trygge og helhetlige pasientforløp",
        "Alle inneliggende pasienter",
        "Arbeidsgruppe 1: Kartleggingsverktøy",
        "Arbeidsgruppe 5: Opplæring og implementering",
        "Utskrivningsklare døgn per 1000 innbyggere",
        "49,5 (31.12.2021)",
        "20,4 (31.12.2022)",
        "Reinnleggelser innen 30 dager",
        "Rekruttering av personell",
    ):
        assert expected in text, expected
    assert "… og" not in text  # everything fitted
    assert "None" not in text

    # The images are the charts as drawn: the same pixels as indicator_chart_png makes
    loaded = documents.load_project(project.pk)
    first = loaded.indicators.all()[0]
    drawn = Image.open(io.BytesIO(charts.indicator_chart_png(first, **documents.CHART_OPTIONS[2])))
    embedded = page_images(PdfReader(io.BytesIO(content)).pages[0])
    assert any(image.convert("RGB").tobytes() == drawn.convert("RGB").tobytes() for image in embedded)

    # The HTML carries the charts as data: images with alt text, and the numbers in a table
    html = documents.sheet_html(loaded)
    assert html.count('src="data:image/png;base64,iVBORw0KGgo') == 2
    assert 'alt="Linjediagram for Utskrivningsklare døgn per 1000 innbyggere' in html
    assert "<caption" in html and 'scope="col"' in html


@pytest.fixture
def secretary_user(db):
    return secretary()


def test_the_demo_kartleggingsteam_sheet(db):
    call_command("seed_demo", stdout=io.StringIO())
    demo = Project.objects.get(title=KARTLEGGING)
    assert render_project_sheet(demo.pk) == "rendered"
    demo.refresh_from_db()
    with demo.sheet_pdf.open("rb") as stored:
        content = stored.read()
    drawn = min(demo.indicators.count(), documents.MAX_CHARTS)
    assert drawn >= 1
    assert_kartlegging_sheet(content, charts_drawn=drawn)
    _reader, text = read_pdf(content)
    assert "Interkommunalt innsats- og vurderingsteam for Helgeland" in text
    assert "4 657 000" in text


# --- Rendered once per content ------------------------------------------------------------------------


def test_the_sheet_is_rendered_once_per_content(
    project, secretary_user, client, monkeypatch, django_capture_on_commit_callbacks
):
    client.force_login(secretary_user)
    url = reverse("projects:sheet_pdf", args=[project.pk])
    status_url = reverse("projects:sheet_status", args=[project.pk])
    spy = RenderSpy(monkeypatch)

    # Polling enqueues once per content, however often it asks
    with django_capture_on_commit_callbacks() as callbacks:
        assert client.get(url).status_code == 200
        for _poll in range(3):
            response = client.get(status_url)
            assert response.status_code == 200 and "PDF-en lages" in response.content.decode()
    assert len(callbacks) == 1
    assert spy.renders == 0  # never inside the request

    assert render_project_sheet(project.pk) == "rendered"
    project.refresh_from_db()
    first_name, first_hash = project.sheet_pdf.name, project.sheet_hash
    first_mtime = project.sheet_pdf.storage.get_modified_time(first_name)
    assert first_hash == documents.sheet_hash(documents.load_project(project.pk))
    with translation.override("en"):  # Norwegian whoever asks: the same hash
        assert documents.sheet_hash(documents.load_project(project.pk)) == first_hash
    assert spy.renders == 1

    # Ready: the fragment offers the link; the second download serves the stored file
    response = client.get(status_url)
    assert f'href="{url}"' in response.content.decode() and "hx-get" not in response.content.decode()
    with django_capture_on_commit_callbacks() as callbacks:
        first = download(client.get(url))
        second = download(client.get(url))
    assert first == second and callbacks == []
    assert render_project_sheet(project.pk) == "cached"
    assert render_project_sheet.apply(args=[project.pk]).get() == "cached"
    project.refresh_from_db()
    assert (project.sheet_pdf.name, project.sheet_hash) == (first_name, first_hash)
    assert project.sheet_pdf.storage.get_modified_time(first_name) == first_mtime
    assert spy.renders == 1

    # An edit of the project changes the hash: not ready, rendered again, the old file removed
    services.project_update(project=project, actor=secretary_user, target_group="Pasienter i Rana og Vefsn.")
    edited = documents.load_project(project.pk)
    assert documents.sheet_hash(edited) != first_hash and not documents.sheet_ready(edited)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.get(url)
    assert "PDF-en lages" in response.content.decode() and len(callbacks) == 1
    assert render_project_sheet(project.pk) == "rendered"
    project.refresh_from_db()
    assert project.sheet_pdf.name != first_name and project.sheet_hash != first_hash
    assert not project.sheet_pdf.storage.exists(first_name)
    assert "Pasienter i Rana og Vefsn." in read_pdf(download(client.get(url)))[1]
    assert spy.renders == 2

    # So does a new measurement (it changes the chart, which the placeholder names)
    second_hash = project.sheet_hash
    services.measurement_record(
        indicator=Indicator.objects.filter(project=project).first(),
        actor=secretary_user,
        measured_on=dt.date(2024, 12, 31),
        value=Decimal("18.7"),
    )
    assert documents.sheet_hash(documents.load_project(project.pk)) != second_hash


def test_tasks_retry_with_back_off_and_have_time_limits(db):
    task = render_project_sheet
    assert (task.soft_time_limit, task.time_limit) == (120, 150)
    assert task.acks_late and task.retry_backoff and task.max_retries == 3
    assert task.autoretry_for == (Exception,)
    assert render_project_sheet(999_999_999) == "missing"


def test_the_hash_takes_a_fixed_number_of_queries(project):
    with CaptureQueriesContext(connection) as small:
        documents.request_sheet(documents.load_project(project.pk))
    for n in range(4):
        indicator(
            project, name=f"Indikator {n}", values=[(dt.date(2023 + k, 6, 30), Decimal(k)) for k in range(5)]
        )
        ProjectRisk.objects.create(project=project, factor=f"Risiko {n}", level=RiskRow.Level.LOW)
        OrganisationUnit.objects.create(
            project=project, kind=OrganisationUnit.Kind.WORKING_GROUP, name=f"AG {n}"
        )
    with CaptureQueriesContext(connection) as large:
        documents.request_sheet(documents.load_project(project.pk))
    assert len(large) == len(small), "\n".join(q["sql"] for q in large.captured_queries)


# --- One page whatever is typed ---------------------------------------------------------------------


def test_long_texts_and_lists_are_shortened_to_one_page(project):
    long = "Svært lang tekst om samhandling mellom kommunene og sykehuset " * 8
    Project.objects.filter(pk=project.pk).update(
        title=("Et prosjekt med en veldig lang tittel " * 10)[:300],
        owner=long[:300],
        goals="\n".join(f"{n}. {long[:290]}" for n in range(9)),
        target_group=long * 2,
    )
    OrganisationUnit.objects.bulk_create(
        OrganisationUnit(
            project=project, kind=OrganisationUnit.Kind.WORKING_GROUP, name=long[:200], purpose=long
        )
        for _ in range(7)
    )
    for n in range(5):
        indicator(project, name=f"{n} {long[:190]}")
    Indicator.objects.filter(project=project).update(unit=long[:60], source_note=long[:300])
    ProjectRisk.objects.bulk_create(
        ProjectRisk(project=project, factor=long[:300], level=RiskRow.Level.HIGH, mitigation=long)
        for _ in range(8)
    )
    assert render_project_sheet(project.pk) == "rendered"
    project.refresh_from_db()
    reader, text = read_pdf(project.sheet_pdf.read())
    assert len(reader.pages) == 1
    assert "… og" in text and "arbeidsgrupper til" in text and "indikatorer til" in text
    assert "risikoer til" in text and "mål til" in text
    assert len(page_images(reader.pages[0])) >= 1


def test_hostile_text_is_printed_as_text(project):
    hostile = '<img src="file:///etc/passwd"> <script>alert(1)</script>'
    Project.objects.filter(pk=project.pk).update(target_group=hostile)
    content = documents.sheet_pdf_bytes(documents.load_project(project.pk))
    _reader, text = read_pdf(content)
    assert hostile in text
    assert b"root:x:0:0" not in content


# --- Access -----------------------------------------------------------------------------------------


def test_who_may_fetch_the_sheet(project, client):
    pdf_url = reverse("projects:sheet_pdf", args=[project.pk])
    status_url = reverse("projects:sheet_status", args=[project.pk])
    missing = [reverse(name, args=[999_999]) for name in ("projects:sheet_pdf", "projects:sheet_status")]

    for url in (pdf_url, status_url):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))

    outsider = UserFactory(organisations=[org("Vefsn kommune")])
    client.force_login(outsider)
    for url in (pdf_url, status_url, *missing):
        assert client.get(url).status_code == 404, url
    assert client.post(pdf_url).status_code in (404, 405)

    for user in (
        ssu_member(),
        secretary(email="sekretariat.ark@example.no"),
        helse_nord_reader(email="helsenord.ark@example.no"),
        project.leader or UserFactory(organisations=[org("Rana kommune")]),
    ):
        client.force_login(user)
        for url in (pdf_url, status_url):
            assert client.get(url).status_code == 200, (user, url)
        for url in missing:
            assert client.get(url).status_code == 404

    # Once made, the same people get the file
    render_project_sheet(project.pk)
    client.force_login(ssu_member(email="ssu.ark@example.no", organisation="Brønnøy kommune"))
    assert download(client.get(pdf_url)).startswith(b"%PDF-")
    client.force_login(outsider)
    assert client.get(pdf_url).status_code == 404


# --- A real worker ----------------------------------------------------------------------------------


@pytest.mark.worker
def test_a_real_worker_renders_the_sheet_the_page_asked_for(celery_worker, client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "worker-media"
    project = kartlegging_team(granted_project(years=YEARS))
    client.force_login(secretary(email="sekretariat.worker.ark@example.no"))
    url = reverse("projects:sheet_pdf", args=[project.pk])
    status_url = reverse("projects:sheet_status", args=[project.pk])

    assert "PDF-en lages" in client.get(url).content.decode()  # autocommit: sent at once
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if "hx-get" not in client.get(status_url).content.decode():
            break
        time.sleep(0.3)
    else:
        pytest.fail("the worker did not render the project sheet")
    assert_kartlegging_sheet(download(client.get(url)), charts_drawn=2)
