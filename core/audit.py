"""The audit trail: one call, inside the service's transaction, records who changed what."""

from django.db import models

from .models import AuditEvent


def record(*, actor, action: str, target: models.Model, summary: str = "", changes=None):
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        summary=summary[:300],
        changes=changes or {},
    )


def diff_fields(before: dict, after: dict) -> dict:
    """{field: [old, new]} for the fields whose values differ."""
    return {k: [before.get(k), after.get(k)] for k in after if before.get(k) != after.get(k)}
