"""Sending from the outbox when it goes wrong: a real SMTP connection to a closed port fails,
the row goes back to pending with a back-off (1, 2, 4 … minutes), the relay leaves it until the
back-off has passed, and after six attempts it is marked failed with words the secretariat can
act on. A send that was claimed and never finished is marked failed, not sent again. Why a
notification was not e-mailed is kept for the log."""

import datetime as dt
import socket

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from notifications import services, tasks
from notifications.models import Notification, Preference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
S = Notification.EmailStatus


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]  # closed again when the socket is


def made(user, **extra):
    return services.notify(
        kind="status_change", recipient=user, target=user, subject="Emne", body="Tekst", url="/", **extra
    )


def test_a_failing_smtp_server_backs_off_and_ends_failed_after_six_attempts(settings, monkeypatch):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", closed_port(), 2
    monkeypatch.setattr(tasks, "RELAY_GRACE", dt.timedelta(0))
    relayed = []
    monkeypatch.setattr(tasks, "enqueue", lambda task, pk: relayed.append(pk) or True)
    notification = made(UserFactory(email="mottaker@example.no"))
    start = timezone.now()
    waits = []
    with time_machine.travel(start, tick=False) as clock:
        for attempt in range(1, tasks.MAX_ATTEMPTS + 1):
            assert tasks.send_notification_email.run(notification.pk) == "failed"
            notification.refresh_from_db()
            assert notification.email_attempts == attempt
            assert "e-postserveren" in notification.email_error and "Error" not in notification.email_error
            if attempt == tasks.MAX_ATTEMPTS:
                break
            assert notification.email_status == S.PENDING
            wait = notification.email_next_attempt_at - timezone.now()
            waits.append(wait)
            # The relay leaves it alone until the back-off has passed, then sends it on.
            relayed.clear()
            tasks.relay_outbox.run()
            assert notification.pk not in relayed
            clock.shift(wait)
            tasks.relay_outbox.run()
            assert notification.pk in relayed
    assert waits == [dt.timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    assert notification.email_status == S.FAILED
    assert mail.outbox == []


def test_a_send_claimed_and_never_finished_is_marked_failed_not_sent_again(monkeypatch):
    notification = made(UserFactory(email="mottaker@example.no"))
    Notification.objects.filter(pk=notification.pk).update(
        email_status=S.SENDING, email_claimed_at=timezone.now() - dt.timedelta(minutes=20)
    )
    monkeypatch.setattr(tasks, "enqueue", lambda task, pk: True)
    tasks.relay_outbox.run()
    notification.refresh_from_db()
    assert notification.email_status == S.FAILED
    assert "uvisst om e-posten kom fram" in notification.email_error
    assert tasks.send_notification_email.run(notification.pk) == "not pending"
    assert mail.outbox == []


def test_why_a_notification_was_not_e_mailed_is_kept_for_the_log():
    turned_off = UserFactory(email="av@example.no")
    Preference.objects.create(user=turned_off, kind="status_change", email=False)
    no_address = UserFactory(email="")
    covered = UserFactory(email="kvittert@example.no")
    reasons = {
        "av": made(turned_off).email_error,
        "ingen": made(no_address).email_error,
        "dekket": made(covered, no_email_because="Kvitteringen med PDF-en er sendt på e-post.").email_error,
    }
    assert reasons == {
        "av": "Mottakeren har slått av denne typen varsler på e-post.",
        "ingen": "Mottakeren har ingen e-postadresse.",
        "dekket": "Kvitteringen med PDF-en er sendt på e-post.",
    }
    assert set(Notification.objects.values_list("email_status", flat=True)) == {S.SKIPPED}
