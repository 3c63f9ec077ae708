"""The generated case «Orientering om prosjekter som har fått tildelt RS-tilskudd ‹year›»:

* its text comes from the portfolio: the number of projects and the total granted, and per
  project the applicant, the money per year, the period, the status and the latest accepted
  report's progress (or «Ingen rapport ennå»); the applications are its Vedlegg;
* the secretariat makes it from an SSU meeting's page (only years with projects are offered),
  placed before the orientations and Eventuelt; an FSU meeting neither offers nor accepts it;
* it can be edited and published (no placeholder is left), and is an Orienteringssak;
* only the secretariat of the helsefellesskap gets in; everyone else 404.
"""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import Case
from core.money import format_nok
from projects.models import StatusReport
from tests.committees import world
from tests.factories import RoundFactory
from tests.projects import world as project_world

FUTURE = (("Oppstart", "Q2 2031"),)
LONG_PROGRESS = (
    "Kartleggingsteamene er etablert ved sykehusene i Sandnessjøen og Mo i Rana, og samhandlings"
    "rutinene mellom sykehus, team og kommuner er prøvd ut i to måneder. Inklusjonskriteriene er "
    "avklart med klinikkene. Rekrutteringen til den tredje stillingen tok lengre tid enn planlagt, "
    "men stillingen er nå besatt. Neste steg er å ta i bruk den digitale løsningen for meldinger. "
    "DENNE SETNINGEN ER ETTER DE FØRSTE 300 TEGNENE OG SKAL IKKE MED."
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def ssu():
    return world.ssu()


@pytest.fixture
def secretary():
    return world.secretary(first_name="Siri", last_name="Sekretær")


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def meeting(ssu, secretary):
    return world.meeting(ssu, secretary)


@pytest.fixture
def projects():
    """Two projects granted in 2025 (one with two accepted reports, one without any), and one
    granted in 2026 that the 2025 orientation leaves out."""
    round_2025 = RoundFactory(year=2025, title="RS-tilskudd 2025 Helgeland")
    kartlegging = project_world.granted_project(
        title="Interkommunalt innsats- og vurderingsteam for Helgeland",
        lead="Rana kommune",
        round_=round_2025,
        years={2025: 1_200_000, 2026: 1_550_000, 2027: 1_550_000, 2028: 357_000},
        milestones=FUTURE,
    )
    observasjon = project_world.granted_project(
        title="Forprosjekt: Observasjonspost Sør-Helgeland",
        lead="Alstahaug kommune",
        round_=round_2025,
        years={2025: 1_500_000, 2026: 1_500_000},
        local_nok=600_000,
        milestones=(("Oppstart", "Q1 2025"),),
    )
    later = project_world.granted_project(
        title="Rehabilitering i Vefsn",
        lead="Vefsn kommune",
        round_=RoundFactory(year=2026, title="RS-tilskudd 2026 Helgeland"),
        years={2026: 750_000},
        milestones=FUTURE,
    )
    # The kartleggingsteam's reports due so far are accepted, the newest with LONG_PROGRESS; the
    # Observasjonspost has none accepted (and is late on its milestone).
    due = kartlegging.reports.filter(due_on__lt=timezone.localdate()).order_by("period_end", "pk")
    due.update(status=StatusReport.Status.ACCEPTED, submitted_at=timezone.now(), progress="Eldre rapport.")
    newest = due.order_by("-period_end", "-pk").first()
    StatusReport.objects.filter(pk=newest.pk).update(progress=LONG_PROGRESS)
    return {"kartlegging": kartlegging, "observasjon": observasjon, "later": later, "newest": newest}


# --- The text -------------------------------------------------------------------------------------------


def test_the_text_comes_from_the_portfolio(projects):
    text = services.projects_orientation_case_text(world.ssu().health_community, 2025)

    assert text["title"] == "Orientering om prosjekter som har fått tildelt RS-tilskudd 2025"
    assert text["recommendation"] == "SSU tar orienteringen til orientering."
    background = text["background"].replace("\xa0", " ")  # amounts are written with no-break spaces
    # The number of projects and the total granted: 4 657 000 + 3 000 000 + 600 000 local
    assert background.startswith(
        "2 prosjekter i Helsefellesskap Helgeland fikk tildelt rekrutterings- og samhandlingstilskudd "
        "(RS-tilskudd) for 2025, til sammen kr 8 257 000 (2025 kr 3 300 000, 2026 kr 3 050 000, "
        "2027 kr 1 550 000, 2028 kr 357 000). Status nå: 1 i rute, 1 forsinket."
    )
    paragraphs = background.split("\n\n")
    assert len(paragraphs) == 3
    # One paragraph per project, by title
    observasjon, kartlegging = paragraphs[1].split("\n"), paragraphs[2].split("\n")
    assert observasjon == [
        "Forprosjekt: Observasjonspost Sør-Helgeland",
        "Søker: Alstahaug kommune. Tildelt: 2025 kr 2 100 000, 2026 kr 1 500 000, til sammen kr 3 600 000.",
        "Periode: 01.01.2025–31.12.2026. Status: Forsinket.",
        "Fremdrift: Ingen rapport ennå.",
    ]
    assert kartlegging[:3] == [
        "Interkommunalt innsats- og vurderingsteam for Helgeland",
        "Søker: Rana kommune. Tildelt: 2025 kr 1 200 000, 2026 kr 1 550 000, 2027 kr 1 550 000, "
        "2028 kr 357 000, til sammen kr 4 657 000.",
        "Periode: 01.01.2025–30.06.2031. Status: I rute.",
    ]
    # The newest accepted report's progress, cut at a word within the first 300 characters
    newest = projects["newest"]
    period = f"{newest.period_start:%d.%m.%Y}–{newest.period_end:%d.%m.%Y}"
    prefix = f"Fremdrift ({newest.get_kind_display()} {period}, godkjent): "
    assert kartlegging[3].startswith(prefix + LONG_PROGRESS[:80])
    summary = kartlegging[3].removeprefix(prefix)
    assert summary.endswith(" …") and len(summary) <= 302
    assert "DENNE SETNINGEN" not in background and "Eldre rapport." not in background
    # The 2026 project is another year's
    assert "Rehabilitering i Vefsn" not in background
    assert text["assessment"] == ""


# --- Made from the meeting page -------------------------------------------------------------------------


def test_the_secretariat_makes_it_on_an_ssu_meeting_and_publishes_it(secretary_client, meeting, projects):
    # The meeting page offers the years that have projects
    page = secretary_client.get(meeting.get_absolute_url()).content.decode()
    assert "Lag orientering om prosjektene" in page
    form = page.split('id="projects-heading"')[1].split("</form>")[0]
    assert '<option value="2026">2026</option>' in form and '<option value="2025">2025</option>' in form
    assert '<option value="2027">' not in form

    # When the secretary makes the 2025 orientation
    response = secretary_client.post(
        reverse("committees:meeting_projects_case", args=[meeting.pk]), {"year": "2025"}
    )

    # Then it is an Orienteringssak on the meeting, before the orientations and Eventuelt
    case = Case.objects.get(generated=Case.Generated.PROJECTS)
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert (case.meeting, case.kind, case.status) == (meeting, Case.Kind.INFORMATION, Case.Status.DRAFT)
    assert world.agenda_titles(meeting) == [
        "Godkjenning av innkalling og saksliste",
        "Orientering om prosjekter som har fått tildelt RS-tilskudd 2025",
        "Orienteringer fra sekretariatet",
        "Eventuelt",
    ]
    # with every project title and the total, and the applications as Vedlegg
    for key in ("kartlegging", "observasjon"):
        assert projects[key].title in case.background
    assert format_nok(8_257_000) in case.background
    assert [(a.order, a.application_id) for a in case.attachments.all()] == [
        (1, projects["observasjon"].application_id),
        (2, projects["kartlegging"].application_id),
    ]
    assert (
        case.attachments.first().title
        == "Søknad: Forprosjekt: Observasjonspost Sør-Helgeland (Alstahaug kommune)"
    )
    page = secretary_client.get(case.get_absolute_url()).content.decode()
    assert "Ingen rapport ennå" in page

    # A second one for the same year on the same meeting is refused at the field
    response = secretary_client.post(
        reverse("committees:meeting_projects_case", args=[meeting.pk]), {"year": "2025"}
    )
    assert response.status_code == 400
    assert "Møtet har allerede en orientering om prosjektene fra 2025." in response.content.decode()
    assert Case.objects.filter(generated=Case.Generated.PROJECTS).count() == 1

    # The secretary edits the text and publishes: nothing is left unfilled
    assert services.case_placeholders(case) == []
    edited = case.background + "\n\nSekretariatet legger frem en plan for orienteringer fra prosjektene."
    response = secretary_client.post(
        case.get_absolute_url(),
        {
            "title": case.title,
            "kind": case.kind,
            "meeting": meeting.pk,
            "recommendation": case.recommendation,
            "background": edited,
            "assessment": "",
            "exemption_basis": "",
            "action": "publish",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    case.refresh_from_db()
    assert case.status == Case.Status.PUBLISHED and case.background == edited
    assert case.recommendation_points == ["SSU tar orienteringen til orientering."]


def test_a_year_without_projects_is_refused_at_the_field(secretary_client, secretary, meeting, projects):
    for year in ("2027", "", "abc"):
        response = secretary_client.post(
            reverse("committees:meeting_projects_case", args=[meeting.pk]), {"year": year}
        )
        assert response.status_code == 400
        page = response.content.decode()
        assert "Velg et år som har prosjekter." in page or "Velg året saken skal orientere om." in page
    assert not Case.objects.filter(generated=Case.Generated.PROJECTS).exists()
    # The service refuses too
    with pytest.raises(services.CaseError) as refused:
        services.meeting_projects_orientation_case_add(year=2024, meeting=meeting, actor=secretary)
    assert refused.value.field == "year"


def test_an_fsu_meeting_neither_offers_nor_accepts_it(secretary_client, secretary, projects):
    fsu_meeting = world.meeting(world.fsu(), secretary, timezone.localdate() + dt.timedelta(days=7))
    assert (
        "Lag orientering om prosjektene"
        not in secretary_client.get(fsu_meeting.get_absolute_url()).content.decode()
    )
    response = secretary_client.post(
        reverse("committees:meeting_projects_case", args=[fsu_meeting.pk]), {"year": "2025"}
    )
    assert response.status_code == 400
    assert not fsu_meeting.cases.filter(generated=Case.Generated.PROJECTS).exists()
    with pytest.raises(services.CaseError, match="behandles i SSU"):
        services.meeting_projects_orientation_case_add(year=2025, meeting=fsu_meeting, actor=secretary)


def test_a_meeting_with_an_approved_protocol_is_refused(secretary_client, meeting, projects):
    from committees.models import Meeting

    Meeting.objects.filter(pk=meeting.pk).update(protocol_approved_at=timezone.now())
    assert (
        "Lag orientering om prosjektene"
        not in secretary_client.get(meeting.get_absolute_url()).content.decode()
    )
    response = secretary_client.post(
        reverse("committees:meeting_projects_case", args=[meeting.pk]), {"year": "2025"}
    )
    assert response.status_code == 400
    assert "Protokollen for møtet" in response.content.decode()
    assert not Case.objects.filter(generated=Case.Generated.PROJECTS).exists()


@pytest.mark.parametrize("who", ["ssu_member", "applicant", "helse_nord", "other_secretariat"])
def test_only_the_secretariat_gets_in(client, meeting, projects, who):
    user = {
        "ssu_member": lambda: world.member(world.ssu(), "medlem@example.no", organisation="Vefsn kommune"),
        "applicant": lambda: world.applicant(),
        "helse_nord": lambda: world.helse_nord_reader(),
        "other_secretariat": lambda: world.secretary(email="finnmark@example.no", community="finnmark"),
    }[who]()
    client.force_login(user)
    response = client.post(reverse("committees:meeting_projects_case", args=[meeting.pk]), {"year": "2025"})
    assert response.status_code == 404
    assert client.get(meeting.get_absolute_url()).status_code == 404
    assert not Case.objects.filter(generated=Case.Generated.PROJECTS).exists()


def test_anonymous_users_go_to_login(client, meeting):
    response = client.post(reverse("committees:meeting_projects_case", args=[meeting.pk]), {"year": "2025"})
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    assert not Case.objects.filter(generated=Case.Generated.PROJECTS).exists()


def test_the_case_paper_pdf_holds_the_projects_and_the_total(secretary, meeting, projects):
    import io

    from pypdf import PdfReader

    from committees import documents

    case = services.meeting_projects_orientation_case_add(year=2025, meeting=meeting, actor=secretary)
    text = " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(documents.render_case_pdf_bytes(case))).pages
    )
    text = " ".join(text.replace("\xa0", " ").split())
    assert "Saksfremlegg" in text and "Orienteringssak" in text and case.reference in text
    for key in ("kartlegging", "observasjon"):
        assert " ".join(projects[key].title.split()) in text
    assert "kr 8 257 000" in text and "Ingen rapport ennå" in text
