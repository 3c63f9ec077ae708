"""Writing notifications. `notify` runs inside the caller's transaction: the row is the record
that the notification exists (at most once per key), what the user sees in the portal, and the
outbox its e-mail is sent from after commit."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from core.queue import enqueue_on_commit

from .models import Kind, Notification, Preference


def notification_key(kind: str, target, recipient, due_on: dt.date | None = None) -> str:
    """(kind, object, recipient, due date): one notification per reminder occasion."""
    due = due_on.isoformat() if due_on else "-"
    return f"{kind}:{target._meta.label_lower}:{target.pk}:{recipient.pk}:{due}"


def why_no_email(user, kind: str) -> str:
    """Why the user gets no e-mail of this kind, in words for the log; empty when they do."""
    if not user.is_active:
        return _("Brukeren er deaktivert.")
    if not user.email:
        return _("Mottakeren har ingen e-postadresse.")
    row = Preference.objects.filter(user=user, kind=kind).first()
    if row is not None and not row.email:
        return _("Mottakeren har slått av denne typen varsler på e-post.")
    return ""


def wants_email(user, kind: str) -> bool:
    return not why_no_email(user, kind)


def notify(
    *,
    kind: Kind | str,
    recipient,
    target,
    subject: str,
    body: str,
    url: str = "",
    due_on=None,
    no_email_because: str = "",
):
    """The notification for this key, made once. Returns it, or None when it already existed (the
    sweep ran before, a retry, another beat). Its e-mail is enqueued after commit unless the user
    gets none of this kind, or `no_email_because` says why another e-mail already covers it; the
    reason is kept for the log."""
    key = notification_key(kind, target, recipient, due_on)
    if Notification.objects.filter(key=key).exists():
        return None
    reason = no_email_because or why_no_email(recipient, kind)
    email = not reason
    try:
        with transaction.atomic():  # a savepoint: a concurrent sweep may insert the same key first
            notification = Notification.objects.create(
                key=key,
                kind=kind,
                recipient=recipient,
                target_type=target._meta.label_lower,
                target_id=target.pk,
                due_on=due_on,
                subject=subject[:300],
                body=body,
                url=url,
                email_status=Notification.EmailStatus.PENDING if email else Notification.EmailStatus.SKIPPED,
                email_error=reason,
            )
    except IntegrityError:
        return None
    if email:
        from .tasks import send_notification_email

        enqueue_on_commit(send_notification_email, notification.pk)
    return notification


def preferences_for(user) -> dict[str, bool]:
    """Every kind → whether it is e-mailed to the user."""
    chosen = dict(Preference.objects.filter(user=user).values_list("kind", "email"))
    return {kind: chosen.get(kind, True) for kind in Kind.values}


def preferences_save(*, user, email_kinds: set[str]) -> None:
    with transaction.atomic():
        for kind in Kind.values:
            Preference.objects.update_or_create(user=user, kind=kind, defaults={"email": kind in email_kinds})


def mark_read(*, user, ids=None) -> int:
    from django.utils import timezone

    rows = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if ids is not None:
        rows = rows.filter(pk__in=ids)
    user.__dict__.pop("_unread_notifications", None)  # the request's count (selectors.unread_count)
    return rows.update(read_at=timezone.now())
