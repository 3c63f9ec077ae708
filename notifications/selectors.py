"""Reads for the notification pages: the user's own list and unread count, and the log of every
notification sent as the secretariat and the administrator see it. Each is one query (plus the
paginator's count), however many rows there are."""

import operator
from functools import reduce

from django.apps import apps
from django.db.models import Q, QuerySet

from applications.models import Application
from applications.permissions import secretariat_health_community_ids

from .models import Notification

# The objects notifications are about, by `target_type`, with the path from each to its
# helsefellesskap. The secretariat's log shows the notifications about the objects of its own
# helsefellesskap; a target type not listed here is in the administrator's log only.
SCOPES: dict[str, str] = {
    "applications.round": "health_community_id",
    "applications.application": "round__health_community_id",
    "applications.statusevent": "application__round__health_community_id",
    "applications.prioritisation": "round__health_community_id",
    "applications.forwardingpackage": "prioritisation__round__health_community_id",
    "committees.committee": "health_community_id",
    "committees.meeting": "committee__health_community_id",
    "committees.case": "committee__health_community_id",
    "projects.project": "health_community_id",
    "projects.statusreport": "project__health_community_id",
}

# Drafts belong to their applicants until they are sent in: the secretariat cannot open them
# (applications.permissions.can_view_application), so neither does its log show the reminders
# about them (their subjects name the draft).
HIDDEN_FROM_SECRETARIAT: dict[str, dict] = {
    "applications.application": {"status": Application.Status.DRAFT},
    "applications.statusevent": {"application__status": Application.Status.DRAFT},
}


def notification_list_for_user(user) -> QuerySet:
    return Notification.objects.filter(recipient_id=user.pk).order_by("-created_at", "-pk")


def unread_count(user) -> int:
    """The user's unread notifications; counted once per request (cached on the user) however
    many times the header and the page ask, and already counted when the request read the
    user's seats (applications.permissions._seats)."""
    if not user.is_authenticated:
        return 0
    if not hasattr(user, "_unread_notifications"):
        user._unread_notifications = Notification.objects.filter(
            recipient_id=user.pk, read_at__isnull=True
        ).count()
    return user._unread_notifications


def _in_communities(community_ids: set[int]) -> Q:
    """Notifications about objects of these helsefellesskap: one IN (subquery) per target type,
    all in the log's one query."""
    conditions = []
    for label, path in SCOPES.items():
        objects = apps.get_model(label).objects.filter(**{f"{path}__in": community_ids})
        if label in HIDDEN_FROM_SECRETARIAT:
            objects = objects.exclude(**HIDDEN_FROM_SECRETARIAT[label])
        conditions.append(Q(target_type=label, target_id__in=objects.values("pk")))
    return reduce(operator.or_, conditions)


def notification_log_for_user(user, *, kind: str = "", email_status: str = "") -> QuerySet:
    """Every notification the user may see in the log, newest first, with its recipient: all for
    a superuser, those about its helsefellesskap's objects for the secretariat, none otherwise."""
    rows = Notification.objects.select_related("recipient").order_by("-created_at", "-pk")
    if not user.is_superuser:
        community_ids = secretariat_health_community_ids(user)
        if not community_ids:
            return rows.none()
        rows = rows.filter(_in_communities(community_ids))
    if kind:
        rows = rows.filter(kind=kind)
    if email_status:
        rows = rows.filter(email_status=email_status)
    return rows
