"""The portfolio (/prosjekter/portefolje/) and its XLSX export, for the secretariat and the SSU
members of a helsefellesskap; everyone else gets 404. Both read the same filtered set: the export
takes the page's query string. The XLSX is made in the request: it is one set of queries and a
few hundred rows, well under a second."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.downloads import content_download

from . import export
from .portfolio import PortfolioFilter, portfolio_build, portfolio_charts, portfolio_community


def _portfolio(request):
    community, communities = portfolio_community(request.user, request.GET.get("helsefellesskap"))
    filterset = PortfolioFilter(request.GET, community=community)
    built = portfolio_build(filterset.projects, pot=filterset.counted_pot)
    return community, communities, filterset, built


@login_required
@require_safe
def portfolio(request):
    community, communities, filterset, built = _portfolio(request)
    return render(
        request,
        "projects/portfolio.html",
        {
            "community": community,
            "communities": communities,
            "filter": filterset,
            "filter_invalid": filterset.invalid,
            "portfolio": built,
            "charts": portfolio_charts(built),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_safe
def portfolio_xlsx(request):
    community, _communities, filterset, built = _portfolio(request)
    title = _("Portefølje – %(community)s") % {"community": community.name}
    return content_download(
        export.portfolio_xlsx(built, title=title), f"portefolje-{community.slug}.xlsx", export.CONTENT_TYPE
    )
