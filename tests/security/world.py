"""The world of the permission matrix (test_permission_matrix.py): the ten roles and an object for
every URL kwarg, built once through the services where they exist (so each object is in a state
the portal can reach) and by the builders of the other test packages.

- Org A is Rana kommune, org B Vefsn kommune; the applications are org A's.
- `received`: sent in to the open round of Helgeland (status «mottatt», still editable), with an
  attachment; `draft`: a draft in the same round.
- `forwarded`: sent in to a round that has closed, assessed, on the board, frozen, decided by the
  SSU and forwarded to Helse Nord («videresendt»); its version PDF and the round's package are
  ready. The committee case `case` has it as a Vedlegg, so the SSU member who represents Rana
  kommune is inhabil there.
- `meeting`: an SSU meeting, published, with the published `case` (an uploaded attachment too) and
  a draft case; `held`: an SSU meeting held today with its protocol approved.
- `project`: org A's granted project with an indicator, a planned and a submitted status report.
- `notification`: one of applicant A's own notifications."""

import datetime as dt
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.utils import timezone

from applications import prioritisation
from applications.models import Application, ApplicationVersion, Attachment, ForwardingPackage, Round
from applications.services import application_confirm_partnership, application_submit
from committees import services as committee_services
from committees.models import CaseAttachment, CommitteeMembership
from notifications.models import Kind
from notifications.services import notify
from projects import services as project_services
from projects.models import StatusReport
from tests.committees import world as committees
from tests.factories import MINIMAL_PDF, RoundFactory, UserFactory, make_application, org
from tests.projects import world as projects

# The ten roles, in the order the matrix lists them.
ANON = "anon"
APPLICANT_A = "a"  # staff of org A (Rana kommune), a party to every application in the world
APPLICANT_B = "b"  # staff of org B (Vefsn kommune), a party to none
SECRETARIAT = "sec"  # the secretariat of Helsefellesskap Helgeland
OTHER_SECRETARIAT = "osec"  # the secretariat of Helsefellesskap Finnmark
COMMITTEE = "ssu"  # a seat in the SSU of Helgeland (representing Brønnøy kommune)
OTHER_COMMITTEE = "fsu"  # a seat in an FSU of Helgeland only
INHABIL = "inhabil"  # a seat in the SSU of Helgeland representing org A: inhabil in `case`
HELSE_NORD = "hn"  # staff of Helse Nord RHF
ADMIN = "admin"  # is_staff and is_superuser, no other relation

ROLES = (
    ANON,
    APPLICANT_A,
    APPLICANT_B,
    SECRETARIAT,
    OTHER_SECRETARIAT,
    COMMITTEE,
    OTHER_COMMITTEE,
    INHABIL,
    HELSE_NORD,
    ADMIN,
)

# The smallest valid ZIP (an empty archive): enough for a package that is ready to download.
EMPTY_ZIP = b"PK\x05\x06" + b"\x00" * 18


@dataclass
class World:
    users: dict
    open_round: Round
    received: Application
    received_attachment: Attachment
    draft: Application
    closed_round: Round
    forwarded: Application
    forwarded_attachment: Attachment
    package: ForwardingPackage
    ssu: object
    meeting: object
    case: object
    upload: CaseAttachment
    application_attachment: CaseAttachment
    draft_case: object
    held: object
    project: object
    indicator: object
    planned: StatusReport
    submitted_report: StatusReport
    notification: object
    extra: dict = field(default_factory=dict)


def _users() -> dict:
    ssu, fsu = committees.ssu(), committees.fsu()
    return {
        ANON: None,
        APPLICANT_A: UserFactory(email="soker.a@example.no", organisations=[org("Rana kommune")]),
        APPLICANT_B: UserFactory(email="soker.b@example.no", organisations=[org("Vefsn kommune")]),
        SECRETARIAT: committees.secretary(),
        OTHER_SECRETARIAT: committees.secretary("sekretariat.finnmark@example.no", community="finnmark"),
        COMMITTEE: committees.member(ssu, "ssu.medlem@example.no", "Brønnøy kommune"),
        OTHER_COMMITTEE: committees.member(fsu, "fsu.medlem@example.no", "Vefsn kommune"),
        INHABIL: committees.member(ssu, "ssu.inhabil@example.no", "Rana kommune"),
        HELSE_NORD: committees.helse_nord_reader(),
        ADMIN: UserFactory(email="admin@example.no", is_staff=True, is_superuser=True),
    }


def _sent_in(round_, applicant, partner, title):
    application = make_application(
        round=round_, lead=org("Rana kommune"), actor=applicant, complete=True, title=title
    )
    application_confirm_partnership(application=application, actor=partner)
    application_submit(application=application, actor=applicant, notify=False)
    application.refresh_from_db()
    return application


def _ready_pdf(application) -> None:
    version = ApplicationVersion.objects.get(application=application, number=1)
    version.pdf.save("soknad-v1.pdf", ContentFile(MINIMAL_PDF), save=False)
    version.pdf_status = ApplicationVersion.PdfStatus.READY
    version.save()


