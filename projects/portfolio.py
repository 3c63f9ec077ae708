"""The portfolio of approved projects, for the secretariat and the SSU members of a helsefellesskap:
the filters (django-filter, validated like any form), one row per project with its granted money
per year, the totals of the filtered set, the figures behind the charts (money per year and per
innsatsområde), and the projects of one grant year with their latest accepted report for the SSU's
orientation case. Reads only, in a fixed number of queries however many projects there are.

- The year filter is the grant year (tilskuddsår): the year of the round the project got its
  money from, as in «prosjekter som har fått tildelt RS-tilskudd 2025». A grant spans several
  years, so the money columns still show every year of the chosen projects.
- The pot filter chooses the projects with money from that pot, and counts only that pot's money.
- A project with several innsatsområder has its whole amount counted under each of them in the
  chart of money per innsatsområde (never split), so those bars can add up to more than the total.
"""

from __future__ import annotations

import hashlib
import re
from collections import defaultdict
from dataclasses import dataclass, field

import django_filters
from django.core.paginator import Page, Paginator
from django.db.models import CharField, F, Prefetch, Q, QuerySet, Sum, Value
from django.db.models.functions import Cast
from django.http import Http404
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from applications.models import Application, Pot, Round
from applications.selectors import long_texts
from core.form_html import escape
from core.models import FocusArea, HealthCommunity, Organisation, PriorityGroup
from core.money import format_nok
from core.prefetch import values_together
from core.rows import lazy_choice_lists, pk_url

from .charts import bar_chart_png
from .models import Funding, Project, StatusReport
from .permissions import portfolio_health_community_ids
from .selectors import health_label, with_health

POT_ORDER = [Pot.Kind.LOCAL, Pot.Kind.REGIONAL]
PROGRESS_SUMMARY_CHARS = 300
# Projects per page of the portfolio's table; the totals, the charts and the XLSX cover them all.
PAGE_SIZE = 25


# --- Which helsefellesskap --------------------------------------------------------------------


def portfolio_communities(user) -> list[HealthCommunity]:
    """The helsefellesskap whose portfolio the user may see (secretariat or SSU seat), by name."""
    ids = portfolio_health_community_ids(user)
    if not ids:
        return []
    return list(HealthCommunity.objects.filter(pk__in=ids).order_by("name"))


def portfolio_community(user, slug: str | None) -> tuple[HealthCommunity, list[HealthCommunity]]:
    """The chosen helsefellesskap (by slug, else the first) and all the user may choose from;
    404 for a user without any, and for a slug that is not theirs."""
    communities = portfolio_communities(user)
    if not communities:
        raise Http404
    if not slug:
        return communities[0], communities
    for community in communities:
        if community.slug == slug:
            return community, communities
    raise Http404


# --- Filters ----------------------------------------------------------------------------------


def portfolio_queryset(community: HealthCommunity) -> QuerySet:
    """Every project of the helsefellesskap, in the table's order. Their health is worked out in
    the query that reads the rows (_with_rows), or the health filter's."""
    return Project.objects.filter(health_community=community).order_by("title", "pk")


def grant_year_rounds(community_id: int) -> QuerySet:
    """The rounds that have projects in the helsefellesskap, newest year first, with the year as a
    choice's value and label (core.rows.choice_lists). Two rounds can share a year."""
    return (
        Round.objects.filter(
            pk__in=Project.objects.filter(health_community_id=community_id).values("application__round_id")
        )
        .annotate(value=F("year"), label=Cast("year", CharField()))
        .order_by("-year")
    )


def grant_years(community_id: int) -> list[int]:
    """The grant years (the rounds' years) that have projects in the helsefellesskap, newest first."""
    return list(dict.fromkeys(grant_year_rounds(community_id).values_list("year", flat=True)))


