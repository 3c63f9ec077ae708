"""Sending notification e-mails from the outbox, and the relay that enqueues what is waiting.

A send first claims the row (pending → sending) with one UPDATE, so two workers, a retry or a
second enqueue can never send the same e-mail twice. A failed send puts the row back to pending
with a later `email_next_attempt_at` (back-off: 1, 2, 4 … minutes, at most an hour) and the relay
tries again; after MAX_ATTEMPTS it is marked failed and shows as such in the log."""

import datetime as dt
import logging
import smtplib

from celery import shared_task
from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.queue import enqueue

from .models import Notification

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
S = Notification.EmailStatus


def failure_text(error: Exception) -> str:
    """What went wrong, in words the secretariat can act on (the details go to the server log)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return _("E-postadressen ble avvist av mottakerens e-postserver.")
    if isinstance(error, (OSError, smtplib.SMTPException)):
        return _("Fikk ikke kontakt med e-postserveren. Portalen prøver igjen.")
    return _("E-posten kunne ikke lages eller sendes. Portalen prøver igjen.")


def backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


@shared_task(acks_late=True)
def send_notification_email(notification_id: int) -> str:
    claimed = Notification.objects.filter(pk=notification_id, email_status=S.PENDING).update(
        email_status=S.SENDING, email_attempts=F("email_attempts") + 1, email_claimed_at=timezone.now()
    )
    if not claimed:
        return "not pending"
    notification = Notification.objects.select_related("recipient").get(pk=notification_id)
    try:
        with override("nb"):
            context = {
                "notification": notification,
                "url": settings.SITE_URL + notification.url if notification.url else "",
            }
            text = render_to_string("notifications/email.txt", context)
            html = render_to_string("notifications/email.html", context)
        message = EmailMultiAlternatives(notification.subject, text, to=[notification.recipient.email])
        message.attach_alternative(html, "text/html")
        message.send()
    except Exception as error:
        failed = notification.email_attempts >= MAX_ATTEMPTS
        Notification.objects.filter(pk=notification_id).update(
            email_status=S.FAILED if failed else S.PENDING,
            email_next_attempt_at=timezone.now() + backoff(notification.email_attempts),
            email_error=failure_text(error),
        )
        log.warning(
            "E-mail for notification %s failed (attempt %s): %r",
            notification_id,
            notification.email_attempts,
            error,
        )
        return "failed"
    Notification.objects.filter(pk=notification_id).update(
        email_status=S.SENT, emailed_at=timezone.now(), email_error=""
    )
    return "sent"


RELAY_GRACE = dt.timedelta(seconds=30)
STUCK_AFTER = dt.timedelta(
    minutes=15
)  # well past the task time limit  # the after-commit enqueue normally gets there first


@shared_task
def relay_outbox() -> int:
    """Enqueue every e-mail still waiting (Redis was down when it was made, or a send failed and
    its back-off has passed), and every submission PDF still pending. Runs every minute."""
    now = timezone.now()
    # A send that never finished (the worker was killed between the claim and the result): it
    # may or may not have gone out, so it is not sent again but marked failed, for a person to see.
    Notification.objects.filter(email_status=S.SENDING, email_claimed_at__lt=now - STUCK_AFTER).update(
        email_status=S.FAILED,
        email_error=_("Sendingen ble avbrutt. Det er uvisst om e-posten kom fram."),
    )
    waiting = Notification.objects.filter(email_status=S.PENDING, created_at__lt=now - RELAY_GRACE).filter(
        Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now)
    )
    count = 0
    for pk in waiting.values_list("pk", flat=True)[:500]:
        count += enqueue(send_notification_email, pk)
    from applications.models import ApplicationVersion
    from applications.tasks import render_submission_pdf

    pending = ApplicationVersion.objects.filter(
        pdf_status=ApplicationVersion.PdfStatus.PENDING, submitted_at__lt=now - RELAY_GRACE
    )
    for pk in pending.values_list("pk", flat=True)[:100]:
        count += enqueue(render_submission_pdf, pk)
    from applications.models import ForwardingPackage
    from applications.tasks import build_forwarding_package

    queued = ForwardingPackage.objects.filter(
        status=ForwardingPackage.Status.PENDING, created_at__lt=now - RELAY_GRACE
    )
    for pk in queued.values_list("pk", flat=True)[:20]:
        count += enqueue(build_forwarding_package, pk)
    return count


@shared_task
def reminder_sweep() -> int:
    """Make today's reminders (notifications.reminders.sweep); each is made once per key."""
    from .reminders import sweep

    return sweep(timezone.localdate())
