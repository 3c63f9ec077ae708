"""The project pages as the real users use them: the status report cycle (the project leader
drafts, saves and submits; the secretariat asks for changes or accepts), the 409 on a report saved
by someone else meanwhile, the list formsets, the edit page, measurements, the reporting plan,
and a project page that makes the same number of queries with 2 and with 20 of every row."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import RiskRow
from projects.models import (
    Gain,
    Indicator,
    Measurement,
    OrganisationUnit,
    Project,
    ProjectMilestone,
    ProjectRisk,
    ReportSpending,
    StatusReport,
)

from .world import (
    applicant,
    granted_project,
    indicator,
    project_form_data,
    report_form_data,
    secretary,
    ssu_member,
)

pytestmark = pytest.mark.django_db


def _first_ssu_report(project) -> StatusReport:
    return project.reports.filter(kind=StatusReport.Kind.SSU).order_by("due_on").first()


def _error_at(html: str, field_id: str) -> str:
    """The error shown at a field (Django's «<id>_error», which the field's aria-describedby
    names), as text; "" when there is none."""
    match = re.search(rf'id="{field_id}_error"[^>]*>(.*?)</div>', html, re.S)
    return re.sub(r"<[^>]+>", "", match.group(1)).strip() if match else ""


def _text(response) -> str:
    return response.content.decode()


# --- The report cycle ---------------------------------------------------------------------------


def test_report_cycle_draft_submit_changes_asked_corrected_resubmitted_accepted(client):
    # Given a granted project with an indicator, its leader and the secretariat
    project = granted_project()
    made = indicator(project)
    leader, reviewer = project.leader, secretary()
    report = _first_ssu_report(project)
    start, evaluation = project.milestones.order_by("due_on")
    risk = project.risks.get()
    url = reverse("projects:report", args=[report.pk])

    # When the leader opens the report, the form is there; they save a draft
    client.force_login(leader)
    page = _text(client.get(url))
    assert 'id="report-form"' in page and 'name="version" value="1"' in page
    response = client.post(
        url,
        report_form_data(
            report,
            progress="Teamene i Sandnessjøen og Mo i Rana er i gang.",
            **{
                f"milestone_{start.pk}_progress": "done",
                f"milestone_{start.pk}_comment": "Oppstart 02.05.2025",
                "spent_2025": "kr 600 000,-",
                "spent_2025_comment": "Lønn til to kartleggere",
                f"risk_{risk.pk}_level": RiskRow.Level.HIGH,
                f"risk_{risk.pk}_comment": "Én stilling er ikke besatt",
                f"indicator_{made.pk}_value": "31,2",
                f"indicator_{made.pk}_note": "Foreløpig tall",
            },
        ),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.version) == (StatusReport.Status.DRAFT, 2)
    assert ReportSpending.objects.get(report=report, year=2025).spent_nok == 600_000
    assert Measurement.objects.get(indicator=made, measured_on=report.period_end).value == Decimal("31.2")
    # A draft does not touch the register yet
    assert ProjectRisk.objects.get(pk=risk.pk).level == RiskRow.Level.MEDIUM
    page = _text(client.get(url))
    assert "Teamene i Sandnessjøen" in page and 'value="600\u00a0000"' in page and 'value="31,2"' in page

    # And submits it («Send inn» saves what is in the form, then submits)
    response = client.post(
        reverse("projects:report_submit", args=[report.pk]),
        report_form_data(
            report,
            progress="Teamene i Sandnessjøen og Mo i Rana er i gang.",
            **{
                f"milestone_{start.pk}_progress": "done",
                "spent_2025": "600 000",
                f"risk_{risk.pk}_level": RiskRow.Level.HIGH,
                f"indicator_{made.pk}_value": "31,2",
            },
        ),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == StatusReport.Status.SUBMITTED
    # Then the risk register and the milestones follow the submitted report
    assert ProjectRisk.objects.get(pk=risk.pk).level == RiskRow.Level.HIGH
    start.refresh_from_db()
    evaluation.refresh_from_db()
    assert start.completed_on == report.period_end
    assert evaluation.completed_on is None
    # The leader sees the report, no longer the form
    page = _text(client.get(url))
    assert 'id="report-form"' not in page and "Sendt inn" in page

    # When the secretariat asks for changes without saying what, it is refused at the field
    client.force_login(reviewer)
    page = _text(client.get(url))
    assert 'id="review-form"' in page
    review_url = reverse("projects:report_review", args=[report.pk])
    response = client.post(review_url, {"action": "request_changes", "comment": "  "})
    assert response.status_code == 400
    assert _error_at(_text(response), "id_comment") == "Skriv hva som må endres."
    report.refresh_from_db()
    assert report.status == StatusReport.Status.SUBMITTED

    # With a comment, the report goes back to the project
    response = client.post(review_url, {"action": "request_changes", "comment": "Beskriv forbruket i 2025."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.review_comment) == (
        StatusReport.Status.CHANGES_REQUESTED,
        "Beskriv forbruket i 2025.",
    )

    # Then the leader sees the comment at the top, corrects and resubmits
    client.force_login(leader)
    page = _text(client.get(url))
    assert 'id="review-comment"' in page and "Beskriv forbruket i 2025." in page
    assert page.index('id="review-comment"') < page.index('id="report-form"')
    response = client.post(
        reverse("projects:report_submit", args=[report.pk]),
        report_form_data(
            report,
            progress="Teamene i Sandnessjøen og Mo i Rana er i gang.",
            **{
                f"milestone_{start.pk}_progress": "done",
                "spent_2025": "600 000",
                "spent_2025_comment": "Lønn til to kartleggere fra mai, og opplæring.",
                f"risk_{risk.pk}_level": RiskRow.Level.HIGH,
            },
        ),
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == StatusReport.Status.SUBMITTED
    assert ReportSpending.objects.get(report=report, year=2025).comment.endswith("og opplæring.")

    # And the secretariat accepts it
    client.force_login(reviewer)
    assert client.post(review_url, {"action": "accept", "comment": ""}).status_code == 302
    report.refresh_from_db()
    assert report.status == StatusReport.Status.ACCEPTED
    page = _text(client.get(url))
    assert "Godkjent" in page and 'id="review-form"' not in page


def test_submit_without_progress_keeps_the_draft_and_says_why_at_the_field(client):
    project = granted_project()
    report = _first_ssu_report(project)
    client.force_login(project.leader)
    response = client.post(
        reverse("projects:report_submit", args=[report.pk]),
        report_form_data(report, experiences="Svært god energi hos alle aktørene."),
    )
    assert response.status_code == 400
    page = _text(response)
    assert _error_at(page, "id_progress") == "Skriv om fremdriften før du sender inn."
    # The draft is saved, and the form carries its new version so the next save goes through
    report.refresh_from_db()
    assert (report.status, report.version, report.experiences) == (
        StatusReport.Status.DRAFT,
        2,
        "Svært god energi hos alle aktørene.",
    )
    assert 'name="version" value="2"' in page and "Svært god energi hos alle aktørene." in page
    response = client.post(
        reverse("projects:report", args=[report.pk]), report_form_data(report, progress="I gang.")
    )
    assert response.status_code == 302


def test_a_report_saved_by_someone_else_meanwhile_is_a_409_with_the_typed_text_kept(client):
    # Given the leader and a colleague in Rana kommune both open the same report (version 1)
    project = granted_project()
    report = _first_ssu_report(project)
    colleague = applicant("Rana kommune", email="kollega@example.no")
    mine = report_form_data(report, progress="Mitt utkast om fremdriften")
    url = reverse("projects:report", args=[report.pk])

    # When the colleague saves first
    client.force_login(colleague)
    assert client.post(url, report_form_data(report, progress="Kollegaens tekst")).status_code == 302

    # Then the leader's save is refused with 409, naming the colleague, with their text kept
    client.force_login(project.leader)
    response = client.post(url, mine)
    assert response.status_code == 409
    page = _text(response)
    assert "Rapporten ble endret av" in page and "etter at du åpnet den" in page
    assert "Mitt utkast om fremdriften" in page
    report.refresh_from_db()
    assert (report.progress, report.version) == ("Kollegaens tekst", 2)


def test_bad_input_in_the_report_form_is_shown_at_the_field_and_nothing_is_saved(client):
    project = granted_project()
    made = indicator(project)
    report = _first_ssu_report(project)
    client.force_login(project.leader)
    response = client.post(
        reverse("projects:report", args=[report.pk]),
        report_form_data(
            report,
            progress="Fremdrift som ikke skal gå tapt",
            spent_2025="mange penger",
            **{f"indicator_{made.pk}_value": "tretti"},
        ),
    )
    assert response.status_code == 400
    page = _text(response)
    assert "Skriv beløpet i hele kroner" in _error_at(page, "id_spent_2025")
    assert _error_at(page, f"id_indicator_{made.pk}_value") == "Skriv et tall, for eksempel 49,5."
    assert "Fremdrift som ikke skal gå tapt" in page and 'value="mange penger"' in page
    report.refresh_from_db()
    assert (report.status, report.version, report.progress) == (StatusReport.Status.PLANNED, 1, "")


# --- The reporting plan ---------------------------------------------------------------------------


def test_the_secretariat_adds_a_report_to_the_plan_and_removes_a_planned_one(client):
    project = granted_project()
    client.force_login(secretary())
    url = reverse("projects:report_add", args=[project.pk])
    response = client.post(
        url, {"kind": "ssu", "period_start": "01.07.2026", "period_end": "30.06.2026", "due_on": "31.08.2026"}
    )
    assert response.status_code == 400
    assert _error_at(_text(response), "id_period_end") == "Perioden kan ikke slutte før den begynner."
    before = project.reports.count()
    response = client.post(
        url, {"kind": "ssu", "period_start": "01.01.2027", "period_end": "31.03.2027", "due_on": "30.04.2027"}
    )
    assert response.status_code == 302
    added = project.reports.get(period_start=dt.date(2027, 1, 1), period_end=dt.date(2027, 3, 31))
    assert added.due_on == dt.date(2027, 4, 30) and project.reports.count() == before + 1

    assert client.post(reverse("projects:report_remove", args=[added.pk])).status_code == 302
    assert not StatusReport.objects.filter(pk=added.pk).exists()
    # A report the project has started stays in the plan
    started = _first_ssu_report(project)
    StatusReport.objects.filter(pk=started.pk).update(status=StatusReport.Status.DRAFT)
    response = client.post(reverse("projects:report_remove", args=[started.pk]), follow=True)
    assert "Bare rapporter som ikke er påbegynt" in _text(response)
    assert StatusReport.objects.filter(pk=started.pk).exists()


# --- The project's lists as formsets --------------------------------------------------------------


def _formset_data(rows: list[dict], initial: int) -> dict:
    data = {
        "rows-TOTAL_FORMS": str(len(rows)),
        "rows-INITIAL_FORMS": str(initial),
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
    }
    for i, row in enumerate(rows):
        for name, value in row.items():
            data[f"rows-{i}-{name}"] = value
    return data


def test_gains_add_edit_and_delete_rows(client):
    project = granted_project()
    client.force_login(project.leader)
    url = reverse("projects:section", args=[project.pk, "gevinster"])
    page = _text(client.get(url))
    assert 'name="rows-0-text"' in page  # the empty row, no JavaScript needed

    # Add two rows
    response = client.post(
        url,
        _formset_data(
            [
                {"dimension": "patient", "text": "Bedre overgang fra sykehus til hjemmet"},
                {"dimension": "economy", "text": "Reduserte kostnader"},
                {"dimension": "", "text": ""},  # the blank extra row is ignored
            ],
            initial=0,
        ),
    )
    assert response.status_code == 302
    kept, removed = project.gains.order_by("order")
    assert [(g.dimension, g.text) for g in (kept, removed)] == [
        ("patient", "Bedre overgang fra sykehus til hjemmet"),
        ("economy", "Reduserte kostnader"),
    ]

    # Edit the first, delete the second, add a third
    response = client.post(
        url,
        _formset_data(
            [
                {"id": str(kept.pk), "dimension": "patient", "text": "Tryggere overganger"},
                {
                    "id": str(removed.pk),
                    "dimension": "economy",
                    "text": "Reduserte kostnader",
                    "DELETE": "on",
                },
                {"dimension": "personnel", "text": "Bedre utnyttelse av helsepersonell"},
            ],
            initial=2,
        ),
    )
    assert response.status_code == 302
    assert [(g.pk, g.text) for g in project.gains.order_by("order")] == [
        (kept.pk, "Tryggere overganger"),
        (
            Gain.objects.get(text="Bedre utnyttelse av helsepersonell").pk,
            "Bedre utnyttelse av helsepersonell",
        ),
    ]
    assert not Gain.objects.filter(pk=removed.pk).exists()
    page = _text(client.get(reverse("projects:detail", args=[project.pk])))
    assert "Tryggere overganger" in page and "Bedre utnyttelse av helsepersonell" in page


def test_a_bad_milestone_row_is_shown_at_its_field_and_nothing_typed_is_lost(client):
    project = granted_project()
    first, second = project.milestones.order_by("due_on")
    client.force_login(project.leader)
    url = reverse("projects:section", args=[project.pk, "milepaeler"])
    response = client.post(
        url,
        _formset_data(
            [
                {
                    "id": str(first.pk),
                    "title": "Oppstart av teamene",
                    "due_on": "30.06.2025",
                    "completed_on": "",
                },
                {"id": str(second.pk), "title": second.title, "due_on": "31.02.2027", "completed_on": ""},
                {"title": "Ny milepæl: opplæringsplan", "due_on": "15.03.2026", "completed_on": ""},
            ],
            initial=2,
        ),
    )
    assert response.status_code == 400
    page = _text(response)
    assert _error_at(page, "id_rows-1-due_on") == "Skriv datoen som dd.mm.åååå, for eksempel 31.12.2025."
    assert 'value="31.02.2027"' in page and 'value="Oppstart av teamene"' in page
    assert 'value="Ny milepæl: opplæringsplan"' in page
    # Nothing is saved
    assert [m.title for m in project.milestones.order_by("due_on")] == ["Oppstart", second.title]

    # Corrected, everything is saved, and a reached date marks the milestone reached
    response = client.post(
        url,
        _formset_data(
            [
                {
                    "id": str(first.pk),
                    "title": "Oppstart av teamene",
                    "due_on": "30.06.2025",
                    "completed_on": "02.05.2025",
                },
                {"id": str(second.pk), "title": second.title, "due_on": "28.02.2027", "completed_on": ""},
                {"title": "Ny milepæl: opplæringsplan", "due_on": "15.03.2026", "completed_on": ""},
            ],
            initial=2,
        ),
    )
    assert response.status_code == 302
    assert [(m.title, m.due_on, m.completed_on) for m in project.milestones.order_by("due_on")] == [
        ("Oppstart av teamene", dt.date(2025, 6, 30), dt.date(2025, 5, 2)),
        ("Ny milepæl: opplæringsplan", dt.date(2026, 3, 15), None),
        (second.title, dt.date(2027, 2, 28), None),
    ]


def test_the_risk_register_and_indicators_are_edited_as_lists(client):
    project = granted_project()
    risk = project.risks.get()
    client.force_login(project.leader)
    response = client.post(
        reverse("projects:section", args=[project.pk, "risiko"]),
        _formset_data(
            [
                {
                    "id": str(risk.pk),
                    "factor": risk.factor,
                    "level": "lav",
                    "mitigation": "",
                    "state": "closed",
                },
                {
                    "factor": "Digitale løsninger og informasjonsflyt",
                    "level": "høy",
                    "mitigation": "",
                    "state": "open",
                },
            ],
            initial=1,
        ),
    )
    assert response.status_code == 302
    assert [(r.factor, r.level, r.state) for r in project.risks.order_by("order")] == [
        (risk.factor, "lav", "closed"),
        ("Digitale løsninger og informasjonsflyt", "høy", "open"),
    ]
    response = client.post(
        reverse("projects:section", args=[project.pk, "indikatorer"]),
        _formset_data(
            [
                {
                    "name": "Reinnleggelser innen 30 dager",
                    "unit": "prosent",
                    "baseline_value": "14,2",
                    "baseline_on": "31.12.2024",
                    "target_value": "11",
                    "target_on": "",
                    "direction": "down",
                    "source": "hospital",
                    "source_note": "Helgelandssykehuset, virksomhetstall",
                    "frequency": "half_yearly",
                }
            ],
            initial=0,
        ),
    )
    assert response.status_code == 302
    made = Indicator.objects.get(project=project)
    assert (made.baseline_value, made.target_value, made.baseline_on) == (
        Decimal("14.2"),
        Decimal("11"),
        dt.date(2024, 12, 31),
    )


def test_an_unknown_section_is_404(client):
    project = granted_project()
    client.force_login(project.leader)
    assert client.get(reverse("projects:section", args=[project.pk, "budsjett"])).status_code == 404


# --- The project's description ----------------------------------------------------------------------


def test_the_edit_page_refuses_an_end_before_the_start_at_the_field(client):
    project = granted_project()
    client.force_login(project.leader)
    url = reverse("projects:edit", args=[project.pk])
    response = client.post(
        url, project_form_data(project, title="Nytt navn", starts_on="01.01.2026", ends_on="31.12.2025")
    )
    assert response.status_code == 400
    page = _text(response)
    assert _error_at(page, "id_ends_on") == "Avslutningen kan ikke være før oppstarten."
    assert 'value="Nytt navn"' in page and 'value="31.12.2025"' in page
    project.refresh_from_db()
    assert (project.title, project.starts_on) == (
        "Interkommunalt innsats- og vurderingsteam for Helgeland",
        dt.date(2025, 1, 1),
    )


def test_the_edit_page_saves_with_dates_as_dd_mm_yyyy_and_a_new_leader_from_the_parties(client):
    project = granted_project()
    colleague = applicant("Helgelandssykehuset HF", email="sykehus@example.no")
    outsider = applicant("Vefsn kommune", email="vefsn@example.no")
    client.force_login(project.leader)
    url = reverse("projects:edit", args=[project.pk])
    page = _text(client.get(url))
    assert f'value="{colleague.pk}"' in page and f'value="{outsider.pk}"' not in page
    response = client.post(
        url,
        project_form_data(
            project,
            owner="SSU Helsefellesskap Helgeland",
            leader=str(colleague.pk),
            ends_on="30.06.2029",
            goals="Trygge og helhetlige pasientforløp\nLikeverdige tjenester på Helgeland",
        ),
    )
    assert response.status_code == 302
    project.refresh_from_db()
    assert (project.owner, project.leader, project.ends_on) == (
        "SSU Helsefellesskap Helgeland",
        colleague,
        dt.date(2029, 6, 30),
    )
    assert project.goal_lines == ["Trygge og helhetlige pasientforløp", "Likeverdige tjenester på Helgeland"]
    # Someone outside the parties is not a choice
    response = client.post(url, project_form_data(project, leader=str(outsider.pk)))
    assert response.status_code == 400
    project.refresh_from_db()
    assert project.leader == colleague


# --- Measurements -----------------------------------------------------------------------------------


def test_a_measurement_is_added_and_corrected_for_an_indicator_of_the_project(client):
    project = granted_project()
    made = indicator(project)
    client.force_login(project.leader)
    url = reverse("projects:measurement_add", args=[project.pk, made.pk])
    response = client.post(url, {"measured_on": "31.12.2023", "value": "25,3", "note": "SKDE"})
    assert response.status_code == 302
    assert Measurement.objects.get(indicator=made, measured_on=dt.date(2023, 12, 31)).value == Decimal("25.3")

    # «Rett» opens the form filled in; saving the same date corrects it
    page = _text(client.get(url + "?dato=2023-12-31"))
    assert 'value="25,3"' in page and 'value="31.12.2023"' in page
    response = client.post(url, {"measured_on": "31.12.2023", "value": "24,9", "note": "SKDE, rettet"})
    assert response.status_code == 302
    assert [(m.measured_on, m.value) for m in made.measurements.all()] == [
        (dt.date(2022, 12, 31), Decimal("20.4")),
        (dt.date(2023, 12, 31), Decimal("24.9")),
    ]

    # Bad input stays in the form with the message at the field
    response = client.post(url, {"measured_on": "32.12.2023", "value": "mye", "note": "behold meg"})
    assert response.status_code == 400
    page = _text(response)
    assert _error_at(page, "id_measured_on") == "Skriv datoen som dd.mm.åååå, for eksempel 31.12.2025."
    assert _error_at(page, "id_value") == "Skriv et tall, for eksempel 49,5."
    assert 'value="behold meg"' in page

    # The indicator must belong to this project
    other = granted_project(title="Et annet prosjekt", lead="Vefsn kommune")
    foreign = indicator(other)
    response = client.post(
        reverse("projects:measurement_add", args=[project.pk, foreign.pk]),
        {"measured_on": "31.12.2023", "value": "1"},
    )
    assert response.status_code == 404
    assert foreign.measurements.count() == 1


# --- The list and the project page ---------------------------------------------------------------


def test_the_list_shows_health_granted_total_and_the_next_report_with_its_mark(client):
    project = granted_project()
    ProjectRisk.objects.filter(project=project).update(level=RiskRow.Level.HIGH)
    ProjectMilestone.objects.filter(project=project).update(completed_on=dt.date(2025, 1, 1))
    client.force_login(project.leader)
    page = _text(client.get(reverse("projects:list")))
    row = page[page.index('id="project-list"') :]
    assert project.title in row and "kr\u00a04\u00a0657\u00a0000" in row
    # The first report of 2025 is long overdue, so the project is late, in words
    assert "Forsinket" in row and "Forfalt" in row
    first = _first_ssu_report(project)
    assert f'aria-describedby="report-{first.pk}-mark"' in row
    # Only the secretariat and the SSU see the portfolio link
    assert reverse("projects:portfolio") not in page
    client.force_login(ssu_member())
    assert reverse("projects:portfolio") in _text(client.get(reverse("projects:list")))


def test_the_project_page_shows_the_plan_as_in_seed_004(client):
    project = granted_project()
    made = indicator(project)
    OrganisationUnit.objects.create(
        project=project,
        kind=OrganisationUnit.Kind.WORKING_GROUP,
        name="Arbeidsgruppe 1: Kartleggingsverktøy",
        purpose="Utarbeide et felles kartleggingsverktøy for bruk i prosjektet.",
        deliverables="Ett felles, omforent kartleggingsverktøy",
        members="Sykepleier, Rana kommune\nSykepleier, Vefsn kommune",
        reference_groups="Brukerutvalg HSYK",
    )
    client.force_login(ssu_member())
    page = _text(client.get(reverse("projects:detail", args=[project.pk])))
    for text in (
        "Arbeidsgruppe 1: Kartleggingsverktøy",
        "Brukerutvalg HSYK",
        "Sykepleier, Vefsn kommune",
        "Utgangsverdi",
        "49,5",
        "20,4",
        "Helse Nord / SKDE",
        "kr\u00a01\u00a0550\u00a0000",
        "Forsinket",  # the milestone of Q2 2025 is late, said in words
        "Rapporteringsplan",
    ):
        assert text in page, text
    assert 'src="data:image/png;base64,' in page and f"Linjediagram for {made.name}" in page
    # The SSU reads, and is offered no edit
    assert reverse("projects:edit", args=[project.pk]) not in page
    assert reverse("projects:sheet_pdf", args=[project.pk]) in page


# Session, user, the second-factor device, the user's seats (organisations, secretariats and
# committees with their SSU's helsefellesskap in one query, cached on the user for the permission
# checks and the menu, with the header's count of unread notifications), the project with its
# application's owners and municipalities, its health, funding, gains, organisation, milestones,
# risks, indicators with their measurements and reports. Exact, so a new query shows up in review.
DETAIL_QUERIES = 19


def _add_rows(project, n):
    for i in range(n):
        Gain.objects.create(project=project, dimension="patient", text=f"Gevinst {i}")
        OrganisationUnit.objects.create(project=project, kind="working_group", name=f"Arbeidsgruppe {i}")
        ProjectMilestone.objects.create(project=project, title=f"Milepæl {i}", due_on=dt.date(2027, 1, 1 + i))
        ProjectRisk.objects.create(project=project, factor=f"Risiko {i}", level="lav")
        made = indicator(project, name=f"Indikator {i}", values=[])
        for year in range(n):
            Measurement.objects.create(indicator=made, measured_on=dt.date(2000 + year, 12, 31), value=year)
        StatusReport.objects.create(
            project=project,
            kind="ssu",
            period_start=dt.date(2026, 1, 1),
            period_end=dt.date(2026, 6, 30),
            due_on=dt.date(2026, 7, 31) + dt.timedelta(days=i),
        )


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), "\n".join(q["sql"] for q in queries.captured_queries)


def test_the_project_page_makes_the_same_number_of_queries_with_2_and_20_of_every_row(client):
    few_project = granted_project()
    ProjectMilestone.objects.filter(project=few_project).delete()
    ProjectRisk.objects.filter(project=few_project).delete()
    StatusReport.objects.filter(project=few_project).delete()
    _add_rows(few_project, 2)
    many_project = granted_project(title="Et større prosjekt", lead="Vefsn kommune")
    ProjectMilestone.objects.filter(project=many_project).delete()
    ProjectRisk.objects.filter(project=many_project).delete()
    StatusReport.objects.filter(project=many_project).delete()
    _add_rows(many_project, 20)
    assert (
        many_project.indicators.count() == 20
        and Measurement.objects.filter(indicator__project=many_project).count() == 400
    )

    client.force_login(secretary())
    few, few_sql = _count(client, reverse("projects:detail", args=[few_project.pk]))
    many, many_sql = _count(client, reverse("projects:detail", args=[many_project.pk]))
    assert few == many == DETAIL_QUERIES, many_sql


def test_the_project_list_makes_the_same_number_of_queries_with_1_and_5_projects(client):
    reviewer = secretary()
    granted_project()
    client.force_login(reviewer)
    one, _sql = _count(client, reverse("projects:list"))
    for i in range(4):
        granted_project(title=f"Prosjekt {i}", lead="Vefsn kommune")
    five, sql = _count(client, reverse("projects:list"))
    assert one == five, sql
    assert Project.objects.count() == 5


def test_the_applications_case_page_links_to_its_project(client):
    project = granted_project()
    client.force_login(secretary())
    page = _text(client.get(reverse("applications:review", args=[project.application_id])))
    assert f'href="{reverse("projects:detail", args=[project.pk])}" id="project-link"' in page
