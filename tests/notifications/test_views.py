"""The notification pages under /varsler/.

- Must-show 4: a user who turns a kind off on the settings page gets no e-mail of that kind (its
  row says «skipped») but still sees it in the portal, counted as unread in the header; a kind left
  on is e-mailed exactly once (the send task run in-process, eagerly, and run again).
- Every URL × every role × GET and POST: anonymous users go to the login page; everyone sees and
  marks only their own notifications (another user's is 404, and stays unread); the log is for the
  secretariat and the administrator, 404 for applicants, committee members and Helse Nord.
- The list: newest first, 25 a page, unread ones marked in text, dates dd.mm.yyyy HH:MM in Oslo
  time; «Marker som lest», «Marker alle som lest» and «Åpne» (a POST that marks read and goes to
  the object). The settings page. The log: who sees what (the secretariat: its helsefellesskap's
  objects, no drafts; the administrator: all), its columns and filters.
- Queries: the header's unread count is read in one query for a logged-in user (the one that reads
  the user's seats) and none for an anonymous one; the list and the log make the same, exact number
  of queries with 5 and with 100 rows.
"""

import datetime as dt
import itertools
import re

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.models import Application
from core.models import HealthCommunity
from notifications import services, tasks
from notifications.models import Kind, Notification, Preference
from tests.committees import world
from tests.factories import RoundFactory, UserFactory, make_application, org

pytestmark = pytest.mark.django_db

S = Notification.EmailStatus
LIST = reverse("notifications:list")
LOG = reverse("notifications:log")
PREFERENCES = reverse("notifications:preferences")
_numbers = itertools.count(1)


def note(recipient, target, *, kind=Kind.STATUS_CHANGE, subject=None, url="/soknader/", read=False, **fields):
    """A notification as the portal keeps it (the views only read and mark them)."""
    number = next(_numbers)
    fields.setdefault("email_status", S.SKIPPED)
    return Notification.objects.create(
        key=f"test:{number}",
        kind=kind,
        recipient=recipient,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        subject=subject or f"Varsel nummer {number}",
        body=f"Teksten i varsel {number}.\nAndre linje.",
        url=url,
        read_at=timezone.now() if read else None,
        **fields,
    )


def bulk_notes(recipient, target, n, *, start=0, kind=Kind.STATUS_CHANGE):
    Notification.objects.bulk_create(
        Notification(
            key=f"bulk:{recipient.pk}:{start + i}",
            kind=kind,
            recipient=recipient,
            target_type=target._meta.label_lower,
            target_id=target.pk,
            subject=f"Massevarsel {start + i}",
            body="Tekst",
            url="/soknader/",
            email_status=S.SENT if i % 2 else S.SKIPPED,
            emailed_at=timezone.now() if i % 2 else None,
            read_at=timezone.now() if i % 3 == 0 else None,
        )
        for i in range(n)
    )


def received_application(round_=None, lead="Rana kommune", actor=None, title="Kartleggingsteam"):
    application = make_application(round=round_ or RoundFactory(), lead=org(lead), actor=actor, title=title)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.RECEIVED)
    application.refresh_from_db()
    return application


def text(response) -> str:
    return response.content.decode()


# --- Must-show 4: a kind turned off is not e-mailed but is shown in the portal --------------------