class PortfolioFilter(django_filters.FilterSet):
    """The portfolio's filters for one helsefellesskap. Filters on many-to-many relations use
    `pk__in` subqueries, so a project never appears twice."""

    year = django_filters.ChoiceFilter(
        label=_("Tilskuddsår"),
        choices=[],
        method="filter_year",
        empty_label=_("Alle"),
        help_text=_("Året i utlysningen prosjektet fikk tilskudd fra."),
    )
    pot = django_filters.ChoiceFilter(
        label=_("Pott"),
        choices=Pot.Kind.choices,
        method="filter_pot",
        empty_label=_("Alle"),
        help_text=_("Med en pott valgt telles bare pengene fra den potten."),
    )
    # The choices of these three (and of the year) are set per helsefellesskap in __init__, read
    # together in one query when the form first needs them.
    focus_area = django_filters.ChoiceFilter(
        label=_("Innsatsområde"), choices=[], method="filter_focus_area", empty_label=_("Alle")
    )
    priority_group = django_filters.ChoiceFilter(
        label=_("Prioritert pasientgruppe"), choices=[], method="filter_priority_group", empty_label=_("Alle")
    )
    municipality = django_filters.ChoiceFilter(
        label=_("Kommune"),
        choices=[],
        method="filter_municipality",
        empty_label=_("Alle"),
        help_text=_("Deltakende kommune."),
    )
    health = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=Project.Health.choices,
        method="filter_health",
        empty_label=_("Alle"),
    )

    class Meta:
        model = Project
        fields: list[str] = []

    def __init__(self, data=None, *, community: HealthCommunity, **kwargs):
        super().__init__(data, queryset=portfolio_queryset(community), **kwargs)
        self.community = community
        choices = lazy_choice_lists(
            year=grant_year_rounds(community.pk),
            focus_area=FocusArea.objects.all(),
            priority_group=PriorityGroup.objects.all(),
            municipality=Organisation.objects.filter(
                kind=Organisation.Kind.MUNICIPALITY, health_community=community
            ).order_by("name"),
        )
        for name, options in choices.items():
            self.filters[name].extra["choices"] = options
        years = choices["year"]  # a year once, however many rounds it had
        self.filters["year"].extra["choices"] = lambda: list(dict.fromkeys(years()))

    @property
    def invalid(self) -> bool:
        return self.is_bound and not self.is_valid()

    @property
    def projects(self) -> QuerySet:
        """The filtered projects; if any filter input is invalid, all of them, unfiltered (the
        form shows what was wrong)."""
        return self.queryset if self.invalid else self.qs

    @property
    def counted_pot(self) -> str:
        """The chosen pot, whose money alone is counted; "" for all."""
        if not self.is_bound or self.invalid:
            return ""
        return self.form.cleaned_data.get("pot") or ""

    @property
    def active(self) -> bool:
        """Whether a filter is in use (valid and not all empty)."""
        if not self.is_bound or self.invalid:
            return False
        return any(self.form.cleaned_data.get(name) not in (None, "") for name in self.filters)

    def filter_year(self, queryset, name, value):
        return queryset.filter(application__round__year=int(value))

    def filter_pot(self, queryset, name, value):
        return queryset.filter(pk__in=Funding.objects.filter(pot=value).values("project_id"))

    def filter_focus_area(self, queryset, name, value):
        return queryset.filter(application_id__in=Application.objects.filter(focus_areas=value).values("pk"))

    def filter_priority_group(self, queryset, name, value):
        return queryset.filter(
            application_id__in=Application.objects.filter(priority_groups=value).values("pk")
        )

    def filter_municipality(self, queryset, name, value):
        return queryset.filter(
            application_id__in=Application.objects.filter(participating_municipalities=value).values("pk")
        )

    def filter_health(self, queryset, name, value):
        return with_health(queryset).filter(health=value)


# --- Rows and totals --------------------------------------------------------------------------


@dataclass
class PortfolioRow:
    project: Project
    grant_year: int
    lead_organisation: str
    municipalities: list[str]
    municipality_short_names: list[str]  # «Rana» for «Rana kommune», for the page's narrow column
    pots: list[str]
    focus_areas: list[str]
    priority_groups: list[str]
    by_year: dict[int, int]
    by_pot: dict[str, int]
    total_nok: int
    health: str
    health_label: str
    # The amounts aligned with Portfolio.years (None where the project has no money that year).
    amounts: list[int | None] = field(default_factory=list)
    latest_report: StatusReport | None = None

    @property
    def health_badge(self) -> str:
        return {"late": "danger", "at_risk": "warning", "on_track": "success"}.get(self.health, "secondary")

    @property
    def amount_cells(self) -> str:
        """The row's year cells as HTML, in one piece: 11 years × 25 rows of template tags and
        filters were much of the page's rendering."""
        return mark_safe(  # noqa: S308 (numbers and "–" only)
            "".join(
                f'<td class="amount">{"–" if amount is None else format_nok(int(amount), prefix=False)}</td>'
                for amount in self.amounts
            )
        )


