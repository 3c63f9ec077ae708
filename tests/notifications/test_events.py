"""Notifications caused by an action (notifications/events.py), made by the service in the same
transaction and e-mailed after commit:

* applicants hear of the status changes meant for them: received (on submit), formally
  rejected (with the reason), forwarded, granted (with the amount) and refused (with the
  reason); the secretariat's intermediate steps are not announced; the recipients are the lead
  organisation's users plus whoever sent it in; one notification per status change (the
  StatusEvent is the target), so a second submission is announced again;
* committee members hear that the papers of a meeting are published: every seat of that
  committee, nobody else;
* nothing is e-mailed before the transaction commits, and a refused action makes nothing.
"""

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from applications import prioritisation, review
from applications.models import Application, PriorityEntry, StatusEvent
from applications.services import (
    ApplicationError,
    application_confirm_partnership,
    application_submit,
)
from committees import services as committee_services
from committees.models import Committee, CommitteeMembership
from core.models import HealthCommunity, Membership, SecretariatMembership
from notifications.models import Kind, Notification
from tests.factories import RoundFactory, UserFactory, helgeland, make_application, org

S = Application.Status
NBSP = "\u00a0"


# --- The world ----------------------------------------------------------------------------------


@pytest.fixture
def rana_users(db):
    """Two users of Rana kommune (the lead organisation) and one who has left (inactive)."""
    rana = org("Rana kommune")
    inactive = UserFactory(email="sluttet@example.no", organisations=[rana], is_active=False)
    return [
        UserFactory(email="soker.rana@example.no", organisations=[rana]),
        UserFactory(email="kollega.rana@example.no", organisations=[rana]),
    ], inactive


@pytest.fixture
def hospital_user(db):
    return UserFactory(email="soker.hsyk@example.no", organisations=[org("Helgelandssykehuset HF")])


@pytest.fixture
def vefsn_user(db):
    return UserFactory(email="soker.vefsn@example.no", organisations=[org("Vefsn kommune")])


@pytest.fixture
def secretary(db):
    user = UserFactory(email="sekretariat@example.no")
    SecretariatMembership.objects.create(user=user, health_community=helgeland())
    return user


@pytest.fixture
def helse_nord(db):
    user = UserFactory(email="helsenord@example.no")
    Membership.objects.create(user=user, organisation=org("Helse Nord RHF"))
    return user


@pytest.fixture
def application(rana_users, hospital_user):
    """A complete application led by Rana kommune, confirmed by the hospital trust."""
    writer = rana_users[0][0]
    made = make_application(
        round=RoundFactory(title="RS-tilskudd 2027 Helgeland"),
        lead=org("Rana kommune"),
        actor=writer,
        complete=True,
    )
    application_confirm_partnership(application=made, actor=hospital_user)
    return made


def status_notes(application, to_status=None):
    events = StatusEvent.objects.filter(application=application)
    if to_status:
        events = events.filter(to_status=to_status)
    return Notification.objects.filter(
        kind=Kind.STATUS_CHANGE, target_type="applications.statusevent", target_id__in=events.values("pk")
    ).order_by("recipient__email")


def recipients(notifications) -> list[str]:
    return sorted(n.recipient.email for n in notifications)


def submitted(application, actor) -> Application:
    application_submit(application=application, actor=actor)
    application.refresh_from_db()
    return application


def to_status(application, status):
    Application.objects.filter(pk=application.pk).update(status=status)
    application.refresh_from_db()
    return application


# --- Received -----------------------------------------------------------------------------------


def test_submit_tells_the_lead_organisation_and_the_submitter_once_per_submission(
    application, rana_users, hospital_user
):
    (writer, colleague), inactive = rana_users
    # The hospital trust's user is a party and sends it in: not in Rana, so added as submitter.
    submitted(application, hospital_user)

    received = status_notes(application, S.RECEIVED)
    assert recipients(received) == sorted([writer.email, colleague.email, hospital_user.email])
    assert inactive.email not in recipients(received)
    note = received.first()
    assert note.subject == f"Søknaden er mottatt: {application.title}"
    assert application.reference in note.body and "mottatt av Helsefellesskap Helgeland" in note.body
    assert f"{application.round.deadline:%d.%m.%Y} kl. 23.59" in note.body
    assert note.url == reverse("applications:detail", args=[application.pk])
    assert note.due_on is None
    assert note.key.startswith("status_change:applications.statusevent:")

    # A second version is a new status event, announced again; now Rana's writer sent it in, so
    # the hospital trust's user is not told this time.
    first = [n.pk for n in received]
    # (After an edit: with nothing changed, a second «Send inn» gives the same version.)
    type(application).objects.filter(pk=application.pk).update(has_unsubmitted_changes=True)
    submitted(application, writer)
    second = status_notes(application, S.RECEIVED).exclude(pk__in=first)
    assert recipients(second) == sorted([writer.email, colleague.email])
    assert Notification.objects.values("key").distinct().count() == Notification.objects.count()


