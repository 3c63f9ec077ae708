"""The reminder sweep (notifications/reminders.py) with a frozen clock: the beat's task is run at
chosen Oslo moments (time_machine), and each test checks who got which reminder on which day.

* applicants of drafts and the unconfirmed partner: 14, 3, 1 and 0 days before the deadline,
  on the Oslo calendar day, on both sides of the DST changes (deadlines 25.10.2026 and
  29.03.2026), never after the round closed, never twice; custom offsets on the round; a
  missed morning caught up once; a draft made after an occasion does not get it; a signed
  agreement ends the partner's reminders; a round not yet open sends nothing;
* the secretariat: unscreened applications every day after the deadline (only its own
  helsefellesskap), and the forwarding deadline at 14, 7 and 2 days (or the round's own days)
  until the prioritisation is forwarded;
* committee members: the day before a meeting with a published notice (or the committee's own
  days); other committees' members get nothing;
* project leaders: a report due in 14 days, due today, then weekly until it is sent in;
* the e-mail of a reminder leaves once; the sweep's queries do not grow with the number of
  applications; the offsets are validated in the admin with a Norwegian message.
"""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib import admin
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.client import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application, Attachment, Prioritisation, Round
from applications.services import application_confirm_partnership
from committees import services as committee_services
from committees.models import Committee, CommitteeMembership
from core.models import HealthCommunity, SecretariatMembership
from notifications import reminders, tasks
from notifications.models import Kind, Notification
from notifications.offsets import parse_day_offsets, validate_day_offsets
from projects.models import Project, StatusReport
from projects.services import report_submit
from tests.factories import RoundFactory, UserFactory, attach, helgeland, make_application, org
from tests.projects.world import projects_in_bulk

OSLO = ZoneInfo("Europe/Oslo")
S = Application.Status
AUTUMN = dt.date(2026, 10, 25)  # 03:00 summer time → 02:00 winter time
SPRING = dt.date(2026, 3, 29)  # 02:00 winter time → 03:00 summer time
DAY = dt.timedelta(days=1)


def oslo(day: dt.date, hour=7, minute=0, second=0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=OSLO)


def days(first: dt.date, last: dt.date):
    while first <= last:
        yield first
        first += DAY


@pytest.fixture
def clock(db):
    """The frozen clock; tests move it (the world is built at the time it is set to)."""
    with time_machine.travel(oslo(dt.date(2026, 1, 5), 12), tick=False) as traveller:
        yield traveller


def sweep_at(clock, moment: dt.datetime) -> list[tuple]:
    """Run the beat's task at `moment`; what it made, as (kind, recipient, due date, subject)."""
    clock.move_to(moment)
    before = set(Notification.objects.values_list("pk", flat=True))
    count = tasks.reminder_sweep()
    made = Notification.objects.exclude(pk__in=before).select_related("recipient")
    assert count == made.count()
    return sorted((n.kind, n.recipient.email, n.due_on, n.subject) for n in made)


def every_morning(clock, first: dt.date, last: dt.date) -> dict[dt.date, list[tuple]]:
    """Run the sweep at 07:00 every day from `first` to `last`: the days something was made."""
    made = {day: sweep_at(clock, oslo(day)) for day in days(first, last)}
    return {day: rows for day, rows in made.items() if rows}


def who(rows, kind=None) -> list[str]:
    return sorted(email for k, email, _due, _subject in rows if kind in (None, k))


# --- Applicants and partners ------------------------------------------------------------------------


