"""Writes on meetings and cases: case numbers (never reused), the case life cycle (utkast →
publisert → behandlet, or utsatt / trukket), the generated cases (the prioritisation, the
orientation on the granted projects), habilitet, votes and the decision. Atomic, row-locked and
audited, like the application services."""

from __future__ import annotations

import re
from collections import defaultdict

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from applications.services import ApplicationError
from core import audit
from core.models import Membership, Organisation
from core.money import format_nok
from notifications import events

from . import permissions
from .models import (
    Case,
    CaseAttachment,
    CaseNumberSequence,
    Committee,
    CommitteeMembership,
    InhabilDeclaration,
    Meeting,
    Vote,
)

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
    """Organisations that are parties to the case (see party_organisation_ids_by_case)."""
    return party_organisation_ids_by_case([case])[case.pk]


def party_organisation_ids_by_case(cases) -> dict[int, set[int]]:
    """{case id: organisations that are parties to it}: the applicants of the applications in it
    (its application attachments and, for a prioritisation case, every application on the board).
    Three queries however many cases and applications."""
    from applications.models import Application

    cases = list(cases)
    attached = {
        case.pk: {a.application_id for a in case.attachments.all() if a.application_id} for case in cases
    }
    boards = {case.prioritisation_id for case in cases if case.prioritisation_id}
    in_cases = Q(pk__in=set().union(*attached.values()))
    if boards:
        in_cases |= Q(priority__prioritisation_id__in=boards)
    parties: dict[int, set[int]] = {}  # application id → its party organisations
    on_board: dict[int, set[int]] = defaultdict(set)  # prioritisation id → application ids
    for application in (
        Application.objects.filter(in_cases)
        .select_related("priority")
        .prefetch_related("owners", "participating_municipalities")
    ):
        parties[application.pk] = application.party_organisation_ids()
        entry = getattr(application, "priority", None)
        if entry is not None and entry.prioritisation_id in boards:
            on_board[entry.prioritisation_id].add(application.pk)
    result = {}
    for case in cases:
        applications = attached[case.pk] | on_board.get(case.prioritisation_id, set())
        result[case.pk] = set().union(*(parties.get(pk, set()) for pk in applications))
    return result


def inhabil_reasons(case: Case, users) -> dict[int, str]:
    """{user id: why they are inhabil for the case} (see inhabil_reasons_by_case)."""
    return inhabil_reasons_by_case([case], users)[case.pk]


def inhabil_reasons_by_case(cases, users) -> dict[int, dict[int, str]]:
    """{case id: {user id: why they are inhabil}} for those of `users` who are: automatic when an
    organisation they work for or represent in the committee is a party to the case, or declared
    for it. A fixed number of queries however many cases and members, so the case page, the
    protocol page and the protocol PDF can ask for all of them."""
    cases = list(cases)
    user_ids = [user.pk for user in users]
    if not user_ids or not cases:
        return {case.pk: {} for case in cases}
    parties_by_case = party_organisation_ids_by_case(cases)
    parties = set().union(*parties_by_case.values())
    # (user, organisation) through the user's own organisations, and per committee through the
    # organisation the seat represents.
    own = defaultdict(set)
    represented = defaultdict(set)  # (committee id, user id) → organisations
    if parties:
        for user_id, organisation_id in Membership.objects.filter(
            user__in=user_ids, organisation__in=parties
        ).values_list("user_id", "organisation_id"):
            own[user_id].add(organisation_id)
        for committee_id, user_id, organisation_id in CommitteeMembership.objects.filter(
            committee__in={case.committee_id for case in cases}, user__in=user_ids, organisation__in=parties
        ).values_list("committee_id", "user_id", "organisation_id"):
            represented[committee_id, user_id].add(organisation_id)
    names = dict(
        Organisation.objects.filter(
            pk__in=set().union(set(), *own.values(), *represented.values())
        ).values_list("pk", "name")
    )
    result = {}
    for case in cases:
        declared = {d.user_id: d for d in case.inhabil_declarations.all()}
        reasons = {}
        for user_id in user_ids:
            organisations = (own[user_id] | represented[case.committee_id, user_id]) & parties_by_case[
                case.pk
            ]
            if organisations:
                orgs = ", ".join(sorted(names[pk] for pk in organisations))
                reasons[user_id] = _("Part i saken: %(orgs)s søker.") % {"orgs": orgs}
            elif user_id in declared:
                reason = declared[user_id].reason
                reasons[user_id] = (
                    _("Meldt inhabil: %(reason)s") % {"reason": reason} if reason else _("Meldt inhabil.")
                )
        result[case.pk] = reasons
    return result


