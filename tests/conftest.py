"""Suite-wide fixtures: the real-services guard, reference data for transactional tests, and a
real Celery worker.

Feature fixtures belong in the conftest.py of their sub-directory, not here.
"""

import os
from importlib import import_module

import pytest

from tests.second_factor import pass_second_factor

# Data migrations that load reference data (organisations, helsefellesskap, committees …). Their
# functions are idempotent.
REFERENCE_DATA = (
    ("core.migrations.0002_reference_data", "create_reference_data"),
    ("committees.migrations.0003_reference_committees", "create_committees"),
)


@pytest.fixture(scope="session", autouse=True)
def _force_login_passes_the_second_factor():
    """``client.force_login(user)`` skips the password, and here also the second factor: the
    session is marked as verified with a TOTP device of the user (made if missing), as
    django_otp.login does after a correct code. The login pages themselves are tested through
    their forms in tests/core/test_login_security.py, which does not use force_login."""
    from django.test.client import ClientMixin

    original = ClientMixin._login

    def _login(self, user, backend=None):
        original(self, user, backend)
        from core.security import requires_second_factor

        if requires_second_factor(user, cached=False):
            pass_second_factor(self.session, user)

    ClientMixin._login = _login
    yield
    ClientMixin._login = original


@pytest.fixture(scope="session", autouse=True)
def _require_real_services():
    """With REQUIRE_REAL_SERVICES=1 (set by `make test` / scripts/with-services) refuse to run
    the suite on SQLite or without a Redis broker, rather than pass on the wrong servers."""
    if os.environ.get("REQUIRE_REAL_SERVICES") != "1":
        return
    from django.db import connection

    problems = []
    if connection.vendor != "postgresql":
        problems.append(
            f"the database is {connection.vendor}, not PostgreSQL (DATABASE_URL="
            f"{os.environ.get('DATABASE_URL', '<unset>')!r})"
        )
    if not os.environ.get("REDIS_URL"):
        problems.append("REDIS_URL is unset, so Celery has no broker")
    if problems:
        pytest.exit(
            "REQUIRE_REAL_SERVICES=1 but "
            + "; ".join(problems)
            + ". Run the suite through `make test` or `scripts/with-services`.",
            returncode=pytest.ExitCode.USAGE_ERROR,
        )


@pytest.fixture(autouse=True)
def _reference_data_after_flush(request):
    """A transactional test (worker, browser, live server) empties every table when it ends, so
    the next one would find no organisations. Load the reference data again before each."""
    marker = request.node.get_closest_marker("django_db")
    transactional = (marker is not None and marker.kwargs.get("transaction")) or (
        "transactional_db" in request.fixturenames or "live_server" in request.fixturenames
    )
    if not transactional:
        return
    request.getfixturevalue("transactional_db")
    from django.apps import apps

    for module, function in REFERENCE_DATA:
        getattr(import_module(module), function)(apps, None)


@pytest.fixture
def celery_worker(transactional_db):
    """A real Celery worker (solo pool, in a thread of this process) consuming the real Redis
    broker named by REDIS_URL; tasks sent with .delay()/.apply_async() during the test run there.

    * The test runs with ``transactional_db`` (requested here; ``live_server`` also gives it):
      the worker thread has its own database connection and only sees committed rows, so
      the plain ``db`` fixture (one uncommitted transaction) cannot work with it. Use
      ``transaction.on_commit``-scheduled tasks freely: they are sent when the code commits.
    * There is no result backend (CELERY_RESULT_BACKEND = None): do not call ``.get()``; wait
      for the task's effect instead (poll the database, ``mail.outbox``, files) with a timeout.
    * The worker shares this process, so the locmem ``mail.outbox`` sees its e-mail.
    * The broker's queue is purged before the worker starts, so tasks left over from
      other tests (sent without a worker) are not run here.

    Fails (does not skip) when REDIS_URL is unset: run the suite through ``make test``.
    """
    if not os.environ.get("REDIS_URL"):
        pytest.fail(
            "celery_worker needs a real Redis broker but REDIS_URL is unset: run the tests with "
            "`make test` or `scripts/with-services .venv/bin/python -m pytest ...`.",
            pytrace=False,
        )
    from celery.contrib.testing.worker import start_worker

    from helsefellesskap import celery_app

    if celery_app.conf.task_always_eager:
        pytest.fail(
            "CELERY_TASK_ALWAYS_EAGER is on although REDIS_URL is set: tasks would never reach "
            "the worker (check helsefellesskap/settings/test.py).",
            pytrace=False,
        )
    # Keep the root logger's handlers (pytest's log capture, Django's LOGGING) as they are.
    celery_app.conf.worker_hijack_root_logger = False
    celery_app.control.purge()
    with start_worker(
        celery_app,
        pool="solo",
        concurrency=1,
        perform_ping_check=False,  # the ping task needs a result backend, which we lack
        shutdown_timeout=30.0,
    ) as worker:
        yield worker


# --- The longest tests first ------------------------------------------------------------------------

# Started first within their group, so that pytest-xdist's other process runs the many short tests
# meanwhile instead of one process finishing alone with these (each takes 10–90 s).
SLOW_FIRST = (
    "tests/security/test_permission_matrix.py",
    "tests/browser/test_accessibility.py",
    "tests/core/test_pdf_accessibility.py",
    "tests/projects/test_sheet.py",
    "tests/browser/test_application_journey.py",
    "tests/flows/test_forwarding.py",
    "tests/browser/test_my_meetings.py",
    "tests/demo/test_demo_on_sqlite.py",
)


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items):
    """After pytest-django's order (database tests, then transactional ones, then the rest; a
    transactional test empties the database, so the order matters), the slow ones first in each."""

    def group(item) -> int:
        marker = item.get_closest_marker("django_db")
        fixtures = getattr(item, "fixturenames", [])
        if (
            "transactional_db" in fixtures
            or "live_server" in fixtures
            or (marker and marker.kwargs.get("transaction"))
        ):
            return 1
        return 0 if marker or "db" in fixtures else 2

    items.sort(key=lambda item: (group(item), not item.nodeid.startswith(SLOW_FIRST)))


# --- Where the time goes, in CI's log -------------------------------------------------------------

_progress = {"config": None, "started": None, "shown": 0.0, "done": 0}


def pytest_configure(config):
    _progress["config"] = config


def pytest_runtest_logreport(report):
    """With CI set, a line a minute with the minutes since the first test, the tests done and the
    one just finished: CI shows only the output, so a slow machine and a test that waits can be
    told apart. In the main process only (with pytest-xdist, the workers report to it)."""
    config = _progress["config"]
    if not os.environ.get("CI") or config is None or hasattr(config, "workerinput"):
        return
    import time

    now = time.monotonic()
    _progress["started"] = _progress["started"] or now
    if report.when != "teardown":
        return
    _progress["done"] += 1
    if now - _progress["shown"] < 60:
        return
    _progress["shown"] = now
    reporter = config.pluginmanager.get_plugin("terminalreporter")
    if reporter is not None:
        minutes = (now - _progress["started"]) / 60
        reporter.write(f"\n[{minutes:5.1f} min, {_progress['done']} done: {report.nodeid[:90]}] ", flush=True)
