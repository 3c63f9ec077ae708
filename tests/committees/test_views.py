"""The committee pages, through the views as a browser posts them:

* a new meeting gets its standing cases, numbered in agenda order; bad input is refused at the
  field with everything typed kept;
* a new case goes in before «Orienteringer fra sekretariatet» and «Eventuelt»; move up/down;
* publishing is refused while «Kr. X» is left (at the field, text kept, status 400), then works;
* postponing to a later meeting keeps the number; «Vedta innstillingen» adopts the Innstilling;
* a vote for an inhabil member is refused with the reason; a member declares themselves inhabil;
* attachments: PDF only;
* the protocol: attendance, approval refused while cases are open, then approved;
* the prioritisation case made from the frozen board, decided, which unlocks forwarding;
* the public page: no e-mail addresses or phone numbers, exempt cases by number and title only;
* the case and protocol PDFs rendered by a real worker and downloaded.
"""

import datetime as dt
import io
import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from applications import prioritisation as board
from applications.models import Application, Prioritisation
from committees import services
from committees.models import (
    Attendance,
    Case,
    CaseAttachment,
    CaseNumberSequence,
    CommitteeMembership,
    InhabilDeclaration,
    Meeting,
    Vote,
)
from committees.views_public import redact_contacts
from core.models import AuditEvent
from tests.committees import world
from tests.factories import MINIMAL_PDF, RoundFactory, make_application, org

S = Application.Status
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + b"\x00" * 32


@pytest.fixture
def ssu(db):
    return world.ssu()


@pytest.fixture
def secretary(db):
    return world.secretary(first_name="Siri", last_name="Sekretær")


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def meeting(ssu, secretary):
    return world.meeting(ssu, secretary)


def case_data(case, **changes) -> dict:
    """The case form as the page posts it."""
    data = {
        "title": case.title,
        "kind": case.kind,
        "meeting": case.meeting_id or "",
        "recommendation": case.recommendation,
        "background": case.background,
        "assessment": case.assessment,
        "exemption_basis": case.exemption_basis,
        "action": "save",
    }
    if case.exempt_from_public:
        data["exempt_from_public"] = "on"
    data.update(changes)
    return data


def fresh(obj):
    obj.refresh_from_db()
    return obj


# --- Meetings -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_new_meeting_gets_the_standing_cases_numbered_in_agenda_order(secretary_client, ssu, secretary):
    # Given a committee that has had cases this year (the sequence is at 22)
    day = timezone.localdate() + dt.timedelta(days=30)
    CaseNumberSequence.objects.create(committee=ssu, year=day.year, last_number=22)

    # When the secretary makes a meeting
    response = secretary_client.post(
        reverse("committees:meeting_create", args=[ssu.pk]),
        {
            "kind": Meeting.Kind.ORDINARY,
            "date": day.isoformat(),
            "starts_at": "09:00",
            "ends_at": "15:30",
            "place": "Mosjøen, rådhuset",
            "video_link": "https://teams.example.no/m/123",
        },
    )

    # Then it has the three standing cases, numbered 23, 24, 25 in agenda order
    meeting = Meeting.objects.get()
    assert response.status_code == 302 and response["Location"] == meeting.get_absolute_url()
    assert (meeting.committee, meeting.date, meeting.place) == (ssu, day, "Mosjøen, rådhuset")
    assert meeting.notice_published_at is None
    cases = list(meeting.cases.order_by("agenda_order"))
    assert [(c.reference, c.title, c.kind, c.standing, c.status) for c in cases] == [
        (
            f"23-{day.year}",
            "Godkjenning av innkalling og saksliste",
            Case.Kind.DECISION,
            Case.Standing.AGENDA,
            Case.Status.DRAFT,
        ),
        (
            f"24-{day.year}",
            "Orienteringer fra sekretariatet",
            Case.Kind.INFORMATION,
            Case.Standing.ORIENTATIONS,
            Case.Status.DRAFT,
        ),
        (
            f"25-{day.year}",
            "Eventuelt",
            Case.Kind.INFORMATION,
            Case.Standing.OTHER_BUSINESS,
            Case.Status.DRAFT,
        ),
    ]
    assert cases[0].recommendation == "Innkalling og saksliste godkjennes."
    assert AuditEvent.objects.filter(action="meeting.create", target_id=meeting.pk, actor=secretary).exists()
    # And the meeting page shows the saksliste in that order
    page = secretary_client.get(meeting.get_absolute_url()).content.decode()
    positions = [page.index(c.title) for c in cases]
    assert positions == sorted(positions)
    assert "Publiser innkallingen" in page