def applicant_world(deadline: dt.date, **round_fields):
    """A round with the deadline; in Rana kommune a writer, a colleague and one who has left; the
    hospital trust's user (the partner); the creator of the draft no longer in Rana.
    - «Utkast»: a draft the partner has not confirmed;
    - «Bekreftet»: a draft the partner confirmed;
    - «Sendt inn»: received, confirmed."""
    round_ = RoundFactory(
        deadline=deadline,
        opens_on=deadline - 60 * DAY,
        forwarding_deadline=deadline + 31 * DAY,
        **round_fields,
    )
    rana = org("Rana kommune")
    people = {
        "writer": UserFactory(email="skriver@rana.no", organisations=[rana]),
        "colleague": UserFactory(email="kollega@rana.no", organisations=[rana]),
        "left": UserFactory(email="sluttet@rana.no", organisations=[rana], is_active=False),
        "partner": UserFactory(email="partner@hsyk.no", organisations=[org("Helgelandssykehuset HF")]),
        "creator": UserFactory(email="opprettet@example.no"),
        "vefsn": UserFactory(email="annen@vefsn.no", organisations=[org("Vefsn kommune")]),
    }
    draft = make_application(round=round_, lead=rana, actor=people["creator"], title="Utkast")
    confirmed = make_application(round=round_, lead=rana, actor=people["writer"], title="Bekreftet")
    application_confirm_partnership(application=confirmed, actor=people["partner"])
    received = make_application(round=round_, lead=rana, actor=people["writer"], title="Sendt inn")
    application_confirm_partnership(application=received, actor=people["partner"])
    Application.objects.filter(pk=received.pk).update(status=S.RECEIVED, submitted_at=timezone.now())
    return round_, people, draft


def expected_applicant_rows(occasion: dt.date, when: str) -> list[tuple]:
    rows = [
        (Kind.DRAFT_DEADLINE, email, occasion, f"Søknadsfristen er {when}: {title}")
        for title, emails in (
            ("Utkast", ["skriver@rana.no", "kollega@rana.no", "opprettet@example.no"]),
            ("Bekreftet", ["skriver@rana.no", "kollega@rana.no"]),  # the creator is one of them
        )
        for email in emails
    ]
    rows.append(
        (Kind.PARTNER_CONFIRMATION, "partner@hsyk.no", occasion, "Bekreft samarbeidet om søknaden «Utkast»")
    )
    return sorted(rows)


@pytest.mark.parametrize("deadline", [AUTUMN, SPRING], ids=["autumn-dst", "spring-dst"])
def test_drafts_and_partner_are_reminded_14_3_1_and_0_days_before_the_deadline(clock, deadline):
    clock.move_to(oslo(deadline - 30 * DAY, 12))
    round_, people, draft = applicant_world(deadline)

    made = every_morning(clock, deadline - 16 * DAY, deadline + 3 * DAY)

    assert made == {
        deadline - 14 * DAY: expected_applicant_rows(deadline - 14 * DAY, "om 14 dager"),
        deadline - 3 * DAY: expected_applicant_rows(deadline - 3 * DAY, "om 3 dager"),
        deadline - DAY: expected_applicant_rows(deadline - DAY, "i morgen"),
        deadline: expected_applicant_rows(deadline, "i dag"),
    }
    # Nobody else: not the user who left, not the received application's people, not Vefsn.
    everyone = {email for rows in made.values() for email in who(rows)}
    assert everyone == {"skriver@rana.no", "kollega@rana.no", "opprettet@example.no", "partner@hsyk.no"}
    note = Notification.objects.get(
        kind=Kind.DRAFT_DEADLINE, recipient=people["writer"], target_id=draft.pk, due_on=deadline
    )
    assert note.body.startswith(f"Søknaden «Utkast» ({draft.reference}) er ikke sendt inn.")
    assert f"er {deadline:%d.%m.%Y} kl. 23.59 (i dag)" in note.body
    assert note.url == reverse("applications:detail", args=[draft.pk])
    partner_note = Notification.objects.get(kind=Kind.PARTNER_CONFIRMATION, due_on=deadline)
    assert "Rana kommune har ført opp Helgelandssykehuset HF som partner" in partner_note.body
    # The same morning again, as a second beat or a retry would: nothing more.
    assert sweep_at(clock, oslo(deadline, 7, 5)) == []


