"""Who may see and do what with meetings and cases; see docs/permissions.md.

- The secretariat of the committee's helsefellesskap prepares meetings and cases and keeps the
  protocol.
- Members of a committee see its published meetings and published cases (never drafts).
- Everyone, without logging in, sees published meetings and their public cases (papers without
  contact details; cases exempt from public access by number and title only).
Views fetch through the `access_*` functions, which answer 404 for missing and forbidden alike.
"""

from django.http import Http404

from applications.permissions import committee_ids, secretariat_health_community_ids

from .models import Case, Committee, Meeting

VISIBLE_CASE_STATUSES = (Case.Status.PUBLISHED, Case.Status.DECIDED, Case.Status.POSTPONED)


def is_committee_secretariat(user, committee: Committee) -> bool:
    return committee.health_community_id in secretariat_health_community_ids(user)


def is_committee_member(user, committee: Committee) -> bool:
    return committee.pk in committee_ids(user)


def can_manage_meeting(user, meeting: Meeting) -> bool:
    return is_committee_secretariat(user, meeting.committee)


def can_view_meeting(user, meeting: Meeting) -> bool:
    if can_manage_meeting(user, meeting):
        return True
    return meeting.is_published and is_committee_member(user, meeting.committee)


def can_view_case(user, case: Case) -> bool:
    if is_committee_secretariat(user, case.committee):
        return True
    return case.status in VISIBLE_CASE_STATUSES and is_committee_member(user, case.committee)


def access_meeting(user, pk, *, manage: bool = False) -> Meeting:
    meeting = Meeting.objects.select_related("committee__health_community").filter(pk=pk).first()
    allowed = meeting and (can_manage_meeting(user, meeting) if manage else can_view_meeting(user, meeting))
    if not allowed:
        raise Http404
    return meeting


def access_case(user, pk, *, manage: bool = False) -> Case:
    case = (
        Case.objects.select_related("committee__health_community", "meeting", "prioritisation__round")
        .filter(pk=pk)
        .first()
    )
    if case is None:
        raise Http404
    allowed = is_committee_secretariat(user, case.committee) if manage else can_view_case(user, case)
    if not allowed:
        raise Http404
    return case


def access_committee(user, pk) -> Committee:
    """A committee, for its helsefellesskap's secretariat."""
    committee = Committee.objects.select_related("health_community").filter(pk=pk).first()
    if committee is None or not is_committee_secretariat(user, committee):
        raise Http404
    return committee