def inhabil_reason(user, case: Case) -> str | None:
    """Why the member is inhabil for the case (automatic or declared), or None."""
    return inhabil_reasons(case, [user]).get(user.pk)


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


# --- The generated orientation on granted projects ----------------------------------------------


def projects_orientation_case_text(health_community, year: int) -> dict[str, str]:
    """Title, Innstilling and Saksopplysninger of «Orientering om prosjekter som har fått tildelt
    RS-tilskudd ‹year›», from the portfolio: the number of projects and the total granted, then
    per project the applicant, the money per year, the period, the status and the latest accepted
    report's progress. Every amount, date and status comes from the data."""
    from projects.models import Project
    from projects.portfolio import orientation_portfolio, progress_summary

    with override("nb"):
        portfolio = orientation_portfolio(health_community, year)
        title = _("Orientering om prosjekter som har fått tildelt RS-tilskudd %(year)s") % {"year": year}
        per_year = ", ".join(
            f"{y} {format_nok(amount)}"
            for y, amount in zip(portfolio.years, portfolio.totals_by_year, strict=True)
        )
        health_words = {
            Project.Health.ON_TRACK: _("i rute"),
            Project.Health.AT_RISK: _("med høy risiko"),
            Project.Health.LATE: _("forsinket"),
            Project.Health.DONE: _("avsluttet"),
            Project.Health.STOPPED: _("stanset"),
        }
        health_counts = [
            f"{count} {words}"
            for state, words in health_words.items()
            if (count := sum(1 for row in portfolio.rows if row.health == state))
        ]
        paragraphs = [
            ngettext(
                "%(count)s prosjekt i %(community)s fikk tildelt rekrutterings- og samhandlingstilskudd "
                "(RS-tilskudd) for %(year)s, til sammen %(total)s (%(per_year)s). Status nå: %(health)s. "
                "Under følger en kort orientering om prosjektet, og søknaden ligger ved.",
                "%(count)s prosjekter i %(community)s fikk tildelt rekrutterings- og samhandlingstilskudd "
                "(RS-tilskudd) for %(year)s, til sammen %(total)s (%(per_year)s). Status nå: %(health)s. "
                "Under følger en kort orientering om hvert prosjekt, og søknadene ligger ved.",
                portfolio.count,
            )
            % {
                "count": portfolio.count,
                "community": health_community.name,
                "year": year,
                "total": format_nok(portfolio.total_nok),
                "per_year": per_year,
                "health": ", ".join(health_counts),
            }
        ]
        for row in portfolio.rows:
            project = row.project
            granted = ", ".join(f"{y} {format_nok(amount)}" for y, amount in sorted(row.by_year.items()))
            report = row.latest_report
            if report is None:
                progress = _("Fremdrift: Ingen rapport ennå.")
            else:
                progress = _("Fremdrift (%(report)s, godkjent): %(summary)s") % {
                    "report": f"{report.get_kind_display()} "
                    f"{date_format(report.period_start, 'd.m.Y')}–{date_format(report.period_end, 'd.m.Y')}",
                    "summary": progress_summary(report.progress) or _("Ingen beskrivelse av fremdriften."),
                }
            paragraphs.append(
                "\n".join(
                    [
                        project.title,
                        _("Søker: %(lead)s. Tildelt: %(granted)s, til sammen %(total)s.")
                        % {
                            "lead": row.lead_organisation,
                            "granted": granted,
                            "total": format_nok(row.total_nok),
                        },
                        _("Periode: %(start)s–%(end)s. Status: %(health)s.")
                        % {
                            "start": date_format(project.starts_on, "d.m.Y"),
                            "end": date_format(project.ends_on, "d.m.Y"),
                            "health": row.health_label,
                        },
                        progress,
                    ]
                )
            )
        recommendation = _("SSU tar orienteringen til orientering.")
    return {
        "title": title,
        "recommendation": recommendation,
        "background": "\n\n".join(paragraphs),
        "assessment": "",
    }


