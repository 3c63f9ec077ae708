"""Builders for the committee page tests (test_views, test_access, the browser test): the SSU and
an FSU of Helgeland, their members, the secretariat, meetings made through the services (so they
have their standing cases), and cases at each stage."""

import datetime as dt

from django.utils import timezone

from committees import services
from committees.models import Case, Committee, CommitteeMembership, Meeting
from core.models import HealthCommunity, Membership, SecretariatMembership
from tests.factories import UserFactory, helgeland, org

PASSWORD = "passord-for-test-123"  # the one UserFactory sets


def ssu() -> Committee:
    return Committee.objects.get(health_community=helgeland(), kind=Committee.Kind.SSU)


def fsu() -> Committee:
    return Committee.objects.get(health_community=helgeland(), name="FSU rehabilitering")


def secretary(email="sekretariat@example.no", community="helgeland", **names):
    user = UserFactory(email=email, **names)
    SecretariatMembership.objects.create(
        user=user, health_community=HealthCommunity.objects.get(slug=community)
    )
    return user


def member(committee, email, organisation=None, role=CommitteeMembership.Role.MEMBER, **names):
    """A seat in the committee, representing `organisation` (a name) if given."""
    user = UserFactory(email=email, **names)
    CommitteeMembership.objects.create(
        committee=committee, user=user, role=role, organisation=org(organisation) if organisation else None
    )
    return user


def applicant(email="soker.rana@example.no", organisation="Rana kommune"):
    return UserFactory(email=email, organisations=[org(organisation)])


def helse_nord_reader(email="helsenord@example.no"):
    user = UserFactory(email=email)
    Membership.objects.create(user=user, organisation=org("Helse Nord RHF"))
    return user


def meeting(committee, actor, day=None, *, published=False, place="Mosjøen, rådhuset", **fields) -> Meeting:
    """A meeting with its three standing cases, made as the page makes it."""
    made = services.meeting_create(
        committee=committee,
        actor=actor,
        date=day or timezone.localdate() + dt.timedelta(days=14),
        starts_at=dt.time(9, 0),
        ends_at=dt.time(15, 0),
        place=place,
        **fields,
    )
    if published:
        made = services.meeting_publish_notice(meeting=made, actor=actor)
    return made


def case(meeting, actor, title="Handlingsplan for helsefellesskapet", *, publish=False, **sections) -> Case:
    """An ordinary case on the meeting (before the orientations and Eventuelt)."""
    sections.setdefault("recommendation", "SSU vedtar handlingsplanen.\nSekretariatet følger opp tiltakene.")
    sections.setdefault("background", "Handlingsplanen er utarbeidet av sekretariatet.")
    sections.setdefault("assessment", "Sekretariatet anbefaler at planen vedtas.")
    made = services.meeting_case_add(meeting=meeting, actor=actor, title=title, kind=Case.Kind.DECISION)
    made = services.case_update(case=made, actor=actor, **sections)
    if publish:
        made = services.case_publish(case=made, actor=actor)
    return made


def publish_all(meeting, actor) -> None:
    """Publish every draft on the meeting (the standing cases too)."""
    for draft in meeting.cases.filter(status=Case.Status.DRAFT):
        services.case_publish(case=draft, actor=actor)


def agenda_titles(meeting) -> list[str]:
    return list(meeting.cases.order_by("agenda_order").values_list("title", flat=True))
