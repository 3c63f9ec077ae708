"""The project made from a granted application, its reporting plan, and the status report cycle
(draft → submitted → accepted / changes asked) with the deadline marks across the due date."""

import datetime as dt
from decimal import Decimal

import pytest

from applications.models import OSLO, Pot, RiskRow
from core.models import AuditEvent
from projects import selectors, services
from projects.models import Project, ProjectRisk, ReportMilestone, StatusReport
from tests.factories import UserFactory

from .world import granted_project, indicator, secretary

S = StatusReport.Status

pytestmark = pytest.mark.django_db


def test_granting_makes_the_project_with_its_amounts_per_year_milestones_and_risks():
    project = granted_project(
        years={2025: 2_000_000, 2026: 2_000_000, 2027: 2_000_000, 2028: 2_000_000, 2029: 2_000_000}
    )
    assert [(f.year, f.pot, f.amount_nok) for f in project.funding.all()] == [
        (year, Pot.Kind.REGIONAL, 2_000_000) for year in range(2025, 2030)
    ]
    assert [(m.title, m.due_on) for m in project.milestones.all()] == [
        ("Oppstart", dt.date(2025, 6, 30)),
        ("Evaluering av prosjektets effekt", dt.date(2027, 12, 31)),
    ]
    assert [(r.factor, r.level, r.mitigation) for r in project.risks.all()] == [
        ("Rekruttering av personell", "middels", "Tidlig utlysning")
    ]
    assert (project.starts_on, project.ends_on) == (dt.date(2025, 1, 1), dt.date(2029, 12, 31))
    kinds = [r.kind for r in project.reports.all()]
    assert kinds.count(StatusReport.Kind.FINAL) == 1


def test_the_reporting_plan_half_yearly_to_the_ssu_yearly_to_helse_nord_and_a_final_report():
    project = granted_project(years={2025: 1_000_000, 2026: 1_000_000}, milestones=(("Oppstart", "Q2 2025"),))
    plan = [
        (r.kind, r.period_start, r.period_end, r.due_on) for r in project.reports.order_by("due_on", "kind")
    ]
    assert plan == [
        ("ssu", dt.date(2025, 1, 1), dt.date(2025, 6, 30), dt.date(2025, 7, 31)),
        ("ssu", dt.date(2025, 7, 1), dt.date(2025, 12, 31), dt.date(2026, 1, 31)),
        ("helse_nord", dt.date(2025, 1, 1), dt.date(2025, 12, 31), dt.date(2026, 3, 1)),
        ("ssu", dt.date(2026, 1, 1), dt.date(2026, 6, 30), dt.date(2026, 7, 31)),
        # The second half of 2026 and the year 2026 end with the project: the final report
        # covers them, three months after the end.
        ("final", dt.date(2025, 1, 1), dt.date(2026, 12, 31), dt.date(2027, 3, 31)),
    ]


# --- The report cycle -------------------------------------------------------------------------


@pytest.fixture
def project():
    return granted_project(years={2025: 1_000_000, 2026: 1_000_000}, milestones=(("Oppstart", "Q4 2025"),))


def first_report(project) -> StatusReport:
    return project.reports.order_by("due_on").first()


def fill(report, actor, **overrides):
    project = report.project
    risk = project.risks.get()
    milestone = project.milestones.get()
    data = {
        "progress": "Teamene er etablert i Sandnessjøen og Mo i Rana.",
        "risks_comment": "",
        "experiences": "God energi hos alle parter.",
        "milestones": {milestone.pk: (ReportMilestone.Progress.DONE, "")},
        "spending": {2025: (400_000, "Ansettelser fra mai")},
        "risks": {risk.pk: (RiskRow.Level.HIGH, "Vanskelig å rekruttere sykepleiere")},
        "measurements": {},
    }
    data.update(overrides)
    return services.report_save(report=report, actor=actor, version=report.version, **data)


