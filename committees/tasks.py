"""Thin tasks for the committee's documents: load by id, let committees/documents.py render and store
the PDF unless the stored one already has the current content hash, retry with back-off.

Each returns "rendered", "cached" (the stored file was current: nothing was rendered) or "missing".
A render that overruns its soft time limit is not retried (it would overrun again); the worker's
memory cap (CELERY_WORKER_MAX_MEMORY_PER_CHILD) replaces a child that WeasyPrint has grown.
"""

from celery import shared_task

from core.tasks import RETRY, RendersDocument

from . import documents


@shared_task(base=RendersDocument, soft_time_limit=120, time_limit=150, **RETRY)
def render_case_pdf(self, case_id: int) -> str:
    case = documents.load_case(case_id)
    if case is None:
        return "missing"
    return "rendered" if documents.store_case_pdf(case) else "cached"


@shared_task(base=RendersDocument, soft_time_limit=300, time_limit=330, **RETRY)
def render_meeting_packet(self, meeting_id: int) -> str:
    meeting = documents.load_meeting(meeting_id)
    if meeting is None:
        return "missing"
    return "rendered" if documents.store_packet(meeting) else "cached"


@shared_task(base=RendersDocument, soft_time_limit=120, time_limit=150, **RETRY)
def render_protocol_pdf(self, meeting_id: int) -> str:
    meeting = documents.load_meeting(meeting_id)
    if meeting is None:
        return "missing"
    return "rendered" if documents.store_protocol(meeting) else "cached"
