"""Demo meetings of the SSU of Helsefellesskap Helgeland, for `manage.py seed_demo`.

The past meeting is the real one of 09.09.2025 (seed 001), held and minuted: its cases keep the
seed's titles, innstillinger and (shortened) texts, without the names of real people. The papers
of that day numbered two different cases 24-2025; here the portal numbered them, so the FSU
orientation is 25-2025 and the later cases move up by one. The one placeholder in the real papers
("Kr. X" in Sak 23, point 3) is filled with the about 1 MNOK that Sak 24 puts on the position.

The upcoming meeting is an ordinary SSU meeting three weeks after the demo is seeded, with its
notice published, so "Mine møter" shows one meeting ahead and one behind.
"""

import datetime as dt
from zoneinfo import ZoneInfo

from django.db import transaction

from committees import services
from committees.models import (
    Case,
    CaseAttachment,
    CaseNumberSequence,
    Committee,
    CommitteeMembership,
    Meeting,
)
from core.models import Organisation

OSLO = ZoneInfo("Europe/Oslo")

# Members of the SSU besides ssu.medlem@example.no: (e-mail, role, organisation).
SSU_SEATS = [
    ("ssu.leder@example.no", CommitteeMembership.Role.CHAIR, "Helgelandssykehuset HF"),
    ("ssu.nestleder@example.no", CommitteeMembership.Role.DEPUTY_CHAIR, "Vefsn kommune"),
    ("ssu.medlem@example.no", CommitteeMembership.Role.MEMBER, "Rana kommune"),
]

PAST_MEETING_DATE = dt.date(2025, 9, 9)
# The case numbers the seed does not account for were used in meetings outside the demo: 1–7 of
# 2025 before the extraordinary meeting of 20.03.2025, and up to 21 before 09.09.2025 (which
# starts at 22, as the real papers do).
PRIORITISATION_MEETING_DATE = dt.date(2025, 3, 20)
CASES_BEFORE_PORTAL = {2025: 21}
CASES_BEFORE_PRIORITISATION = 7

SAK_23 = {
    "kind": Case.Kind.DECISION,
    "title": (
        "Rekrutterings- og samhandlingstilskudd 2026, prosess for behandling av lokalt og regionalt tilskudd"
    ),
    "recommendation": "\n".join(
        [
            "Strategisk samarbeidsutvalg (SSU) gjennomfører et ekstraordinært møte i forkant av fristen "
            "til Helse Nord for å behandle og prioritere søknader til rekrutterings- og "
            "samhandlingstilskudd for 2026 i uke 43.",
            "SSU må i dette møtet vurdere hvordan saken om intermediærpost i Vefsn skal forstås og "
            "behandles i sammenheng med tilskuddsordningen, med bakgrunn i tydelige signaler fra "
            "Helseministeren om prioritering og delfinansiering.",
            "Kr 1 000 000 av rekrutterings- og samhandlingstilskudd tildelt Helsefellesskap Helgeland "
            "til lokal prioritering og tildeling settes av til en ressurs for å styrke sekretariatets "
            "arbeid med prosjektoppfølging. Dette skal behandles i egen sak av SSU.",
            "Kr 500 000 av midlene for 2026 brukes til innkjøp av lisens for digital hjemmeoppfølging "
            "gjennom at Helgeland tilslutter seg Nordlandssykehusets avtale med leverandøren Dignio.",
            "Helgelandssykehuset løser ut opsjonen til Nordlandssykehuset, og samarbeider med "
            "Digitale Helgeland om implementering av løsningen.",
            "Resterende av rekrutterings- og samhandlingstilskudd tildelt Helsefellesskap Helgeland "
            "til lokal prioritering og tildeling behandles og besluttes i ekstraordinært møte i SSU i "
            "uke 43, sammen med prioritering av søknader til regional søknadsordning i Helse Nord. "
            "Alle søknadene vurderes for både lokalt og regionalt tilskudd.",
        ]
    ),
    "background": (
        "Rekrutterings- og samhandlingstilskudd, søknadsbasert ordning til Helse Nord, skal vurderes "
        "og prioriteres i det enkelte helsefellesskap før oversendelse til Helse Nord og endelig "
        "behandling i tildelingskomiteen. Tilskuddet skal understøtte forpliktende samarbeid mellom "
        "primær- og spesialisthelsetjenesten om tjenesteutvikling og gode pasientforløp. Søknadsfrist "
        "til helsefellesskapene er 1. oktober 2025. Helsefellesskapene oversender deretter prioriterte "
        "søknader med vedlegg til tildelingsutvalget i Helse Nord. Frist for dette er 1. november.\n\n"
        "Tilskuddet skal bidra til å finansiere prosjekter og tiltak i maksimalt 3 til 5 år. Målet med "
        "tiltaket må være at det på sikt skal inngå i ordinær drift.\n\n"
        "Helsefellesskapene har fått tildelt en lokal pott. For Helsefellesskap Helgeland gjenstår det "
        "2,8 millioner fra lokal pott for 2025, og det er tildelt ytterligere 5 millioner for 2026.\n\n"
        "Kommuner og sykehus har fått mulighet til å inngå en 3-årsavtale om digital "
        "hjemmeoppfølging med systemleverandøren Dignio. Kostnaden er 500 000 kroner per år samlet "
        "for kommuner og sykehus."
    ),
    "assessment": (
        "SSU står overfor flere strategiske valg i behandlingen av søknader for 2026. Det er viktig å "
        "balansere mellom videreføring av eksisterende satsninger og åpning for nye prosjekter, "
        "samtidig som man tar hensyn til signaler om redusert tildeling.\n\n"
        "Saken om intermediærpost i Vefsn krever særskilt vurdering, da den er politisk prioritert og "
        "skal delfinansieres gjennom tilskuddsordningen.\n\n"
        "SSU må vurdere om det skal avsettes midler til en ressurs som bistår sekretariatet, og dette "
        "skal særskilt behandles i egen sak."
    ),
}