def test_submit_with_notify_off_makes_no_notification(application, rana_users):
    """The seeding of demo data submits with notify=False: no receipt, no notification."""
    application_submit(application=application, actor=rana_users[0][0], notify=False)
    assert not Notification.objects.exists()


def test_a_refused_submission_makes_nothing(rana_users):
    writer = rana_users[0][0]
    incomplete = make_application(round=RoundFactory(), lead=org("Rana kommune"), actor=writer)
    with pytest.raises(ApplicationError):
        application_submit(application=incomplete, actor=writer)
    assert not Notification.objects.exists()


# --- The secretariat's decisions -------------------------------------------------------------------


def test_formal_rejection_carries_the_reason_and_intermediate_steps_are_not_announced(
    application, rana_users, hospital_user, secretary
):
    (writer, colleague), _inactive = rana_users
    submitted(application, writer)
    before = Notification.objects.count()

    review.application_transition(application=application, action="start_review", actor=secretary)
    assert Notification.objects.count() == before  # «under vurdering» is not news to the applicant

    review.application_transition(
        application=application,
        action="reject_formal",
        actor=secretary,
        reason="Budsjettet mangler egeninnsats fra helseforetaket.",
    )
    rejected = status_notes(application, S.REJECTED_FORMAL)
    assert recipients(rejected) == sorted([writer.email, colleague.email])
    assert hospital_user.email not in recipients(rejected)  # a partner, not the lead or the submitter
    note = rejected.first()
    assert note.subject == f"Søknaden er formelt avvist: {application.title}"
    assert "Begrunnelse: Budsjettet mangler egeninnsats fra helseforetaket." in note.body
    assert secretary.email not in recipients(Notification.objects.all())


def test_forwarding_tells_each_applicant_of_its_own_application(secretary, rana_users, vefsn_user):
    """The board forwards the whole round; each lead organisation hears of its own application."""
    writer = rana_users[0][0]
    deadline = timezone.localdate() - dt.timedelta(days=10)
    round_ = RoundFactory(opens_on=deadline - dt.timedelta(days=60), deadline=deadline)
    rana_app = make_application(round=round_, lead=org("Rana kommune"), actor=writer, title="Rana")
    vefsn_app = make_application(round=round_, lead=org("Vefsn kommune"), actor=vefsn_user, title="Vefsn")
    board = prioritisation.prioritisation_sync(round_)
    for rank, app in enumerate([rana_app, vefsn_app], start=1):
        to_status(app, S.PRIORITISED)
        PriorityEntry.objects.create(
            prioritisation=board, application=app, regional_rank=rank, local_rank=rank
        )
    board.refresh_from_db()
    board.frozen_at, board.decided_on, board.decision_reference = timezone.now(), deadline, "31-2027"
    board.save()

    prioritisation.round_forward(round_=round_, actor=secretary, version=board.version)

    rana_notes = status_notes(rana_app, S.FORWARDED)
    vefsn_notes = status_notes(vefsn_app, S.FORWARDED)
    assert recipients(rana_notes) == sorted(u.email for u in rana_users[0])
    assert recipients(vefsn_notes) == [vefsn_user.email]
    note = rana_notes.first()
    assert note.subject == "Søknaden er sendt til Helse Nord: Rana"
    assert "prioritert av Helsefellesskap Helgeland og sendt til Helse Nord" in note.body


# --- Helse Nord's decision -------------------------------------------------------------------------


def test_grant_tells_the_amount_and_its_years(application, rana_users, helse_nord):
    writer = rana_users[0][0]
    submitted(application, writer)
    to_status(application, S.FORWARDED)

    review.application_record_award(
        application=application,
        actor=helse_nord,
        granted=True,
        amounts_by_year={2027: 2_000_000, 2028: 2_657_000},
    )

    granted = status_notes(application, S.GRANTED)
    assert recipients(granted) == sorted(u.email for u in rana_users[0])
    note = granted.first()
    assert note.subject == f"Søknaden er innvilget: {application.title}"
    assert f"Helse Nord har innvilget kr{NBSP}4{NBSP}657{NBSP}000 til «{application.title}»" in note.body
    assert (
        f"Fordelt per år: 2027: kr{NBSP}2{NBSP}000{NBSP}000, 2028: kr{NBSP}2{NBSP}657{NBSP}000." in note.body
    )
    assert note.url == reverse("applications:detail", args=[application.pk])


def test_refusal_tells_the_reason(application, rana_users, helse_nord):
    writer = rana_users[0][0]
    submitted(application, writer)
    to_status(application, S.FORWARDED)

    review.application_record_award(
        application=application, actor=helse_nord, granted=False, reason="Rammen er brukt opp i år."
    )

    note = status_notes(application, S.REFUSED).first()
    assert note.subject == f"Søknaden er avslått: {application.title}"
    assert "Begrunnelse: Rammen er brukt opp i år." in note.body
    assert recipients(status_notes(application, S.REFUSED)) == sorted(u.email for u in rana_users[0])