def test_a_kind_turned_off_on_the_settings_page_is_not_e_mailed_but_shows_in_the_portal(
    client, settings, django_capture_on_commit_callbacks
):
    # Given an applicant who turns «Ny status på søknad» off on the settings page, leaving the rest on
    applicant = world.applicant()
    application = received_application(actor=applicant)
    client.force_login(applicant)
    page = text(client.get(PREFERENCES))
    assert page.count('type="checkbox"') == len(Kind.values) and page.count(" checked") == len(Kind.values)
    kept = [kind for kind in Kind.values if kind != Kind.STATUS_CHANGE]
    response = client.post(PREFERENCES, {"email_kinds": kept})
    assert response.status_code == 302
    assert Preference.objects.get(user=applicant, kind=Kind.STATUS_CHANGE).email is False
    assert services.preferences_for(applicant)[Kind.REPORT_DUE] is True
    page = text(client.get(PREFERENCES))
    assert page.count(" checked") == len(Kind.values) - 1

    # When the portal notifies them of one kind turned off and one left on, and the sends run in
    # this process after commit (as the worker would)
    settings.CELERY_TASK_ALWAYS_EAGER = True
    mail.outbox = []
    with django_capture_on_commit_callbacks(execute=True):
        off = services.notify(
            kind=Kind.STATUS_CHANGE,
            recipient=applicant,
            target=application,
            subject="Søknaden «Kartleggingsteam» er mottatt",
            body="Sekretariatet har mottatt søknaden.",
            url=application.get_absolute_url(),
        )
        on = services.notify(
            kind=Kind.PAPERS_PUBLISHED,
            recipient=applicant,
            target=application,
            subject="Sakspapirene er publisert",
            body="Sakspapirene til møtet er publisert.",
            url=application.get_absolute_url(),
        )

    # Then only the kind left on is e-mailed, exactly once, even when its send runs again
    assert [(m.to, m.subject) for m in mail.outbox] == [([applicant.email], "Sakspapirene er publisert")]
    assert tasks.send_notification_email.apply(args=[on.pk]).get() == "not pending"
    assert tasks.send_notification_email.apply(args=[off.pk]).get() == "not pending"
    assert len(mail.outbox) == 1
    off.refresh_from_db()
    on.refresh_from_db()
    assert off.email_status == S.SKIPPED and off.emailed_at is None
    assert on.email_status == S.SENT and on.emailed_at is not None

    # … and both are in the portal, unread, counted in the header
    page = text(client.get(LIST))
    assert "Søknaden «Kartleggingsteam» er mottatt" in page and "Sakspapirene er publisert" in page
    assert "2 uleste varsler" in page  # the header's label
    assert "Du har 2 uleste varsler." in page
    assert page.count(">Ulest</span>") == 2


# --- Access: every URL × every role × GET and POST --------------------------------------------------

ROLES = [
    "anonymous",
    "applicant",
    "committee_member",
    "helse_nord",
    "secretariat",
    "other_secretariat",
    "superuser",
]
LOG_ROLES = {"secretariat", "other_secretariat", "superuser"}
URLS = ["list", "mark_all_read", "mark_read", "open", "preferences", "log"]


class World:
    """One user per role, each with one unread notification of their own about a Helgeland
    application."""

    def __init__(self):
        self.users = {
            "anonymous": None,
            "applicant": world.applicant(),
            "committee_member": world.member(world.ssu(), "ssu.medlem@example.no", "Vefsn kommune"),
            "helse_nord": world.helse_nord_reader(),
            "secretariat": world.secretary(),
            "other_secretariat": world.secretary("sekretariat.finnmark@example.no", community="finnmark"),
            "superuser": UserFactory(email="admin@example.no", is_superuser=True, is_staff=True),
        }
        self.application = received_application(actor=self.users["applicant"])
        self.notes = {
            role: note(user, self.application, subject=f"Varsel til {role}")
            for role, user in self.users.items()
            if user is not None
        }
        # Someone outside every role, whose notification nobody else may touch
        self.stranger = note(UserFactory(email="annen@example.no"), self.application, subject="Ikke ditt")


@pytest.fixture
def roles():
    return World()


def _url(name, roles, role):
    if name in ("mark_read", "open"):
        target = roles.notes.get(role, roles.stranger)
        return reverse(f"notifications:{name}", args=[target.pk])
    return reverse(f"notifications:{name}")


