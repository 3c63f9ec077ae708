"""Deployment hardening: `check --deploy` on the production settings, the Content-Security-Policy
header, no inline script anywhere in the page templates, and htmx requests carrying the CSRF
token."""

import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tests.factories import UserFactory, org

ROOT = Path(settings.BASE_DIR)
pytestmark = pytest.mark.django_db


def production_environment() -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_", "REDIS_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="helsefellesskap.settings.production",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="rs.example.no",
        DATABASE_URL="postgres://portal:secret@localhost:5432/portal",
        REDIS_URL="redis://localhost:6379/0",
    )
    return env


def test_the_production_settings_pass_check_deploy_without_a_warning():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_environment(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout


def test_every_variable_the_settings_read_is_listed_in_env_example():
    read = set()
    for path in (ROOT / "helsefellesskap" / "settings").glob("*.py"):
        read |= set(re.findall(r'env(?:_bool|_list)?\(\s*"([A-Z_]+)"', path.read_text()))
    listed = set(re.findall(r"^([A-Z_]+)=", (ROOT / ".env.example").read_text(), re.MULTILINE))
    assert read - listed == set()


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    directives = {}
    for part in header.split(";"):
        name, *values = part.split()
        directives[name] = values
    return directives


def test_every_page_carries_a_content_security_policy_without_inline_script_or_eval(client):
    anonymous = client.get(reverse("login"))
    client.force_login(UserFactory(organisations=[org("Rana kommune")]))
    logged_in = client.get(reverse("applications:list"))
    for response in (anonymous, logged_in):
        directives = policy(response)
        assert directives["script-src"] == ["'self'"]
        assert directives["style-src"] == ["'self'"]
        assert directives["default-src"] == ["'self'"]
        assert directives["object-src"] == ["'none'"]
        assert directives["frame-ancestors"] == ["'none'"]
        assert directives["base-uri"] == ["'self'"]
        assert "unsafe" not in response["Content-Security-Policy"]


PAGE_TEMPLATES = [
    path
    for path in ROOT.glob("**/templates/**/*.html")
    if ".venv" not in path.parts
    and "email" not in path.parts
    and "pdf" not in path.parts
    and not path.name.startswith(("email", "_case_paper", "base_pdf"))
]


@pytest.mark.parametrize("path", PAGE_TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_page_template_has_inline_script_handlers_or_styles(path):
    """The policy would block them in the browser, so they must not be there at all."""
    text = path.read_text()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text), "inline <script>"
    assert not re.search(r"""\son[a-z]+\s*=\s*["']""", text), "on…= event handler attribute"
    assert "javascript:" not in text
    assert not re.search(r"<style\b", text), "<style> block"
    assert not re.search(r"""\sstyle\s*=\s*["']""", text), "style= attribute"


def test_htmx_requests_carry_the_csrf_token():
    client = Client(enforce_csrf_checks=True)
    user = UserFactory(organisations=[org("Rana kommune")])
    client.force_login(user)
    page = client.get(reverse("notifications:list")).content.decode()
    token = re.search(r"""hx-headers='\{"X-CSRFToken": "([^"]+)"\}'""", page).group(1)
    url = reverse("notifications:mark_all_read")
    refused = client.post(url, headers={"HX-Request": "true"})
    assert refused.status_code == 403
    accepted = client.post(url, headers={"HX-Request": "true", "X-CSRFToken": token})
    assert accepted.status_code in (200, 204, 302)
