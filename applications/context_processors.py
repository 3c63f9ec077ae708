"""Template context for every page: whether to show the secretariat's link in the main menu."""

from .permissions import secretariat_health_community_ids


def secretariat(request):
    """`is_secretariat_user`, evaluated only when a template reads it (templates call callables):
    no query for anonymous users, and at most one (cached on the user for the rest of the
    request, where views asking the same question reuse it) otherwise."""

    def is_secretariat_user() -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        return bool(secretariat_health_community_ids(user))

    return {"is_secretariat_user": is_secretariat_user}
