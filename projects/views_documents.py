"""The project sheet (prosjektark) as PDF, rendered by Celery through projects/documents.py. A sheet
that is not ready yet gives a page saying «PDF-en lages …», which polls a status fragment with htmx
until the download link is there; the PDF is never rendered inside the request. The fragment asks
documents.request_sheet (not sheet_ready): it enqueues once per content, so a render that failed is
tried again while someone waits. Both pages are for whoever may see the project."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.downloads import file_download, pdf_status, pdf_waiting
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
        return file_download(
            project.sheet_pdf,
            safe_display_name(_("Prosjektark %(title)s") % {"title": project.title}, ".pdf"),
            request=request,
            target=project,
        )
    return pdf_waiting(
        request,
        title=_("Prosjektark: %(title)s") % {"title": project.title},
        back=project.get_absolute_url(),
        **_names(project),
    )


@login_required
@require_safe
def sheet_status(request, pk):
    project = _sheet_project(request.user, pk)
    return pdf_status(request, ready=documents.request_sheet(project), **_names(project))
