"""The secretariat's and Helse Nord's writes on an application: status transitions, the formal
check (screening), scoring by assessors, and the award. Atomic, row-locked, audited."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core import audit
from core.money import format_nok
from notifications import events

from . import permissions, workflow
from .models import (
    Application,
    AssessmentCriterion,
    Award,
    AwardYear,
    Round,
    Score,
    ScreeningCheck,
    StatusEvent,
)
from .services import ApplicationError

DEFAULT_CRITERIA = [
    (gettext_lazy("Samsvar med Handlingsplanens innsatsområder"), ""),
    (gettext_lazy("Treffer prioriterte pasientgrupper"), ""),
    (gettext_lazy("Reelt samarbeid mellom nivåene"), ""),
    (gettext_lazy("Overføringsverdi og spredning"), ""),
    (gettext_lazy("Vei til ordinær drift"), ""),
    (gettext_lazy("Realistisk budsjett"), ""),
]


def _locked(application) -> Application:
    return (
        Application.objects.select_for_update(of=("self",))
        .select_related("round__health_community", "lead_organisation")
        .get(pk=application.pk)
    )


def apply_transition(app: Application, action: str, actor, reason: str = "") -> StatusEvent:
    """Check the transition table and the actor's role, then move the status. Caller holds the lock."""
    transition = workflow.TRANSITIONS.get(action)
    if transition is None:
        raise ApplicationError(_("Ukjent handling."))
    if transition.roles.isdisjoint(permissions.roles_for(actor, app)):
        raise ApplicationError(
            _("Du har ikke rettigheter til å utføre «%(action)s» på denne søknaden.")
            % {"action": transition.label}
        )
    if app.status not in transition.source:
        raise ApplicationError(
            _("«%(action)s» kan ikke gjøres når søknaden har status «%(status)s».")
            % {"action": transition.label, "status": app.get_status_display()}
        )
    if transition.reason_required and not (reason or "").strip():
        raise ApplicationError(_("Skriv en begrunnelse. Søkeren ser den."), field="reason")
    from_status = app.status
    app.status = transition.target
    app.save(update_fields=["status", "updated_at"])
    event = StatusEvent.objects.create(
        application=app,
        actor=actor,
        from_status=from_status,
        to_status=app.status,
        reason=(reason or "").strip(),
    )
    audit.record(
        actor=actor,
        action=f"application.{action}",
        target=app,
        summary=f"{from_status} → {app.status}",
        changes={"status": [from_status, app.status], "reason": event.reason},
    )
    return event


def application_transition(*, application, action: str, actor, reason: str = "") -> Application:
    """A status change with no data of its own (screening outcome, prioritised, forwarded …)."""
    if action in ("submit", "withdraw", "grant", "refuse"):
        raise ApplicationError(_("Denne handlingen har sitt eget skjema."))
    if action in workflow.BOARD_ACTIONS:
        raise ApplicationError(_("Dette gjøres for hele utlysningen, på siden for prioritering."))
    with transaction.atomic():
        app = _locked(application)
        if action == "mark_assessed":
            _require_screening_passed(app)
        event = apply_transition(app, action, actor, reason)
        events.application_status_changed(application=app, event=event)
    application.refresh_from_db()
    return application


def _require_screening_passed(app: Application) -> None:
    passed = set(app.screening.filter(passed=True).values_list("item", flat=True))
    missing = [label for value, label in ScreeningCheck.Item.choices if value not in passed]
    if missing:
        raise ApplicationError(
            _("Den formelle kontrollen er ikke fullført: %(items)s.")
            % {"items": "; ".join(str(m) for m in missing)}
        )


def screening_save(*, application, actor, results: dict[str, tuple[bool | None, str]]) -> None:
    """Record the formal check: for each item, passed (True/False/None = not checked) and a note."""
    with transaction.atomic():
        app = _locked(application)
        if not permissions.can_review_application(actor, app):
            raise ApplicationError(_("Bare sekretariatet kan gjøre den formelle kontrollen."))
        if app.status not in workflow.SCREENING:
            raise ApplicationError(
                _("Den formelle kontrollen kan ikke endres når søknaden har status «%(status)s».")
                % {"status": app.get_status_display()}
            )
        changes = {}
        existing = {check.item: check for check in app.screening.all()}
        for item, (passed, note) in results.items():
            check = existing.get(item) or ScreeningCheck(application=app, item=item)
            if check.pk and (check.passed, check.note) == (passed, note):
                continue
            check.passed, check.note, check.checked_by = passed, note, actor
            check.save()
            changes[item] = [passed, note]
        if changes:
            audit.record(actor=actor, action="application.screening", target=app, changes=changes)


