"""Case numbers: unique per committee and year, also when two are created at the same moment on
PostgreSQL; kept when a case is postponed; never reused (the real papers of 09.09.2025 had two
different cases numbered 24-2025). And publishing is refused while a placeholder is left."""

import datetime as dt
import threading
import time

import pytest
from django.db import IntegrityError, connection, transaction

from committees import services
from committees.models import Case, CaseNumberSequence, Committee, Meeting
from core.models import SecretariatMembership
from tests.factories import UserFactory, helgeland


@pytest.fixture
def ssu(db):
    return Committee.objects.get(health_community=helgeland(), kind=Committee.Kind.SSU)


@pytest.fixture
def fsu(db):
    return Committee.objects.filter(health_community=helgeland(), kind=Committee.Kind.FSU).first()


@pytest.fixture
def secretary(db):
    user = UserFactory(email="sekretar@example.no")
    SecretariatMembership.objects.create(user=user, health_community=helgeland())
    return user


def meeting(committee, day):
    return Meeting.objects.create(committee=committee, date=day, starts_at=dt.time(9, 0), place="Mosjøen")


@pytest.mark.django_db
def test_numbers_count_up_per_committee_and_year(ssu, fsu, secretary):
    september = meeting(ssu, dt.date(2025, 9, 9))
    numbers = [
        services.case_create(committee=ssu, actor=secretary, title=f"Sak {i}", meeting=september).reference
        for i in range(3)
    ]
    assert numbers == ["1-2025", "2-2025", "3-2025"]
    # Another committee and another year start at 1.
    assert (
        services.case_create(committee=fsu, actor=secretary, title="FSU-sak", year=2025).reference == "1-2025"
    )
    assert (
        services.case_create(committee=ssu, actor=secretary, title="Neste år", year=2026).reference
        == "1-2026"
    )


@pytest.mark.django_db
def test_a_postponed_case_keeps_its_number_and_no_number_is_reused(ssu, secretary):
    # Given case 1-2025 on the September meeting
    september, october = meeting(ssu, dt.date(2025, 9, 9)), meeting(ssu, dt.date(2025, 10, 21))
    case = services.case_create(
        committee=ssu, actor=secretary, title="Prosjektleder", meeting=september, recommendation="Vedtas."
    )
    services.case_publish(case=case, actor=secretary)

    # When it is postponed to the October meeting
    services.case_postpone(case=case, actor=secretary, to_meeting=october)

    # Then it keeps its number there
    case.refresh_from_db()
    assert (case.reference, case.meeting, case.status) == ("1-2025", october, Case.Status.POSTPONED)
    # And a withdrawn case's number is not given again
    withdrawn = services.case_create(committee=ssu, actor=secretary, title="Trekkes", meeting=september)
    services.case_withdraw(case=withdrawn, actor=secretary)
    later = services.case_create(committee=ssu, actor=secretary, title="Ny sak", meeting=october)
    assert (withdrawn.reference, later.reference) == ("2-2025", "3-2025")
    assert CaseNumberSequence.objects.get(committee=ssu, year=2025).last_number == 3
    # And a postponed case can be published again on its new meeting, still 1-2025
    services.case_publish(case=case, actor=secretary)
    case.refresh_from_db()
    assert (case.reference, case.status) == ("1-2025", Case.Status.PUBLISHED)


@pytest.mark.django_db
def test_the_database_refuses_a_second_case_with_the_same_number(ssu, secretary):
    case = services.case_create(committee=ssu, actor=secretary, title="Første", year=2025)
    with pytest.raises(IntegrityError), transaction.atomic():
        Case.objects.create(committee=ssu, year=2025, number=case.number, title="Andre med samme nummer")


