"""The shape every form that calls one service shares, for the views of all apps."""

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect
from django.views.decorators.http import require_safe

from .errors import Refused


def post_form(request, form, *, perform, rerender):
    """Validate the form and call `perform(cleaned_data)`, which returns (success message, where
    to go next). Invalid input or a refusal (`Refused`) shows the page again through
    `rerender(form)`: the message at its field (or above the form) and everything typed kept."""
    if form.is_valid():
        try:
            message, to = perform(form.cleaned_data)
        except Refused as refused:
            form.add_error(refused.field if refused.field in form.fields else None, str(refused))
        else:
            messages.success(request, message)
            return redirect(to)
    return rerender(form)


@require_safe
def health(request):
    """«ok» as text/plain, without a database query of its own: the container health check, and
    the trivial view the benchmark compares every page with (bench/run.py)."""
    return HttpResponse("ok", content_type="text/plain; charset=utf-8")
