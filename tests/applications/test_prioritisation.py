"""The prioritisation board of a round (applications/prioritisation.py and views_board.py):

* saving both lists with their amounts and the direct allocations, through the page as a browser
  posts it; the amount cap (regional + local never above the amount applied); bad amount text;
* over-allocation of a pot: saved and warned, but it blocks freezing;
* the version check: a save, freeze, unfreeze, SSU decision or forwarding based on an old version
  is refused and changes nothing, so two secretaries never overwrite each other (also with two
  real transactions at the same moment on PostgreSQL);
* the move buttons that work without JavaScript;
* freezing (every assessed application becomes «prioritert»), unfreezing, the SSU decision and
  forwarding to Helse Nord with its package (the ZIP's content is tested elsewhere);
* prioritisation_sync: the board follows the round's applications;
* who may open each of the board's URLs and Helse Nord's.
"""

import datetime as dt
import re
import threading
import time
from html.parser import HTMLParser
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.db import connection, transaction
from django.db.models import Max
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from applications import prioritisation, review
from applications.models import (
    OSLO,
    Application,
    DirectAllocation,
    ForwardingPackage,
    Prioritisation,
    PriorityEntry,
    ScreeningCheck,
    StatusEvent,
)
from applications.services import ApplicationError
from core.models import AuditEvent, HealthCommunity, Organisation, SecretariatMembership, User
from tests.factories import RoundFactory, UserFactory, helgeland, make_application

S = Application.Status
SUBMITTED_AT = dt.datetime(2027, 3, 1, 14, 30, tzinfo=dt.UTC)
# The smallest valid ZIP (an empty archive): enough for a package that is ready to download.
EMPTY_ZIP = b"PK\x05\x06" + b"\x00" * 18
NBSP = "\u00a0"


def kr(text: str) -> str:
    """An amount as the portal prints it, with no-break spaces: kr("kr 700 000")."""
    return text.replace(" ", NBSP)


# --- Fixtures and helpers -----------------------------------------------------------------------


def assessed(round_, lead, title, amount_nok, status=S.ASSESSED):
    """A complete application, sent in and assessed (tests write the status directly)."""
    application = make_application(round=round_, lead=lead, complete=True, title=title)
    application.status = status
    application.submitted_at = application.last_submitted_at = SUBMITTED_AT
    application.amount_applied_nok = amount_nok
    application.save()
    return application


@pytest.fixture
def closed_round(db):
    """A round whose deadline has passed, so its board may be frozen."""
    deadline = timezone.localdate() - dt.timedelta(days=10)
    return RoundFactory(
        title="RS-tilskudd 2027 Helgeland", opens_on=deadline - dt.timedelta(days=60), deadline=deadline
    )


@pytest.fixture
def apps(closed_round, rana, vefsn, hsyk):
    """Three assessed applications. The round's local pot is 8 000 000 + 2 800 000 carried over,
    the regional pot 20 000 000 (tests/factories.py)."""
    return [
        assessed(closed_round, rana, "Kartleggingsteam Rana", 4_657_500),
        assessed(closed_round, vefsn, "Rehabilitering i Vefsn", 3_000_000),
        assessed(closed_round, hsyk, "Digital hjemmeoppfølging", 2_000_000),
    ]


@pytest.fixture
def other_secretary(db):
    """A second secretary of Helgeland, with a name the conflict message can show."""
    user = UserFactory(email="siri.sekretaer@example.no", first_name="Siri", last_name="Sekretær")
    SecretariatMembership.objects.create(user=user, health_community=helgeland())
    return user


@pytest.fixture
def finnmark_secretary(db):
    user = UserFactory(email="sekretariat.finnmark@example.no")
    SecretariatMembership.objects.create(
        user=user, health_community=HealthCommunity.objects.get(slug="finnmark")
    )
    return user


@pytest.fixture
def superuser(db):
    return UserFactory(email="admin@example.no", is_superuser=True, is_staff=True)


@pytest.fixture
def secretary_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


def url(name, round_):
    return reverse(f"secretariat:{name}", args=[round_.pk])


def board_version(round_) -> int:
    return Prioritisation.objects.get(round=round_).version


def entry(application) -> PriorityEntry:
    return PriorityEntry.objects.get(application=application)


def statuses(applications) -> list[str]:
    return [Application.objects.get(pk=a.pk).status for a in applications]


def make_ready(package, content=EMPTY_ZIP):
    """Finish a package as the Celery task would."""
    package.file.save("rs-2027-helgeland.zip", ContentFile(content), save=False)
    package.status = ForwardingPackage.Status.READY
    package.size_bytes = len(content)
    package.steps_done = package.steps_total
    package.finished_at = timezone.now()
    package.save()
    return package


def to_stage(round_, actor, stage):
    """Bring the board to `stage` through the services: draft, frozen, decided (by the SSU),
    forwarded (package pending) or ready (forwarded, package ready). Returns the package."""
    prioritisation.prioritisation_sync(round_)
    if stage == "draft":
        return None
    prioritisation.board_freeze(round_=round_, actor=actor, version=board_version(round_))
    if stage == "frozen":
        return None
    prioritisation.board_record_decision(
        round_=round_,
        actor=actor,
        version=board_version(round_),
        decided_on=timezone.localdate(),
        reference="31-2027",
    )
    if stage == "decided":
        return None
    package = prioritisation.round_forward(round_=round_, actor=actor, version=board_version(round_))
    return package if stage == "forwarded" else make_ready(package)


def snapshot(round_) -> dict:
    """Everything a board action could change."""
    prio = Prioritisation.objects.filter(round=round_).first()
    return {
        "board": prio
        and (
            prio.version,
            prio.updated_by_id,
            prio.frozen_at,
            prio.frozen_by_id,
            prio.decided_on,
            prio.decision_reference,
            prio.forwarded_at,
            prio.forwarded_by_id,
        ),
        "entries": list(
            PriorityEntry.objects.filter(prioritisation__round=round_)
            .order_by("pk")
            .values_list("application_id", "regional_rank", "regional_nok", "local_rank", "local_nok")
        ),
        "direct": list(
            DirectAllocation.objects.filter(prioritisation__round=round_).values_list(
                "title", "amount_nok", "order"
            )
        ),
        "statuses": list(round_.applications.order_by("pk").values_list("pk", "status")),
        "packages": list(
            ForwardingPackage.objects.filter(prioritisation__round=round_)
            .order_by("pk")
            .values_list("pk", "status")
        ),
        "status_events": StatusEvent.objects.count(),
        "audit_events": AuditEvent.objects.count(),
    }


