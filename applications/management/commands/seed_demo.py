"""`manage.py seed_demo`: demo users, the 2025 round with the five real applications from seed 001,
and an open round with two drafts. Idempotent: a second run changes no counts.

Rounds are keyed on (health community, year, title), applications on (round, title), users on
e-mail. Applications that already exist are left alone, so a demo database that people have
clicked around in is not overwritten.
"""

import datetime as dt
import hashlib

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.test.utils import override_settings
from django.utils import timezone
from django.utils.html import escape
from django_otp.plugins.otp_totp.models import TOTPDevice

from applications import demo_data
from applications.models import (
    OSLO,
    Application,
    Attachment,
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
from committees import demo_data as committee_demo
from committees.models import Case, Committee, CommitteeMembership, Meeting
from core.models import (
    FocusArea,
    HealthCommunity,
    Membership,
    Organisation,
    PriorityGroup,
    SecretariatMembership,
    User,
)
from core.money import format_nok
from core.security import requires_second_factor
from projects import demo_data as project_demo
from projects.models import Project, StatusReport

PASSWORD = "demo-passord-2026"

# (e-mail, first name, last name, job title, role shown in the login table, organisation)
USERS = [
    (
        "soker.rana@example.no",
        "Sunniva",
        "Eide",
        "Rådgiver helse og omsorg",
        "Søker, Rana kommune",
        "Rana kommune",
    ),
    (
        "soker.vefsn@example.no",
        "Magnus",
        "Fjellheim",
        "Rådgiver helse, omsorg og velferd",
        "Søker, Vefsn kommune",
        "Vefsn kommune",
    ),
    (
        "soker.bronnoy@example.no",
        "Hilde",
        "Brattli",
        "Rådgiver helse og velferd",
        "Søker, Brønnøy kommune",
        "Brønnøy kommune",
    ),
    (
        "soker.hsyk@example.no",
        "Erlend",
        "Kolstad",
        "Rådgiver, samhandlingsavdelingen",
        "Søker/partner, Helgelandssykehuset HF",
        "Helgelandssykehuset HF",
    ),
    (
        "sekretariat@example.no",
        "Camilla",
        "Sæther",
        "Interkommunal samhandlingsleder",
        "SSU-sekretariatet, Helsefellesskap Helgeland",
        None,
    ),
    (
        "ssu.medlem@example.no",
        "Bjørn",
        "Helland",
        "Kommunedirektør",
        "Medlem av SSU (representerer Rana kommune)",
        None,
    ),
    (
        "ssu.leder@example.no",
        "Ingrid",
        "Nyvoll",
        "Samhandlingssjef",
        "SSU-leder (Helgelandssykehuset HF)",
        None,
    ),
    (
        "ssu.nestleder@example.no",
        "Kjetil",
        "Sørvik",
        "Kommunalsjef helse og omsorg",
        "SSU-nestleder (Vefsn kommune)",
        None,
    ),
    (
        "helsenord@example.no",
        "Tone",
        "Aasen",
        "Spesialrådgiver",
        "Leser, Helse Nord RHF (tildelingsutvalget)",
        "Helse Nord RHF",
    ),
    (
        "admin@example.no",
        "Demo",
        "Administrator",
        "Systemadministrator",
        "Administrator (is_staff, is_superuser)",
        None,
    ),
]

# Which demo user writes the applications of which lead organisation.
APPLICANT_FOR = {
    "Rana kommune": "soker.rana@example.no",
    "Vefsn kommune": "soker.vefsn@example.no",
    "Brønnøy kommune": "soker.bronnoy@example.no",
}
HOSPITAL_USER = "soker.hsyk@example.no"

ROUND_2025 = "RS-tilskudd 2025 (vårrunde)"
ROUND_2026 = "RS-tilskudd 2026"

# Local pot: 5 MNOK a year (index-adjusted) in 2024, 2025 and 2026 (seed 001, Sak 24/2025,
# vedlegg 2); for 2026, 2,8 MNOK unspent from 2025 is carried over (Sak 23-2025).
LOCAL_POT_NOK = 5_000_000
CARRIED_INTO_2026_NOK = 2_800_000
# Regional pot: Helse Nord's application-based pot for the whole region, 90 of 130 MNOK a year
# (Sak 24/2025, vedlegg 2). It is shared by the four helsefellesskap; shown here in full.
REGIONAL_POT_NOK = 90_000_000


class Command(BaseCommand):
    help = (
        "Lager demodata: brukere, utlysninger, de fem søknadene fra 2025, to utkast for 2026 og "
        "SSU-møtene 09.09.2025 og det neste."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--2025",
            dest="stage_2025",
            choices=["board", "granted"],
            default="granted",
            help=(
                "Hvor langt 2025-runden er kommet: «granted» (standard) er prioritert i SSU, "
                "videresendt og innvilget, med prosjektene i oppfølging; «board» har fire søknader "
                "vurdert på en utkast-prioritering og én igjen til formell kontroll."
            ),
        )

    def handle(self, *args, **options):
        # The story the seed tells (submissions, forwarding, awards, published meetings) makes
        # notifications as the portal does; they are in the demo users' lists, but their e-mails
        # go nowhere instead of filling the console.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            self._seed(options)

    def _seed(self, options):
        stage = options["stage_2025"]
        try:
            helgeland = HealthCommunity.objects.get(slug="helgeland")
        except HealthCommunity.DoesNotExist as error:
            raise CommandError("Referansedata mangler: kjør «manage.py migrate» først.") from error

        today = timezone.localdate()
        with transaction.atomic():
            users = self._users(helgeland)
            round_2025, round_2026 = self._rounds(helgeland, today)
        created = []
        for data in demo_data.APPLICATIONS_2025:
            # One transaction per application: submit() enqueues its receipt PDF on commit.
            with transaction.atomic():
                if self._submitted_application(round_2025, data, users):
                    created.append(data["title"])
        secretary, helse_nord = users["sekretariat@example.no"], users["helsenord@example.no"]
        seats = committee_demo.ssu_seats(users)
        with transaction.atomic():
            self._assess_and_rank_2025(round_2025, secretary, stage)
        if stage == "granted":
            project_demo.complete_2025(
                round_2025, secretary=secretary, helse_nord=helse_nord, ssu_seats=seats
            )
        with transaction.atomic():
            for data in demo_data.DRAFTS_2026:
                if self._draft(round_2026, data, users):
                    created.append(data["title"])
        committee_demo.seed_meetings(
            secretary=secretary,
            seats=seats,
            today=today,
            applications_2025=round_2025.applications.order_by("pk"),
        )
        if stage == "granted":
            project_demo.follow_up(today=today)
        self._second_factor_devices(users)

        self._report(created, round_2026)

    # --- Users and rounds ---------------------------------------------------------------------

    def _users(self, helgeland) -> dict[str, User]:
        users = {}
        for email, first, last, job_title, _role, org_name in USERS:
            user, _ = User.objects.get_or_create(email=email)
            user.first_name, user.last_name, user.job_title = first, last, job_title
            user.is_active = True
            if email == "admin@example.no":
                user.is_staff = user.is_superuser = True
            # Always reset, so the printed password works even after someone changed it.
            user.set_password(PASSWORD)
            user.save()
            if org_name:
                Membership.objects.get_or_create(
                    user=user, organisation=Organisation.objects.get(name=org_name)
                )
            users[email] = user

        SecretariatMembership.objects.get_or_create(
            user=users["sekretariat@example.no"], health_community=helgeland
        )
        return users

    def _second_factor_devices(self, users: dict[str, User]) -> None:
        """An authenticator device for each demo user who must use a second factor, with a key
        derived from the e-mail address (the same on every seeding). With DEBUG the code page
        shows the current code (SECOND_FACTOR_DEMO_HINT)."""
        for user in users.values():
            user.refresh_from_db()
            if not requires_second_factor(user, cached=False):
                continue
            key = hashlib.sha1(f"rs-demo:{user.email}".encode(), usedforsecurity=False).hexdigest()
            TOTPDevice.objects.update_or_create(
                user=user, name="Demo", defaults={"key": key, "confirmed": True}
            )

    def _rounds(self, helgeland, today: dt.date) -> tuple[Round, Round]:
        round_2025, _ = Round.objects.update_or_create(
            health_community=helgeland,
            year=2025,
            title=ROUND_2025,
            defaults={
                "opens_on": dt.date(2025, 1, 1),
                "deadline": dt.date(2025, 3, 1),
                "forwarding_deadline": dt.date(2025, 4, 1),
            },
        )
        # The autumn deadline is 1 October (for the real 2026 money it was 1 October 2025, Sak
        # 23-2025). The demo must have a round that is open on the day it is shown (the portal's
        # "today" is 2026-11-23 or later), so the deadline is at least 30 days ahead, and the
        # forwarding deadline to Helse Nord follows a month later (1 October → 1 November).
        deadline = max(dt.date(2026, 10, 1), today + dt.timedelta(days=30))
        round_2026, _ = Round.objects.update_or_create(
            health_community=helgeland,
            year=2026,
            title=ROUND_2026,
            defaults={
                "opens_on": min(dt.date(2026, 6, 1), today),
                "deadline": deadline,
                "forwarding_deadline": deadline + dt.timedelta(days=31),
            },
        )
        pots = [
            (round_2025, Pot.Kind.LOCAL, LOCAL_POT_NOK, 0),
            (round_2025, Pot.Kind.REGIONAL, REGIONAL_POT_NOK, 0),
            (round_2026, Pot.Kind.LOCAL, LOCAL_POT_NOK, CARRIED_INTO_2026_NOK),
            (round_2026, Pot.Kind.REGIONAL, REGIONAL_POT_NOK, 0),
        ]
        for round_, kind, amount, carried in pots:
            Pot.objects.update_or_create(
                round=round_,
                kind=kind,
                defaults={"amount_nok": amount, "carried_over_nok": carried},
            )
        return round_2025, round_2026

    # --- Applications -------------------------------------------------------------------------

    def _submitted_application(self, round_2025, data: dict, users) -> bool:
        # Imported here: the services module pulls in the PDF task and WeasyPrint.
        from applications.services import (
            application_confirm_partnership,
            application_create,
            application_submit,
        )

        if Application.objects.filter(round=round_2025, title=data["title"]).exists():
            return False
        applicant = users[APPLICANT_FOR[data["lead"]]]
        hospital_user = users[HOSPITAL_USER]
        submitted_at = data["submitted_at"].replace(tzinfo=OSLO)

        app = application_create(round=round_2025, organisation=_org(data["lead"]), actor=applicant)
        _fill(app, data)
        _rows(app, data)
        _budget_attachment(app, data, applicant)

        application_confirm_partnership(application=app, actor=hospital_user)
        # The portal stamps the confirmation with the real time; the demo tells the 2025 story,
        # so it is moved to shortly before sending, before the snapshot is taken.
        confirmed_at = submitted_at - dt.timedelta(hours=2)
        Application.objects.filter(pk=app.pk).update(partner_confirmed_at=confirmed_at)
        app.refresh_from_db()
        application_submit(application=app, actor=applicant, now=submitted_at, notify=False)

        # Same for the rest of the visible history: drafted two weeks before it was sent in.
        drafted_at = submitted_at - dt.timedelta(days=14)
        Application.objects.filter(pk=app.pk).update(created_at=drafted_at, updated_at=submitted_at)
        Attachment.objects.filter(application=app).update(uploaded_at=confirmed_at)
        StatusEvent.objects.filter(application=app, from_status="").update(at=drafted_at)
        StatusEvent.objects.filter(application=app, to_status=Application.Status.RECEIVED).update(
            at=submitted_at
        )
        return True

    def _assess_and_rank_2025(self, round_2025, secretary, stage: str) -> None:
        """The secretariat's work on the 2025 round, done once: the applications screened and
        assessed, and the board drafted. At the «board» stage one application is left «mottatt»
        (the formal check can be tried, and the board cannot be frozen before it is done) and each
        is recommended in full from the regional pot, in the order they came in; at «granted» all
        five are ranked as projects.demo_data.BOARD_2025 has it."""
        from applications import prioritisation, review

        if Prioritisation.objects.filter(round=round_2025).exists():
            return
        notes = {ScreeningCheck.Item.JOINT: "Bekreftet av Helgelandssykehuset i portalen."}
        applications = list(round_2025.applications.filter(status=Application.Status.RECEIVED).order_by("pk"))
        for app in applications:
            if stage == "board" and app.title == demo_data.LEFT_FOR_SCREENING_2025:
                continue
            review.screening_save(
                application=app,
                actor=secretary,
                results={item: (True, notes.get(item, "")) for item in ScreeningCheck.Item.values},
            )
            review.application_transition(application=app, action="start_review", actor=secretary)
            review.application_transition(application=app, action="mark_assessed", actor=secretary)
        if stage == "granted":
            project_demo.rank_2025(round_2025, secretary)
            return
        board = prioritisation.board_for_round(round_2025)
        prioritisation.board_save(
            round_=round_2025,
            actor=secretary,
            version=board.prioritisation.version,
            regional_order=[entry.pk for entry in board.regional],
            local_order=[entry.pk for entry in board.local],
            amounts={entry.pk: (entry.application.amount_applied_nok or 0, 0) for entry in board.regional},
            direct=[],
        )

    def _draft(self, round_2026, data: dict, users) -> bool:
        from applications.services import application_create

        if Application.objects.filter(round=round_2026, title=data["title"]).exists():
            return False
        app = application_create(
            round=round_2026,
            organisation=_org(data["lead"]),
            actor=users[APPLICANT_FOR[data["lead"]]],
        )
        app.title = data["title"]
        app.summary = data["summary"]
        app.save()
        app.participating_municipalities.set(_orgs(data["participating"]))
        _replace(
            app,
            BudgetLine,
            [{"cost_item": c, "period": p, "amount_nok": a} for c, p, a in data["budget_lines"]],
        )
        return True

    # --- Output -------------------------------------------------------------------------------

    def _report(self, created: list[str], open_round: Round):
        write = self.stdout.write
        if created:
            write(self.style.SUCCESS(f"Opprettet {len(created)} søknader:"))
            for title in created:
                write(f"  - {title}")
        else:
            write("Alle demosøknadene fantes fra før; ingenting nytt opprettet.")
        write(
            f"Åpen utlysning: «{open_round.title}», frist {open_round.deadline:%d.%m.%Y}, "
            f"oversendelse til Helse Nord {open_round.forwarding_deadline:%d.%m.%Y}."
        )
        write("")
        write("Demo-innlogginger (passord for alle: " + PASSWORD + ")")
        width = max(len(email) for email, *_ in USERS)
        write(f"  {'E-post'.ljust(width)}  {'Rolle'.ljust(44)}  Passord")
        for email, _first, _last, _title, role, _org in USERS:
            write(f"  {email.ljust(width)}  {role.ljust(44)}  {PASSWORD}")
        write(
            "Sekretariatet, SSU-medlemmene og admin skriver i tillegg en engangskode; i demoen viser "
            "kodesiden den."
        )
        write("")
        write("Antall:")
        for label, count in counts().items():
            write(f"  {label.ljust(28)} {count}")


def counts() -> dict[str, int]:
    """What the demo consists of, for the summary (and the idempotency test)."""
    return {
        "Organisasjoner": Organisation.objects.count(),
        "Helsefellesskap": HealthCommunity.objects.count(),
        "Utvalg": Committee.objects.count(),
        "Brukere": User.objects.count(),
        "Medlemskap": Membership.objects.count(),
        "Sekretariatsmedlemmer": SecretariatMembership.objects.count(),
        "Utvalgsmedlemmer": CommitteeMembership.objects.count(),
        "Utlysninger": Round.objects.count(),
        "Potter": Pot.objects.count(),
        "Søknader": Application.objects.count(),
        "  – mottatt": Application.objects.filter(status=Application.Status.RECEIVED).count(),
        "  – vurdert": Application.objects.filter(status=Application.Status.ASSESSED).count(),
        "  – utkast": Application.objects.filter(status=Application.Status.DRAFT).count(),
        "Kontaktpersoner": ContactPerson.objects.count(),
        "Budsjettlinjer": BudgetLine.objects.count(),
        "Nytterader": BenefitRow.objects.count(),
        "Risikorader": RiskRow.objects.count(),
        "Milepæler": Milestone.objects.count(),
        "Delprosjekter": SubProject.objects.count(),
        "Vedlegg": Attachment.objects.count(),
        "Prioriterte søknader": PriorityEntry.objects.count(),
        "  – videresendt": Application.objects.filter(status=Application.Status.FORWARDED).count(),
        "  – innvilget": Application.objects.filter(status=Application.Status.GRANTED).count(),
        "Prosjekter": Project.objects.count(),
        "Statusrapporter sendt inn": StatusReport.objects.exclude(
            status__in=[StatusReport.Status.PLANNED, StatusReport.Status.DRAFT]
        ).count(),
        "Møter": Meeting.objects.count(),
        "Saker": Case.objects.count(),
    }


def _org(name: str) -> Organisation:
    return Organisation.objects.get(name=name)


def _orgs(names) -> list[Organisation]:
    found = {o.name: o for o in Organisation.objects.filter(name__in=names)}
    missing = set(names) - set(found)
    if missing:
        raise CommandError(f"Ukjente organisasjoner i demodata: {', '.join(sorted(missing))}")
    return [found[name] for name in names]


def _fill(app: Application, data: dict) -> None:
    for field in demo_data.APPLICATION_FIELDS:
        setattr(app, field, data[field])
    app.hospital_trust = _org(data["hospital_trust"])
    app.fsu = (
        Committee.objects.get(health_community=app.round.health_community, name=data["fsu"])
        if data["fsu"]
        else None
    )
    app.save()
    app.owners.set(_orgs(data["owners"]))
    app.participating_municipalities.set(_orgs(data["participating"]))
    app.supporting_municipalities.set(_orgs(data["supporting"]))
    app.priority_groups.set(PriorityGroup.objects.filter(name__in=data["priority_groups"]))
    app.focus_areas.set(FocusArea.objects.filter(name__in=data["focus_areas"]))
    if app.priority_groups.count() != len(data["priority_groups"]) or app.focus_areas.count() != len(
        data["focus_areas"]
    ):
        raise CommandError(f"Ukjent pasientgruppe eller innsatsområde i «{app.title}».")


def _rows(app: Application, data: dict) -> None:
    _replace(app, ContactPerson, data["contacts"])
    _replace(
        app,
        BudgetLine,
        [{"cost_item": c, "period": p, "amount_nok": a} for c, p, a in data["budget_lines"]],
    )
    _replace(app, BenefitRow, data["benefits"])
    _replace(
        app,
        RiskRow,
        [{"factor": f, "level": level, "mitigation": m} for f, level, m in data["risks"]],
    )
    _replace(app, Milestone, [{"title": t, "due_quarter": q} for t, q in data["milestones"]])
    _replace(app, SubProject, [{"title": t, "description": d} for t, d in data["subprojects"]])


def _replace(app: Application, model, rows: list[dict]) -> None:
    model.objects.filter(application=app).delete()
    model.objects.bulk_create([model(application=app, order=i, **row) for i, row in enumerate(rows)])


def _budget_attachment(app: Application, data: dict, actor) -> Attachment:
    from core.pdf import render_pdf

    pdf = render_pdf(_budget_html(app, data), title=f"Budsjett – {app.title}")
    attachment = Attachment(
        application=app,
        kind=Attachment.Kind.BUDGET,
        original_name="Budsjett.pdf",
        content_type="application/pdf",
        size_bytes=len(pdf),
        sha256=hashlib.sha256(pdf).hexdigest(),
        uploaded_by=actor,
    )
    attachment.file.save("budsjett.pdf", ContentFile(pdf), save=False)
    attachment.save()
    return attachment


def _budget_html(app: Application, data: dict) -> str:
    rows = "".join(
        f"<tr><td>{escape(c)}</td><td>{escape(p)}</td><td class='num'>{escape(format_nok(a))}</td></tr>"
        for c, p, a in data["budget_lines"]
    )
    total = sum(a for _c, _p, a in data["budget_lines"])
    note = f"<p class='note'>{escape(data['budget_note'])}</p>" if data["budget_note"] else ""
    return f"""<!doctype html>
<html lang="nb"><head><meta charset="utf-8"><title>Budsjett</title>
<link rel="stylesheet" href="/static/css/pdf.css">
<style>
  table {{ width: 100%; border-collapse: collapse; margin-top: 1em; }}
  th, td {{ border-bottom: 1px solid #999; padding: 4pt 6pt; text-align: left; }}
  td {{ vertical-align: top; }}
  .num {{ text-align: right; white-space: nowrap; }}
  tfoot td {{ font-weight: bold; border-top: 2px solid #000; }}
  .note {{ font-size: 9pt; color: #444; margin-top: 1.5em; }}
</style></head>
<body>
<h1>Budsjett</h1>
<p><strong>{escape(app.title)}</strong><br>
Søker: {escape(str(app.lead_organisation))}<br>
Utlysning: {escape(app.round.title)}</p>
<table>
  <thead><tr><th>Kostnadspost</th><th>År eller fase</th><th class="num">Beløp</th></tr></thead>
  <tbody>{rows}</tbody>
  <tfoot><tr><td colspan="2">Sum prosjektkostnad</td>
    <td class="num">{escape(format_nok(total))}</td></tr></tfoot>
</table>
<p>Omsøkt beløp: <strong>{escape(format_nok(data["amount_applied_nok"]))}</strong></p>
{note}
</body></html>"""
