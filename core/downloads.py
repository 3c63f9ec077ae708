"""Responses for downloads and for PDFs that Celery is still making, shared by every app.

A download is always an attachment, never sniffed, never cached by a shared cache. A PDF that is
not ready gives a page saying «PDF-en lages …» whose status fragment is polled with htmx until
the download link is there; the PDF is never rendered inside the request."""

from django.http import FileResponse, HttpResponse
from django.shortcuts import render

from . import audit


def _private(response):
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _audit(request, target, filename: str, action: str):
    audit.record(actor=request.user, action=action, target=target, summary=filename)


def file_download(
    field, filename: str, content_type: str = "application/pdf", *, request, target, action="download"
) -> FileResponse:
    """A stored file (a FileField's file) as a download named `filename`, written to the audit
    trail as `action` on `target` (who, when, from which address)."""
    _audit(request, target, filename, action)
    return _private(
        FileResponse(field.open("rb"), as_attachment=True, filename=filename, content_type=content_type)
    )


def content_download(
    content: bytes, filename: str, content_type: str, *, request, target, action="download"
) -> HttpResponse:
    """Bytes made in the request (an export) as a download named `filename`, audited as above."""
    _audit(request, target, filename, action)
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return _private(response)


def _status(ready: bool, status_url: str, download_url: str, label: str) -> dict:
    return {"ready": ready, "status_url": status_url, "download_url": download_url, "label": label}


def pdf_waiting(request, *, title: str, back: str, status_url: str, download_url: str, label: str):
    """The page shown while the PDF is being made."""
    return render(
        request,
        "includes/pdf_wait.html",
        {"title": title, "back": back, "status": _status(False, status_url, download_url, label)},
    )


def pdf_status(request, *, ready: bool, status_url: str, download_url: str, label: str):
    """The polled fragment: the download link once `ready`, else «PDF-en lages …»."""
    return render(
        request, "includes/pdf_status.html", {"status": _status(ready, status_url, download_url, label)}
    )
