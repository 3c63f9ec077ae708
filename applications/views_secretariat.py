"""The SSU secretariat's pages: its rounds, and per round the inbox of submitted applications with
filters, counts and export. Only the secretariat of the round's helsefellesskap gets in; everyone
else gets 404."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from core.downloads import content_download
from core.form_html import filter_fields

from . import inbox, permissions
from .permissions import secretariat_health_community_ids

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
EXPORTS = {
    "csv": (inbox.export_csv, "text/csv; charset=utf-8"),
    "xlsx": (inbox.export_xlsx, XLSX),
}


@login_required
@require_safe
def rounds(request):
    if not secretariat_health_community_ids(request.user):
        raise Http404
    return render(
        request,
        "applications/secretariat/rounds.html",
        {"rounds": inbox.secretariat_rounds(request.user)},
    )


@login_required
@require_safe
def inbox_list(request, round_pk):
    round_ = permissions.access_secretariat_round(request.user, round_pk)
    filterset = inbox.InboxFilter(request.GET or None, round=round_)
    applications = filterset.applications
    table = inbox.inbox_table(applications, round_)
    return render(
        request,
        "applications/secretariat/inbox.html",
        {
            "round": round_,
            "filter": filterset,
            "filter_fields": filter_fields(filterset.form),
            "filter_invalid": filterset.is_bound and not filterset.is_valid(),
            "applications": table,
            "rows": [application.row for application in table],
            "summary": inbox.inbox_summary(table),
            "pots": inbox.round_pots(round_),
            "query": request.GET.urlencode(),
        },
    )


@login_required
@require_safe
def inbox_export(request, round_pk, fmt):
    if fmt not in EXPORTS:
        raise Http404
    round_ = permissions.access_secretariat_round(request.user, round_pk)
    export, content_type = EXPORTS[fmt]
    filterset = inbox.InboxFilter(request.GET or None, round=round_)
    return content_download(
        export(inbox.inbox_rows(filterset.applications)),
        f"soknader-{round_.year}.{fmt}",
        content_type,
        request=request,
        target=round_,
    )