@pytest.mark.parametrize(
    "deadline, utc_day_of_first_minute",
    [(AUTUMN, dt.date(2026, 10, 24)), (SPRING, dt.date(2026, 3, 28))],
    ids=["autumn-dst", "spring-dst"],
)
def test_the_oslo_calendar_day_decides_at_any_hour(clock, deadline, utc_day_of_first_minute):
    """Run just after midnight and just before midnight, when the UTC date is another day."""
    clock.move_to(oslo(deadline - 5 * DAY, 12))
    applicant_world(deadline)

    one_day = sweep_at(clock, oslo(deadline - DAY, 0, 0, 30))
    assert {due for _k, _e, due, _s in one_day} == {deadline - DAY}
    assert sweep_at(clock, oslo(deadline - DAY, 23, 59, 59)) == []

    first_minute = oslo(deadline, 0, 0, 30)
    assert first_minute.astimezone(dt.UTC).date() == utc_day_of_first_minute  # UTC is still yesterday
    on_the_day = sweep_at(clock, first_minute)
    assert {due for _k, _e, due, _s in on_the_day} == {deadline}
    assert all("i dag" in subject for k, _e, _d, subject in on_the_day if k == Kind.DRAFT_DEADLINE)
    assert sweep_at(clock, oslo(deadline, 23, 59, 59)) == []

    # The round closed at 00:00 Oslo time: nothing after, at any hour.
    assert not Round.objects.get().is_open(oslo(deadline + DAY, 0, 0, 0))
    for moment in (oslo(deadline + DAY, 0, 0, 0), oslo(deadline + DAY, 7), oslo(deadline + 2 * DAY, 7)):
        assert sweep_at(clock, moment) == []


def test_custom_offsets_on_the_round_are_used(clock):
    deadline = dt.date(2026, 11, 2)
    clock.move_to(oslo(deadline - 30 * DAY, 12))
    round_, _people, _draft = applicant_world(deadline, reminder_days="5, 2")
    silent = RoundFactory(deadline=deadline, opens_on=deadline - 60 * DAY, reminder_days="")
    make_application(round=silent, lead=org("Vefsn kommune"), actor=UserFactory(), title="Stille")

    made = every_morning(clock, deadline - 16 * DAY, deadline + DAY)

    assert sorted(made) == [deadline - 5 * DAY, deadline - 2 * DAY]
    assert made[deadline - 2 * DAY] == expected_applicant_rows(deadline - 2 * DAY, "om 2 dager")


def test_a_missed_morning_is_caught_up_once_and_never_sent_late_twice(clock):
    deadline = dt.date(2026, 11, 2)
    clock.move_to(oslo(deadline - 20 * DAY, 12))
    _round, people, _draft = applicant_world(deadline)
    writer = people["writer"].email

    assert who(sweep_at(clock, oslo(deadline - 14 * DAY)), Kind.DRAFT_DEADLINE).count(writer) == 2
    # The beat did not run on the third day before; the next morning makes that reminder.
    late = sweep_at(clock, oslo(deadline - 2 * DAY))
    assert {due for _k, _e, due, _s in late} == {deadline - 3 * DAY}
    assert "Søknadsfristen er om 2 dager: Utkast" in {subject for _k, _e, _d, subject in late}
    assert sweep_at(clock, oslo(deadline - 2 * DAY, 15)) == []
    assert {due for _k, _e, due, _s in sweep_at(clock, oslo(deadline - DAY))} == {deadline - DAY}
    mine = Notification.objects.filter(recipient=people["writer"], kind=Kind.DRAFT_DEADLINE)
    assert mine.count() == 6  # two drafts × three occasions


def test_a_draft_made_after_an_occasion_waits_for_the_next(clock):
    deadline = dt.date(2026, 11, 2)
    round_ = RoundFactory(deadline=deadline, opens_on=deadline - 60 * DAY)
    writer = UserFactory(email="sen@rana.no", organisations=[org("Rana kommune")])
    clock.move_to(oslo(deadline - 2 * DAY, 12))  # after the 3-day occasion
    make_application(round=round_, lead=org("Rana kommune"), actor=writer, title="Sent")

    made = every_morning(clock, deadline - 2 * DAY, deadline + DAY)

    assert {day: who(rows, Kind.DRAFT_DEADLINE) for day, rows in made.items()} == {
        deadline - DAY: ["sen@rana.no"],
        deadline: ["sen@rana.no"],
    }


