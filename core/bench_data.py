"""The generated data set of the benchmarks (`manage.py bench_data`, `make bench`).

A realistic shape rather than realistic content: every helsefellesskap gets rounds (utlysninger)
with their pots, applications written from the five real applications of 2025
(applications.demo_data), with all their rows, attachment metadata, submitted versions, status
history, the formal check, Helse Nord's decisions and the board of each round; an SSU with members
and meetings whose cases include the prioritisation cases; and a project for every granted
application with money per year and pot, milestones, risks, gains, an indicator and its reporting
plan. Rows are written with bulk_create, so the large set (4 × 10 × 50 = 2 000 applications) takes
seconds, not minutes.

Rounds of a helsefellesskap, oldest first: decided rounds (granted, refused, formally rejected,
withdrawn), then the round on the secretariat's board (assessed, not frozen), then an open round
(drafts and received applications). The set is added on top of what is there: a large set after a
small one gives the same users more rounds, meetings and projects.

`generate()` returns the objects the benchmark opens (one of each page's kind, the same shape at
every scale) and `rush_drafts()` makes complete drafts for the deadline rush.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from applications import demo_data
from applications.models import (
    Application,
    ApplicationVersion,
    Attachment,
    Award,
    AwardYear,
    BenefitRow,
    BudgetLine,
    ContactPerson,
    Milestone,
    Pot,
    Prioritisation,
    PriorityEntry,
    RiskRow,
    Round,
    ScreeningCheck,
    StatusEvent,
    SubProject,
)
from applications.selectors import DETAIL_PREFETCH
from applications.services import application_snapshot
from committees.models import (
    Attendance,
    Case,
    CaseAttachment,
    CaseNumberSequence,
    Committee,
    CommitteeMembership,
    Meeting,
)
from core.models import (
    FocusArea,
    HealthCommunity,
    Membership,
    Organisation,
    PriorityGroup,
    SecretariatMembership,
    User,
)
from projects.models import (
    Funding,
    Gain,
    Indicator,
    Measurement,
    Project,
    ProjectMilestone,
    ProjectRisk,
    StatusReport,
)

OSLO = ZoneInfo("Europe/Oslo")
PASSWORD = "bench-passord-2026"
ATTACHMENT_PATH = "bench/vedlegg.pdf"
SSU_NAME = "Strategisk samarbeidsutvalg"
TEMPLATES = demo_data.APPLICATIONS_2025
S = Application.Status

# Municipalities of the other helsefellesskap (the reference data has Helgeland's only).
MUNICIPALITIES = {
    "troms-ofoten": ["Tromsø", "Harstad", "Narvik", "Senja", "Balsfjord", "Lyngen"],
    "finnmark": ["Alta", "Hammerfest", "Vadsø", "Sør-Varanger", "Karasjok", "Kautokeino"],
    "lofoten-vesteralen-salten": ["Bodø", "Vågan", "Vestvågøy", "Sortland", "Hadsel", "Fauske"],
}
# Helgeland first: the benchmark measures its pages, at every scale.
COMMUNITY_ORDER = ["helgeland", "troms-ofoten", "finnmark", "lofoten-vesteralen-salten"]


@dataclass(frozen=True)
class Scale:
    communities: int
    rounds: int  # per helsefellesskap: decided rounds, then the board's round, then an open one
    applications: int  # per round
    meetings: int  # per helsefellesskap
    projects: int  # per helsefellesskap (granted applications of the decided rounds)


SCALES = {
    # One decided round (for projects), the board's round and the open round.
    "small": Scale(communities=1, rounds=3, applications=5, meetings=3, projects=2),
    "large": Scale(communities=4, rounds=10, applications=50, meetings=50, projects=75),
}


def tiny_pdf() -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _at(day: dt.date, hour: int = 12) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=OSLO)


def _quarter_end(day: dt.date) -> dt.date:
    month = ((day.month - 1) // 3 + 1) * 3
    following = dt.date(day.year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def generate(scale_name: str) -> dict:
    """Adds the data set of the scale and returns what the benchmark measures."""
    scale = SCALES[scale_name]
    today = timezone.localdate()
    if not default_storage.exists(ATTACHMENT_PATH):
        default_storage.save(ATTACHMENT_PATH, ContentFile(tiny_pdf()))
    password = make_password(PASSWORD)
    groups = list(PriorityGroup.objects.order_by("order"))
    areas = list(FocusArea.objects.order_by("order"))
    helse_nord = Organisation.objects.get(kind=Organisation.Kind.REGIONAL_HEALTH_AUTHORITY)
    reader = _user("bench.helsenord@example.no", "Helse Nord", "Leser", password)
    Membership.objects.get_or_create(user=reader, organisation=helse_nord)
    targets: dict = {"scale": scale_name, "helse_nord": reader.email}
    for index, slug in enumerate(COMMUNITY_ORDER[: scale.communities]):
        with transaction.atomic():
            result = _community(slug, scale, today, password, groups, areas)
        if index == 0:
            targets.update(result)
    return targets


def _user(email: str, first: str, last: str, password: str, job_title: str = "") -> User:
    user, created = User.objects.get_or_create(
        email=email, defaults={"first_name": first, "last_name": last, "job_title": job_title}
    )
    if created:
        user.password = password
        user.save(update_fields=["password"])
    return user


def _community(slug, scale: Scale, today, password, groups, areas) -> dict:
    community = HealthCommunity.objects.select_related("hospital_trust").get(slug=slug)
    trust = community.hospital_trust
    for name in MUNICIPALITIES.get(slug, []):
        Organisation.objects.get_or_create(
            name=f"{name} kommune",
            defaults={
                "kind": Organisation.Kind.MUNICIPALITY,
                "short_name": name,
                "health_community": community,
            },
        )
    municipalities = list(
        Organisation.objects.filter(health_community=community, kind=Organisation.Kind.MUNICIPALITY).order_by(
            "name"
        )
    )

    # People: an applicant in each of the first municipalities and in the hospital trust, the
    # secretariat, and the SSU (chair from the trust, the others representing municipalities).
    applicants = []
    for i, org in enumerate([*municipalities[:6], trust], start=1):
        user = _user(f"bench.soker.{slug}.{i}@example.no", "Søker", f"{org.short_name or org.name}", password)
        Membership.objects.get_or_create(user=user, organisation=org)
        applicants.append(user)
    applicant_for = {m.organisation_id: m.user for m in Membership.objects.filter(user__in=applicants)}
    secretary = _user(f"bench.sekretariat.{slug}@example.no", "Sekretær", community.name, password)
    SecretariatMembership.objects.get_or_create(user=secretary, health_community=community)
    ssu, _ = Committee.objects.get_or_create(
        health_community=community, name=SSU_NAME, defaults={"kind": Committee.Kind.SSU}
    )
    seats = []
    roles = [
        (CommitteeMembership.Role.CHAIR, trust),
        (CommitteeMembership.Role.DEPUTY_CHAIR, municipalities[0]),
        (CommitteeMembership.Role.MEMBER, municipalities[1]),
        (CommitteeMembership.Role.MEMBER, municipalities[2]),
        (CommitteeMembership.Role.MEMBER, municipalities[3]),
    ]
    for i, (role, org) in enumerate(roles, start=1):
        user = _user(f"bench.ssu.{slug}.{i}@example.no", "SSU-medlem", str(i), password)
        seat, _ = CommitteeMembership.objects.get_or_create(
            committee=ssu, user=user, defaults={"role": role, "organisation": org}
        )
        seats.append(seat)

    rounds = _rounds(community, scale, today)
    apps_by_round = _applications(rounds, scale, municipalities, trust, applicant_for, groups, areas, today)
    _versions([a for apps in apps_by_round for a in apps if a.status != S.DRAFT])
    _decisions(rounds, apps_by_round, secretary)
    granted = [a for apps in apps_by_round for a in apps if a.status == S.GRANTED]
    _projects(community, granted, applicant_for, secretary, today)
    measured_meeting = _meetings(ssu, seats, secretary, rounds, apps_by_round, scale, today)

    board_round = rounds[-2]
    open_round = rounds[-1]
    return {
        "applicant": applicants[0].email,
        "application": apps_by_round[-2][0].pk,
        "secretariat": secretary.email,
        "inbox_round": board_round.pk,
        "board_round": board_round.pk,
        "open_round": open_round.pk,
        "committee_member": seats[2].user.email,
        "meeting": measured_meeting.pk,
        "health_community": community.slug,
    }


# --- Rounds and applications ----------------------------------------------------------------------


def _rounds(community, scale: Scale, today) -> list[Round]:
    rounds = []
    decided = scale.rounds - 2
    for r in range(scale.rounds):
        if r < decided:
            year = today.year - (decided - r)
            opens, deadline, forwarding = dt.date(year - 1, 10, 1), dt.date(year, 3, 1), dt.date(year, 4, 1)
        elif r == decided:  # on the board
            year = today.year
            opens, deadline = today - dt.timedelta(days=120), today - dt.timedelta(days=30)
            forwarding = today + dt.timedelta(days=14)
        else:  # open
            year = today.year + 1
            opens, deadline = today - dt.timedelta(days=60), today + dt.timedelta(days=30)
            forwarding = deadline + dt.timedelta(days=31)
        rounds.append(
            Round(
                health_community=community,
                year=year,
                title=f"Rekrutterings- og samhandlingstilskudd {year}",
                opens_on=opens,
                deadline=deadline,
                forwarding_deadline=forwarding,
            )
        )
    Round.objects.bulk_create(rounds)
    Pot.objects.bulk_create(
        [
            pot
            for round_ in rounds
            for pot in (
                Pot(round=round_, kind=Pot.Kind.LOCAL, amount_nok=5_000_000, carried_over_nok=1_200_000),
                Pot(round=round_, kind=Pot.Kind.REGIONAL, amount_nok=90_000_000),
            )
        ]
    )
    return rounds


def _status(r: int, i: int, scale: Scale) -> str:
    decided = scale.rounds - 2
    if r < decided:
        # The projects are spread over the decided rounds: the first rounds grant one more.
        grants = scale.projects // decided + (1 if r < scale.projects % decided else 0)
        if i < grants:
            return S.GRANTED
        if i % 7 == 6:
            return S.REJECTED_FORMAL
        if i % 11 == 10:
            return S.WITHDRAWN
        return S.REFUSED
    if r == decided:
        return S.REJECTED_FORMAL if i % 10 == 9 else S.ASSESSED
    return S.RECEIVED if i % 2 == 0 else S.DRAFT


def _applications(rounds, scale, municipalities, trust, applicant_for, groups, areas, today):
    apps_by_round = []
    data_of = {}
    for r, round_ in enumerate(rounds):
        apps = []
        for i in range(scale.applications):
            data = TEMPLATES[i % len(TEMPLATES)]
            # Every tenth is led by the hospital trust; the first always by the first municipality.
            lead = trust if i % 10 == 7 else municipalities[i % len(municipalities)]
            status = _status(r, i, scale)
            submitted = (
                None if status == S.DRAFT else _at(min(round_.deadline, today) - dt.timedelta(days=2 + i % 9))
            )
            app = Application(
                round=round_,
                status=status,
                lead_organisation=lead,
                title=f"{data['title']} ({round_.year}-{i + 1})"[:300],
                hospital_trust=trust,
                created_by=applicant_for.get(lead.pk),
                submitted_at=submitted,
                last_submitted_at=submitted,
                partner_confirmed_at=submitted - dt.timedelta(hours=3) if submitted else None,
                partner_confirmed_by=applicant_for.get(trust.pk) if submitted else None,
                partner_confirmed_for=trust if submitted else None,
                **{field: data[field] for field in demo_data.APPLICATION_FIELDS if field != "title"},
            )
            apps.append(app)
            data_of[id(app)] = data
        apps_by_round.append(apps)
    all_apps = [a for apps in apps_by_round for a in apps]
    Application.objects.bulk_create(all_apps, batch_size=500)

    owners, participating, pgroups, fareas = [], [], [], []
    contacts, benefits, risks, budget, milestones, subprojects, attachments, events = ([] for _ in range(8))
    group_by_name = {g.name: g for g in groups}
    area_by_name = {a.name: a for a in areas}
    for app in all_apps:
        data = data_of[id(app)]
        pk = app.pk
        owners.append(Application.owners.through(application_id=pk, organisation_id=app.lead_organisation_id))
        muni_ids = [m.pk for m in municipalities[(pk % len(municipalities)) :][:2]] or [municipalities[0].pk]
        if app.lead_organisation_id != trust.pk and app.lead_organisation_id not in muni_ids:
            muni_ids.append(app.lead_organisation_id)
        participating += [
            Application.participating_municipalities.through(application_id=pk, organisation_id=m)
            for m in muni_ids
        ]
        pgroups += [
            Application.priority_groups.through(application_id=pk, prioritygroup_id=group_by_name[n].pk)
            for n in data["priority_groups"]
        ]
        fareas += [
            Application.focus_areas.through(application_id=pk, focusarea_id=area_by_name[n].pk)
            for n in data["focus_areas"]
        ]
        contacts += [
            ContactPerson(application_id=pk, order=o, **row) for o, row in enumerate(data["contacts"])
        ]
        benefits += [BenefitRow(application_id=pk, order=o, **row) for o, row in enumerate(data["benefits"])]
        risks += [
            RiskRow(application_id=pk, order=o, factor=f, level=level, mitigation=m)
            for o, (f, level, m) in enumerate(data["risks"])
        ]
        budget += [
            BudgetLine(application_id=pk, order=o, cost_item=c, period=p, amount_nok=a)
            for o, (c, p, a) in enumerate(data["budget_lines"])
        ]
        milestones += [
            Milestone(application_id=pk, order=o, title=t, due_quarter=q)
            for o, (t, q) in enumerate(data["milestones"])
        ]
        subprojects += [
            SubProject(application_id=pk, order=o, title=t, description=d)
            for o, (t, d) in enumerate(data["subprojects"])
        ]
        uploader = app.created_by_id
        for kind, name in (
            (Attachment.Kind.BUDGET, "Budsjett.pdf"),
            (Attachment.Kind.SIGNED_AGREEMENT, "Avtale.pdf"),
        ):
            attachments.append(
                Attachment(
                    application_id=pk,
                    kind=kind,
                    file=ATTACHMENT_PATH,
                    original_name=name,
                    content_type="application/pdf",
                    size_bytes=48_213 + pk % 1000,
                    sha256=hashlib.sha256(f"{pk}{kind}".encode()).hexdigest(),
                    uploaded_by_id=uploader,
                )
            )
        events.append(StatusEvent(application_id=pk, actor_id=uploader, from_status="", to_status=S.DRAFT))
        if app.status != S.DRAFT:
            events.append(
                StatusEvent(
                    application_id=pk,
                    actor_id=uploader,
                    from_status=S.DRAFT,
                    to_status=S.RECEIVED,
                    reason="Versjon 1 sendt inn",
                )
            )
    for model, rows in (
        (Application.owners.through, owners),
        (Application.participating_municipalities.through, participating),
        (Application.priority_groups.through, pgroups),
        (Application.focus_areas.through, fareas),
        (ContactPerson, contacts),
        (BenefitRow, benefits),
        (RiskRow, risks),
        (BudgetLine, budget),
        (Milestone, milestones),
        (SubProject, subprojects),
        (Attachment, attachments),
        (StatusEvent, events),
    ):
        model.objects.bulk_create(rows, batch_size=1000)
    return apps_by_round


def _versions(submitted: list[Application]) -> None:
    """Version 1 of every submitted application, from the real snapshot (the receipt PDF itself is
    not rendered: its file would be the same for the pages the benchmark opens)."""
    versions = []
    for start in range(0, len(submitted), 200):
        batch = {a.pk: a for a in submitted[start : start + 200]}
        loaded = Application.objects.filter(pk__in=batch).select_related(
            "round__health_community",
            "lead_organisation",
            "hospital_trust",
            "fsu",
            "partner_confirmed_by",
            "partner_confirmed_for",
        )
        for app in loaded.prefetch_related(*DETAIL_PREFETCH):
            versions.append(
                ApplicationVersion(
                    application=app,
                    number=1,
                    submitted_at=app.submitted_at,
                    submitted_by_id=app.created_by_id,
                    snapshot=application_snapshot(app),
                    pdf=ATTACHMENT_PATH,
                    pdf_status=ApplicationVersion.PdfStatus.READY,
                    receipt_sent_at=app.submitted_at,
                )
            )
    ApplicationVersion.objects.bulk_create(versions, batch_size=200)


# --- The secretariat's work and Helse Nord's decisions -------------------------------------------


def _decisions(rounds, apps_by_round, secretary) -> None:
    checks, events, entries, awards, years = [], [], [], [], []
    boards = [Prioritisation(round=round_) for round_ in rounds[:-1]]
    decided = len(rounds) - 2
    for r, board in enumerate(boards):
        if r < decided:
            year = rounds[r].year
            board.frozen_at = _at(dt.date(year, 3, 12))
            board.frozen_by = secretary
            board.decided_on = dt.date(year, 3, 20)
            board.decision_reference = f"11-{year}"
            board.forwarded_at = _at(dt.date(year, 3, 27))
            board.forwarded_by = secretary
        board.updated_by = secretary
    Prioritisation.objects.bulk_create(boards)
    for r, apps in enumerate(apps_by_round[:-1]):
        rank = 0
        for app in apps:
            checks += [
                ScreeningCheck(
                    application_id=app.pk,
                    item=item,
                    passed=app.status != S.REJECTED_FORMAL or item != ScreeningCheck.Item.BUDGET,
                    checked_by=secretary,
                )
                for item in ScreeningCheck.Item.values
            ]
            path = [S.RECEIVED, S.UNDER_REVIEW]
            if app.status in (S.REJECTED_FORMAL, S.WITHDRAWN):
                path.append(app.status)
            else:
                path.append(S.ASSESSED)
                if r < decided:
                    path += [S.PRIORITISED, S.FORWARDED, app.status]
            events += [
                StatusEvent(application_id=app.pk, actor=secretary, from_status=a, to_status=b)
                for a, b in zip(path, path[1:], strict=False)
            ]
            if app.status in (S.ASSESSED, S.GRANTED, S.REFUSED):
                rank += 1
                regional = app.amount_applied_nok if rank <= 8 else 0
                entries.append(
                    PriorityEntry(
                        prioritisation=boards[r],
                        application_id=app.pk,
                        regional_rank=rank,
                        regional_nok=regional,
                        local_rank=rank,
                        local_nok=0 if regional else min(400_000, app.amount_applied_nok),
                    )
                )
            if r < decided and app.status in (S.GRANTED, S.REFUSED):
                award = Award(
                    application_id=app.pk,
                    granted=app.status == S.GRANTED,
                    decided_at=_at(dt.date(rounds[r].year, 6, 16)),
                    reason="" if app.status == S.GRANTED else "Ikke prioritert innenfor rammen.",
                )
                awards.append(award)
    StatusEvent.objects.bulk_create(events, batch_size=1000)
    ScreeningCheck.objects.bulk_create(checks, batch_size=1000)
    PriorityEntry.objects.bulk_create(entries, batch_size=1000)
    Award.objects.bulk_create(awards, batch_size=1000)
    amount_of = {a.pk: a.amount_applied_nok for apps in apps_by_round for a in apps if a.status == S.GRANTED}
    year_of = {a.pk: a.round.year for apps in apps_by_round for a in apps}
    for award in awards:
        if award.granted:
            per_year = amount_of[award.application_id] // 3
            years += [
                AwardYear(award=award, year=year_of[award.application_id] + k, amount_nok=per_year)
                for k in range(3)
            ]
    AwardYear.objects.bulk_create(years, batch_size=1000)


# --- Projects ----------------------------------------------------------------------------------------


def _projects(community, granted, applicant_for, secretary, today) -> None:
    projects = []
    for n, app in enumerate(granted):
        starts = dt.date(app.round.year, 7, 1)
        ends = dt.date(app.round.year + 3, 6, 30)
        state = Project.State.ACTIVE
        if ends < today:
            state = Project.State.COMPLETED
        elif n % 23 == 22:
            state = Project.State.STOPPED
        projects.append(
            Project(
                application=app,
                health_community=community,
                title=app.title,
                owner=app.lead_organisation.name,
                leader=applicant_for.get(app.lead_organisation_id),
                starts_on=starts,
                ends_on=ends,
                state=state,
                target_group="Pasienter med behov for tjenester fra både kommunen og sykehuset.",
                goals="Færre unødvendige innleggelser\nTryggere overganger mellom nivåene",
                main_measures="Felles kartlegging før utskrivning\nOppfølging i hjemmet",
                created_by=secretary,
            )
        )
    Project.objects.bulk_create(projects, batch_size=500)
    funding, milestones, risks, gains, indicators, reports = [], [], [], [], [], []
    for n, project in enumerate(projects):
        year = project.starts_on.year
        amount = project.application.amount_applied_nok // 3
        funding += [
            Funding(project=project, year=year + k, pot=Pot.Kind.REGIONAL, amount_nok=amount)
            for k in range(3)
        ]
        funding.append(Funding(project=project, year=year, pot=Pot.Kind.LOCAL, amount_nok=250_000))
        for k in range(4):
            due = _quarter_end(project.starts_on + dt.timedelta(days=200 * (k + 1)))
            done = due if due < today and (n + k) % 5 else None
            milestones.append(
                ProjectMilestone(
                    project=project, title=f"Milepæl {k + 1}", due_on=due, completed_on=done, order=k
                )
            )
        risks += [
            ProjectRisk(
                project=project,
                factor="Rekruttering av fagpersoner",
                level="høy" if n % 6 == 0 else "middels",
                mitigation="Felles stillinger og tidlig utlysning.",
                order=0,
            ),
            ProjectRisk(project=project, factor="Forsinket IKT-løsning", level="lav", order=1),
        ]
        gains += [
            Gain(project=project, dimension=Gain.Dimension.PATIENT, text="Færre reinnleggelser", order=0),
            Gain(project=project, dimension=Gain.Dimension.ECONOMY, text="Færre liggedøgn", order=1),
        ]
        indicators.append(
            Indicator(
                project=project,
                name="Utskrivningsklare døgn per 1000 innbyggere",
                unit="døgn per 1000 innbyggere",
                baseline_value=49.5,
                baseline_on=project.starts_on,
                target_value=20.4,
                target_on=project.ends_on,
                direction=Indicator.Direction.DOWN,
                source=Indicator.Source.HOSPITAL,
                frequency=Indicator.Frequency.HALF_YEARLY,
            )
        )
        # The reporting plan: half-yearly to the SSU, due at the end of the following month.
        start = project.starts_on
        k = 0
        while start < project.ends_on:
            half_end = dt.date(start.year, 6, 30) if start.month <= 6 else dt.date(start.year, 12, 31)
            end = min(project.ends_on, half_end)
            due = end + dt.timedelta(days=31)
            if due < today - dt.timedelta(days=60):
                status, submitted = StatusReport.Status.ACCEPTED, _at(due - dt.timedelta(days=3))
            elif due < today:
                status = StatusReport.Status.SUBMITTED if k % 2 else StatusReport.Status.DRAFT
                submitted = _at(due - dt.timedelta(days=1)) if k % 2 else None
            else:
                status, submitted = StatusReport.Status.PLANNED, None
            reports.append(
                StatusReport(
                    project=project,
                    kind=StatusReport.Kind.SSU,
                    period_start=start,
                    period_end=end,
                    due_on=due,
                    status=status,
                    progress="Arbeidet går etter planen." if submitted else "",
                    submitted_at=submitted,
                    submitted_by=project.leader if submitted else None,
                    reviewed_at=submitted if status == StatusReport.Status.ACCEPTED else None,
                    reviewed_by=secretary if status == StatusReport.Status.ACCEPTED else None,
                )
            )
            start = end + dt.timedelta(days=1)
            k += 1
    Funding.objects.bulk_create(funding, batch_size=1000)
    ProjectMilestone.objects.bulk_create(milestones, batch_size=1000)
    ProjectRisk.objects.bulk_create(risks, batch_size=1000)
    Gain.objects.bulk_create(gains, batch_size=1000)
    Indicator.objects.bulk_create(indicators, batch_size=1000)
    StatusReport.objects.bulk_create(reports, batch_size=1000)
    Measurement.objects.bulk_create(
        [
            Measurement(
                indicator=indicator, measured_on=indicator.baseline_on + dt.timedelta(days=365 * k), value=v
            )
            for indicator in indicators
            for k, v in ((1, 41.0), (2, 33.5))
            if indicator.baseline_on + dt.timedelta(days=365 * k) < today
        ],
        batch_size=1000,
    )


# --- Meetings and cases ------------------------------------------------------------------------------


def _meetings(ssu, seats, secretary, rounds, apps_by_round, scale: Scale, today) -> Meeting:
    """The SSU's meetings, spread evenly from the first round to the next meeting (three weeks
    ahead). Past meetings are held and minuted; each decided round's board is decided in the last
    meeting before its forwarding (a prioritisation case with the applications as attachments).
    Returns the meeting of the newest prioritisation case, the one the benchmark opens."""
    first = dt.date(rounds[0].year - 1, 9, 1)
    upcoming = today + dt.timedelta(days=21)
    span = (upcoming - first).days
    dates = [first + dt.timedelta(days=span * k // max(1, scale.meetings - 1)) for k in range(scale.meetings)]
    dates[-1] = upcoming
    decided = len(rounds) - 2
    boards = {p.round_id: p for p in Prioritisation.objects.filter(round__in=rounds[:decided])}
    # The prioritisation meeting of each decided round: the last meeting on or before its decision.
    prioritisation_meeting = {}
    for r in range(decided):
        decided_on = dt.date(rounds[r].year, 3, 20)
        before = [k for k, day in enumerate(dates) if day <= decided_on]
        if before:
            prioritisation_meeting.setdefault(before[-1], r)
        else:
            prioritisation_meeting.setdefault(0, r)

    meetings = []
    for day in dates:
        past = day < today
        meetings.append(
            Meeting(
                committee=ssu,
                date=day,
                starts_at=dt.time(9, 0),
                ends_at=dt.time(13, 0),
                place="Mosjøen, Helgelandssykehuset" if ssu.health_community.slug == "helgeland" else "Teams",
                notice_published_at=_at(day - dt.timedelta(days=14)),
                protocol_approved_at=_at(day + dt.timedelta(days=7))
                if past and day + dt.timedelta(days=7) < today
                else None,
                protocol_approved_by=secretary if past else None,
            )
        )
    Meeting.objects.bulk_create(meetings)

    numbers = dict(
        Case.objects.filter(committee=ssu)
        .values_list("year")
        .annotate(n=Max("number"))
        .values_list("year", "n")
    )

    def number(year: int) -> int:
        numbers[year] = numbers.get(year, 0) + 1
        return numbers[year]

    cases, attachments, attendance = [], [], []
    measured = None
    for k, meeting in enumerate(meetings):
        past = meeting.date < today
        status = Case.Status.DECIDED if past else Case.Status.PUBLISHED
        year = meeting.date.year
        plan = [
            (Case.Standing.AGENDA, Case.Kind.DECISION, "Godkjenning av innkalling og saksliste", None),
            (Case.Standing.ORIENTATIONS, Case.Kind.INFORMATION, "Orienteringer fra sekretariatet", None),
        ]
        if k in prioritisation_meeting:
            r = prioritisation_meeting[k]
            plan.append(
                ("", Case.Kind.DECISION, f"Prioritering av søknader om RS-tilskudd {rounds[r].year}", r)
            )
        plan += [
            ("", Case.Kind.DECISION, "Handlingsplan for helsefellesskapet – revisjon", None),
            ("", Case.Kind.INFORMATION, "Orientering om status i prosjektene", None),
            (Case.Standing.OTHER_BUSINESS, Case.Kind.INFORMATION, "Eventuelt", None),
        ]
        for order, (standing, kind, title, r) in enumerate(plan, start=1):
            case = Case(
                committee=ssu,
                year=year,
                number=number(year),
                meeting=meeting,
                agenda_order=order,
                kind=kind,
                standing=standing,
                generated=Case.Generated.PRIORITISATION if r is not None else "",
                prioritisation=boards[rounds[r].pk] if r is not None else None,
                title=title,
                recommendation="Saken tas til orientering."
                if kind == Case.Kind.INFORMATION
                else "SSU slutter seg til sekretariatets forslag.",
                background=demo_data.APPLICATIONS_2025[order % 5]["summary"][:1500],
                assessment="Sekretariatet anbefaler at forslaget vedtas.",
                status=status,
                published_at=meeting.notice_published_at,
                decision="Som innstillingen." if past else "",
                decided_at=_at(meeting.date, 11) if past else None,
                created_by=secretary,
            )
            cases.append(case)
            if r is not None:
                on_board = [a for a in apps_by_round[r] if a.status in (S.GRANTED, S.REFUSED)]
                attachments += [
                    CaseAttachment(case=case, order=n, title=f"Søknad: {a.title}", application_id=a.pk)
                    for n, a in enumerate(on_board, start=1)
                ]
                measured = meeting
        if past:
            attendance += [
                Attendance(meeting=meeting, membership=seat, present=(k + s) % 7 != 0)
                for s, seat in enumerate(seats)
            ]
    Case.objects.bulk_create(cases, batch_size=1000)
    CaseAttachment.objects.bulk_create(attachments, batch_size=1000)
    Attendance.objects.bulk_create(attendance, batch_size=1000)
    for year, last in numbers.items():
        CaseNumberSequence.objects.update_or_create(committee=ssu, year=year, defaults={"last_number": last})
    return measured or meetings[-2]


# --- The deadline rush -------------------------------------------------------------------------------


def rush_drafts(count: int, slug: str = "helgeland") -> list[dict]:
    """`count` applicants, each with their own complete draft in the newest open round of the
    helsefellesskap: ready to be sent in with one click."""
    community = HealthCommunity.objects.select_related("hospital_trust").get(slug=slug)
    round_ = next(
        r for r in Round.objects.filter(health_community=community).order_by("-deadline") if r.is_open()
    )
    trust = community.hospital_trust
    municipalities = list(
        Organisation.objects.filter(health_community=community, kind=Organisation.Kind.MUNICIPALITY).order_by(
            "name"
        )
    )
    groups = list(PriorityGroup.objects.order_by("order"))
    areas = list(FocusArea.objects.order_by("order"))
    password = make_password(PASSWORD)
    tag = f"{Application.objects.count()}"
    users = []
    with transaction.atomic():
        for i in range(count):
            org = municipalities[i % len(municipalities)]
            user = _user(f"bench.frist.{tag}.{i + 1}@example.no", "Søker", f"frist {i + 1}", password)
            Membership.objects.get_or_create(user=user, organisation=org)
            users.append((user, org))
        apps = []
        for i, (user, org) in enumerate(users):
            data = TEMPLATES[0]
            apps.append(
                Application(
                    round=round_,
                    status=S.DRAFT,
                    lead_organisation=org,
                    title=f"{data['title']} (frist {i + 1})",
                    hospital_trust=trust,
                    created_by=user,
                    partner_confirmed_at=timezone.now(),
                    partner_confirmed_for=trust,
                    **{field: data[field] for field in demo_data.APPLICATION_FIELDS if field != "title"},
                )
            )
        _rows_for(apps, groups, areas)
    return [
        {"email": user.email, "application": app.pk} for (user, _org), app in zip(users, apps, strict=True)
    ]


def _rows_for(apps, groups, areas) -> None:
    """Writes the applications and their rows (the rush drafts: one template, all complete)."""
    Application.objects.bulk_create(apps)
    data = TEMPLATES[0]
    group_by_name = {g.name: g for g in groups}
    area_by_name = {a.name: a for a in areas}
    owners, participating, pg, fa, rows, attachments, events = [], [], [], [], [], [], []
    for app in apps:
        pk = app.pk
        owners.append(Application.owners.through(application_id=pk, organisation_id=app.lead_organisation_id))
        participating.append(
            Application.participating_municipalities.through(
                application_id=pk, organisation_id=app.lead_organisation_id
            )
        )
        pg += [
            Application.priority_groups.through(application_id=pk, prioritygroup_id=group_by_name[n].pk)
            for n in data["priority_groups"]
        ]
        fa += [
            Application.focus_areas.through(application_id=pk, focusarea_id=area_by_name[n].pk)
            for n in data["focus_areas"]
        ]
        rows += [ContactPerson(application_id=pk, order=o, **row) for o, row in enumerate(data["contacts"])]
        rows += [BenefitRow(application_id=pk, order=o, **row) for o, row in enumerate(data["benefits"])]
        rows += [
            RiskRow(application_id=pk, order=o, factor=f, level=level, mitigation=m)
            for o, (f, level, m) in enumerate(data["risks"])
        ]
        rows += [
            BudgetLine(application_id=pk, order=o, cost_item=c, period=p, amount_nok=a)
            for o, (c, p, a) in enumerate(data["budget_lines"])
        ]
        rows += [
            Milestone(application_id=pk, order=o, title=t, due_quarter=q)
            for o, (t, q) in enumerate(data["milestones"])
        ]
        attachments.append(
            Attachment(
                application_id=pk,
                kind=Attachment.Kind.BUDGET,
                file=ATTACHMENT_PATH,
                original_name="Budsjett.pdf",
                content_type="application/pdf",
                size_bytes=48_213,
                sha256=hashlib.sha256(str(pk).encode()).hexdigest(),
                uploaded_by_id=app.created_by_id,
            )
        )
        events.append(
            StatusEvent(application_id=pk, actor_id=app.created_by_id, from_status="", to_status=S.DRAFT)
        )
    for model, batch in (
        (Application.owners.through, owners),
        (Application.participating_municipalities.through, participating),
        (Application.priority_groups.through, pg),
        (Application.focus_areas.through, fa),
        (Attachment, attachments),
        (StatusEvent, events),
    ):
        model.objects.bulk_create(batch)
    for model in (ContactPerson, BenefitRow, RiskRow, BudgetLine, Milestone):
        model.objects.bulk_create([row for row in rows if isinstance(row, model)])


def counts() -> dict[str, int]:
    return {
        "applications": Application.objects.count(),
        "attachments": Attachment.all_objects.count(),
        "meetings": Meeting.objects.count(),
        "cases": Case.objects.count(),
        "projects": Project.objects.count(),
        "reports": StatusReport.objects.count(),
    }
