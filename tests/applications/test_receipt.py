"""The receipt: a PDF copy rendered by the Celery task (WeasyPrint, for real) and one e-mail."""

import io

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfReader

from applications.services import application_confirm_partnership, application_submit
from applications.tasks import render_submission_pdf, send_submission_receipt
from tests.factories import MINIMAL_PDF


@pytest.mark.django_db
def test_task_renders_pdf_with_norwegian_letters_and_sends_receipt_once(
    complete_application, rana_applicant, hospital_user
):
    application_confirm_partnership(application=complete_application, actor=hospital_user)
    version = application_submit(application=complete_application, actor=rana_applicant, notify=False)

    render_submission_pdf(version.pk, send_receipt=True)  # runs the task body in this process
    render_submission_pdf(version.pk, send_receipt=True)  # a retry or a second delivery
    send_submission_receipt(version.pk)

    version.refresh_from_db()
    assert version.pdf_status == "ready"
    text = " ".join(p.extract_text() for p in PdfReader(version.pdf.open("rb")).pages).replace("\n", " ")
    assert complete_application.title in text
    assert "4 657 500" in text.replace("\xa0", " ")
    assert len(mail.outbox) == 1
    receipt = mail.outbox[0]
    assert receipt.to == [rana_applicant.email]
    assert receipt.subject == f"Kvittering: {complete_application.title} er mottatt"
    name, content, mimetype = receipt.attachments[0]
    assert mimetype == "application/pdf" and name.endswith("-v1.pdf")
    assert complete_application.title in PdfReader(io.BytesIO(content)).pages[0].extract_text().replace(
        "\n", " "
    )
    assert receipt.alternatives[0][1] == "text/html"


@pytest.mark.django_db
def test_pdf_download_after_render(client, complete_application, rana_applicant, hospital_user):
    application_confirm_partnership(application=complete_application, actor=hospital_user)
    version = application_submit(application=complete_application, actor=rana_applicant, notify=False)
    client.force_login(rana_applicant)
    url = reverse("applications:version_pdf", args=[complete_application.pk, 1])
    # Not rendered yet: the receipt page says it is being made and polls.
    assert client.get(url).status_code == 302
    page = client.get(reverse("applications:receipt", args=[complete_application.pk, 1])).content.decode()
    assert "PDF-kopien lages" in page and 'hx-trigger="every 2s"' in page
    render_submission_pdf(version.pk, send_receipt=False)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_uploaded_name_never_becomes_a_path(client, complete_application, rana_applicant):
    client.force_login(rana_applicant)
    upload = SimpleUploadedFile("../../etc/passwd.pdf", MINIMAL_PDF, content_type="text/html")
    response = client.post(
        reverse("applications:attachments", args=[complete_application.pk]), {"kind": "other", "file": upload}
    )
    assert response.status_code == 302
    attachment = complete_application.attachments.get(kind="other")
    assert attachment.original_name == "passwd.pdf"
    assert attachment.content_type == "application/pdf"  # from the content, not the browser's claim
    assert attachment.file.name.startswith(f"attachments/{complete_application.pk}/")
    assert ".." not in attachment.file.name and "passwd" not in attachment.file.name
    download = client.get(reverse("applications:attachment", args=[complete_application.pk, attachment.pk]))
    assert download["Content-Disposition"] == 'attachment; filename="passwd.pdf"'


@pytest.mark.django_db
def test_a_pdf_that_keeps_failing_is_shown_as_failed_not_as_progress(
    client, complete_application, rana_applicant, hospital_user
):
    application_confirm_partnership(application=complete_application, actor=hospital_user)
    version = application_submit(application=complete_application, actor=rana_applicant, notify=False)
    # What Celery calls once the last retry has failed.
    render_submission_pdf.on_failure(RuntimeError("fontconfig"), "task-id", (version.pk,), {}, None)
    version.refresh_from_db()
    assert version.pdf_status == "failed"
    client.force_login(rana_applicant)
    page = client.get(reverse("applications:receipt", args=[complete_application.pk, 1])).content.decode()
    assert "PDF-kopien kunne ikke lages. Søknaden er likevel mottatt" in page
    assert "hx-trigger" not in page