@pytest.mark.django_db
def test_new_meeting_with_bad_input_is_refused_at_the_fields_and_keeps_what_was_typed(secretary_client, ssu):
    url = reverse("committees:meeting_create", args=[ssu.pk])
    response = secretary_client.post(
        url,
        {
            "kind": Meeting.Kind.ORDINARY,
            "date": "31.02.2027",
            "starts_at": "14:00",
            "ends_at": "13:00",
            "place": "",
            "video_link": "ikke en lenke",
        },
    )
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["date"] == ["Skriv datoen som dd.mm.åååå, for eksempel 09.09.2027."]
    assert errors["ends_at"] == ["Møtet må slutte etter at det begynner."]
    assert errors["video_link"] == ["Skriv hele nettadressen, for eksempel https://teams.microsoft.com/…"]
    content = response.content.decode()
    assert 'id="error_1_id_ends_at"' in content and 'value="ikke en lenke"' in content
    assert 'value="31.02.2027"' in content
    # Neither a place nor a video link; and no date at all
    response = secretary_client.post(url, {"kind": Meeting.Kind.ORDINARY, "date": "", "starts_at": "09:00"})
    assert response.status_code == 400
    assert response.context["form"].errors["place"] == [
        "Skriv inn stedet for møtet, eller en lenke til videomøte."
    ]
    assert response.context["form"].errors["date"] == ["Skriv inn datoen for møtet."]
    assert not Meeting.objects.exists() and not Case.objects.exists()


@pytest.mark.django_db
def test_new_case_goes_before_the_orientations_and_eventuelt_and_can_be_moved(
    secretary_client, meeting, secretary
):
    year = meeting.date.year
    # When the secretary adds two cases
    add = reverse("committees:case_add", args=[meeting.pk])
    response = secretary_client.post(add, {"title": "Handlingsplan 2027", "kind": Case.Kind.DECISION})
    first = Case.objects.get(title="Handlingsplan 2027")
    assert response.status_code == 302 and response["Location"] == first.get_absolute_url()
    secretary_client.post(add, {"title": "Status fra FSU rehabilitering", "kind": Case.Kind.INFORMATION})
    second = Case.objects.get(title="Status fra FSU rehabilitering")

    # Then they get the next numbers and stand before «Orienteringer fra sekretariatet» and «Eventuelt»
    assert (first.reference, second.reference) == (f"4-{year}", f"5-{year}")
    assert second.kind == Case.Kind.INFORMATION
    assert world.agenda_titles(meeting) == [
        "Godkjenning av innkalling og saksliste",
        "Handlingsplan 2027",
        "Status fra FSU rehabilitering",
        "Orienteringer fra sekretariatet",
        "Eventuelt",
    ]

    # When the second is moved up
    move = reverse("committees:case_move", args=[second.pk])
    response = secretary_client.post(move, {"direction": "up"})
    assert response.status_code == 302
    assert world.agenda_titles(meeting)[1:3] == ["Status fra FSU rehabilitering", "Handlingsplan 2027"]
    # It cannot pass the approval of the agenda, and «Eventuelt» does not move
    response = secretary_client.post(move, {"direction": "up"}, follow=True)
    assert "Saken står allerede øverst." in response.content.decode()
    eventuelt = meeting.cases.get(standing=Case.Standing.OTHER_BUSINESS)
    response = secretary_client.post(
        reverse("committees:case_move", args=[eventuelt.pk]), {"direction": "up"}, follow=True
    )
    assert "Eventuelt alltid sist" in response.content.decode()
    assert world.agenda_titles(meeting)[-1] == "Eventuelt"
    # «Orienteringer» may move up among the ordinary cases
    orientations = meeting.cases.get(standing=Case.Standing.ORIENTATIONS)
    secretary_client.post(reverse("committees:case_move", args=[orientations.pk]), {"direction": "up"})
    assert world.agenda_titles(meeting)[2:] == [
        "Orienteringer fra sekretariatet",
        "Handlingsplan 2027",
        "Eventuelt",
    ]

    # A case without a title is refused at the field
    response = secretary_client.post(add, {"title": "", "kind": Case.Kind.DECISION})
    assert response.status_code == 400
    assert response.context["case_form"].errors["title"] == ["Skriv inn en tittel på saken."]
    assert meeting.cases.count() == 5


