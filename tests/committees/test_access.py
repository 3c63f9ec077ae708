"""Who may open each committee URL: every URL for every role, with the status expected.

* The secretariat of Helgeland (whose committees these are) uses the secretariat's pages; the
  secretariat of another helsefellesskap, members, applicants, Helse Nord and the administrator
  without a secretariat seat get 404, anonymous users the login page.
* A member of the SSU sees its published meetings and published cases and their documents; a
  member of an FSU, applicants, Helse Nord and the administrator get 404. Drafts are 404 for
  members; an unpublished meeting too.
* The public pages need no login and show published meetings only.
* A refused POST changes nothing; an allowed one takes effect (so the 404s are the access check).
"""

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications import prioritisation as board
from applications.models import Application, Prioritisation
from committees import services
from committees.models import (
    Attendance,
    Case,
    CaseAttachment,
    CommitteeMembership,
    InhabilDeclaration,
    Meeting,
    Vote,
)
from core.models import AuditEvent
from tests.committees import world
from tests.factories import MINIMAL_PDF, RoundFactory, UserFactory, make_application, org

ROLES = [
    "anonymous",
    "applicant",
    "ssu_member",
    "fsu_member",
    "secretariat",
    "other_secretariat",
    "helse_nord",
    "superuser",
]


class World:
    """The SSU of Helgeland with a published meeting (a published case with an uploaded PDF and a
    draft), an unpublished meeting, a later meeting, and today's meeting ready for approval."""

    def __init__(self):
        ssu = world.ssu()
        self.secretariat = world.secretary()
        self.ssu_member = world.member(ssu, "ssu.medlem@example.no", "Vefsn kommune")
        self.fsu_member = world.member(world.fsu(), "fsu.medlem@example.no", "Rana kommune")
        self.applicant = world.applicant()
        self.other_secretariat = world.secretary("sekretariat.finnmark@example.no", community="finnmark")
        self.helse_nord = world.helse_nord_reader()
        self.superuser = UserFactory(email="admin@example.no", is_superuser=True, is_staff=True)
        self.ssu = ssu
        actor = self.secretariat

        self.meeting = world.meeting(ssu, actor, published=True)
        self.case = world.case(self.meeting, actor, publish=True)
        self.upload = CaseAttachment(
            case=self.case, order=1, title="Handlingsplan", content_type="application/pdf"
        )
        self.upload.file.save("handlingsplan.pdf", ContentFile(MINIMAL_PDF), save=True)
        self.draft = world.case(self.meeting, actor, title="Utkast")
        self.unpublished = world.meeting(ssu, actor, self.meeting.date + dt.timedelta(days=7))
        self.later = world.meeting(ssu, actor, self.meeting.date + dt.timedelta(days=35))

        # Today's meeting: attendance recorded and every case decided, so the protocol can be approved
        self.today = world.meeting(ssu, actor, timezone.localdate(), published=True)
        world.publish_all(self.today, actor)
        for case in self.today.cases.all():
            services.case_decide(case=case, actor=actor)
        seat = CommitteeMembership.objects.get(user=self.ssu_member)
        services.attendance_record(meeting=self.today, actor=actor, rows={seat.pk: (True, "")})
        self.seat = seat

    def frozen_board(self):
        """A frozen board of a round past its deadline (for the prioritisation case URLs)."""
        deadline = timezone.localdate() - dt.timedelta(days=10)
        round_ = RoundFactory(opens_on=deadline - dt.timedelta(days=60), deadline=deadline)
        application = make_application(round=round_, lead=org("Rana kommune"), complete=True)
        application.status = Application.Status.ASSESSED
        application.submitted_at = application.last_submitted_at = timezone.now() - dt.timedelta(days=11)
        application.save()
        prio = board.prioritisation_sync(round_)
        board.board_freeze(round_=round_, actor=self.secretariat, version=prio.version)
        self.round = round_
        return Prioritisation.objects.get(round=round_)


def snapshot() -> dict:
    """Everything a committee page could change."""
    return {
        "meetings": list(
            Meeting.objects.order_by("pk").values_list("pk", "notice_published_at", "protocol_approved_at")
        ),
        "cases": list(
            Case.objects.order_by("pk").values_list(
                "pk", "meeting_id", "agenda_order", "status", "title", "recommendation", "decision"
            )
        ),
        "attachments": list(CaseAttachment.objects.order_by("pk").values_list("pk", "title")),
        "votes": list(Vote.objects.order_by("pk").values_list("user_id", "choice")),
        "attendance": list(Attendance.objects.order_by("pk").values_list("membership_id", "present")),
        "declarations": list(InhabilDeclaration.objects.values_list("case_id", "user_id")),
        "audit": AuditEvent.objects.count(),
    }