class _FormFields(HTMLParser):
    """The fields a browser posts from one form: its inputs (not those inside a <template>),
    checkboxes only when checked."""

    def __init__(self, form_id):
        super().__init__(convert_charrefs=True)
        self.form_id, self.in_form, self.in_template, self.fields = form_id, False, 0, []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.in_form = attrs.get("id") == self.form_id
        elif tag == "template":
            self.in_template += 1
        elif tag == "input" and self.in_form and not self.in_template and attrs.get("name"):
            if attrs.get("type") in ("checkbox", "radio"):
                if "checked" in attrs:
                    self.fields.append((attrs["name"], attrs.get("value") or "on"))
                return
            self.fields.append((attrs["name"], attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False
        elif tag == "template":
            self.in_template -= 1


def form_data(response, form_id="board-form") -> dict[str, list[str]]:
    """What the browser would post from the board form on this page, field by field."""
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.fields:
        data.setdefault(name, []).append(value)
    return data


def open_board(client, round_):
    response = client.get(url("board", round_))
    assert response.status_code == 200
    return response, form_data(response)


def board_data(round_, **changes) -> dict:
    """The board form as posted, built from the database (for users who cannot open the page)."""
    entries = list(PriorityEntry.objects.filter(prioritisation__round=round_))
    data = {
        "version": str(board_version(round_)),
        "regional_order": [str(e.pk) for e in sorted(entries, key=lambda e: e.regional_rank)],
        "local_order": [str(e.pk) for e in sorted(entries, key=lambda e: e.local_rank)],
        "direct-TOTAL_FORMS": "0",
        "direct-INITIAL_FORMS": "0",
        "direct-MIN_NUM_FORMS": "0",
        "direct-MAX_NUM_FORMS": "1000",
    }
    for e in entries:
        data[f"regional_{e.pk}"] = str(e.regional_nok)
        data[f"local_{e.pk}"] = str(e.local_nok)
    return data | changes


def over_warnings(content) -> dict[str, tuple[list[str], str]]:
    """{pot kind: (classes, text)} of each pot's over-allocation warning on the board page."""
    found = {}
    pattern = (
        r'data-pot="(\w+)".*?<div class="([^"]*)" data-over-warning>\s*<span data-over-text>(.*?)</span>'
    )
    for match in re.finditer(pattern, content, re.S):
        found[match[1]] = (match[2].split(), match[3].strip())
    return found


def input_tag(content, name) -> str:
    """The <input> tag of the named field."""
    return re.search(rf'<input[^>]*\sname="{name}"[^>]*>', content)[0]


def field_errors(response, name) -> list[str]:
    return list(response.context["form"].errors.get(name, []))


# --- Over-allocation ----------------------------------------------------------------------------


@pytest.mark.django_db
def test_over_allocated_local_pot_is_saved_and_warned_but_cannot_be_frozen(
    secretary_client, closed_round, apps, secretariat_user
):
    # Given the board as the secretary opens it
    page, data = open_board(secretary_client, closed_round)
    a, b, c = (entry(x) for x in apps)
    assert "d-none" in over_warnings(page.content.decode())["local"][0]  # hidden while within the frame

    # When the local amounts (9 000 000) and a direct allocation (2 500 000) exceed the local
    # pot's 8 000 000 + 2 800 000 carried over, by 700 000
    data |= {
        f"local_{a.pk}": ["4 000 000"],
        f"local_{b.pk}": ["3 000 000"],
        f"local_{c.pk}": ["2 000 000"],
        "direct-0-title": ["Lisens for digital hjemmeoppfølging"],
        "direct-0-amount": ["kr 2 500 000,-"],
    }
    response = secretary_client.post(url("board", closed_round), data)

    # Then saving is allowed
    assert response.status_code == 302, response.context["form"].errors
    assert [entry(x).local_nok for x in apps] == [4_000_000, 3_000_000, 2_000_000]
    assert list(DirectAllocation.objects.values_list("title", "amount_nok")) == [
        ("Lisens for digital hjemmeoppfølging", 2_500_000)
    ]

    # And the board warns at the local pot, not at the regional one
    page = secretary_client.get(url("board", closed_round))
    content = page.content.decode()
    warnings = over_warnings(content)
    local_classes, local_text = warnings["local"]
    assert "d-none" not in local_classes and "alert-danger" in local_classes
    assert "er overtildelt" in local_text
    assert local_text == (
        "Lokal pott er overtildelt med "
        + kr("kr 700 000")
        + ". Prioriteringen kan ikke låses før summen er innenfor rammen."
    )
    assert "d-none" in warnings["regional"][0] and warnings["regional"][1] == ""
    assert (
        "Lokal pott er overtildelt med " + kr("kr 700 000") + "." in content.split('id="freeze-problems"')[1]
    )
    assert page.context["board"].totals["local"].allocated_nok == 11_500_000

    # When the secretary tries to freeze it through the page
    before = snapshot(closed_round)
    response = secretary_client.post(
        url("board_freeze", closed_round), {"version": board_version(closed_round)}, follow=True
    )

    # Then it is refused with the reason, and nothing changed
    assert response.redirect_chain == [(url("board", closed_round), 302)]
    content = response.content.decode()
    assert "Prioriteringen kan ikke låses" in content
    assert "Lokal pott er overtildelt med " + kr("kr 700 000") + "." in content
    assert snapshot(closed_round) == before
    prio = Prioritisation.objects.get(round=closed_round)
    assert not prio.is_frozen
    assert statuses(apps) == [S.ASSESSED] * 3

    # And the service refuses it the same way
    with pytest.raises(ApplicationError) as refused:
        prioritisation.board_freeze(
            round_=closed_round, actor=secretariat_user, version=board_version(closed_round)
        )
    assert "overtildelt" in str(refused.value)
    assert snapshot(closed_round) == before


@pytest.mark.django_db
def test_over_allocated_regional_pot_blocks_freezing_too(closed_round, apps, secretariat_user):
    to_stage(closed_round, secretariat_user, "draft")
    closed_round.pots.filter(kind="regional").update(amount_nok=5_000_000)
    a, b, _c = (entry(x) for x in apps)
    prioritisation.board_save(
        round_=closed_round,
        actor=secretariat_user,
        version=board_version(closed_round),
        regional_order=[e.pk for e in PriorityEntry.objects.order_by("regional_rank")],
        local_order=[e.pk for e in PriorityEntry.objects.order_by("local_rank")],
        amounts={a.pk: (4_000_000, 0), b.pk: (2_000_000, 0)},
        direct=[],
    )
    with pytest.raises(ApplicationError) as refused:
        prioritisation.board_freeze(
            round_=closed_round, actor=secretariat_user, version=board_version(closed_round)
        )
    assert "Regional pott er overtildelt med " + kr("kr 1 000 000") + "." in str(refused.value)
    assert statuses(apps) == [S.ASSESSED] * 3


# --- Two secretaries at once ------------------------------------------------------------------


@pytest.mark.django_db
def test_second_secretary_saving_an_old_version_is_refused_and_nothing_is_lost(
    closed_round, apps, secretariat_user, other_secretary
):
    # Given two secretaries who both open the board at the same version
    siri, kari = Client(), Client()
    siri.force_login(other_secretary)
    kari.force_login(secretariat_user)
    _page, siri_data = open_board(siri, closed_round)
    _page, kari_data = open_board(kari, closed_round)
    assert siri_data["version"] == kari_data["version"] == [str(board_version(closed_round))]
    a, b, _c = (entry(x) for x in apps)

    # When Siri saves first
    siri_data[f"regional_{a.pk}"] = ["2 000 000"]
    assert siri.post(url("board", closed_round), siri_data).status_code == 302

    # And Kari then saves what she typed and arranged on the page she opened before Siri saved
    kari_data[f"regional_{b.pk}"] = ["1 234 567"]
    kari_data["regional_order"] = list(reversed(kari_data["regional_order"]))
    kari_data |= {"direct-0-title": ["Lisens for digital hjemmeoppfølging"], "direct-0-amount": ["300 000"]}
    response = kari.post(url("board", closed_round), kari_data)

    # Then Kari is refused with 409 and told who saved in between
    assert response.status_code == 409
    content = response.content.decode()
    assert "ble endret av Siri Sekretær" in content
    assert "Endringene dine er ikke lagret" in content
    # And Siri's save is intact: nothing of Kari's was written over it
    prio = Prioritisation.objects.get(round=closed_round)
    assert prio.updated_by == other_secretary
    assert prio.version == int(siri_data["version"][0]) + 1
    assert (entry(apps[0]).regional_nok, entry(apps[1]).regional_nok) == (2_000_000, 0)
    assert not DirectAllocation.objects.exists()
    # And what Kari typed is still in the form on the page she got back
    shown = form_data(response)
    assert shown[f"regional_{b.pk}"] == ["1 234 567"]
    assert shown["regional_order"] == kari_data["regional_order"]  # in her order, too
    assert shown["direct-0-title"] == ["Lisens for digital hjemmeoppfølging"]
    assert shown["direct-0-amount"] == ["300 000"]

    # When Kari loads the newest version and makes her change again
    _page, kari_data = open_board(kari, closed_round)
    assert kari_data[f"regional_{a.pk}"] == [kr("2 000 000")]
    kari_data[f"regional_{b.pk}"] = ["1 234 567"]
    assert kari.post(url("board", closed_round), kari_data).status_code == 302

    # Then both changes are saved
    assert (entry(apps[0]).regional_nok, entry(apps[1]).regional_nok) == (2_000_000, 1_234_567)


def in_own_transaction(work):
    """Run `work` in a thread of its own, on a database connection of its own, and commit. The
    test's connection is inside the test's transaction, which is never committed, so other
    connections would not see rows it writes; they do see rows written here."""
    result = {}

    def run():
        try:
            with transaction.atomic():
                result["value"] = work()
        except BaseException as error:  # re-raised in the test's thread
            result["error"] = error
        finally:
            connection.close()

    thread = threading.Thread(target=run)
    thread.start()
    thread.join(timeout=60)
    assert not thread.is_alive()
    if "error" in result:
        raise result["error"]
    return result.get("value")


@pytest.fixture
def committed_board(db):
    """A board whose rows are committed, so that two threads with connections of their own can
    race on it; deleted again afterwards. (Not `django_db(transaction=True)`: its flush at the
    end would empty every table, also the reference data from the migrations that later
    transactional tests of the run, in tests/browser, rely on.) Its own helsefellesskap and
    municipality, so that nothing else in the database is touched."""

    def create():
        last_audit = AuditEvent.objects.aggregate(last=Max("pk"))["last"] or 0
        community = HealthCommunity.objects.create(name="Trådtest helsefellesskap", slug="tradtest")
        municipality = Organisation.objects.create(
            name="Trådtest kommune", kind=Organisation.Kind.MUNICIPALITY, health_community=community
        )
        deadline = timezone.localdate() - dt.timedelta(days=10)
        round_ = RoundFactory(health_community=community, opens_on=None, deadline=deadline)
        anne = UserFactory(email="anne.traad@example.no", first_name="Anne", last_name="Tråd")
        bjorn = UserFactory(email="bjorn.traad@example.no", first_name="Bjørn", last_name="Tråd")
        for user in (anne, bjorn):
            SecretariatMembership.objects.create(user=user, health_community=community)
        Application.objects.bulk_create(
            Application(
                round=round_,
                lead_organisation=municipality,
                title=f"Trådtest {i}",
                status=S.ASSESSED,
                submitted_at=SUBMITTED_AT,
                amount_applied_nok=2_000_000,
            )
            for i in range(2)
        )
        prioritisation.prioritisation_sync(round_)
        return SimpleNamespace(
            round=round_, anne=anne, bjorn=bjorn, community=community, municipality=municipality
        ), last_audit

    def delete():
        AuditEvent.objects.filter(pk__gt=last_audit).delete()
        Prioritisation.objects.filter(round=board.round).delete()
        Application.objects.filter(round=board.round).delete()
        board.round.delete()
        User.objects.filter(pk__in=[board.anne.pk, board.bjorn.pk]).delete()
        board.municipality.delete()
        board.community.delete()

    board, last_audit = in_own_transaction(create)
    try:
        yield board
    finally:
        in_own_transaction(delete)


def _wait_for_a_lock_wait(timeout=20.0) -> bool:
    """True once another connection to this database waits for a lock."""
    deadline = time.monotonic() + timeout
    with connection.cursor() as cursor:
        while time.monotonic() < deadline:
            # Within a transaction (the test's) PostgreSQL keeps showing the first snapshot.
            cursor.execute("SELECT pg_stat_clear_snapshot()")
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
            )
            if cursor.fetchone()[0]:
                return True
            time.sleep(0.05)
    return False


@pytest.mark.django_db
def test_two_saves_at_the_same_moment_on_postgresql_one_wins_the_other_is_refused(committed_board):
    """Real concurrency: two transactions on two connections. The second save must wait for the
    first one's lock on the board and then be refused, not read the old version and overwrite.
    (The test's own connection reads what they committed: PostgreSQL's READ COMMITTED.)"""
    if connection.vendor != "postgresql":
        pytest.fail("This test needs PostgreSQL: run it through scripts/with-services.")
    board = committed_board
    order = list(
        PriorityEntry.objects.filter(prioritisation__round=board.round)
        .order_by("regional_rank")
        .values_list("pk", flat=True)
    )

    # Given a board Bjørn saved last, which both he and Anne have open at this version
    def bjorn_saves_first():
        prioritisation.board_save(
            round_=board.round,
            actor=board.bjorn,
            version=board_version(board.round),
            regional_order=order,
            local_order=order,
            amounts={},
            direct=[],
        )

    in_own_transaction(bjorn_saves_first)
    version = board_version(board.round)
    first_saved, let_first_commit = threading.Event(), threading.Event()
    outcome = {}

    def save(actor, amount, hold_the_lock=False):
        try:
            with transaction.atomic():
                prioritisation.board_save(
                    round_=board.round,
                    actor=actor,
                    version=version,
                    regional_order=order,
                    local_order=order,
                    amounts={order[0]: (amount, 0)},
                    direct=[],
                )
                if hold_the_lock:
                    first_saved.set()
                    let_first_commit.wait(timeout=30)
            outcome[actor.email] = "saved"
        except prioritisation.BoardConflict as conflict:
            outcome[actor.email] = str(conflict)
        except Exception as error:  # shown by the assertions below
            outcome[actor.email] = repr(error)
        finally:
            first_saved.set()
            connection.close()

    # And Anne's save, done but not yet committed (it holds the board's lock)
    first = threading.Thread(target=save, args=(board.anne, 1_500_000, True))
    second = threading.Thread(target=save, args=(board.bjorn, 900_000))
    first.start()
    try:
        assert first_saved.wait(timeout=30)
        # When Bjørn saves, based on the same version, while Anne's transaction is open
        second.start()
        # Then his save waits for Anne's lock
        waited = _wait_for_a_lock_wait()
    finally:
        let_first_commit.set()
        first.join(timeout=30)
        if second.ident:  # started
            second.join(timeout=30)
    assert not first.is_alive() and not second.is_alive()
    assert waited, "the second save did not wait for the board's lock"

    # And once Anne has committed, Bjørn is refused, naming Anne (who saved in between, not
    # whoever had saved before), and Anne's save stands
    assert outcome["anne.traad@example.no"] == "saved"
    assert "ble endret av Anne Tråd" in outcome["bjorn.traad@example.no"]
    prio = Prioritisation.objects.get(round=board.round)
    assert (prio.version, prio.updated_by_id) == (version + 1, board.anne.pk)
    assert PriorityEntry.objects.get(pk=order[0]).regional_nok == 1_500_000
    saves = AuditEvent.objects.filter(action="prioritisation.save", target_id=prio.pk).order_by("pk")
    assert list(saves.values_list("actor_id", flat=True)) == [board.bjorn.pk, board.anne.pk]


# --- Amounts ------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_recommended_amounts_above_the_amount_applied_are_refused_at_the_field(
    secretary_client, closed_round, apps
):
    _page, data = open_board(secretary_client, closed_round)
    a = entry(apps[0])  # 4 657 500 applied
    version = board_version(closed_round)
    data |= {f"regional_{a.pk}": ["3 000 000"], f"local_{a.pk}": ["2 000 000"]}

    response = secretary_client.post(url("board", closed_round), data)

    assert response.status_code == 400
    message = (
        "Anbefalt beløp (regional og lokal pott til sammen) kan ikke være høyere enn omsøkt beløp, "
        + kr("kr 4 657 500")
        + "."
    )
    assert field_errors(response, f"local_{a.pk}") == [message]
    content = response.content.decode()
    # The message stands at the field and the field points at it.
    assert f'<div class="invalid-feedback d-block" id="id_local_{a.pk}-error">{message}</div>' in content
    field = input_tag(content, f"local_{a.pk}")
    assert "is-invalid" in field and 'aria-invalid="true"' in field
    assert re.search(rf'aria-describedby="[^"]*\bid_local_{a.pk}-error\b', field)
    # What was typed is kept, and nothing was saved.
    shown = form_data(response)
    assert shown[f"regional_{a.pk}"] == ["3 000 000"] and shown[f"local_{a.pk}"] == ["2 000 000"]
    assert (entry(apps[0]).regional_nok, entry(apps[0]).local_nok) == (0, 0)
    assert board_version(closed_round) == version

    # Exactly the amount applied is allowed.
    data |= {f"regional_{a.pk}": ["2 657 500"], f"local_{a.pk}": ["2 000 000"]}
    assert secretary_client.post(url("board", closed_round), data).status_code == 302
    assert (entry(apps[0]).regional_nok, entry(apps[0]).local_nok) == (2_657_500, 2_000_000)


