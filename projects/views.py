"""The project pages: the list of the user's projects, a project with its whole plan (in the
spirit of seed 004), the edit pages (the description, and one formset per list), measurements,
the reporting plan, and the status report cycle (the project writes, saves and submits; the
secretariat accepts or asks for changes).

Every page fetches through permissions.access_project / access_report, which answer 404 for
missing and forbidden alike, and makes a constant number of queries whatever the number of rows.
Views validate and call one service; a refusal is shown at the field it names with what was
typed kept, and status 400 (409 when someone else saved the report since the form was read)."""

import copy
import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import OuterRef, Prefetch, Subquery, Sum, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from applications.models import Pot
from core.errors import Refused
from core.views import post_form

from . import permissions, selectors, services, workflow
from .charts import format_number, indicator_chart_alt, indicator_chart_data_uri
from .forms import SECTIONS, MeasurementForm, ProjectForm, ReportAddForm, ReportForm, ReviewForm
from .models import (
    Funding,
    Gain,
    Indicator,
    Measurement,
    OrganisationUnit,
    Project,
    ProjectMilestone,
    ProjectRisk,
    StatusReport,
)
from .services import ReportConflict

# Bootstrap colours of the badges; a badge always says its status in words too.
HEALTH_CSS = {
    Project.Health.ON_TRACK: "success",
    Project.Health.AT_RISK: "warning",
    Project.Health.LATE: "danger",
    Project.Health.DONE: "secondary",
    Project.Health.STOPPED: "secondary",
}
MARK_CSS = {"overdue": "danger", "due": "warning", "late": "secondary"}
STATUS_CSS = {
    StatusReport.Status.PLANNED: "light",
    StatusReport.Status.DRAFT: "secondary",
    StatusReport.Status.SUBMITTED: "primary",
    StatusReport.Status.CHANGES_REQUESTED: "warning",
    StatusReport.Status.ACCEPTED: "success",
}
KIND_ORDER = {kind: i for i, kind in enumerate(OrganisationUnit.Kind.values)}


def _health(value: str) -> dict:
    return {"value": value, "label": selectors.health_label(value), "css": HEALTH_CSS.get(value, "secondary")}


def _mark(report: StatusReport, today: dt.date) -> dict:
    key, label = selectors.report_mark(report, today)
    return {"key": key, "label": label, "css": MARK_CSS.get(key, "secondary")}


def _decorate_report(report: StatusReport, today: dt.date) -> StatusReport:
    report.mark = _mark(report, today)
    report.status_css = STATUS_CSS.get(report.status, "secondary")
    return report


def _reports_url(project) -> str:
    return reverse("projects:detail", args=[project.pk]) + "#reports"


# --- The list -----------------------------------------------------------------------------------


@login_required
@require_safe
def project_list(request):
    user = request.user
    today = timezone.localdate()
    granted = (
        Funding.objects.filter(project=OuterRef("pk"))
        .order_by()
        .values("project")
        .annotate(total=Sum("amount_nok"))
        .values("total")
    )
    projects = (
        selectors.project_list_for_user(user)
        .annotate(granted_nok=Subquery(granted))
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=StatusReport.objects.filter(status__in=workflow.EDITABLE).order_by("due_on", "pk"),
                to_attr="open_reports",
            )
        )
    )
    rows = []
    for project in projects:
        next_report = project.open_reports[0] if project.open_reports else None
        rows.append(
            {
                "project": project,
                "health": _health(project.health),
                "next_report": _decorate_report(next_report, today) if next_report else None,
            }
        )
    return render(
        request,
        "projects/project_list.html",
        {"rows": rows, "show_portfolio": bool(permissions.portfolio_health_community_ids(user))},
    )


# --- The project --------------------------------------------------------------------------------


def _funding_table(funding) -> dict:
    """Granted money per year (rows) and pot (columns), with totals."""
    pots = [kind for kind in Pot.Kind if any(row.pot == kind for row in funding)]
    by_year: dict[int, dict[str, int]] = {}
    for row in funding:
        by_year.setdefault(row.year, {})[row.pot] = by_year.get(row.year, {}).get(row.pot, 0) + row.amount_nok
    rows = [
        {"year": year, "amounts": [amounts.get(pot, 0) for pot in pots], "total": sum(amounts.values())}
        for year, amounts in sorted(by_year.items())
    ]
    return {
        "pots": [pot.label for pot in pots],
        "rows": rows,
        "totals": [sum(row["amounts"][i] for row in rows) for i in range(len(pots))],
        "total": sum(row["total"] for row in rows),
    }