def round_criteria(round_: Round) -> list[AssessmentCriterion]:
    """The round's criteria; a round without its own gets the defaults the first time it is asked."""
    criteria = list(round_.criteria.all())
    if not criteria:
        AssessmentCriterion.objects.bulk_create(
            [
                AssessmentCriterion(round=round_, name=str(name), description=description, order=i)
                for i, (name, description) in enumerate(DEFAULT_CRITERIA)
            ],
            ignore_conflicts=True,
        )
        criteria = list(round_.criteria.all())
    return criteria


def scoring_refusal(user, application) -> str | None:
    """Why the user may not score this application, or None when they may."""
    if not permissions.can_review_application(user, application):
        return _("Bare sekretariatet i helsefellesskapet vurderer søknadene.")
    conflicts = permissions.inhabil_organisations(user, application)
    if conflicts:
        return _(
            "Du er inhabil og kan ikke vurdere denne søknaden: "
            "du er tilknyttet %(orgs)s, som er part i søknaden."
        ) % {"orgs": ", ".join(str(o) for o in conflicts)}
    if application.status not in workflow.SCORING:
        return _("Søknaden kan bare vurderes når den har status «Under vurdering» eller «Vurdert».")
    return None


def score_save(*, application, actor, scores: dict[int, tuple[int, str]]) -> None:
    """Save the assessor's scores: {criterion_id: (value 1–5, comment)}."""
    with transaction.atomic():
        app = _locked(application)
        refusal = scoring_refusal(actor, app)
        if refusal:
            raise ApplicationError(refusal)
        criteria = {c.pk: c for c in round_criteria(app.round)}
        for criterion_id, (value, comment) in scores.items():
            if criterion_id not in criteria or not 1 <= int(value) <= 5:
                raise ApplicationError(_("Poeng må være et helt tall fra 1 til 5."))
            Score.objects.update_or_create(
                application=app,
                criterion=criteria[criterion_id],
                assessor=actor,
                defaults={"value": int(value), "comment": comment},
            )
        audit.record(
            actor=actor,
            action="application.score",
            target=app,
            changes={str(k): v[0] for k, v in scores.items()},
        )


def assessment_summary(application) -> dict:
    """Per criterion: each assessor's score and the average; and the overall average."""
    criteria = round_criteria(application.round)
    scores = list(application.scores.select_related("assessor"))
    rows = []
    for criterion in criteria:
        given = [s for s in scores if s.criterion_id == criterion.pk]
        average = sum(s.value for s in given) / len(given) if given else None
        rows.append({"criterion": criterion, "scores": given, "average": average})
    averages = [r["average"] for r in rows if r["average"] is not None]
    return {
        "rows": rows,
        "assessors": sorted({s.assessor for s in scores}, key=str),
        "average": sum(averages) / len(averages) if averages else None,
    }


def application_record_award(
    *, application, actor, granted: bool, amounts_by_year: dict[int, int] | None = None, reason: str = ""
) -> Award:
    """Helse Nord's decision: granted with an amount per year (may differ from the amount applied),
    or refused with a reason."""
    amounts_by_year = {int(y): int(a) for y, a in (amounts_by_year or {}).items() if a}
    with transaction.atomic():
        app = _locked(application)
        if granted and not amounts_by_year:
            raise ApplicationError(_("Oppgi innvilget beløp for minst ett år."))
        event = apply_transition(app, "grant" if granted else "refuse", actor, reason)
        award = Award.objects.create(
            application=app, granted=granted, decided_at=timezone.now(), decided_by=actor, reason=reason
        )
        AwardYear.objects.bulk_create(
            [
                AwardYear(award=award, year=year, amount_nok=amount)
                for year, amount in sorted(amounts_by_year.items())
            ]
        )
        audit.record(
            actor=actor,
            action="application.award",
            target=app,
            summary=_("Innvilget %(total)s") % {"total": format_nok(sum(amounts_by_year.values()))}
            if granted
            else _("Avslått"),
            changes={"granted": granted, "years": {str(k): v for k, v in amounts_by_year.items()}},
        )
        events.application_status_changed(application=app, event=event, award=award)
        if granted:
            # A granted application becomes a project to follow up, in the same transaction.
            from projects.services import project_create_from_application

            project_create_from_application(application=app, award=award, actor=actor)
    application.refresh_from_db()
    return award
