"""Thin views: authorize through permissions.access_application, validate with forms, write
through services. Nothing here assigns a status."""

from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.downloads import file_download

from . import permissions, selectors, services, workflow
from .forms import ATTACHMENT_STEP, STEP_BY_SLUG, STEPS, SUMMARY_STEP, AttachmentForm, WithdrawForm
from .models import Application, ApplicationVersion, Attachment, Round, StepDraft

LIST_PAGE_SIZE = 25


def _editable(view):
    """Fetch the application for editing; a user who may only read it is shown why."""

    @wraps(view)
    def wrapper(request, pk, *args, **kwargs):
        try:
            application = permissions.access_application(request.user, pk, for_edit=True)
        except permissions.EditNotAllowed as refused:
            app = refused.application
            if app.status in (Application.Status.DRAFT, Application.Status.RECEIVED):
                messages.error(request, _("Søknadsfristen har gått ut, så søknaden kan ikke lenger endres."))
            else:
                messages.error(
                    request,
                    _("Søknaden kan ikke endres når den har status «%(status)s».")
                    % {"status": app.get_status_display()},
                )
            return redirect(app)
        return view(request, application, *args, **kwargs)

    return login_required(wrapper)


def _step_nav(application, current):
    pending = {draft.step for draft in application.step_drafts.all()}
    nav = [
        {
            "slug": s.slug,
            "title": s.title,
            "number": s.number,
            "pending": s.slug in pending,
            "url": reverse("applications:step", args=[application.pk, s.slug]),
        }
        for s in STEPS
    ]
    nav.append(
        {
            "slug": ATTACHMENT_STEP,
            "title": _("Vedlegg"),
            "number": "",
            "url": reverse("applications:attachments", args=[application.pk]),
        }
    )
    nav.append(
        {
            "slug": SUMMARY_STEP,
            "title": _("Kontroll og innsending"),
            "number": "",
            "url": reverse("applications:detail", args=[application.pk]),
        }
    )
    for item in nav:
        item["current"] = item["slug"] == current
    return nav


@login_required
def home(request):
    user = request.user
    return render(
        request,
        "applications/home.html",
        {
            "rows": selectors.application_table(selectors.application_list_for_user(user)[:20]),
            "open_rounds": selectors.open_rounds_for_user(user),
            "organisations": selectors.applicant_organisations(user),
            "is_secretariat": bool(permissions.secretariat_health_community_ids(user)),
            "is_helse_nord": permissions.is_helse_nord_reader(user),
        },
    )


@login_required
def application_list(request):
    """Every application the user may see, newest round first, 25 to a page (`?side=`)."""
    page = Paginator(selectors.application_list_for_user(request.user), LIST_PAGE_SIZE).get_page(
        request.GET.get("side")
    )
    return render(
        request,
        "applications/application_list.html",
        {"page": page, "rows": selectors.application_table(page.object_list)},
    )


@login_required
@require_POST
def application_create(request, round_pk):
    round_ = get_object_or_404(Round.objects.select_related("health_community"), pk=round_pk)
    organisation = (
        selectors.applicant_organisations(request.user)
        .filter(pk=request.POST.get("organisation") or 0)
        .first()
    )
    if organisation is None or not permissions.can_create_application(request.user, organisation, round_):
        messages.error(request, _("Velg en organisasjon du tilhører, i en utlysning som er åpen."))
        return redirect("home")
    application = services.application_create(round=round_, organisation=organisation, actor=request.user)
    messages.success(request, _("Utkastet er opprettet. Du kan lagre underveis og fortsette senere."))
    return redirect("applications:step", pk=application.pk, step=STEPS[0].slug)


