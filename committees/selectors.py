"""Reads for the committee pages: the meetings a user may list, a meeting's agenda, and the
prioritisation boards waiting for their case. Views and the board's template tag list through
these, never by filtering in a template."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from applications.permissions import secretariat_health_community_ids

from .models import Case, Committee, Meeting
from .permissions import VISIBLE_CASE_STATUSES, committee_ids


@dataclass
class MeetingLists:
    upcoming: list[Meeting]
    past: list[Meeting]


def split_by_date(meetings) -> MeetingLists:
    """Upcoming meetings (today and later) soonest first; past meetings newest first."""
    today = timezone.localdate()
    meetings = list(meetings)
    return MeetingLists(
        upcoming=sorted((m for m in meetings if m.date >= today), key=lambda m: (m.date, m.starts_at)),
        past=sorted(
            (m for m in meetings if m.date < today), key=lambda m: (m.date, m.starts_at), reverse=True
        ),
    )


def committee_list_for_secretariat(user):
    return Committee.objects.filter(
        health_community_id__in=secretariat_health_community_ids(user)
    ).select_related("health_community")


def meeting_list_for_committee(committee: Committee) -> MeetingLists:
    return split_by_date(committee.meetings.all())


def meeting_list_for_member(user) -> MeetingLists:
    """The published meetings of the committees the user holds a seat in."""
    return split_by_date(
        Meeting.objects.filter(
            committee_id__in=committee_ids(user), notice_published_at__isnull=False
        ).select_related("committee")
    )


def meeting_list_public():
    return split_by_date(
        Meeting.objects.filter(notice_published_at__isnull=False).select_related("committee")
    )


def agenda(
    meeting: Meeting,
    *,
    published_only: bool = False,
    with_attachments: bool = False,
    with_votes: bool = False,
) -> list[Case]:
    """The meeting's cases in agenda order; `published_only` leaves out drafts and withdrawn cases,
    as members and the public see the saksliste. `with_votes` also fetches the votes and the
    habilitet declarations (for the protocol)."""
    cases = meeting.cases.order_by("agenda_order", "number", "pk")
    if published_only:
        cases = cases.filter(status__in=VISIBLE_CASE_STATUSES)
    if with_attachments:
        cases = cases.prefetch_related("attachments")
    if with_votes:
        cases = cases.prefetch_related("votes", "inhabil_declarations")
    return list(cases)


def later_meetings(case: Case):
    """Meetings of the case's committee after the case's meeting, whose protocol is still open."""
    meetings = Meeting.objects.filter(committee_id=case.committee_id, protocol_approved_at__isnull=True)
    if case.meeting_id:
        meetings = meetings.filter(date__gt=case.meeting.date)
    return meetings.order_by("date", "starts_at")


def open_meetings(committee: Committee):
    """Meetings a case can be put on: those whose protocol is not yet approved."""
    return Meeting.objects.filter(committee=committee, protocol_approved_at__isnull=True).order_by(
        "date", "starts_at"
    )


def prioritisations_waiting_for_case(committee: Committee):
    """Frozen, undecided boards of the committee's helsefellesskap without a (live) prioritisation
    case. Only the SSU treats them."""
    from applications.models import Prioritisation

    if committee.kind != Committee.Kind.SSU:
        return Prioritisation.objects.none()
    return (
        Prioritisation.objects.filter(
            round__health_community_id=committee.health_community_id,
            frozen_at__isnull=False,
            decided_on__isnull=True,
            forwarded_at__isnull=True,
        )
        .exclude(cases__status__in=[s for s in Case.Status.values if s != Case.Status.WITHDRAWN])
        .select_related("round")
        .order_by("-round__year", "round__title")
    )


def prioritisation_case(prioritisation) -> Case | None:
    """The live (not withdrawn) prioritisation case of a board, if there is one."""
    return (
        prioritisation.cases.exclude(status=Case.Status.WITHDRAWN)
        .select_related("meeting", "committee")
        .order_by("-pk")
        .first()
    )


def ssu_meetings_for_round(round_, prioritisation):
    """Meetings of the SSU of the round's helsefellesskap the prioritisation case can go on: not
    before the board was frozen, protocol still open."""
    meetings = Meeting.objects.filter(
        committee__health_community_id=round_.health_community_id,
        committee__kind=Committee.Kind.SSU,
        protocol_approved_at__isnull=True,
    ).select_related("committee")
    if prioritisation.frozen_at:
        meetings = meetings.filter(date__gte=timezone.localtime(prioritisation.frozen_at).date())
    return meetings.order_by("date", "starts_at")


def ssu_for(health_community_id) -> Committee | None:
    return Committee.objects.filter(health_community_id=health_community_id, kind=Committee.Kind.SSU).first()
