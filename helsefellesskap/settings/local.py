"""Development: DEBUG on, SQLite and eager Celery unless DATABASE_URL / REDIS_URL say otherwise."""

from .base import *  # noqa: F403
from .base import env_bool

DEBUG = env_bool("DJANGO_DEBUG", True)

# The demo's secretariat, committee and admin users have authenticator devices made by seed_demo;
# the code page shows their current code so the demo can be tried without a phone.
SECOND_FACTOR_DEMO_HINT = DEBUG