def _indicator_view(indicator: Indicator) -> Indicator:
    """The chart (from the prefetched measurements) and the figures as text, for the page."""
    # Drawn at the size it is shown (half the PDF's), which halves the drawing time per chart.
    indicator.chart = indicator_chart_data_uri(indicator, width_px=800, height_px=400)
    indicator.chart_alt = indicator_chart_alt(indicator)
    indicator.baseline_text = format_number(indicator.baseline_value)
    indicator.target_text = format_number(indicator.target_value)
    indicator.rows = [(m, format_number(m.value)) for m in indicator.measurements.all()]
    return indicator


@login_required
@require_safe
def project_detail(request, pk):
    user = request.user
    project = permissions.access_project(user, pk)
    today = timezone.localdate()
    # Explicit orderings: the models' default ones start with "project", which joins the project
    # table only to sort rows that all belong to it.
    prefetch_related_objects(
        [project],
        Prefetch("funding", queryset=Funding.objects.order_by("year", "pot")),
        Prefetch("gains", queryset=Gain.objects.order_by("order", "pk")),
        Prefetch("organisation", queryset=OrganisationUnit.objects.order_by("order", "pk")),
        Prefetch("milestones", queryset=ProjectMilestone.objects.order_by("due_on", "order", "pk")),
        Prefetch("risks", queryset=ProjectRisk.objects.order_by("order", "pk")),
        Prefetch(
            "indicators",
            queryset=Indicator.objects.order_by("order", "pk").prefetch_related(
                Prefetch("measurements", queryset=Measurement.objects.order_by("measured_on"))
            ),
        ),
        Prefetch("reports", queryset=StatusReport.objects.order_by("due_on", "kind", "pk")),
    )
    health = selectors.with_health(Project.objects.filter(pk=project.pk), today).values_list(
        "health", flat=True
    )
    gains = list(project.gains.all())
    milestones = list(project.milestones.all())
    for milestone in milestones:
        milestone.late = milestone.is_late(today)
    context = {
        "project": project,
        "health": _health(health.get()),
        "funding": _funding_table(list(project.funding.all())),
        "gains": [
            (label, [gain for gain in gains if gain.dimension == value])
            for value, label in Gain.Dimension.choices
        ],
        "organisation": sorted(project.organisation.all(), key=lambda unit: KIND_ORDER.get(unit.kind, 99)),
        "milestones": milestones,
        "risks": list(project.risks.all()),
        "indicators": [_indicator_view(indicator) for indicator in project.indicators.all()],
        "reports": [_decorate_report(report, today) for report in project.reports.all()],
        "can_edit": permissions.can_edit_project(user, project),
        "can_plan": permissions.can_plan_reports(user, project),
        "planned": StatusReport.Status.PLANNED,
    }
    return render(request, "projects/project_detail.html", context)


@login_required
def project_edit(request, pk):
    project = permissions.access_project(request.user, pk, edit=True)

    def page(form, status=200):
        return render(
            request, "projects/project_edit.html", {"project": project, "form": form}, status=status
        )

    if request.method != "POST":
        return page(ProjectForm(instance=project))

    def perform(data):
        services.project_update(
            project=project, actor=request.user, **{name: data[name] for name in ProjectForm.Meta.fields}
        )
        return _("Prosjektet er lagret."), project

    # The form writes what was typed into its instance; a copy keeps the page's heading as saved.
    return post_form(
        request,
        ProjectForm(request.POST, instance=copy.copy(project)),
        perform=perform,
        rerender=lambda form: page(form, 400),
    )


