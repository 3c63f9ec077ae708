"""`make demo` runs on the embedded defaults: SQLite and Celery tasks run eagerly (no Redis). The
rest of the suite runs on PostgreSQL, so this is the test that the demo's path still works there:
PostgreSQL accepts SQL that SQLite refuses (an ORDER BY inside a UNION stopped `seed_demo` once)."""

import os
import re
import subprocess
import sys
from pathlib import Path

from django.conf import settings

ROOT = Path(settings.BASE_DIR)


def test_the_demo_seeds_and_its_pages_answer_on_sqlite_without_redis(tmp_path):
    # Given the development settings on an empty SQLite file, without a broker
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DATABASE_URL", "REDIS_URL", "PYTEST_XDIST_WORKER"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "helsefellesskap.settings.local",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'demo.sqlite3'}",
        "MEDIA_ROOT": str(tmp_path / "media"),
        "PYTHONPATH": str(ROOT),
    }
    # When migrate and seed_demo run, and each demo role opens its main pages
    result = subprocess.run(
        [sys.executable, str(ROOT / "tests" / "demo" / "sqlite_demo_pages.py")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    # Then everything answers 200
    assert result.returncode == 0, result.stdout + result.stderr
    lines = [line for line in result.stdout.splitlines() if re.match(r"\d{3} ", line)]
    assert len(lines) == 17, result.stdout
    assert all(line.startswith("200 ") for line in lines), result.stdout
