"""Writing notifications. `notify` runs inside the caller's transaction: the row is the record
that the notification exists (at most once per key), what the user sees in the portal, and the
outbox its e-mail is sent from after commit."""

import datetime as dt

from django.db import IntegrityError, transaction

from core.queue import enqueue_on_commit

from .models import Kind, Notification, Preference


def notification_key(kind: str, target, recipient, due_on: dt.date | None = None) -> str:
    """(kind, object, recipient, due date): one notification per reminder occasion."""
    due = due_on.isoformat() if due_on else "-"
    return f"{kind}:{target._meta.label_lower}:{target.pk}:{recipient.pk}:{due}"


def wants_email(user, kind: str) -> bool:
    if not user.email or not user.is_active:
        return False
    row = Preference.objects.filter(user=user, kind=kind).first()
    return row.email if row else True


def notify(
    *, kind: Kind | str, recipient, target, subject: str, body: str, url: str = "", due_on=None, email=True
):
    """The notification for this key, made once. Returns it, or None when it already existed (the
    sweep ran before, a retry, another beat). Its e-mail is enqueued after commit unless the user
    turned the kind off or `email` is False (another e-mail already says it)."""
    key = notification_key(kind, target, recipient, due_on)
    if Notification.objects.filter(key=key).exists():
        return None
    email = email and wants_email(recipient, kind)
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
    return rows.update(read_at=timezone.now())