@pytest.mark.django_db
def test_publish_is_refused_while_a_placeholder_is_left_and_the_text_is_kept(
    secretary_client, meeting, secretary
):
    case = world.case(meeting, secretary)
    url = reverse("committees:case", args=[case.pk])
    typed = "SSU tildeler Kr. X til prosjektet.\nSekretariatet følger opp."

    # When the secretary publishes with «Kr. X» in the Innstilling
    response = secretary_client.post(url, case_data(case, recommendation=typed, action="publish"))

    # Then it is refused at the Innstilling, with the text as typed, and the case stays a draft
    assert response.status_code == 400
    errors = response.context["form"].errors["recommendation"]
    assert len(errors) == 1
    assert errors[0].startswith(
        "Saken kan ikke publiseres før alt er fylt inn. Rett dette: Innstilling: «Kr. X»"
    )
    content = response.content.decode()
    assert 'id="error_1_id_recommendation"' in content
    assert "SSU tildeler Kr. X til prosjektet." in content
    assert fresh(case).status == Case.Status.DRAFT
    assert "Endringene er lagret, men saken er ikke publisert." in content

    # When the amount is filled in, it is published
    response = secretary_client.post(
        url, case_data(case, recommendation="SSU tildeler kr 500 000 til prosjektet.", action="publish")
    )
    assert response.status_code == 302
    case = fresh(case)
    assert case.status == Case.Status.PUBLISHED and case.published_at is not None
    assert case.recommendation_points == ["SSU tildeler kr 500 000 til prosjektet."]

    # A decision case without an Innstilling cannot be published either
    other = world.case(meeting, secretary, title="Tom sak", recommendation="")
    response = secretary_client.post(
        reverse("committees:case", args=[other.pk]), case_data(other, action="publish")
    )
    assert response.status_code == 400
    assert response.context["form"].errors["recommendation"] == ["En beslutningssak må ha en innstilling."]


@pytest.mark.django_db
def test_exempt_case_needs_a_legal_basis(secretary_client, meeting, secretary):
    case = world.case(meeting, secretary)
    url = reverse("committees:case", args=[case.pk])
    response = secretary_client.post(url, case_data(case, exempt_from_public="on", exemption_basis=""))
    assert response.status_code == 400
    assert response.context["form"].errors["exemption_basis"] == [
        "Oppgi hjemmelen for å unnta saken fra offentlighet."
    ]
    response = secretary_client.post(
        url, case_data(case, exempt_from_public="on", exemption_basis="offl. § 13")
    )
    assert response.status_code == 302
    assert (fresh(case).exempt_from_public, case.exemption_basis) == (True, "offl. § 13")


@pytest.mark.django_db
def test_postponing_to_a_later_meeting_keeps_the_number(secretary_client, ssu, meeting, secretary):
    later = world.meeting(ssu, secretary, meeting.date + dt.timedelta(days=28))
    case = world.case(meeting, secretary, publish=True)
    reference = case.reference

    response = secretary_client.post(
        reverse("committees:case_postpone", args=[case.pk]), {"meeting": later.pk}
    )

    assert response.status_code == 302
    case = fresh(case)
    assert (case.reference, case.meeting, case.status) == (reference, later, Case.Status.POSTPONED)
    # On the later meeting it stands before the orientations and Eventuelt
    assert world.agenda_titles(later) == [
        "Godkjenning av innkalling og saksliste",
        case.title,
        "Orienteringer fra sekretariatet",
        "Eventuelt",
    ]
    # And it can be published again there, still with its number
    response = secretary_client.post(
        reverse("committees:case", args=[case.pk]), case_data(case, action="publish")
    )
    assert response.status_code == 302
    assert (fresh(case).status, case.reference) == (Case.Status.PUBLISHED, reference)
    # An earlier meeting is not offered, and refused if posted
    response = secretary_client.post(
        reverse("committees:case_postpone", args=[case.pk]), {"meeting": meeting.pk}
    )
    assert response.status_code == 400
    assert "meeting" in response.context["postpone_form"].errors
    assert fresh(case).meeting == later


