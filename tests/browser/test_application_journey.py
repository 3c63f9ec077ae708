"""A municipal applicant writes an application through every step, uploads a budget, the
hospital contact confirms, the applicant submits and sees the receipt, and the receipt PDF
(rendered by a real Celery worker) holds the title with æ, ø and å intact."""

import io
import re

import pytest
from django.core import mail
from pypdf import PdfReader

from applications.models import Application
from tests.browser.conftest import login as browser_login
from tests.factories import MINIMAL_PDF, RoundFactory, UserFactory, org

pytestmark = [pytest.mark.browser, pytest.mark.worker]

TITLE = "Kartleggingsteam på Helgeland – ærlig, åpen og grønn øvelse"
PASSWORD = "passord-for-test-123"


def login(page, base, email):
    browser_login(page, base, email, PASSWORD)


def logout(page):
    page.get_by_role("button", name="Logg ut").click()


def save_and_next(page):
    page.get_by_role("button", name="Lagre og gå videre").click()


def test_applicant_writes_partner_confirms_applicant_submits(live_server, page, celery_worker, tmp_path):
    base = live_server.url
    RoundFactory(title="RS-tilskudd 2027")
    UserFactory(email="soker.rana@example.no", first_name="Kari", organisations=[org("Rana kommune")])
    UserFactory(
        email="soker.hsyk@example.no", first_name="Per", organisations=[org("Helgelandssykehuset HF")]
    )

    # Given a municipal applicant on the front page
    login(page, base, "soker.rana@example.no")
    page.get_by_role("button", name="Ny søknad").click()

    # Step 1: basics
    page.get_by_label("Navn på prosjekt/pilot").fill(TITLE)
    page.get_by_label("Alstahaug kommune").first.check()  # supporting municipalities come second
    supporting = page.locator("#div_id_supporting_municipalities")
    supporting.get_by_label("Vefsn kommune").check()
    page.get_by_label("Forankret i FSU").select_option(index=1)
    save_and_next(page)

    # Step 2: contact persons on both sides
    page.get_by_label("Side").first.select_option("kommune")
    page.locator("#id_contacts-0-name").fill("Kari Kommunesen")
    page.locator("#id_contacts-0-email").fill("kari@example.no")
    page.get_by_role("button", name="Legg til rad").click()
    page.locator("#id_contacts-1-side").select_option("helseforetak")
    page.locator("#id_contacts-1-name").fill("Per Sykehusvik")
    save_and_next(page)

    # Step 3: description
    page.get_by_label("Kort beskrivelse av prosjektet/piloten").fill(
        "Et tverrfaglig team kartlegger behov før utskrivning."
    )
    save_and_next(page)

    # Step 4: benefits with one row of the nytteskjema
    page.get_by_label("Hvilken nytte forventes?").fill("Færre overliggerdøgn.")
    page.locator("#id_benefits-0-benefit").fill("Helsegevinst")
    page.locator("#id_benefits-0-beneficiary").fill("Pasienter og pårørende")
    save_and_next(page)

    # Step 5: purpose, priority groups, innsatsområder
    page.get_by_label("Hvordan støtter tiltaket formålet med tilskuddsordningen?").fill(
        "Styrker samhandlingen."
    )
    page.get_by_label("Skrøpelige eldre").check()
    page.get_by_label("Gode og sammenhengende pasientforløp").check()
    save_and_next(page)

    # Step 6: budget — first a bad amount, which is kept and explained at the field
    page.get_by_label("Omsøkt beløp (kr)").fill("fire millioner")
    page.locator("#id_budget-0-cost_item").fill("Lønn prosjektleder")
    page.locator("#id_budget-0-period").fill("2027")
    page.locator("#id_budget-0-amount_nok").fill("9 315 000")
    save_and_next(page)
    assert page.get_by_text("Skriv beløpet i hele kroner").first.is_visible()
    assert page.get_by_label("Omsøkt beløp (kr)").input_value() == "fire millioner"
    page.get_by_label("Omsøkt beløp (kr)").fill("kr 4 657 500,-")
    save_and_next(page)

    # Step 7: patient responsibility and digital solutions (optional) — straight on
    save_and_next(page)

    # Step 8: project plan with a milestone
    page.get_by_label("Prosjektplan, inkludert evalueringspunkter").fill("Oppstart, kartlegging, evaluering.")
    page.locator("#id_milestones-0-title").fill("Oppstart")
    page.locator("#id_milestones-0-due_quarter").fill("Q1 2027")
    save_and_next(page)

    # Step 9: involvement and a risk
    page.get_by_label("Involvering av brukere, tillitsvalgte og vernetjenesten").fill("Brukerrådet deltar.")
    page.locator("#id_risks-0-factor").fill("Rekruttering")
    page.locator("#id_risks-0-level").select_option("middels")
    save_and_next(page)

    # Attachments: upload the budget
    budget = tmp_path / "Budsjett kartleggingsteam.pdf"
    budget.write_bytes(MINIMAL_PDF)
    page.get_by_label("Type vedlegg").select_option("budget")
    page.get_by_label("Fil").set_input_files(str(budget))
    page.get_by_role("button", name="Last opp").click()
    assert page.get_by_role("link", name="Budsjett kartleggingsteam.pdf").is_visible()
    page.get_by_role("link", name="Gå til kontroll og innsending").click()
    assert page.get_by_text("Partneren har ikke bekreftet samarbeidet").is_visible()
    assert page.get_by_role("button", name="Send inn søknaden").count() == 0
    application = Application.objects.get()
    logout(page)

    # When the hospital contact confirms the joint application
    login(page, base, "soker.hsyk@example.no")
    page.get_by_role("link", name=TITLE).click()
    page.get_by_role("button", name="Bekreft at vi deltar i den felles søknaden").click()
    assert page.get_by_text("Samarbeidet er bekreftet av").first.is_visible()
    logout(page)

    # Then the applicant can submit and sees the receipt
    login(page, base, "soker.rana@example.no")
    page.goto(f"{base}{application.get_absolute_url()}")
    page.get_by_role("button", name="Send inn søknaden").click()
    page.wait_for_url(re.compile(r"/kvittering/1/$"))
    assert page.get_by_role("heading", name="Søknaden er mottatt").is_visible()

    # The real worker renders the PDF; the page polls and offers it when ready.
    download_link = page.get_by_role("link", name="Last ned PDF-kopi av søknaden")
    download_link.wait_for(timeout=60_000)
    with page.expect_download() as download_info:
        download_link.click()
    pdf_bytes = open(download_info.value.path(), "rb").read()
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf_bytes)).pages)
    assert TITLE in text.replace("\n", " ")
    assert "4 657 500" in text.replace("\xa0", " ")

    application.refresh_from_db()
    assert application.status == Application.Status.RECEIVED
    assert application.versions.get().pdf_status == "ready"
    receipts = [m for m in mail.outbox if TITLE in m.subject]
    assert len(receipts) == 1, [(m.subject, m.to) for m in mail.outbox]
    assert receipts[0].to == ["soker.rana@example.no"]
    assert receipts[0].attachments[0][2] == "application/pdf"
