"""The portfolio (/prosjekter/portefolje/) and its XLSX export, for the secretariat and the SSU
members of a helsefellesskap; everyone else gets 404. Both read the same filtered set: the export
takes the page's query string. The XLSX is made in the request: it is one set of queries and a
few hundred rows, well under a second.

The page shows the table PAGE_SIZE projects at a time (?side=2), with the count and totals of
every filtered project added up in the database; the XLSX holds every row. The two charts are
images at their own URL (`portfolio_chart`) with the page's filters, so the page stays small and
the browser caches them: their URL carries a fingerprint of the figures (`v`), which changes
when the figures do."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.downloads import content_download

from . import export
from .portfolio import (
    CHARTS,
    PortfolioFilter,
    portfolio_build,
    portfolio_chart_png,
    portfolio_charts,
    portfolio_community,
    portfolio_page,
    portfolio_totals,
    rows_html,
)

PAGE_PARAMETER = "side"
# The charts' URLs change with their figures, so a browser may keep an image for a day.
CHART_MAX_AGE = 24 * 3600


def _filtered(request):
    community, communities = portfolio_community(request.user, request.GET.get("helsefellesskap"))
    return community, communities, PortfolioFilter(request.GET, community=community)


def _portfolio(request):
    community, communities, filterset = _filtered(request)
    built = portfolio_build(filterset.projects, pot=filterset.counted_pot)
    return community, communities, filterset, built


def _filter_query(request) -> str:
    """The page's query string without the page number: the filters (and helsefellesskap)."""
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    return query.urlencode()


@login_required
@require_safe
def portfolio(request):
    community, communities, filterset = _filtered(request)
    built = portfolio_page(
        filterset.projects, pot=filterset.counted_pot, page=request.GET.get(PAGE_PARAMETER)
    )
    query = _filter_query(request)
    chart_query = f"{query}&v={built.digest}" if query else f"v={built.digest}"
    return render(
        request,
        "projects/portfolio.html",
        {
            "community": community,
            "communities": communities,
            "filter": filterset,
            "filter_invalid": filterset.invalid,
            "portfolio": built,
            "page": built.page,
            "rows_html": rows_html(built.rows),
            "charts": portfolio_charts(
                built, src=lambda name: f"{reverse('projects:portfolio_chart', args=[name])}?{chart_query}"
            ),
            "query": query,
        },
    )


@login_required
@require_safe
def portfolio_chart(request, chart: str):
    """One of the portfolio's charts as a PNG, for the page's filters; drawn from the figures of
    every filtered project (two queries) and cached by them (projects.charts)."""
    if chart not in CHARTS:
        raise Http404
    _community, _communities, filterset = _filtered(request)
    totals = portfolio_totals(filterset.projects, pot=filterset.counted_pot)
    response = HttpResponse(portfolio_chart_png(totals, chart), content_type="image/png")
    patch_cache_control(response, private=True, max_age=CHART_MAX_AGE)
    return response


@login_required
@require_safe
def portfolio_xlsx(request):
    community, _communities, filterset, built = _portfolio(request)
    title = _("Portefølje – %(community)s") % {"community": community.name}
    return content_download(
        export.portfolio_xlsx(built, title=title),
        f"portefolje-{community.slug}.xlsx",
        export.CONTENT_TYPE,
        request=request,
        target=community,
    )