def _lock_waiters() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock' AND pid <> pg_backend_pid()"
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True)
def test_two_cases_created_at_the_same_moment_on_postgresql_get_different_numbers(ssu, secretary):
    """Two transactions on two connections: the second must wait for the first one's lock on the
    sequence and then take the next number, not read the same last number."""
    assert connection.vendor == "postgresql", "run through scripts/with-services"
    first_has_number, let_first_commit = threading.Event(), threading.Event()
    numbers, errors = {}, []

    def create(name, hold=False):
        try:
            with transaction.atomic():
                case = services.case_create(committee=ssu, actor=secretary, title=name, year=2025)
                numbers[name] = case.number
                if hold:
                    first_has_number.set()
                    let_first_commit.wait(timeout=30)
        except Exception as error:  # shown by the assertion below
            errors.append(error)
        finally:
            first_has_number.set()
            connection.close()

    # Given a committee that already has case 1-2025 (so the sequence row exists and only its
    # lock can keep the two apart)
    services.case_create(committee=ssu, actor=secretary, title="Fra før", year=2025)
    # And a first request that has taken its number and not yet committed
    first = threading.Thread(target=create, args=("første", True))
    first.start()
    assert first_has_number.wait(timeout=30)
    # When a second request creates a case at the same moment
    second = threading.Thread(target=create, args=("andre",))
    second.start()
    deadline, waited = time.monotonic() + 20, False
    while time.monotonic() < deadline and not waited:
        waited = _lock_waiters() > 0
        time.sleep(0.05)
    let_first_commit.set()
    first.join(timeout=30)
    second.join(timeout=30)

    # Then the second waited for the first, and they got different numbers
    assert not errors, errors
    assert waited, "the second creation did not wait for the sequence lock"
    assert sorted(numbers.values()) == [2, 3]
    assert sorted(Case.objects.filter(committee=ssu, year=2025).values_list("number", flat=True)) == [1, 2, 3]


@pytest.mark.django_db(transaction=True)
def test_many_cases_created_in_parallel_get_distinct_numbers(ssu, secretary):
    """Eight threads, five cases each, starting together (also the first creation of the sequence
    row races): forty distinct numbers, 1 to 40."""
    barrier, errors = threading.Barrier(8), []

    def create_five(i):
        try:
            barrier.wait(timeout=30)
            for j in range(5):
                services.case_create(committee=ssu, actor=secretary, title=f"Sak {i}.{j}", year=2027)
        except Exception as error:
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=create_five, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not errors, errors
    numbers = sorted(Case.objects.filter(committee=ssu, year=2027).values_list("number", flat=True))
    assert numbers == list(range(1, 41))


# --- Publishing with placeholders ------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "field, text, left",
    [
        ("recommendation", "Kr. X av tilskuddet settes av til en ressurs.", "Kr. X"),
        ("recommendation", "kr XX brukes til lisens.", "kr XX"),
        ("recommendation", "Beløpet er [beløp].", "[beløp]"),
        ("background", "Fristen er ???.", "???"),
        ("assessment", "TBD", "TBD"),
        ("recommendation", "SSU bevilger {{ amount }}.", "{{ amount }}"),
    ],
)
def test_publishing_a_case_with_a_placeholder_is_refused(ssu, secretary, field, text, left):
    # Given a case paper with something left unfilled, as in the real Sak 23-2025
    sections = {"recommendation": "Saken tas til orientering.", field: text}
    case = services.case_create(
        committee=ssu,
        actor=secretary,
        title="Tilskudd 2026",
        meeting=meeting(ssu, dt.date(2026, 10, 20)),
        **sections,
    )

    # When the secretariat publishes it
    with pytest.raises(services.CaseError) as refused:
        services.case_publish(case=case, actor=secretary)

    # Then it is refused, naming what is left, and nothing changed
    assert left in str(refused.value)
    case.refresh_from_db()
    assert (case.status, case.published_at) == (Case.Status.DRAFT, None)


@pytest.mark.django_db
def test_a_filled_in_case_is_published(ssu, secretary):
    case = services.case_create(
        committee=ssu,
        actor=secretary,
        title="Lisens for digital hjemmeoppfølging",
        meeting=meeting(ssu, dt.date(2026, 10, 20)),
        recommendation="Kr 500 000 av midlene for 2026 brukes til lisens for digital hjemmeoppfølging.",
        background="Dignio, 3-årsavtale. Kontakt: X-avdelingen i Nordlandssykehuset.",
    )
    services.case_publish(case=case, actor=secretary)
    case.refresh_from_db()
    assert case.status == Case.Status.PUBLISHED and case.published_at


@pytest.mark.django_db
def test_a_case_without_a_meeting_or_innstilling_is_not_published(ssu, secretary):
    no_meeting = services.case_create(committee=ssu, actor=secretary, title="Uten møte", recommendation="Ok.")
    with pytest.raises(services.CaseError, match="møte"):
        services.case_publish(case=no_meeting, actor=secretary)
    no_points = services.case_create(
        committee=ssu, actor=secretary, title="Uten innstilling", meeting=meeting(ssu, dt.date(2026, 10, 20))
    )
    with pytest.raises(services.CaseError, match="innstilling"):
        services.case_publish(case=no_points, actor=secretary)