def _forwarded(users, partner):
    """An application of org A through the whole intake: sent in, assessed, ranked on a frozen
    board, decided by the SSU and forwarded; the package is ready."""
    secretary = users[SECRETARIAT]
    round_ = RoundFactory(title="RS-tilskudd 2027 Helgeland (videresendt)")
    application = _sent_in(round_, users[APPLICANT_A], partner, "Kartleggingsteam Rana")
    _ready_pdf(application)
    # The deadline passes and the secretariat has assessed it (review has its own tests).
    deadline = timezone.localdate() - dt.timedelta(days=10)
    Round.objects.filter(pk=round_.pk).update(opens_on=deadline - dt.timedelta(days=60), deadline=deadline)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.ASSESSED)
    round_.refresh_from_db()

    def version():
        return prioritisation.prioritisation_sync(round_).version

    prioritisation.board_freeze(round_=round_, actor=secretary, version=version())
    prioritisation.board_record_decision(
        round_=round_,
        actor=secretary,
        version=version(),
        decided_on=timezone.localdate(),
        reference="31-2027",
    )
    package = prioritisation.round_forward(round_=round_, actor=secretary, version=version())
    package.file.save("rs-2027-helgeland.zip", ContentFile(EMPTY_ZIP), save=False)
    package.status = ForwardingPackage.Status.READY
    package.size_bytes = len(EMPTY_ZIP)
    package.finished_at = timezone.now()
    package.save()
    application.refresh_from_db()
    assert application.status == Application.Status.FORWARDED
    return round_, application, package


def _meetings(users, forwarded):
    secretary = users[SECRETARIAT]
    ssu = committees.ssu()
    meeting = committees.meeting(ssu, secretary, published=True)
    case = committees.case(meeting, secretary, publish=True)
    upload = CaseAttachment(case=case, order=1, title="Handlingsplan", content_type="application/pdf")
    upload.file.save("handlingsplan.pdf", ContentFile(MINIMAL_PDF), save=True)
    # Org A's application as a Vedlegg makes Rana kommune a party to the case.
    application_attachment = CaseAttachment.objects.create(
        case=case, order=2, title="Søknad: Kartleggingsteam Rana", application=forwarded
    )
    draft_case = committees.case(meeting, secretary, title="Utkast til sak")

    held = committees.meeting(ssu, secretary, timezone.localdate(), published=True, place="Sandnessjøen")
    committees.publish_all(held, secretary)
    for made in held.cases.all():
        committee_services.case_decide(case=made, actor=secretary)
    seats = CommitteeMembership.objects.filter(committee=ssu)
    committee_services.attendance_record(
        meeting=held, actor=secretary, rows={seat.pk: (True, "") for seat in seats}
    )
    held = committee_services.protocol_approve(meeting=held, actor=secretary)
    return ssu, meeting, case, upload, application_attachment, draft_case, held


def _project(users):
    project = projects.granted_project(lead="Rana kommune", applicant=users[APPLICANT_A])
    made = projects.indicator(project)
    reports = list(project.reports.filter(kind=StatusReport.Kind.SSU).order_by("due_on"))
    submitted, planned = reports[0], reports[1]
    leader = project.leader
    saved = project_services.report_save(
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
    project_services.report_submit(report=saved, actor=leader)
    return project, made, planned, StatusReport.objects.get(pk=submitted.pk)


def build() -> World:
    users = _users()
    partner = UserFactory(email="soker.hsyk@example.no", organisations=[org("Helgelandssykehuset HF")])
    open_round = RoundFactory(title="RS-tilskudd 2027 Helgeland (åpen)")
    received = _sent_in(open_round, users[APPLICANT_A], partner, "Observasjonspost i Rana")
    draft = make_application(round=open_round, lead=org("Rana kommune"), actor=users[APPLICANT_A])
    closed_round, forwarded, package = _forwarded(users, partner)
    ssu, meeting, case, upload, application_attachment, draft_case, held = _meetings(users, forwarded)
    # The roles are what they claim: the member for org A is inhabil in the case, the other not.
    assert committee_services.inhabil_reason(users[INHABIL], case)
    assert not committee_services.inhabil_reason(users[COMMITTEE], case)
    project, indicator, planned, submitted_report = _project(users)
    notification = notify(
        kind=Kind.STATUS_CHANGE,
        recipient=users[APPLICANT_A],
        target=received,
        subject="Søknaden er mottatt",
        body="Søknaden er mottatt av sekretariatet.",
        url=received.get_absolute_url(),
    )
    return World(
        users=users,
        open_round=open_round,
        received=received,
        received_attachment=received.attachments.get(),
        draft=draft,
        closed_round=closed_round,
        forwarded=forwarded,
        forwarded_attachment=forwarded.attachments.get(),
        package=package,
        ssu=ssu,
        meeting=meeting,
        case=case,
        upload=upload,
        application_attachment=application_attachment,
        draft_case=draft_case,
        held=held,
        project=project,
        indicator=indicator,
        planned=planned,
        submitted_report=submitted_report,
        notification=notification,
    )
