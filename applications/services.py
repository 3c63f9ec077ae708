"""Every write to an application goes through here: atomic, locked, audited, and with
notifications and PDF rendering enqueued only after the transaction commits."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from core import audit
from core.errors import Refused
from core.money import format_nok
from core.queue import enqueue_on_commit
from notifications import events

from . import permissions, workflow
from .models import (
    Application,
    ApplicationVersion,
    Attachment,
    StatusEvent,
    StepDraft,
)


class ApplicationError(Refused):
    """A rule on an application (or a board, a case …) refused the action; see core.errors."""


# --- Reading: completeness and the frozen snapshot ------------------------------------------


@dataclass(frozen=True)
class ChecklistItem:
    key: str
    label: str
    ok: bool
    step: str


def budget_total_nok(application: Application) -> int:
    return sum(line.amount_nok for line in application.budget_lines.all())


def completeness(application: Application) -> list[ChecklistItem]:
    """What must be in place before the application can be sent in, each pointing at its step."""
    app = application
    contacts = list(app.contacts.all())
    attachment_kinds = {a.kind for a in app.attachments.all()}
    total = budget_total_nok(app)
    pending_steps = {draft.step for draft in app.step_drafts.all()}
    items = [
        ("title", _("Navn på prosjektet"), bool(app.title.strip()), "grunnopplysninger"),
        (
            "owners",
            _("Minst én prosjekteier"),
            app.owners.exists() or bool(app.owners_note),
            "grunnopplysninger",
        ),
        (
            "municipalities",
            _("Minst én deltakende kommune"),
            app.participating_municipalities.exists(),
            "grunnopplysninger",
        ),
        ("hospital_trust", _("Helseforetak"), app.hospital_trust_id is not None, "grunnopplysninger"),
        (
            "municipal_contact",
            _("Kontaktperson i kommunen"),
            any(c.side == "kommune" for c in contacts),
            "kontaktpersoner",
        ),
        (
            "hospital_contact",
            _("Kontaktperson i helseforetaket"),
            any(c.side == "helseforetak" for c in contacts),
            "kontaktpersoner",
        ),
        ("summary", _("Kort beskrivelse"), bool(app.summary.strip()), "beskrivelse"),
        (
            "benefits",
            _("Forventet nytte, med minst én rad i nyttetabellen"),
            bool(app.expected_benefits.strip()) and app.benefits.exists(),
            "nytte",
        ),
        ("purpose", _("Hvordan tiltaket støtter formålet"), bool(app.purpose_fit.strip()), "formal"),
        ("priority_groups", _("Minst én prioritert pasientgruppe"), app.priority_groups.exists(), "formal"),
        ("focus_areas", _("Minst ett innsatsområde"), app.focus_areas.exists(), "formal"),
        ("amount", _("Omsøkt beløp"), bool(app.amount_applied_nok), "budsjett"),
        ("budget_lines", _("Budsjettlinjer"), total > 0, "budsjett"),
        (
            "amount_within_budget",
            _("Omsøkt beløp er ikke høyere enn prosjektets totale kostnad"),
            bool(app.amount_applied_nok) and total > 0 and app.amount_applied_nok <= total,
            "budsjett",
        ),
        ("plan", _("Prosjektplan med minst én milepæl"), app.milestones.exists(), "prosjektplan"),
        (
            "involvement",
            _("Involvering av brukere, tillitsvalgte og vernetjenesten"),
            bool(app.user_involvement.strip()),
            "medvirkning-risiko",
        ),
        ("risks", _("Minst én risiko vurdert"), app.risks.exists(), "medvirkning-risiko"),
        (
            "budget_attachment",
            _("Budsjett som vedlegg"),
            Attachment.Kind.BUDGET in attachment_kinds,
            "vedlegg",
        ),
        (
            "joint",
            _("Samarbeidet er bekreftet av partneren i portalen, eller signert avtale er lagt ved"),
            bool(app.partner_confirmed_at) or Attachment.Kind.SIGNED_AGREEMENT in attachment_kinds,
            "oppsummering",
        ),
        (
            "no_pending_input",
            _("Ingen felt med feil som ikke er rettet"),
            not pending_steps,
            sorted(pending_steps)[0] if pending_steps else "oppsummering",
        ),
    ]
    return [ChecklistItem(key, str(label), ok, step) for key, label, ok, step in items]


def is_complete(application: Application) -> bool:
    return all(item.ok for item in completeness(application))


def _names(queryset) -> list[str]:
    return [str(o) for o in queryset]


def application_snapshot(application: Application) -> dict:
    """Everything the applicant sent in, as plain JSON: the receipt PDF and the version
    history are made from this, so they show exactly what was submitted."""
    app = application
    return {
        "reference": app.reference,
        "round": str(app.round.title),
        "health_community": str(app.round.health_community),
        "title": app.title,
        "lead_organisation": str(app.lead_organisation),
        "owners": _names(app.owners.all()),
        "owners_note": app.owners_note,
        "participating_municipalities": _names(app.participating_municipalities.all()),
        "supporting_municipalities": _names(app.supporting_municipalities.all()),
        "hospital_trust": str(app.hospital_trust or ""),
        "agreement_signed_on": app.agreement_signed_on.isoformat() if app.agreement_signed_on else "",
        "is_continuation": app.is_continuation,
        "fsu": str(app.fsu or ""),
        "contacts": [
            {
                "side": c.get_side_display(),
                "name": c.name,
                "title": c.title,
                "email": c.email,
                "phone": c.phone,
            }
            for c in app.contacts.all()
        ],
        "summary": app.summary,
        "subprojects": [{"title": s.title, "description": s.description} for s in app.subprojects.all()],
        "expected_benefits": app.expected_benefits,
        "benefits": [
            {
                "benefit": b.benefit,
                "beneficiary": b.beneficiary,
                "responsible": b.responsible,
                "measurement": b.measurement,
                "how_to_measure": b.how_to_measure,
                "prerequisites": b.prerequisites,
                "time_horizon": b.time_horizon,
            }
            for b in app.benefits.all()
        ],
        "purpose_fit": app.purpose_fit,
        "priority_groups": _names(app.priority_groups.all()),
        "focus_areas": _names(app.focus_areas.all()),
        "amount_applied_nok": app.amount_applied_nok,
        "amount_applied_purpose": app.amount_applied_purpose,
        "municipal_contribution_nok": app.municipal_contribution_nok,
        "municipal_contribution_text": app.municipal_contribution_text,
        "hospital_contribution_nok": app.hospital_contribution_nok,
        "hospital_contribution_text": app.hospital_contribution_text,
        "financing_plan": app.financing_plan,
        "budget_lines": [
            {"cost_item": b.cost_item, "period": b.period, "amount_nok": b.amount_nok}
            for b in app.budget_lines.all()
        ],
        "budget_total_nok": budget_total_nok(app),
        "patient_responsibility": app.patient_responsibility,
        "digital_solutions": app.digital_solutions,
        "project_plan": app.project_plan,
        "milestones": [{"title": m.title, "when": m.when} for m in app.milestones.all()],
        "user_involvement": app.user_involvement,
        "risks": [
            {"factor": r.factor, "level": r.get_level_display(), "mitigation": r.mitigation}
            for r in app.risks.all()
        ],
        "attachments": [
            {
                "id": a.pk,
                "kind": a.get_kind_display(),
                "name": a.original_name,
                "size_bytes": a.size_bytes,
                "sha256": a.sha256,
            }
            for a in app.attachments.all()
        ],
        "partner_confirmation": (
            {
                "by": str(app.partner_confirmed_by or ""),
                "for": str(app.partner_confirmed_for or ""),
                "at": timezone.localtime(app.partner_confirmed_at).strftime("%d.%m.%Y %H:%M"),
            }
            if app.partner_confirmed_at
            else None
        ),
    }


SNAPSHOT_LABELS = {
    "title": _lazy("Navn på prosjekt/pilot"),
    "owners": _lazy("Prosjekteiere"),
    "owners_note": _lazy("Prosjekteier – utfyllende"),
    "participating_municipalities": _lazy("Deltakende kommuner"),
    "supporting_municipalities": _lazy("Kommuner som støtter søknaden"),
    "hospital_trust": _lazy("Helseforetak"),
    "agreement_signed_on": _lazy("Dato for signert avtale"),
    "is_continuation": _lazy("Videreføring"),
    "fsu": _lazy("Forankret i FSU"),
    "contacts": _lazy("Kontaktpersoner"),
    "summary": _lazy("Kort beskrivelse"),
    "subprojects": _lazy("Delprosjekter"),
    "expected_benefits": _lazy("Forventet nytte"),
    "benefits": _lazy("Nyttetabell"),
    "purpose_fit": _lazy("Støtte til formålet"),
    "priority_groups": _lazy("Prioriterte pasientgrupper"),
    "focus_areas": _lazy("Innsatsområder"),
    "amount_applied_nok": _lazy("Omsøkt beløp"),
    "amount_applied_purpose": _lazy("Det søkes om midler til"),
    "municipal_contribution_nok": _lazy("Kommunenes egeninnsats"),
    "municipal_contribution_text": _lazy("Kommunenes bidrag"),
    "hospital_contribution_nok": _lazy("Helseforetakets egeninnsats"),
    "hospital_contribution_text": _lazy("Helseforetakets bidrag"),
    "financing_plan": _lazy("Finansieringsplan"),
    "budget_lines": _lazy("Budsjettlinjer"),
    "budget_total_nok": _lazy("Prosjektets totale kostnad"),
    "patient_responsibility": _lazy("Ansvar for pasientene"),
    "digital_solutions": _lazy("Digitale løsninger"),
    "project_plan": _lazy("Prosjektplan"),
    "milestones": _lazy("Milepæler"),
    "user_involvement": _lazy("Involvering"),
    "risks": _lazy("Risikotabell"),
    "attachments": _lazy("Vedlegg"),
    "partner_confirmation": _lazy("Bekreftelse av samarbeid"),
}


_NOT_SHOWN = {"id", "sha256", "size_bytes"}


def _readable(value) -> str:
    """A snapshot value as a person reads it: amounts as kroner, rows one per line."""
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, bool):
        return _("Ja") if value else _("Nei")
    if isinstance(value, int):
        return format_nok(value)
    if isinstance(value, list):
        return "\n".join(
            " · ".join(
                format_nok(v) if isinstance(v, int) and not isinstance(v, bool) else str(v)
                for k, v in item.items()
                if v not in ("", None) and k not in _NOT_SHOWN
            )
            if isinstance(item, dict)
            else str(item)
            for item in value
        )
    if isinstance(value, dict):
        return " · ".join(str(v) for v in value.values() if v)
    return str(value)


def snapshot_diff(old: dict, new: dict) -> list[tuple[str, str, str]]:
    """(label, before, after) for every part of the application that changed between versions."""
    return [
        (str(SNAPSHOT_LABELS.get(key, key)), _readable(old.get(key)), _readable(new.get(key)))
        for key in new
        if key in SNAPSHOT_LABELS and old.get(key) != new.get(key)
    ]


# --- Writing ----------------------------------------------------------------------------------


def application_create(*, round, organisation, actor) -> Application:
    with transaction.atomic():
        application = Application.objects.create(
            round=round,
            lead_organisation=organisation,
            created_by=actor,
            hospital_trust=(
                organisation if organisation.is_hospital_trust else round.health_community.hospital_trust
            ),
        )
        application.owners.add(organisation)
        if organisation.is_municipality:
            application.participating_municipalities.add(organisation)
        _record_status(application, actor, "", Application.Status.DRAFT, _("Utkast opprettet"))
        audit.record(
            actor=actor, action="application.create", target=application, summary=f"{organisation} – {round}"
        )
    return application


def application_save_step(*, application, actor, step: str, form=None, formsets=()) -> None:
    """Save a step whose form and formsets validated. Rows keep the order they were shown in."""
    with transaction.atomic():
        locked = Application.objects.select_for_update().get(pk=application.pk)
        changes = {}
        if form is not None:
            changes = {name: _jsonable(form.cleaned_data.get(name)) for name in form.changed_data}
            form.save()
        for formset in formsets:
            position = {id(row.instance): i for i, row in enumerate(formset.forms)}
            rows = formset.save(commit=False)
            for row in formset.deleted_objects:
                row.delete()
            for row in rows:
                row.order = position.get(id(row), 0)
                row.save()
            if rows or formset.deleted_objects:
                changes[formset.prefix] = _("endret")
        StepDraft.objects.filter(application=locked, step=step).delete()
        if locked.status == Application.Status.RECEIVED and changes:
            locked.has_unsubmitted_changes = True
            locked.save(update_fields=["has_unsubmitted_changes", "updated_at"])
        else:
            locked.save(update_fields=["updated_at"])
        if changes:
            audit.record(actor=actor, action="application.edit", target=locked, summary=step, changes=changes)


def application_keep_step_draft(*, application, actor, step: str, data: dict) -> None:
    """Input that did not validate is kept exactly as typed, so nothing is lost."""
    # PostgreSQL cannot store NUL in text or JSON; it is never meaningful in a form anyway.
    clean = {key: [value.replace("\x00", "") for value in values] for key, values in data.items()}
    StepDraft.objects.update_or_create(
        application=application, step=step, defaults={"data": clean, "updated_by": actor}
    )


def application_discard_step_draft(*, application, step: str) -> None:
    StepDraft.objects.filter(application=application, step=step).delete()


def application_submit(
    *, application, actor, now: dt.datetime | None = None, notify: bool = True
) -> ApplicationVersion:
    """Send the application in (again). Checked on the server: status, deadline, completeness."""
    now = now or timezone.now()
    with transaction.atomic():
        app = (
            Application.objects.select_for_update(of=("self",)).select_related("round").get(pk=application.pk)
        )
        if workflow.APPLICANT not in permissions.roles_for(actor, app):
            raise ApplicationError(_("Bare søkerne kan sende inn søknaden."))
        if not workflow.allowed("submit", app.status):
            raise ApplicationError(
                _("Søknaden kan ikke sendes inn når den har status «%(status)s».")
                % {"status": app.get_status_display()}
            )
        if app.status == Application.Status.RECEIVED and not app.has_unsubmitted_changes:
            latest = app.versions.order_by("-number").first()
            if latest is not None:
                # A second click (or a second tab) on «Send inn» with nothing changed since the
                # last version gets that version's receipt, not a copy of it. The row lock above
                # makes the second of two simultaneous clicks wait and land here.
                application.refresh_from_db()
                return latest
        if not app.round.is_open(now):
            raise ApplicationError(
                _("Søknadsfristen gikk ut %(deadline)s kl. 23.59. Søknaden kan ikke sendes inn.")
                % {"deadline": app.round.deadline.strftime("%d.%m.%Y")}
            )
        missing = [item.label for item in completeness(app) if not item.ok]
        if missing:
            raise ApplicationError(
                _("Søknaden er ikke komplett. Dette mangler: %(missing)s.") % {"missing": "; ".join(missing)}
            )
        number = (app.versions.aggregate(n=Max("number"))["n"] or 0) + 1
        version = ApplicationVersion.objects.create(
            application=app,
            number=number,
            submitted_at=now,
            submitted_by=actor,
            snapshot=application_snapshot(app),
        )
        from_status = app.status
        app.status = Application.Status.RECEIVED
        app.submitted_at = app.submitted_at or now
        app.last_submitted_at = now
        app.has_unsubmitted_changes = False
        app.save(
            update_fields=[
                "status",
                "submitted_at",
                "last_submitted_at",
                "has_unsubmitted_changes",
                "updated_at",
            ]
        )
        reason = _("Versjon %(number)s sendt inn") % {"number": number}
        event = _record_status(app, actor, from_status, app.status, reason)
        audit.record(
            actor=actor,
            action="application.submit",
            target=app,
            summary=reason,
            changes={"version": number, "amount_applied": format_nok(app.amount_applied_nok)},
        )

        from .tasks import render_submission_pdf

        # The version's pending PDF is the outbox: if Redis is down now, the relay sends it later.
        enqueue_on_commit(render_submission_pdf, version.pk, send_receipt=notify)
        if notify:
            events.application_status_changed(application=app, event=event, submitter=actor)
    application.refresh_from_db()
    return version


def application_confirm_partnership(*, application, actor) -> Application:
    """The partner side confirms the joint application in the portal (name and time recorded)."""
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        if app.partner_confirmed_at:
            return app
        actor_orgs = set(actor.memberships.values_list("organisation_id", flat=True))
        partner = next((o for o in app.partner_organisations() if o.pk in actor_orgs), None)
        if partner is None:
            raise ApplicationError(_("Bare partneren i den felles søknaden kan bekrefte samarbeidet."))
        app.partner_confirmed_at = timezone.now()
        app.partner_confirmed_by = actor
        app.partner_confirmed_for = partner
        fields = ["partner_confirmed_at", "partner_confirmed_by", "partner_confirmed_for", "updated_at"]
        if app.status == Application.Status.RECEIVED:
            app.has_unsubmitted_changes = True
            fields.append("has_unsubmitted_changes")
        app.save(update_fields=fields)
        audit.record(
            actor=actor,
            action="application.confirm_partnership",
            target=app,
            summary=_("Samarbeid bekreftet for %(org)s") % {"org": partner},
        )
    application.refresh_from_db()
    return app


def application_withdraw(*, application, actor, reason: str = "") -> Application:
    with transaction.atomic():
        app = Application.objects.select_for_update().get(pk=application.pk)
        if workflow.APPLICANT not in permissions.roles_for(actor, app):
            raise ApplicationError(_("Bare søkerne kan trekke søknaden."))
        if not workflow.allowed("withdraw", app.status):
            raise ApplicationError(
                _("Søknaden kan ikke trekkes når den har status «%(status)s».")
                % {"status": app.get_status_display()}
            )
        from_status = app.status
        app.status = Application.Status.WITHDRAWN
        app.save(update_fields=["status", "updated_at"])
        _record_status(app, actor, from_status, app.status, reason or _("Trukket av søker"))
        audit.record(actor=actor, action="application.withdraw", target=app, summary=reason)
    application.refresh_from_db()
    return app


def attachment_add(*, application, actor, kind: str, uploaded_file, accepted) -> Attachment:
    """Store an upload that core.uploads.validate_upload accepted, under a generated name."""
    with transaction.atomic():
        attachment = Attachment(
            application=application,
            kind=kind,
            original_name=accepted.display_name,
            content_type=accepted.content_type,
            size_bytes=accepted.size,
            sha256=accepted.sha256,
            uploaded_by=actor,
        )
        uploaded_file.seek(0)
        attachment.file.save(f"upload{accepted.extension}", uploaded_file, save=False)
        attachment.save()
        _mark_changed(application)
        audit.record(
            actor=actor,
            action="attachment.add",
            target=application,
            summary=f"{attachment.get_kind_display()}: {attachment.original_name}",
        )
    return attachment


def attachment_delete(*, attachment, actor) -> None:
    """Remove an attachment. One that was part of a submitted version is only marked removed,
    so the secretariat can still open what was sent in."""
    with transaction.atomic():
        application = attachment.application
        if application.versions.exists():
            attachment.removed_at = timezone.now()
            attachment.save(update_fields=["removed_at"])
        else:
            stored, storage = attachment.file.name, attachment.file.storage
            attachment.delete()
            transaction.on_commit(lambda: storage.delete(stored))
        _mark_changed(application)
        audit.record(
            actor=actor, action="attachment.delete", target=application, summary=attachment.original_name
        )


def _mark_changed(application) -> None:
    if application.status == Application.Status.RECEIVED:
        Application.objects.filter(pk=application.pk).update(
            has_unsubmitted_changes=True, updated_at=timezone.now()
        )
    else:
        Application.objects.filter(pk=application.pk).update(updated_at=timezone.now())


def _record_status(application, actor, from_status, to_status, reason) -> StatusEvent:
    return StatusEvent.objects.create(
        application=application,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        from_status=from_status,
        to_status=to_status,
        reason=str(reason),
    )


def _jsonable(value):
    if value is None or isinstance(value, (str, int, bool, float)):
        return value
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if hasattr(value, "__iter__"):
        return [str(v) for v in value]
    return str(value)