def test_a_signed_agreement_ends_the_partner_reminders_and_a_hospital_led_draft_asks_the_municipalities(
    clock,
):
    deadline = dt.date(2026, 11, 2)
    clock.move_to(oslo(deadline - 10 * DAY, 12))
    round_ = RoundFactory(deadline=deadline, opens_on=deadline - 60 * DAY)
    hsyk = org("Helgelandssykehuset HF")
    writer = UserFactory(email="skriver@hsyk.no", organisations=[hsyk])
    rana_user = UserFactory(email="partner@rana.no", organisations=[org("Rana kommune")])
    UserFactory(email="partner@vefsn.no", organisations=[org("Vefsn kommune")])
    hospital_led = make_application(round=round_, lead=hsyk, actor=writer, title="Sykehuset leder")
    hospital_led.participating_municipalities.set([org("Rana kommune"), org("Vefsn kommune")])
    signed = make_application(round=round_, lead=org("Rana kommune"), actor=rana_user, title="Signert")
    attach(signed, Attachment.Kind.SIGNED_AGREEMENT, name="Avtale.pdf")

    rows = sweep_at(clock, oslo(deadline - 3 * DAY))

    partner_rows = [
        (email, subject) for kind, email, _d, subject in rows if kind == Kind.PARTNER_CONFIRMATION
    ]
    assert sorted(partner_rows) == [
        ("partner@rana.no", "Bekreft samarbeidet om søknaden «Sykehuset leder»"),
        ("partner@vefsn.no", "Bekreft samarbeidet om søknaden «Sykehuset leder»"),
    ]
    assert writer.email not in who(
        rows, Kind.PARTNER_CONFIRMATION
    )  # the hospital trust asks, it is not asked
    assert "skriver@hsyk.no" in who(rows, Kind.DRAFT_DEADLINE)


def test_a_round_not_open_yet_sends_nothing(clock):
    deadline = dt.date(2026, 11, 2)
    round_ = RoundFactory(deadline=deadline, opens_on=deadline - DAY)
    make_application(
        round=round_, lead=org("Rana kommune"), actor=UserFactory(organisations=[org("Rana kommune")])
    )
    assert every_morning(clock, deadline - 15 * DAY, deadline - 2 * DAY) == {}


# --- The secretariat -----------------------------------------------------------------------------------


def secretary(email, slug="helgeland"):
    user = UserFactory(email=email)
    SecretariatMembership.objects.create(user=user, health_community=HealthCommunity.objects.get(slug=slug))
    return user


def sent_in(round_, lead, title, status=S.RECEIVED):
    made = make_application(round=round_, lead=org(lead), actor=UserFactory(), title=title)
    Application.objects.filter(pk=made.pk).update(status=status, submitted_at=timezone.now())
    return made


def test_the_secretariat_hears_of_unscreened_applications_every_day_after_the_deadline(clock):
    deadline = AUTUMN
    clock.move_to(oslo(deadline - 20 * DAY, 12))
    round_ = RoundFactory(deadline=deadline, opens_on=deadline - 60 * DAY, title="RS-tilskudd 2027 Helgeland")
    received = [sent_in(round_, "Rana kommune", "A"), sent_in(round_, "Vefsn kommune", "B")]
    sent_in(round_, "Rana kommune", "C", status=S.UNDER_REVIEW)
    make_application(round=round_, lead=org("Rana kommune"), title="Utkast")
    secretary("sekretar1@helgeland.no")
    secretary("sekretar2@helgeland.no")
    secretary("sekretar@finnmark.no", slug="finnmark")
    finnmark_round = RoundFactory(
        health_community=HealthCommunity.objects.get(slug="finnmark"),
        deadline=deadline,
        opens_on=deadline - 60 * DAY,
        title="RS-tilskudd 2027 Finnmark",
    )
    sent_in(finnmark_round, "Finnmarkssykehuset HF", "Finnmark")

    on_the_deadline = sweep_at(clock, oslo(deadline))
    assert who(on_the_deadline, Kind.UNSCREENED) == []  # still open: more may come
    day_after = sweep_at(clock, oslo(deadline + DAY))
    assert day_after == [
        (Kind.UNSCREENED, email, deadline + DAY, subject)
        for email, subject in [
            ("sekretar1@helgeland.no", "2 søknader venter på formell kontroll: RS-tilskudd 2027 Helgeland"),
            ("sekretar2@helgeland.no", "2 søknader venter på formell kontroll: RS-tilskudd 2027 Helgeland"),
            ("sekretar@finnmark.no", "1 søknad venter på formell kontroll: RS-tilskudd 2027 Finnmark"),
        ]
    ]
    note = Notification.objects.get(recipient__email="sekretar1@helgeland.no")
    assert note.url == reverse("secretariat:inbox", args=[round_.pk]) + "?status=received"
    assert "gikk ut 25.10.2026. 2 søknader har fortsatt status «Mottatt»" in note.body
    assert sweep_at(clock, oslo(deadline + DAY, 16)) == []  # once a day
    assert len(sweep_at(clock, oslo(deadline + 2 * DAY))) == 3  # and again the next day

    Application.objects.filter(pk__in=[a.pk for a in received]).update(status=S.UNDER_REVIEW)
    assert who(sweep_at(clock, oslo(deadline + 3 * DAY))) == ["sekretar@finnmark.no"]