@pytest.mark.django_db
def test_amount_that_is_not_a_number_is_refused_and_kept(secretary_client, closed_round, apps):
    _page, data = open_board(secretary_client, closed_round)
    a = entry(apps[0])
    data[f"regional_{a.pk}"] = ["fire millioner"]

    response = secretary_client.post(url("board", closed_round), data)

    assert response.status_code == 400
    assert field_errors(response, f"regional_{a.pk}") == [
        "Skriv beløpet i hele kroner, for eksempel 4 657 500 eller kr 4 657 500,-."
    ]
    assert f'id="id_regional_{a.pk}-error"' in response.content.decode()
    assert form_data(response)[f"regional_{a.pk}"] == ["fire millioner"]
    assert entry(apps[0]).regional_nok == 0


@pytest.mark.django_db
def test_service_refuses_amounts_above_the_amount_applied_and_saves_nothing(
    closed_round, apps, secretariat_user
):
    to_stage(closed_round, secretariat_user, "draft")
    before = snapshot(closed_round)
    a, b, c = (entry(x) for x in apps)
    with pytest.raises(ApplicationError) as refused:
        prioritisation.board_save(
            round_=closed_round,
            actor=secretariat_user,
            version=board_version(closed_round),
            regional_order=[c.pk, b.pk, a.pk],
            local_order=[a.pk, b.pk, c.pk],
            amounts={a.pk: (1_000_000, 0), c.pk: (1_500_000, 600_000)},  # c applied for 2 000 000
            direct=[("Lisens", 100_000)],
        )
    assert refused.value.field == f"regional_{c.pk}"
    assert "omsøkt beløp" in str(refused.value)
    assert snapshot(closed_round) == before


