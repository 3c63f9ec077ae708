"""Writes on meetings and cases: case numbers (never reused), the case life cycle (utkast →
publisert → behandlet, or utsatt / trukket), the generated prioritisation case, habilitet, votes
and the decision. Atomic, row-locked and audited, like the application services."""

from __future__ import annotations

import re

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import override

from applications.services import ApplicationError
from core import audit
from core.money import format_nok

from . import permissions
from .models import Case, CaseAttachment, CaseNumberSequence, Committee, InhabilDeclaration, Meeting, Vote

CaseError = ApplicationError

# What an unfinished case paper looks like: "Kr. X", "kr XX", "[beløp]", "???", "TBD", "{{ … }}".
PLACEHOLDERS = [
    re.compile(r"\bkr\.?\s*[xX]+\b", re.IGNORECASE),
    re.compile(r"(?<![\w.-])X{1,3}(?![\w-])"),
    re.compile(r"\[[^\]\n]{0,40}\]"),
    re.compile(r"\?{2,}"),
    re.compile(r"\bTBD\b|\bTODO\b|<\s*fyll inn\s*>", re.IGNORECASE),
    re.compile(r"\{\{.*?\}\}|\{%.*?%\}"),
]
SECTIONS = (
    ("title", Case._meta.get_field("title").verbose_name),
    ("recommendation", Case._meta.get_field("recommendation").verbose_name),
    ("background", Case._meta.get_field("background").verbose_name),
    ("assessment", Case._meta.get_field("assessment").verbose_name),
)
EDITABLE_STATUSES = (Case.Status.DRAFT, Case.Status.PUBLISHED, Case.Status.POSTPONED)


# --- Case numbers -------------------------------------------------------------------------------


def case_number_allocate(*, committee: Committee, year: int) -> int:
    """The next number for the committee and year. Must run inside the caller's transaction: the
    sequence row stays locked until it commits, so concurrent callers queue up."""
    CaseNumberSequence.objects.bulk_create(
        [CaseNumberSequence(committee=committee, year=year)], ignore_conflicts=True
    )
    sequence = CaseNumberSequence.objects.select_for_update().get(committee=committee, year=year)
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return sequence.last_number


# --- The case life cycle ----------------------------------------------------------------------


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("committee", "meeting").get(pk=case.pk)


def _check_meeting(committee: Committee, meeting: Meeting | None) -> None:
    if meeting is not None and meeting.committee_id != committee.pk:
        raise CaseError(_("Møtet hører til et annet utvalg."), field="meeting")


def case_create(
    *,
    committee: Committee,
    actor,
    title: str,
    kind: str = Case.Kind.DECISION,
    meeting: Meeting | None = None,
    year: int | None = None,
    **sections,
) -> Case:
    """A new case with the next free number of the committee's year (the meeting's year, or this
    year). The number is the case's for good."""
    _check_meeting(committee, meeting)
    year = year or (meeting.date.year if meeting else timezone.localdate().year)
    with transaction.atomic():
        number = case_number_allocate(committee=committee, year=year)
        last_order = (
            meeting.cases.order_by("-agenda_order").values_list("agenda_order", flat=True).first() or 0
            if meeting
            else 0
        )
        case = Case.objects.create(
            committee=committee,
            year=year,
            number=number,
            meeting=meeting,
            agenda_order=last_order + 1,
            kind=kind,
            title=title.strip(),
            created_by=actor,
            **sections,
        )
        audit.record(actor=actor, action="case.create", target=case, summary=f"{case.reference} {case.title}")
    return case


def case_update(*, case: Case, actor, **fields) -> Case:
    """Edit the text of a case not yet decided. A published case that changes stays published;
    its PDF is made again because its content hash changes."""
    with transaction.atomic():
        locked = _locked(case)
        if locked.status not in EDITABLE_STATUSES:
            raise CaseError(
                _("Saken kan ikke endres når den har status «%(status)s».")
                % {"status": locked.get_status_display()}
            )
        if "meeting" in fields:
            _check_meeting(locked.committee, fields["meeting"])
        changes = {}
        for name, value in fields.items():
            old = getattr(locked, name)
            if old != value:
                changes[name] = [str(old), str(value)]
                setattr(locked, name, value)
        if changes:
            locked.save(update_fields=[*fields, "updated_at"])
            audit.record(actor=actor, action="case.update", target=locked, changes=changes)
    return locked


