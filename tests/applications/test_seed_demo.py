"""`manage.py seed_demo`: the reference data from the migrations, the five real 2025 applications
with the figures from seed 001, and idempotency (a second run changes no counts)."""

import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from applications import demo_data, prioritisation
from applications.models import (
    Application,
    ApplicationVersion,
    Attachment,
    BenefitRow,
    BudgetLine,
    ContactPerson,
    Milestone,
    Pot,
    RiskRow,
    Round,
    StatusEvent,
    SubProject,
)
from committees import selectors, services
from committees.models import Attendance, Case, CaseAttachment, Committee, CommitteeMembership, Meeting
from core.models import (
    FocusArea,
    HealthCommunity,
    Membership,
    Organisation,
    PriorityGroup,
    SecretariatMembership,
    User,
)
from projects import selectors as project_selectors
from projects.models import Funding, Indicator, Measurement, OrganisationUnit, Project, StatusReport

MODELS = [
    Organisation,
    HealthCommunity,
    PriorityGroup,
    FocusArea,
    Committee,
    User,
    Membership,
    SecretariatMembership,
    CommitteeMembership,
    Round,
    Pot,
    Application,
    ContactPerson,
    BenefitRow,
    RiskRow,
    BudgetLine,
    Milestone,
    SubProject,
    Attachment,
    ApplicationVersion,
    StatusEvent,
    Meeting,
    Case,
    CaseAttachment,
    Attendance,
    Project,
    Funding,
    OrganisationUnit,
    Indicator,
    Measurement,
    StatusReport,
]

# (title, amount applied, sum of the budget lines) as seed 001 gives them.
FIGURES_2025 = {
    # «Totalkostnad: kr. 9 315 000,-, Det søkes om kr. 4 657 500,-»
    "Interkommunalt innsats- og vurderingsteam for Helgeland": (4_657_500, 9_315_000),
    # No figures in the seed (the budget was an attachment): round placeholders.
    "Fremtidens pasientforløp: Enhet for samhandling og digital oppfølging Helgeland": (
        5_000_000,
        5_000_000,
    ),
    # Fase 1: 1 500 000 + 1 300 000 + 800 000 = «Total 3 600 000»
    "Forprosjekt: Observasjonspost Sør-Helgeland": (3_600_000, 3_600_000),
    # ca. 1,5 + 1,5 + 0,7 + 0,3 mill
    "Forprosjekt - tverretatlig rehabilitering": (4_000_000, 4_000_000),
    # «2 millioner per år over 5 år, totalt 10 millioner»
    "Helgelandssykepleier – utdanning, rekruttering og stabilisering av sykepleiere på Helgeland": (
        10_000_000,
        10_000_000,
    ),
}

S = Application.Status


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


@pytest.fixture
def seeded(db, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())


@pytest.fixture
def seeded_board(db, settings, tmp_path):
    """The demo with the 2025 round at the board stage (`seed_demo --2025 board`)."""
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", "--2025", "board", stdout=io.StringIO())


@pytest.mark.django_db
def test_reference_data_from_migrations():
    helgeland = HealthCommunity.objects.get(slug="helgeland")
    assert HealthCommunity.objects.count() == 4
    assert Organisation.objects.filter(kind="kommune", health_community=helgeland).count() == 17
    assert helgeland.hospital_trust.name == "Helgelandssykehuset HF"
    assert helgeland.regional_health_authority.name == "Helse Nord RHF"
    assert HealthCommunity.objects.get(slug="troms-ofoten").hospital_trust.name == (
        "Universitetssykehuset Nord-Norge HF"
    )
    assert Organisation.objects.filter(kind="hf").count() == 4
    assert not HealthCommunity.objects.filter(hospital_trust=None).exists()
    assert list(PriorityGroup.objects.values_list("name", flat=True)) == [
        "Barn og unge",
        "Personer med flere kroniske lidelser",
        "Personer med alvorlige psykiske lidelser og rusproblemer",
        "Skrøpelige eldre",
    ]
    assert FocusArea.objects.count() == 4
    assert Committee.objects.filter(health_community=helgeland, kind="ssu").count() == 1
    assert set(Committee.objects.filter(kind="fsu").values_list("name", flat=True)) == {
        "FSU utdanning, rekruttering og stabilisering",
        "FSU akuttmedisinsk samarbeid",
        "FSU digitale helsetjenester og e-helseløsninger",
        "FSU rehabilitering",
    }