def projects_orientation_case_create(*, year: int, meeting: Meeting, actor) -> Case:
    """Generate the orientation on the projects granted in `year` in the meeting's helsefellesskap,
    with each project's application as a numbered attachment. The secretariat edits the text
    before publishing."""
    from projects.portfolio import portfolio_queryset

    community = meeting.committee.health_community
    projects = list(
        portfolio_queryset(community)
        .filter(application__round__year=year)
        .select_related("application__lead_organisation")
    )
    if not projects:
        raise CaseError(
            _("Ingen prosjekter i helsefellesskapet fikk tildelt RS-tilskudd i %(year)s.") % {"year": year},
            field="year",
        )
    text = projects_orientation_case_text(community, year)
    if (
        meeting.cases.filter(generated=Case.Generated.PROJECTS, title=text["title"])
        .exclude(status=Case.Status.WITHDRAWN)
        .exists()
    ):
        raise CaseError(
            _("Møtet har allerede en orientering om prosjektene fra %(year)s.") % {"year": year}, field="year"
        )
    with transaction.atomic():
        case = case_create(
            committee=meeting.committee,
            actor=actor,
            meeting=meeting,
            kind=Case.Kind.INFORMATION,
            **text,
        )
        case.generated = Case.Generated.PROJECTS
        case.save(update_fields=["generated"])
        with override("nb"):
            CaseAttachment.objects.bulk_create(
                [
                    CaseAttachment(
                        case=case,
                        order=i,
                        title=_("Søknad: %(title)s (%(org)s)")
                        % {"title": p.application.title, "org": p.application.lead_organisation},
                        application=p.application,
                    )
                    for i, p in enumerate(projects, start=1)
                ]
            )
    return case


def meeting_projects_orientation_case_add(*, year: int, meeting: Meeting, actor) -> Case:
    """The generated orientation on the projects (projects_orientation_case_create) on a meeting of
    the SSU, whose helsefellesskap's projects it covers, placed before the orientations and
    Eventuelt."""
    with transaction.atomic():
        locked = _locked_meeting(meeting)
        if locked.committee.kind != Committee.Kind.SSU:
            raise CaseError(
                _("Orienteringen om prosjektene behandles i SSU i helsefellesskapet som følger dem opp."),
                field="year",
            )
        case = projects_orientation_case_create(year=year, meeting=locked, actor=actor)
        _agenda_place(locked, case)
    return case


# --- Meetings: the agenda, the notice, attendance and the protocol ------------------------------
# Appended for the committee pages (views in committees/views_*.py). Each is atomic, locks the
# meeting row before its cases, and writes an audit row in the same transaction.

# Standing items kept at the end of the agenda: new cases go in before them.
AGENDA_TAIL = (Case.Standing.ORIENTATIONS, Case.Standing.OTHER_BUSINESS)
# Standing items that never move: the approval of the notice first, Eventuelt last.
AGENDA_FIXED = (Case.Standing.AGENDA, Case.Standing.OTHER_BUSINESS)
OPEN_STATUSES = (Case.Status.DRAFT, Case.Status.PUBLISHED)