def case_placeholders(case: Case) -> list[str]:
    """What is left unfilled in the case paper, as «section: "snippet"»; empty when none."""
    found = []
    for name, label in SECTIONS:
        text = getattr(case, name) or ""
        for pattern in PLACEHOLDERS:
            for match in pattern.finditer(text):
                found.append(f"{str(label).capitalize()}: «{match.group(0)}»")
    return found


def case_publish(*, case: Case, actor) -> Case:
    """Publish the case paper to the committee. Refused while any placeholder is left, while the
    Innstilling of a decision case is empty, and without a meeting."""
    with transaction.atomic():
        locked = _locked(case)
        if locked.status not in (Case.Status.DRAFT, Case.Status.POSTPONED):
            raise CaseError(_("Bare utkast og utsatte saker kan publiseres."))
        if locked.meeting is None:
            raise CaseError(_("Sett saken opp på et møte før den publiseres."), field="meeting")
        if locked.kind == Case.Kind.DECISION and not locked.recommendation_points:
            raise CaseError(_("En beslutningssak må ha en innstilling."), field="recommendation")
        left = case_placeholders(locked)
        if left:
            raise CaseError(
                _("Saken kan ikke publiseres før alt er fylt inn. Rett dette: %(left)s.")
                % {"left": "; ".join(left)},
                field="recommendation",
            )
        locked.status, locked.published_at = Case.Status.PUBLISHED, timezone.now()
        locked.save(update_fields=["status", "published_at", "updated_at"])
        audit.record(actor=actor, action="case.publish", target=locked, summary=locked.reference)
    return locked


def case_postpone(*, case: Case, actor, to_meeting: Meeting | None = None) -> Case:
    """Postpone the case; with a later meeting it is moved there, keeping its number."""
    with transaction.atomic():
        locked = _locked(case)
        if locked.status not in (Case.Status.DRAFT, Case.Status.PUBLISHED, Case.Status.POSTPONED):
            raise CaseError(
                _("Saken kan ikke utsettes når den har status «%(status)s».")
                % {"status": locked.get_status_display()}
            )
        _check_meeting(locked.committee, to_meeting)
        if to_meeting is not None and locked.meeting and to_meeting.date <= locked.meeting.date:
            raise CaseError(_("Velg et senere møte."), field="meeting")
        before = locked.meeting
        locked.status = Case.Status.POSTPONED
        if to_meeting is not None:
            locked.meeting = to_meeting
            locked.agenda_order = (
                to_meeting.cases.order_by("-agenda_order").values_list("agenda_order", flat=True).first() or 0
            ) + 1
        locked.save(update_fields=["status", "meeting", "agenda_order", "updated_at"])
        audit.record(
            actor=actor,
            action="case.postpone",
            target=locked,
            summary=locked.reference,
            changes={"meeting": [str(before or ""), str(locked.meeting or "")]},
        )
    return locked


def case_withdraw(*, case: Case, actor, reason: str = "") -> Case:
    """Withdraw the case. Its number stays used: the next case gets the next number."""
    with transaction.atomic():
        locked = _locked(case)
        if locked.status == Case.Status.DECIDED:
            raise CaseError(_("En behandlet sak kan ikke trekkes."))
        locked.status = Case.Status.WITHDRAWN
        locked.save(update_fields=["status", "updated_at"])
        audit.record(actor=actor, action="case.withdraw", target=locked, summary=reason[:300])
    return locked


