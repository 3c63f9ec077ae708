"""The prioritisation board of a round and the forwarding to Helse Nord.

The board holds every assessed application twice: ranked for the regional pot and placed in the
allocation of the local pot, each with a recommended amount (together never above the amount
applied), plus direct allocations from the local pot without an application. Every save carries
the version it was based on and is refused when someone saved in between (optimistic locking),
so two secretaries never overwrite each other silently. Freezing makes the ranking the basis of
the prioritisation case (SSU) and moves the applications to «prioritert»; once the SSU has
decided, forwarding moves them to «videresendt» and a Celery task builds the package.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Value
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import audit
from core.money import format_nok
from core.prefetch import prefetch_together, values_together
from core.queue import enqueue_on_commit
from notifications import events

from . import review, workflow
from .models import (
    Application,
    DirectAllocation,
    ForwardingPackage,
    Pot,
    Prioritisation,
    PriorityEntry,
    Round,
)
from .selectors import long_texts
from .services import ApplicationError

S = Application.Status


class BoardConflict(ApplicationError):
    """Someone saved the board after this user opened it."""


# --- Reads ------------------------------------------------------------------------------------


@dataclass
class PotTotals:
    kind: str
    label: str
    exists: bool
    amount_nok: int
    carried_over_nok: int
    allocated_nok: int

    @property
    def frame_nok(self) -> int:
        return self.amount_nok + self.carried_over_nok

    @property
    def remaining_nok(self) -> int:
        return self.frame_nok - self.allocated_nok

    @property
    def over(self) -> bool:
        return self.remaining_nok < 0


@dataclass
class Board:
    prioritisation: Prioritisation
    regional: list[PriorityEntry]
    local: list[PriorityEntry]
    direct: list[DirectAllocation]
    totals: dict[str, PotTotals]
    in_review: int
    packages: list[ForwardingPackage] = field(default_factory=list)

    @property
    def over_allocated(self) -> list[PotTotals]:
        return [pot for pot in self.totals.values() if pot.over]

    @property
    def latest_package(self) -> ForwardingPackage | None:
        return self.packages[0] if self.packages else None


def _entries_queryset(prioritisation):
    return (
        PriorityEntry.objects.filter(prioritisation=prioritisation)
        .select_related("application__lead_organisation", "application__round")
        .defer(*long_texts("application__"))
    )


def _board_entries(prioritisation):
    """The entries as the board reads them, with only what it shows of each application (the
    rows, BoardForm's labels, the prioritisation case's text): title, amount applied and the
    lead organisation's name; the round is the board's own (board_for_round puts it in)."""
    return (
        PriorityEntry.objects.filter(prioritisation=prioritisation)
        .select_related("application__lead_organisation")
        .only(
            *(f.name for f in PriorityEntry._meta.concrete_fields),
            "application__title",
            "application__amount_applied_nok",
            "application__round",
            "application__lead_organisation__name",
        )
    )


def pot_totals(round_: Round, entries, direct, pots: list[Pot] | None = None) -> dict[str, PotTotals]:
    """The pots' frames and what is allocated from them; `pots` are the round's, when already read."""
    pots = {pot.kind: pot for pot in (round_.pots.all() if pots is None else pots)}
    allocated = {
        Pot.Kind.REGIONAL: sum(e.regional_nok for e in entries),
        Pot.Kind.LOCAL: sum(e.local_nok for e in entries) + sum(d.amount_nok for d in direct),
    }
    return {
        kind.value: PotTotals(
            kind=kind.value,
            label=str(kind.label),
            exists=kind in pots,
            amount_nok=pots[kind].amount_nok if kind in pots else 0,
            carried_over_nok=pots[kind].carried_over_nok if kind in pots else 0,
            allocated_nok=allocated[kind],
        )
        for kind in (Pot.Kind.REGIONAL, Pot.Kind.LOCAL)
    }


def board_for_round(round_: Round) -> Board:
    """The board as the page shows it, in a constant number of queries. Brings the board up to
    date with the round first (see prioritisation_sync)."""
    prioritisation = prioritisation_sync(round_)
    # The direct allocations, the forwarding packages (newest first) and who saved, froze and
    # forwarded: one query (core.prefetch).
    prefetch_together(
        prioritisation,
        ["direct_allocations", "packages"],
        pointed_to=["updated_by", "frozen_by", "forwarded_by"],
    )
    entries = list(_board_entries(prioritisation))
    for entry in entries:
        entry.application.round = round_
    direct = list(prioritisation.direct_allocations.all())
    # The round's pots and its applications still in review: one statement.
    pot_rows, in_review_ids = values_together(
        round_.pots.values_list("kind", "amount_nok", "carried_over_nok"),
        round_.applications.filter(status__in=workflow.IN_REVIEW).values_list("pk"),
    )
    pots = [
        Pot(round=round_, kind=kind, amount_nok=amount, carried_over_nok=carried)
        for kind, amount, carried in pot_rows
    ]
    regional = sorted(entries, key=lambda e: (e.regional_rank, e.pk))
    local = sorted(entries, key=lambda e: (e.local_rank, e.pk))
    _running_totals(regional, "regional_nok", "regional_running_nok")
    _running_totals(local, "local_nok", "local_running_nok")
    return Board(
        prioritisation=prioritisation,
        regional=regional,
        local=local,
        direct=direct,
        totals=pot_totals(round_, entries, direct, pots),
        in_review=len(in_review_ids),
        packages=list(prioritisation.packages.all()),
    )


def _running_totals(entries, amount_attr, running_attr):
    running = 0
    for entry in entries:
        running += getattr(entry, amount_attr)
        setattr(entry, running_attr, running)


def freeze_problems(round_: Round, board: Board, now: dt.datetime | None = None) -> list[str]:
    """Why the board cannot be frozen yet; empty when it can."""
    problems = []
    if round_.is_open(now):
        problems.append(
            _("Søknadsfristen (%(deadline)s) er ikke ute ennå; det kan fortsatt komme søknader.")
            % {"deadline": date_format(round_.deadline, "d.m.Y")}
        )
    if board.in_review:
        problems.append(
            ngettext(
                "%(count)s søknad er ikke ferdig behandlet (mottatt eller under vurdering).",
                "%(count)s søknader er ikke ferdig behandlet (mottatt eller under vurdering).",
                board.in_review,
            )
            % {"count": board.in_review}
        )
    if not board.regional:
        problems.append(_("Det er ingen vurderte søknader å prioritere."))
    for pot in board.totals.values():
        if not pot.exists and pot.allocated_nok:
            problems.append(_("Utlysningen har ingen %(pot)s.") % {"pot": pot.label.lower()})
        elif pot.over:
            problems.append(
                _("%(pot)s er overtildelt med %(amount)s.")
                % {"pot": pot.label, "amount": format_nok(-pot.remaining_nok)}
            )
    return problems


# --- Writes -------------------------------------------------------------------------------------


def prioritisation_sync(round_: Round) -> Prioritisation:
    """Make sure the round has a board and that it holds exactly the applications that stand on
    it: newly assessed ones are added at the bottom of both lists, ones sent back to review are
    taken off. Writes (and bumps the version) only when something changed."""
    prioritisation, _created = Prioritisation.objects.get_or_create(round=round_)
    stale = PriorityEntry.objects.filter(prioritisation=prioritisation).exclude(
        application__status__in=workflow.ON_BOARD
    )
    # Both questions in one query: the applications missing from the board, and the entries that
    # no longer belong on it (usually neither).
    changes = (
        round_.applications.filter(status__in=workflow.ON_BOARD, priority__isnull=True)
        .order_by()
        .values_list("pk", Value(False))
        .union(stale.order_by().values_list("pk", Value(True)), all=True)
    )
    if not changes:
        return prioritisation
    missing = sorted(pk for pk, is_stale in changes if not is_stale)
    with transaction.atomic():
        prioritisation = Prioritisation.objects.select_for_update().get(pk=prioritisation.pk)
        stale.delete()
        last = PriorityEntry.objects.filter(prioritisation=prioritisation).count()
        PriorityEntry.objects.bulk_create(
            [
                PriorityEntry(
                    prioritisation=prioritisation,
                    application_id=pk,
                    regional_rank=last + i + 1,
                    local_rank=last + i + 1,
                )
                for i, pk in enumerate(missing)
            ],
            ignore_conflicts=True,
        )
        prioritisation.version += 1
        prioritisation.save(update_fields=["version", "updated_at"])
    return prioritisation


def _lock(round_: Round, version: int | None, actor) -> Prioritisation:
    """Lock the board row; refuse if someone saved since `version` was read (None: no check)."""
    Prioritisation.objects.get_or_create(round=round_)
    prioritisation = Prioritisation.objects.select_for_update().get(round=round_)
    if version is not None and prioritisation.version != version:
        # Read after the lock is held: a row joined into the locking query may be the one from
        # before the save this query waited for (PostgreSQL re-checks only the locked row).
        who = prioritisation.updated_by
        raise BoardConflict(
            _(
                "Prioriteringen ble endret av %(who)s kl. %(time)s etter at du åpnet den. "
                "Endringene dine er ikke lagret. Last inn siden på nytt for å se den nyeste "
                "versjonen, og gjør endringene dine igjen."
            )
            % {
                "who": who.get_full_name() or who.email if who else _("en annen bruker"),
                "time": date_format(timezone.localtime(prioritisation.updated_at), "d.m.Y H:i"),
            }
        )
    return prioritisation


def _bump(prioritisation: Prioritisation, actor, *extra_fields: str) -> None:
    prioritisation.version += 1
    prioritisation.updated_by = actor
    prioritisation.save(update_fields=["version", "updated_by", "updated_at", *extra_fields])


def board_save(
    *,
    round_: Round,
    actor,
    version: int,
    regional_order: list[int],
    local_order: list[int],
    amounts: dict[int, tuple[int, int]],
    direct: list[tuple[str, int]],
) -> Prioritisation:
    """Save the order of both lists, the recommended amounts {entry id: (regional, local)} and
    the direct allocations [(title, amount)]. Over-allocation is allowed here (it is warned);
    it blocks freezing."""
    with transaction.atomic():
        prioritisation_sync(round_)  # a change of the round's applications bumps the version
        prioritisation = _lock(round_, version, actor)
        if prioritisation.is_frozen:
            raise ApplicationError(_("Prioriteringen er låst. Lås den opp for å gjøre endringer."))
        entries = {e.pk: e for e in _entries_queryset(prioritisation)}
        if sorted(regional_order) != sorted(entries) or sorted(local_order) != sorted(entries):
            raise BoardConflict(
                _("Listen over søknader er endret siden du åpnet siden. Last inn siden på nytt.")
            )
        before = {
            pk: (e.regional_rank, e.regional_nok, e.local_rank, e.local_nok) for pk, e in entries.items()
        }
        for rank, pk in enumerate(regional_order, start=1):
            entries[pk].regional_rank = rank
        for rank, pk in enumerate(local_order, start=1):
            entries[pk].local_rank = rank
        for pk, (regional_nok, local_nok) in amounts.items():
            entry = entries[pk]
            applied = entry.application.amount_applied_nok or 0
            if regional_nok + local_nok > applied:
                raise ApplicationError(
                    _("Anbefalt beløp kan ikke være høyere enn omsøkt beløp, %(amount)s.")
                    % {"amount": format_nok(applied)},
                    field=f"regional_{pk}",
                )
            entry.regional_nok, entry.local_nok = regional_nok, local_nok
        PriorityEntry.objects.bulk_update(
            entries.values(), ["regional_rank", "regional_nok", "local_rank", "local_nok"]
        )
        old_direct = [(d.title, d.amount_nok) for d in prioritisation.direct_allocations.all()]
        if old_direct != list(direct):
            prioritisation.direct_allocations.all().delete()
            DirectAllocation.objects.bulk_create(
                [
                    DirectAllocation(prioritisation=prioritisation, title=title, amount_nok=amount, order=i)
                    for i, (title, amount) in enumerate(direct)
                ]
            )
        _bump(prioritisation, actor)
        changes = {
            str(pk): [list(before[pk]), [e.regional_rank, e.regional_nok, e.local_rank, e.local_nok]]
            for pk, e in entries.items()
            if before[pk] != (e.regional_rank, e.regional_nok, e.local_rank, e.local_nok)
        }
        if old_direct != list(direct):
            changes["direct"] = [old_direct, list(direct)]
        audit.record(
            actor=actor,
            action="prioritisation.save",
            target=prioritisation,
            summary=_("Versjon %(version)s") % {"version": prioritisation.version},
            changes=changes,
        )
    return prioritisation


def _locked_applications(prioritisation, status) -> list[Application]:
    return list(
        Application.objects.select_for_update(of=("self",))
        .select_related("round__health_community", "lead_organisation")
        .filter(priority__prioritisation=prioritisation, status=status)
        .order_by("pk")
    )


def board_freeze(*, round_: Round, actor, version: int) -> Prioritisation:
    """Lock the ranking; every application on it becomes «prioritert»."""
    with transaction.atomic():
        prioritisation_sync(round_)
        prioritisation = _lock(round_, version, actor)
        if prioritisation.is_frozen:
            raise ApplicationError(_("Prioriteringen er allerede låst."))
        problems = freeze_problems(round_, board_for_round(round_))
        if problems:
            raise ApplicationError(
                _("Prioriteringen kan ikke låses: %(problems)s") % {"problems": " ".join(problems)}
            )
        for application in _locked_applications(prioritisation, S.ASSESSED):
            review.apply_transition(application, "prioritise", actor)
        prioritisation.frozen_at, prioritisation.frozen_by = timezone.now(), actor
        _bump(prioritisation, actor, "frozen_at", "frozen_by")
        audit.record(actor=actor, action="prioritisation.freeze", target=prioritisation)
    return prioritisation


def board_unfreeze(*, round_: Round, actor, version: int) -> Prioritisation:
    """Open the ranking again before it is forwarded; applications go back to «vurdert» and a
    recorded SSU decision is cleared (the SSU must decide on the changed ranking)."""
    with transaction.atomic():
        prioritisation = _lock(round_, version, actor)
        if not prioritisation.is_frozen:
            raise ApplicationError(_("Prioriteringen er ikke låst."))
        if prioritisation.is_forwarded:
            raise ApplicationError(_("Prioriteringen er sendt til Helse Nord og kan ikke låses opp."))
        from committees.selectors import prioritisation_case

        case = prioritisation_case(prioritisation)
        if case is not None:
            raise ApplicationError(
                _(
                    "Prioriteringssaken (sak %(reference)s) bygger på denne rangeringen. Trekk saken før "
                    "prioriteringen låses opp."
                )
                % {"reference": case.reference}
            )
        for application in _locked_applications(prioritisation, S.PRIORITISED):
            review.apply_transition(application, "unprioritise", actor)
        prioritisation.frozen_at = prioritisation.frozen_by = prioritisation.decided_on = None
        prioritisation.decision_reference = ""
        _bump(prioritisation, actor, "frozen_at", "frozen_by", "decided_on", "decision_reference")
        audit.record(actor=actor, action="prioritisation.unfreeze", target=prioritisation)
    return prioritisation


def board_record_decision(
    *, round_: Round, actor, version: int, decided_on: dt.date, reference: str
) -> Prioritisation:
    """The SSU's decision on the frozen ranking (date and case number)."""
    with transaction.atomic():
        prioritisation = _lock(round_, version, actor)
        if not prioritisation.is_frozen or prioritisation.is_forwarded:
            raise ApplicationError(_("SSU-vedtaket registreres når prioriteringen er låst og ikke sendt."))
        if decided_on > timezone.localdate():
            raise ApplicationError(_("Vedtaksdatoen kan ikke være fram i tid."), field="decided_on")
        if decided_on < timezone.localtime(prioritisation.frozen_at).date():
            raise ApplicationError(
                _("SSU kan ikke ha vedtatt prioriteringen før den ble låst."), field="decided_on"
            )
        prioritisation.decided_on, prioritisation.decision_reference = decided_on, reference.strip()
        _bump(prioritisation, actor, "decided_on", "decision_reference")
        audit.record(
            actor=actor,
            action="prioritisation.decision",
            target=prioritisation,
            changes={"decided_on": decided_on.isoformat(), "reference": prioritisation.decision_reference},
        )
    return prioritisation