def _standing_cases() -> list[dict]:
    """The standing cases of every meeting, in agenda order; stored in bokmål like the papers."""
    with override("nb"):
        return [
            {
                "standing": Case.Standing.AGENDA,
                "kind": Case.Kind.DECISION,
                "title": _("Godkjenning av innkalling og saksliste"),
                "recommendation": _("Innkalling og saksliste godkjennes."),
            },
            {
                "standing": Case.Standing.ORIENTATIONS,
                "kind": Case.Kind.INFORMATION,
                "title": _("Orienteringer fra sekretariatet"),
            },
            {
                "standing": Case.Standing.OTHER_BUSINESS,
                "kind": Case.Kind.INFORMATION,
                "title": _("Eventuelt"),
            },
        ]


def _locked_meeting(meeting: Meeting) -> Meeting:
    """The meeting row, locked; refused once its protocol is approved (the agenda is history)."""
    locked = Meeting.objects.select_for_update().select_related("committee").get(pk=meeting.pk)
    if locked.protocol_approved_at is not None:
        raise CaseError(
            _("Protokollen for møtet %(meeting)s er godkjent. Sett saken opp på et senere møte.")
            % {"meeting": date_format(locked.date, "d.m.Y")},
            field="meeting",
        )
    return locked


def _agenda(meeting: Meeting) -> list[Case]:
    return list(
        Case.objects.select_for_update().filter(meeting=meeting).order_by("agenda_order", "number", "pk")
    )


def _agenda_renumber(cases: list[Case]) -> None:
    changed = []
    for position, case in enumerate(cases, start=1):
        if case.agenda_order != position:
            case.agenda_order = position
            changed.append(case)
    Case.objects.bulk_update(changed, ["agenda_order"])


def _agenda_place(meeting: Meeting, case: Case) -> None:
    """Put the case last among the ordinary cases: before the orientations and Eventuelt."""
    others = [c for c in _agenda(meeting) if c.pk != case.pk]
    at = len(others)
    while at > 0 and others[at - 1].standing in AGENDA_TAIL:
        at -= 1
    _agenda_renumber([*others[:at], case, *others[at:]])


def meeting_create(
    *,
    committee: Committee,
    actor,
    date,
    starts_at,
    kind: str = Meeting.Kind.ORDINARY,
    ends_at=None,
    place: str = "",
    video_link: str = "",
) -> Meeting:
    """A meeting with its standing cases, numbered in agenda order: the approval of the notice
    and agenda, the secretariat's orientations and Eventuelt."""
    with transaction.atomic():
        meeting = Meeting.objects.create(
            committee=committee,
            kind=kind,
            date=date,
            starts_at=starts_at,
            ends_at=ends_at,
            place=place.strip(),
            video_link=video_link.strip(),
        )
        audit.record(actor=actor, action="meeting.create", target=meeting, summary=str(meeting))
        for standing in _standing_cases():
            case_create(committee=committee, actor=actor, meeting=meeting, **standing)
    return meeting


def meeting_case_add(*, meeting: Meeting, actor, title: str, kind: str = Case.Kind.DECISION) -> Case:
    """A new case on the meeting's agenda, before the orientations and Eventuelt."""
    with transaction.atomic():
        locked = _locked_meeting(meeting)
        case = case_create(committee=locked.committee, actor=actor, meeting=locked, title=title, kind=kind)
        _agenda_place(locked, case)
    return case


