"""The project sheet (prosjektark): one A4 page per project in the spirit of seed 004, with the goals,
target group, granted money, owner, leader, period, organisation, indicators with their charts, the
top risks and where the project stands.

As for the committee documents (committees/documents.py), the sheet is keyed by a hash of its HTML,
stored with the file (Project.sheet_pdf, Project.sheet_hash). A view asks ``request_sheet``: True
when the stored file has the current hash; otherwise the Celery task (projects/tasks.py) is enqueued
after commit, once per content, and False is answered, so a download never waits for WeasyPrint.
The task calls ``store_sheet``, which does nothing when the stored file is already current.

The charts go into the HTML as ``data:image/png;base64,…`` images, which core.pdf's fetcher decodes
in memory (it never touches the disk or the network for them). Drawing them takes a moment, so the
hash is taken of the HTML with a placeholder per chart that names everything the chart is drawn from
(``chart:<sha256 of the indicator's figures>``); the real images replace the placeholders only when
the PDF is rendered. A status poll therefore costs one template render and no drawing.

The HTML is rendered in Norwegian whatever the request's language, so the hash does not depend on
who asks. Lists are shortened («… og 3 til») and long texts cut so the sheet stays on one page: the
render tries the generous limits first (the HTML that is hashed) and then tighter ones (FITS) until
the PDF has one page. The same content always gives the same PDF, so the hash still keys it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import logging
from dataclasses import dataclass

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db.models import Prefetch
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.utils.translation import override
from pypdf import PdfReader

from applications.models import RiskRow
from core.pdf import render_pdf
from core.queue import enqueue_on_commit

from . import charts, selectors
from .models import Indicator, OrganisationUnit, Project, ProjectRisk, StatusReport
from .workflow import SUBMITTED

log = logging.getLogger(__name__)

# Part of every hash: bump it when the sheet changes in a way its HTML does not show (how the charts
# are drawn), so stored files are made again.
DOCUMENTS_VERSION = "project-sheet-2"  # 2: tagged (PDF/UA-1)
LANGUAGE = "nb"
# How long a request to render is remembered, so polling does not enqueue a task per poll. Longer
# than the task's time limit; after it (a task lost or failed), the next poll enqueues again.
ENQUEUE_TTL = 180
# The charts side by side, by how many there are: one or two in half the page's width (about
# 88 mm, so about 260 dpi in print), three in a third (larger text, as they print smaller).
MAX_CHARTS = 3
CHART_OPTIONS = {
    1: {"width_px": 900, "height_px": 500},
    2: {"width_px": 900, "height_px": 520},
    3: {"width_px": 640, "height_px": 420, "text_scale": 1.3},
}


@dataclass(frozen=True)
class Fit:
    """How much of each list and text goes on the page; the rest is counted («… og 3 til») or cut
    («…»). The sheet is made with the first Fit that gives one page."""

    title: int
    owner: int
    goals: int
    goal: int
    target_group: int
    units: int  # per part of the organisation other than the working groups
    groups: int
    name: int
    purpose: int
    indicators: int
    indicator: int
    risks: int
    risk: int


FITS = (
    Fit(160, 120, 6, 150, 360, 2, 6, 52, 60, 6, 70, 3, 90),
    Fit(120, 80, 5, 100, 240, 1, 5, 44, 56, 4, 50, 3, 60),
    Fit(80, 60, 3, 70, 140, 1, 3, 35, 50, 3, 40, 2, 40),
)
RISK_RANK = {RiskRow.Level.HIGH: 0, RiskRow.Level.MEDIUM: 1, RiskRow.Level.LOW: 2}


def _sha256(parts) -> str:
    digest = hashlib.sha256()
    for part in parts:
        digest.update(str(part).encode())
        digest.update(b"\x00")
    return digest.hexdigest()


def _stored(file_field) -> bool:
    return bool(file_field) and file_field.storage.exists(file_field.name)


def _person(user) -> str:
    return (user.get_full_name() or user.email) if user else ""


# --- What goes on the sheet -----------------------------------------------------------------------


def load_project(pk: int) -> Project | None:
    """The project with everything the sheet shows, in a fixed number of queries."""
    return (
        selectors.with_health(Project.objects.filter(pk=pk))
        .select_related("leader", "health_community", "application__lead_organisation")
        .prefetch_related(
            "funding",
            "milestones",
            "application__focus_areas",
            "application__priority_groups",
            Prefetch("organisation", queryset=OrganisationUnit.objects.order_by("order", "pk")),
            Prefetch(
                "risks",
                queryset=ProjectRisk.objects.filter(state=ProjectRisk.State.OPEN).order_by("order", "pk"),
                to_attr="open_risks",
            ),
            Prefetch(
                "indicators",
                queryset=Indicator.objects.order_by("order", "pk").prefetch_related("measurements"),
            ),
            Prefetch("reports", queryset=StatusReport.objects.order_by("due_on", "pk")),
        )
        .first()
    )


@dataclass
class IndicatorItem:
    """An indicator's figures for the sheet and, for those drawn, its chart's placeholder."""

    indicator: Indicator
    baseline: str
    latest: str
    latest_on: dt.date | None
    target: str
    key: str = ""  # the chart's placeholder in the hashed HTML: names everything it is drawn from
    alt: str = ""
    options: dict | None = None


def _chart_key(indicator: Indicator, options: dict) -> str:
    figures = [
        DOCUMENTS_VERSION,
        sorted(options.items()),
        indicator.pk,
        indicator.name,
        indicator.unit,
        indicator.baseline_value,
        indicator.baseline_on,
        indicator.target_value,
        indicator.target_on,
        indicator.direction,
    ]
    figures += [f"{m.measured_on}={m.value}" for m in indicator.measurements.all()]
    return "chart:" + _sha256(figures)


def _indicator_item(indicator: Indicator, chart_options: dict | None) -> IndicatorItem:
    measured = sorted(indicator.measurements.all(), key=lambda m: m.measured_on)
    latest = measured[-1] if measured else None
    item = IndicatorItem(
        indicator=indicator,
        baseline=charts.format_number(indicator.baseline_value),
        latest=charts.format_number(latest.value) if latest else "",
        latest_on=latest.measured_on if latest else None,
        target=charts.format_number(indicator.target_value),
    )
    if chart_options is not None:
        item.key = _chart_key(indicator, chart_options)
        item.alt = charts.indicator_chart_alt(indicator)
        item.options = chart_options
    return item


def _shorten(items: list, limit: int) -> tuple[list, int]:
    """At most `limit` lines: all the items if they fit, else `limit - 1` of them and the count of
    the rest (for its «… og N til» line)."""
    if len(items) <= limit:
        return items, 0
    shown = max(limit - 1, 0)
    return items[:shown], len(items) - shown


def _organisation(project: Project, fit: Fit) -> list[dict]:
    """The parts of the organisation in the order of seed 004 (owner, steering group, project group,
    working groups), each {label, units, more, rows}."""
    parts = []
    units = list(project.organisation.all())
    for kind, label in OrganisationUnit.Kind.choices:
        of_kind = [unit for unit in units if unit.kind == kind]
        if not of_kind:
            continue
        working = kind == OrganisationUnit.Kind.WORKING_GROUP
        shown, more = _shorten(of_kind, fit.groups if working else fit.units)
        parts.append(
            {
                "label": _("Arbeidsgrupper") if working and len(of_kind) > 1 else label,
                "units": shown,
                "more": more,
                "working": working,
                "rows": len(shown) + (1 if more else 0),
            }
        )
    return parts


def _status(project: Project) -> dict:
    today_health = getattr(project, "health", "")
    milestones = list(project.milestones.all())
    reached = [m for m in milestones if m.completed_on]
    open_milestones = sorted((m for m in milestones if not m.completed_on), key=lambda m: (m.due_on, m.order))
    reports = list(project.reports.all())
    submitted = [r for r in reports if r.status in SUBMITTED]
    due = [r for r in reports if r.status not in SUBMITTED]
    return {
        "health": today_health,
        "health_label": selectors.health_label(today_health),
        "milestones_total": len(milestones),
        "milestones_reached": len(reached),
        "next_milestone": open_milestones[0] if open_milestones else None,
        "last_report": max(submitted, key=lambda r: (r.period_end, r.pk)) if submitted else None,
        "next_report": due[0] if due else None,
        # «Forfalt» / «Forfaller snart», in words (the sheet is printed in black and white too)
        "next_report_mark": selectors.report_mark(due[0])[1] if due else "",
    }


def sheet_title(project: Project) -> str:
    with override(LANGUAGE):
        return _("Prosjektark: %(title)s") % {"title": project.title}


def _context(project: Project, fit: Fit) -> dict:
    by_year: dict[int, int] = {}
    for row in project.funding.all():
        by_year[row.year] = by_year.get(row.year, 0) + row.amount_nok
    goals, more_goals = _shorten(project.goal_lines, fit.goals)
    indicators, more_indicators = _shorten(list(project.indicators.all()), fit.indicators)
    drawn = min(len(indicators), MAX_CHARTS)
    items = [
        _indicator_item(indicator, CHART_OPTIONS[drawn] if index < drawn else None)
        for index, indicator in enumerate(indicators)
    ]
    risks = sorted(project.open_risks, key=lambda r: (RISK_RANK.get(r.level, 9), r.order, r.pk))
    top_risks, more_risks = _shorten(risks, fit.risks)
    return {
        "project": project,
        "fit": fit,
        "document_title": sheet_title(project),
        "leader": _person(project.leader),
        "total_nok": sum(by_year.values()),
        "by_year": sorted(by_year.items()),
        "goals": goals,
        "more_goals": more_goals,
        "focus_areas": [area.name for area in project.application.focus_areas.all()],
        "priority_groups": [group.name for group in project.application.priority_groups.all()],
        "organisation": _organisation(project, fit),
        "indicators": items,
        "charts": [item for item in items if item.key],
        "more_indicators": more_indicators,
        "risks": top_risks,
        "more_risks": more_risks,
        "status": _status(project),
    }


@dataclass
class _Sheet:
    html: str  # with a placeholder per chart
    digest: str
    charts: list[IndicatorItem]


def _sheet(project: Project, fit: Fit = FITS[0]) -> _Sheet:
    with override(LANGUAGE):
        context = _context(project, fit)
        html = render_to_string("projects/pdf/sheet.html", context)
    return _Sheet(html, _sha256([DOCUMENTS_VERSION, html]), context["charts"])


def _with_charts(sheet: _Sheet) -> str:
    html = sheet.html
    for item in sheet.charts:
        uri = charts.indicator_chart_data_uri(item.indicator, **item.options)
        html = html.replace(f'src="{item.key}"', f'src="{uri}"')
    return html


def _render_one_page(project: Project, sheet: _Sheet) -> bytes:
    """The PDF with the first Fit that gives one page (the sheet as hashed, then shorter ones)."""
    title = sheet_title(project)
    for index, fit in enumerate(FITS):
        attempt = sheet if index == 0 else _sheet(project, fit)
        content = render_pdf(_with_charts(attempt), title=title)
        if len(PdfReader(io.BytesIO(content)).pages) == 1:
            break
        log.info("Project sheet %s: more than one page with fit %s", project.pk, index)
    else:
        log.warning("Project sheet %s does not fit on one page", project.pk)
    return content


def sheet_html(project: Project) -> str:
    """The sheet's HTML with its charts drawn in (as data: images), before any shortening to fit."""
    return _with_charts(_sheet(project))