# --- Direct allocations ---------------------------------------------------------------------


@pytest.mark.django_db
def test_direct_allocations_draw_on_the_local_pot_and_can_be_removed(secretary_client, closed_round, apps):
    # Given a board with a local amount
    _page, data = open_board(secretary_client, closed_round)
    a = entry(apps[0])
    data |= {
        f"local_{a.pk}": ["1 000 000"],
        "direct-0-title": ["Lisens for digital hjemmeoppfølging"],
        "direct-0-amount": ["kr 450 000,-"],
    }
    # When the secretary adds two direct allocations (the page gives one empty row; the second is
    # the row board.js adds)
    data |= {
        "direct-TOTAL_FORMS": ["2"],
        "direct-1-title": ["Stilling som koordinator"],
        "direct-1-amount": ["250 000"],
    }
    assert secretary_client.post(url("board", closed_round), data).status_code == 302

    # Then they are saved in order and drawn from the local pot, not the regional one
    assert list(DirectAllocation.objects.values_list("title", "amount_nok", "order")) == [
        ("Lisens for digital hjemmeoppfølging", 450_000, 0),
        ("Stilling som koordinator", 250_000, 1),
    ]
    page, data = open_board(secretary_client, closed_round)
    totals = page.context["board"].totals
    assert totals["local"].allocated_nok == 1_000_000 + 450_000 + 250_000
    assert totals["local"].remaining_nok == 10_800_000 - 1_700_000
    assert totals["regional"].allocated_nok == 0
    assert kr("kr 1 700 000") in page.content.decode().split('data-pot="local"')[1]
    assert data["direct-INITIAL_FORMS"] == ["2"] and data["direct-TOTAL_FORMS"] == ["3"]
    assert data["direct-0-title"] == ["Lisens for digital hjemmeoppfølging"]

    # When the secretary ticks «Fjern» on the first one
    data["direct-0-DELETE"] = ["on"]
    assert secretary_client.post(url("board", closed_round), data).status_code == 302

    # Then only the other one is left, and the local pot has the money back
    assert list(DirectAllocation.objects.values_list("title", "amount_nok")) == [
        ("Stilling som koordinator", 250_000)
    ]
    page, _data = open_board(secretary_client, closed_round)
    assert page.context["board"].totals["local"].allocated_nok == 1_000_000 + 250_000


@pytest.mark.django_db
def test_direct_allocation_without_amount_is_refused_at_the_field(secretary_client, closed_round, apps):
    _page, data = open_board(secretary_client, closed_round)
    data["direct-0-title"] = ["Lisens"]
    response = secretary_client.post(url("board", closed_round), data)
    assert response.status_code == 400
    assert response.context["formset"].forms[0].errors["amount"]
    assert form_data(response)["direct-0-title"] == ["Lisens"]
    assert not DirectAllocation.objects.exists()


# --- Move buttons without JavaScript -------------------------------------------------------