def round_forward(*, round_: Round, actor, version: int) -> ForwardingPackage:
    """Send the decided ranking to Helse Nord: every prioritised application becomes
    «videresendt», the date is recorded and the package is built in Celery after commit."""
    with transaction.atomic():
        prioritisation = _lock(round_, version, actor)
        if prioritisation.is_forwarded:
            raise ApplicationError(_("Prioriteringen er allerede sendt til Helse Nord."))
        if not prioritisation.is_frozen or not prioritisation.decided_on:
            raise ApplicationError(
                _("Prioriteringen må være låst og vedtatt i SSU før den sendes til Helse Nord.")
            )
        for application in _locked_applications(prioritisation, S.PRIORITISED):
            event = review.apply_transition(application, "forward", actor)
            events.application_status_changed(application=application, event=event)
        prioritisation.forwarded_at, prioritisation.forwarded_by = timezone.now(), actor
        _bump(prioritisation, actor, "forwarded_at", "forwarded_by")
        package = _package_start(prioritisation, actor)
        audit.record(actor=actor, action="prioritisation.forward", target=prioritisation)
    return package


def package_rebuild(*, round_: Round, actor) -> ForwardingPackage:
    """Build the package again (after a failure, or to include a changed attachment)."""
    with transaction.atomic():
        prioritisation = _lock(round_, None, actor)
        if not prioritisation.is_forwarded:
            raise ApplicationError(_("Prioriteringen er ikke sendt til Helse Nord ennå."))
        if prioritisation.packages.filter(
            status__in=[ForwardingPackage.Status.PENDING, ForwardingPackage.Status.BUILDING]
        ).exists():
            raise ApplicationError(_("Pakken lages allerede."))
        return _package_start(prioritisation, actor)


def _package_start(prioritisation, actor) -> ForwardingPackage:
    from .tasks import build_forwarding_package

    package = ForwardingPackage.objects.create(
        prioritisation=prioritisation,
        created_by=actor,
        steps_total=prioritisation.entries.count() + 1,
    )
    enqueue_on_commit(build_forwarding_package, package.pk)
    audit.record(actor=actor, action="forwarding.package", target=package)
    return package
