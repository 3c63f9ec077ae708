"""Thin tasks: load by id, call one piece of work, retry with back-off on failure."""

import logging

from celery import Task, shared_task
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from core.pdf import render_template_to_pdf

from .forwarding import build_package
from .models import ApplicationVersion, ForwardingPackage

log = logging.getLogger(__name__)


class RendersSubmissionPdf(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        """All retries used up: say so on the receipt page instead of showing progress forever."""
        log.error("PDF for application version %s failed: %s", args[0], exc)
        ApplicationVersion.objects.filter(pk=args[0], pdf_status=ApplicationVersion.PdfStatus.PENDING).update(
            pdf_status=ApplicationVersion.PdfStatus.FAILED
        )


@shared_task(
    base=RendersSubmissionPdf,
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=5,
    acks_late=True,
)
def render_submission_pdf(self, version_id: int, send_receipt: bool = True) -> None:
    """Render the PDF copy of a submitted version and, once, e-mail the receipt with it."""
    version = ApplicationVersion.objects.select_related("application__round", "submitted_by").get(
        pk=version_id
    )
    if version.pdf_status != ApplicationVersion.PdfStatus.READY or not version.pdf:
        with override("nb"):
            pdf_bytes = render_template_to_pdf(
                "pdf/application.html", {"snapshot": version.snapshot, "version": version}
            )
        version.pdf.save(
            f"soknad-{version.application_id}-v{version.number}.pdf", ContentFile(pdf_bytes), save=False
        )
        version.pdf_status = ApplicationVersion.PdfStatus.READY
        version.save(update_fields=["pdf", "pdf_status"])
    if send_receipt:
        send_submission_receipt(version.pk)


def send_submission_receipt(version_id: int) -> None:
    """Sends at most once: the row is locked and marked in the same transaction as the send."""
    with transaction.atomic():
        version = (
            ApplicationVersion.objects.select_for_update(of=("self",))
            .select_related("application__round", "submitted_by")
            .get(pk=version_id)
        )
        if version.receipt_sent_at or not version.submitted_by or not version.submitted_by.email:
            return
        application = version.application
        with override("nb"):
            context = {
                "version": version,
                "application": application,
                "url": settings.SITE_URL + reverse("applications:detail", args=[application.pk]),
            }
            subject = _("Kvittering: %(title)s er mottatt") % {"title": application.title}
            text = render_to_string("applications/email/receipt.txt", context)
            html = render_to_string("applications/email/receipt.html", context)
        message = EmailMultiAlternatives(subject, text, to=[version.submitted_by.email])
        message.attach_alternative(html, "text/html")
        version.pdf.open("rb")
        try:
            message.attach(
                f"{application.reference}-v{version.number}.pdf", version.pdf.read(), "application/pdf"
            )
        finally:
            version.pdf.close()
        message.send()
        version.receipt_sent_at = timezone.now()
        version.save(update_fields=["receipt_sent_at"])
    log.info("Receipt for application %s v%s sent", application.pk, version.number)


class BuildsForwardingPackage(Task):
    def on_failure(self, exc, task_id, args, kwargs, einfo):
        log.error("Forwarding package %s failed: %s", args[0], exc)
        ForwardingPackage.objects.filter(pk=args[0]).exclude(status=ForwardingPackage.Status.READY).update(
            status=ForwardingPackage.Status.FAILED, finished_at=timezone.now()
        )


@shared_task(
    base=BuildsForwardingPackage,
    bind=True,
    autoretry_for=(Exception,),
    retry_backoff=True,
    retry_backoff_max=300,
    max_retries=3,
    acks_late=True,
    soft_time_limit=600,
    time_limit=660,
)
def build_forwarding_package(self, package_id: int) -> None:
    """Build the ZIP for Helse Nord, counting steps so the page can show progress."""
    package = ForwardingPackage.objects.select_related("prioritisation__round__health_community").get(
        pk=package_id
    )
    if package.status == ForwardingPackage.Status.READY:
        return
    ForwardingPackage.objects.filter(pk=package_id).update(
        status=ForwardingPackage.Status.BUILDING, steps_done=0
    )

    def progress():
        ForwardingPackage.objects.filter(pk=package_id).update(steps_done=F("steps_done") + 1)

    build_package(package, progress)
    package.status = ForwardingPackage.Status.READY
    package.finished_at = timezone.now()
    package.save(update_fields=["file", "size_bytes", "status", "finished_at"])
    log.info("Forwarding package %s ready (%s bytes)", package.pk, package.size_bytes)
