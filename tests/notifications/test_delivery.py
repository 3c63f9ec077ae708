"""Delivery that loses nothing and sends nothing twice.

- Redis down at the moment of submitting: the applicant's submission succeeds at normal speed;
  the pending PDF and receipt wait in PostgreSQL (the version row is the outbox); when Redis is
  back, the relay enqueues them and a real worker sends the receipt exactly once.
- A notification's e-mail is claimed before it is sent, so two sends of the same row (a retry,
  two relays) deliver it once.

The broker here is a Redis server this test starts and stops itself (Debian's redis-server), so
the suite's own Redis is never touched.
"""

import datetime as dt
import os
import shutil
import socket
import subprocess
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse

from applications.models import Application, ApplicationVersion
from applications.services import application_confirm_partnership
from core import queue
from helsefellesskap import celery_app
from notifications import services as notifications
from notifications import tasks
from notifications.models import Notification
from tests.factories import RoundFactory, UserFactory, make_application, org

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

# "Normal speed": with Redis down, submitting takes at most this much longer than with Redis up
# (one refused connection; kombu is told not to retry, see CELERY_BROKER_TRANSPORT_OPTIONS).
EXTRA_SECONDS = 1.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Redis:
    """A throwaway redis-server on a fixed port that can be stopped and started again."""

    def __init__(self, tmp_path):
        binary = shutil.which("redis-server") or "/usr/bin/redis-server"
        self.binary, self.dir, self.port, self.process = binary, tmp_path, free_port(), None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.dir),
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=0.2):
                    return
            except OSError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=10)


def use_broker(url: str) -> None:
    """Point the Celery app at `url`, dropping the pooled connections to the old broker."""
    celery_app.conf.broker_url = url
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def own_redis(tmp_path, settings):
    if not shutil.which("redis-server") and not os.path.exists("/usr/bin/redis-server"):
        pytest.fail("redis-server not found: apt-get install redis-server (make test needs it)")
    redis = Redis(tmp_path)
    redis.start()
    before = celery_app.conf.broker_url
    use_broker(redis.url)
    yield redis
    if redis.process and redis.process.poll() is None:
        redis.stop()
    use_broker(before)


def wait_for(condition, timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"{what} did not happen within {timeout} s"
        time.sleep(0.2)


def receipts():
    return [m for m in mail.outbox if m.subject.startswith("Kvittering")]


def complete_application():
    round_ = RoundFactory()
    applicant = UserFactory(email="soker@example.no", organisations=[org("Rana kommune")])
    partner = UserFactory(email="partner@example.no", organisations=[org("Helgelandssykehuset HF")])
    application = make_application(round=round_, lead=org("Rana kommune"), actor=applicant, complete=True)
    application_confirm_partnership(application=application, actor=partner)
    return application, applicant


def test_a_submission_while_redis_is_down_succeeds_and_its_receipt_is_sent_once_redis_is_back(
    client, own_redis, monkeypatch
):
    monkeypatch.setattr(tasks, "RELAY_GRACE", dt.timedelta(0))  # relay at once, not after 30 s
    monkeypatch.setattr(queue, "BROKER_RETRY_AFTER", 0.0)
    application, applicant = complete_application()
    client.force_login(applicant)
    # For comparison: an application submitted while Redis is up (its tasks wait in the queue).
    other = make_application(
        round=application.round,
        lead=org("Rana kommune"),
        actor=applicant,
        complete=True,
        title="Med Redis oppe",
    )
    application_confirm_partnership(
        application=other, actor=UserFactory(organisations=[org("Helgelandssykehuset HF")])
    )
    started = time.monotonic()
    assert client.post(reverse("applications:submit", args=[other.pk])).status_code == 302
    normal = time.monotonic() - started
    celery_app.control.purge()

    # Given Redis is down
    own_redis.stop()

    # When the applicant submits, the page answers at normal speed and the application is in
    started = time.monotonic()
    response = client.post(reverse("applications:submit", args=[application.pk]))
    took = time.monotonic() - started
    assert response.status_code == 302, response.content.decode()[:1000]
    assert took < normal + EXTRA_SECONDS, f"submitting took {took:.1f} s with Redis down, {normal:.1f} s up"
    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED
    version = application.versions.get()
    ApplicationVersion.objects.filter(application=other).update(pdf_status=ApplicationVersion.PdfStatus.READY)
    assert version.pdf_status == ApplicationVersion.PdfStatus.PENDING and version.receipt_sent_at is None
    assert mail.outbox == []

    # … and the relay, while Redis is still down, fails quietly and loses nothing
    assert tasks.relay_outbox.run() == 0

    # When Redis is back and beat runs the relay (twice, as a second beat or a retry might)
    own_redis.start()
    with start_worker(
        celery_app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30.0
    ):
        assert tasks.relay_outbox.run() >= 1
        wait_for(lambda: receipts(), 120, "the receipt e-mail")
        tasks.relay_outbox.run()  # the PDF is ready and the receipt sent: nothing to send again
        time.sleep(2)

    # Then the receipt went out exactly once, with the PDF
    sent = receipts()
    assert len(sent) == 1, [m.subject for m in mail.outbox]
    assert sent[0].to == [applicant.email]
    assert sent[0].attachments and sent[0].attachments[0][2] == "application/pdf"
    version.refresh_from_db()
    assert version.pdf_status == ApplicationVersion.PdfStatus.READY and version.receipt_sent_at is not None


def test_a_notification_is_e_mailed_once_however_often_its_send_runs(own_redis):
    user = UserFactory(email="mottaker@example.no")
    application, _applicant = complete_application()
    made = notifications.notify(
        kind="status_change", recipient=user, target=application, subject="Emne", body="Tekst", url="/"
    )
    again = notifications.notify(
        kind="status_change", recipient=user, target=application, subject="Emne", body="Tekst", url="/"
    )
    assert made is not None and again is None
    with start_worker(
        celery_app, pool="solo", concurrency=1, perform_ping_check=False, shutdown_timeout=30.0
    ):
        for _ in range(3):
            tasks.send_notification_email.delay(made.pk)
        wait_for(
            lambda: Notification.objects.get(pk=made.pk).email_status == Notification.EmailStatus.SENT,
            60,
            "the send",
        )
        time.sleep(1)
    assert [m.to for m in mail.outbox] == [[user.email]]