def sheet_hash(project: Project) -> str:
    """sha256 of the sheet's HTML (each chart named by a hash of what it is drawn from)."""
    return _sheet(project).digest


def sheet_pdf_bytes(project: Project) -> bytes:
    return _render_one_page(project, _sheet(project))


def sheet_ready(project: Project) -> bool:
    return (
        bool(project.sheet_hash) and project.sheet_hash == sheet_hash(project) and _stored(project.sheet_pdf)
    )


def _enqueue_once(task, pk: int, digest: str) -> None:
    """Send the task after commit, unless it was sent for this content a moment ago."""
    key = f"projects:sheet:{pk}"
    if cache.get(key) == digest:
        return
    cache.set(key, digest, ENQUEUE_TTL)
    enqueue_on_commit(task, pk)


def request_sheet(project: Project) -> bool:
    """True when the stored sheet is current; otherwise its rendering is enqueued and False returned.
    `project` comes from load_project."""
    digest = sheet_hash(project)
    if project.sheet_hash == digest and _stored(project.sheet_pdf):
        return True
    from .tasks import render_project_sheet

    _enqueue_once(render_project_sheet, project.pk, digest)
    return False


def store_sheet(project: Project) -> bool:
    """Render and store the sheet unless the stored one is current. True if it rendered."""
    sheet = _sheet(project)
    if project.sheet_hash == sheet.digest and _stored(project.sheet_pdf):
        return False
    content = _render_one_page(project, sheet)
    file_field = project.sheet_pdf
    old_name = file_field.name
    file_field.save(f"prosjektark-{project.pk}-{sheet.digest[:12]}.pdf", ContentFile(content), save=False)
    project.sheet_hash = sheet.digest
    project.save(update_fields=["sheet_pdf", "sheet_hash"])
    if old_name and old_name != file_field.name:
        try:
            file_field.storage.delete(old_name)
        except OSError:  # pragma: no cover - an old file that is already gone
            log.warning("Could not delete the replaced project sheet %s", old_name)
    log.info("Project sheet %s rendered (%s bytes)", project.pk, len(content))
    return True
