"""Template context for every page: whether to show the secretariat's and Helse Nord's links in
the main menu."""

from .permissions import is_helse_nord_reader, secretariat_health_community_ids


def secretariat(request):
    """`is_secretariat_user`, evaluated only when a template reads it (templates call callables):
    no query for anonymous users, and at most one (cached on the user for the rest of the
    request, where views asking the same question reuse it) otherwise."""

    def is_secretariat_user() -> bool:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return False
        return bool(secretariat_health_community_ids(user))

    def is_helse_nord_user() -> bool:
        user = getattr(request, "user", None)
        return user is not None and is_helse_nord_reader(user)

    return {"is_secretariat_user": is_secretariat_user, "is_helse_nord_user": is_helse_nord_user}
