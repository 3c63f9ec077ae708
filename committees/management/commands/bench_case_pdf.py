"""`manage.py bench_case_pdf`: prints the time to render the prioritisation case for 30 applications
and a meeting packet of 6 cases, cold and cached.

Everything it needs (a helsefellesskap with its SSU, a round with 30 assessed applications on a
frozen board, a meeting with the generated prioritisation case and five other cases) is created in a
transaction that is rolled back at the end, and files go to a temporary MEDIA_ROOT that is removed:
the database and the media folder are left as they were. The tasks are called in this process
(no worker): «cold» renders and stores the PDF, «cached» is the same task finding the stored file's
hash current. The applications' submitted PDFs are stored as at submission (one rendered copy
shared by all), so the packet measures merging them, not rendering 30 receipts.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import tempfile
import time
import uuid

from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings
from django.utils import timezone
from pypdf import PdfReader

from applications.models import Application, ApplicationVersion, Pot, Prioritisation, PriorityEntry, Round
from applications.services import application_snapshot
from committees import documents, services
from committees.models import Case, CaseAttachment, Committee, Meeting
from committees.tasks import render_case_pdf, render_meeting_packet
from core.models import HealthCommunity, Organisation, User
from core.pdf import render_pdf, render_template_to_pdf

LOREM = (
    "Tiltaket skal gi bedre og mer sammenhengende pasientforløp mellom kommunene og sykehuset, med "
    "felles kartlegging før utskrivning, oppfølging i hjemmet og tett samarbeid med fastlegene. "
)


class _Rollback(Exception):
    pass


class Command(BaseCommand):
    help = (
        "Prints the time to render the prioritisation case for 30 applications and a meeting packet of "
        "6 cases, cold and cached. Leaves no data behind."
    )

    def add_arguments(self, parser):
        parser.add_argument("--applications", type=int, default=30, help="applications on the board (30)")
        parser.add_argument("--cases", type=int, default=6, help="cases in the meeting, at least 3 (6)")
        parser.add_argument("--json", dest="json_path", help="also write the rows to this file as JSON")

    def handle(self, *args, applications: int = 30, cases: int = 6, json_path=None, **options):
        applications, cases = max(1, applications), max(3, cases)
        rows = []
        with (
            tempfile.TemporaryDirectory(prefix="bench-case-pdf-") as media,
            override_settings(MEDIA_ROOT=media),
        ):
            try:
                with transaction.atomic():
                    started = time.perf_counter()
                    case, meeting = self._data(applications, cases)
                    self.stdout.write(
                        f"Test data: {applications} applications, {cases} cases "
                        f"({time.perf_counter() - started:.1f} s, not counted)"
                    )
                    rows += self._time(
                        f"case paper, {applications} applications", "cold", render_case_pdf, case
                    )
                    rows += self._time(
                        f"case paper, {applications} applications", "cached", render_case_pdf, case
                    )
                    rows += self._time(
                        f"meeting packet, {cases} cases", "cold", render_meeting_packet, meeting
                    )
                    rows += self._time(
                        f"meeting packet, {cases} cases", "cached", render_meeting_packet, meeting
                    )
                    raise _Rollback
            except _Rollback:
                pass
        width = max(len(row[0]) for row in rows)
        self.stdout.write(
            f"{'document':<{width}}  {'run':<6}  {'result':<8}  {'seconds':>7}  {'pages':>5}  {'KiB':>6}"
        )
        for name, run, result, seconds, pages, size in rows:
            self.stdout.write(
                f"{name:<{width}}  {run:<6}  {result:<8}  {seconds:>7.2f}  {pages:>5}  {size:>6}"
            )
        if json_path:
            keys = ("name", "run", "result", "seconds", "pages", "kib")
            with open(json_path, "w", encoding="utf-8") as handle:
                json.dump([dict(zip(keys, row, strict=True)) for row in rows], handle, indent=2)

    def _time(self, name, run, task, instance):
        started = time.perf_counter()
        result = task(instance.pk)  # the task's body, in this process
        seconds = time.perf_counter() - started
        instance.refresh_from_db()
        stored = instance.pdf if isinstance(instance, Case) else instance.packet_pdf
        with stored.open("rb") as handle:
            content = handle.read()
        return [(name, run, result, seconds, len(PdfReader(io.BytesIO(content)).pages), len(content) // 1024)]

    # --- Throwaway data ------------------------------------------------------------------------------

    def _data(self, count: int, case_count: int) -> tuple[Case, Meeting]:
        tag = uuid.uuid4().hex[:8]
        now = timezone.now()
        today = timezone.localdate()
        community = HealthCommunity.objects.create(
            name=f"Helsefellesskap Benchmark {tag}", slug=f"bench-{tag}"
        )
        municipalities = [
            Organisation.objects.create(
                name=f"Benchmark kommune {i} {tag}",
                kind=Organisation.Kind.MUNICIPALITY,
                health_community=community,
            )
            for i in range(1, 6)
        ]
        actor = User.objects.create(
            email=f"bench-{tag}@example.invalid", first_name="Benchmark", last_name=tag
        )
        committee = Committee.objects.create(
            health_community=community, kind=Committee.Kind.SSU, name="Strategisk samarbeidsutvalg"
        )
        round_ = Round.objects.create(
            health_community=community,
            year=today.year,
            title=f"RS-tilskudd {today.year} (benchmark)",
            opens_on=today - dt.timedelta(days=120),
            deadline=today - dt.timedelta(days=30),
            forwarding_deadline=today + dt.timedelta(days=14),
        )
        Pot.objects.create(round=round_, kind=Pot.Kind.REGIONAL, amount_nok=90_000_000)
        Pot.objects.create(
            round=round_, kind=Pot.Kind.LOCAL, amount_nok=5_000_000, carried_over_nok=2_800_000
        )

        apps = []
        for i in range(1, count + 1):
            lead = municipalities[i % len(municipalities)]
            application = Application.objects.create(
                round=round_,
                lead_organisation=lead,
                created_by=actor,
                title=f"Samhandlingsprosjekt {i}: felles pasientforløp og digital oppfølging i {lead.name}",
                status=Application.Status.PRIORITISED,
                summary=LOREM * 4,
                expected_benefits=LOREM * 3,
                purpose_fit=LOREM * 3,
                amount_applied_nok=1_000_000 + 125_000 * i,
                submitted_at=now,
                last_submitted_at=now,
            )
            application.owners.add(lead)
            apps.append(application)
        versions = [
            ApplicationVersion.objects.create(
                application=application,
                number=1,
                submitted_at=now,
                submitted_by=actor,
                snapshot=application_snapshot(application),
                pdf_status=ApplicationVersion.PdfStatus.READY,
            )
            for application in apps
        ]
        receipt = render_template_to_pdf(
            "pdf/application.html", {"snapshot": versions[0].snapshot, "version": versions[0]}
        )
        for version in versions:
            version.pdf.save(f"soknad-{version.application_id}-v1.pdf", ContentFile(receipt), save=True)

        prioritisation = Prioritisation.objects.create(round=round_, frozen_at=now, frozen_by=actor)
        PriorityEntry.objects.bulk_create(
            [
                PriorityEntry(
                    prioritisation=prioritisation,
                    application=application,
                    regional_rank=i,
                    local_rank=i,
                    regional_nok=application.amount_applied_nok if i <= count // 2 else 0,
                    local_nok=200_000 if i % 5 == 0 else 0,
                )
                for i, application in enumerate(apps, start=1)
            ]
        )

        meeting = Meeting.objects.create(
            committee=committee,
            kind=Meeting.Kind.EXTRAORDINARY,
            date=today + dt.timedelta(days=7),
            starts_at=dt.time(9, 0),
            ends_at=dt.time(12, 0),
            place="Mosjøen",
        )

        def ordinary(title, **extra):
            return services.case_create(
                committee=committee,
                actor=actor,
                meeting=meeting,
                title=title,
                recommendation="Strategisk samarbeidsutvalg slutter seg til sekretariatets vurdering.",
                background=(LOREM * 3 + "\n\n") * 3,
                assessment=LOREM * 4,
                **extra,
            )

        ordinary("Godkjenning av innkalling og saksliste", kind=Case.Kind.INFORMATION, standing="agenda")
        case = services.prioritisation_case_create(
            prioritisation=prioritisation, meeting=meeting, actor=actor
        )
        upload = render_pdf(
            '<html lang="nb"><head><title>Handlingsplan</title></head><body><h1>Handlingsplan</h1>'
            + f"<p>{LOREM * 40}</p>" * 3
            + "</body></html>",
            title="Handlingsplan",
        )
        for n in range(case_count - 3):
            extra = ordinary(f"Sak til behandling nr. {n + 1}")
            if n == 0:
                attachment = CaseAttachment(
                    case=extra, order=1, title="Handlingsplan (PDF)", content_type="application/pdf"
                )
                attachment.file.save("handlingsplan.pdf", ContentFile(upload), save=False)
                attachment.save()
        ordinary("Eventuelt", kind=Case.Kind.INFORMATION, standing="other")
        Case.objects.filter(meeting=meeting).update(status=Case.Status.PUBLISHED, published_at=now)
        case = documents.load_case(case.pk)
        return case, meeting