def forwarding_world(clock, forwarding_deadline, **round_fields):
    clock.move_to(oslo(forwarding_deadline - 40 * DAY, 12))
    round_ = RoundFactory(
        deadline=forwarding_deadline - 31 * DAY,
        opens_on=forwarding_deadline - 90 * DAY,
        forwarding_deadline=forwarding_deadline,
        title="RS-tilskudd 2027 Helgeland",
        **round_fields,
    )
    sent_in(round_, "Rana kommune", "Vurdert", status=S.ASSESSED)
    secretary("sekretar@helgeland.no")
    secretary("sekretar@finnmark.no", slug="finnmark")
    return round_


def test_the_forwarding_deadline_reminds_at_14_7_and_2_days_until_forwarded(clock):
    forwarding = dt.date(2026, 11, 2)
    round_ = forwarding_world(clock, forwarding)

    made = every_morning(clock, forwarding - 16 * DAY, forwarding + DAY)

    assert made == {
        forwarding - n * DAY: [
            (
                Kind.FORWARDING_DEADLINE,
                "sekretar@helgeland.no",
                forwarding - n * DAY,
                f"Frist for oversendelse til Helse Nord om {n} dager: RS-tilskudd 2027 Helgeland",
            )
        ]
        for n in (14, 7, 2)
    }
    note = Notification.objects.get(due_on=forwarding - 2 * DAY)
    assert note.body == (
        "Prioriteringen for RS-tilskudd 2027 Helgeland er ikke sendt til Helse Nord. "
        "Fristen for oversendelse er 02.11.2026 (om 2 dager)."
    )
    assert note.url == reverse("secretariat:board", args=[round_.pk])


def test_a_forwarded_round_or_one_with_nothing_to_forward_sends_no_forwarding_reminder(clock):
    forwarding = dt.date(2026, 11, 2)
    round_ = forwarding_world(clock, forwarding)
    Prioritisation.objects.create(round=round_, forwarded_at=timezone.now())
    nothing = RoundFactory(deadline=forwarding - 31 * DAY, forwarding_deadline=forwarding, title="Tom")
    sent_in(nothing, "Rana kommune", "Avvist", status=S.REJECTED_FORMAL)
    assert every_morning(clock, forwarding - 15 * DAY, forwarding) == {}


def test_custom_forwarding_offsets_are_used(clock):
    forwarding = dt.date(2026, 11, 2)
    forwarding_world(clock, forwarding, forwarding_reminder_days="3,0")
    made = every_morning(clock, forwarding - 16 * DAY, forwarding + DAY)
    assert {day: [row[3] for row in rows] for day, rows in made.items()} == {
        forwarding - 3 * DAY: [
            "Frist for oversendelse til Helse Nord om 3 dager: RS-tilskudd 2027 Helgeland"
        ],
        forwarding: ["Frist for oversendelse til Helse Nord i dag: RS-tilskudd 2027 Helgeland"],
    }


# --- Committee members ---------------------------------------------------------------------------------


def seat(committee, email):
    user = UserFactory(email=email)
    CommitteeMembership.objects.create(committee=committee, user=user)
    return user


def ssu():
    return Committee.objects.get(health_community=helgeland(), kind=Committee.Kind.SSU)


def fsu():
    return Committee.objects.get(health_community=helgeland(), name="FSU rehabilitering")