def case_form(case) -> dict:
    return {
        "title": "Ny tittel",
        "kind": case.kind,
        "meeting": case.meeting_id,
        "recommendation": case.recommendation,
        "background": case.background,
        "assessment": case.assessment,
        "action": "save",
    }


# URL name → (method, args, data, who is allowed); args and data are built from the world.
SECRETARIAT = "secretariat"  # Helgeland's secretariat only
MEMBERS = "members"  # the SSU's member and Helgeland's secretariat

URLS = {
    "committee list": ("get", lambda w: [], None, SECRETARIAT),
    "committee": ("get", lambda w: [w.ssu.pk], None, SECRETARIAT),
    "meeting_create GET": ("get", lambda w: [w.ssu.pk], None, SECRETARIAT),
    "meeting_create": (
        "post",
        lambda w: [w.ssu.pk],
        lambda w: {"kind": "ordinary", "date": "2030-01-15", "starts_at": "09:00", "place": "Mosjøen"},
        SECRETARIAT,
    ),
    "meeting": ("get", lambda w: [w.meeting.pk], None, SECRETARIAT),
    "case_add": (
        "post",
        lambda w: [w.meeting.pk],
        lambda w: {"title": "Ny sak", "kind": "beslutning"},
        SECRETARIAT,
    ),
    "meeting_prioritisation_case": (
        "post",
        lambda w: [w.today.pk],
        lambda w: {"prioritisation": w.frozen_board().pk},
        SECRETARIAT,
    ),
    "meeting_publish": ("post", lambda w: [w.unpublished.pk], lambda w: {}, SECRETARIAT),
    "protocol": ("get", lambda w: [w.meeting.pk], None, SECRETARIAT),
    "attendance": (
        "post",
        lambda w: [w.meeting.pk],
        lambda w: {f"present_{w.seat.pk}": "absent"},
        SECRETARIAT,
    ),
    "protocol_approve": ("post", lambda w: [w.today.pk], lambda w: {}, SECRETARIAT),
    "case GET": ("get", lambda w: [w.case.pk], None, SECRETARIAT),
    "case": ("post", lambda w: [w.case.pk], lambda w: case_form(w.case), SECRETARIAT),
    "case_move": ("post", lambda w: [w.draft.pk], lambda w: {"direction": "up"}, SECRETARIAT),
    "attachment_add": (
        "post",
        lambda w: [w.case.pk],
        lambda w: {"title": "Budsjett", "file": SimpleUploadedFile("budsjett.pdf", MINIMAL_PDF)},
        SECRETARIAT,
    ),
    "attachment_delete": ("post", lambda w: [w.case.pk, w.upload.pk], lambda w: {}, SECRETARIAT),
    "case_postpone": ("post", lambda w: [w.case.pk], lambda w: {"meeting": w.later.pk}, SECRETARIAT),
    "case_withdraw": ("post", lambda w: [w.case.pk], lambda w: {"reason": "Trekkes"}, SECRETARIAT),
    "case_decide": ("post", lambda w: [w.case.pk], lambda w: {"action": "adopt"}, SECRETARIAT),
    "case_vote": (
        "post",
        lambda w: [w.case.pk],
        lambda w: {"member": w.ssu_member.pk, "choice": "for"},
        SECRETARIAT,
    ),
    "board_case": (
        "post",
        lambda w: [w.frozen_board() and w.round.pk],
        lambda w: {"meeting": w.today.pk},
        SECRETARIAT,
    ),
    # The members' pages
    "my_meetings": ("get", lambda w: [], None, "seats"),
    "member_meeting": ("get", lambda w: [w.meeting.pk], None, MEMBERS),
    "member_case": ("get", lambda w: [w.case.pk], None, MEMBERS),
    "inhabil_declare": (
        "post",
        lambda w: [w.case.pk],
        lambda w: {"reason": "Styremedlem i prosjektet"},
        MEMBERS,
    ),
    "case_pdf": ("get", lambda w: [w.case.pk], None, MEMBERS),
    "case_pdf_status": ("get", lambda w: [w.case.pk], None, MEMBERS),
    "attachment": ("get", lambda w: [w.case.pk, w.upload.pk], None, MEMBERS),
    "packet": ("get", lambda w: [w.meeting.pk], None, MEMBERS),
    "packet_status": ("get", lambda w: [w.meeting.pk], None, MEMBERS),
    "protocol_pdf": ("get", lambda w: [w.meeting.pk], None, SECRETARIAT),
    "protocol_pdf_status": ("get", lambda w: [w.meeting.pk], None, SECRETARIAT),
}


def expected_status(role: str, key: str) -> int:
    method, _args, _data, allowed = URLS[key]
    if role == "anonymous":
        return 302  # to the login page
    ok = 200 if method == "get" else 302
    if allowed == SECRETARIAT:
        if key == "committee list" and role == "other_secretariat":
            return 200  # its own helsefellesskap's committees (none)
        return ok if role == "secretariat" else 404
    if allowed == "seats":
        return 200 if role in ("ssu_member", "fsu_member") else 404
    if role == "ssu_member":
        return ok
    if role == "secretariat":
        # The secretariat sees what the members see, but holds no seat to declare inhabil from.
        return 400 if key == "inhabil_declare" else ok
    return 404


