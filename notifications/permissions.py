"""Who may see which notifications.

- A user sees and marks their own notifications only; another user's answers 404, as a missing
  one does (`access_notification`).
- The log of every notification sent is for the administrator (a superuser: all of it) and the
  secretariat of a helsefellesskap: the notifications about that helsefellesskap's rounds,
  applications, meetings, cases, projects and reports, whoever received them (see
  selectors.notification_log_for_user). Everyone else gets 404.
"""

from django.http import Http404

from applications.permissions import secretariat_health_community_ids

from .models import Notification


def access_notification(user, pk) -> Notification:
    """The user's own notification; 404 for missing and someone else's alike."""
    notification = Notification.objects.filter(pk=pk, recipient_id=user.pk).first()
    if notification is None:
        raise Http404
    return notification


def can_view_log(user) -> bool:
    return user.is_authenticated and (user.is_superuser or bool(secretariat_health_community_ids(user)))
