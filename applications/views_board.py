"""The prioritisation board of a round, its freezing and the SSU decision, the forwarding to Helse
Nord with the package's progress, and Helse Nord's page of forwarded packages. The board is one
form; move buttons work without JavaScript, and board.js adds drag and drop and live totals."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.downloads import file_download

from . import permissions, prioritisation
from .board_rows import board_rows
from .forms import BoardForm, DecisionForm, DirectAllocationFormSet
from .models import ForwardingPackage, Prioritisation
from .services import ApplicationError

DIRECT_PREFIX = "direct"


def _context(round_, board, form, formset, decision_form=None):
    today = timezone.localdate()
    prio = board.prioritisation
    if form.is_bound:
        form.mark_errors()
    return {
        "round": round_,
        "board": board,
        "prioritisation": prio,
        "form": form,
        "formset": formset,
        "decision_form": decision_form
        or DecisionForm(initial={"decided_on": today, "version": prio.version}),
        "editable": not prio.is_frozen,
        "freeze_problems": prioritisation.freeze_problems(round_, board) if not prio.is_frozen else [],
        "days_left": (round_.forwarding_deadline - today).days,
        "rows": board_rows(
            {"regional": board.regional, "local": board.local}, form, editable=not prio.is_frozen
        ),
    }


def _unbound_forms(board):
    prio = board.prioritisation
    form = BoardForm(initial={"version": prio.version}, entries=board.regional)
    formset = DirectAllocationFormSet(
        prefix=DIRECT_PREFIX,
        initial=[{"title": d.title, "amount": d.amount_nok} for d in board.direct],
    )
    return form, formset


@login_required
def board(request, round_pk):
    round_ = permissions.access_secretariat_round(request.user, round_pk)
    board = prioritisation.board_for_round(round_)
    if request.method != "POST":
        form, formset = _unbound_forms(board)
        return render(request, "applications/secretariat/board.html", _context(round_, board, form, formset))

    form = BoardForm(request.POST, entries=board.regional)
    formset = DirectAllocationFormSet(request.POST, prefix=DIRECT_PREFIX)
    if form.is_valid() and formset.is_valid():
        if request.POST.get("move"):
            form.moved(request.POST["move"])
        direct = [
            (f.cleaned_data["title"].strip(), f.cleaned_data["amount"])
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        try:
            saved = prioritisation.board_save(
                round_=round_,
                actor=request.user,
                version=form.cleaned_data["version"],
                regional_order=form.cleaned_data["regional_order"],
                local_order=form.cleaned_data["local_order"],
                amounts=form.cleaned_data["amounts"],
                direct=direct,
            )
        except prioritisation.BoardConflict as conflict:
            form.add_error(None, str(conflict))
            status = 409
        except ApplicationError as refused:
            form.add_error(refused.field if refused.field in form.fields else None, str(refused))
            status = 400
        else:
            messages.success(
                request, _("Prioriteringen er lagret (versjon %(version)s).") % {"version": saved.version}
            )
            return redirect("secretariat:board", round_pk=round_.pk)
    else:
        status = 400
    _as_posted(board, form)
    return render(
        request, "applications/secretariat/board.html", _context(round_, board, form, formset), status=status
    )


def _as_posted(board, form) -> None:
    """Show a refused board in the order the user had arranged it, not the saved order."""
    data = getattr(form, "cleaned_data", {})
    for name in ("regional", "local"):
        order = data.get(f"{name}_order")
        if order:
            position = {pk: i for i, pk in enumerate(order)}
            getattr(board, name).sort(key=lambda entry: position.get(entry.pk, len(position)))


def _version(request) -> int | None:
    try:
        return int(request.POST.get("version", ""))
    except ValueError:
        return None


def _board_action(request, round_pk, perform, done):
    """Freeze, unfreeze and forward: one service call each; a refusal is shown on the board."""
    round_ = permissions.access_secretariat_round(request.user, round_pk)
    version = _version(request)
    try:
        if version is None:
            raise ApplicationError(_("Siden var utdatert. Last inn siden på nytt og prøv igjen."))
        perform(round_=round_, actor=request.user, version=version)
    except ApplicationError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, done)
    return redirect("secretariat:board", round_pk=round_.pk)


@login_required
@require_POST
def board_freeze(request, round_pk):
    return _board_action(
        request,
        round_pk,
        prioritisation.board_freeze,
        _("Prioriteringen er låst. Søknadene har nå status «Prioritert»."),
    )


@login_required
@require_POST
def board_unfreeze(request, round_pk):
    return _board_action(
        request,
        round_pk,
        prioritisation.board_unfreeze,
        _("Prioriteringen er låst opp og kan endres."),
    )


@login_required
@require_POST
def board_forward(request, round_pk):
    return _board_action(
        request,
        round_pk,
        prioritisation.round_forward,
        _("Søknadene er sendt til Helse Nord. Pakken med liste, søknader og vedlegg lages nå."),
    )


@login_required
@require_POST
def board_decision(request, round_pk):
    round_ = permissions.access_secretariat_round(request.user, round_pk)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            prioritisation.board_record_decision(
                round_=round_,
                actor=request.user,
                version=form.cleaned_data["version"],
                decided_on=form.cleaned_data["decided_on"],
                reference=form.cleaned_data["reference"],
            )
        except ApplicationError as refused:
            form.add_error(refused.field, str(refused))
        else:
            messages.success(request, _("SSU-vedtaket er registrert."))
            return redirect("secretariat:board", round_pk=round_.pk)
    board = prioritisation.board_for_round(round_)
    board_form, formset = _unbound_forms(board)
    return render(
        request,
        "applications/secretariat/board.html",
        _context(round_, board, board_form, formset, decision_form=form),
        status=400,
    )


@login_required
@require_POST
def package_rebuild(request, round_pk):
    round_ = permissions.access_secretariat_round(request.user, round_pk)
    try:
        prioritisation.package_rebuild(round_=round_, actor=request.user)
    except ApplicationError as refused:
        messages.error(request, str(refused))
    else:
        messages.success(request, _("Pakken lages på nytt."))
    return redirect("secretariat:board", round_pk=round_.pk)


@login_required
@require_safe
def package_status(request, round_pk):
    """The package panel on its own, polled by htmx while the package is being made."""
    round_ = permissions.access_secretariat_round(request.user, round_pk)
    prio = Prioritisation.objects.filter(round=round_).first()
    if prio is None:
        raise Http404
    return render(
        request,
        "applications/secretariat/_package.html",
        {"round": round_, "prioritisation": prio, "package": prio.packages.first()},
    )


@login_required
@require_safe
def package_download(request, pk):
    package = permissions.access_forwarding_package(request.user, pk)
    return file_download(
        package.file,
        package.file.name.rsplit("/", 1)[-1],
        "application/zip",
        request=request,
        target=package,
        action="forwarding.download",
    )


@login_required
@require_safe
def helse_nord(request):
    """Helse Nord's readers: every forwarded round with its package and applications."""
    if not permissions.is_helse_nord_reader(request.user):
        raise Http404
    forwarded = (
        Prioritisation.objects.filter(forwarded_at__isnull=False)
        .select_related("round__health_community")
        .prefetch_related("entries__application__lead_organisation", "entries__application__round")
        .order_by("-forwarded_at")
    )
    ready = {}
    for package in ForwardingPackage.objects.filter(
        prioritisation__in=forwarded, status=ForwardingPackage.Status.READY
    ).order_by("prioritisation", "-created_at"):
        ready.setdefault(package.prioritisation_id, package)
    today = timezone.localdate()
    return render(
        request,
        "applications/helse_nord.html",
        {
            "rounds": [
                {
                    "prioritisation": prio,
                    "package": ready.get(prio.pk),
                    "entries": sorted(prio.entries.all(), key=lambda e: e.regional_rank),
                    "days_left": (prio.round.forwarding_deadline - today).days,
                }
                for prio in forwarded
            ]
        },
    )
