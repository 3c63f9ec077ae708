"""Thin tasks for the committee's documents: load by id, let committees/documents.py render and store
the PDF unless the stored one already has the current content hash, retry with back-off.

Each returns "rendered", "cached" (the stored file was current: nothing was rendered) or "missing".
A render that overruns its soft time limit is not retried (it would overrun again); the worker's
memory cap (CELERY_WORKER_MAX_MEMORY_PER_CHILD) replaces a child that WeasyPrint has grown.
"""

import logging

from celery import Task, shared_task
from celery.exceptions import SoftTimeLimitExceeded

from . import documents

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


class RendersCommitteeDocument(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """All retries used up: log it. The page keeps offering the download as «being made»; the
        next request after documents.ENQUEUE_TTL enqueues the render again."""
        log.error("%s(%s) failed: %r", self.name, args[0] if args else kwargs, exc)


@shared_task(base=RendersCommitteeDocument, soft_time_limit=120, time_limit=150, **RETRY)
def render_case_pdf(self, case_id: int) -> str:
    case = documents.load_case(case_id)
    if case is None:
        return "missing"
    return "rendered" if documents.store_case_pdf(case) else "cached"


@shared_task(base=RendersCommitteeDocument, soft_time_limit=300, time_limit=330, **RETRY)
def render_meeting_packet(self, meeting_id: int) -> str:
    meeting = documents.load_meeting(meeting_id)
    if meeting is None:
        return "missing"
    return "rendered" if documents.store_packet(meeting) else "cached"


@shared_task(base=RendersCommitteeDocument, soft_time_limit=120, time_limit=150, **RETRY)
def render_protocol_pdf(self, meeting_id: int) -> str:
    meeting = documents.load_meeting(meeting_id)
    if meeting is None:
        return "missing"
    return "rendered" if documents.store_protocol(meeting) else "cached"