SAK_24 = {
    "kind": Case.Kind.DECISION,
    "title": "Ansettelse av prosjektleder/rådgiver for Helsefellesskap Helgeland",
    "recommendation": "\n".join(
        [
            "SSU godkjenner etableringen av en midlertidig 100 % stilling som prosjektleder i henhold "
            "til vedlagte stillingsbeskrivelse i saken.",
            "Sekretariatet ber SSU ta stilling til stillingens ansettelsesforhold, i sykehus eller kommune.",
            "SSU godkjenner finansieringsplanen der kostnadene dekkes gjennom en andel av midlene fra "
            "det lokale rekrutterings- og samhandlingstilskuddet for 2025 og 2026.",
            "SSU ber sekretariatet iverksette ansettelsesprosessen i tråd med vedtatt "
            "stillingsbeskrivelse, finansieringsmodell og ansettelsesforhold.",
        ]
    ),
    "background": (
        "Helsefellesskap Helgeland har mottatt 22 millioner kroner fordelt på 5 prosjekt i 2025. "
        "Midlene har til formål å forsterke samarbeidet mellom kommuner og helseforetak om "
        "tjenesteutvikling og gode pasientforløp. Det er naturlig at SSU også får anledning til å "
        "følge opp prosjektene gjennom orienteringer underveis i prosjektperiodene.\n\n"
        "Både sykehus og kommuner kan ivareta et slikt ansettelsesforhold. Ut fra erfaring fra andre "
        "liknende stillinger vil en kunne anta et lønnsnivå på om lag kr 700 000–800 000. Inklusive "
        "sosiale kostnader vil dette innebære en bruk av tilskuddet på ca. 1 MNOK."
    ),
    "assessment": (
        "For å sikre god forankring av prosjektene i kommuner og sykehus, og at prosjektene leverer "
        "på rapporteringer til Helse Nord og til SSU, er det behov for overordnet prosjektstyring og "
        "koordinering. Det anbefales å styrke ressursene i helsefellesskapet med en "
        "prosjektlederstilling, finansiert av lokale midler i 2025 og 2026, som en midlertidig "
        "ansettelse i to år."
    ),
}

SAK_25 = {
    "kind": Case.Kind.INFORMATION,
    "title": "Orientering om status fra FSU utdanning, rekruttering og stabilisering",
    "recommendation": "\n".join(
        [
            "SSU tar gjennomgangen til orientering.",
            "SSU ønsker å bli informert om handlingsplanen for FSU når den er vedtatt.",
        ]
    ),
    "background": (
        "FSU for utdanning, rekruttering og stabilisering ble konstituert 18. november 2024, og har "
        "hatt møter om lag hver 8. uke siden, totalt 5 møter. Utlysningen av RS-midler våren 2025 "
        "gjorde at FSU-et tidlig utarbeidet strategiske satsinger, og realiserte to søknader: "
        "Helgelandssykepleier, som i juni 2025 fikk den klart største tildelingen av RS-midler på "
        "10 millioner kroner fordelt over 5 år, og et kurs i legevaktsmedisin for LIS1, som "
        "Helgelandssykehuset finansierer utenom RS-midlene."
    ),
    "assessment": (
        "FSU-et har kommet godt i gang og raskt realisert konkrete prosjekter og tiltak i tråd med "
        "mandatet. I løpet av høsten 2025 vil FSU vedta en handlingsplan."
    ),
}