def test_running_twice_changes_no_counts(seeded, settings):
    first = counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert counts() == first
    assert first["Application"] == 7
    assert first["User"] == 10
    assert first["Meeting"] == 3
    assert first["Project"] == 5


def test_the_board_stage_is_idempotent_too(seeded_board):
    first = counts()
    call_command("seed_demo", "--2025", "board", stdout=io.StringIO())
    assert counts() == first
    assert first["Project"] == 0


def test_the_five_2025_applications_are_submitted_with_their_figures(seeded_board):
    round_2025 = Round.objects.get(year=2025, title="RS-tilskudd 2025 (vårrunde)")
    applications = {a.title: a for a in Application.objects.filter(round=round_2025)}
    assert set(applications) == set(FIGURES_2025)
    for title, (applied, total) in FIGURES_2025.items():
        app = applications[title]
        # Screened and assessed by the demo secretariat, except one left for the formal check.
        expected = S.RECEIVED if title == demo_data.LEFT_FOR_SCREENING_2025 else S.ASSESSED
        assert app.status == expected, title
        assert app.amount_applied_nok == applied, title
        assert sum(line.amount_nok for line in app.budget_lines.all()) == total, title
        assert app.versions.count() == 1
        assert app.partner_confirmed_for.name == "Helgelandssykehuset HF"
        assert app.submitted_at.year == 2025 and app.submitted_at.month == 2
        budget = app.attachments.get(kind=Attachment.Kind.BUDGET)
        assert budget.original_name == "Budsjett.pdf"
        assert budget.file.read(5) == b"%PDF-"

    kartlegging = applications["Interkommunalt innsats- og vurderingsteam for Helgeland"]
    assert kartlegging.municipal_contribution_nok == 9_315_000 - 4_657_500
    assert {o.name for o in kartlegging.participating_municipalities.all()} == {
        "Rana kommune",
        "Alstahaug kommune",
        "Vefsn kommune",
    }
    observasjonspost = applications["Forprosjekt: Observasjonspost Sør-Helgeland"]
    assert [line.amount_nok for line in observasjonspost.budget_lines.all()] == [
        1_500_000,
        1_300_000,
        800_000,
    ]
    sykepleier = next(a for title, a in applications.items() if title.startswith("Helgelandssyk"))
    assert sykepleier.fsu.name == "FSU utdanning, rekruttering og stabilisering"
    assert sykepleier.participating_municipalities.count() == 17
    assert sykepleier.budget_lines.count() == 5
    assert sykepleier.priority_groups.count() == 4
    fremtidens = applications[
        "Fremtidens pasientforløp: Enhet for samhandling og digital oppfølging Helgeland"
    ]
    assert fremtidens.benefits.count() == 7 and fremtidens.risks.count() == 7
    assert {o.name for o in fremtidens.supporting_municipalities.all()} == {
        "Grane kommune",
        "Hattfjelldal kommune",
    }


def test_the_2025_board_is_drafted_with_the_assessed_applications(seeded_board):
    round_2025 = Round.objects.get(year=2025, title="RS-tilskudd 2025 (vårrunde)")
    board = prioritisation.board_for_round(round_2025)
    assert not board.prioritisation.is_frozen
    assert [e.application.title for e in board.regional] == list(
        round_2025.applications.filter(status=S.ASSESSED).order_by("pk").values_list("title", flat=True)
    )
    assert all(e.regional_nok == e.application.amount_applied_nok for e in board.regional)
    assert board.totals["regional"].allocated_nok == 4_657_500 + 5_000_000 + 3_600_000 + 10_000_000
    assert board.in_review == 1


