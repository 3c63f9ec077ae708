"""The benchmark (`make bench`): run as `scripts/with-services .venv/bin/python bench/run.py`, which
gives it a throwaway PostgreSQL and Redis (DATABASE_URL, REDIS_URL).

1. Migrates, adds the small data set (core/bench_data.py) and counts the queries of every page
   in this process (django.test.Client); adds the large set on top and counts again: the same
   page for an object of the same shape must make the same number of queries.
2. Starts gunicorn (helsefellesskap.settings.bench: the production settings over plain HTTP on
   127.0.0.1) and a Celery worker (concurrency 1), checks that every page answers 200 with its
   content for its session (not a redirect to the login or the second factor), and runs locust
   (bench/locustfile.py, a separate process) for each page, each paired with a run of the trivial
   view /helsesjekk/ right before it with the same session and the same concurrency.
3. Times the committee PDFs cold and cached (`manage.py bench_case_pdf`).
4. The deadline rush: 50 applicants with complete drafts click «Send inn» at once; afterwards the
   database is counted: sent in, stored (a version row), duplicates (versions beyond one per click).
5. Writes bench/results.json, prints a table, and exits 1 when a must-hold fails (queries equal at
   both sizes, every page's p95 within 5× the trivial view's, 50 of 50 stored once).

Knobs (environment): BENCH_USERS (concurrent users per run, 4), BENCH_SECONDS (measured seconds
per run, 15), BENCH_WORKERS (gunicorn workers, 3), BENCH_RESULTS (output file).
Sessions are made here as the test client's force_login does (password hashing would dominate a
login through the form); the secretariat's and the committee member's sessions carry the second
factor of a confirmed TOTP device, as after a correct code.
"""

from __future__ import annotations