def case_decide(*, case: Case, actor, decision: str | None = None) -> Case:
    """Record the vedtak; without a text the Innstilling is adopted as it stands. A decided
    prioritisation case records the SSU's decision on the ranking, which unlocks forwarding."""
    from applications import prioritisation as board

    with transaction.atomic():
        locked = _locked(case)
        if locked.status != Case.Status.PUBLISHED:
            raise CaseError(_("Bare publiserte saker kan behandles."))
        text = (decision if decision is not None else locked.recommendation).strip()
        if locked.kind == Case.Kind.DECISION and not text:
            raise CaseError(_("Skriv vedtaket."), field="decision")
        locked.status, locked.decision, locked.decided_at = Case.Status.DECIDED, text, timezone.now()
        locked.save(update_fields=["status", "decision", "decided_at", "updated_at"])
        audit.record(actor=actor, action="case.decide", target=locked, summary=locked.reference)
        if locked.generated == Case.Generated.PRIORITISATION and locked.prioritisation_id:
            board.board_record_decision(
                round_=locked.prioritisation.round,
                actor=actor,
                version=None,
                decided_on=locked.meeting.date if locked.meeting else timezone.localdate(),
                reference=locked.reference,
            )
    return locked


# --- Habilitet and votes ----------------------------------------------------------------------


def case_party_organisation_ids(case: Case) -> set[int]:
    """Organisations that are parties to the case: the applicants of the applications in it."""
    ids: set[int] = set()
    applications = [a.application for a in case.attachments.all() if a.application_id]
    if case.prioritisation_id:
        applications += [e.application for e in case.prioritisation.entries.select_related("application")]
    for application in applications:
        ids |= application.party_organisation_ids()
    return ids


def inhabil_reason(user, case: Case) -> str | None:
    """Why the member is inhabil for the case (automatic or declared), or None."""
    shared = permissions.member_organisation_ids(user, case.committee) & case_party_organisation_ids(case)
    if shared:
        from core.models import Organisation

        names = ", ".join(
            Organisation.objects.filter(pk__in=shared).order_by("name").values_list("name", flat=True)
        )
        return _("Part i saken: %(orgs)s søker.") % {"orgs": names}
    declaration = case.inhabil_declarations.filter(user=user).first()
    if declaration:
        return (
            _("Meldt inhabil: %(reason)s") % {"reason": declaration.reason}
            if declaration.reason
            else _("Meldt inhabil.")
        )
    return None


def inhabil_declare(*, case: Case, actor, reason: str = "") -> InhabilDeclaration:
    if not permissions.is_committee_member(actor, case.committee):
        raise CaseError(_("Bare medlemmer av utvalget kan melde seg inhabile."))
    with transaction.atomic():
        declaration, _created = InhabilDeclaration.objects.update_or_create(
            case=case, user=actor, defaults={"reason": reason.strip()}
        )
        Vote.objects.filter(case=case, user=actor).delete()
        audit.record(actor=actor, action="case.inhabil", target=case, summary=reason[:300])
    return declaration


def vote_record(*, case: Case, member, choice: str, actor) -> Vote:
    """A member's vote on a decision case, recorded by the secretariat in the protocol or by the
    member. Refused for an inhabil member: they left the case."""
    if not permissions.is_committee_member(member, case.committee):
        raise CaseError(_("Bare medlemmer av utvalget kan stemme."))
    reason = inhabil_reason(member, case)
    if reason:
        raise CaseError(
            _("%(member)s er inhabil i saken og kan ikke stemme. %(reason)s")
            % {
                "member": member.get_full_name() or member.email,
                "reason": reason,
            }
        )
    if case.status not in (Case.Status.PUBLISHED, Case.Status.DECIDED):
        raise CaseError(_("Det kan bare stemmes over publiserte saker."))
    try:
        with transaction.atomic():
            vote, _created = Vote.objects.update_or_create(
                case=case, user=member, defaults={"choice": choice}
            )
            audit.record(actor=actor, action="case.vote", target=case, changes={str(member.pk): choice})
    except IntegrityError as error:  # pragma: no cover - the unique constraint under a race
        raise CaseError(_("Stemmen kunne ikke lagres. Prøv igjen.")) from error
    return vote


# --- The generated prioritisation case ----------------------------------------------------------


