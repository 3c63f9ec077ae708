"""The reminder sweep: every reminder due on one Oslo calendar day, made through
notifications.services.notify. Celery beat runs it every morning (tasks.reminder_sweep, with
timezone.localdate()); all dates here are Oslo calendar days.

Who is reminded of what (offsets in days, set per round or committee; notifications/offsets.py):
- drafts in an open round, `round.reminder_days` before its deadline (0 = on the day): the users
  of the lead organisation and whoever created the draft;
- a joint application the partner has not confirmed (a draft, or one sent in with a signed
  agreement since removed), same days: the users of the partner organisations. None once a
  signed agreement is attached: that documents the joint application as well;
- the secretariat of the round's helsefellesskap: every day after the deadline, how many
  applications are still «mottatt» (not screened); and `round.forwarding_reminder_days` before
  the forwarding deadline while the prioritisation is not forwarded and the round has
  applications that can still go to Helse Nord;
- committee members (every seat): `committee.meeting_reminder_days` before a meeting whose
  notice is published (the publication itself is an event: notifications/events.py);
- project leaders: a status report not sent in, 14 days before its due date, on the day, and
  every 7th day after it until it is sent in (active projects only).

Each reminder belongs to an occasion, the day it is scheduled for (the deadline minus an offset,
the due date plus a week …), and that day is its key's due date. The sweep makes the latest
occasion that has come, and only while the deadline or meeting has not passed: a morning the
beat did not run is caught up the next morning, not lost, and an older occasion is never sent
once a later one is due. An application created, or a notice published, after the day of the
occasion does not get that occasion's reminder. Running the sweep again makes nothing (the keys
exist).

Queries: a fixed number to find everything due (rounds, applications with the partner
municipalities prefetched, memberships, secretariats, meetings, seats, reports) and one to leave
out the keys already made; then notify()'s own queries per notification it makes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import models, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from applications.models import Application, Attachment, Round
from committees.models import CommitteeMembership, Meeting
from core.models import Membership, SecretariatMembership, User
from projects import workflow as report_workflow
from projects.models import Project, StatusReport

from .events import day, meeting_text_names
from .models import Kind, Notification
from .offsets import parse_day_offsets
from .services import notification_key, notify

S = Application.Status
REPORT_NOTICE_DAYS = 14
REPORT_REPEAT_DAYS = 7
# Applications that may still be forwarded: the forwarding deadline matters while any exist.
ON_THE_WAY = frozenset({S.RECEIVED, S.UNDER_REVIEW, S.ASSESSED, S.PRIORITISED})


@dataclass(frozen=True)
class Reminder:
    kind: str
    recipient: User
    target: models.Model
    due_on: dt.date
    subject: str
    body: str
    url: str

    @property
    def key(self) -> str:
        return notification_key(self.kind, self.target, self.recipient, self.due_on)


def sweep(today: dt.date) -> int:
    """Make the reminders due on `today` through services.notify; returns how many were made."""
    with override("nb"):
        reminders = [
            *application_reminders(today),
            *secretariat_reminders(today),
            *meeting_reminders(today),
            *report_reminders(today),
        ]
    return make(reminders)


def make(reminders: Iterable[Reminder]) -> int:
    by_key = {reminder.key: reminder for reminder in reminders}
    existing = set(Notification.objects.filter(key__in=list(by_key)).values_list("key", flat=True))
    made = 0
    for key, reminder in by_key.items():
        if key in existing:
            continue
        # One transaction each: what is made stays made, and its e-mail leaves right after.
        with transaction.atomic():
            made += bool(
                notify(
                    kind=reminder.kind,
                    recipient=reminder.recipient,
                    target=reminder.target,
                    subject=reminder.subject,
                    body=reminder.body,
                    url=reminder.url,
                    due_on=reminder.due_on,
                )
            )
    return made


# --- When ---------------------------------------------------------------------------------------


def latest_occasion(target_day: dt.date, offsets: Iterable[int], today: dt.date) -> dt.date | None:
    """The latest day `target_day - n` (n in offsets) that has come by `today`; None before the
    first of them and after `target_day`."""
    if today > target_day:
        return None
    days_left = (target_day - today).days
    come = [n for n in offsets if n >= days_left]
    return target_day - dt.timedelta(days=min(come)) if come else None


def report_occasion(due_on: dt.date, today: dt.date) -> dt.date | None:
    """14 days before the due date, the due date, then every 7th day after it."""
    if today < due_on - dt.timedelta(days=REPORT_NOTICE_DAYS):
        return None
    if today < due_on:
        return due_on - dt.timedelta(days=REPORT_NOTICE_DAYS)
    weeks = (today - due_on).days // REPORT_REPEAT_DAYS
    return due_on + dt.timedelta(days=weeks * REPORT_REPEAT_DAYS)


def when(days: int) -> str:
    """«i dag», «i morgen», «om 3 dager»."""
    if days == 0:
        return _("i dag")
    if days == 1:
        return _("i morgen")
    return ngettext("om %(days)s dag", "om %(days)s dager", days) % {"days": days}


def local_day(moment: dt.datetime) -> dt.date:
    return timezone.localtime(moment).date()


# --- Recipients ----------------------------------------------------------------------------------


def users_by_organisation(organisation_ids: Iterable[int]) -> dict[int, list[User]]:
    users = defaultdict(list)
    memberships = (
        Membership.objects.filter(organisation_id__in=set(organisation_ids), user__is_active=True)
        .select_related("user")
        .order_by("user_id")
    )
    for membership in memberships:
        users[membership.organisation_id].append(membership.user)
    return users


def unique(users: Iterable[User | None]) -> list[User]:
    seen = {}
    for user in users:
        if user is not None and user.is_active:
            seen.setdefault(user.pk, user)
    return list(seen.values())


# --- Applicants and partners before the deadline ---------------------------------------------------


def application_reminders(today: dt.date) -> Iterator[Reminder]:
    rounds = Round.objects.filter(deadline__gte=today).filter(
        Q(opens_on__isnull=True) | Q(opens_on__lte=today)
    )
    occasions = {}
    for round_ in rounds:
        occasion = latest_occasion(round_.deadline, parse_day_offsets(round_.reminder_days), today)
        if occasion is not None:
            occasions[round_.pk] = (round_, occasion)
    if not occasions:
        return
    signed = Attachment.objects.filter(application=OuterRef("pk"), kind=Attachment.Kind.SIGNED_AGREEMENT)
    applications = list(
        Application.objects.filter(round_id__in=occasions)
        .filter(Q(status=S.DRAFT) | Q(status=S.RECEIVED, partner_confirmed_at__isnull=True))
        .select_related("lead_organisation", "hospital_trust", "created_by")
        .prefetch_related("participating_municipalities")
        .annotate(has_signed_agreement=Exists(signed))
        .order_by("pk")
    )
    waiting_for_partner = {
        app.pk: app.partner_organisations()
        for app in applications
        if app.partner_confirmed_at is None and not app.has_signed_agreement
    }
    users = users_by_organisation(
        [app.lead_organisation_id for app in applications]
        + [org.pk for partners in waiting_for_partner.values() for org in partners]
    )
    for app in applications:
        round_, occasion = occasions[app.round_id]
        app.round = round_
        if local_day(app.created_at) > occasion:
            continue
        names = {
            "title": str(app),
            "reference": app.reference,
            "round": round_.title,
            "deadline": day(round_.deadline),
            "when": when((round_.deadline - today).days),
            "lead": str(app.lead_organisation),
        }
        url = reverse("applications:detail", args=[app.pk])
        if app.status == S.DRAFT:
            subject = _("Søknadsfristen er %(when)s: %(title)s") % names
            body = (
                _(
                    "Søknaden «%(title)s» (%(reference)s) er ikke sendt inn. Søknadsfristen for %(round)s "
                    "er %(deadline)s kl. 23.59 (%(when)s). Etter det kan søknaden ikke sendes inn."
                )
                % names
            )
            for user in unique([*users[app.lead_organisation_id], app.created_by]):
                yield Reminder(Kind.DRAFT_DEADLINE, user, app, occasion, subject, body, url)
        for partner in waiting_for_partner.get(app.pk, []):
            names["partner"] = str(partner)
            subject = _("Bekreft samarbeidet om søknaden «%(title)s»") % names
            body = (
                _(
                    "%(lead)s har ført opp %(partner)s som partner i den felles søknaden «%(title)s» "
                    "(%(reference)s). Samarbeidet er ikke bekreftet ennå. Bekreft det i portalen før "
                    "søknadsfristen %(deadline)s kl. 23.59 (%(when)s), eller be søkeren legge ved signert "
                    "avtale om felles søknad."
                )
                % names
            )
            for user in unique(users[partner.pk]):
                yield Reminder(Kind.PARTNER_CONFIRMATION, user, app, occasion, subject, body, url)


# --- The secretariat ------------------------------------------------------------------------------


def secretariat_reminders(today: dt.date) -> Iterator[Reminder]:
    unscreened = list(
        Round.objects.filter(deadline__lt=today)
        .annotate(unscreened=Count("applications", filter=Q(applications__status=S.RECEIVED)))
        .filter(unscreened__gt=0)
        .order_by("pk")
    )
    on_the_way = Application.objects.filter(round=OuterRef("pk"), status__in=ON_THE_WAY)
    forwarding = []
    for round_ in (
        Round.objects.filter(forwarding_deadline__gte=today, prioritisation__forwarded_at__isnull=True)
        .filter(Exists(on_the_way))
        .order_by("pk")
    ):
        occasion = latest_occasion(
            round_.forwarding_deadline, parse_day_offsets(round_.forwarding_reminder_days), today
        )
        if occasion is not None:
            forwarding.append((round_, occasion))
    if not unscreened and not forwarding:
        return
    secretaries = defaultdict(list)
    for seat in SecretariatMembership.objects.filter(
        health_community_id__in={r.health_community_id for r in unscreened}
        | {r.health_community_id for r, _occasion in forwarding},
        user__is_active=True,
    ).select_related("user"):
        secretaries[seat.health_community_id].append(seat.user)

    for round_ in unscreened:
        names = {"count": round_.unscreened, "round": round_.title, "deadline": day(round_.deadline)}
        subject = (
            ngettext(
                "%(count)s søknad venter på formell kontroll: %(round)s",
                "%(count)s søknader venter på formell kontroll: %(round)s",
                round_.unscreened,
            )
            % names
        )
        body = (
            ngettext(
                "Søknadsfristen for %(round)s gikk ut %(deadline)s. %(count)s søknad har fortsatt status "
                "«Mottatt» og venter på formell kontroll.",
                "Søknadsfristen for %(round)s gikk ut %(deadline)s. %(count)s søknader har fortsatt status "
                "«Mottatt» og venter på formell kontroll.",
                round_.unscreened,
            )
            % names
        )
        url = reverse("secretariat:inbox", args=[round_.pk]) + f"?status={S.RECEIVED}"
        for user in unique(secretaries[round_.health_community_id]):
            yield Reminder(Kind.UNSCREENED, user, round_, today, subject, body, url)

    for round_, occasion in forwarding:
        names = {
            "round": round_.title,
            "deadline": day(round_.forwarding_deadline),
            "when": when((round_.forwarding_deadline - today).days),
        }
        subject = _("Frist for oversendelse til Helse Nord %(when)s: %(round)s") % names
        body = (
            _(
                "Prioriteringen for %(round)s er ikke sendt til Helse Nord. Fristen for oversendelse er "
                "%(deadline)s (%(when)s)."
            )
            % names
        )
        url = reverse("secretariat:board", args=[round_.pk])
        for user in unique(secretaries[round_.health_community_id]):
            yield Reminder(Kind.FORWARDING_DEADLINE, user, round_, occasion, subject, body, url)


# --- Committee members ------------------------------------------------------------------------------


def meeting_reminders(today: dt.date) -> Iterator[Reminder]:
    due = []
    meetings = (
        Meeting.objects.filter(
            notice_published_at__isnull=False, protocol_approved_at__isnull=True, date__gte=today
        )
        .select_related("committee")
        .order_by("date", "pk")
    )
    for meeting in meetings:
        occasion = latest_occasion(
            meeting.date, parse_day_offsets(meeting.committee.meeting_reminder_days), today
        )
        if occasion is not None and local_day(meeting.notice_published_at) <= occasion:
            due.append((meeting, occasion))
    if not due:
        return
    seats = defaultdict(list)
    for seat in CommitteeMembership.objects.filter(
        committee_id__in={meeting.committee_id for meeting, _occasion in due}, user__is_active=True
    ).select_related("user"):
        seats[seat.committee_id].append(seat.user)
    for meeting, occasion in due:
        names = {**meeting_text_names(meeting), "when": when((meeting.date - today).days)}
        subject = _("Møte %(when)s: %(committee)s %(date)s") % names
        body = (
            _(
                "%(committee)s har møte %(date)s kl. %(time)s (%(when)s).\n\nSted: %(place)s\n\n"
                "Innkallingen og sakspapirene ligger i portalen."
            )
            % names
        )
        url = reverse("committees:member_meeting", args=[meeting.pk])
        for user in unique(seats[meeting.committee_id]):
            yield Reminder(Kind.MEETING_TOMORROW, user, meeting, occasion, subject, body, url)


# --- Project leaders --------------------------------------------------------------------------------


def report_reminders(today: dt.date) -> Iterator[Reminder]:
    reports = (
        StatusReport.objects.filter(
            status__in=report_workflow.EDITABLE,
            submitted_at__isnull=True,
            due_on__lte=today + dt.timedelta(days=REPORT_NOTICE_DAYS),
            project__state=Project.State.ACTIVE,
            project__leader__is_active=True,
        )
        .select_related("project__leader")
        .order_by("due_on", "pk")
    )
    for report in reports:
        occasion = report_occasion(report.due_on, today)
        if occasion is None:
            continue
        days_left = (report.due_on - today).days
        names = {
            "report": str(report),
            "project": report.project.title,
            "due": day(report.due_on),
            "when": when(days_left),
            "days": -days_left,
        }
        if days_left >= 0:
            subject = _("Statusrapport forfaller %(when)s: %(project)s") % names
            body = _("%(report)s for %(project)s skal sendes inn innen %(due)s (%(when)s).") % names
        else:
            subject = _("Statusrapport er forfalt: %(project)s") % names
            body = (
                ngettext(
                    "%(report)s for %(project)s skulle vært sendt inn %(due)s, for %(days)s dag siden. "
                    "Du får en påminnelse hver uke til rapporten er sendt inn.",
                    "%(report)s for %(project)s skulle vært sendt inn %(due)s, for %(days)s dager siden. "
                    "Du får en påminnelse hver uke til rapporten er sendt inn.",
                    -days_left,
                )
                % names
            )
        kind = Kind.REPORT_OVERDUE if occasion > report.due_on else Kind.REPORT_DUE
        url = reverse("projects:report", args=[report.pk])
        yield Reminder(kind, report.project.leader, report, occasion, subject, body, url)
