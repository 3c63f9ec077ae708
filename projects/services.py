"""Writes for approved projects: the project made from a granted application, its reporting plan,
the status report cycle, and the edits of its plan. Atomic, row-locked where it matters, audited."""

import datetime as dt
import re
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core import audit
from core.errors import Refused

from . import workflow
from .models import (
    Funding,
    Indicator,
    Measurement,
    Project,
    ProjectMilestone,
    ProjectRisk,
    ReportMilestone,
    ReportRisk,
    ReportSpending,
    StatusReport,
)


class ProjectError(Refused):
    """A refused project change, with the message to show (at `field` when given)."""


class ReportConflict(ProjectError):
    """The report was saved by someone else since the form was read."""


# --- Dates ------------------------------------------------------------------------------------

_QUARTER = re.compile(r"(?:Q\s*([1-4])|([1-4])\.\s*kvartal)\s*(\d{4})", re.IGNORECASE)


def quarter_end(text: str) -> dt.date | None:
    """The last day of the quarter named in text such as «Q3 2025» or «3. kvartal 2025»."""
    match = _QUARTER.search(text or "")
    if not match:
        return None
    quarter, year = int(match.group(1) or match.group(2)), int(match.group(3))
    first_of_next = dt.date(year + quarter // 4, quarter % 4 * 3 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def _month_end(day: dt.date) -> dt.date:
    first_of_next = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return first_of_next - dt.timedelta(days=1)


def _months_later_end(day: dt.date, months: int) -> dt.date:
    """The last day of the month `months` after the month of `day`."""
    index = day.month - 1 + months
    return _month_end(dt.date(day.year + index // 12, index % 12 + 1, 1))


# --- The project ------------------------------------------------------------------------------


def project_create_from_application(*, application, award, actor) -> Project:
    """The project of a granted application: its money per year and pot (Helse Nord's award from
    the regional pot, and the SSU's local allocation on the board for the round's year), its
    milestones and risk register taken over from the application, and its reporting plan. Runs in
    the award's transaction."""
    from applications.models import Pot, PriorityEntry

    years = {row.year: row.amount_nok for row in award.years.all()}
    entry = PriorityEntry.objects.filter(application=application).first()
    local_nok = entry.local_nok if entry else 0
    funding = [Funding(year=year, pot=Pot.Kind.REGIONAL, amount_nok=amount) for year, amount in years.items()]
    if local_nok:
        funding.append(Funding(year=application.round.year, pot=Pot.Kind.LOCAL, amount_nok=local_nok))
    funded_years = sorted({row.year for row in funding}) or [application.round.year]

    milestones = []
    for order, row in enumerate(application.milestones.all()):
        due = row.due_date or quarter_end(row.due_quarter) or quarter_end(row.title)
        if due is not None:
            milestones.append(ProjectMilestone(title=row.title, due_on=due, order=order))
    starts_on = dt.date(funded_years[0], 1, 1)
    ends_on = max([dt.date(funded_years[-1], 12, 31), *(m.due_on for m in milestones)])

    owners = ", ".join(o.name for o in application.owners.all())
    project = Project.objects.create(
        application=application,
        health_community_id=application.round.health_community_id,
        title=application.title,
        owner=(application.owners_note or owners or str(application.lead_organisation))[:300],
        leader=application.created_by,
        starts_on=starts_on,
        ends_on=ends_on,
        target_group=", ".join(g.name for g in application.priority_groups.all()),
        created_by=actor,
    )
    for row in funding:
        row.project = project
    Funding.objects.bulk_create(funding)
    for milestone in milestones:
        milestone.project = project
    ProjectMilestone.objects.bulk_create(milestones)
    ProjectRisk.objects.bulk_create(
        [
            ProjectRisk(
                project=project, factor=row.factor, level=row.level, mitigation=row.mitigation, order=i
            )
            for i, row in enumerate(application.risks.all())
        ]
    )
    reporting_plan_create(project=project)
    audit.record(
        actor=actor,
        action="project.create",
        target=project,
        summary=project.title,
        changes={"funding": {f"{row.year} {row.pot}": row.amount_nok for row in funding}},
    )
    return project


def reporting_plan_create(*, project: Project) -> list[StatusReport]:
    """The default plan: a status report to the SSU for every half year, a yearly report to Helse
    Nord for every calendar year, and a final report three months after the end. A half year or a
    year that ends with the project is covered by the final report."""
    reports = []
    start, end = project.starts_on, project.ends_on
    for year in range(start.year, end.year + 1):
        for half_start, half_end in (
            (dt.date(year, 1, 1), dt.date(year, 6, 30)),
            (dt.date(year, 7, 1), dt.date(year, 12, 31)),
        ):
            if half_end < start or half_start > end or half_end >= end:
                continue
            reports.append(
                StatusReport(
                    project=project,
                    kind=StatusReport.Kind.SSU,
                    period_start=max(half_start, start),
                    period_end=half_end,
                    due_on=_month_end(half_end + dt.timedelta(days=1)),
                )
            )
        year_end = dt.date(year, 12, 31)
        if year_end < end:
            reports.append(
                StatusReport(
                    project=project,
                    kind=StatusReport.Kind.HELSE_NORD,
                    period_start=max(dt.date(year, 1, 1), start),
                    period_end=year_end,
                    due_on=dt.date(year + 1, 3, 1),
                )
            )
    reports.append(
        StatusReport(
            project=project,
            kind=StatusReport.Kind.FINAL,
            period_start=start,
            period_end=end,
            due_on=_months_later_end(end, 3),
        )
    )
    return StatusReport.objects.bulk_create(reports)


def _locked_project(project: Project) -> Project:
    return Project.objects.select_for_update().get(pk=project.pk)


EDITABLE_FIELDS = (
    "title",
    "owner",
    "leader",
    "starts_on",
    "ends_on",
    "state",
    "target_group",
    "goals",
    "main_measures",
    "experiences",
)


def project_update(*, project: Project, actor, **fields) -> Project:
    """Edit the project's description; each change is audited with before and after."""
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        locked = _locked_project(project)
        starts_on, ends_on = fields.get("starts_on", locked.starts_on), fields.get("ends_on", locked.ends_on)
        if ends_on < starts_on:
            raise ProjectError(_("Avslutningen kan ikke være før oppstarten."), field="ends_on")
        changes = {}
        for name, value in fields.items():
            old = getattr(locked, name)
            if old != value:
                changes[name] = [str(old or ""), str(value or "")]
                setattr(locked, name, value)
        if changes:
            locked.save(update_fields=[*fields, "updated_at"])
            audit.record(actor=actor, action="project.update", target=locked, changes=changes)
    return locked


def project_rows_replace(*, project: Project, actor, model, rows: list[dict], section: str) -> None:
    """Replace one of the project's lists (gains, organisation, milestones, risks, indicators)
    with the rows of a formset, keeping the rows that stay (by pk) so measurements and report rows
    that point at them are kept."""
    with transaction.atomic():
        _locked_project(project)
        existing = {row.pk: row for row in model.objects.filter(project=project)}
        keep = set()
        for order, data in enumerate(rows):
            data = dict(data)
            pk = data.pop("pk", None)
            row = existing.get(pk) if pk else None
            if row is None:
                row = model(project=project)
            for name, value in data.items():
                setattr(row, name, value)
            row.order = order
            row.save()
            keep.add(row.pk)
        removed = [pk for pk in existing if pk not in keep]
        model.objects.filter(project=project, pk__in=removed).delete()
        audit.record(
            actor=actor,
            action=f"project.{section}",
            target=project,
            summary=ngettext("%(count)s rad", "%(count)s rader", len(rows)) % {"count": len(rows)},
            changes={"removed": removed} if removed else None,
        )


def measurement_record(
    *, indicator: Indicator, actor, measured_on: dt.date, value: Decimal, note: str = "", report=None
) -> Measurement:
    """Record (or correct) the indicator's value for a date."""
    with transaction.atomic():
        measurement, created = Measurement.objects.update_or_create(
            indicator=indicator,
            measured_on=measured_on,
            defaults={"value": value, "note": note.strip(), "report": report, "recorded_by": actor},
        )
        audit.record(
            actor=actor,
            action="project.measurement",
            target=indicator.project,
            summary=f"{indicator.name} {measured_on:%d.%m.%Y}: {value}",
        )
    return measurement


# --- The reporting plan and the report cycle --------------------------------------------------


def report_add(
    *, project: Project, actor, kind: str, period_start: dt.date, period_end: dt.date, due_on: dt.date
) -> StatusReport:
    if period_end < period_start:
        raise ProjectError(_("Perioden kan ikke slutte før den begynner."), field="period_end")
    with transaction.atomic():
        _locked_project(project)
        report = StatusReport.objects.create(
            project=project, kind=kind, period_start=period_start, period_end=period_end, due_on=due_on
        )
        audit.record(actor=actor, action="report.add", target=report, summary=str(report))
    return report


def report_remove(*, report: StatusReport, actor) -> None:
    """Take a report that nobody has started out of the plan."""
    with transaction.atomic():
        locked = _locked_report(report)
        if locked.status != StatusReport.Status.PLANNED:
            raise ProjectError(_("Bare rapporter som ikke er påbegynt, kan tas ut av planen."))
        audit.record(actor=actor, action="report.remove", target=locked.project, summary=str(locked))
        locked.delete()


def _locked_report(report: StatusReport) -> StatusReport:
    return (
        StatusReport.objects.select_for_update(of=("self",))
        .select_related("project", "updated_by")
        .get(pk=report.pk)
    )


def report_save(
    *,
    report: StatusReport,
    actor,
    version: int,
    progress: str,
    risks_comment: str,
    experiences: str,
    milestones: dict[int, tuple[str, str]],
    spending: dict[int, tuple[int, str]],
    risks: dict[int, tuple[str, str]],
    measurements: dict[int, tuple[Decimal, str]],
) -> StatusReport:
    """Save the report as a draft: its text, each milestone's progress, money spent per year,
    each open risk's level and the indicator values for the end of the period. Refused when
    someone saved it since `version` was read, naming them."""
    with transaction.atomic():
        locked = _locked_report(report)
        if locked.status not in workflow.EDITABLE:
            raise ProjectError(
                _("Rapporten kan ikke endres når den har status «%(status)s».")
                % {"status": locked.get_status_display()}
            )
        if locked.version != version:
            last = locked.updated_by
            raise ReportConflict(
                _(
                    "Rapporten ble endret av %(name)s etter at du åpnet den. Det du skrev, står under; "
                    "last inn siden på nytt for å se den nyeste versjonen."
                )
                % {"name": (last.get_full_name() or last.email) if last else _("en annen bruker")}
            )
        project = locked.project
        milestone_ids = set(project.milestones.values_list("pk", flat=True))
        risk_ids = set(project.risks.values_list("pk", flat=True))
        indicators = {i.pk: i for i in project.indicators.all()}
        if set(milestones) - milestone_ids or set(risks) - risk_ids or set(measurements) - set(indicators):
            raise ReportConflict(
                _(
                    "Milepæler, risikoer, indikatorer eller tildelte midler ble endret mens du skrev. "
                    "Det du skrev, står under; last inn siden på nytt for å se endringene."
                )
            )
        budget = project_budget_by_year(project)
        if set(spending) - set(budget):
            raise ReportConflict(
                _(
                    "Milepæler, risikoer, indikatorer eller tildelte midler ble endret mens du skrev. "
                    "Det du skrev, står under; last inn siden på nytt for å se endringene."
                )
            )

        locked.progress, locked.risks_comment, locked.experiences = (
            progress.strip(),
            risks_comment.strip(),
            experiences.strip(),
        )
        if locked.status == StatusReport.Status.PLANNED:
            locked.status = StatusReport.Status.DRAFT
        locked.version += 1
        locked.updated_by = actor
        locked.save(
            update_fields=[
                "progress",
                "risks_comment",
                "experiences",
                "status",
                "version",
                "updated_by",
                "updated_at",
            ]
        )
        for pk, (progress_value, comment) in milestones.items():
            ReportMilestone.objects.update_or_create(
                report=locked,
                milestone_id=pk,
                defaults={"progress": progress_value, "comment": comment.strip()},
            )
        for year, (spent, comment) in spending.items():
            ReportSpending.objects.update_or_create(
                report=locked,
                year=year,
                defaults={"budget_nok": budget[year], "spent_nok": spent, "comment": comment.strip()},
            )
        for pk, (level, comment) in risks.items():
            ReportRisk.objects.update_or_create(
                report=locked, risk_id=pk, defaults={"level": level, "comment": comment.strip()}
            )
        for pk, (value, note) in measurements.items():
            if value is None:
                Measurement.objects.filter(indicator_id=pk, report=locked).delete()
                continue
            Measurement.objects.update_or_create(
                indicator_id=pk,
                measured_on=locked.period_end,
                defaults={"value": value, "note": note.strip(), "report": locked, "recorded_by": actor},
            )
        audit.record(actor=actor, action="report.save", target=locked, summary=str(locked))
    return locked


def project_budget_by_year(project: Project) -> dict[int, int]:
    budget: dict[int, int] = {}
    for row in project.funding.all():
        budget[row.year] = budget.get(row.year, 0) + row.amount_nok
    return budget


def _transition(report: StatusReport, action: str, actor, comment: str = "") -> StatusReport:
    transition = workflow.TRANSITIONS[action]
    if report.status not in transition.source:
        raise ProjectError(
            _("«%(action)s» går ikke når rapporten har status «%(status)s».")
            % {"action": transition.label, "status": report.get_status_display()}
        )
    if transition.comment_required and not comment.strip():
        raise ProjectError(_("Skriv hva som må endres."), field="comment")
    report.status = transition.target
    return report


def report_submit(*, report: StatusReport, actor, now: dt.datetime | None = None) -> StatusReport:
    """Send the report to the secretariat. The risk register takes over the report's levels, and
    milestones reported as reached are marked reached."""
    with transaction.atomic():
        locked = _locked_report(report)
        _transition(locked, "submit", actor)
        if not locked.progress:
            raise ProjectError(_("Skriv om fremdriften før du sender inn."), field="progress")
        # The first submission decides whether the report came in on time; a correction after
        # changes were asked does not make it late.
        locked.submitted_at, locked.submitted_by = locked.submitted_at or now or timezone.now(), actor
        locked.version += 1
        locked.updated_by = actor
        locked.save(
            update_fields=["status", "submitted_at", "submitted_by", "version", "updated_by", "updated_at"]
        )
        for row in locked.risk_rows.select_related("risk"):
            if row.risk.level != row.level:
                row.risk.level = row.level
                row.risk.save(update_fields=["level", "updated_at"])
        reached = locked.milestone_rows.filter(progress=ReportMilestone.Progress.DONE).values_list(
            "milestone_id", flat=True
        )
        ProjectMilestone.objects.filter(pk__in=list(reached), completed_on__isnull=True).update(
            completed_on=min(timezone.localtime(locked.submitted_at).date(), locked.period_end)
        )
        audit.record(actor=actor, action="report.submit", target=locked, summary=str(locked))
    return locked


def report_review(*, report: StatusReport, actor, action: str, comment: str = "") -> StatusReport:
    """The secretariat's answer: accept the report, or ask for changes (with what to change)."""
    if action not in ("accept", "request_changes"):
        raise ValueError(action)
    with transaction.atomic():
        locked = _locked_report(report)
        _transition(locked, action, actor, comment)
        locked.reviewed_at, locked.reviewed_by, locked.review_comment = timezone.now(), actor, comment.strip()
        locked.version += 1
        locked.updated_by = actor
        locked.save(
            update_fields=[
                "status",
                "reviewed_at",
                "reviewed_by",
                "review_comment",
                "version",
                "updated_by",
                "updated_at",
            ]
        )
        audit.record(actor=actor, action=f"report.{action}", target=locked, summary=comment.strip()[:300])
    return locked