def test_the_report_cycle_draft_submitted_changes_asked_resubmitted_accepted(project):
    leader, secretariat_user = project.leader, secretary()
    report = first_report(project)
    assert report.status == S.PLANNED

    report = fill(report, leader)
    assert report.status == S.DRAFT
    assert report.spending_rows.get().budget_nok == 1_000_000

    report = services.report_submit(report=report, actor=leader)
    assert report.status == S.SUBMITTED and report.submitted_by == leader
    # The register takes over the report's level, and the milestone reported reached is reached.
    assert project.risks.get().level == RiskRow.Level.HIGH
    assert project.milestones.get().completed_on is not None

    with pytest.raises(services.ProjectError) as refused:
        services.report_review(report=report, actor=secretariat_user, action="request_changes", comment=" ")
    assert refused.value.field == "comment"
    report.refresh_from_db()
    assert report.status == S.SUBMITTED

    report = services.report_review(
        report=report, actor=secretariat_user, action="request_changes", comment="Legg ved regnskapet."
    )
    assert (report.status, report.review_comment) == (S.CHANGES_REQUESTED, "Legg ved regnskapet.")
    # Saving a correction keeps the report «endringer etterspurt» until it is sent again.
    report = fill(report, leader, experiences="Regnskapet er lagt ved.")
    assert report.status == S.CHANGES_REQUESTED
    report = services.report_submit(report=report, actor=leader)
    report = services.report_review(report=report, actor=secretariat_user, action="accept")
    assert report.status == S.ACCEPTED
    assert AuditEvent.objects.filter(target_type="projects.statusreport", target_id=report.pk).values_list(
        "action", flat=True
    ).order_by("pk")[::1] == [
        "report.save",
        "report.submit",
        "report.request_changes",
        "report.save",
        "report.submit",
        "report.accept",
    ]


@pytest.mark.parametrize(
    ("action", "status"),
    [
        ("submit", S.PLANNED),
        ("submit", S.SUBMITTED),
        ("submit", S.ACCEPTED),
        ("accept", S.DRAFT),
        ("accept", S.ACCEPTED),
        ("request_changes", S.CHANGES_REQUESTED),
    ],
)
def test_transitions_outside_the_table_are_refused_and_change_nothing(project, action, status):
    report = first_report(project)
    StatusReport.objects.filter(pk=report.pk).update(status=status, progress="Noe skrevet")
    report.refresh_from_db()
    with pytest.raises(services.ProjectError):
        if action == "submit":
            services.report_submit(report=report, actor=project.leader)
        else:
            services.report_review(report=report, actor=secretary(), action=action, comment="Noe")
    report.refresh_from_db()
    assert report.status == status and report.submitted_at is None and report.reviewed_at is None


def test_a_submitted_report_cannot_be_edited_and_an_empty_one_cannot_be_submitted(project):
    report = first_report(project)
    StatusReport.objects.filter(pk=report.pk).update(status=S.DRAFT)
    report.refresh_from_db()
    with pytest.raises(services.ProjectError) as refused:
        services.report_submit(report=report, actor=project.leader)
    assert refused.value.field == "progress"
    report = services.report_submit(report=fill(report, project.leader), actor=project.leader)
    with pytest.raises(services.ProjectError):
        fill(report, project.leader)


def test_a_save_on_a_stale_version_is_refused_naming_who_saved(project):
    report = first_report(project)
    read_version = report.version
    fill(report, project.leader)
    other = UserFactory(first_name="Ola", last_name="Prosjekt")
    with pytest.raises(services.ReportConflict) as refused:
        services.report_save(
            report=report,
            actor=other,
            version=read_version,
            progress="Mitt utkast",
            risks_comment="",
            experiences="",
            milestones={},
            spending={},
            risks={},
            measurements={},
        )
    assert project.leader.get_full_name() in str(refused.value)
    report.refresh_from_db()
    assert report.progress.startswith("Teamene er etablert")


def test_indicator_values_in_a_report_are_measurements_at_the_period_end(project):
    measured = indicator(project, values=[])
    report = fill(
        first_report(project), project.leader, measurements={measured.pk: (Decimal("31.2"), "Rana")}
    )
    assert [(m.measured_on, m.value, m.report_id) for m in measured.measurements.all()] == [
        (dt.date(2025, 6, 30), Decimal("31.20"), report.pk)
    ]


# --- Deadlines --------------------------------------------------------------------------------


