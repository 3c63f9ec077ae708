"""Downloads of the committee documents: the case PDF, the meeting packet («Hele møtepakken») and
the protocol, rendered by Celery through committees/documents.py, and the case's attachments.
A PDF that is not ready yet gives a page saying «PDF-en lages …», which polls a status fragment
with htmx until the download link is there; the PDF is never rendered inside the request. The
fragment asks documents.request_* (not *_ready): it enqueues once per content (documents.py keeps
the send from repeating), so a render that failed is tried again while someone waits."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.downloads import file_download, pdf_status, pdf_waiting
from core.uploads import safe_display_name

from . import documents
from .models import CaseAttachment
from .permissions import access_case, access_meeting, can_manage_meeting, is_committee_secretariat


def _case_names(case):
    return {
        "status_url": reverse("committees:case_pdf_status", args=[case.pk]),
        "download_url": reverse("committees:case_pdf", args=[case.pk]),
        "label": _("Last ned saksfremlegget (PDF)"),
    }


@login_required
@require_safe
def case_pdf(request, pk):
    case = access_case(request.user, pk)
    if documents.request_case_pdf(case) and case.pdf:
        return file_download(case.pdf, f"Sak {case.reference}.pdf", request=request, target=case)
    back = (
        reverse("committees:case", args=[case.pk])
        if is_committee_secretariat(request.user, case.committee)
        else reverse("committees:member_case", args=[case.pk])
    )
    return pdf_waiting(request, title=str(case), back=back, **_case_names(case))


@login_required
@require_safe
def case_pdf_status(request, pk):
    case = access_case(request.user, pk)
    return pdf_status(request, ready=documents.request_case_pdf(case), **_case_names(case))


def _packet_names(meeting):
    return {
        "status_url": reverse("committees:packet_status", args=[meeting.pk]),
        "download_url": reverse("committees:packet", args=[meeting.pk]),
        "label": _("Last ned hele møtepakken (PDF)"),
    }


@login_required
@require_safe
def packet(request, pk):
    meeting = access_meeting(request.user, pk)
    if documents.request_packet(meeting) and meeting.packet_pdf:
        return file_download(
            meeting.packet_pdf,
            f"Møtepakke {meeting.committee} {meeting.date:%d.%m.%Y}.pdf",
            request=request,
            target=meeting,
        )
    return pdf_waiting(
        request,
        title=_("Møtepakke: %(meeting)s") % {"meeting": meeting},
        back=reverse("committees:member_meeting", args=[meeting.pk]),
        **_packet_names(meeting),
    )


@login_required
@require_safe
def packet_status(request, pk):
    meeting = access_meeting(request.user, pk)
    return pdf_status(request, ready=documents.request_packet(meeting), **_packet_names(meeting))


def _protocol_meeting(user, pk):
    """The secretariat always; members once the protocol is approved."""
    meeting = access_meeting(user, pk)
    if not can_manage_meeting(user, meeting) and meeting.protocol_approved_at is None:
        raise Http404
    return meeting


def _protocol_names(meeting):
    return {
        "status_url": reverse("committees:protocol_pdf_status", args=[meeting.pk]),
        "download_url": reverse("committees:protocol_pdf", args=[meeting.pk]),
        "label": _("Last ned protokollen (PDF)"),
    }


@login_required
@require_safe
def protocol_pdf(request, pk):
    meeting = _protocol_meeting(request.user, pk)
    if documents.request_protocol(meeting) and meeting.protocol_pdf:
        return file_download(
            meeting.protocol_pdf,
            f"Protokoll {meeting.committee} {meeting.date:%d.%m.%Y}.pdf",
            request=request,
            target=meeting,
        )
    back = (
        reverse("committees:protocol", args=[meeting.pk])
        if can_manage_meeting(request.user, meeting)
        else reverse("committees:member_meeting", args=[meeting.pk])
    )
    return pdf_waiting(
        request,
        title=_("Protokoll: %(meeting)s") % {"meeting": meeting},
        back=back,
        **_protocol_names(meeting),
    )


@login_required
@require_safe
def protocol_pdf_status(request, pk):
    meeting = _protocol_meeting(request.user, pk)
    return pdf_status(request, ready=documents.request_protocol(meeting), **_protocol_names(meeting))


@login_required
@require_safe
def attachment(request, pk, attachment_pk):
    """A Vedlegg of a case: the uploaded PDF, or the PDF of the application as it was sent in."""
    case = access_case(request.user, pk)
    attachment = get_object_or_404(
        CaseAttachment.objects.select_related("application"), pk=attachment_pk, case=case
    )
    if attachment.file:
        field, content_type = attachment.file, attachment.content_type or "application/pdf"
    elif attachment.application_id:
        from applications.models import ApplicationVersion

        # The last submitted version, as in the meeting packet (documents.attachment_items).
        version = (
            ApplicationVersion.objects.filter(application_id=attachment.application_id)
            .order_by("-number")
            .first()
        )
        if version is None or version.pdf_status != ApplicationVersion.PdfStatus.READY or not version.pdf:
            raise Http404
        field, content_type = version.pdf, "application/pdf"
    else:
        raise Http404
    extension = ".pdf" if content_type == "application/pdf" else ""
    return file_download(
        field,
        safe_display_name(attachment.title, extension),
        content_type,
        request=request,
        target=case,
        action="case.attachment_download",
    )