@pytest.mark.django_db
def test_move_buttons_reorder_and_save_without_javascript(secretary_client, closed_round, apps):
    _page, data = open_board(secretary_client, closed_round)
    a, b, c = (entry(x) for x in apps)
    assert data["regional_order"] == data["local_order"] == [str(a.pk), str(b.pk), str(c.pk)]

    # The second application moves up the regional list; an amount typed before pressing the
    # button is saved with the move.
    data |= {"move": [f"regional:{b.pk}:up"], f"regional_{c.pk}": ["1 000 000"]}
    response = secretary_client.post(url("board", closed_round), data)
    assert response.status_code == 302
    assert [e.pk for e in PriorityEntry.objects.order_by("regional_rank")] == [b.pk, a.pk, c.pk]
    assert [e.pk for e in PriorityEntry.objects.order_by("local_rank")] == [a.pk, b.pk, c.pk]
    assert entry(apps[2]).regional_nok == 1_000_000

    # The page shows the new order, with its move buttons.
    page, data = open_board(secretary_client, closed_round)
    assert data["regional_order"] == [str(b.pk), str(a.pk), str(c.pk)]
    assert f'name="move" value="local:{a.pk}:down"' in page.content.decode()

    # Down in the local list; the first can't go further up, the last can't go further down.
    for move in (f"local:{a.pk}:down", f"regional:{b.pk}:up", f"local:{c.pk}:down"):
        _page, data = open_board(secretary_client, closed_round)
        data["move"] = [move]
        assert secretary_client.post(url("board", closed_round), data).status_code == 302
    assert [e.pk for e in PriorityEntry.objects.order_by("regional_rank")] == [b.pk, a.pk, c.pk]
    assert [e.pk for e in PriorityEntry.objects.order_by("local_rank")] == [b.pk, a.pk, c.pk]


# --- Freezing, the SSU decision, forwarding --------------------------------------------------


@pytest.mark.django_db
def test_freeze_prioritises_every_assessed_application_on_the_board(
    secretary_client, closed_round, apps, secretariat_user, rana
):
    # Given the board, and applications of the round that are not on it
    rejected = assessed(closed_round, rana, "Avvist", 1_000_000, status=S.REJECTED_FORMAL)
    draft = make_application(round=closed_round, lead=rana, title="Utkast")
    _page, _data = open_board(secretary_client, closed_round)
    version = board_version(closed_round)

    # When the secretary freezes it
    response = secretary_client.post(url("board_freeze", closed_round), {"version": version}, follow=True)

    # Then every assessed application is «prioritert», with a status event and an audit entry
    assert "Prioriteringen er låst. Søknadene har nå status «Prioritert»." in response.content.decode()
    assert statuses(apps) == [S.PRIORITISED] * 3
    assert statuses([rejected, draft]) == [S.REJECTED_FORMAL, S.DRAFT]
    events = StatusEvent.objects.filter(application__in=apps)
    assert sorted(events.values_list("application_id", "from_status", "to_status", "actor_id")) == [
        (x.pk, S.ASSESSED, S.PRIORITISED, secretariat_user.pk) for x in apps
    ]
    audits = AuditEvent.objects.filter(actor=secretariat_user)
    assert sorted(audits.filter(action="application.prioritise").values_list("target_id", flat=True)) == [
        x.pk for x in apps
    ]
    prio = Prioritisation.objects.get(round=closed_round)
    assert audits.filter(action="prioritisation.freeze", target_id=prio.pk).count() == 1
    assert prio.is_frozen and prio.frozen_by == secretariat_user and prio.version == version + 1
    # And the page no longer offers editing, but the prioritisation case for the SSU (whose
    # decision is recorded when the case is decided) and unfreezing
    content = secretary_client.get(url("board", closed_round)).content.decode()
    assert "Lagre endringer" not in content and 'name="move"' not in content
    assert "Nytt møte i SSU" in content  # no SSU meeting yet to put the case on
    assert "Registrer SSU-vedtaket" not in content and "Lås opp prioriteringen" in content


@pytest.mark.django_db
def test_freeze_requires_the_deadline_to_have_passed(open_round, rana, secretariat_user):
    application = assessed(open_round, rana, "Tidlig vurdert", 1_000_000)
    to_stage(open_round, secretariat_user, "draft")
    before = snapshot(open_round)
    with pytest.raises(ApplicationError) as refused:
        prioritisation.board_freeze(
            round_=open_round, actor=secretariat_user, version=board_version(open_round)
        )
    deadline = open_round.deadline.strftime("%d.%m.%Y")
    assert f"Søknadsfristen ({deadline}) er ikke ute ennå" in str(refused.value)
    assert snapshot(open_round) == before
    assert statuses([application]) == [S.ASSESSED]


@pytest.mark.django_db
@pytest.mark.parametrize("status", [S.RECEIVED, S.UNDER_REVIEW])
def test_freeze_is_refused_while_applications_are_not_finished(
    secretary_client, closed_round, apps, secretariat_user, rana, status
):
    unfinished = assessed(closed_round, rana, "Ikke ferdig", 1_000_000, status=status)
    page, _data = open_board(secretary_client, closed_round)
    assert "1 søknad er ikke ferdig behandlet" in page.content.decode()
    before = snapshot(closed_round)
    response = secretary_client.post(
        url("board_freeze", closed_round), {"version": board_version(closed_round)}, follow=True
    )
    assert "1 søknad er ikke ferdig behandlet (mottatt eller under vurdering)." in response.content.decode()
    assert snapshot(closed_round) == before
    assert statuses([*apps, unfinished]) == [S.ASSESSED] * 3 + [status]


@pytest.mark.django_db
def test_an_empty_board_cannot_be_frozen(closed_round, secretariat_user):
    to_stage(closed_round, secretariat_user, "draft")
    with pytest.raises(ApplicationError) as refused:
        prioritisation.board_freeze(
            round_=closed_round, actor=secretariat_user, version=board_version(closed_round)
        )
    assert "Det er ingen vurderte søknader å prioritere." in str(refused.value)
    assert not Prioritisation.objects.get(round=closed_round).is_frozen


@pytest.mark.django_db
def test_a_frozen_board_cannot_be_saved_or_frozen_again(
    secretary_client, closed_round, apps, secretariat_user
):
    to_stage(closed_round, secretariat_user, "frozen")
    before = snapshot(closed_round)
    a = entry(apps[0])
    response = secretary_client.post(
        url("board", closed_round), board_data(closed_round, **{f"regional_{a.pk}": "1"})
    )
    assert response.status_code == 400
    assert "Prioriteringen er låst. Lås den opp for å gjøre endringer." in response.content.decode()
    with pytest.raises(ApplicationError, match="allerede låst"):
        prioritisation.board_freeze(
            round_=closed_round, actor=secretariat_user, version=board_version(closed_round)
        )
    assert snapshot(closed_round) == before


