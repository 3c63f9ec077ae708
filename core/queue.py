"""Enqueueing that never fails the user's action. Celery's `delay` blocks and raises when Redis is
down; a user who just submitted must still get their answer at normal speed. So work that must not
be lost is first written to a table in the same transaction (the outbox: a notification row, a
version whose PDF is pending), `enqueue` is a best-effort nudge after commit, and the relay task
(notifications.tasks.relay_outbox, every minute by Celery beat) enqueues whatever is still
waiting once Redis is back."""

import logging
import time

from django.conf import settings

log = logging.getLogger(__name__)

# After the broker failed, further enqueues in this process skip it for a few seconds (a request
# that enqueues three things waits for one timeout, not three); the outbox keeps the work.
BROKER_RETRY_AFTER = 5.0
_broker_down_until = 0.0


def enqueue(task, *args, **kwargs) -> bool:
    """Send the task to the broker without retrying; False (and a warning) when the broker is
    unreachable. In eager mode (no Redis) the task runs here, and its errors are logged, not
    raised: the outbox row stays and is tried again."""
    global _broker_down_until
    if settings.CELERY_TASK_ALWAYS_EAGER:
        try:
            task.apply(args=args, kwargs=kwargs, throw=True)
            return True
        except Exception as error:  # the outbox row stays; the relay tries again
            log.warning("Task %s%s failed (%r); the relay will try again.", task.name, args, error)
            return False
    if time.monotonic() < _broker_down_until:
        return False
    try:
        task.apply_async(args=args, kwargs=kwargs, retry=False)
        return True
    except Exception as error:  # the broker is unreachable: the outbox keeps the work
        _broker_down_until = time.monotonic() + BROKER_RETRY_AFTER
        log.warning("Could not enqueue %s%s now (%r); the relay will.", task.name, args, error)
        return False


def enqueue_on_commit(task, *args, **kwargs) -> None:
    from django.db import transaction

    transaction.on_commit(lambda: enqueue(task, *args, **kwargs))