def _expected(name, method, role):
    if role == "anonymous":
        return "login"
    if name == "list":
        return 200 if method == "get" else 405
    if name == "preferences":
        return 200 if method == "get" else 302
    if name in ("mark_all_read", "mark_read", "open"):
        return 405 if method == "get" else 302
    if name == "log":
        return (200 if role in LOG_ROLES else 404) if method == "get" else 405
    raise AssertionError(name)


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("name", URLS)
def test_every_url_for_every_role(client, roles, name, method, role):
    user = roles.users[role]
    if user is not None:
        client.force_login(user)
    data = {"email_kinds": list(Kind.values)} if name == "preferences" and method == "post" else {}
    response = getattr(client, method)(_url(name, roles, role), data)
    expected = _expected(name, method, role)
    if expected == "login":
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
        assert not Notification.objects.filter(read_at__isnull=False).exists()
        return
    assert response.status_code == expected, text(response)[:500]
    # Only an allowed POST marks anything, and only the user's own
    read = set(Notification.objects.filter(read_at__isnull=False).values_list("pk", flat=True))
    if name in ("mark_all_read", "mark_read", "open") and method == "post":
        assert read == {roles.notes[role].pk}
    else:
        assert read == set()


@pytest.mark.parametrize("role", [r for r in ROLES if r != "anonymous"])
@pytest.mark.parametrize("name", ["mark_read", "open"])
def test_another_users_notification_is_404_and_stays_unread(client, roles, name, role):
    client.force_login(roles.users[role])
    for other in [roles.stranger] + [n for r, n in roles.notes.items() if r != role]:
        response = client.post(reverse(f"notifications:{name}", args=[other.pk]))
        assert response.status_code == 404
    missing = Notification.objects.order_by("-pk").first().pk + 1000
    assert client.post(reverse(f"notifications:{name}", args=[missing])).status_code == 404
    assert not Notification.objects.filter(read_at__isnull=False).exists()


def test_a_user_sees_only_their_own_notifications(client, roles):
    client.force_login(roles.users["secretariat"])
    page = text(client.get(LIST))
    assert "Varsel til secretariat" in page
    assert "Varsel til applicant" not in page and "Ikke ditt" not in page
    assert "1 ulest varsel" in page


def test_marking_all_as_read_marks_only_the_users_own(client, roles):
    client.force_login(roles.users["applicant"])
    note(roles.users["applicant"], roles.application, subject="Et til")
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "2 varsler er merket som lest." in text(response)
    assert set(Notification.objects.filter(read_at__isnull=False).values_list("recipient", flat=True)) == {
        roles.users["applicant"].pk
    }
    assert Notification.objects.filter(read_at__isnull=True).count() == len(
        roles.notes
    )  # the others + stranger
    response = client.post(reverse("notifications:mark_all_read"), follow=True)
    assert "Du hadde ingen uleste varsler." in text(response)


# --- The list --------------------------------------------------------------------------------------


def test_the_list_shows_subject_body_date_kind_and_marks_the_unread_in_text(client):
    user = world.applicant()
    application = received_application(actor=user)
    unread = note(user, application, subject="Søknaden er mottatt")
    read = note(user, application, kind=Kind.REPORT_DUE, subject="Rapporten forfaller", read=True)
    Notification.objects.filter(pk=unread.pk).update(created_at=dt.datetime(2027, 3, 1, 13, 5, tzinfo=dt.UTC))
    Notification.objects.filter(pk=read.pk).update(created_at=dt.datetime(2027, 7, 1, 8, 0, tzinfo=dt.UTC))
    client.force_login(user)

    page = text(client.get(LIST))

    # Newest first; dates in Oslo time (CET in March, CEST in July)
    assert page.index("Rapporten forfaller") < page.index("Søknaden er mottatt")
    assert "01.03.2027 14:05" in page and "01.07.2027 10:00" in page
    assert "Teksten i varsel" in page and "Andre linje" in page
    assert "Ny status på søknad" in page and "Statusrapport som forfaller" in page
    # The unread one is marked in words and offers «Marker som lest»; the read one says when
    unread_item = page[page.index(f'id="varsel-{unread.pk}"') :]
    read_item = page[page.index(f'id="varsel-{read.pk}"') : page.index(f'id="varsel-{unread.pk}"')]
    assert ">Ulest</span>" in unread_item and "Marker som lest" in unread_item
    assert ">Ulest</span>" not in read_item and "Marker som lest" not in read_item
    assert "Lest " in read_item
    assert reverse("notifications:open", args=[unread.pk]) in unread_item
    assert "Marker alle som lest" in page
    assert "Du har 1 ulest varsel." in page


