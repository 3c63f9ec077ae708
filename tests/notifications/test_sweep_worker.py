"""Must-show 2: the reminder sweep run twice by a real Celery worker on the real Redis (and twice
more at the same moment in two threads on PostgreSQL) makes and e-mails each reminder once."""

import datetime as dt
import threading
import time

import pytest
from django.core import mail
from django.db import connection
from django.utils import timezone

from applications.models import Application
from notifications import reminders, tasks
from notifications.models import Notification
from tests.factories import RoundFactory, UserFactory, make_application, org

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout} s"
        time.sleep(0.2)


def drafts_three_days_before_the_deadline(count=3):
    """Drafts in a round whose deadline is three days ahead (a default reminder day), each with
    its own writer in Rana kommune."""
    round_ = RoundFactory(deadline=timezone.localdate() + dt.timedelta(days=3))
    writers = []
    for n in range(count):
        writer = UserFactory(email=f"skriver{n}@example.no", organisations=[org("Rana kommune")])
        make_application(round=round_, lead=org("Rana kommune"), actor=writer, title=f"Utkast {n}")
        writers.append(writer)
    assert Application.objects.filter(status=Application.Status.DRAFT).count() == count
    return writers


def test_the_sweep_run_twice_by_a_real_worker_sends_each_reminder_once(celery_worker):
    writers = drafts_three_days_before_the_deadline()

    tasks.reminder_sweep.delay()
    tasks.reminder_sweep.delay()

    made = Notification.objects.filter(kind="draft_deadline")
    wait_for(lambda: made.exists() and not made.exclude(email_status="sent").exists(), 60, "the reminders")
    time.sleep(2)  # room for a second, wrong e-mail to arrive
    per_recipient = {}
    for message in mail.outbox:
        per_recipient.setdefault(message.to[0], []).append(message.subject)
    # Rana kommune's users all get each draft's reminder, each once.
    assert made.count() == len(mail.outbox) > 0
    assert all(len(subjects) == len(set(subjects)) for subjects in per_recipient.values()), per_recipient
    assert {w.email for w in writers} <= set(per_recipient)


def test_two_sweeps_at_the_same_moment_make_each_reminder_once():
    drafts_three_days_before_the_deadline()
    today = timezone.localdate()
    start = threading.Barrier(2)
    results, errors = [], []

    def run():
        try:
            start.wait()
            results.append(reminders.sweep(today))
        except Exception as error:  # surfaced below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert not errors, errors
    made = Notification.objects.filter(kind="draft_deadline")
    assert sum(results) == made.count() > 0
    assert made.values("key").distinct().count() == made.count()
    assert reminders.sweep(today) == 0