SAK_26 = {
    "kind": Case.Kind.INFORMATION,
    "title": "Orientering om prosjekt som har fått tildelt rekrutterings- og samhandlingstilskudd i 2025",
    "recommendation": "\n".join(
        [
            "SSU tar gjennomgangen til orientering.",
            "SSU ber sekretariatet legge frem en plan for videre orienteringer om, og fra prosjektene, "
            "til SSU i neste ordinære møte i SSU.",
        ]
    ),
    "background": (
        "Helsefellesskap Helgeland har mottatt 22 millioner kroner fordelt på 5 prosjekt i 2025. "
        "Søknadene ligger ved saken."
    ),
}

ORIENTATIONS_2025 = (
    "Dialog- og partnerskapsmøte 2026.\n"
    "Webinarer og frokostmøter høsten 2025: erfaringsdeling FSU (16. september), pakkeforløp hjem – "
    "kreft (30. september), SKDE – overbehandling og overdiagnostikk (7. oktober), kurs i Brøset "
    "Violence Checklist (29. oktober og 4. november), barn som pårørende (november)."
)

NEXT_MEETING_CASE = {
    "kind": Case.Kind.DECISION,
    "title": "Plan for orienteringer om og fra prosjektene med rekrutterings- og samhandlingstilskudd",
    "recommendation": "\n".join(
        [
            "SSU slutter seg til planen for orienteringer om og fra prosjektene.",
            "Hvert prosjekt orienterer SSU minst én gang i året, og prosjektleder rapporterer til "
            "Helse Nord og SSU etter rapporteringsplanen i portalen.",
        ]
    ),
    "background": (
        "I sak 26-2025 ba SSU sekretariatet legge frem en plan for videre orienteringer om, og fra, "
        "prosjektene som har fått rekrutterings- og samhandlingstilskudd. Sekretariatet foreslår at "
        "prosjektene orienterer etter tur i ordinære møter, og at statusrapportene fra portalen legges "
        "ved sakene."
    ),
    "assessment": (
        "En fast plan gir SSU jevnlig innsikt i fremdrift, risiko og gevinster, og gjør det lettere å "
        "se prosjektene i sammenheng."
    ),
}


def seed_meetings(*, secretary, seats, today: dt.date, applications_2025) -> int:
    """The past meeting of 09.09.2025 and the next ordinary meeting, each made once. Returns how
    many meetings were made."""
    ssu = Committee.objects.get(health_community__slug="helgeland", kind=Committee.Kind.SSU)
    made = 0
    if not Meeting.objects.filter(committee=ssu, date=PAST_MEETING_DATE).exists():
        with transaction.atomic():
            _past_meeting(ssu, secretary, seats, applications_2025)
        made += 1
    if not Meeting.objects.filter(committee=ssu, date__gt=today).exists():
        with transaction.atomic():
            _next_meeting(ssu, secretary, today)
        made += 1
    return made


def ssu_seats(users: dict) -> list[CommitteeMembership]:
    """The SSU's demo members (SSU_SEATS), each seated once."""
    ssu = Committee.objects.get(health_community__slug="helgeland", kind=Committee.Kind.SSU)
    seats = []
    for email, role, organisation in SSU_SEATS:
        seat, _ = CommitteeMembership.objects.get_or_create(
            committee=ssu,
            user=users[email],
            defaults={"role": role, "organisation": Organisation.objects.get(name=organisation)},
        )
        seats.append(seat)
    return seats


def _numbers_from(committee, year: int, last_used: int) -> None:
    """Let the next case number of the year follow `last_used` (cases handled outside the demo)."""
    sequence, _ = CaseNumberSequence.objects.get_or_create(committee=committee, year=year)
    if sequence.last_number < last_used:
        sequence.last_number = last_used
        sequence.save(update_fields=["last_number"])


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour), tzinfo=OSLO)