@login_required
def project_section(request, pk, section):
    spec = SECTIONS.get(section)
    if spec is None:
        raise Http404
    project = permissions.access_project(request.user, pk, edit=True)
    queryset = spec.model.objects.filter(project=project)

    def page(formset, status=200, refusal=None):
        return render(
            request,
            "projects/project_section.html",
            {"project": project, "section": spec, "formset": formset, "refusal": refusal},
            status=status,
        )

    if request.method != "POST":
        return page(spec.formset(instance=project, queryset=queryset, prefix="rows"))

    formset = spec.formset(request.POST, instance=project, queryset=queryset, prefix="rows")
    if not formset.is_valid():
        return page(formset, 400)
    rows = [
        {"pk": form.instance.pk, **{name: form.cleaned_data[name] for name in spec.fields}}
        for form in formset.forms
        if form.cleaned_data and not form.cleaned_data.get("DELETE")
    ]
    try:
        services.project_rows_replace(
            project=project, actor=request.user, model=spec.model, rows=rows, section=spec.slug
        )
    except Refused as refused:
        return page(formset, 400, refusal=str(refused))
    messages.success(request, _("%(section)s er lagret.") % {"section": spec.title})
    return redirect(reverse("projects:detail", args=[project.pk]) + f"#{spec.slug}")


@login_required
def measurement_add(request, pk, indicator_pk):
    project = permissions.access_project(request.user, pk, edit=True)
    indicator = get_object_or_404(
        Indicator.objects.prefetch_related(
            Prefetch("measurements", queryset=Measurement.objects.select_related("report"))
        ),
        pk=indicator_pk,
        project=project,
    )
    existing = {m.measured_on: m for m in indicator.measurements.all()}

    def page(form, status=200):
        return render(
            request,
            "projects/measurement_form.html",
            {"project": project, "indicator": _indicator_view(indicator), "form": form},
            status=status,
        )

    if request.method != "POST":
        initial = {}
        # «Rett» on a measurement opens the form with it filled in.
        chosen = existing.get(_parse_iso(request.GET.get("dato")))
        if chosen:
            initial = {"measured_on": chosen.measured_on, "value": chosen.value, "note": chosen.note}
        return page(MeasurementForm(initial=initial))

    def perform(data):
        corrected = existing.get(data["measured_on"])
        services.measurement_record(
            indicator=indicator,
            actor=request.user,
            measured_on=data["measured_on"],
            value=data["value"],
            note=data["note"],
            # A corrected figure stays the figure of the report it came with.
            report=corrected.report if corrected else None,
        )
        message = (
            _("Målingen for %(date)s er rettet.") if corrected else _("Målingen for %(date)s er lagret.")
        )
        return message % {"date": data["measured_on"].strftime("%d.%m.%Y")}, reverse(
            "projects:detail", args=[project.pk]
        ) + f"#indicator-{indicator.pk}"

    return post_form(
        request, MeasurementForm(request.POST), perform=perform, rerender=lambda form: page(form, 400)
    )


def _parse_iso(text) -> dt.date | None:
    try:
        return dt.date.fromisoformat(text or "")
    except ValueError:
        return None


# --- The reporting plan -------------------------------------------------------------------------


def _access_plan(user, pk) -> Project:
    project = permissions.access_project(user, pk)
    if not permissions.can_plan_reports(user, project):
        raise Http404
    return project


@login_required
def report_add(request, pk):
    project = _access_plan(request.user, pk)

    def page(form, status=200):
        return render(request, "projects/report_add.html", {"project": project, "form": form}, status=status)

    if request.method != "POST":
        return page(ReportAddForm(initial={"kind": StatusReport.Kind.SSU}))

    def perform(data):
        report = services.report_add(
            project=project, actor=request.user, **{name: data[name] for name in ReportAddForm.Meta.fields}
        )
        return _("«%(report)s» er lagt til i rapporteringsplanen.") % {"report": report}, _reports_url(
            project
        )

    return post_form(
        request, ReportAddForm(request.POST), perform=perform, rerender=lambda form: page(form, 400)
    )


@login_required
@require_POST
def report_remove(request, pk):
    report = permissions.access_report(request.user, pk)
    if not permissions.can_plan_reports(request.user, report.project):
        raise Http404
    try:
        services.report_remove(report=report, actor=request.user)
    except Refused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("«%(report)s» er tatt ut av rapporteringsplanen.") % {"report": report})
    return redirect(_reports_url(report.project))


# --- The status report --------------------------------------------------------------------------