import datetime as dt
import html
import http.client
import importlib.metadata
import json
import math
import os
import platform
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
USERS = int(os.environ.get("BENCH_USERS", "4"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
WARMUP_SECONDS = 2
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
RESULTS = Path(os.environ.get("BENCH_RESULTS", ROOT / "bench" / "results.json"))
RUSH_CLIENTS = 50
RATIO_LIMIT = 5.0
HEALTH = "/helsesjekk/"

T0 = time.monotonic()


def say(message: str) -> None:
    print(f"[{time.monotonic() - T0:6.1f} s] {message}", flush=True)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def percentile(values: list[float], p: float) -> float:
    """Nearest rank."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


# --- Django in this process ---------------------------------------------------------------------------


def setup_django(work: Path) -> None:
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "helsefellesskap.settings.bench",
            "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
            "MEDIA_ROOT": str(work / "media"),
            "STATIC_ROOT": str(work / "static"),
            "LOG_LEVEL": "WARNING",
        }
    )
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def manage(*args, **options) -> None:
    from django.core.management import call_command

    call_command(*args, **options)


def data_set(work: Path, **options) -> dict:
    out = work / f"data-{time.monotonic_ns()}.json"
    manage("bench_data", json_path=str(out), verbosity=0, **options)
    return json.loads(out.read_text())


def make_session(email: str, *, second_factor: bool) -> str:
    """A logged-in session as after the login form (and the code, for the roles that need one)."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.test import Client
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from core.models import User

    user = User.objects.get(email=email)
    client = Client()
    client.force_login(user)
    key = client.cookies["sessionid"].value
    if second_factor:
        device, _ = TOTPDevice.objects.get_or_create(user=user, name="bench", defaults={"confirmed": True})
        store = SessionStore(session_key=key)
        store[DEVICE_ID_SESSION_KEY] = device.persistent_id
        store.save()
    return key


def pages_for(targets: dict) -> list[dict]:
    from django.urls import reverse

    from applications.models import Application

    application = Application.objects.get(pk=targets["application"])
    # Text each page shows only when it really rendered (the title of the applications written
    # from the first template, the generated prioritisation case, a project of that template).
    title = html.escape(application.title.rsplit(" (", 1)[0])
    return [
        {
            "name": "applicant: application list",
            "role": "applicant",
            "path": reverse("applications:list"),
            "marker": title,
        },
        {
            "name": "applicant: application detail",
            "role": "applicant",
            "path": reverse("applications:detail", args=[targets["application"]]),
            "marker": title,
        },
        {
            "name": "secretariat: inbox",
            "role": "secretariat",
            "path": reverse("secretariat:inbox", args=[targets["inbox_round"]]),
            "marker": title,
        },
        {
            "name": "secretariat: board",
            "role": "secretariat",
            "path": reverse("secretariat:board", args=[targets["board_round"]]),
            "marker": title,
        },
        {
            "name": "committee: meeting",
            "role": "committee",
            "path": reverse("committees:member_meeting", args=[targets["meeting"]]),
            "marker": html.escape("Prioritering av søknader"),
        },
        {
            "name": "secretariat: portfolio",
            "role": "secretariat",
            "path": reverse("projects:portfolio"),
            # The table shows 25 projects a page (the template's title need not be on the first).
            "marker": 'id="portfolio-table"',
        },
    ]


def count_queries(pages: list[dict], sessions: dict[str, str]) -> dict[str, int]:
    """Queries per page in this process, on the second request (the first warms caches)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for page in [*pages, *trivial_pages()]:
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies["sessionid"] = sessions[page["role"]]
        client.get(page["path"])
        with CaptureQueriesContext(connection) as queries:
            response = client.get(page["path"])
        body = response.content.decode()
        if response.status_code != 200 or page["marker"] not in body:
            raise SystemExit(
                f"{page['name']}: {page['path']} answered {response.status_code} "
                f"{response.get('Location', '')} without «{page['marker']}»"
            )
        counts[page["name"]] = len(queries)
    return counts


def trivial_pages() -> list[dict]:
    return [
        {"name": f"trivial ({role})", "role": role, "path": HEALTH, "marker": "ok"}
        for role in ("applicant", "secretariat", "committee")
    ]


# --- Servers and load ------------------------------------------------------------------------------------


def start(name: str, command: list[str], work: Path) -> subprocess.Popen:
    log = open(work / f"{name}.log", "w")  # noqa: SIM115 - closed with the process
    return subprocess.Popen(command, cwd=ROOT, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def get(port: int, path: str, session: str) -> tuple[int, str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("GET", path, headers={"Cookie": f"sessionid={session}"})
    response = connection.getresponse()
    body = response.read().decode("utf-8", "replace")
    connection.close()
    return response.status, response.getheader("Location", ""), body


def wait_for(port: int, process: subprocess.Popen, work: Path) -> None:
    for _ in range(300):
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited:\n{(work / 'gunicorn.log').read_text()[-3000:]}")
        try:
            if get(port, HEALTH, "")[0] == 200:
                return
        except OSError:
            pass
        time.sleep(0.1)
    raise SystemExit("gunicorn did not answer within 30 s")


def check_and_warm(port: int, page: dict, session: str) -> None:
    """The page answers 200 with its content over HTTP, for this session; a few requests also
    warm every gunicorn worker (templates, connections)."""
    for _ in range(3 * WORKERS):
        status, location, body = get(port, page["path"], session)
        if status != 200 or page["marker"] not in body:
            raise SystemExit(
                f"{page['name']}: {page['path']} answered {status} {location} over HTTP "
                f"without «{page['marker']}»: the session does not reach the page"
            )


def locust(work: Path, port: int, name: str, user_class: str, users: int, seconds: int, **env) -> dict:
    out = work / f"locust-{time.monotonic_ns()}.json"
    command = [
        str(BIN / "locust"),
        "-f",
        str(ROOT / "bench" / "locustfile.py"),
        user_class,
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(users),
        "--run-time",
        f"{seconds}s",
        "--stop-timeout",
        "10",
        "--host",
        f"http://127.0.0.1:{port}",
        "--only-summary",
        "--loglevel",
        "WARNING",
    ]
    environment = {**os.environ, "BENCH_OUT": str(out), **{k: str(v) for k, v in env.items()}}
    with open(work / "locust.log", "a") as log:
        log.write(f"\n=== {name}\n")
        log.flush()
        subprocess.run(command, cwd=work, env=environment, stdout=log, stderr=subprocess.STDOUT, check=False)
    if not out.exists():
        raise SystemExit(f"locust wrote no results for {name}; see {work / 'locust.log'}")
    return json.loads(out.read_text())


def summarise(run: dict) -> dict:
    times = run["times_ms"]
    if not times:
        raise SystemExit(f"no successful requests: {run['errors']}")
    return {
        "requests": len(times),
        "failures": run["failures"],
        "p50_ms": round(percentile(times, 50), 1),
        "p95_ms": round(percentile(times, 95), 1),
        "rps": round(len(times) / run["seconds"], 1),
        "errors": run["errors"],
    }


def measure_page(work: Path, port: int, page: dict, session: str) -> tuple[dict, dict]:
    """The trivial view, then the page: same session, same users, same length."""
    runs = []
    for path in (HEALTH, page["path"]):
        run = locust(
            work,
            port,
            f"{page['name']} {path}",
            "PageUser",
            USERS,
            SECONDS + WARMUP_SECONDS,
            BENCH_PATH=path,
            BENCH_SESSION=session,
            BENCH_WARMUP=WARMUP_SECONDS,
        )
        runs.append(summarise(run))
    return runs[0], runs[1]


# --- The deadline rush ---------------------------------------------------------------------------------


def rush(work: Path, port: int, drafts: list[dict]) -> dict:
    from django.db.models import Count
    from django.urls import reverse
    from django.utils.crypto import get_random_string

    from applications.models import Application, ApplicationVersion

    entries = [
        {
            "session": make_session(draft["email"], second_factor=False),
            "csrf": get_random_string(32),
            "path": reverse("applications:submit", args=[draft["application"]]),
        }
        for draft in drafts
    ]
    rush_file = work / "rush.json"
    rush_file.write_text(json.dumps(entries))
    started = time.monotonic()
    run = locust(work, port, "rush", "RushUser", len(entries), 60, BENCH_RUSH=rush_file)
    elapsed = time.monotonic() - started
    ids = [draft["application"] for draft in drafts]
    apps = Application.objects.filter(pk__in=ids).annotate(versions_n=Count("versions"))
    submitted = sum(1 for a in apps if a.status == Application.Status.RECEIVED)
    stored = sum(1 for a in apps if a.versions_n >= 1)
    duplicates = sum(max(0, a.versions_n - 1) for a in apps)
    times = run["times_ms"]
    # The receipts are rendered by the Celery worker after commit; give it a while.
    deadline = time.monotonic() + 120
    ready = 0
    while time.monotonic() < deadline:
        ready = ApplicationVersion.objects.filter(
            application__in=ids, pdf_status=ApplicationVersion.PdfStatus.READY
        ).count()
        if ready >= stored:
            break
        time.sleep(2)
    return {
        "clients": len(entries),
        "clicks_answered": len(times),
        "failures": run["failures"],
        "errors": run["errors"],
        "submitted": submitted,
        "stored": stored,
        "duplicates": duplicates,
        "p50_ms": round(percentile(times, 50), 1) if times else None,
        "p95_ms": round(percentile(times, 95), 1) if times else None,
        "max_ms": round(max(times), 1) if times else None,
        "seconds": round(elapsed, 1),
        "receipts_ready": ready,
        "receipts_waited_s": round(time.monotonic() - started - elapsed, 1),
    }


# --- PDFs and the machine -----------------------------------------------------------------------------


def pdf_times(work: Path) -> list[dict]:
    out = work / "pdf.json"
    manage("bench_case_pdf", json_path=str(out), stdout=open(os.devnull, "w"))  # noqa: SIM115
    rows = json.loads(out.read_text())
    by_name: dict[str, dict] = {}
    for row in rows:
        entry = by_name.setdefault(
            row["name"], {"name": row["name"], "pages": row["pages"], "kib": row["kib"]}
        )
        entry[f"{row['run']}_s"] = round(row["seconds"], 2)
    return list(by_name.values())


def machine() -> dict:
    import redis
    from django.db import connection

    memory_kib = 0
    cpu_model = platform.processor()
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                memory_kib = int(line.split()[1])
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu_model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    redis_version = redis.Redis.from_url(os.environ["REDIS_URL"]).info()["redis_version"]
    versions = {"python": platform.python_version(), "postgresql": postgres, "redis": redis_version}
    for package in ("django", "gunicorn", "celery", "locust", "weasyprint", "psycopg"):
        versions[package] = importlib.metadata.version(package)
    return {
        "load_average_at_end": [round(x, 2) for x in os.getloadavg()],
        "cores": os.cpu_count(),
        "memory_gib": round(memory_kib / 1024 / 1024, 1),
        "cpu": cpu_model,
        "os": platform.platform(),
        "versions": versions,
    }


# --- Main ------------------------------------------------------------------------------------------------


def main() -> int:
    if not os.environ.get("DATABASE_URL") or not os.environ.get("REDIS_URL"):
        print("Run through scripts/with-services (it sets DATABASE_URL and REDIS_URL).", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-"))
    load_at_start = [round(x, 2) for x in os.getloadavg()]
    setup_django(work)
    phases = {}

    say("migrate and collectstatic")
    manage("migrate", interactive=False, verbosity=0)
    manage("collectstatic", interactive=False, verbosity=0)
    phases["setup_s"] = round(time.monotonic() - T0, 1)

    say("small data set")
    small = data_set(work, scale="small")
    targets_small = small["targets"]
    from core.bench_data import counts

    data = {"small": {**counts(), "seconds": small["seconds"]}}
    sessions = {
        "applicant": make_session(targets_small["applicant"], second_factor=False),
        "secretariat": make_session(targets_small["secretariat"], second_factor=True),
        "committee": make_session(targets_small["committee_member"], second_factor=True),
    }
    queries_small = count_queries(pages_for(targets_small), sessions)

    say("large data set on top")
    large = data_set(work, scale="large")
    targets = large["targets"]
    data["large"] = {**counts(), "seconds": large["seconds"]}
    if any(targets[role] != targets_small[role] for role in ("applicant", "secretariat", "committee_member")):
        raise SystemExit("the large set should reuse the small set's users")
    pages = pages_for(targets)
    queries_large = count_queries(pages, sessions)
    drafts = data_set(work, rush=RUSH_CLIENTS)["rush"]
    phases["data_s"] = round(time.monotonic() - T0 - phases["setup_s"], 1)
    say(f"data: small {data['small']}, large {data['large']}")

    port = free_port()
    gunicorn = worker = None
    try:
        say(f"gunicorn with {WORKERS} workers on 127.0.0.1:{port}, Celery worker")
        gunicorn = start(
            "gunicorn",
            [
                str(BIN / "gunicorn"),
                "helsefellesskap.wsgi:application",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                str(WORKERS),
                "--timeout",
                "60",
                "--log-level",
                "warning",
            ],
            work,
        )
        worker = start(
            "celery",
            [
                str(BIN / "celery"),
                "-A",
                "helsefellesskap",
                "worker",
                "--concurrency",
                "1",
                "--loglevel",
                "WARNING",
                "--without-gossip",
                "--without-mingle",
            ],
            work,
        )
        wait_for(port, gunicorn, work)
        for page in [*pages, *trivial_pages()]:
            check_and_warm(port, page, sessions[page["role"]])

        rows = []
        for page in pages:
            say(f"{page['name']}: {USERS} users, {SECONDS} s, after the trivial view")
            trivial, measured = measure_page(work, port, page, sessions[page["role"]])
            rows.append(
                {
                    "name": page["name"],
                    "path": page["path"],
                    "p50_ms": measured["p50_ms"],
                    "p95_ms": measured["p95_ms"],
                    "rps": measured["rps"],
                    "requests": measured["requests"],
                    "failures": measured["failures"],
                    "trivial_p50_ms": trivial["p50_ms"],
                    "trivial_p95_ms": trivial["p95_ms"],
                    "trivial_rps": trivial["rps"],
                    "ratio_p95": round(measured["p95_ms"] / trivial["p95_ms"], 2),
                    "queries_small": queries_small[page["name"]],
                    "queries_large": queries_large[page["name"]],
                }
            )
        phases["pages_s"] = round(time.monotonic() - T0 - phases["setup_s"] - phases["data_s"], 1)

        say("PDFs: prioritisation case (30 applications) and meeting packet (6 cases), cold and cached")
        mark = time.monotonic()
        pdf = pdf_times(work)
        phases["pdf_s"] = round(time.monotonic() - mark, 1)

        say(f"deadline rush: {len(drafts)} applicants click «Send inn» at once")
        mark = time.monotonic()
        rush_result = rush(work, port, drafts)
        phases["rush_s"] = round(time.monotonic() - mark, 1)
    finally:
        stop(gunicorn)
        stop(worker)

    phases["total_s"] = round(time.monotonic() - T0, 1)
    checks = {
        "under_15_minutes": phases["total_s"] < 15 * 60,
        "queries_equal": all(row["queries_small"] == row["queries_large"] for row in rows),
        "p95_within_5x_trivial": all(row["ratio_p95"] <= RATIO_LIMIT for row in rows),
        "no_failed_requests": all(row["failures"] == 0 for row in rows),
        "rush_all_stored_once": rush_result["stored"] == rush_result["clients"]
        and rush_result["submitted"] == rush_result["clients"]
        and rush_result["duplicates"] == 0,
    }
    results = {
        "generated_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"load_average_at_start": load_at_start, **machine()},
        "load": {
            "tool": "locust (FastHttpUser), headless, a separate process",
            "users": USERS,
            "seconds_per_run": SECONDS,
            "warmup_seconds": WARMUP_SECONDS,
            "think_time_s": 0,
            "gunicorn_workers": WORKERS,
            "settings": "helsefellesskap.settings.bench",
        },
        "data": data,
        "pages": rows,
        "trivial_queries": {name: n for name, n in queries_large.items() if name.startswith("trivial")},
        "rush": rush_result,
        "pdf": pdf,
        "phases": phases,
        "checks": checks,
    }
    RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    for bulky in ("static", "media"):  # the logs stay
        shutil.rmtree(work / bulky, ignore_errors=True)
    print_table(results)
    say(
        f"results in {RESULTS.relative_to(ROOT) if RESULTS.is_relative_to(ROOT) else RESULTS}; logs in {work}"
    )
    return 0 if all(checks.values()) else 1


def print_table(results: dict) -> None:
    m = results["machine"]
    print()
    print(
        f"Machine: {m['cores']} cores, {m['memory_gib']} GiB, {m['cpu']}; load average "
        f"{m['load_average_at_start'][0]} at the start, {m['load_average_at_end'][0]} at the end"
    )
    print("Versions: " + ", ".join(f"{k} {v}" for k, v in m["versions"].items()))
    load = results["load"]
    print(
        f"Load: {load['users']} users, {load['seconds_per_run']} s per run, "
        f"gunicorn {load['gunicorn_workers']} workers"
    )
    print()
    header = (
        f"{'page':<32} {'p50 ms':>7} {'p95 ms':>7} {'rps':>6} {'triv p95':>8} {'ratio':>6} "
        f"{'q small':>7} {'q large':>7}"
    )
    print(header)
    print("-" * len(header))
    for row in results["pages"]:
        print(
            f"{row['name']:<32} {row['p50_ms']:>7} {row['p95_ms']:>7} {row['rps']:>6} "
            f"{row['trivial_p95_ms']:>8} {row['ratio_p95']:>6} "
            f"{row['queries_small']:>7} {row['queries_large']:>7}"
        )
    r = results["rush"]
    print()
    print(
        f"Deadline rush: {r['clients']} clients, {r['submitted']} sent in, {r['stored']} stored, "
        f"{r['duplicates']} duplicates, p50 {r['p50_ms']} ms, p95 {r['p95_ms']} ms, max {r['max_ms']} ms; "
        f"{r['receipts_ready']} receipt PDFs ready"
    )
    print()
    print(f"{'PDF':<40} {'cold s':>7} {'cached s':>8} {'pages':>5}")
    for row in results["pdf"]:
        print(f"{row['name']:<40} {row['cold_s']:>7} {row['cached_s']:>8} {row['pages']:>5}")
    print()
    print("Phases: " + ", ".join(f"{k} {v}" for k, v in results["phases"].items()))
    print("Checks: " + ", ".join(f"{k} {'ok' if v else 'FAILED'}" for k, v in results["checks"].items()))


if __name__ == "__main__":
    sys.exit(main())
