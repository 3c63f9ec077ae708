"""Thin tasks for approved projects: render the project sheet (prosjektark) unless the stored one
already has the current content hash (projects/documents.py), retrying with back-off.

Returns "rendered", "cached" (the stored file was current: nothing was rendered) or "missing". A
render that overruns its soft time limit is not retried (it would overrun again); the worker's
memory cap (CELERY_WORKER_MAX_MEMORY_PER_CHILD) replaces a child that WeasyPrint has grown.
"""

from celery import shared_task

from core.tasks import RETRY, RendersDocument

from . import documents


@shared_task(base=RendersDocument, soft_time_limit=120, time_limit=150, **RETRY)
def render_project_sheet(self, project_id: int) -> str:
    project = documents.load_project(project_id)
    if project is None:
        return "missing"
    return "rendered" if documents.store_sheet(project) else "cached"