def _past_meeting(ssu, secretary, seats, applications_2025) -> Meeting:
    year = PAST_MEETING_DATE.year
    _numbers_from(ssu, year, CASES_BEFORE_PORTAL[year])
    meeting = Meeting.objects.create(
        committee=ssu,
        date=PAST_MEETING_DATE,
        starts_at=dt.time(9, 0),
        ends_at=dt.time(14, 0),
        place="Mosjøen, Helgelandssykehuset",
    )
    standing = {c["standing"]: c for c in services._standing_cases()}
    agenda = [
        standing[Case.Standing.AGENDA],
        SAK_23,
        SAK_24,
        SAK_25,
        SAK_26,
        {**standing[Case.Standing.ORIENTATIONS], "background": ORIENTATIONS_2025},
        standing[Case.Standing.OTHER_BUSINESS],
    ]
    cases = [services.case_create(committee=ssu, actor=secretary, meeting=meeting, **data) for data in agenda]
    for order, application in enumerate(applications_2025, start=1):
        CaseAttachment.objects.create(
            case=cases[4], order=order, title=f"Søknad: {application.title}", application=application
        )
    for case in cases:
        services.case_publish(case=case, actor=secretary)
    services.meeting_publish_notice(meeting=meeting, actor=secretary)
    services.attendance_record(
        meeting=meeting,
        actor=secretary,
        rows={seat.pk: (True, "") for seat in seats},
    )
    for case in cases:
        no_business = case.standing == Case.Standing.OTHER_BUSINESS
        services.case_decide(
            case=case, actor=secretary, decision="Ingen saker ble meldt." if no_business else None
        )
    services.protocol_approve(meeting=meeting, actor=secretary)
    # The portal stamps each step with the real time; the demo tells the story of 2025.
    Meeting.objects.filter(pk=meeting.pk).update(
        notice_published_at=_at(dt.date(2025, 8, 26), 12), protocol_approved_at=_at(dt.date(2025, 9, 16), 10)
    )
    Case.objects.filter(meeting=meeting).update(
        published_at=_at(dt.date(2025, 8, 26), 12), decided_at=_at(PAST_MEETING_DATE, 14)
    )
    return meeting


def _next_meeting(ssu, secretary, today: dt.date) -> Meeting:
    day = today + dt.timedelta(days=21)
    while day.weekday() >= 5:  # a weekday
        day += dt.timedelta(days=1)
    meeting = services.meeting_create(
        committee=ssu,
        actor=secretary,
        date=day,
        starts_at=dt.time(10, 0),
        ends_at=dt.time(13, 0),
        place="Videomøte",
        video_link="https://teams.example.no/ssu-helgeland",
    )
    case = services.meeting_case_add(
        meeting=meeting, actor=secretary, title=NEXT_MEETING_CASE["title"], kind=NEXT_MEETING_CASE["kind"]
    )
    services.case_edit(
        case=case,
        actor=secretary,
        **{k: v for k, v in NEXT_MEETING_CASE.items() if k not in ("title", "kind")},
    )
    for agenda_case in meeting.cases.all():
        services.case_publish(case=agenda_case, actor=secretary)
    services.meeting_publish_notice(meeting=meeting, actor=secretary)
    return meeting


def seed_prioritisation_meeting(*, prioritisation, secretary, seats) -> Meeting:
    """The SSU's extraordinary meeting of 20.03.2025 that decided the 2025 ranking: the
    approval of the notice, the generated prioritisation case, the orientations and Eventuelt,
    all decided and the protocol approved. Deciding the prioritisation case records the SSU's
    decision on the board, which unlocks forwarding."""
    ssu = Committee.objects.get(health_community__slug="helgeland", kind=Committee.Kind.SSU)
    with transaction.atomic():
        _numbers_from(ssu, PRIORITISATION_MEETING_DATE.year, CASES_BEFORE_PRIORITISATION)
        meeting = services.meeting_create(
            committee=ssu,
            actor=secretary,
            kind=Meeting.Kind.EXTRAORDINARY,
            date=PRIORITISATION_MEETING_DATE,
            starts_at=dt.time(12, 0),
            ends_at=dt.time(14, 0),
            place="Videomøte",
            video_link="https://teams.example.no/ssu-helgeland",
        )
        services.meeting_prioritisation_case_add(
            prioritisation=prioritisation, meeting=meeting, actor=secretary
        )
        for case in meeting.cases.all():
            services.case_publish(case=case, actor=secretary)
        services.meeting_publish_notice(meeting=meeting, actor=secretary)
        services.attendance_record(
            meeting=meeting, actor=secretary, rows={seat.pk: (True, "") for seat in seats}
        )
        for case in meeting.cases.order_by("agenda_order"):
            no_business = case.standing == Case.Standing.OTHER_BUSINESS
            services.case_decide(
                case=case, actor=secretary, decision="Ingen saker ble meldt." if no_business else None
            )
        services.protocol_approve(meeting=meeting, actor=secretary)
        Meeting.objects.filter(pk=meeting.pk).update(
            notice_published_at=_at(dt.date(2025, 3, 13), 12),
            protocol_approved_at=_at(dt.date(2025, 3, 24), 10),
        )
        Case.objects.filter(meeting=meeting).update(
            published_at=_at(dt.date(2025, 3, 13), 12), decided_at=_at(PRIORITISATION_MEETING_DATE, 14)
        )
    return meeting
