"""Who gets what on every project page (projects/urls.py, except the portfolio and the project
sheet, which have their own tests): each role × each URL, GET and POST, with the expected status,
and after every refused POST a check that nothing changed.

- The project side (the leader, and the staff of the application's party organisations) reads,
  edits the plan and writes the reports.
- The secretariat of the project's helsefellesskap reads, edits the plan, plans reports and
  reviews them, but does not write them.
- The SSU members of that helsefellesskap and Helse Nord's readers only read.
- Everyone else (another organisation, another helsefellesskap's secretariat, an FSU member
  without an SSU seat, an admin without memberships) gets 404, as if the project did not exist.
- Anonymous users are sent to the login page. POST-only URLs answer GET with 405.

Each role's test builds the project once and tries every URL inside a savepoint that is rolled
back, so one URL's successful write does not change the next URL's starting point."""

from dataclasses import dataclass

import pytest
from django.db import transaction
from django.urls import reverse

from core.models import AuditEvent, Membership
from projects import services
from projects.models import Gain, Measurement, Project, StatusReport
from tests.factories import UserFactory, org

from .world import (
    applicant,
    fsu_member,
    granted_project,
    helse_nord_reader,
    indicator,
    project_form_data,
    report_form_data,
    secretary,
    ssu_member,
)

pytestmark = pytest.mark.django_db

# Roles
LEADER, LEAD_APPLICANT, UNRELATED, SECRETARIAT, OTHER_SECRETARIAT = (
    "leader",
    "lead_applicant",
    "unrelated_applicant",
    "secretariat",
    "other_secretariat",
)
SSU, FSU, HELSE_NORD, ADMIN, ANONYMOUS = "ssu_member", "fsu_member", "helse_nord", "admin", "anonymous"

PROJECT_SIDE = {LEADER, LEAD_APPLICANT}
READERS = {SSU, HELSE_NORD}
OUTSIDERS = {UNRELATED, OTHER_SECRETARIAT, FSU, ADMIN}
LOGGED_IN = PROJECT_SIDE | READERS | OUTSIDERS | {SECRETARIAT}


@dataclass
class World:
    project: Project
    indicator: object
    planned: StatusReport
    submitted: StatusReport
    users: dict


def _world() -> World:
    project = granted_project()
    made = indicator(project)
    reports = list(project.reports.filter(kind=StatusReport.Kind.SSU).order_by("due_on"))
    planned, submitted = reports[1], reports[0]
    leader = project.leader
    saved = services.report_save(
        report=submitted,
        actor=leader,
        version=submitted.version,
        progress="Teamene er i gang.",
        risks_comment="",
        experiences="",
        milestones={},
        spending={},
        risks={},
        measurements={},
    )
    services.report_submit(report=saved, actor=leader)
    admin = UserFactory(email="admin@example.no", is_staff=True, is_superuser=True)
    users = {
        LEADER: leader,
        LEAD_APPLICANT: applicant("Rana kommune", email="rana@example.no"),
        UNRELATED: applicant("Vefsn kommune", email="vefsn@example.no"),
        SECRETARIAT: secretary(),
        OTHER_SECRETARIAT: secretary(email="sekretariat.finnmark@example.no", community="finnmark"),
        SSU: ssu_member(),
        FSU: fsu_member(),
        HELSE_NORD: helse_nord_reader(),
        ADMIN: admin,
        ANONYMOUS: None,
    }
    return World(project, made, planned, StatusReport.objects.get(pk=submitted.pk), users)


@dataclass(frozen=True)
class Case:
    name: str
    url: object  # World -> str
    data: object  # World -> dict posted
    get_ok: frozenset  # roles answered 200 on GET (others 404); None: POST only (405)
    post_ok: frozenset  # roles whose POST goes through (302); others 404, or 405 where noted
    post_405: bool = False  # the page is read-only: POST is 405 for everyone logged in


def _gain_formset(world):
    return {
        "rows-TOTAL_FORMS": "1",
        "rows-INITIAL_FORMS": "0",
        "rows-MIN_NUM_FORMS": "0",
        "rows-MAX_NUM_FORMS": "1000",
        "rows-0-dimension": "patient",
        "rows-0-text": "Tryggere overganger",
    }


VIEWERS = frozenset(PROJECT_SIDE | READERS | {SECRETARIAT})
EDITORS = frozenset(PROJECT_SIDE | {SECRETARIAT})
NOBODY = frozenset()