@pytest.mark.django_db
def test_vedta_innstillingen_adopts_the_innstilling(secretary_client, meeting, secretary):
    case = world.case(meeting, secretary, publish=True)
    page = secretary_client.get(reverse("committees:case", args=[case.pk])).content.decode()
    assert "Vedta innstillingen" in page

    response = secretary_client.post(reverse("committees:case_decide", args=[case.pk]), {"action": "adopt"})

    assert response.status_code == 302
    case = fresh(case)
    assert case.status == Case.Status.DECIDED and case.decided_at is not None
    assert case.decision == case.recommendation
    assert case.decision_points == ["SSU vedtar handlingsplanen.", "Sekretariatet følger opp tiltakene."]
    # Deciding twice is refused
    response = secretary_client.post(reverse("committees:case_decide", args=[case.pk]), {"action": "adopt"})
    assert response.status_code == 400
    assert (
        'id="case-refusal"><p class="mb-0">Bare publiserte saker kan behandles.</p>'
        in response.content.decode()
    )


@pytest.mark.django_db
def test_a_different_vedtak_can_be_written(secretary_client, meeting, secretary):
    case = world.case(meeting, secretary, publish=True)
    url = reverse("committees:case_decide", args=[case.pk])
    response = secretary_client.post(url, {"action": "write", "decision": "  "})
    assert response.status_code == 400
    assert response.context["decision_form"].errors["decision"] == ["Skriv vedtaket."]
    response = secretary_client.post(url, {"action": "write", "decision": "SSU utsetter planen til høsten."})
    assert response.status_code == 302
    assert fresh(case).decision == "SSU utsetter planen til høsten."


@pytest.fixture
def case_with_rana_application(ssu, meeting, secretary):
    """A published case with Rana kommune's application as an attachment: Rana is a party."""
    application = make_application(
        round=RoundFactory(), lead=org("Rana kommune"), title="Kartleggingsteam Rana"
    )
    case = world.case(meeting, secretary, title="Søknad fra Rana kommune")
    CaseAttachment.objects.create(case=case, order=1, title="Søknad fra Rana", application=application)
    return services.case_publish(case=case, actor=secretary)


@pytest.mark.django_db
def test_a_vote_for_an_inhabil_member_is_refused_with_the_reason(
    secretary_client, ssu, case_with_rana_application
):
    case = case_with_rana_application
    inhabil = world.member(ssu, "medlem.rana@example.no", "Rana kommune", first_name="Rita", last_name="Rana")
    habil = world.member(
        ssu, "medlem.vefsn@example.no", "Vefsn kommune", first_name="Vera", last_name="Vefsn"
    )
    url = reverse("committees:case_vote", args=[case.pk])

    # The case page marks the member from Rana as inhabil
    page = secretary_client.get(reverse("committees:case", args=[case.pk])).content.decode()
    assert "Part i saken: Rana kommune søker." in page

    # A vote for her is refused with the reason, at her row
    response = secretary_client.post(url, {"member": inhabil.pk, "choice": Vote.Choice.FOR})
    assert response.status_code == 400
    message = "Rita Rana er inhabil i saken og kan ikke stemme. Part i saken: Rana kommune søker."
    assert response.context["vote_form"].errors["choice"] == [message]
    assert f'id="vote-{inhabil.pk}-choice-error">{message}</div>' in response.content.decode()
    assert not Vote.objects.exists()

    # The member from Vefsn votes
    response = secretary_client.post(url, {"member": habil.pk, "choice": Vote.Choice.AGAINST})
    assert response.status_code == 302
    assert list(Vote.objects.values_list("user_id", "choice")) == [(habil.pk, Vote.Choice.AGAINST)]
    # Someone without a seat cannot be given a vote
    outsider = world.applicant()
    response = secretary_client.post(url, {"member": outsider.pk, "choice": Vote.Choice.FOR})
    assert response.status_code == 400
    assert Vote.objects.count() == 1


