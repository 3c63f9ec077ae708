"""What the document-rendering tasks share (committee papers, the project sheet): retry with
back-off on any error except an overrun soft time limit (it would overrun again), acknowledge
late so a killed worker's task runs again, and log when every retry is used up. The page keeps
saying the PDF is being made; the next request after the app's documents.ENQUEUE_TTL enqueues
the render again."""

import logging

from celery import Task
from celery.exceptions import SoftTimeLimitExceeded

log = logging.getLogger(__name__)

RETRY = {
    "bind": True,
    "autoretry_for": (Exception,),
    "dont_autoretry_for": (SoftTimeLimitExceeded,),
    "retry_backoff": True,
    "retry_backoff_max": 300,
    "retry_jitter": True,
    "max_retries": 3,
    "acks_late": True,
}


class RendersDocument(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        log.error("%s(%s) failed: %r", self.name, args[0] if args else kwargs, exc)