def meeting_prioritisation_case_add(*, prioritisation, meeting: Meeting, actor) -> Case:
    """The generated prioritisation case (prioritisation_case_create) on a meeting of the SSU of
    the round's helsefellesskap, placed before the orientations and Eventuelt."""
    from applications.models import Prioritisation

    with transaction.atomic():
        locked = _locked_meeting(meeting)
        prio = Prioritisation.objects.select_for_update().select_related("round").get(pk=prioritisation.pk)
        committee = locked.committee
        if (
            committee.kind != Committee.Kind.SSU
            or committee.health_community_id != prio.round.health_community_id
        ):
            raise CaseError(
                _("Prioriteringssaken behandles i SSU i helsefellesskapet som har utlysningen."),
                field="meeting",
            )
        if prio.is_forwarded or prio.decided_on:
            raise CaseError(_("SSU har allerede vedtatt prioriteringen."))
        if prio.is_frozen and locked.date < timezone.localtime(prio.frozen_at).date():
            raise CaseError(_("Velg et møte etter at prioriteringen ble låst."), field="meeting")
        case = prioritisation_case_create(prioritisation=prio, meeting=locked, actor=actor)
        _agenda_place(locked, case)
    return case


def case_edit(*, case: Case, actor, **fields) -> Case:
    """case_update, and a case moved to another meeting goes in before that meeting's
    orientations and Eventuelt."""
    with transaction.atomic():
        before = Case.objects.filter(pk=case.pk).values_list("meeting_id", flat=True).get()
        meeting = fields.get("meeting")
        if meeting is not None and meeting.pk != before:
            _locked_meeting(meeting)
        updated = case_update(case=case, actor=actor, **fields)
        if updated.meeting_id is not None and updated.meeting_id != before:
            _agenda_place(updated.meeting, updated)
    return updated


def meeting_case_postpone(*, case: Case, actor, to_meeting: Meeting | None = None) -> Case:
    """case_postpone; a case moved to a later meeting keeps its number and goes in before that
    meeting's orientations and Eventuelt."""
    with transaction.atomic():
        if to_meeting is not None:
            _locked_meeting(to_meeting)
        postponed = case_postpone(case=case, actor=actor, to_meeting=to_meeting)
        if to_meeting is not None:
            _agenda_place(to_meeting, postponed)
    return postponed


def case_move(*, case: Case, actor, direction: str) -> Case:
    """Move a case one place up or down the agenda. The approval of the notice stays first and
    Eventuelt last."""
    if case.meeting_id is None:
        raise CaseError(_("Saken er ikke satt opp på noe møte."))
    with transaction.atomic():
        meeting = _locked_meeting(case.meeting)
        cases = _agenda(meeting)
        index = next((i for i, c in enumerate(cases) if c.pk == case.pk), None)
        if index is None:  # moved to another meeting in the meantime
            raise CaseError(_("Saken står ikke lenger på dette møtet."))
        target = index - 1 if direction == "up" else index + 1
        if cases[index].standing in AGENDA_FIXED:
            raise CaseError(
                _("Godkjenning av innkalling og saksliste står alltid først, og Eventuelt alltid sist.")
            )
        if not 0 <= target < len(cases) or cases[target].standing in AGENDA_FIXED:
            raise CaseError(
                _("Saken står allerede øverst.") if direction == "up" else _("Saken står allerede nederst.")
            )
        cases[index], cases[target] = cases[target], cases[index]
        _agenda_renumber(cases)
        audit.record(
            actor=actor,
            action="meeting.agenda",
            target=meeting,
            summary=f"{cases[target].reference} {direction}",
        )
    return cases[target]


