"""Template context for every page: the unread count behind «Varsler» in the header."""

from .selectors import unread_count


def unread_notifications(request):
    """`unread_notifications`, evaluated only when a template reads it (templates call
    callables): no query for anonymous users, and one for others (cached on the user for the rest
    of the request, where the notification list reuses it)."""

    def count() -> int:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return 0
        return unread_count(user)

    return {"unread_notifications": count}