def meeting(committee, day, *, publish=True):
    actor = UserFactory()
    made = committee_services.meeting_create(
        committee=committee, actor=actor, date=day, starts_at=dt.time(10, 0), place="Mosjøen"
    )
    if publish:
        committee_services.meeting_publish_notice(meeting=made, actor=actor)
    return made


def test_members_are_reminded_the_day_before_a_published_meeting_only(clock):
    day = AUTUMN + DAY  # the day before is the night the clocks go back
    clock.move_to(oslo(day - 20 * DAY, 12))
    seat(ssu(), "leder@ssu.no")
    seat(ssu(), "medlem@ssu.no")
    seat(fsu(), "medlem@fsu.no")
    published = meeting(ssu(), day)
    meeting(ssu(), day + 7 * DAY, publish=False)
    Notification.objects.all().delete()  # the «papers published» notes (tests/notifications/test_events.py)

    made = every_morning(clock, day - 5 * DAY, day + 8 * DAY)

    assert made == {
        AUTUMN: [
            (Kind.MEETING_TOMORROW, email, AUTUMN, "Møte i morgen: Strategisk samarbeidsutvalg 26.10.2026")
            for email in ("leder@ssu.no", "medlem@ssu.no")
        ]
    }
    note = Notification.objects.get(recipient__email="leder@ssu.no")
    assert note.body.startswith("Strategisk samarbeidsutvalg har møte 26.10.2026 kl. 10.00 (i morgen).")
    assert note.url == reverse("committees:member_meeting", args=[published.pk])


def test_custom_committee_offsets_are_used_and_other_committees_get_nothing(clock):
    day = dt.date(2026, 12, 3)
    clock.move_to(oslo(day - 20 * DAY, 12))
    Committee.objects.filter(pk=fsu().pk).update(meeting_reminder_days="3,0")
    seat(fsu(), "medlem@fsu.no")
    seat(ssu(), "medlem@ssu.no")
    meeting(fsu(), day)
    Notification.objects.all().delete()

    made = every_morning(clock, day - 5 * DAY, day + DAY)

    assert {d: [(row[1], row[3]) for row in rows] for d, rows in made.items()} == {
        day - 3 * DAY: [("medlem@fsu.no", "Møte om 3 dager: FSU rehabilitering 03.12.2026")],
        day: [("medlem@fsu.no", "Møte i dag: FSU rehabilitering 03.12.2026")],
    }


def test_a_notice_published_after_the_reminder_day_is_not_reminded_of_it(clock):
    day = dt.date(2026, 12, 3)
    clock.move_to(oslo(day - 20 * DAY, 12))
    seat(ssu(), "medlem@ssu.no")
    planned = meeting(ssu(), day, publish=False)
    assert sweep_at(clock, oslo(day - DAY)) == []  # 07:00: not published yet
    clock.move_to(oslo(day - DAY, 12))
    committee_services.meeting_publish_notice(meeting=planned, actor=UserFactory())
    # Published on the reminder's day: the next morning still reminds (the morning run missed it).
    assert [row[3] for row in sweep_at(clock, oslo(day))] == [
        "Møte i dag: Strategisk samarbeidsutvalg 03.12.2026"
    ]

    later = meeting(ssu(), day + 14 * DAY, publish=False)
    clock.move_to(oslo(day + 14 * DAY, 8))  # published on the meeting day, after its reminder day
    committee_services.meeting_publish_notice(meeting=later, actor=UserFactory())
    assert sweep_at(clock, oslo(day + 14 * DAY, 9)) == []


# --- Project leaders ------------------------------------------------------------------------------------


def project_with_report(round_, due_on, *, leader_email, title, state=Project.State.ACTIVE):
    project = projects_in_bulk(round_, 1, lead=org("Rana kommune"))[0]
    leader = UserFactory(email=leader_email, organisations=[org("Rana kommune")]) if leader_email else None
    Project.objects.filter(pk=project.pk).update(title=title, leader=leader, state=state)
    report = StatusReport.objects.create(
        project=project,
        kind=StatusReport.Kind.SSU,
        period_start=dt.date(2026, 1, 1),
        period_end=dt.date(2026, 6, 30),
        due_on=due_on,
        status=StatusReport.Status.DRAFT,
        progress="Teamet er i gang.",
    )
    return report, leader