def test_the_list_is_paginated_by_25(client):
    user = world.applicant()
    application = received_application(actor=user)
    bulk_notes(user, application, 30)
    client.force_login(user)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 25
    second = client.get(LIST, {"side": "2"})
    assert len(second.context["page"].object_list) == 5
    assert "Side 2 av 2." in text(second)
    # Nonsense page numbers give a page, never an error
    assert client.get(LIST, {"side": "abc"}).context["page"].number == 1
    assert client.get(LIST, {"side": "99999999999999999999"}).context["page"].number == 2
    assert client.get(LIST, {"side": "-1"}).status_code == 200


def test_marking_one_as_read_returns_to_the_same_page(client):
    user = world.applicant()
    application = received_application(actor=user)
    first = note(user, application)
    second = note(user, application)
    client.force_login(user)
    response = client.post(reverse("notifications:mark_read", args=[first.pk]), {"side": "2"})
    assert response.status_code == 302 and response["Location"] == f"{LIST}?side=2"
    response = client.post(reverse("notifications:mark_read", args=[second.pk]), {"side": "x"})
    assert response["Location"] == LIST
    assert Notification.objects.filter(recipient=user, read_at__isnull=True).count() == 0


def test_opening_marks_read_and_goes_to_the_object(client):
    user = world.applicant()
    application = received_application(actor=user)
    own = note(user, application, url=application.get_absolute_url())
    elsewhere = note(user, application, url="https://example.com/phishing")
    nowhere = note(user, application, url="")
    client.force_login(user)

    # A GET changes nothing
    assert client.get(reverse("notifications:open", args=[own.pk])).status_code == 405
    own.refresh_from_db()
    assert own.read_at is None

    response = client.post(reverse("notifications:open", args=[own.pk]))
    assert response.status_code == 302 and response["Location"] == application.get_absolute_url()
    own.refresh_from_db()
    assert own.read_at is not None
    # An address that is not ours, or none, leads back to the list (but the notification is read)
    assert client.post(reverse("notifications:open", args=[elsewhere.pk]))["Location"] == LIST
    assert client.post(reverse("notifications:open", args=[nowhere.pk]))["Location"] == LIST
    assert not Notification.objects.filter(recipient=user, read_at__isnull=True).exists()
    # Without an address the list offers no «Åpne»
    nowhere.read_at = None
    nowhere.save()
    page = text(client.get(LIST))
    assert reverse("notifications:open", args=[nowhere.pk]) not in page


def test_no_notifications_yet(client):
    client.force_login(world.applicant())
    page = text(client.get(LIST))
    assert "Du har ingen varsler ennå." in page and "Du har ingen uleste varsler." in page
    assert "Marker alle som lest" not in page


# --- The settings page -------------------------------------------------------------------------------


def test_the_settings_page_explains_that_kinds_turned_off_still_show_in_the_portal(client):
    user = world.applicant()
    client.force_login(user)
    page = text(client.get(PREFERENCES))
    assert "Send på e-post" in page
    assert "vises fortsatt under «Varsler» i portalen" in page
    for label in Kind.labels:
        assert str(label) in page
    # Everything off, then saved again as it stands
    assert client.post(PREFERENCES, {}).status_code == 302
    assert set(services.preferences_for(user).values()) == {False}
    assert " checked" not in text(client.get(PREFERENCES))


def test_an_unknown_kind_is_refused_at_the_field_and_nothing_is_saved(client):
    user = world.applicant()
    client.force_login(user)
    response = client.post(PREFERENCES, {"email_kinds": [Kind.REPORT_DUE, "ukjent"]})
    assert response.status_code == 400
    page = text(response)
    assert "Velg blant varseltypene i listen." in page
    # What was ticked is kept, and nothing else is
    assert re.search(rf'value="{Kind.REPORT_DUE}" id="id_email_kinds_\d+" checked>', page)
    assert page.count(" checked>") == 1
    assert not Preference.objects.filter(user=user).exists()