def prioritisation_case_text(prioritisation) -> dict[str, str]:
    """Title, Innstilling, Saksopplysninger and Vurdering of the prioritisation case, every
    amount taken from the frozen board. The table itself is drawn from the data when rendered."""
    from applications.prioritisation import board_for_round

    round_ = prioritisation.round
    board = board_for_round(round_)
    regional, local = board.totals["regional"], board.totals["local"]
    with override("nb"):
        points = [
            _(
                "Strategisk samarbeidsutvalg prioriterer søknadene om regionalt rekrutterings- og "
                "samhandlingstilskudd for %(year)s i rekkefølgen i tabellen, med til sammen %(total)s "
                "anbefalt fra den regionale potten."
            )
            % {"year": round_.year, "total": format_nok(regional.allocated_nok)}
        ]
        local_rows = [e for e in board.local if e.local_nok]
        if local_rows:
            points.append(
                _("Av den lokale potten tildeles: %(list)s.")
                % {"list": "; ".join(f"{e.application.title} {format_nok(e.local_nok)}" for e in local_rows)}
            )
        for allocation in board.direct:
            points.append(
                _("%(amount)s av de lokale midlene brukes til %(title)s.")
                % {"amount": format_nok(allocation.amount_nok), "title": allocation.title}
            )
        points.append(
            _(
                "Av den lokale potten på %(frame)s (%(amount)s for året og %(carried)s overført) er "
                "%(allocated)s fordelt; %(remaining)s står igjen."
            )
            % {
                "frame": format_nok(local.frame_nok),
                "amount": format_nok(local.amount_nok),
                "carried": format_nok(local.carried_over_nok),
                "allocated": format_nok(local.allocated_nok),
                "remaining": format_nok(local.remaining_nok),
            }
        )
        points.append(
            _("Sekretariatet sender de prioriterte søknadene med vedlegg til Helse Nord innen %(date)s.")
            % {"date": date_format(round_.forwarding_deadline, "d.m.Y")}
        )
        background = _(
            "Helsefellesskapet har mottatt %(count)s søknader om rekrutterings- og "
            "samhandlingstilskudd for %(year)s, med til sammen %(applied)s omsøkt. Sekretariatet har "
            "gjort formell kontroll og vurdert søknadene etter kriteriene for utlysningen. Alle "
            "søknadene er vurdert for både lokal og regional pott. Tabellen viser søknadene i "
            "prioritert rekkefølge med anbefalt beløp fra hver pott."
        ) % {
            "count": len(board.regional),
            "year": round_.year,
            "applied": format_nok(sum(e.application.amount_applied_nok or 0 for e in board.regional)),
        }
        assessment = _(
            "Sekretariatet anbefaler rangeringen i tabellen. Den regionale potten deles av de fire "
            "helsefellesskapene i Helse Nord, og endelig tildeling gjøres av Helse Nord."
        )
        title = _("Prioritering av søknader om rekrutterings- og samhandlingstilskudd %(year)s") % {
            "year": round_.year
        }
    return {
        "title": title,
        "recommendation": "\n".join(points),
        "background": background,
        "assessment": assessment,
    }


def prioritisation_case_create(*, prioritisation, meeting: Meeting, actor) -> Case:
    """Generate the prioritisation case from the frozen ranking, with each application as a
    numbered attachment. The secretariat edits the text before publishing."""
    if not prioritisation.is_frozen:
        raise CaseError(_("Lås prioriteringen før saken lages."))
    if prioritisation.cases.exclude(status=Case.Status.WITHDRAWN).exists():
        raise CaseError(_("Det finnes allerede en prioriteringssak for denne utlysningen."))
    text = prioritisation_case_text(prioritisation)
    with transaction.atomic():
        case = case_create(
            committee=meeting.committee,
            actor=actor,
            meeting=meeting,
            kind=Case.Kind.DECISION,
            **text,
        )
        case.generated, case.prioritisation = Case.Generated.PRIORITISATION, prioritisation
        case.save(update_fields=["generated", "prioritisation"])
        entries = prioritisation.entries.select_related("application__lead_organisation").order_by(
            "regional_rank"
        )
        CaseAttachment.objects.bulk_create(
            [
                CaseAttachment(
                    case=case,
                    order=i,
                    title=_("Søknad: %(title)s (%(org)s)")
                    % {"title": e.application.title, "org": e.application.lead_organisation},
                    application=e.application,
                )
                for i, e in enumerate(entries, start=1)
            ]
        )
    return case