def test_open_round_has_two_drafts_and_both_pots(seeded):
    open_round = Round.objects.get(year=2026, title="RS-tilskudd 2026")
    assert open_round.is_open()
    assert (open_round.forwarding_deadline - open_round.deadline).days == 31
    drafts = Application.objects.filter(round=open_round)
    assert drafts.count() == 2
    assert all(d.status == Application.Status.DRAFT and d.budget_lines.exists() for d in drafts)
    local = open_round.pots.get(kind=Pot.Kind.LOCAL)
    assert (local.amount_nok, local.carried_over_nok) == (5_000_000, 2_800_000)


def test_demo_users_and_roles(seeded):
    for user in User.objects.all():
        assert user.email.endswith("@example.no")
        assert user.check_password("demo-passord-2026")
    assert User.objects.get(email="admin@example.no").is_superuser
    seat = CommitteeMembership.objects.get(user__email="ssu.medlem@example.no")
    assert seat.committee.kind == "ssu" and seat.organisation.name == "Rana kommune"
    assert Membership.objects.filter(
        user__email="helsenord@example.no", organisation__name="Helse Nord RHF"
    ).exists()
    assert SecretariatMembership.objects.filter(user__email="sekretariat@example.no").exists()


def test_no_real_contact_persons(seeded):
    assert ContactPerson.objects.exists()
    for contact in ContactPerson.objects.all():
        assert contact.email.endswith("@example.no"), contact.email
    # Real names from the seed must not appear as contacts.
    real = [
        "Andersen",
        "Ingebrigtsen",
        "Pettersen",
        "Rølvåg",
        "Osima",
        "Tjønna",
        "Aufles",
        "Lynghaug",
        "Ditlefsen",
        "Holand",
        "Gretesdotter",
        "Bjørkmo",
        "Steinmo",
    ]
    names = " ".join(ContactPerson.objects.values_list("name", flat=True))
    assert not [name for name in real if name in names]
    texts = " ".join(str(value) for data in demo_data.APPLICATIONS_2025 for value in data.values())
    assert not [name for name in real if name in texts]


def test_the_ssu_meetings_past_and_next(seeded):
    """The meeting of 09.09.2025 (seed 001) held and minuted, with the portal's numbers: the
    second «24-2025» of the real papers became 25-2025. The next meeting is ahead, with its notice
    and papers published, so "Mine møter" has both."""
    ssu = Committee.objects.get(health_community__slug="helgeland", kind="ssu")
    extraordinary, past, upcoming = Meeting.objects.filter(committee=ssu).order_by("date")
    assert past.date.isoformat() == "2025-09-09" and past.protocol_approved_at is not None
    agenda = [(c.reference, c.title, c.status) for c in past.cases.order_by("agenda_order")]
    assert [reference for reference, _title, _status in agenda] == [f"{n}-2025" for n in range(22, 29)]
    assert agenda[1][1].startswith("Rekrutterings- og samhandlingstilskudd 2026")
    assert agenda[3][1].startswith("Orientering om status fra FSU")
    assert {status for *_rest, status in agenda} == {Case.Status.DECIDED}
    sak_23 = past.cases.get(number=23)
    assert sak_23.decision == sak_23.recommendation and "Kr 1 000 000" in sak_23.decision
    assert services.case_placeholders(sak_23) == []
    assert past.cases.get(number=26).attachments.filter(application__isnull=False).count() == 5
    assert past.attendance.filter(present=True).count() == 3

    assert upcoming.date > timezone.localdate() and upcoming.notice_published_at is not None
    assert [c.status for c in upcoming.cases.all()] == [Case.Status.PUBLISHED] * 4
    assert upcoming.cases.filter(title__startswith="Plan for orienteringer").exists()
    member = User.objects.get(email="ssu.medlem@example.no")
    lists = selectors.meeting_list_for_member(member)
    assert (lists.upcoming, lists.past) == ([upcoming], [past, extraordinary])