@login_required
def application_detail(request, pk):
    application = permissions.access_application(
        request.user, pk, queryset=selectors.application_detail_queryset(), load=selectors.load_detail
    )
    user = request.user
    checklist = services.completeness(application)
    versions = list(application.versions.all())
    # Applicants see their working copy; everyone else sees what was last sent in.
    if permissions.is_party(user, application) or not versions:
        snapshot, showing_version = services.application_snapshot(application), None
    else:
        snapshot, showing_version = versions[0].snapshot, versions[0]
    return render(
        request,
        "applications/application_detail.html",
        {
            "application": application,
            "checklist": checklist,
            "snapshot": snapshot,
            "showing_version": showing_version,
            "complete": all(item.ok for item in checklist),
            "budget_total": services.budget_total_nok(application),
            "versions": versions,
            "events": application.status_events.select_related("actor").filter(visible_to_applicant=True),
            "can_edit": permissions.can_edit_application(user, application),
            "can_submit": permissions.can_submit_application(user, application),
            "can_withdraw": permissions.can_withdraw_application(user, application),
            "can_confirm": permissions.can_confirm_partnership(user, application),
            "is_party": permissions.is_party(user, application),
            "can_open_case": bool(
                permissions.roles_for(user, application) & {workflow.SECRETARIAT, workflow.HELSE_NORD}
            ),
            "nav": _step_nav(application, SUMMARY_STEP)
            if permissions.can_edit_application(user, application)
            else None,
        },
    )


def _bound_from(data: dict) -> QueryDict:
    query = QueryDict(mutable=True)
    for key, values in data.items():
        query.setlist(key, values)
    return query


@_editable
def application_step(request, application, step):
    spec = STEP_BY_SLUG.get(step)
    if spec is None:
        raise Http404
    draft = StepDraft.objects.filter(application=application, step=step).first()
    if request.method == "POST":
        data = request.POST
    elif draft:
        data = _bound_from(draft.data)
    else:
        data = None
    form = spec.form(data, instance=application) if spec.form else None
    formsets = [
        (title, formset_class(data, instance=application, prefix=prefix))
        for prefix, formset_class, title in spec.formsets
    ]
    if request.method == "POST":
        valid = (form is None or form.is_valid()) and all(fs.is_valid() for _t, fs in formsets)
        if valid:
            services.application_save_step(
                application=application,
                actor=request.user,
                step=step,
                form=form,
                formsets=[fs for _t, fs in formsets],
            )
            messages.success(request, _("Lagret."))
            target = request.POST.get("goto")
            if target in STEP_BY_SLUG:
                return redirect("applications:step", pk=application.pk, step=target)
            if target == ATTACHMENT_STEP:
                return redirect("applications:attachments", pk=application.pk)
            if target == SUMMARY_STEP:
                return redirect(application)
            return redirect("applications:step", pk=application.pk, step=step)
        services.application_keep_step_draft(
            application=application,
            actor=request.user,
            step=step,
            data={k: request.POST.getlist(k) for k in request.POST if k != "csrfmiddlewaretoken"},
        )
        messages.warning(
            request,
            _("Noen felt må rettes. Det du skrev er tatt vare på som kladd, også det som har feil."),
        )
    elif draft:
        # Bound to the kept input: validating shows the errors again at their fields.
        if form is not None:
            form.is_valid()
        for _t, fs in formsets:
            fs.is_valid()
        messages.info(
            request, _("Du har ulagrede endringer med feil på dette steget. Rett feilene og lagre.")
        )
    index = STEPS.index(spec)
    next_slug = STEPS[index + 1].slug if index + 1 < len(STEPS) else ATTACHMENT_STEP
    return render(
        request,
        "applications/step.html",
        {
            "application": application,
            "step": spec,
            "form": form,
            "formsets": formsets,
            "nav": _step_nav(application, step),
            "next_slug": next_slug,
            "has_draft": bool(draft) or request.method == "POST",
        },
        status=200,
    )


@_editable
@require_POST
def application_discard_draft(request, application, step):
    services.application_discard_step_draft(application=application, step=step)
    messages.info(request, _("Kladden med feil er forkastet. Siste lagrede versjon vises."))
    return redirect("applications:step", pk=application.pk, step=step)


