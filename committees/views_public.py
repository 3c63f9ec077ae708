"""The public pages, without login: published meetings with their saksliste and case papers as
HTML. Contact details (e-mail addresses and Norwegian phone numbers) are removed from the text;
cases exempt from public access are listed by number and title only, with the legal basis.
Unpublished meetings and drafts are 404 / left out."""

import re

from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from . import selectors
from .models import Meeting

EMAIL = re.compile(r"[\w.%+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# +47 123 45 678, 0047 12345678, 75 12 34 56, 123 45 678, 12345678. Amounts (4 657 500), dates
# (09.09.2025), case numbers (23-2025) and organisation numbers (974 116 804) do not match:
# groups are separated by spaces only, and no digit may stand right before or after.
_SPACE = "[ \u00a0]"
PHONE = re.compile(
    rf"(?<![\w+])(?:(?:\+|00)47{_SPACE}?)?"
    rf"(?:\d{{3}}{_SPACE}\d{{2}}{_SPACE}\d{{3}}|\d{{2}}(?:{_SPACE}\d{{2}}){{3}}|\d{{8}})"
    rf"(?!\w)(?!{_SPACE}\d)"
)


def redact_contacts(text: str) -> str:
    """The text without e-mail addresses and phone numbers."""
    text = EMAIL.sub(_("[e-post fjernet]"), text or "")
    return PHONE.sub(_("[telefonnummer fjernet]"), text)


def _public_case(case) -> dict:
    if case.exempt_from_public:
        return {"case": case, "exempt": True, "title": redact_contacts(case.title)}
    points = [redact_contacts(point) for point in case.recommendation_points]
    return {
        "case": case,
        "exempt": False,
        "title": redact_contacts(case.title),
        "recommendation_points": points,
        "background": redact_contacts(case.background),
        "assessment": redact_contacts(case.assessment),
        "decision_points": [redact_contacts(point) for point in case.decision_points],
        "attachments": [{"title": redact_contacts(a.title)} for a in case.attachments.all()],
    }


@require_safe
def meeting_list(request):
    return render(
        request, "committees/public/meeting_list.html", {"meetings": selectors.meeting_list_public()}
    )


@require_safe
def meeting(request, pk):
    meeting = (
        Meeting.objects.select_related("committee__health_community")
        .filter(pk=pk, notice_published_at__isnull=False)
        .first()
    )
    if meeting is None:
        raise Http404
    cases = selectors.agenda(meeting, published_only=True, with_attachments=True)
    return render(
        request,
        "committees/public/meeting.html",
        {"meeting": meeting, "committee": meeting.committee, "papers": [_public_case(c) for c in cases]},
    )