@pytest.mark.django_db
def test_unfreeze_moves_the_applications_back_and_clears_the_decision(
    secretary_client, closed_round, apps, secretariat_user
):
    # Given a frozen board the SSU has decided on
    to_stage(closed_round, secretariat_user, "decided")
    prio = Prioritisation.objects.get(round=closed_round)
    assert prio.decided_on and prio.decision_reference == "31-2027"
    version = prio.version

    # When the secretary unfreezes it
    response = secretary_client.post(url("board_unfreeze", closed_round), {"version": version}, follow=True)

    # Then the applications are «vurdert» again and the decision is gone (the SSU must decide on
    # the changed ranking)
    assert "Prioriteringen er låst opp og kan endres." in response.content.decode()
    assert statuses(apps) == [S.ASSESSED] * 3
    back = StatusEvent.objects.filter(from_status=S.PRIORITISED, to_status=S.ASSESSED, actor=secretariat_user)
    assert sorted(back.values_list("application_id", flat=True)) == [x.pk for x in apps]
    prio.refresh_from_db()
    assert (prio.frozen_at, prio.frozen_by, prio.decided_on, prio.decision_reference) == (
        None,
        None,
        None,
        "",
    )
    assert prio.version == version + 1
    assert AuditEvent.objects.filter(action="prioritisation.unfreeze", target_id=prio.pk).count() == 1
    assert "Lagre endringer" in response.content.decode()

    # And unfreezing an open board is refused
    with pytest.raises(ApplicationError, match="ikke låst"):
        prioritisation.board_unfreeze(round_=closed_round, actor=secretariat_user, version=prio.version)


@pytest.mark.django_db
def test_a_forwarded_board_cannot_be_unfrozen(closed_round, apps, secretariat_user):
    to_stage(closed_round, secretariat_user, "forwarded")
    before = snapshot(closed_round)
    with pytest.raises(ApplicationError, match="sendt til Helse Nord og kan ikke låses opp"):
        prioritisation.board_unfreeze(
            round_=closed_round, actor=secretariat_user, version=board_version(closed_round)
        )
    assert snapshot(closed_round) == before
    assert statuses(apps) == [S.FORWARDED] * 3


def decision(round_, decided_on, reference="31-2027", version=None):
    return {
        "decided_on": decided_on.isoformat(),
        "reference": reference,
        "version": version if version is not None else board_version(round_),
    }


@pytest.mark.django_db
def test_decision_date_can_be_neither_in_the_future_nor_before_freezing(
    secretary_client, closed_round, apps, secretariat_user
):
    # Given a board frozen three days ago
    to_stage(closed_round, secretariat_user, "frozen")
    today = timezone.localdate()
    frozen_on = today - dt.timedelta(days=3)
    Prioritisation.objects.filter(round=closed_round).update(
        frozen_at=dt.datetime.combine(frozen_on, dt.time(12), tzinfo=OSLO)
    )
    before = snapshot(closed_round)

    # A date in the future is refused at the field, and the typed values are kept
    response = secretary_client.post(
        url("board_decision", closed_round), decision(closed_round, today + dt.timedelta(days=1))
    )
    assert response.status_code == 400
    assert response.context["decision_form"].errors["decided_on"] == [
        "Vedtaksdatoen kan ikke være fram i tid."
    ]
    content = response.content.decode()
    assert 'id="id_decided_on-error">Vedtaksdatoen kan ikke være fram i tid.</div>' in content
    assert 'value="31-2027"' in content
    # So is a date before the board was frozen
    response = secretary_client.post(
        url("board_decision", closed_round), decision(closed_round, frozen_on - dt.timedelta(days=1))
    )
    assert response.status_code == 400
    assert response.context["decision_form"].errors["decided_on"] == [
        "SSU kan ikke ha vedtatt prioriteringen før den ble låst."
    ]
    assert snapshot(closed_round) == before
    # And the service says the same
    with pytest.raises(ApplicationError) as refused:
        prioritisation.board_record_decision(
            round_=closed_round,
            actor=secretariat_user,
            version=board_version(closed_round),
            decided_on=today + dt.timedelta(days=1),
            reference="",
        )
    assert refused.value.field == "decided_on"

    # The day it was frozen is allowed
    response = secretary_client.post(
        url("board_decision", closed_round), decision(closed_round, frozen_on, reference=" 31-2027 ")
    )
    assert response.status_code == 302
    prio = Prioritisation.objects.get(round=closed_round)
    assert (prio.decided_on, prio.decision_reference) == (frozen_on, "31-2027")
    assert statuses(apps) == [S.PRIORITISED] * 3
    audit = AuditEvent.objects.get(action="prioritisation.decision")
    assert audit.changes == {"decided_on": frozen_on.isoformat(), "reference": "31-2027"}


@pytest.mark.django_db
def test_decision_requires_a_frozen_board(secretary_client, closed_round, apps, secretariat_user):
    to_stage(closed_round, secretariat_user, "draft")
    before = snapshot(closed_round)
    with pytest.raises(ApplicationError, match="når prioriteringen er låst"):
        prioritisation.board_record_decision(
            round_=closed_round,
            actor=secretariat_user,
            version=board_version(closed_round),
            decided_on=timezone.localdate(),
            reference="31-2027",
        )
    # Through the page (a decision form left open after someone unfroze the board), the reason
    # is shown although the board no longer shows the form.
    response = secretary_client.post(
        url("board_decision", closed_round), decision(closed_round, timezone.localdate())
    )
    assert response.status_code == 400
    errors = response.content.decode().split('id="decision-errors"')[1]
    assert "SSU-vedtaket registreres når prioriteringen er låst og ikke sendt." in errors
    assert snapshot(closed_round) == before


@pytest.mark.django_db
@pytest.mark.parametrize("stage", ["draft", "frozen"])
def test_forwarding_requires_a_frozen_and_decided_board(closed_round, apps, secretariat_user, stage):
    to_stage(closed_round, secretariat_user, stage)
    before = snapshot(closed_round)
    with pytest.raises(ApplicationError, match="må være låst og vedtatt i SSU"):
        prioritisation.round_forward(
            round_=closed_round, actor=secretariat_user, version=board_version(closed_round)
        )
    assert snapshot(closed_round) == before
    assert not ForwardingPackage.objects.exists()


@pytest.mark.django_db
def test_forwarding_moves_prioritised_to_forwarded_and_starts_the_package(
    secretary_client, closed_round, apps, secretariat_user
):
    # Given a frozen board the SSU has decided on
    to_stage(closed_round, secretariat_user, "decided")
    version = board_version(closed_round)
    page = secretary_client.get(url("board", closed_round)).content.decode()
    assert "Send til Helse Nord" in page

    # When the secretary forwards it
    response = secretary_client.post(url("board_forward", closed_round), {"version": version}, follow=True)

    # Then every application is «videresendt», with status events
    assert "Søknadene er sendt til Helse Nord." in response.content.decode()
    assert statuses(apps) == [S.FORWARDED] * 3
    forwarded = StatusEvent.objects.filter(from_status=S.PRIORITISED, to_status=S.FORWARDED)
    assert sorted(forwarded.values_list("application_id", "actor_id")) == [
        (x.pk, secretariat_user.pk) for x in apps
    ]
    # And the date is recorded
    prio = Prioritisation.objects.get(round=closed_round)
    assert prio.forwarded_at and prio.forwarded_by == secretariat_user and prio.version == version + 1
    assert timezone.now() - prio.forwarded_at < dt.timedelta(minutes=1)
    # And a package is waiting for the worker (tests send tasks to the real broker after commit;
    # the test's transaction is never committed, so the package stays pending here)
    package = ForwardingPackage.objects.get()
    assert (package.prioritisation, package.status, package.created_by) == (
        prio,
        ForwardingPackage.Status.PENDING,
        secretariat_user,
    )
    assert package.steps_total == len(apps) + 1
    assert AuditEvent.objects.filter(action="prioritisation.forward", target_id=prio.pk).count() == 1
    assert AuditEvent.objects.filter(action="forwarding.package", target_id=package.pk).count() == 1
    # And the page shows the package's progress, polled while it is being made
    content = secretary_client.get(url("board", closed_round)).content.decode()
    assert "Pakken lages: 0 av 4 deler ferdig." in content
    assert f'hx-get="{url("package_status", closed_round)}"' in content
    status = secretary_client.get(url("package_status", closed_round))
    assert status.status_code == 200 and "Pakken lages: 0 av 4 deler ferdig." in status.content.decode()

    # And forwarding twice is refused
    with pytest.raises(ApplicationError, match="allerede sendt"):
        prioritisation.round_forward(round_=closed_round, actor=secretariat_user, version=prio.version)