@pytest.mark.django_db
def test_a_member_sees_why_they_are_inhabil_and_can_declare_it(
    client, secretary_client, ssu, meeting, secretary, case_with_rana_application
):
    rana_member = world.member(ssu, "medlem.rana@example.no", "Rana kommune")
    vefsn_member = world.member(
        ssu, "medlem.vefsn@example.no", "Vefsn kommune", first_name="Vera", last_name="V"
    )
    url = reverse("committees:member_case", args=[case_with_rana_application.pk])

    # The member from Rana is told automatically
    client.force_login(rana_member)
    page = client.get(url).content.decode()
    assert "Du er inhabil i denne saken:" in page and "Part i saken: Rana kommune søker." in page
    assert "Meld deg inhabil" not in page

    # The member from Vefsn is not, and declares it with a reason
    client.force_login(vefsn_member)
    page = client.get(url).content.decode()
    assert "Du er inhabil i denne saken:" not in page and "Meld deg inhabil" in page
    declare = reverse("committees:inhabil_declare", args=[case_with_rana_application.pk])
    response = client.post(declare, {"reason": ""})
    assert response.status_code == 400
    assert response.context["inhabil_form"].errors["reason"] == ["Skriv kort hvorfor du er inhabil i saken."]
    response = client.post(declare, {"reason": "Styreleder i prosjektet"}, follow=True)
    assert response.status_code == 200
    assert "Du er inhabil i denne saken:" in response.content.decode()
    assert "Meldt inhabil: Styreleder i prosjektet" in response.content.decode()
    declaration = InhabilDeclaration.objects.get()
    assert (declaration.user, declaration.reason) == (vefsn_member, "Styreleder i prosjektet")

    # So the secretariat cannot record a vote for her
    client.force_login(secretary)
    response = secretary_client.post(
        reverse("committees:case_vote", args=[case_with_rana_application.pk]),
        {"member": vefsn_member.pk, "choice": Vote.Choice.FOR},
    )
    assert response.status_code == 400
    assert "Meldt inhabil: Styreleder i prosjektet" in response.context["vote_form"].errors["choice"][0]
    # And the secretariat, holding no seat, cannot declare itself inhabil
    response = secretary_client.post(declare, {"reason": "Sekretær"})
    assert response.status_code == 400
    assert response.context["inhabil_form"].errors["reason"] == [
        "Bare medlemmer av utvalget kan melde seg inhabile."
    ]
    assert InhabilDeclaration.objects.count() == 1


# --- Attachments --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_attachments_are_pdf_only_and_can_be_removed(secretary_client, meeting, secretary):
    case = world.case(meeting, secretary)
    url = reverse("committees:attachment_add", args=[case.pk])

    response = secretary_client.post(
        url, {"title": "Bilde", "file": SimpleUploadedFile("bilde.png", PNG, content_type="image/png")}
    )
    assert response.status_code == 400
    assert response.context["attachment_form"].errors["file"] == [
        "Bare PDF kan legges ved saken. Lagre dokumentet som PDF og last det opp på nytt."
    ]
    response = secretary_client.post(
        url, {"title": "", "file": SimpleUploadedFile("Handlingsplan 2027.pdf", MINIMAL_PDF)}
    )
    assert response.status_code == 302
    attachment = CaseAttachment.objects.get(case=case)
    assert (attachment.title, attachment.order, attachment.content_type) == (
        "Handlingsplan 2027.pdf",
        1,
        "application/pdf",
    )
    download = secretary_client.get(reverse("committees:attachment", args=[case.pk, attachment.pk]))
    assert download.status_code == 200 and b"".join(download.streaming_content) == MINIMAL_PDF

    response = secretary_client.post(reverse("committees:attachment_delete", args=[case.pk, attachment.pk]))
    assert response.status_code == 302
    assert not CaseAttachment.objects.exists()