def url_for(key, w):
    name = "committees:" + key.removesuffix(" GET").replace("committee list", "committees")
    return reverse(name, args=URLS[key][1](w))


@pytest.mark.django_db
@pytest.mark.parametrize("key", list(URLS))
@pytest.mark.parametrize("role", ROLES)
def test_committee_urls_for_every_role(client, role, key):
    w = World()
    method, _args, data, _allowed = URLS[key]
    target = url_for(key, w)
    payload = data(w) if data else None
    if role != "anonymous":
        client.force_login(getattr(w, role))
    before = snapshot()

    response = client.get(target) if method == "get" else client.post(target, payload)

    assert response.status_code == expected_status(role, key), (role, key)
    if role == "anonymous":
        assert response["Location"].startswith(reverse("login"))
    if getattr(response, "streaming", False):
        b"".join(response.streaming_content)  # reading it closes the file
    if method == "post":
        if response.status_code == 302 and role != "anonymous":
            # The action took effect, without a refusal
            assert snapshot() != before, key
            messages = [str(m) for m in response.wsgi_request._messages]
            assert not any(m.level >= 40 for m in response.wsgi_request._messages), messages
        else:
            assert snapshot() == before, (role, key)


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_what_each_role_sees_of_drafts_and_unpublished_meetings(client, role):
    w = World()
    if role != "anonymous":
        client.force_login(getattr(w, role))
    draft_member_page = client.get(reverse("committees:member_case", args=[w.draft.pk]))
    draft_pdf = client.get(reverse("committees:case_pdf", args=[w.draft.pk]))
    unpublished = client.get(reverse("committees:member_meeting", args=[w.unpublished.pk]))
    statuses = (draft_member_page.status_code, draft_pdf.status_code, unpublished.status_code)
    if role == "anonymous":
        assert statuses == (302, 302, 302)
    elif role == "secretariat":
        # The member's page shows published cases only; the PDF of a draft is the secretariat's preview
        assert statuses == (404, 200, 200)
    else:
        assert statuses == (404, 404, 404), role
    # The saksliste members see leaves the draft out
    if role in ("ssu_member", "secretariat"):
        page = client.get(reverse("committees:member_meeting", args=[w.meeting.pk])).content.decode()
        assert w.case.title in page and "Utkast" not in page
    # Their own list shows the SSU's published meetings only to the SSU's member
    if role in ("ssu_member", "fsu_member"):
        page = client.get(reverse("committees:my_meetings")).content.decode()
        shown = reverse("committees:member_meeting", args=[w.meeting.pk]) in page
        assert shown == (role == "ssu_member")
        assert reverse("committees:member_meeting", args=[w.unpublished.pk]) not in page


@pytest.mark.django_db
@pytest.mark.parametrize("role", ROLES)
def test_public_pages_need_no_login_and_show_published_meetings_only(client, role):
    w = World()
    if role != "anonymous":
        client.force_login(getattr(w, role))
    assert client.get(reverse("public:meetings")).status_code == 200
    assert client.get(reverse("public:meeting", args=[w.meeting.pk])).status_code == 200
    assert client.get(reverse("public:meeting", args=[w.unpublished.pk])).status_code == 404
    assert client.get(reverse("public:meeting", args=[999_999])).status_code == 404


@pytest.mark.django_db
def test_approved_protocol_pdf_is_offered_to_members(client):
    w = World()
    services.protocol_approve(meeting=w.today, actor=w.secretariat)
    client.force_login(w.ssu_member)
    assert client.get(reverse("committees:protocol_pdf", args=[w.today.pk])).status_code == 200
    assert (
        reverse("committees:protocol_pdf", args=[w.today.pk])
        in client.get(reverse("committees:member_meeting", args=[w.today.pk])).content.decode()
    )
    client.force_login(w.fsu_member)
    assert client.get(reverse("committees:protocol_pdf", args=[w.today.pk])).status_code == 404


@pytest.mark.django_db
def test_missing_objects_are_404_like_forbidden_ones(client):
    w = World()
    client.force_login(w.secretariat)
    for name, args in [
        ("committees:committee", [999_999]),
        ("committees:meeting", [999_999]),
        ("committees:case", [999_999]),
        ("committees:member_meeting", [999_999]),
        ("committees:member_case", [999_999]),
        ("committees:packet", [999_999]),
        ("committees:attachment", [w.case.pk, 999_999]),
        ("committees:attachment", [w.draft.pk, w.upload.pk]),  # another case's attachment
    ]:
        assert client.get(reverse(name, args=args)).status_code == 404, name
