"""Logging in: django-axes locks an account after six failed logins, and secretariat, committee and
admin accounts must pass a second factor (TOTP) before any page. Everything here goes through
the real login form (never force_login, which tests/conftest.py lets skip the second factor)."""

import datetime as dt
import re

import pytest
import time_machine
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from committees.models import Committee, CommitteeMembership
from core import audit
from core.models import AuditEvent, SecretariatMembership
from tests.factories import RoundFactory, UserFactory, helgeland, org

PASSWORD = "passord-for-test-123"
NOON = dt.datetime(2026, 11, 23, 12, 0, tzinfo=dt.UTC)
pytestmark = pytest.mark.django_db


def login(client, email, password=PASSWORD, **extra):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR="192.0.2.7", **extra
    )


def code(device) -> str:
    device.refresh_from_db()
    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def logged_in_as(client):
    return client.session.get("_auth_user_id")


def secretariat_user(email="sekretariat@example.no"):
    user = UserFactory(email=email)
    SecretariatMembership.objects.create(user=user, health_community=helgeland())
    return user


# --- Lockout --------------------------------------------------------------------------------------


def test_six_failed_logins_lock_the_account_for_the_cool_off(client):
    user = UserFactory(email="ola@example.no")
    with time_machine.travel(NOON, tick=False) as clock:
        for _attempt in range(5):
            response = login(client, "ola@example.no", "feil-passord")
            assert response.status_code == 200
            assert "Feil e-postadresse eller passord" in response.content.decode()
        # The sixth, spelt differently, counts against the same account, and locks it.
        response = login(client, " OLA@example.no", "feil-passord")
        assert response.status_code == 429
        text = response.content.decode()
        assert "Kontoen er midlertidig låst" in text and "15 minutter" in text

        # The right password does not help while locked; trying again starts the cool-off again.
        clock.shift(dt.timedelta(minutes=14, seconds=59))
        assert login(client, "ola@example.no").status_code == 429
        assert logged_in_as(client) is None

        clock.shift(dt.timedelta(minutes=15, seconds=1))
        response = login(client, "ola@example.no")
        assert response.status_code == 302 and response["Location"] == reverse("home")
        assert logged_in_as(client) == str(user.pk)

    failed = AuditEvent.objects.filter(action="auth.login_failed", target_id=user.pk)
    assert failed.count() == 7  # six wrong passwords and the refused right one
    assert set(failed.values_list("ip", flat=True)) == {"192.0.2.7"}
    assert AuditEvent.objects.filter(action="auth.locked_out", target_id=user.pk).exists()
    assert AuditEvent.objects.filter(action="auth.login", actor=user, ip="192.0.2.7").count() == 1


def test_five_failures_then_the_right_password_log_in_and_start_the_count_again(client):
    user = UserFactory(email="kari@example.no")
    with time_machine.travel(NOON, tick=False):
        for _attempt in range(5):
            login(client, "kari@example.no", "feil-passord")
        assert login(client, "kari@example.no").status_code == 302
        assert logged_in_as(client) == str(user.pk)
        client.post(reverse("logout"))
        for _attempt in range(5):
            assert login(client, "kari@example.no", "feil-passord").status_code == 200
        assert login(client, "kari@example.no").status_code == 302


def test_a_failed_login_for_an_unknown_address_is_audited_without_a_user(client):
    login(client, "finnes.ikke@example.no", "hva-som-helst")
    event = AuditEvent.objects.get(action="auth.login_failed")
    assert (event.target_type, event.target_id, event.summary, event.ip) == (
        "core.user",
        0,
        "finnes.ikke@example.no",
        "192.0.2.7",
    )


# --- Second factor --------------------------------------------------------------------------------


def test_a_secretariat_login_without_the_second_factor_cannot_reach_the_inbox(client):
    user = secretariat_user()
    round_ = RoundFactory()
    inbox = reverse("secretariat:inbox", args=[round_.pk])
    with time_machine.travel(NOON, tick=False) as clock:
        response = login(client, user.email)
        assert response.status_code == 302 and logged_in_as(client) == str(user.pk)

        # Password only: every page sends the user to set up the second factor, keeping where
        # they were going; htmx requests get a whole-page redirect.
        setup = reverse("second_factor_setup")
        for url in (inbox, reverse("home"), reverse("applications:list"), "/admin/"):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(setup + "?next="), url
        response = client.get(inbox, headers={"HX-Request": "true"})
        assert response.status_code == 204 and response["HX-Redirect"].startswith(setup)
        # …but the accessibility statement and the language switch stay open.
        assert client.get(reverse("accessibility")).status_code == 200
        assert client.post(reverse("set_language"), {"language": "nb", "next": "/"}).status_code == 302
        assert client.post(reverse("secretariat:board", args=[round_.pk])).status_code == 302

        # The setup page shows the QR code and the key; a wrong code is refused at the field.
        page = client.get(f"{setup}?next={inbox}")
        assert page.status_code == 200
        assert "<svg" in page.content.decode() and "Nøkkel til å skrive inn" in page.content.decode()
        device = TOTPDevice.objects.get(user=user, confirmed=False)
        wrong = "000000" if code(device) != "000000" else "111111"
        response = client.post(setup, {"code": wrong, "next": inbox})
        assert response.status_code == 200
        assert "Koden stemmer ikke" in response.content.decode()
        assert response.context["form"]["code"].value() == wrong
        assert client.get(inbox).status_code == 302

        clock.shift(dt.timedelta(seconds=31))  # past the throttle after the wrong code
        response = client.post(setup, {"code": code(device), "next": inbox})
        assert response.status_code == 302 and response["Location"] == inbox
        assert client.get(inbox).status_code == 200
        # The secretariat's session ends after 30 minutes without a request.
        assert client.session.get_expiry_age() == 30 * 60

        # Next login: the device is there, so the code page.
        client.post(reverse("logout"))
        clock.shift(dt.timedelta(minutes=1))
        login(client, user.email)
        response = client.get(inbox)
        assert response["Location"].startswith(reverse("second_factor_verify") + "?next=")
        response = client.post(reverse("second_factor_verify"), {"code": "12 34", "next": inbox})
        assert "Koden er seks sifre" in response.content.decode()
        assert client.get(inbox).status_code == 302
        response = client.post(reverse("second_factor_verify"), {"code": code(device), "next": inbox})
        assert response["Location"] == inbox
        assert client.get(inbox).status_code == 200

    actions = list(
        AuditEvent.objects.filter(actor=user).order_by("at", "id").values_list("action", flat=True)
    )
    assert actions == [
        "auth.login",
        "auth.second_factor_failed",
        "auth.second_factor_added",
        "auth.second_factor",
        "auth.logout",
        "auth.login",
        "auth.second_factor_failed",
        "auth.second_factor",
    ]