def test_a_refused_award_makes_nothing(application, rana_users, helse_nord):
    submitted(application, rana_users[0][0])
    to_status(application, S.FORWARDED)
    before = Notification.objects.count()
    with pytest.raises(ApplicationError):
        review.application_record_award(application=application, actor=helse_nord, granted=True)
    assert Notification.objects.count() == before


# --- Papers published --------------------------------------------------------------------------------


def seat(committee, email, role=CommitteeMembership.Role.MEMBER):
    user = UserFactory(email=email)
    CommitteeMembership.objects.create(committee=committee, user=user, role=role)
    return user


def test_papers_published_reach_every_seat_of_the_committee_and_nobody_else(secretary):
    ssu = Committee.objects.get(health_community=helgeland(), kind=Committee.Kind.SSU)
    fsu = Committee.objects.get(health_community=helgeland(), name="FSU rehabilitering")
    chair = seat(ssu, "leder@example.no", CommitteeMembership.Role.CHAIR)
    substitute = seat(ssu, "vara@example.no", CommitteeMembership.Role.SUBSTITUTE)
    clerk = seat(ssu, "referent@example.no", CommitteeMembership.Role.SECRETARIAT)
    fsu_member = seat(fsu, "fsu@example.no")
    meeting = committee_services.meeting_create(
        committee=ssu, actor=secretary, date=dt.date(2027, 9, 9), starts_at=dt.time(9, 0), place="Mosjøen"
    )
    assert not Notification.objects.exists()  # a meeting being planned is not news yet

    committee_services.meeting_publish_notice(meeting=meeting, actor=secretary)

    published = Notification.objects.filter(kind=Kind.PAPERS_PUBLISHED)
    assert recipients(published) == sorted([chair.email, substitute.email, clerk.email])
    assert fsu_member.email not in recipients(published) and secretary.email not in recipients(published)
    note = published.first()
    assert note.subject == "Sakspapirer publisert: Strategisk samarbeidsutvalg 09.09.2027"
    assert "møtet i Strategisk samarbeidsutvalg 09.09.2027 kl. 09.00 er publisert" in note.body
    assert "Sted: Mosjøen" in note.body
    assert (note.target_type, note.target_id) == ("committees.meeting", meeting.pk)
    assert note.url == reverse("committees:member_meeting", args=[meeting.pk])

    with pytest.raises(ApplicationError):  # publishing twice is refused, and makes nothing more
        committee_services.meeting_publish_notice(meeting=meeting, actor=secretary)
    assert published.count() == 3


def test_an_other_helsefellesskap_committee_is_not_told(secretary):
    """A committee elsewhere (made here: the reference data has Helgeland's only)."""
    finnmark = Committee.objects.create(
        health_community=HealthCommunity.objects.get(slug="finnmark"),
        kind=Committee.Kind.SSU,
        name="SSU Finnmark",
    )
    elsewhere = seat(finnmark, "finnmark@example.no")
    ssu = Committee.objects.get(health_community=helgeland(), kind=Committee.Kind.SSU)
    member = seat(ssu, "medlem@example.no")
    meeting = committee_services.meeting_create(
        committee=ssu, actor=secretary, date=dt.date(2027, 9, 9), starts_at=dt.time(9, 0)
    )
    committee_services.meeting_publish_notice(meeting=meeting, actor=secretary)
    assert recipients(Notification.objects.all()) == [member.email]
    assert elsewhere.email not in recipients(Notification.objects.all())


# --- E-mail after commit -------------------------------------------------------------------------------


def test_the_e_mails_leave_after_commit_with_the_link(
    application, rana_users, settings, django_capture_on_commit_callbacks
):
    """Without a worker the task runs in this process (eager), as it does with no Redis."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.SITE_URL = "https://rs.example.no"
    writer, colleague = rana_users[0]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        application_submit(application=application, actor=writer)
        assert mail.outbox == []  # nothing before commit
    for callback in callbacks:
        callback()

    received = [m for m in mail.outbox if m.subject.startswith("Søknaden er mottatt")]
    # The submitter has the receipt e-mail (with the PDF); «mottatt» is in their portal list.
    assert [m.to[0] for m in received] == [colleague.email]
    assert [m.to[0] for m in mail.outbox if m.subject.startswith("Kvittering")] == [writer.email]
    link = f"https://rs.example.no{reverse('applications:detail', args=[application.pk])}"
    assert all(link in m.body for m in received)
    assert all(m.alternatives and m.alternatives[0][1] == "text/html" for m in received)
    emailed = dict(status_notes(application).values_list("recipient__email", "email_status"))
    assert emailed == {writer.email: "skipped", colleague.email: "sent"}