def meeting_publish_notice(*, meeting: Meeting, actor) -> Meeting:
    """Publish the notice (innkallingen): the meeting, its saksliste and its published cases are
    shown to the committee's members and, without the exempt cases' text, to the public."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.notice_published_at is not None:
            raise CaseError(_("Innkallingen er allerede publisert."))
        locked.notice_published_at = timezone.now()
        locked.save(update_fields=["notice_published_at"])
        audit.record(actor=actor, action="meeting.publish_notice", target=locked, summary=str(locked))
        events.meeting_notice_published(meeting=locked)
    return locked


def attendance_record(*, meeting: Meeting, actor, rows: dict[int, tuple[bool, str]]) -> None:
    """Who was present and who had forfall: membership pk → (present, note)."""
    from .models import Attendance, CommitteeMembership

    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.protocol_approved_at is not None:
            raise CaseError(_("Protokollen er godkjent, og oppmøtet kan ikke endres."))
        seats = set(
            CommitteeMembership.objects.filter(committee_id=locked.committee_id, pk__in=rows).values_list(
                "pk", flat=True
            )
        )
        if seats != set(rows):
            raise CaseError(_("Bare medlemmer av utvalget kan føres i oppmøtet."))
        for membership_id, (present, note) in rows.items():
            Attendance.objects.update_or_create(
                meeting=locked,
                membership_id=membership_id,
                defaults={"present": present, "note": note.strip()},
            )
        audit.record(
            actor=actor,
            action="meeting.attendance",
            target=locked,
            changes={str(pk): "present" if present else "absent" for pk, (present, _note) in rows.items()},
        )


def protocol_approve(*, meeting: Meeting, actor) -> Meeting:
    """Approve the protocol once the meeting is held, attendance is recorded and every case on
    the agenda is decided, postponed or withdrawn."""
    with transaction.atomic():
        locked = Meeting.objects.select_for_update().get(pk=meeting.pk)
        if locked.protocol_approved_at is not None:
            raise CaseError(_("Protokollen er allerede godkjent."))
        if locked.date > timezone.localdate():
            raise CaseError(_("Protokollen kan godkjennes etter møtet."))
        if not locked.attendance.exists():
            raise CaseError(_("Registrer oppmøtet før protokollen godkjennes."))
        still_open = list(locked.cases.filter(status__in=OPEN_STATUSES).order_by("agenda_order", "number"))
        if still_open:
            raise CaseError(
                _("Disse sakene er ikke behandlet, utsatt eller trukket: %(cases)s.")
                % {"cases": ", ".join(case.reference for case in still_open)}
            )
        locked.protocol_approved_at, locked.protocol_approved_by = timezone.now(), actor
        locked.save(update_fields=["protocol_approved_at", "protocol_approved_by"])
        audit.record(actor=actor, action="meeting.protocol_approve", target=locked, summary=str(locked))
    return locked


def case_attachment_add(*, case: Case, actor, title: str, uploaded_file, accepted) -> CaseAttachment:
    """Store a Vedlegg that core.uploads.validate_upload accepted, under a generated name, as the
    next numbered attachment."""
    from django.db.models import Max

    with transaction.atomic():
        locked = _locked(case)
        if locked.status not in EDITABLE_STATUSES:
            raise CaseError(
                _("Vedlegg kan ikke endres når saken har status «%(status)s».")
                % {"status": locked.get_status_display()},
                field="file",
            )
        last = locked.attachments.aggregate(last=Max("order"))["last"] or 0
        attachment = CaseAttachment(
            case=locked,
            order=last + 1,
            title=(title.strip() or accepted.display_name)[:300],
            content_type=accepted.content_type,
        )
        uploaded_file.seek(0)
        attachment.file.save(f"vedlegg{accepted.extension}", uploaded_file, save=False)
        attachment.save()
        locked.save(update_fields=["updated_at"])
        audit.record(actor=actor, action="case.attachment_add", target=locked, summary=attachment.title)
    return attachment


def case_attachment_remove(*, attachment: CaseAttachment, actor) -> None:
    """Remove an uploaded Vedlegg. The applications of a generated case stay: they decide who is
    inhabil."""
    with transaction.atomic():
        locked = _locked(attachment.case)
        if locked.status not in EDITABLE_STATUSES:
            raise CaseError(
                _("Vedlegg kan ikke endres når saken har status «%(status)s».")
                % {"status": locked.get_status_display()}
            )
        if attachment.application_id:
            raise CaseError(_("Søknadene i saken kan ikke fjernes. De avgjør hvem som er inhabile."))
        stored = attachment.file.name
        storage = attachment.file.storage
        attachment.delete()
        locked.save(update_fields=["updated_at"])
        audit.record(actor=actor, action="case.attachment_remove", target=locked, summary=attachment.title)
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))
