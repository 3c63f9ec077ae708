"""The second factor after the password: set up an authenticator app, or type its code."""

import base64

import django_otp
import segno
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from . import audit
from .forms_auth import OneTimeCodeForm
from .security import has_confirmed_device, requires_second_factor, safe_next


def _demo_code(device) -> str:
    """The device's current code, shown on the page only in development (SECOND_FACTOR_DEMO_HINT)."""
    if not (settings.SECOND_FACTOR_DEMO_HINT and settings.DEBUG and device is not None):
        return ""
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def _verified(request, device, action: str):
    django_otp.login(request, device)
    # From now on the session ends after this long without a request (it slides: the session is
    # saved on every request).
    request.session.set_expiry(settings.SECOND_FACTOR_IDLE_SECONDS)
    audit.record(actor=request.user, action=action, target=request.user)
    return redirect(safe_next(request))


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_verify(request):
    user = request.user
    if not requires_second_factor(user) or user.is_verified():
        return redirect(safe_next(request))
    if not has_confirmed_device(user):
        return redirect(f"{reverse('second_factor_setup')}?{request.GET.urlencode()}")
    form = OneTimeCodeForm(request.POST or None, user=user)
    if request.method == "POST":
        if form.is_valid():
            return _verified(request, form.verified_device, "auth.second_factor")
        audit.record(actor=user, action="auth.second_factor_failed", target=user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return render(
        request,
        "registration/second_factor_verify.html",
        {"form": form, "next": safe_next(request, default=""), "demo_code": _demo_code(device)},
    )


@login_required
@require_http_methods(["GET", "POST"])
def second_factor_setup(request):
    """First time: a new (unconfirmed) TOTP device, shown as a QR code and as its key; it is
    confirmed by typing a code it makes."""
    user = request.user
    if not requires_second_factor(user) or has_confirmed_device(user):
        return redirect(safe_next(request))
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=_("Autentiseringsapp"), confirmed=False)
    form = OneTimeCodeForm(request.POST or None, user=user, device=device)
    if request.method == "POST":
        if form.is_valid():
            device.confirmed = True
            device.save()
            return _verified(request, device, "auth.second_factor")
        audit.record(actor=user, action="auth.second_factor_failed", target=user)
    key = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "registration/second_factor_setup.html",
        {
            "form": form,
            "next": safe_next(request, default=""),
            "qr_svg": segno.make(device.config_url, error="m").svg_inline(
                scale=5, light="#fff", title=_("QR-kode for autentiseringsappen")
            ),
            "key_groups": [key[i : i + 4] for i in range(0, len(key), 4)],
            "demo_code": _demo_code(device),
        },
    )


def locked_out(request, original_response=None, credentials=None):
    """django-axes' answer to a login for a locked account or address (429, in Norwegian)."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    return render(request, "registration/locked_out.html", {"cooloff_minutes": minutes}, status=429)
