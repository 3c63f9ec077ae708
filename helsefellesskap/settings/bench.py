"""Benchmarks (`make bench`, bench/run.py): the production settings, served by gunicorn over plain
HTTP on loopback. Only what a loopback run needs differs: no HTTPS redirect or HSTS, cookies that
are sent over http, the loopback host, and e-mail kept in memory. DJANGO_SECRET_KEY, DATABASE_URL
and REDIS_URL are required as in production (the runner generates the key)."""

from .production import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1"]
SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SECURE_HSTS_INCLUDE_SUBDOMAINS = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