# --- The protocol -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_protocol_attendance_and_approval(secretary_client, ssu, secretary):
    # Given today's meeting with two members and one ordinary case
    today = world.meeting(ssu, secretary, timezone.localdate(), published=True)
    anna = world.member(ssu, "anna@example.no", "Vefsn kommune", first_name="Anna", last_name="Leder")
    per = world.member(ssu, "per@example.no", "Alstahaug kommune", first_name="Per", last_name="Medlem")
    case = world.case(today, secretary, publish=True)
    world.publish_all(today, secretary)
    seats = {m.user_id: m.pk for m in CommitteeMembership.objects.filter(committee=ssu)}
    url = reverse("committees:protocol", args=[today.pk])
    assert secretary_client.get(url).status_code == 200

    # Approval before attendance is recorded is refused
    response = secretary_client.post(reverse("committees:protocol_approve", args=[today.pk]), follow=True)
    assert "Registrer oppmøtet før protokollen godkjennes." in response.content.decode()

    # Attendance: a member left without a choice is refused at the row
    attendance = reverse("committees:attendance", args=[today.pk])
    response = secretary_client.post(attendance, {f"present_{seats[anna.pk]}": "present"})
    assert response.status_code == 400
    assert response.context["attendance_form"].errors[f"present_{seats[per.pk]}"] == [
        "Velg til stede eller forfall."
    ]
    response = secretary_client.post(
        attendance,
        {
            f"present_{seats[anna.pk]}": "present",
            f"present_{seats[per.pk]}": "absent",
            f"note_{seats[per.pk]}": "Sykdom",
        },
    )
    assert response.status_code == 302
    assert sorted(Attendance.objects.values_list("membership__user__email", "present", "note")) == [
        ("anna@example.no", True, ""),
        ("per@example.no", False, "Sykdom"),
    ]

    # Approval is refused while cases are not decided, postponed or withdrawn
    response = secretary_client.post(reverse("committees:protocol_approve", args=[today.pk]), follow=True)
    assert "Disse sakene er ikke behandlet, utsatt eller trukket:" in response.content.decode()
    assert fresh(today).protocol_approved_at is None

    # When every case is decided, the protocol shows the vedtak and is approved
    for open_case in today.cases.all():
        services.case_decide(case=open_case, actor=secretary)
    page = secretary_client.get(url).content.decode()
    assert "SSU vedtar handlingsplanen." in page and case.title in page
    response = secretary_client.post(reverse("committees:protocol_approve", args=[today.pk]), follow=True)
    assert "Protokollen er godkjent." in response.content.decode()
    today = fresh(today)
    assert today.protocol_approved_at is not None and today.protocol_approved_by == secretary
    # After approval, attendance is history
    response = secretary_client.post(
        attendance, {f"present_{seats[anna.pk]}": "absent", f"present_{seats[per.pk]}": "absent"}
    )
    assert response.status_code == 400
    assert "Protokollen er godkjent, og oppmøtet kan ikke endres." in response.content.decode()
    assert Attendance.objects.filter(present=True).count() == 1


@pytest.mark.django_db
def test_protocol_lists_inhabil_members_per_case(
    secretary_client, ssu, meeting, secretary, case_with_rana_application
):
    world.member(ssu, "medlem.rana@example.no", "Rana kommune", first_name="Rita", last_name="Rana")
    world.member(ssu, "medlem.vefsn@example.no", "Vefsn kommune", first_name="Vera", last_name="Vefsn")
    page = secretary_client.get(reverse("committees:protocol", args=[meeting.pk])).content.decode()
    section = page.split(f'id="protocol-case-{case_with_rana_application.pk}"')[1].split("</article>")[0]
    assert "Rita Rana: Part i saken: Rana kommune søker." in section
    assert "Vera Vefsn" not in section


# --- The prioritisation case from the board ----------------------------------------------------


@pytest.fixture
def frozen_round(secretary):
    """A round past its deadline with two assessed applications, frozen on the board."""
    deadline = timezone.localdate() - dt.timedelta(days=10)
    round_ = RoundFactory(
        title="RS-tilskudd 2027 Helgeland", opens_on=deadline - dt.timedelta(days=60), deadline=deadline
    )
    for lead, title, amount in (
        ("Rana kommune", "Kartleggingsteam Rana", 3_000_000),
        ("Vefsn kommune", "Rehabilitering i Vefsn", 2_000_000),
    ):
        application = make_application(round=round_, lead=org(lead), complete=True, title=title)
        application.status = S.ASSESSED
        application.submitted_at = application.last_submitted_at = timezone.now() - dt.timedelta(days=11)
        application.amount_applied_nok = amount
        application.save()
    prio = board.prioritisation_sync(round_)
    board.board_freeze(round_=round_, actor=secretary, version=prio.version)
    return round_


