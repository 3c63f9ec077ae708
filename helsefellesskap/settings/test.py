"""Tests: the real PostgreSQL and Redis named by DATABASE_URL / REDIS_URL (make test starts them)."""

import os
import tempfile
from pathlib import Path

# pytest-xdist runs the suite in several processes on one Redis: each takes its own database
# (gw0 → 1, gw1 → 2 …), so one process's Celery worker never takes another's tasks. Set in the
# environment before the base settings read it, so tests and worker subprocesses see the same.
if os.environ.get("PYTEST_XDIST_WORKER", "").startswith("gw") and os.environ.get("REDIS_URL"):
    _base, _, _db = os.environ["REDIS_URL"].rpartition("/")
    if _db.isdigit():
        os.environ["REDIS_URL"] = f"{_base}/{int(os.environ['PYTEST_XDIST_WORKER'][2:]) + 1}"

from .base import *  # noqa: E402, F403
from .base import REDIS_URL  # noqa: E402

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# With a broker, tasks go to it and a real worker (tests that need one start it) consumes them.
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Uploads and PDFs made by tests go to a throwaway folder, never into the working tree.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="rs-test-media-"))

# A statement that waits over a minute for a row or table lock (another test's connection left
# open, say) fails with «canceling statement due to lock timeout» instead of hanging the run.
if DATABASES["default"]["ENGINE"].endswith("postgresql"):  # noqa: F405
    DATABASES["default"].setdefault("OPTIONS", {})["options"] = "-c lock_timeout=60s"  # noqa: F405
