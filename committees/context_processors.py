"""Template context for every page: whether to show «Mine møter» in the main menu."""

from .permissions import committee_ids


def committee_member(request):
    """`is_committee_member`, evaluated only when a template reads it (templates call callables):
    no query for anonymous users, one for others (cached on the user for the rest of the request,
    where the committee pages asking the same question reuse it)."""

    def is_committee_member() -> bool:
        user = getattr(request, "user", None)
        return user is not None and user.is_authenticated and bool(committee_ids(user))

    return {"is_committee_member": is_committee_member}