@_editable
def application_attachments(request, application):
    form = AttachmentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.attachment_add(
            application=application,
            actor=request.user,
            kind=form.cleaned_data["kind"],
            uploaded_file=form.cleaned_data["file"],
            accepted=form.accepted,
        )
        messages.success(request, _("Vedlegget er lastet opp."))
        return redirect("applications:attachments", pk=application.pk)
    return render(
        request,
        "applications/attachments.html",
        {
            "application": application,
            "form": form,
            "attachments": application.attachments.select_related("uploaded_by"),
            "nav": _step_nav(application, ATTACHMENT_STEP),
        },
        status=400 if form.errors else 200,
    )


@login_required
def attachment_download(request, pk, attachment_pk):
    application = permissions.access_application(request.user, pk)
    # Also those removed after submission: a submitted version may refer to them.
    attachment = get_object_or_404(Attachment.all_objects, pk=attachment_pk, application=application)
    return file_download(
        attachment.file, attachment.original_name, attachment.content_type, request=request, target=attachment
    )


@_editable
@require_POST
def attachment_delete(request, application, attachment_pk):
    attachment = get_object_or_404(Attachment, pk=attachment_pk, application=application)
    services.attachment_delete(attachment=attachment, actor=request.user)
    messages.success(request, _("Vedlegget er slettet."))
    return redirect("applications:attachments", pk=application.pk)


@login_required
@require_POST
def application_submit(request, pk):
    application = permissions.access_application_as_party(request.user, pk)
    try:
        version = services.application_submit(application=application, actor=request.user)
    except services.ApplicationError as refused:
        messages.error(request, str(refused))
        return redirect(application)
    return redirect("applications:receipt", pk=application.pk, number=version.number)


@login_required
def application_receipt(request, pk, number):
    application = permissions.access_application(request.user, pk)
    version = get_object_or_404(ApplicationVersion, application=application, number=number)
    template = "applications/_pdf_status.html" if request.htmx else "applications/receipt.html"
    return render(request, template, {"application": application, "version": version})


@login_required
def version_pdf(request, pk, number):
    application = permissions.access_application(request.user, pk)
    version = get_object_or_404(ApplicationVersion, application=application, number=number)
    if version.pdf_status != ApplicationVersion.PdfStatus.READY or not version.pdf:
        messages.info(request, _("PDF-en lages fortsatt. Prøv igjen om litt."))
        return redirect("applications:receipt", pk=application.pk, number=number)
    return file_download(
        version.pdf, f"{application.reference}-v{version.number}.pdf", request=request, target=version
    )


@login_required
@require_POST
def application_confirm(request, pk):
    application = permissions.access_application_as_party(request.user, pk)
    if not permissions.can_confirm_partnership(request.user, application):
        messages.error(request, _("Du kan ikke bekrefte samarbeidet for denne søknaden."))
        return redirect(application)
    services.application_confirm_partnership(application=application, actor=request.user)
    messages.success(request, _("Takk! Samarbeidet om den felles søknaden er bekreftet."))
    return redirect(application)


@login_required
def application_withdraw(request, pk):
    application = permissions.access_application_as_party(request.user, pk)
    if not permissions.can_withdraw_application(request.user, application):
        messages.error(request, _("Søknaden kan ikke trekkes."))
        return redirect(application)
    form = WithdrawForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.application_withdraw(
                application=application, actor=request.user, reason=form.cleaned_data["reason"]
            )
        except services.ApplicationError as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, _("Søknaden er trukket."))
        return redirect(application)
    return render(request, "applications/withdraw.html", {"application": application, "form": form})


@login_required
def application_versions(request, pk):
    application = permissions.access_application(request.user, pk)
    versions = list(application.versions.select_related("submitted_by").order_by("number"))
    changes = [
        (newer, services.snapshot_diff(older.snapshot, newer.snapshot))
        for older, newer in zip(versions, versions[1:], strict=False)
    ]
    return render(
        request,
        "applications/versions.html",
        {"application": application, "versions": versions, "changes": list(reversed(changes))},
    )
