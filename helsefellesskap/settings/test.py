"""Tests: the real PostgreSQL and Redis named by DATABASE_URL / REDIS_URL (make test starts them)."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403
from .base import REDIS_URL

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