CASES = [
    Case(
        "list",
        lambda w: reverse("projects:list"),
        lambda w: {},
        frozenset(LOGGED_IN),
        NOBODY,
        post_405=True,
    ),
    Case(
        "detail",
        lambda w: reverse("projects:detail", args=[w.project.pk]),
        lambda w: {},
        VIEWERS,
        NOBODY,
        post_405=True,
    ),
    Case(
        "edit",
        lambda w: reverse("projects:edit", args=[w.project.pk]),
        lambda w: project_form_data(w.project, title="Nytt prosjektnavn"),
        EDITORS,
        EDITORS,
    ),
    Case(
        "section",
        lambda w: reverse("projects:section", args=[w.project.pk, "gevinster"]),
        _gain_formset,
        EDITORS,
        EDITORS,
    ),
    Case(
        "measurement_add",
        lambda w: reverse("projects:measurement_add", args=[w.project.pk, w.indicator.pk]),
        lambda w: {"measured_on": "31.12.2023", "value": "25,3", "note": ""},
        EDITORS,
        EDITORS,
    ),
    Case(
        "report_add",
        lambda w: reverse("projects:report_add", args=[w.project.pk]),
        lambda w: {
            "kind": "ssu",
            "period_start": "01.01.2027",
            "period_end": "31.03.2027",
            "due_on": "30.04.2027",
        },
        frozenset({SECRETARIAT}),
        frozenset({SECRETARIAT}),
    ),
    Case(
        "report",
        lambda w: reverse("projects:report", args=[w.planned.pk]),
        lambda w: report_form_data(w.planned, progress="Utkast"),
        VIEWERS,
        frozenset(PROJECT_SIDE),
    ),
    Case(
        "report_submit",
        lambda w: reverse("projects:report_submit", args=[w.planned.pk]),
        lambda w: report_form_data(w.planned, progress="Ferdig skrevet"),
        None,
        frozenset(PROJECT_SIDE),
    ),
    Case(
        "report_review",
        lambda w: reverse("projects:report_review", args=[w.submitted.pk]),
        lambda w: {"action": "accept", "comment": ""},
        None,
        frozenset({SECRETARIAT}),
    ),
    Case(
        "report_remove",
        lambda w: reverse("projects:report_remove", args=[w.planned.pk]),
        lambda w: {},
        None,
        frozenset({SECRETARIAT}),
    ),
]


def test_every_url_of_projects_urls_is_covered():
    from projects.urls import urlpatterns

    # Tested in their own files (test_portfolio.py, test_sheet.py) and in the permission matrix.
    others = {"portfolio", "portfolio_xlsx", "portfolio_chart", "sheet_pdf", "sheet_status"}
    assert {p.name for p in urlpatterns} - others == {case.name for case in CASES}


def _state(world) -> dict:
    """Everything a project page can write."""
    return {
        "project": Project.objects.filter(pk=world.project.pk).values().get(),
        "gains": list(Gain.objects.order_by("pk").values_list("pk", "text")),
        "reports": list(
            StatusReport.objects.order_by("pk").values_list("pk", "status", "version", "progress", "due_on")
        ),
        "measurements": list(
            Measurement.objects.order_by("pk").values_list("pk", "measured_on", "value", "note")
        ),
        "audit": AuditEvent.objects.count(),
    }


def _expected(case: Case, role: str, method: str) -> int:
    if role == ANONYMOUS:
        return 302
    if method == "GET":
        if case.get_ok is None:
            return 405
        return 200 if role in case.get_ok else 404
    if case.post_405:
        return 405
    return 302 if role in case.post_ok else 404


class _Rollback(Exception):
    pass


@pytest.mark.parametrize(
    "role",
    [
        ANONYMOUS,
        LEADER,
        LEAD_APPLICANT,
        UNRELATED,
        SECRETARIAT,
        OTHER_SECRETARIAT,
        SSU,
        FSU,
        HELSE_NORD,
        ADMIN,
    ],
)
def test_role_gets_the_expected_status_on_every_url_and_refused_posts_change_nothing(client, role):
    world = _world()
    user = world.users[role]
    if user is not None:
        client.force_login(user)
    login = reverse("login")
    problems = []
    for case in CASES:
        url = case.url(world)
        for method in ("GET", "POST"):
            expected = _expected(case, role, method)
            try:
                with transaction.atomic():
                    before = _state(world)
                    if method == "GET":
                        response = client.get(url)
                    else:
                        response = client.post(url, case.data(world))
                    after = _state(world)
                    raise _Rollback
            except _Rollback:
                pass
            got = response.status_code
            if got != expected:
                problems.append(f"{method} {case.name}: expected {expected}, got {got}")
                continue
            if role == ANONYMOUS and not response["Location"].startswith(login):
                problems.append(
                    f"{method} {case.name}: redirected to {response['Location']}, not the login page"
                )
            wrote = method == "POST" and expected == 302 and role != ANONYMOUS
            if wrote and before == after:
                problems.append(f"POST {case.name}: answered {got} but changed nothing")
            if not wrote and before != after:
                problems.append(f"{method} {case.name}: refused ({got}) but changed something")
            if case.name == "list" and method == "GET" and got == 200:
                listed = world.project.title in response.content.decode()
                # selectors.project_list_for_user lists a project for its own people, the
                # secretariat, the SSU and Helse Nord (which funds every project in the region).
                if listed != (role in VIEWERS):
                    problems.append(f"GET list: project {'listed' if listed else 'missing'} for {role}")
    assert not problems, f"{role}:\n" + "\n".join(problems)


def test_a_read_only_reader_sees_no_forms_on_the_project_and_report_pages(client):
    world = _world()
    for role in (SSU, HELSE_NORD):
        client.force_login(world.users[role])
        detail = client.get(reverse("projects:detail", args=[world.project.pk])).content.decode()
        assert "<form" not in detail.split('id="main"')[1].split("</main>")[0]
        report = client.get(reverse("projects:report", args=[world.submitted.pk])).content.decode()
        assert 'id="report-form"' not in report and 'id="review-form"' not in report
        assert "Teamene er i gang." in report


def test_the_secretariat_of_a_party_organisation_may_not_review_its_own_project(client):
    """Inhabil: a secretary who works in one of the project's organisations cannot accept."""
    world = _world()
    reviewer = world.users[SECRETARIAT]
    Membership.objects.create(user=reviewer, organisation=org("Rana kommune"))
    client.force_login(reviewer)
    response = client.post(
        reverse("projects:report_review", args=[world.submitted.pk]), {"action": "accept", "comment": ""}
    )
    assert response.status_code == 404
    world.submitted.refresh_from_db()
    assert world.submitted.status == StatusReport.Status.SUBMITTED