@pytest.mark.django_db
def test_forwarding_builds_the_package_after_commit(
    closed_round, apps, secretariat_user, django_capture_on_commit_callbacks
):
    to_stage(closed_round, secretariat_user, "decided")
    with django_capture_on_commit_callbacks() as callbacks:
        package = prioritisation.round_forward(
            round_=closed_round, actor=secretariat_user, version=board_version(closed_round)
        )
    # One task, sent only once the forwarding is committed (not run here: the ZIP is tested
    # elsewhere, with a real worker).
    assert len(callbacks) == 1
    assert package.status == ForwardingPackage.Status.PENDING


@pytest.mark.django_db
def test_package_rebuild_makes_a_new_package_but_not_while_one_is_being_made(
    secretary_client, closed_round, apps, secretariat_user
):
    to_stage(closed_round, secretariat_user, "decided")
    with pytest.raises(ApplicationError, match="ikke sendt til Helse Nord ennå"):
        prioritisation.package_rebuild(round_=closed_round, actor=secretariat_user)

    first = prioritisation.round_forward(
        round_=closed_round, actor=secretariat_user, version=board_version(closed_round)
    )
    response = secretary_client.post(url("package_rebuild", closed_round), follow=True)
    assert "Pakken lages allerede." in response.content.decode()
    assert ForwardingPackage.objects.count() == 1

    make_ready(first)
    response = secretary_client.post(url("package_rebuild", closed_round), follow=True)
    assert "Pakken lages på nytt." in response.content.decode()
    assert list(ForwardingPackage.objects.order_by("pk").values_list("status", flat=True)) == [
        ForwardingPackage.Status.READY,
        ForwardingPackage.Status.PENDING,
    ]


# --- Stale versions -------------------------------------------------------------------------

# action: (stage the board is in, the URL, what another secretary did in between)
STALE = {
    "freeze": ("draft", "board_freeze", "save"),
    "unfreeze": ("frozen", "board_unfreeze", "decision"),
    "decision": ("frozen", "board_decision", "decision"),
    "forward": ("decided", "board_forward", "decision"),
}


def perform(action, round_, actor, version):
    if action == "freeze":
        return prioritisation.board_freeze(round_=round_, actor=actor, version=version)
    if action == "unfreeze":
        return prioritisation.board_unfreeze(round_=round_, actor=actor, version=version)
    if action == "decision":
        return prioritisation.board_record_decision(
            round_=round_, actor=actor, version=version, decided_on=timezone.localdate(), reference="99-2027"
        )
    return prioritisation.round_forward(round_=round_, actor=actor, version=version)


@pytest.mark.django_db
@pytest.mark.parametrize("action", list(STALE))
def test_every_action_based_on_an_old_version_is_refused_and_changes_nothing(
    secretary_client, closed_round, apps, secretariat_user, other_secretary, action
):
    stage, url_name, interference = STALE[action]
    # Given the page Kari opened, at this version
    to_stage(closed_round, secretariat_user, stage)
    old_version = board_version(closed_round)

    # And Siri changed the board in between
    if interference == "save":
        a = entry(apps[0])
        prioritisation.board_save(
            round_=closed_round,
            actor=other_secretary,
            version=old_version,
            regional_order=list(PriorityEntry.objects.order_by("regional_rank").values_list("pk", flat=True)),
            local_order=list(PriorityEntry.objects.order_by("local_rank").values_list("pk", flat=True)),
            amounts={a.pk: (1_000_000, 0)},
            direct=[],
        )
    else:
        prioritisation.board_record_decision(
            round_=closed_round,
            actor=other_secretary,
            version=old_version,
            decided_on=timezone.localdate(),
            reference="32-2027",
        )
    before = snapshot(closed_round)

    # When Kari's action, based on the old version, reaches the service
    with pytest.raises(prioritisation.BoardConflict) as refused:
        perform(action, closed_round, secretariat_user, old_version)

    # Then it is refused, naming Siri, and nothing changed
    assert "ble endret av Siri Sekretær" in str(refused.value)
    assert snapshot(closed_round) == before

    # And the same through the page: the message is shown, nothing changed
    data = (
        decision(closed_round, timezone.localdate(), "99-2027", version=old_version)
        if action == "decision"
        else {"version": old_version}
    )
    response = secretary_client.post(url(url_name, closed_round), data, follow=True)
    assert response.status_code == (400 if action == "decision" else 200)
    content = response.content.decode()
    shown_in = 'id="decision-errors"' if action == "decision" else 'class="messages"'
    assert "ble endret av Siri Sekretær" in content.split(shown_in)[1]
    assert snapshot(closed_round) == before


@pytest.mark.django_db
def test_an_action_posted_without_a_version_is_refused(
    secretary_client, closed_round, apps, secretariat_user
):
    to_stage(closed_round, secretariat_user, "draft")
    before = snapshot(closed_round)
    response = secretary_client.post(url("board_freeze", closed_round), {}, follow=True)
    assert "Siden var utdatert. Last inn siden på nytt og prøv igjen." in response.content.decode()
    assert snapshot(closed_round) == before


# --- The board follows the round (prioritisation_sync) ---------------------------------------


@pytest.mark.django_db
def test_newly_assessed_application_joins_the_bottom_of_both_lists(
    secretary_client, closed_round, apps, secretariat_user, rana
):
    # Given the board, with its lists reordered
    _page, data = open_board(secretary_client, closed_round)
    a, b, c = (entry(x) for x in apps)
    data |= {
        "regional_order": [str(c.pk), str(a.pk), str(b.pk)],
        "local_order": [str(b.pk), str(c.pk), str(a.pk)],
    }
    assert secretary_client.post(url("board", closed_round), data).status_code == 302
    version = board_version(closed_round)

    # When the secretariat finishes assessing another application
    late = assessed(closed_round, rana, "Sent vurdert", 1_000_000, status=S.UNDER_REVIEW)
    for item in ScreeningCheck.Item.values:
        ScreeningCheck.objects.create(application=late, item=item, passed=True)
    review.application_transition(application=late, action="mark_assessed", actor=secretariat_user)

    # Then it stands last in both lists, and the board has a new version
    page, data = open_board(secretary_client, closed_round)
    board = page.context["board"]
    assert [e.application for e in board.regional] == [apps[2], apps[0], apps[1], late]
    assert [e.application for e in board.local] == [apps[1], apps[2], apps[0], late]
    assert data["regional_order"][-1] == data["local_order"][-1] == str(entry(late).pk)
    assert board_version(closed_round) == version + 1
    # And opening the board again writes nothing
    open_board(secretary_client, closed_round)
    assert board_version(closed_round) == version + 1