def test_a_report_is_reminded_14_days_before_on_the_day_and_weekly_until_sent_in(clock):
    due = AUTUMN
    clock.move_to(oslo(due - 30 * DAY, 12))
    round_ = RoundFactory(year=2025, deadline=dt.date(2025, 3, 1), opens_on=dt.date(2025, 1, 1))
    report, leader = project_with_report(
        round_, due, leader_email="leder@prosjekt.no", title="Kartleggingsteam"
    )
    later, _ = project_with_report(round_, due + 60 * DAY, leader_email="annen@prosjekt.no", title="Annet")
    project_with_report(round_, due, leader_email=None, title="Uten leder")
    project_with_report(
        round_, due, leader_email="stanset@prosjekt.no", title="Stanset", state=Project.State.STOPPED
    )
    sent_back, _ = project_with_report(round_, due, leader_email="rettes@prosjekt.no", title="Sendt tilbake")
    StatusReport.objects.filter(pk=sent_back.pk).update(
        status=StatusReport.Status.CHANGES_REQUESTED, submitted_at=oslo(due - 2 * DAY, 9)
    )

    made = every_morning(clock, due - 16 * DAY, due + 15 * DAY)

    assert {day: [(row[0], row[1], row[3]) for row in rows] for day, rows in made.items()} == {
        due - 14 * DAY: [
            (Kind.REPORT_DUE, leader.email, "Statusrapport forfaller om 14 dager: Kartleggingsteam")
        ],
        due: [(Kind.REPORT_DUE, leader.email, "Statusrapport forfaller i dag: Kartleggingsteam")],
        due + 7 * DAY: [(Kind.REPORT_OVERDUE, leader.email, "Statusrapport er forfalt: Kartleggingsteam")],
        due + 14 * DAY: [(Kind.REPORT_OVERDUE, leader.email, "Statusrapport er forfalt: Kartleggingsteam")],
    }
    overdue = Notification.objects.get(kind=Kind.REPORT_OVERDUE, due_on=due + 14 * DAY)
    assert overdue.body.startswith(
        "Statusrapport til SSU 01.01.2026–30.06.2026 for Kartleggingsteam skulle vært sendt inn 25.10.2026, "
        "for 14 dager siden."
    )
    assert overdue.url == reverse("projects:report", args=[report.pk])

    # Sent in: the weekly reminders stop.
    report_submit(report=report, actor=leader)
    assert every_morning(clock, due + 16 * DAY, due + 36 * DAY) == {}
    assert not Notification.objects.filter(recipient__email="annen@prosjekt.no").exists()  # due later


# --- E-mail, queries, offsets ------------------------------------------------------------------------------


def test_a_reminder_is_e_mailed_once(clock, settings, django_capture_on_commit_callbacks):
    settings.CELERY_TASK_ALWAYS_EAGER = True  # as without Redis: the send runs in this process
    settings.SITE_URL = "https://rs.example.no"
    deadline = dt.date(2026, 11, 2)
    clock.move_to(oslo(deadline - 20 * DAY, 12))
    _round, _people, draft = applicant_world(deadline)

    with django_capture_on_commit_callbacks(execute=True):
        count = len(sweep_at(clock, oslo(deadline - DAY)))
    with django_capture_on_commit_callbacks(execute=True):
        assert sweep_at(clock, oslo(deadline - DAY, 8)) == []

    assert len(mail.outbox) == count == 6
    message = next(m for m in mail.outbox if m.to == ["opprettet@example.no"])
    assert message.subject == "Søknadsfristen er i morgen: Utkast"
    assert f"https://rs.example.no{reverse('applications:detail', args=[draft.pk])}" in message.body
    assert set(Notification.objects.values_list("email_status", flat=True)) == {"sent"}


def sweep_queries(today) -> tuple[int, int, int]:
    with CaptureQueriesContext(connection) as first:
        made = reminders.sweep(today)
    with CaptureQueriesContext(connection) as second:
        assert reminders.sweep(today) == 0
    return made, len(first.captured_queries), len(second.captured_queries)