def rows_html(rows: list[PortfolioRow]) -> SafeString:
    """The table's rows as HTML, built here in one pass (one reverse() for the links) rather than
    through template tags and filters per cell: the same markup the row template gave."""
    detail_url = pk_url("projects:detail")

    def listed(names) -> str:
        return escape(", ".join(names)) if names else "–"

    parts = []
    for row in rows:
        project = row.project
        parts.append(
            f'<tr>\n    <th scope="row" class="fw-normal"><a href="{detail_url(project.pk)}">'
            f"{escape(project.title)}</a></th>\n"
            f"    <td>{row.grant_year}</td>\n"
            f"    <td>{escape(row.lead_organisation)}</td>\n"
            f"    <td>{listed(row.municipality_short_names)}</td>\n"
            f"    <td>{listed(row.pots)}</td>\n"
            f"    <td>{listed(row.focus_areas)}</td>\n"
            f"    <td>{listed(row.priority_groups)}</td>\n"
            f"    {row.amount_cells}\n"
            f'    <td class="amount">{format_nok(row.total_nok, prefix=False)}</td>\n'
            f'    <td><span class="text-nowrap">{_date(project.starts_on)}</span>–'
            f'<span class="text-nowrap">{_date(project.ends_on)}</span></td>\n'
            f'    <td><span class="badge text-bg-{row.health_badge}">{escape(row.health_label)}</span></td>\n'
            "  </tr>\n"
        )
    return mark_safe("".join(parts))  # noqa: S308 (every value above is escaped or a number)


def _date(day) -> str:
    return day.strftime("%d.%m.%Y") if day else ""


@dataclass
class YearRow:
    year: int
    by_pot: list[int]  # aligned with Portfolio.pots
    total_nok: int


@dataclass
class Portfolio:
    rows: list[PortfolioRow]  # every project's, or with `page` the rows of that page only
    count: int  # the projects in the (filtered) set, on every page
    years: list[int]
    totals_by_year: list[int]  # aligned with years
    total_nok: int
    pot: str  # the pot counted, or "" for all
    pots: list[tuple[str, str]]  # (value, label) of the pots shown in the year × pot table
    per_year: list[YearRow]
    totals_by_pot: list[int]  # aligned with pots
    by_focus_area: list[tuple[str, int]]
    page: Page | None = None  # the page of the table, for the page's table only

    @property
    def digest(self) -> str:
        """A short fingerprint of the figures behind the charts: the charts' URLs carry it, so a
        browser caches an image until the figures change."""
        figures = repr([self.pot, self.years, self.totals_by_year, self.by_focus_area])
        return hashlib.sha256(figures.encode()).hexdigest()[:16]


def _with_rows(queryset: QuerySet, *, with_reports: bool) -> QuerySet:
    """The projects with what a row shows from their own query (health, lead organisation and
    round), and with `with_reports` their accepted reports (one query more)."""
    if "health" not in queryset.query.annotations:  # unless the health filter worked it out
        queryset = with_health(queryset)
    queryset = queryset.select_related("application__lead_organisation", "application__round").defer(
        *long_texts("application__")
    )
    if with_reports:
        accepted = StatusReport.objects.filter(status=StatusReport.Status.ACCEPTED).order_by(
            "-period_end", "-reviewed_at", "-pk"
        )
        reports = Prefetch("reports", queryset=accepted, to_attr="accepted_reports")
        queryset = queryset.prefetch_related(reports)
    return queryset


@dataclass
class _Related:
    """What the rows show from other tables, read for all the rows at once as plain values rather
    than prefetched model instances (the prefetches were a third of the page's time)."""

    money: dict[int, list[tuple[int, str, int]]]  # project → (year, pot, amount), by year and pot
    municipalities: dict[int, list[tuple[str, str]]]  # application → (name, short name)
    focus_areas: dict[int, list[str]]  # application → names, in their order
    priority_groups: dict[int, list[str]]
    area_order: dict[str, int]  # innsatsområde → its order