@pytest.mark.django_db
def test_the_frozen_board_makes_the_prioritisation_case_and_its_decision_unlocks_forwarding(
    secretary_client, ssu, secretary, frozen_round
):
    board_url = reverse("secretariat:board", args=[frozen_round.pk])
    # Given an SSU meeting today
    today = world.meeting(ssu, secretary, timezone.localdate(), published=True)

    # The frozen board offers «Lag prioriteringssak» on an SSU meeting instead of the manual form
    page = secretary_client.get(board_url).content.decode()
    assert "Lag prioriteringssak" in page and "Registrer SSU-vedtaket" not in page
    assert f'<option value="{today.pk}">' in page

    # When the secretary makes the case on that meeting
    response = secretary_client.post(
        reverse("committees:board_case", args=[frozen_round.pk]), {"meeting": today.pk}
    )

    # Then the generated case is on the meeting, before the orientations, with the applications
    case = Case.objects.get(generated=Case.Generated.PRIORITISATION)
    assert response.status_code == 302 and response["Location"] == case.get_absolute_url()
    assert case.meeting == today and case.status == Case.Status.DRAFT
    assert world.agenda_titles(today)[1] == case.title
    assert [a.application.title for a in case.attachments.all()] == [
        "Kartleggingsteam Rana",
        "Rehabilitering i Vefsn",
    ]
    # The board shows it, with a link
    page = secretary_client.get(board_url).content.decode()
    assert f"Prioriteringssaken er sak {case.reference} (Utkast)" in page
    assert case.get_absolute_url() in page and "Lag prioriteringssak" not in page
    # A second case is refused
    response = secretary_client.post(
        reverse("committees:board_case", args=[frozen_round.pk]), {"meeting": today.pk}, follow=True
    )
    assert "Det finnes allerede en prioriteringssak" in response.content.decode()

    # When it is published and «Vedta innstillingen» is pressed
    case_url = reverse("committees:case", args=[case.pk])
    response = secretary_client.post(case_url, case_data(case, action="publish"))
    assert response.status_code == 302, response.context["form"].errors
    response = secretary_client.post(reverse("committees:case_decide", args=[case.pk]), {"action": "adopt"})
    assert response.status_code == 302

    # Then the SSU decision is recorded on the board and it can be forwarded
    prio = Prioritisation.objects.get(round=frozen_round)
    assert (prio.decided_on, prio.decision_reference) == (today.date, case.reference)
    page = secretary_client.get(board_url).content.decode()
    assert "Send til Helse Nord" in page and f"Gå til sak {case.reference}" in page
    response = secretary_client.post(
        reverse("secretariat:board_forward", args=[frozen_round.pk]), {"version": prio.version}
    )
    assert response.status_code == 302
    assert Prioritisation.objects.get(round=frozen_round).is_forwarded


@pytest.mark.django_db
def test_prioritisation_case_from_the_meeting_page(secretary_client, ssu, secretary, frozen_round):
    today = world.meeting(ssu, secretary, timezone.localdate())
    prio = Prioritisation.objects.get(round=frozen_round)
    page = secretary_client.get(today.get_absolute_url()).content.decode()
    assert "Lag prioriteringssak" in page and frozen_round.title in page
    response = secretary_client.post(
        reverse("committees:meeting_prioritisation_case", args=[today.pk]), {"prioritisation": prio.pk}
    )
    assert response.status_code == 302
    assert today.cases.filter(prioritisation=prio, generated=Case.Generated.PRIORITISATION).count() == 1
    # The board is no longer offered on the meeting page
    assert "Lag prioriteringssak" not in secretary_client.get(today.get_absolute_url()).content.decode()
    # An FSU meeting does not offer it, and refuses it
    fsu_meeting = world.meeting(world.fsu(), secretary, timezone.localdate())
    assert "Lag prioriteringssak" not in secretary_client.get(fsu_meeting.get_absolute_url()).content.decode()
    response = secretary_client.post(
        reverse("committees:meeting_prioritisation_case", args=[fsu_meeting.pk]), {"prioritisation": prio.pk}
    )
    assert response.status_code == 400
    assert not fsu_meeting.cases.filter(generated=Case.Generated.PRIORITISATION).exists()


# --- The public page ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Kontakt kari.nordmann@rana.kommune.no for spørsmål.", "Kontakt [e-post fjernet] for spørsmål."),
        (
            "Ring +47 123 45 678 eller 75 12 34 56.",
            "Ring [telefonnummer fjernet] eller [telefonnummer fjernet].",
        ),
        (
            "Mobil 12345678, sentralbord 0047 75123456.",
            "Mobil [telefonnummer fjernet], sentralbord [telefonnummer fjernet].",
        ),
        ("Tlf. 123 45 678", "Tlf. [telefonnummer fjernet]"),
        # Amounts, dates, case numbers and organisation numbers stay
        ("Det søkes om kr 4 657 500 av 20 000 000.", "Det søkes om kr 4 657 500 av 20 000 000."),
        (
            "Møtet 09.09.2025, sak 23-2025, org.nr. 974 116 804.",
            "Møtet 09.09.2025, sak 23-2025, org.nr. 974 116 804.",
        ),
        ("Org.nr. 974116804 og kontonummer 1234.56.78901", "Org.nr. 974116804 og kontonummer 1234.56.78901"),
    ],
)
def test_contact_details_are_removed_from_public_text(text, expected):
    assert redact_contacts(text) == expected


