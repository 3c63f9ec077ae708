"""Notifications caused by something a person did: a status change of an application that its
applicants should hear about (received, formally rejected, forwarded, granted, refused) and the
publication of a meeting's notice. The service that makes the change calls these inside its own
transaction, so the notification exists exactly when the change does; notify() sends the e-mail
after commit.

A status notification targets the StatusEvent row, not the application: that makes its key
(kind, object, recipient, due date) unique per status change without a due date, and a second
submission of the same application (a new version) is announced again."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from applications.models import Application, Award, StatusEvent
from committees.models import CommitteeMembership, Meeting
from core.models import User
from core.money import format_nok

from .models import Kind
from .services import notify

S = Application.Status

# The statuses an applicant is told about; the secretariat's intermediate steps (under review,
# assessed, prioritised) are not news to them.
ANNOUNCED = frozenset({S.RECEIVED, S.REJECTED_FORMAL, S.FORWARDED, S.GRANTED, S.REFUSED})


def day(value) -> str:
    return date_format(value, "d.m.Y")


def applicant_recipients(application: Application, *, submitter=None) -> list[User]:
    """The active users of the lead organisation, and whoever sent the application in (the last
    version's submitter unless given) if not among them."""
    users = {
        user.pk: user
        for user in User.objects.filter(
            memberships__organisation_id=application.lead_organisation_id, is_active=True
        ).order_by("pk")
    }
    if submitter is None:
        version = application.versions.select_related("submitted_by").order_by("-number").first()
        submitter = version.submitted_by if version else None
    if submitter is not None and submitter.is_active:
        users.setdefault(submitter.pk, submitter)
    return list(users.values())


def application_status_changed(
    *, application: Application, event: StatusEvent, award: Award | None = None, submitter=None
) -> int:
    """Tell the applicants about `event` if its status is one they hear about; returns how many
    notifications were made. Call inside the transaction that made the event."""
    if event.to_status not in ANNOUNCED or not event.visible_to_applicant:
        return 0
    if event.to_status in (S.GRANTED, S.REFUSED) and award is None:
        award = Award.objects.filter(application=application).first()
    with override("nb"):
        subject, body = status_text(application, event, award)
    url = reverse("applications:detail", args=[application.pk])
    made = 0
    for user in applicant_recipients(application, submitter=submitter):
        made += bool(
            notify(
                kind=Kind.STATUS_CHANGE,
                recipient=user,
                target=event,
                subject=subject,
                body=body,
                url=url,
                # The submitter has the receipt e-mail with the PDF; «mottatt» is in the portal.
                no_email_because=(
                    _("Kvitteringen med PDF-en er sendt på e-post.")
                    if event.to_status == S.RECEIVED and submitter is not None and user.pk == submitter.pk
                    else ""
                ),
            )
        )
    return made


def status_text(application: Application, event: StatusEvent, award: Award | None) -> tuple[str, str]:
    names = {
        "title": str(application),
        "reference": application.reference,
        "community": str(application.round.health_community),
        "reason": event.reason,
    }
    status = event.to_status
    if status == S.RECEIVED:
        names["when"] = date_format(timezone.localtime(event.at), "d.m.Y \\k\\l. H.i")
        names["deadline"] = day(application.round.deadline)
        return (
            _("Søknaden er mottatt: %(title)s") % names,
            _(
                "Søknaden «%(title)s» (%(reference)s) ble sendt inn %(when)s og er mottatt av "
                "%(community)s. Du kan endre den og sende den inn på nytt fram til søknadsfristen "
                "%(deadline)s kl. 23.59."
            )
            % names,
        )
    if status == S.REJECTED_FORMAL:
        return (
            _("Søknaden er formelt avvist: %(title)s") % names,
            _(
                "Sekretariatet i %(community)s har avvist søknaden «%(title)s» (%(reference)s) etter den "
                "formelle kontrollen.\n\nBegrunnelse: %(reason)s"
            )
            % names,
        )
    if status == S.FORWARDED:
        return (
            _("Søknaden er sendt til Helse Nord: %(title)s") % names,
            _(
                "Søknaden «%(title)s» (%(reference)s) er prioritert av %(community)s og sendt til Helse "
                "Nord, som fatter vedtak om tildeling."
            )
            % names,
        )
    if status == S.GRANTED:
        years = list(award.years.all()) if award else []
        names["amount"] = format_nok(sum(year.amount_nok for year in years))
        body = _("Helse Nord har innvilget %(amount)s til «%(title)s» (%(reference)s).") % names
        if len(years) > 1:
            body += "\n\n" + _("Fordelt per år: %(years)s.") % {
                "years": ", ".join(f"{year.year}: {format_nok(year.amount_nok)}" for year in years)
            }
        if names["reason"]:
            body += "\n\n" + _("Merknad: %(reason)s") % names
        return _("Søknaden er innvilget: %(title)s") % names, body
    # S.REFUSED
    return (
        _("Søknaden er avslått: %(title)s") % names,
        _("Helse Nord har avslått søknaden «%(title)s» (%(reference)s).\n\nBegrunnelse: %(reason)s") % names,
    )


def meeting_text_names(meeting: Meeting) -> dict[str, str]:
    return {
        "committee": str(meeting.committee),
        "date": day(meeting.date),
        "time": meeting.starts_at.strftime("%H.%M"),
        "place": meeting.place or _("se innkallingen"),
    }


def meeting_notice_published(*, meeting: Meeting) -> int:
    """Papers published: every seat of the committee hears that the notice and its case papers
    are out. Call inside the transaction that publishes the notice."""
    seats = CommitteeMembership.objects.filter(
        committee_id=meeting.committee_id, user__is_active=True
    ).select_related("user")
    with override("nb"):
        names = meeting_text_names(meeting)
        subject = _("Sakspapirer publisert: %(committee)s %(date)s") % names
        body = (
            _(
                "Innkallingen og sakspapirene til møtet i %(committee)s %(date)s kl. %(time)s er "
                "publisert.\n\nSted: %(place)s"
            )
            % names
        )
    url = reverse("committees:member_meeting", args=[meeting.pk])
    made = 0
    for seat in seats:
        made += bool(
            notify(
                kind=Kind.PAPERS_PUBLISHED,
                recipient=seat.user,
                target=meeting,
                subject=subject,
                body=body,
                url=url,
            )
        )
    return made
