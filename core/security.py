"""The second factor: who must pass it, and the gate in front of every page until they have.

Secretariat, committee and admin accounts see other organisations' applications, so a password
alone is not enough for them: after the password they type a one-time code from an authenticator
app (TOTP, django-otp). Until the session is verified, every page but the second-factor pages,
logout and the language switch sends them there. Their sessions also end after
SECOND_FACTOR_IDLE_SECONDS without a request (applicants keep the 8-hour sliding session).
"""

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode

from applications.permissions import committee_ids, secretariat_health_community_ids
from committees.models import CommitteeMembership


def requires_second_factor(user, *, cached: bool = True) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff or user.is_superuser:
        return True
    if cached:
        return bool(secretariat_health_community_ids(user)) or bool(committee_ids(user))
    return user.secretariat_memberships.exists() or CommitteeMembership.objects.filter(user=user).exists()


# Paths a user who still owes the second factor may reach.
def _open_paths() -> tuple[str, ...]:
    names = ("second_factor_verify", "second_factor_setup", "logout", "set_language", "accessibility")
    return (*(reverse(name) for name in names), settings.STATIC_URL)


def has_confirmed_device(user) -> bool:
    from django_otp import user_has_device

    return user_has_device(user, confirmed=True)


def safe_next(request, default: str = "") -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default or reverse("home")


def second_factor_gate(request):
    """None when the request may go on; otherwise the response that sends the user to the
    second factor (a redirect; for htmx an HX-Redirect so the whole page changes)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    # A verified session got its idle timeout when it was verified (core.views_auth); the device
    # is loaded by django_otp's middleware anyway, so this costs no query.
    if user.is_verified():
        return None
    if not requires_second_factor(user):
        return None
    if request.path.startswith(_open_paths()):
        return None
    view = "second_factor_verify" if has_confirmed_device(user) else "second_factor_setup"
    target = f"{reverse(view)}?{urlencode({'next': request.get_full_path()})}"
    if request.headers.get("HX-Request") == "true":
        response = HttpResponse(status=204)
        response["HX-Redirect"] = target
        return response
    return HttpResponseRedirect(target)


def axes_username(request, credentials=None) -> str:
    """The e-mail address a login attempt is counted against, as the login form reads it
    (trimmed, lower case), so «Ola@…» and «ola@…» share one count."""
    value = (credentials or {}).get("username")
    if value is None and request is not None:
        value = request.POST.get("username", "")
    # At most what axes stores (255); the login form refuses longer addresses anyway.
    return str(value or "").strip().lower()[:255]