def test_overdue_marking_across_the_due_date(project):
    report = first_report(project)
    assert report.due_on == dt.date(2025, 7, 31)
    assert selectors.report_mark(report, today=dt.date(2025, 6, 30)) == ("", "")
    assert selectors.report_mark(report, today=dt.date(2025, 7, 1))[0] == "due"
    assert selectors.report_mark(report, today=dt.date(2025, 7, 31))[0] == "due"
    assert selectors.report_mark(report, today=dt.date(2025, 8, 1)) == ("overdue", "Forfalt")

    def health(today):
        return selectors.with_health(Project.objects.filter(pk=project.pk), today).get().health

    assert health(dt.date(2025, 7, 31)) == Project.Health.ON_TRACK
    assert health(dt.date(2025, 8, 1)) == Project.Health.LATE

    # Sent in a day late: no longer overdue, marked as late, and the project is on track again
    # once the risk it raised is lowered.
    report = fill(report, project.leader, risks={project.risks.get().pk: (RiskRow.Level.LOW, "")})
    report = services.report_submit(report=report, actor=project.leader, now=at(dt.date(2025, 8, 1), 9))
    assert selectors.report_mark(report, today=dt.date(2025, 8, 2)) == ("late", "Levert for sent")
    assert health(dt.date(2025, 8, 2)) == Project.Health.ON_TRACK


@pytest.mark.parametrize(
    ("due_on", "submitted", "late"),
    [
        # The autumn DST night: 25.10.2026 has 25 hours; the whole day counts, Oslo time.
        (dt.date(2026, 10, 25), dt.datetime(2026, 10, 25, 23, 59, 59), False),
        (dt.date(2026, 10, 25), dt.datetime(2026, 10, 26, 0, 0, 0), True),
        # The spring night: 29.03.2026 has 23 hours.
        (dt.date(2026, 3, 29), dt.datetime(2026, 3, 29, 23, 59, 59), False),
        (dt.date(2026, 3, 29), dt.datetime(2026, 3, 30, 0, 0, 0), True),
    ],
)
def test_late_is_decided_by_the_oslo_calendar_day_across_dst(project, due_on, submitted, late):
    report = services.report_add(
        project=project,
        actor=secretary(),
        kind=StatusReport.Kind.SSU,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        due_on=due_on,
    )
    report = fill(report, project.leader)
    report = services.report_submit(report=report, actor=project.leader, now=submitted.replace(tzinfo=OSLO))
    assert (selectors.report_mark(report, today=due_on + dt.timedelta(days=5))[0] == "late") is late


def test_a_high_open_risk_puts_the_project_at_risk_and_closing_it_clears_it(project):
    risk = project.risks.get()
    risk.level = RiskRow.Level.HIGH
    risk.save()

    def health():
        return selectors.with_health(Project.objects.filter(pk=project.pk), dt.date(2025, 3, 1)).get().health

    assert health() == Project.Health.AT_RISK
    risk.state = ProjectRisk.State.CLOSED
    risk.save()
    assert health() == Project.Health.ON_TRACK


def at(day, hour):
    return dt.datetime.combine(day, dt.time(hour), tzinfo=OSLO)


def test_a_report_sent_back_after_the_due_date_is_not_overdue_nor_late(project):
    report = fill(first_report(project), project.leader)
    report = services.report_submit(report=report, actor=project.leader, now=at(dt.date(2025, 7, 30), 9))
    report = services.report_review(
        report=report, actor=secretary(), action="request_changes", comment="Rett"
    )
    assert selectors.report_mark(report, today=dt.date(2025, 8, 15)) == ("", "")
    report = services.report_submit(report=report, actor=project.leader, now=at(dt.date(2025, 8, 20), 9))
    assert selectors.report_mark(report, today=dt.date(2025, 8, 21)) == ("", "")
    health = selectors.with_health(Project.objects.filter(pk=project.pk), dt.date(2025, 8, 21)).get().health
    assert health == Project.Health.AT_RISK  # the high risk the report raised, not lateness


@pytest.mark.parametrize(
    ("state", "health"),
    [(Project.State.COMPLETED, Project.Health.DONE), (Project.State.STOPPED, Project.Health.STOPPED)],
)
def test_a_completed_or_stopped_project_says_so_whatever_its_reports(project, state, health):
    Project.objects.filter(pk=project.pk).update(state=state)
    got = selectors.with_health(Project.objects.filter(pk=project.pk), dt.date(2030, 1, 1)).get().health
    assert got == health
    assert Project.Health(got).label in ("Avsluttet", "Stanset")