def _related_querysets(project_ids, application_ids, *, pot: str) -> tuple[QuerySet, QuerySet]:
    """The money (only `pot`'s when given), and the municipalities, innsatsområder and priority
    groups of the applications together (UNION ALL), as values querysets for _related. The ids
    are lists, never the filters as subqueries (see _ids)."""
    funding = Funding.objects.filter(project_id__in=project_ids)
    if pot:
        funding = funding.filter(pot=pot)
    money = funding.order_by("year", "pot").values_list("project_id", "year", "pot", "amount_nok")

    def text(value):
        return Value(value, output_field=CharField())

    def of(relation):
        through = getattr(Application, relation).through
        return through.objects.filter(application_id__in=application_ids).order_by()

    municipalities = of("participating_municipalities").values_list(
        text("m"), "application_id", Value(0), "organisation__name", "organisation__short_name"
    )
    areas = of("focus_areas").values_list(
        text("f"), "application_id", "focusarea__order", "focusarea__name", text("")
    )
    groups = of("priority_groups").values_list(
        text("p"), "application_id", "prioritygroup__order", "prioritygroup__name", text("")
    )
    return money, municipalities.union(areas, groups, all=True)


def _related_from(money_rows, label_rows) -> _Related:
    money = defaultdict(list)
    for project_id, year, kind, amount in money_rows:
        money[project_id].append((year, kind, amount))
    labels = {"m": defaultdict(list), "f": defaultdict(list), "p": defaultdict(list)}
    area_order = {}
    # Sorted here as the models order them: (order, name); municipalities by name.
    for kind, application_id, order, name, short_name in sorted(label_rows, key=lambda r: (r[2], r[3])):
        labels[kind][application_id].append((name, short_name or name) if kind == "m" else name)
        if kind == "f":
            area_order[name] = order
    return _Related(
        money=money,
        municipalities=labels["m"],
        focus_areas=labels["f"],
        priority_groups=labels["p"],
        area_order=area_order,
    )


def _related(project_ids, application_ids, *, pot: str) -> _Related:
    """What the rows of `project_ids` show from other tables, in one statement (values_together)."""
    return _related_from(*values_together(*_related_querysets(project_ids, application_ids, pot=pot)))


def _row(
    project: Project,
    related: _Related,
    *,
    application_id: int,
    grant_year: int,
    lead_organisation: str,
    health: str,
    latest_report: StatusReport | None = None,
) -> PortfolioRow:
    municipalities = related.municipalities.get(application_id, [])
    by_year: dict[int, int] = defaultdict(int)
    by_pot: dict[str, int] = defaultdict(int)
    for year, kind, amount in related.money.get(project.pk, []):
        by_year[year] += amount
        by_pot[kind] += amount
    pot_labels = dict(Pot.Kind.choices)
    return PortfolioRow(
        project=project,
        grant_year=grant_year,
        lead_organisation=lead_organisation,
        municipalities=[name for name, _short in municipalities],
        municipality_short_names=[short for _name, short in municipalities],
        pots=[str(pot_labels[kind]) for kind in POT_ORDER if kind in by_pot],
        focus_areas=related.focus_areas.get(application_id, []),
        priority_groups=related.priority_groups.get(application_id, []),
        by_year=dict(by_year),
        by_pot=dict(by_pot),
        total_nok=sum(by_year.values()),
        health=health,
        health_label=str(health_label(health)),
        latest_report=latest_report,
    )


def _model_row(project: Project, related: _Related, *, with_reports: bool) -> PortfolioRow:
    """The row of a project read with _with_rows."""
    application = project.application
    return _row(
        project,
        related,
        application_id=application.pk,
        grant_year=application.round.year,
        lead_organisation=str(application.lead_organisation),
        health=project.health,
        latest_report=(project.accepted_reports[0] if project.accepted_reports else None)
        if with_reports
        else None,
    )


def _assemble(
    rows: list[PortfolioRow],
    *,
    count: int,
    pot: str,
    year_pot: dict[int, dict[str, int]],
    focus_totals: dict[tuple[int, str], int],
    without_area: int,
    page: Page | None = None,
) -> Portfolio:
    """The portfolio from its rows and the figures of the whole set: the money per year and pot,
    and per innsatsområde ((order, name) → amount) with what projects without one got."""
    years = sorted(year_pot)
    for row in rows:
        row.amounts = [row.by_year.get(year) for year in years]
    pots = [(kind.value, str(kind.label)) for kind in POT_ORDER if not pot or kind == pot]
    per_year = [
        YearRow(
            year=year,
            by_pot=[year_pot[year].get(kind, 0) for kind, _label in pots],
            total_nok=sum(year_pot[year].values()),
        )
        for year in years
    ]
    by_focus_area = [(name, amount) for (_order, name), amount in sorted(focus_totals.items())]
    if without_area:
        by_focus_area.append((gettext_now("Uten innsatsområde"), without_area))
    return Portfolio(
        rows=rows,
        count=count,
        years=years,
        totals_by_year=[y.total_nok for y in per_year],
        total_nok=sum(y.total_nok for y in per_year),
        pot=pot,
        pots=pots,
        per_year=per_year,
        totals_by_pot=[sum(y.by_pot[i] for y in per_year) for i in range(len(pots))],
        by_focus_area=by_focus_area,
        page=page,
    )


