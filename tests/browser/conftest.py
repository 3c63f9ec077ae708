"""Browser tests: Playwright drives Debian's chromium (/usr/bin/chromium) against live_server."""

import os
import shutil

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls the tests make between
# browser steps are ordinary synchronous calls, so Django's async-safety guard is lifted here.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH") or shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: apt-get install chromium (make test needs it)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--disable-quic",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo", accept_downloads=True)
    context.set_default_timeout(15_000)
    page = context.new_page()
    yield page
    context.close()


def login(page, base: str, email: str, password: str = "passord-for-test-123") -> None:
    """Log in through the real forms: e-mail and password, then, for the secretariat, committee
    and admin accounts, the one-time code of their authenticator device (set up on the way if
    the user has none yet), computed from the device's key as the phone would."""
    from django_otp.oath import totp
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page.goto(f"{base}/logg-inn/")
    page.get_by_label("E-post").fill(email)
    page.get_by_label("Passord").fill(password)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_load_state()
    if "/logg-inn/kode/" in page.url or "/logg-inn/tofaktor/" in page.url:
        device = TOTPDevice.objects.filter(user__email=email).order_by("-confirmed", "-pk").first()
        code = totp(device.bin_key, device.step, device.t0, device.digits, device.drift)
        page.get_by_label("Engangskode").fill(f"{code:06d}")
        page.get_by_role("button", name="Bekreft").click()
    page.wait_for_url(f"{base}/")