def test_a_user_without_an_e_mail_address_is_told(client):
    user = UserFactory(email="")
    client.force_login(user)
    assert "ingen e-postadresse" in text(client.get(PREFERENCES))


# --- The log ---------------------------------------------------------------------------------------


def test_the_log_shows_the_secretariat_its_helsefellesskap_and_the_administrator_everything(client):
    # Given notifications about objects of Helgeland and of Finnmark, a draft, and an unknown object
    from applications.models import StatusEvent
    from notifications.selectors import SCOPES
    from projects.models import StatusReport
    from tests.projects.world import granted_project

    secretary = world.secretary()
    finnmark_secretary = world.secretary("sekretariat.finnmark@example.no", community="finnmark")
    admin = UserFactory(email="admin@example.no", is_superuser=True, is_staff=True)
    applicant = world.applicant()
    ssu_member = world.member(world.ssu(), "ssu.medlem@example.no", "Vefsn kommune")
    helgeland_round = RoundFactory()
    finnmark_round = RoundFactory(health_community=HealthCommunity.objects.get(slug="finnmark"))
    application = received_application(helgeland_round, actor=applicant)
    draft = make_application(round=helgeland_round, lead=org("Rana kommune"), actor=applicant, title="Utkast")
    finnmark_application = received_application(
        finnmark_round, lead="Finnmarkssykehuset HF", title="Finnmarkssøknad"
    )
    meeting = world.meeting(world.ssu(), secretary)
    project = granted_project(round_=RoundFactory(year=2025))
    report = StatusReport.objects.filter(project=project).first()
    made = {
        "helgeland-application": note(applicant, application),
        "helgeland-status": note(
            applicant,
            StatusEvent.objects.create(application=application, to_status=Application.Status.RECEIVED),
        ),
        "helgeland-round": note(applicant, helgeland_round, kind=Kind.DRAFT_DEADLINE),
        "helgeland-meeting": note(ssu_member, meeting, kind=Kind.PAPERS_PUBLISHED),
        "helgeland-case": note(ssu_member, meeting.cases.first(), kind=Kind.PAPERS_PUBLISHED),
        "helgeland-committee": note(ssu_member, world.ssu(), kind=Kind.MEETING_TOMORROW),
        "helgeland-project": note(applicant, project, kind=Kind.REPORT_DUE),
        "helgeland-report": note(applicant, report, kind=Kind.REPORT_OVERDUE),
        "draft": note(applicant, draft, kind=Kind.DRAFT_DEADLINE),
        "draft-status": note(
            applicant, StatusEvent.objects.create(application=draft, to_status=Application.Status.DRAFT)
        ),
        "finnmark-application": note(applicant, finnmark_application),
        "finnmark-round": note(applicant, finnmark_round, kind=Kind.UNSCREENED),
        "unknown": note(applicant, applicant),  # about a user: no helsefellesskap
    }
    for key, made_note in made.items():
        Notification.objects.filter(pk=made_note.pk).update(subject=f"Logg {key}")

    def seen(user):
        client.force_login(user)
        response = client.get(LOG)
        assert response.status_code == 200
        return {n.subject.removeprefix("Logg ") for n in response.context["page"].object_list} & set(made)

    # Then the secretariat sees its helsefellesskap's objects but not drafts, the other
    # helsefellesskap sees its own, and the administrator sees all
    assert seen(secretary) == {key for key in made if key.startswith("helgeland-")}
    assert seen(finnmark_secretary) == {"finnmark-application", "finnmark-round"}
    assert seen(admin) == set(made)
    # Whatever the portal's own hooks made on the way (the award's news to the applicants) is about
    # an object the secretariat's log knows how to place
    made_by_portal = Notification.objects.exclude(pk__in=[n.pk for n in made.values()])
    assert set(made_by_portal.values_list("target_type", flat=True)) <= set(SCOPES)


