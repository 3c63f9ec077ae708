"""The notification pages: the user's own list with the unread ones marked (mark one or all as
read, open one), the e-mail settings per kind, and the log of every notification sent for the
secretariat and the administrator.

Opening a notification is a POST (a button, «Åpne»): it marks the notification read and redirects
to the object it is about. A GET never changes anything, so a link preview or prefetch cannot mark
a notification read unseen. Another user's notification answers 404, as a missing one does."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.views import post_form

from . import selectors, services
from .forms import LogFilterForm, PreferencesForm
from .permissions import access_notification, can_view_log

LIST_PAGE_SIZE = 25
LOG_PAGE_SIZE = 50
PAGE_PARAMETER = "side"


def _page_number(value) -> int | None:
    """A page number from the form or the query string, or None when it is not one."""
    try:
        number = int(str(value))
    except ValueError:
        return None
    return number if 1 < number < 1_000_000 else None


def _back_to_list(request):
    """The list again, on the page the button was pressed on."""
    to = reverse("notifications:list")
    number = _page_number(request.POST.get(PAGE_PARAMETER, ""))
    return redirect(f"{to}?{PAGE_PARAMETER}={number}" if number else to)


@login_required
@require_safe
def notification_list(request):
    page = Paginator(selectors.notification_list_for_user(request.user), LIST_PAGE_SIZE).get_page(
        request.GET.get(PAGE_PARAMETER)
    )
    return render(
        request,
        "notifications/list.html",
        {
            "page": page,
            "unread": selectors.unread_count(request.user),
            "can_view_log": can_view_log(request.user),
        },
    )


@login_required
@require_POST
def mark_read(request, pk):
    notification = access_notification(request.user, pk)
    services.mark_read(user=request.user, ids=[notification.pk])
    messages.success(request, _("«%(subject)s» er merket som lest.") % {"subject": notification.subject})
    return _back_to_list(request)


@login_required
@require_POST
def mark_all_read(request):
    count = services.mark_read(user=request.user)
    if count:
        message = ngettext(
            "%(count)d varsel er merket som lest.", "%(count)d varsler er merket som lest.", count
        ) % {"count": count}
    else:
        message = _("Du hadde ingen uleste varsler.")
    messages.success(request, message)
    return _back_to_list(request)


@login_required
@require_POST
def open_notification(request, pk):
    """Mark the notification read and go to what it is about (the list, if it is about nothing
    that has a page, or its address is not one of ours)."""
    notification = access_notification(request.user, pk)
    services.mark_read(user=request.user, ids=[notification.pk])
    if notification.url and url_has_allowed_host_and_scheme(
        notification.url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return HttpResponseRedirect(notification.url)
    return redirect("notifications:list")


@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def preferences(request):
    def page(form, status=200):
        return render(
            request,
            "notifications/preferences.html",
            {"form": form, "has_email": bool(request.user.email)},
            status=status,
        )

    if request.method != "POST":
        return page(PreferencesForm.for_user_choices(services.preferences_for(request.user)))

    def perform(data):
        services.preferences_save(user=request.user, email_kinds=set(data["email_kinds"]))
        return _("Innstillingene for varsler er lagret."), "notifications:preferences"

    return post_form(
        request, PreferencesForm(request.POST), perform=perform, rerender=lambda form: page(form, status=400)
    )


@login_required
@require_safe
def log(request):
    if not can_view_log(request.user):
        raise Http404
    form = LogFilterForm(request.GET)
    filters = form.filters()
    rows = selectors.notification_log_for_user(request.user, **filters)
    page = Paginator(rows, LOG_PAGE_SIZE).get_page(request.GET.get(PAGE_PARAMETER))
    query = request.GET.copy()
    query.pop(PAGE_PARAMETER, None)
    return render(
        request,
        "notifications/log.html",
        {
            "form": form,
            "filter_invalid": bool(form.errors),
            "filtered": any(filters.values()),
            "page": page,
            "query": query.urlencode(),
            "everything": request.user.is_superuser,
        },
    )