@pytest.mark.django_db
def test_public_meeting_page_strips_contacts_and_hides_exempt_text(client, ssu, secretary):
    meeting = world.meeting(ssu, secretary)
    open_case = world.case(
        meeting,
        secretary,
        title="Interkommunalt kartleggingsteam",
        background=(
            "Kontaktperson Kari Nordmann, kari.nordmann@rana.kommune.no, tlf. +47 123 45 678 / 75 12 34 56."
        ),
        assessment="Søknaden gjelder kr 4 657 500. Spørsmål til 12345678.",
        publish=True,
    )
    exempt = world.case(
        meeting,
        secretary,
        title="Personalsak i sekretariatet",
        background="Hemmelige opplysninger om en ansatt.",
        exempt_from_public=True,
        exemption_basis="offl. § 25",
        publish=True,
    )
    draft = world.case(meeting, secretary, title="Utkast som ikke er klart")
    url = reverse("public:meeting", args=[meeting.pk])

    # An unpublished meeting does not exist for the public
    assert client.get(url).status_code == 404
    services.meeting_publish_notice(meeting=meeting, actor=secretary)

    response = client.get(url)
    assert response.status_code == 200
    content = response.content.decode()
    # The open case paper, without e-mail and phone numbers
    assert "Interkommunalt kartleggingsteam" in content and "Kontaktperson Kari Nordmann" in content
    assert "kari.nordmann@rana.kommune.no" not in content
    for number in ("123 45 678", "75 12 34 56", "12345678"):
        assert number not in content
    assert "[e-post fjernet]" in content and "[telefonnummer fjernet]" in content
    assert "kr 4 657 500" in content and "SSU vedtar handlingsplanen." in content
    # The exempt case by number and title only
    assert f"Sak {exempt.reference}: Personalsak i sekretariatet" in content
    assert "Unntatt offentlighet</strong>, offl. § 25." in content
    assert "Hemmelige opplysninger" not in content
    assert exempt.recommendation_points[0] not in content.split(f'id="case-{exempt.pk}"')[1]
    # Drafts are not listed
    assert draft.title not in content
    assert open_case.reference in content
    # The public list links the meeting
    assert url in client.get(reverse("public:meetings")).content.decode()


# --- PDFs made by a real worker ------------------------------------------------------------------


def wait_for(condition, timeout=90, what="the PDF"):
    deadline = time.monotonic() + timeout
    while not (result := condition()):
        assert time.monotonic() < deadline, f"{what} was not ready within {timeout} s"
        time.sleep(0.5)
    return result


@pytest.mark.worker
def test_case_and_protocol_pdfs_are_made_by_the_worker_and_downloaded(
    celery_worker, client, settings, tmp_path
):
    """Depends on committees/documents.py and tasks.py (the PDF rendering)."""
    settings.MEDIA_ROOT = tmp_path
    ssu = world.ssu()
    secretary = world.secretary()
    reader = world.member(ssu, "medlem@example.no", "Vefsn kommune")
    meeting = world.meeting(ssu, secretary, timezone.localdate(), published=True)
    case = world.case(meeting, secretary, title="Handlingsplan – ærlig, åpen og grønn", publish=True)

    # The member asks for the case PDF: it is being made, and the page polls
    client.force_login(reader)
    pdf_url = reverse("committees:case_pdf", args=[case.pk])
    response = client.get(pdf_url)
    assert response.status_code == 200 and "PDF-en lages …" in response.content.decode()
    status_url = reverse("committees:case_pdf_status", args=[case.pk])
    assert f'hx-get="{status_url}"' in response.content.decode()
    wait_for(lambda: "hx-get" not in client.get(status_url).content.decode())
    assert f'href="{pdf_url}" download' in client.get(status_url).content.decode()
    response = client.get(pdf_url)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    content = b"".join(response.streaming_content)
    assert content.startswith(b"%PDF")
    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    assert "ærlig, åpen og grønn" in " ".join(text.split())

    # The protocol is the secretariat's until it is approved
    protocol_url = reverse("committees:protocol_pdf", args=[meeting.pk])
    assert client.get(protocol_url).status_code == 404
    client.force_login(secretary)
    assert "PDF-en lages …" in client.get(protocol_url).content.decode()
    protocol_status = reverse("committees:protocol_pdf_status", args=[meeting.pk])
    wait_for(lambda: "hx-get" not in client.get(protocol_status).content.decode(), what="the protocol")
    response = client.get(protocol_url)
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