def test_the_log_columns_show_time_kind_recipient_subject_e_mail_status_and_read(client):
    secretary = world.secretary()
    recipient = world.applicant()
    application = received_application(actor=recipient)
    sent = note(recipient, application, subject="Sendt varsel", email_status=S.SENT, read=True)
    Notification.objects.filter(pk=sent.pk).update(
        created_at=dt.datetime(2027, 3, 1, 13, 5, tzinfo=dt.UTC),
        emailed_at=dt.datetime(2027, 3, 1, 13, 6, tzinfo=dt.UTC),
    )
    note(recipient, application, subject="Avslått varsel", email_status=S.SKIPPED)
    note(
        recipient,
        application,
        subject="Feilet varsel",
        email_status=S.FAILED,
        email_attempts=6,
        email_error="SMTPServerDisconnected('Connection unexpectedly closed')",
    )
    note(
        recipient,
        application,
        subject="Ventende varsel",
        email_status=S.PENDING,
        email_attempts=2,
        email_next_attempt_at=dt.datetime(2027, 3, 2, 9, 0, tzinfo=dt.UTC),
    )
    client.force_login(secretary)

    page = text(client.get(LOG))

    assert "<caption>4 varsler</caption>" in page
    assert page.count('<th scope="col"') == 6
    assert page.count('<th scope="row"') == 4
    assert "01.03.2027 14:05" in page and "01.03.2027 14:06" in page
    assert recipient.email in page and "Ny status på søknad" in page
    assert "Sendt" in page and "Ikke sendt på e-post" in page and "Feilet" in page and "Venter" in page
    assert "Connection unexpectedly closed" in page
    assert "Nytt forsøk 02.03.2027 10:00 (forsøk 2)" in page
    assert "Ja, " in page and ">Nei<" in page


def test_the_log_filters_by_kind_and_e_mail_status(client):
    secretary = world.secretary()
    recipient = world.applicant()
    application = received_application(actor=recipient)
    note(recipient, application, kind=Kind.STATUS_CHANGE, subject="A", email_status=S.SENT)
    note(recipient, application, kind=Kind.STATUS_CHANGE, subject="B", email_status=S.SKIPPED)
    note(recipient, application, kind=Kind.UNSCREENED, subject="C", email_status=S.SENT)
    client.force_login(secretary)

    def subjects(**query):
        response = client.get(LOG, query)
        assert response.status_code == 200
        return {n.subject for n in response.context["page"].object_list}

    assert subjects() == {"A", "B", "C"}
    assert subjects(kind=Kind.STATUS_CHANGE) == {"A", "B"}
    assert subjects(email_status=S.SENT) == {"A", "C"}
    assert subjects(kind=Kind.STATUS_CHANGE, email_status=S.SENT) == {"A"}
    response = client.get(LOG, {"kind": Kind.STATUS_CHANGE, "email_status": "sent"})
    assert "1 varsel i utvalget" in text(response)
    # An invalid filter is shown at its field and not used; the valid one still is
    response = client.get(LOG, {"kind": "tull", "email_status": S.SKIPPED})
    assert response.status_code == 200
    assert "Velg en av typene i listen." in text(response)
    assert {n.subject for n in response.context["page"].object_list} == {"B"}


def test_the_log_pages_keep_the_filter(client):
    secretary = world.secretary()
    recipient = world.applicant()
    application = received_application(actor=recipient)
    bulk_notes(recipient, application, 60)
    client.force_login(secretary)
    response = client.get(LOG, {"kind": Kind.STATUS_CHANGE})
    assert len(response.context["page"].object_list) == 50
    assert f"?kind={Kind.STATUS_CHANGE}&amp;side=2" in text(response)
    assert len(client.get(LOG, {"kind": Kind.STATUS_CHANGE, "side": 2}).context["page"].object_list) == 10


# --- The header --------------------------------------------------------------------------------------


def _notification_queries(queries) -> list[str]:
    return [q["sql"] for q in queries.captured_queries if "notifications_" in q["sql"]]


