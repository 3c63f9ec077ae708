"""The audit trail: who did what, when (stored in UTC) and from which address.

Services call `record` inside the transaction of the change. The request being served is bound
by `core.middleware.AuditRequestMiddleware`, so every event made during a request carries the
client's address (and, for events written from signals, the acting user) without each caller
passing it; events from Celery tasks and management commands have neither."""

import ipaddress
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import models

from .models import AuditEvent

_request: ContextVar = ContextVar("audit_request", default=None)


@contextmanager
def bound_request(request):
    token = _request.set(request)
    try:
        yield
    finally:
        _request.reset(token)


def current_request():
    return _request.get()


def current_user():
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if getattr(user, "is_authenticated", False) else None


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or with TRUSTED_PROXY_HOPS = n behind n reverse
    proxies, the n-th address from the right of X-Forwarded-For (the one our own proxy saw).
    Anything that is not an IP address gives None rather than a database error."""
    if request is None:
        return None
    candidate = request.META.get("REMOTE_ADDR", "")
    hops = getattr(settings, "TRUSTED_PROXY_HOPS", 0)
    if hops:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if len(forwarded) >= hops:
            candidate = forwarded[-hops]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return None


def record(
    *,
    actor,
    action: str,
    target: models.Model | None = None,
    summary: str = "",
    changes=None,
    target_type: str = "",
    target_id: int = 0,
):
    """One event. `target` names the object; for events about no stored object (a failed login
    for an unknown address) give `target_type` and `target_id` 0."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower if target is not None else target_type,
        target_id=target.pk if target is not None else target_id,
        summary=summary[:300],
        changes=changes or {},
        ip=client_ip(_request.get()),
    )


def diff_fields(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose values differ."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}