def portfolio_build(queryset: QuerySet, *, pot: str = "", with_reports: bool = False) -> Portfolio:
    """Every row, the years present, the totals and the chart figures of the (filtered) projects,
    for the XLSX and the SSU's orientation case. With `pot`, only that pot's money is counted.
    Queries: the projects and the prefetches of `_with_rows`, however many projects there are."""
    rows: list[PortfolioRow] = []
    focus_totals: dict[tuple[int, str], int] = defaultdict(int)
    without_area = 0
    year_pot: dict[int, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    projects = list(_with_rows(queryset, with_reports=with_reports))
    related = _related([p.pk for p in projects], [p.application_id for p in projects], pot=pot)
    for project in projects:
        row = _model_row(project, related, with_reports=with_reports)
        for year, kind, amount in related.money.get(project.pk, []):
            year_pot[year][kind] += amount
        for name in row.focus_areas:
            focus_totals[(related.area_order[name], name)] += row.total_nok
        if not row.focus_areas:
            without_area += row.total_nok
        rows.append(row)
    return _assemble(
        rows,
        count=len(rows),
        pot=pot,
        year_pot=year_pot,
        focus_totals=focus_totals,
        without_area=without_area,
    )


def _ids(queryset: QuerySet) -> dict[int, int]:
    """The (filtered) projects' ids, in the table's order, each with its application's id. The
    figures and the page's rows are read by these ids rather than by the filters as subqueries:
    PostgreSQL plans the filters' nested IN-subqueries inside another IN well only with fresh
    statistics, and without them (a bulk import, or data not yet committed) one such query was
    seen taking over ten minutes."""
    return dict(queryset.values_list("pk", "application_id"))


def _figures_querysets(ids, *, pot: str) -> tuple[QuerySet, QuerySet]:
    """The money of the projects `ids` per year and pot, and per innsatsområde, added up in the
    database: the same figures portfolio_build adds up from every row."""
    funding = Funding.objects.filter(project__in=ids)
    if pot:
        funding = funding.filter(pot=pot)
    per_year_pot = funding.values_list("year", "pot").annotate(amount=Sum("amount_nok")).order_by()
    # Each project's money once per innsatsområde (the joins give one row per area and funding row);
    # projects without one come out with no area. A project without money counts with 0.
    per_area = (
        Project.objects.filter(pk__in=ids)
        .values_list("application__focus_areas__order", "application__focus_areas__name")
        .annotate(amount=Sum("funding__amount_nok", filter=Q(funding__pot=pot) if pot else None))
        .order_by()
    )
    return per_year_pot, per_area


def _figures_from(per_year_pot, per_area) -> dict:
    year_pot: dict[int, dict[str, int]] = defaultdict(dict)
    for year, kind, amount in per_year_pot:
        year_pot[year][kind] = amount
    focus_totals: dict[tuple[int, str], int] = {}
    without_area = 0
    for order, name, amount in per_area:
        if name is None:
            without_area = amount or 0
        else:
            focus_totals[(order, name)] = amount or 0
    return {"year_pot": year_pot, "focus_totals": focus_totals, "without_area": without_area}


def portfolio_totals(queryset: QuerySet, *, pot: str = "") -> Portfolio:
    """The figures of the (filtered) projects without their rows, for the charts: two queries (the
    ids, then the figures)."""
    return _assemble(
        [],
        count=0,
        pot=pot,
        **_figures_from(*values_together(*_figures_querysets(list(_ids(queryset)), pot=pot))),
    )


def portfolio_page(queryset: QuerySet, *, pot: str = "", page: str | int | None = None) -> Portfolio:
    """One page of the table (PAGE_SIZE rows; a page number out of range gives the nearest page)
    with the count, totals and chart figures of every (filtered) project, added up in the database.
    Queries: the ids, then one statement (values_together) with the page's projects, their money
    and labels, and the figures."""
    applications = _ids(queryset)
    ids = list(applications)
    paginator = Paginator(ids, PAGE_SIZE)
    chosen = paginator.get_page(page)
    page_ids = list(chosen.object_list)
    projects = with_health(Project.objects.filter(pk__in=page_ids)).values_list(
        "pk",
        "title",
        "starts_on",
        "ends_on",
        "health",
        "application_id",
        "application__round__year",
        "application__lead_organisation__name",
    )
    application_ids = [applications[pk] for pk in page_ids]
    project_rows, money, labels, per_year_pot, per_area = values_together(
        projects,
        *_related_querysets(page_ids, application_ids, pot=pot),
        *_figures_querysets(ids, pot=pot),
    )
    related = _related_from(money, labels)
    rows = [
        _row(
            Project(pk=pk, title=title, starts_on=starts_on, ends_on=ends_on, application_id=application_id),
            related,
            application_id=application_id,
            grant_year=year,
            lead_organisation=lead,
            health=health,
        )
        for pk, title, starts_on, ends_on, health, application_id, year, lead in sorted(
            project_rows, key=lambda row: page_ids.index(row[0])
        )
    ]
    return _assemble(
        rows, count=paginator.count, pot=pot, page=chosen, **_figures_from(per_year_pot, per_area)
    )


# --- Charts -----------------------------------------------------------------------------------

CHART_YEARS = "ar"
CHART_FOCUS_AREAS = "innsatsomrader"
CHARTS = (CHART_YEARS, CHART_FOCUS_AREAS)


@dataclass
class Chart:
    title: str
    src: str  # the image's URL (the page) or "" (drawing only)
    alt: str


def _chart_titles() -> dict[str, str]:
    return {
        CHART_YEARS: gettext_now("Tildelt per år"),
        CHART_FOCUS_AREAS: gettext_now("Tildelt per innsatsområde"),
    }


def portfolio_charts(portfolio: Portfolio, src=None) -> dict[str, Chart] | None:
    """The two bar charts of the portfolio, drawn from the same figures as the tables beside them:
    title, alt text and `src(name)`, the image's URL; None when there is no money to show."""
    if not portfolio.count or not portfolio.total_nok:
        return None
    titles = _chart_titles()
    years = [str(year) for year in portfolio.years]
    return {
        "years": Chart(
            title=titles[CHART_YEARS],
            src=src(CHART_YEARS) if src else "",
            alt=gettext_now(
                "Stolpediagram over tildelt beløp per år, %(first)s–%(last)s, til sammen %(total)s. "
                "Tallene står i tabellen under diagrammet."
            )
            % {"first": years[0], "last": years[-1], "total": format_nok(portfolio.total_nok)},
        ),
        "focus_areas": Chart(
            title=titles[CHART_FOCUS_AREAS],
            src=src(CHART_FOCUS_AREAS) if src else "",
            alt=gettext_now(
                "Stolpediagram over tildelt beløp per innsatsområde, %(count)s innsatsområder. "
                "Tallene står i tabellen under diagrammet."
            )
            % {"count": len(portfolio.by_focus_area)},
        ),
    }


def portfolio_chart_png(portfolio: Portfolio, name: str) -> bytes:
    """The PNG of one of the charts (CHARTS), cached by its figures (projects.charts)."""
    title = _chart_titles()[name]
    if name == CHART_YEARS:
        labels, values = [str(year) for year in portfolio.years], portfolio.totals_by_year
    else:
        labels = [area for area, _amount in portfolio.by_focus_area]
        values = [amount for _area, amount in portfolio.by_focus_area]
    return bar_chart_png(labels=labels, values=list(values), title=title)


# --- The projects of one grant year, for the SSU's orientation case ------------------------------


def orientation_portfolio(community: HealthCommunity, year: int) -> Portfolio:
    """The projects that got RS-tilskudd in `year` (the round's year) in the helsefellesskap, all
    their money, and the latest accepted report of each."""
    return portfolio_build(
        portfolio_queryset(community).filter(application__round__year=year), with_reports=True
    )


def progress_summary(text: str, limit: int = PROGRESS_SUMMARY_CHARS) -> str:
    """The first `limit` characters of a report's progress text on one line, cut at a word."""
    flat = re.sub(r"\s+", " ", text or "").strip()
    if len(flat) <= limit:
        return flat
    cut = flat[:limit]
    if " " in cut[limit // 2 :]:
        cut = cut[: cut.rindex(" ")]
    return cut.rstrip(" ,.;:–-") + " …"