# --- The default demo: the 2025 round carried through to projects -------------------------------

AWARDED = {
    "Interkommunalt innsats- og vurderingsteam for Helgeland": 4_657_000,
    "Fremtidens pasientforløp: Enhet for samhandling og digital oppfølging Helgeland": 2_000_000,
    "Forprosjekt: Observasjonspost Sør-Helgeland": 3_600_000,  # 3 000 000 regional + 600 000 local
    "Forprosjekt - tverretatlig rehabilitering": 1_750_000,
    "Helgelandssykepleier – utdanning, rekruttering og stabilisering av sykepleiere på Helgeland": 10_000_000,
}


def test_the_2025_round_was_decided_in_the_ssu_forwarded_and_granted(seeded):
    round_2025 = Round.objects.get(year=2025, title="RS-tilskudd 2025 (vårrunde)")
    assert set(round_2025.applications.values_list("status", flat=True)) == {S.GRANTED}
    prio = round_2025.prioritisation
    assert prio.is_frozen and prio.is_forwarded
    case = prio.cases.get()
    assert (case.reference, case.status, case.meeting.date.isoformat()) == (
        "11-2025",
        "decided",
        "2025-03-20",
    )
    assert prio.decided_on.isoformat() == "2025-03-20" and prio.decision_reference == "11-2025"
    assert services.case_placeholders(case) == []


def test_the_five_2025_projects_with_their_money(seeded):
    projects = {p.title: p for p in Project.objects.prefetch_related("funding")}
    assert {title: sum(f.amount_nok for f in p.funding.all()) for title, p in projects.items()} == AWARDED
    assert sum(AWARDED.values()) == 22_007_000  # «22 millioner kroner fordelt på 5 prosjekt»
    sykepleier = projects[next(t for t in AWARDED if t.startswith("Helgelandssykepleier"))]
    assert [(f.year, f.amount_nok) for f in sykepleier.funding.all()] == [
        (y, 2_000_000) for y in range(2025, 2030)
    ]
    observasjonspost = projects["Forprosjekt: Observasjonspost Sør-Helgeland"]
    assert {(f.pot, f.year): f.amount_nok for f in observasjonspost.funding.all()} == {
        ("regional", 2025): 1_500_000,
        ("regional", 2026): 1_500_000,
        ("local", 2025): 600_000,
    }


def test_the_kartleggingsteam_as_seed_004_presents_it(seeded):
    project = Project.objects.get(title="Interkommunalt innsats- og vurderingsteam for Helgeland")
    assert project.owner == "SSU Helsefellesskap Helgeland"
    assert project.leader.email == "soker.rana@example.no"
    units = list(project.organisation.all())
    assert [u.kind for u in units].count(OrganisationUnit.Kind.WORKING_GROUP) == 5
    assert {u.kind for u in units} == set(OrganisationUnit.Kind.values)
    assert {g.dimension for g in project.gains.all()} == {"patient", "economy", "personnel", "technology"}
    rana = project.indicators.get(name__startswith="Utskrivningsklare døgn")
    assert (rana.baseline_value, rana.baseline_on.year) == (Decimal("49.50"), 2021)
    assert rana.measurements.first().value == Decimal("20.40")
    # Nobody from the seed's lists of participants.
    names = " ".join(u.members for u in units)
    assert not [
        name for name in ("Welling", "Grimsø", "Aaker", "Dahlberg", "Fagerli", "Rølvåg") if name in names
    ]


def test_the_follow_up_shows_every_mark(seeded):
    """Reports accepted, one waiting for the secretariat, one sent back, one overdue; projects on
    track, at risk and late."""
    statuses = set(StatusReport.objects.values_list("status", flat=True))
    assert {"accepted", "submitted", "changes_requested", "planned"} <= statuses
    marks = {project_selectors.report_mark(r)[0] for r in StatusReport.objects.all()}
    assert "overdue" in marks
    health = set(project_selectors.with_health(Project.objects.all()).values_list("health", flat=True))
    assert {"on_track", "at_risk", "late"} <= health
