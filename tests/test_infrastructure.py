"""The suite runs on the real servers: PostgreSQL, Redis and a real Celery worker."""

import os
import time
import uuid

import pytest
from django.db import connection

from helsefellesskap import celery_app

REQUIRED = os.environ.get("REQUIRE_REAL_SERVICES") == "1"


@celery_app.task(name="tests.infrastructure.record_audit_event")
def record_audit_event(token):
    """Runs in the worker thread: proves it has the broker, the code and the database."""
    from core.models import AuditEvent

    AuditEvent.objects.create(action="infrastructure-check", target_type="test", target_id=1, summary=token)


@pytest.mark.django_db
def test_database_is_postgresql_13_or_newer():
    if not REQUIRED and connection.vendor != "postgresql":
        pytest.skip("not on PostgreSQL and REQUIRE_REAL_SERVICES is not 1")
    assert connection.vendor == "postgresql"
    connection.ensure_connection()
    assert connection.pg_version >= 130000, connection.pg_version
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_database()")
        (name,) = cursor.fetchone()
    assert name.startswith("test_"), f"tests must run in the throwaway test database, not {name}"


def test_redis_answers_ping():
    redis_url = os.environ.get("REDIS_URL")
    if not redis_url:
        if REQUIRED:
            pytest.fail("REDIS_URL is unset")
        pytest.skip("REDIS_URL is unset and REQUIRE_REAL_SERVICES is not 1")
    import redis

    client = redis.Redis.from_url(redis_url, socket_timeout=5)
    try:
        assert client.ping() is True
    finally:
        client.close()


def test_celery_sends_tasks_to_the_broker_when_redis_is_set():
    if not os.environ.get("REDIS_URL"):
        pytest.skip("REDIS_URL is unset: tasks run eagerly")
    assert celery_app.conf.task_always_eager is False
    assert celery_app.conf.broker_url == os.environ["REDIS_URL"]


@pytest.mark.worker
def test_real_worker_runs_a_task_that_writes_to_the_database(celery_worker):
    from core.models import AuditEvent

    token = f"infrastructure-{uuid.uuid4()}"
    record_audit_event.delay(token)

    deadline = time.monotonic() + 20
    while not AuditEvent.objects.filter(summary=token).exists():
        assert time.monotonic() < deadline, "the worker did not run the task within 20 s"
        time.sleep(0.1)