def test_the_header_counts_the_unread_in_one_query(client):
    user = world.applicant()
    application = received_application(actor=user)
    for _ in range(3):
        note(user, application)
    note(user, application, read=True)
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("home"))
    assert response.status_code == 200
    assert len(_notification_queries(queries)) == 1
    page = text(response)
    assert f'href="{LIST}" id="notifications-link"' in page
    assert '<span class="visually-hidden">, 3 uleste varsler</span>' in page
    # No unread: the link without a count
    Notification.objects.update(read_at=timezone.now())
    page = text(client.get(reverse("home")))
    assert f'href="{LIST}" id="notifications-link"' in page and "uleste varsler" not in page


def test_an_anonymous_page_makes_no_notification_query_and_shows_no_link(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("login"))
    assert response.status_code == 200
    assert _notification_queries(queries) == []
    assert "notifications-link" not in text(response)


# --- A fixed number of queries -------------------------------------------------------------------

# Both: the session, the user, the second-factor device (the log's users have one), the user's seats
# (organisations, secretariats and committees in one query: the log's access check or the list's
# link to the log, and the menu; with the unread count, which the header and the list share), the
# paginator's count, the page of rows (in the log with their recipients), and the session's save
# (savepoint, update, release). Exact, so that a new query shows up in review.
EXPECTED = {"list": 8, "log_secretariat": 9, "log_superuser": 9}


def _count(client, url, query=None):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query or {})
    assert response.status_code == 200
    return len(queries), "\n".join(q["sql"] for q in queries.captured_queries), response


def test_the_list_makes_the_same_number_of_queries_with_5_and_100_notifications(client):
    user = world.applicant()
    application = received_application(actor=user)
    bulk_notes(user, application, 5)
    client.force_login(user)
    few, few_sql, _response = _count(client, LIST)
    bulk_notes(user, application, 95, start=5)
    many, many_sql, response = _count(client, LIST)
    assert len(response.context["page"].object_list) == 25
    assert few == many == EXPECTED["list"], many_sql


@pytest.mark.parametrize("who", ["secretariat", "superuser"])
def test_the_log_makes_the_same_number_of_queries_with_5_and_100_rows(client, who):
    user = (
        world.secretary()
        if who == "secretariat"
        else UserFactory(email="admin@example.no", is_superuser=True, is_staff=True)
    )
    applicant = world.applicant()
    application = received_application(actor=applicant)
    recipients = [UserFactory(email=f"mottaker{i}@example.no") for i in range(5)]
    for recipient in recipients:
        bulk_notes(recipient, application, 1, start=recipient.pk)
    client.force_login(user)
    few, few_sql, response = _count(client, LOG, {"kind": Kind.STATUS_CHANGE})
    assert len(response.context["page"].object_list) == 5
    more = [UserFactory(email=f"flere{i}@example.no") for i in range(95)]
    for recipient in more:
        bulk_notes(recipient, application, 1, start=recipient.pk)
    many, many_sql, response = _count(client, LOG, {"kind": Kind.STATUS_CHANGE})
    assert response.context["page"].paginator.count == 100
    assert len(response.context["page"].object_list) == 50
    assert few == many == EXPECTED[f"log_{who}"], many_sql


# --- The admin ----------------------------------------------------------------------------------------


def test_the_admin_lists_notifications_read_only_with_filters(client):
    admin = UserFactory(email="admin@example.no", is_superuser=True, is_staff=True)
    recipient = world.applicant()
    made = note(recipient, received_application(actor=recipient), subject="I admin", email_status=S.SENT)
    client.force_login(admin)
    changelist = reverse("admin:notifications_notification_changelist")
    response = client.get(changelist, {"kind__exact": Kind.STATUS_CHANGE, "email_status__exact": S.SENT})
    assert response.status_code == 200 and "I admin" in text(response)
    response = client.get(reverse("admin:notifications_notification_change", args=[made.pk]))
    assert response.status_code == 200 and 'name="_save"' not in text(response)
    assert client.get(reverse("admin:notifications_notification_add")).status_code == 403
    assert client.get(reverse("admin:notifications_preference_changelist")).status_code == 200