@pytest.mark.parametrize("drafts", [4, 40])
def test_the_sweep_makes_a_fixed_number_of_queries_plus_notifys_own(clock, drafts):
    deadline = dt.date(2026, 11, 2)
    clock.move_to(oslo(deadline - 20 * DAY, 12))
    round_ = RoundFactory(deadline=deadline, opens_on=deadline - 60 * DAY)
    writers = [UserFactory(organisations=[org("Rana kommune")]) for _ in range(3)]
    UserFactory(organisations=[org("Helgelandssykehuset HF")])
    for n in range(drafts):
        made = make_application(
            round=round_, lead=org("Rana kommune"), actor=writers[n % 3], title=f"Utkast {n}"
        )
        made.participating_municipalities.add(org("Vefsn kommune"))
    secretary("sekretar@helgeland.no")
    ssu_member = seat(ssu(), "medlem@ssu.no")
    assert ssu_member
    clock.move_to(oslo(deadline - 14 * DAY))

    made, first, second = sweep_queries(timezone.localdate())

    assert made == drafts * 4  # three writers of Rana and the hospital trust's user, per draft
    # Finding what is due: rounds, applications, municipalities (prefetch), memberships; the
    # secretariat's two round queries; meetings; reports; the keys made before.
    assert second == 9, second
    # notify() per notification made: exists?, preference, savepoint, insert, release — and the
    # sweep's own savepoint around it (two statements).
    assert first == second + 7 * made, (first, second, made)


def test_offsets_are_validated_with_a_norwegian_message():
    for good in ["14,3,1,0", " 7 , 1 ", "0", "", "365"]:
        validate_day_offsets(good)
    for bad in ["14,tre", "14;3", "-1", "1.5", "400", "14,,3", "3,"]:
        with pytest.raises(ValidationError) as refused:
            validate_day_offsets(bad)
        assert "for eksempel «14,3,1,0»" in refused.value.messages[0]
    assert parse_day_offsets("14, 3,1,0") == {14, 3, 1, 0}
    assert parse_day_offsets("7,x,-1,2") == {7, 2}  # a bad value stored outside the admin: skipped


@pytest.mark.django_db
def test_the_admin_shows_and_validates_the_offsets(client):
    superuser = UserFactory(email="admin@example.no", is_superuser=True, is_staff=True)
    client.force_login(superuser)
    round_ = RoundFactory()
    request = RequestFactory().get("/")
    request.user = superuser

    page = client.get(reverse("admin:applications_round_change", args=[round_.pk])).content.decode()
    assert 'name="reminder_days" value="14,3,1,0"' in page
    assert 'name="forwarding_reminder_days" value="14,7,2"' in page
    page = client.get(reverse("admin:committees_committee_change", args=[ssu().pk])).content.decode()
    assert 'name="meeting_reminder_days" value="1"' in page

    RoundForm = admin.site._registry[Round].get_form(request, round_)
    data = {f: getattr(round_, f) for f in ("health_community", "year", "title", "opens_on", "deadline")}
    data |= {
        "health_community": round_.health_community_id,
        "forwarding_deadline": round_.forwarding_deadline,
    }
    form = RoundForm(
        data={**data, "reminder_days": "14, tre", "forwarding_reminder_days": "7"}, instance=round_
    )
    assert not form.is_valid()
    assert form.errors["reminder_days"] == [
        "Skriv antall dager som hele tall fra 0 til 365, skilt med komma, for eksempel «14,3,1,0». "
        "«tre» er ikke et slikt tall."
    ]
    form = RoundForm(data={**data, "reminder_days": "10,1", "forwarding_reminder_days": ""}, instance=round_)
    assert form.is_valid(), form.errors
    form.save()
    round_.refresh_from_db()
    assert (round_.reminder_days, round_.forwarding_reminder_days) == ("10,1", "")

    CommitteeForm = admin.site._registry[Committee].get_form(request, ssu())
    form = CommitteeForm(
        data={
            "health_community": helgeland().pk,
            "kind": "ssu",
            "name": ssu().name,
            "meeting_reminder_days": "1;2",
        },
        instance=ssu(),
    )
    assert not form.is_valid() and "for eksempel «14,3,1,0»" in form.errors["meeting_reminder_days"][0]
