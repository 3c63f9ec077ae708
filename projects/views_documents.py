"""The project sheet (prosjektark) as PDF, rendered by Celery through projects/documents.py. A sheet
that is not ready yet gives a page saying «PDF-en lages …», which polls a status fragment with htmx
until the download link is there; the PDF is never rendered inside the request. The fragment asks
documents.request_sheet (not sheet_ready): it enqueues once per content, so a render that failed is
tried again while someone waits. Both pages are for whoever may see the project."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.uploads import safe_display_name

from . import documents
from .permissions import access_project


def _sheet_project(user, pk):
    access_project(user, pk)
    project = documents.load_project(pk)
    if project is None:  # removed in between
        raise Http404
    return project


def _names(project):
    return {
        "status_url": reverse("projects:sheet_status", args=[project.pk]),
        "download_url": reverse("projects:sheet_pdf", args=[project.pk]),
        "label": _("Last ned prosjektarket (PDF)"),
    }


@login_required
@require_safe
def sheet_pdf(request, pk):
    project = _sheet_project(request.user, pk)
    if documents.request_sheet(project):
        response = FileResponse(
            project.sheet_pdf.open("rb"),
            as_attachment=True,
            filename=safe_display_name(_("Prosjektark %(title)s") % {"title": project.title}, ".pdf"),
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response
    return render(
        request,
        "committees/pdf_wait.html",
        {
            "title": _("Prosjektark: %(title)s") % {"title": project.title},
            "back": project.get_absolute_url(),
            "status": {"ready": False, **_names(project)},
        },
    )


@login_required
@require_safe
def sheet_status(request, pk):
    project = _sheet_project(request.user, pk)
    return render(
        request,
        "committees/_pdf_status.html",
        {"status": {"ready": documents.request_sheet(project), **_names(project)}},
    )