def test_a_next_address_elsewhere_is_not_followed_after_the_code(client):
    user = secretariat_user()
    device = TOTPDevice.objects.create(user=user, name="app", confirmed=True)
    with time_machine.travel(NOON, tick=False):
        login(client, user.email)
        response = client.post(
            reverse("second_factor_verify"), {"code": code(device), "next": "https://evil.example.com/"}
        )
    assert response["Location"] == reverse("home")


@pytest.mark.parametrize("role", ["committee", "admin"])
def test_committee_members_and_admins_need_the_second_factor_too(client, role):
    user = UserFactory(email=f"{role}@example.no")
    if role == "committee":
        ssu = Committee.objects.get(health_community=helgeland(), kind=Committee.Kind.SSU)
        CommitteeMembership.objects.create(committee=ssu, user=user, organisation=org("Rana kommune"))
        target = reverse("committees:my_meetings")
    else:
        user.is_staff = user.is_superuser = True
        user.save()
        target = "/admin/"
    login(client, user.email)
    response = client.get(target)
    assert response["Location"].startswith(reverse("second_factor_setup"))


def test_an_applicant_logs_in_with_the_password_alone_and_keeps_the_long_session(client):
    user = UserFactory(email="soker@example.no", organisations=[org("Rana kommune")])
    login(client, user.email)
    assert client.get(reverse("applications:list")).status_code == 200
    assert client.get(reverse("second_factor_verify")).status_code == 302  # nothing to do there
    assert client.session.get_expiry_age() == 8 * 60 * 60


def test_the_demo_hint_shows_the_code_only_in_development(client, settings):
    user = secretariat_user()
    device = TOTPDevice.objects.create(user=user, name="Demo", confirmed=True)
    login(client, user.email)
    assert 'id="demo-code"' not in client.get(reverse("second_factor_verify")).content.decode()
    settings.SECOND_FACTOR_DEMO_HINT = True
    settings.DEBUG = True
    with time_machine.travel(NOON, tick=False):
        page = client.get(reverse("second_factor_verify")).content.decode()
        shown = re.search(r'id="demo-code">.*?<strong>(\d{6})</strong>', page).group(1)
        assert shown == code(device)


# --- Audit: where from, permission changes -------------------------------------------------------


@pytest.mark.parametrize(
    ("hops", "forwarded", "remote", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1", "10.0.0.1"),
        (1, "198.51.100.1, 203.0.113.9", "10.0.0.1", "203.0.113.9"),
        (2, "198.51.100.1, 203.0.113.9", "10.0.0.1", "198.51.100.1"),
        (1, "ikke-en-adresse", "10.0.0.1", None),
        (0, "", "", None),
    ],
)
def test_the_client_address_comes_from_the_trusted_proxy_hop(hops, forwarded, remote, expected):
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(TRUSTED_PROXY_HOPS=hops):
        assert audit.client_ip(request) == expected


def test_permission_changes_are_audited_with_who_and_from_where():
    admin = UserFactory(email="admin@example.no", is_staff=True, is_superuser=True)
    member = UserFactory(email="nytt.medlem@example.no")
    request = RequestFactory().post("/admin/", REMOTE_ADDR="192.0.2.44")
    request.user = admin
    ssu = Committee.objects.get(health_community=helgeland(), kind=Committee.Kind.SSU)
    with audit.bound_request(request):
        seat = CommitteeMembership.objects.create(committee=ssu, user=member)
        SecretariatMembership.objects.create(user=member, health_community=helgeland())
        member.is_staff = True
        member.save()
        seat.delete()
    events = AuditEvent.objects.filter(target_type="core.user", target_id=member.pk).order_by("id")
    assert [(e.action, e.actor_id, e.ip) for e in events] == [
        ("permission.committee.add", admin.pk, "192.0.2.44"),
        ("permission.secretariat.add", admin.pk, "192.0.2.44"),
        ("permission.user_flags", admin.pk, "192.0.2.44"),
        ("permission.committee.remove", admin.pk, "192.0.2.44"),
    ]
    assert events[2].changes == {"is_staff": [False, True]}