def _report_form(report: StatusReport, data=None) -> ReportForm:
    """The report form with everything it reports on: every milestone, every funded year, every
    open risk and every indicator of the project, and what the report saved for each."""
    project = report.project
    saved = {
        "milestones": {row.milestone_id: row for row in report.milestone_rows.all()},
        "spending": {row.year: row for row in report.spending_rows.all()},
        "risks": {row.risk_id: row for row in report.risk_rows.all()},
    }
    return ReportForm(
        data,
        report=report,
        milestones=project.milestones.order_by("due_on", "order", "pk"),
        budget=dict(sorted(services.project_budget_by_year(project).items())),
        risks=project.risks.filter(state=ProjectRisk.State.OPEN).order_by("order", "pk"),
        indicators=project.indicators.order_by("order", "pk").prefetch_related("measurements"),
        saved=saved,
    )


def _report_page(request, report, *, form=None, review_form=None, status=200):
    user = request.user
    today = timezone.localdate()
    can_write = permissions.can_write_report(user, report)
    if form is None and can_write:
        form = _report_form(report)
    can_review = report.status == StatusReport.Status.SUBMITTED and permissions.can_review_report(
        user, report
    )
    context = {
        "report": _decorate_report(report, today),
        "project": report.project,
        "form": form,
        "review_form": review_form or (ReviewForm() if can_review else None),
        "refusals": [error for f in (form, review_form) if f is not None for error in f.non_field_errors()],
        "milestone_rows": list(report.milestone_rows.select_related("milestone")),
        "spending_rows": list(report.spending_rows.all()),
        "risk_rows": list(report.risk_rows.select_related("risk")),
        "measurements": [
            (m, format_number(m.value))
            for m in report.measurements.select_related("indicator").order_by("indicator")
        ],
    }
    return render(request, "projects/report_detail.html", context, status=status)


@login_required
def report_detail(request, pk):
    """The report; for the project side while it can be changed, the form, which saves a draft."""
    if request.method != "POST":
        return _report_page(request, permissions.access_report(request.user, pk))
    report = permissions.access_report(request.user, pk, write=True)
    form = _report_form(report, request.POST)
    status = 400
    if form.is_valid():
        try:
            services.report_save(report=report, actor=request.user, **form.service_arguments())
        except ReportConflict as conflict:
            form.add_error(None, str(conflict))
            status = 409
        except Refused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, str(refused))
        else:
            messages.success(request, _("Utkastet er lagret. Rapporten er ikke sendt inn ennå."))
            return redirect(report)
    return _report_page(request, report, form=form, status=status)


@login_required
@require_POST
def report_submit(request, pk):
    """«Send inn»: saves what is in the form, then submits. When the save goes through but the
    submission is refused (no progress written), the draft is kept and the form shows why."""
    report = permissions.access_report(request.user, pk, write=True)
    form = _report_form(report, request.POST)
    status = 400
    if form.is_valid():
        saved = None
        try:
            saved = services.report_save(report=report, actor=request.user, **form.service_arguments())
            services.report_submit(report=saved, actor=request.user)
        except ReportConflict as conflict:
            form.add_error(None, str(conflict))
            status = 409
        except Refused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, str(refused))
            if saved is not None:
                # The draft is saved: the next save continues from its new version.
                report.status, report.version = saved.status, saved.version
                form.data = form.data.copy()
                form.data["version"] = str(saved.version)
                messages.info(request, _("Utkastet er lagret, men rapporten er ikke sendt inn."))
        else:
            messages.success(
                request, _("Rapporten er sendt inn. Sekretariatet får beskjed og behandler den.")
            )
            return redirect(report)
    return _report_page(request, report, form=form, status=status)


@login_required
@require_POST
def report_review(request, pk):
    report = permissions.access_report(request.user, pk, review=True)

    def perform(data):
        services.report_review(
            report=report, actor=request.user, action=data["action"], comment=data["comment"]
        )
        if data["action"] == ReviewForm.ACCEPT:
            return _("Rapporten er godkjent."), report
        return _("Prosjektet er bedt om å rette rapporten."), report

    return post_form(
        request,
        ReviewForm(request.POST),
        perform=perform,
        rerender=lambda form: _report_page(request, report, review_form=form, status=400),
    )
