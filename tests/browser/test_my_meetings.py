"""A member of the SSU opens «Mine møter», a published meeting and a case paper, and downloads the
whole meeting packet, which a real Celery worker renders while the page polls; a member of an FSU
gets 404 on the same meeting, case and packet."""

import datetime as dt
import re

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from committees.models import CaseAttachment
from tests.browser.conftest import login as browser_login
from tests.committees import world
from tests.factories import MINIMAL_PDF

pytestmark = [pytest.mark.browser, pytest.mark.worker]

TITLE = "Handlingsplan for helsefellesskapet – ærlig, åpen og grønn"


def login(page, base, email):
    browser_login(page, base, email, world.PASSWORD)


def test_member_reads_a_case_and_downloads_the_packet_others_get_404(live_server, celery_worker, page):
    base = live_server.url
    ssu = world.ssu()
    secretary = world.secretary()
    world.member(ssu, "ssu.medlem@example.no", "Vefsn kommune", first_name="Vera")
    world.member(world.fsu(), "fsu.medlem@example.no", "Rana kommune", first_name="Frida")
    # Given a published SSU meeting with an ordinary case (and its Vedlegg) and the standing cases
    meeting = world.meeting(ssu, secretary, timezone.localdate() + dt.timedelta(days=14), published=True)
    case = world.case(meeting, secretary, title=TITLE)
    attachment = CaseAttachment(
        case=case, order=1, title="Handlingsplan 2027–2030", content_type="application/pdf"
    )
    attachment.file.save("handlingsplan.pdf", ContentFile(MINIMAL_PDF), save=True)
    world.publish_all(meeting, secretary)
    date = meeting.date.strftime("%d.%m.%Y")

    # When the SSU member opens «Mine møter» from the menu
    login(page, base, "ssu.medlem@example.no")
    page.get_by_role("link", name="Mine møter").click()
    expect(page.get_by_role("heading", name="Mine møter", level=1)).to_be_visible()
    upcoming = page.get_by_role("table", name="Kommende møter i utvalgene dine, det første først")
    expect(upcoming).to_contain_text("Strategisk samarbeidsutvalg")

    # … opens the meeting
    upcoming.get_by_role("link", name=date).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Strategisk samarbeidsutvalg: møte {date}")
    agenda = page.get_by_role("table", name="Sakene i den rekkefølgen de behandles i møtet")
    expect(agenda.locator("tbody tr th")).to_have_text(
        ["Godkjenning av innkalling og saksliste", TITLE, "Orienteringer fra sekretariatet", "Eventuelt"]
    )

    # … and reads the case paper as HTML
    agenda.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Sak {case.reference}: {TITLE}")
    expect(page.locator("ol.recommendation li")).to_have_text(
        ["SSU vedtar handlingsplanen.", "Sekretariatet følger opp tiltakene."]
    )
    expect(page.get_by_role("heading", name="Saksopplysninger")).to_be_visible()
    expect(page.get_by_role("heading", name="Vurdering")).to_be_visible()
    expect(page.get_by_role("link", name="Handlingsplan 2027–2030")).to_be_visible()
    expect(page.get_by_text("Du er inhabil i denne saken")).to_have_count(0)

    # When the member asks for the whole packet, it is being made and the page polls
    page.get_by_role("link", name=f"Møte {date}").click()
    page.get_by_role("link", name="Hele møtepakken (PDF)").click()
    expect(page.get_by_text("PDF-en lages …")).to_be_visible()

    # Then the worker renders it, the link appears, and the download is a PDF
    download_link = page.get_by_role("link", name="Last ned hele møtepakken (PDF)")
    download_link.wait_for(timeout=120_000)
    with page.expect_download() as download_info:
        download_link.click()
    with open(download_info.value.path(), "rb") as downloaded:
        assert downloaded.read(5) == b"%PDF-"
    assert re.match(
        r"Møtepakke Strategisk samarbeidsutvalg \d\d\.\d\d\.\d{4}\.pdf",
        download_info.value.suggested_filename,
    )

    # A member of an FSU gets 404 on the SSU's meeting, case and packet
    page.get_by_role("button", name="Logg ut").click()
    login(page, base, "fsu.medlem@example.no")
    for name, pk in [
        ("committees:member_meeting", meeting.pk),
        ("committees:member_case", case.pk),
        ("committees:packet", meeting.pk),
    ]:
        response = page.goto(f"{base}{reverse(name, args=[pk])}")
        assert response.status == 404, name
    # … and the SSU's meeting is not among theirs
    page.goto(f"{base}{reverse('committees:my_meetings')}")
    expect(page.get_by_text("Strategisk samarbeidsutvalg")).to_have_count(0)