@pytest.mark.django_db
def test_application_sent_back_to_review_leaves_the_board(
    secretary_client, closed_round, apps, secretariat_user
):
    _page, _data = open_board(secretary_client, closed_round)
    version = board_version(closed_round)

    review.application_transition(application=apps[0], action="reopen_review", actor=secretariat_user)

    page, data = open_board(secretary_client, closed_round)
    board = page.context["board"]
    assert [e.application for e in board.regional] == apps[1:]
    assert [e.application for e in board.local] == apps[1:]
    assert not PriorityEntry.objects.filter(application=apps[0]).exists()
    assert len(data["regional_order"]) == 2
    assert board_version(closed_round) == version + 1
    # It is unfinished again, so the board can't be frozen until it is assessed.
    assert "1 søknad er ikke ferdig behandlet" in page.content.decode()


@pytest.mark.django_db
def test_save_based_on_the_board_before_an_application_joined_is_refused(
    secretary_client, closed_round, apps, secretariat_user, rana
):
    _page, data = open_board(secretary_client, closed_round)
    late = assessed(closed_round, rana, "Sent vurdert", 1_000_000)
    a = entry(apps[0])
    data[f"regional_{a.pk}"] = ["1 000 000"]
    response = secretary_client.post(url("board", closed_round), data)
    assert response.status_code in (400, 409)
    assert form_data(response)[f"regional_{a.pk}"] == ["1 000 000"]
    assert entry(apps[0]).regional_nok == 0
    assert entry(late).regional_rank == 4


# --- Access -------------------------------------------------------------------------------------

ROLES = [
    "anonymous",
    "rana_applicant",
    "committee_user",
    "helse_nord_user",
    "finnmark_secretary",
    "superuser",
    "secretariat_user",
]

# The board's URLs: (URL name, method, the stage the board is brought to first, so that the
# action would succeed for whoever may do it).
URLS = {
    "board GET": ("secretariat:board", "get", "draft"),
    "board POST": ("secretariat:board", "post", "draft"),
    "freeze": ("secretariat:board_freeze", "post", "draft"),
    "unfreeze": ("secretariat:board_unfreeze", "post", "frozen"),
    "decision": ("secretariat:board_decision", "post", "frozen"),
    "forward": ("secretariat:board_forward", "post", "decided"),
    "package rebuild": ("secretariat:package_rebuild", "post", "ready"),
    "package status": ("secretariat:package_status", "get", "ready"),
    "Helse Nord index": ("helse_nord:index", "get", "ready"),
    "Helse Nord package": ("helse_nord:package", "get", "ready"),
}


def expected_status(role, key):
    if role == "anonymous":
        return 302  # to the login page
    if key == "Helse Nord index":
        return 200 if role == "helse_nord_user" else 404
    if key == "Helse Nord package":
        return 200 if role in ("helse_nord_user", "secretariat_user") else 404
    if role != "secretariat_user":
        return 404
    return 200 if URLS[key][1] == "get" else 302


@pytest.mark.django_db
@pytest.mark.parametrize("key", list(URLS))
@pytest.mark.parametrize("role", ROLES)
def test_board_urls_for_every_role(request, client, closed_round, apps, secretariat_user, role, key):
    name, method, stage = URLS[key]
    package = to_stage(closed_round, secretariat_user, stage)
    args = (
        [package.pk]
        if name == "helse_nord:package"
        else []
        if name == "helse_nord:index"
        else [closed_round.pk]
    )
    target = reverse(name, args=args)
    data = {
        "secretariat:board": board_data(closed_round, **{f"regional_{entry(apps[0]).pk}": "1 000 000"}),
        "secretariat:board_decision": decision(closed_round, timezone.localdate(), "33-2027"),
    }.get(name, {"version": board_version(closed_round)})
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    before = snapshot(closed_round)

    response = client.get(target) if method == "get" else client.post(target, data)

    assert response.status_code == expected_status(role, key), (role, key)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if response.status_code == 302 and role != "anonymous":
        assert response["Location"] == url("board", closed_round)
    if name == "helse_nord:package" and response.status_code == 200:
        # Reading the whole stream closes the response (the test client's wrapper).
        assert b"".join(response.streaming_content) == EMPTY_ZIP
        assert response["Content-Type"] == "application/zip"
        assert AuditEvent.objects.filter(action="forwarding.download", target_id=package.pk).count() == 1
    if role == "secretariat_user" and method == "post":
        # The action took effect (so the others' 404 is the access check, not the board's state).
        assert snapshot(closed_round) != before
        messages = [str(m) for m in response.wsgi_request._messages]
        assert messages and not any("kan ikke" in m or "ble endret" in m for m in messages), messages
    elif name != "helse_nord:package" or response.status_code == 404:
        assert snapshot(closed_round) == before


@pytest.mark.django_db
@pytest.mark.parametrize(
    "status",
    [ForwardingPackage.Status.PENDING, ForwardingPackage.Status.BUILDING, ForwardingPackage.Status.FAILED],
)
@pytest.mark.parametrize("role", ["helse_nord_user", "secretariat_user"])
def test_package_that_is_not_ready_is_404_for_everyone(
    request, client, closed_round, apps, secretariat_user, role, status
):
    package = make_ready(to_stage(closed_round, secretariat_user, "forwarded"))
    ForwardingPackage.objects.filter(pk=package.pk).update(status=status)
    client.force_login(request.getfixturevalue(role))
    assert client.get(reverse("helse_nord:package", args=[package.pk])).status_code == 404


@pytest.mark.django_db
def test_ready_package_of_a_board_that_was_not_forwarded_is_404(
    client, closed_round, apps, secretariat_user, helse_nord_user
):
    to_stage(closed_round, secretariat_user, "decided")
    prio = Prioritisation.objects.get(round=closed_round)
    package = make_ready(ForwardingPackage.objects.create(prioritisation=prio, created_by=secretariat_user))
    for user in (helse_nord_user, secretariat_user):
        client.force_login(user)
        assert client.get(reverse("helse_nord:package", args=[package.pk])).status_code == 404


@pytest.mark.django_db
def test_helse_nord_sees_forwarded_rounds_only(
    client, closed_round, apps, secretariat_user, helse_nord_user, rana
):
    other = RoundFactory(title="Ikke sendt ennå")
    assessed(other, rana, "Hemmelig ennå", 1_000_000)
    to_stage(other, secretariat_user, "draft")
    package = to_stage(closed_round, secretariat_user, "ready")
    client.force_login(helse_nord_user)
    response = client.get(reverse("helse_nord:index"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "RS-tilskudd 2027 Helgeland" in content and "Ikke sendt ennå" not in content
    assert "Hemmelig ennå" not in content
    assert all(x.title in content for x in apps)
    assert reverse("helse_nord:package", args=[package.pk]) in content
    assert "Prioritert i SSU" in content and "sak 31-2027" in content
