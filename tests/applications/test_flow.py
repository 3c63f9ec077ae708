"""The applicant's flow through the services and views: steps, drafts that keep bad input,
partner confirmation, submit, resubmit with versions, withdraw."""

import pytest
from django.urls import reverse

from applications.models import Application, StepDraft
from applications.services import (
    ApplicationError,
    application_confirm_partnership,
    application_submit,
    completeness,
)
from core.models import AuditEvent
from tests.factories import make_application


def step_url(application, slug):
    return reverse("applications:step", args=[application.pk, slug])


def budget_post(amount, lines=(("Frikjøp fagpersonell", "Fase 1", "1 500 000"),)):
    data = {
        "amount_applied_nok": amount,
        "amount_applied_purpose": "Lønn prosjektleder",
        "municipal_contribution_nok": "",
        "hospital_contribution_nok": "kr 800 000",
        "budget-TOTAL_FORMS": str(len(lines) + 1),
        "budget-INITIAL_FORMS": "0",
        "budget-MIN_NUM_FORMS": "0",
        "budget-MAX_NUM_FORMS": "1000",
    }
    for i, (item, period, value) in enumerate(lines):
        data.update(
            {f"budget-{i}-cost_item": item, f"budget-{i}-period": period, f"budget-{i}-amount_nok": value}
        )
    return data


@pytest.mark.django_db
def test_create_draft_from_home(client, open_round, rana, rana_applicant):
    client.force_login(rana_applicant)
    response = client.post(reverse("applications:create", args=[open_round.pk]), {"organisation": rana.pk})
    application = Application.objects.get()
    assert response["Location"] == step_url(application, "grunnopplysninger")
    assert application.status == Application.Status.DRAFT
    assert application.lead_organisation == rana
    assert list(application.participating_municipalities.all()) == [rana]
    assert application.hospital_trust.name == "Helgelandssykehuset HF"
    assert AuditEvent.objects.filter(action="application.create", target_id=application.pk).exists()


@pytest.mark.django_db
def test_cannot_create_for_someone_elses_organisation(client, open_round, vefsn, rana_applicant):
    client.force_login(rana_applicant)
    client.post(reverse("applications:create", args=[open_round.pk]), {"organisation": vefsn.pk})
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_valid_budget_step_saves_amounts_in_every_accepted_format(client, open_round, rana, rana_applicant):
    application = make_application(round=open_round, lead=rana, actor=rana_applicant)
    client.force_login(rana_applicant)
    lines = (
        ("Frikjøp fagpersonell", "Fase 1", "1 500 000"),
        ("Lønn prosjektleder", "Fase 1", "kr 1 300 000"),
        ("Møter og analyser", "Fase 1", "800 000,-"),
    )
    response = client.post(step_url(application, "budsjett"), budget_post("4657500", lines))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.amount_applied_nok == 4_657_500
    assert application.hospital_contribution_nok == 800_000
    assert [(b.cost_item, b.amount_nok, b.order) for b in application.budget_lines.all()] == [
        ("Frikjøp fagpersonell", 1_500_000, 0),
        ("Lønn prosjektleder", 1_300_000, 1),
        ("Møter og analyser", 800_000, 2),
    ]
    assert not StepDraft.objects.exists()


@pytest.mark.django_db
def test_invalid_input_is_kept_and_shown_at_its_field(client, open_round, rana, rana_applicant):
    application = make_application(round=open_round, lead=rana, actor=rana_applicant)
    client.force_login(rana_applicant)
    data = budget_post("fire millioner", (("Frikjøp fagpersonell", "Fase 1", "1,5 mill"),))
    data["amount_applied_purpose"] = "Tekst som ikke må gå tapt – æøå"
    response = client.post(step_url(application, "budsjett"), data)
    assert response.status_code == 200
    form = response.context["form"]
    assert "Skriv beløpet i hele kroner" in form.errors["amount_applied_nok"][0]
    formset = response.context["formsets"][0][1]
    assert "Skriv beløpet i hele kroner" in formset.forms[0].errors["amount_nok"][0]
    # Nothing invalid reached the application, but everything typed is kept as a draft …
    application.refresh_from_db()
    assert application.amount_applied_nok is None
    draft = StepDraft.objects.get(application=application, step="budsjett")
    assert draft.data["amount_applied_purpose"] == ["Tekst som ikke må gå tapt – æøå"]
    # … and comes back, with its errors, when the applicant returns.
    response = client.get(step_url(application, "budsjett"))
    html = response.content.decode()
    assert "fire millioner" in html and "1,5 mill" in html and "Tekst som ikke må gå tapt – æøå" in html
    assert "Skriv beløpet i hele kroner" in html
    # The checklist points at the step with errors, and submit is refused.
    assert not {i.key: i.ok for i in completeness(application)}["no_pending_input"]
    # Correcting it saves and removes the draft.
    response = client.post(step_url(application, "budsjett"), budget_post("4 657 500"))
    assert response.status_code == 302
    assert not StepDraft.objects.exists()


@pytest.mark.django_db
def test_half_filled_row_is_an_error_not_silently_dropped(client, open_round, rana, rana_applicant):
    application = make_application(round=open_round, lead=rana, actor=rana_applicant)
    client.force_login(rana_applicant)
    data = {
        "risks-TOTAL_FORMS": "1",
        "risks-INITIAL_FORMS": "0",
        "risks-MIN_NUM_FORMS": "0",
        "risks-MAX_NUM_FORMS": "1000",
        "risks-0-factor": "Rekruttering",
        "risks-0-level": "",
        "user_involvement": "Brukerrådet",
    }
    response = client.post(step_url(application, "medvirkning-risiko"), data)
    assert response.status_code == 200
    assert response.context["formsets"][0][1].forms[0].errors["level"]
    assert StepDraft.objects.filter(step="medvirkning-risiko").exists()


@pytest.mark.django_db
def test_milestone_needs_date_or_quarter(client, open_round, rana, rana_applicant):
    application = make_application(round=open_round, lead=rana, actor=rana_applicant)
    client.force_login(rana_applicant)
    base = {
        "milestones-TOTAL_FORMS": "1",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "1000",
        "milestones-0-title": "Oppstart",
    }
    response = client.post(step_url(application, "prosjektplan"), base)
    assert "Oppgi en dato eller et kvartal" in response.content.decode()
    response = client.post(
        step_url(application, "prosjektplan"), {**base, "milestones-0-due_quarter": "3. kvartal"}
    )
    assert "Skriv kvartalet som" in response.content.decode()
    response = client.post(
        step_url(application, "prosjektplan"), {**base, "milestones-0-due_quarter": "q3 2026"}
    )
    assert response.status_code == 302
    assert application.milestones.get().due_quarter == "Q3 2026"


@pytest.mark.django_db
def test_incomplete_application_cannot_be_submitted(client, open_round, rana, rana_applicant):
    application = make_application(round=open_round, lead=rana, actor=rana_applicant)
    with pytest.raises(ApplicationError) as refused:
        application_submit(application=application, actor=rana_applicant, notify=False)
    assert "ikke komplett" in str(refused.value)
    assert "Budsjett som vedlegg" in str(refused.value)
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT


@pytest.mark.django_db
def test_partner_must_confirm_or_agreement_be_attached(
    complete_application, rana_applicant, hospital_user, vefsn_applicant
):
    items = {i.key: i.ok for i in completeness(complete_application)}
    assert items == {**{k: True for k in items}, "joint": False}
    with pytest.raises(ApplicationError):
        application_confirm_partnership(application=complete_application, actor=vefsn_applicant)
    with pytest.raises(ApplicationError):  # the applicant cannot confirm for the partner
        application_confirm_partnership(application=complete_application, actor=rana_applicant)
    application_confirm_partnership(application=complete_application, actor=hospital_user)
    complete_application.refresh_from_db()
    assert complete_application.partner_confirmed_by == hospital_user
    assert complete_application.partner_confirmed_for.name == "Helgelandssykehuset HF"
    assert all(i.ok for i in completeness(complete_application))


@pytest.mark.django_db
def test_signed_agreement_replaces_confirmation(complete_application):
    from tests.factories import attach

    attach(complete_application, "signed_agreement", name="Avtale.pdf")
    assert all(i.ok for i in completeness(complete_application))


@pytest.mark.django_db
def test_confirm_view_and_page(client, complete_application, hospital_user):
    client.force_login(hospital_user)
    page = client.get(complete_application.get_absolute_url()).content.decode()
    assert "Bekreft at vi deltar i den felles søknaden" in page
    response = client.post(reverse("applications:confirm", args=[complete_application.pk]), follow=True)
    assert "Samarbeidet er bekreftet av" in response.content.decode()


@pytest.mark.django_db
def test_submit_resubmit_keeps_every_version_and_shows_what_changed(
    client, complete_application, rana_applicant, hospital_user
):
    application_confirm_partnership(application=complete_application, actor=hospital_user)
    client.force_login(rana_applicant)
    response = client.post(reverse("applications:submit", args=[complete_application.pk]))
    assert response["Location"] == reverse("applications:receipt", args=[complete_application.pk, 1])
    complete_application.refresh_from_db()
    assert complete_application.status == Application.Status.RECEIVED
    v1 = complete_application.versions.get()
    assert v1.snapshot["amount_applied_nok"] == 4_657_500
    assert complete_application.status_events.last().to_status == "received"

    # Edit after submitting, before the deadline: marked as not yet sent in.
    data = budget_post("4 000 000", (("Lønn", "2026", "4 657 500"), ("Egeninnsats", "2026", "4 657 500")))
    assert client.post(step_url(complete_application, "budsjett"), data).status_code == 302
    complete_application.refresh_from_db()
    assert complete_application.has_unsubmitted_changes
    client.post(reverse("applications:submit", args=[complete_application.pk]))
    complete_application.refresh_from_db()
    assert not complete_application.has_unsubmitted_changes
    assert list(complete_application.versions.values_list("number", flat=True)) == [2, 1]
    page = client.get(reverse("applications:versions", args=[complete_application.pk])).content.decode()
    assert "Omsøkt beløp" in page
    assert "kr\xa04\xa0657\xa0500" in page and "kr\xa04\xa0000\xa0000" in page
    assert (
        AuditEvent.objects.filter(action="application.submit", target_id=complete_application.pk).count() == 2
    )


def test_a_second_click_with_nothing_changed_gives_the_same_version_not_a_copy(
    client, complete_application, rana_applicant, hospital_user
):
    application_confirm_partnership(application=complete_application, actor=hospital_user)
    client.force_login(rana_applicant)
    url = reverse("applications:submit", args=[complete_application.pk])
    first = client.post(url)
    second = client.post(url)
    receipt = reverse("applications:receipt", args=[complete_application.pk, 1])
    assert first["Location"] == second["Location"] == receipt
    assert list(complete_application.versions.values_list("number", flat=True)) == [1]
    assert (
        AuditEvent.objects.filter(action="application.submit", target_id=complete_application.pk).count() == 1
    )


@pytest.mark.django_db
def test_withdraw(client, complete_application, rana_applicant):
    client.force_login(rana_applicant)
    client.post(
        reverse("applications:withdraw", args=[complete_application.pk]), {"reason": "Ikke forankret"}
    )
    complete_application.refresh_from_db()
    assert complete_application.status == Application.Status.WITHDRAWN
    event = complete_application.status_events.last()
    assert (event.from_status, event.to_status, event.reason, event.actor) == (
        "draft",
        "withdrawn",
        "Ikke forankret",
        rana_applicant,
    )
    # A withdrawn application can no longer be edited or withdrawn again.
    response = client.get(step_url(complete_application, "budsjett"))
    assert response.status_code == 302
    response = client.post(reverse("applications:withdraw", args=[complete_application.pk]), follow=True)
    assert "kan ikke trekkes" in response.content.decode()


@pytest.mark.django_db
def test_secretariat_sees_what_was_sent_in_not_unsent_edits(
    client, complete_application, rana_applicant, hospital_user, secretariat_user
):
    from applications.services import attachment_delete

    application_confirm_partnership(application=complete_application, actor=hospital_user)
    application_submit(application=complete_application, actor=rana_applicant, notify=False)
    budget = complete_application.attachments.get()
    # After submitting, the applicant renames the project and removes the budget, without resending.
    client.force_login(rana_applicant)
    client.post(
        step_url(complete_application, "grunnopplysninger"), {"title": "Nytt navn som ikke er sendt inn"}
    )
    attachment_delete(attachment=budget, actor=rana_applicant)
    assert (
        "Nytt navn som ikke er sendt inn"
        in client.get(complete_application.get_absolute_url()).content.decode()
    )
    assert complete_application.attachments.count() == 0

    client.force_login(secretariat_user)
    page = client.get(complete_application.get_absolute_url()).content.decode()
    assert "Nytt navn som ikke er sendt inn" not in page
    assert "Viser innsendt versjon 1" in page
    assert complete_application.title in page
    # The removed budget is still there for the version that was sent in.
    download = client.get(reverse("applications:attachment", args=[complete_application.pk, budget.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")


@pytest.mark.django_db
def test_attachment_of_a_never_submitted_draft_is_deleted_for_good(
    client, complete_application, rana_applicant
):
    from applications.models import Attachment

    budget = complete_application.attachments.get()
    client.force_login(rana_applicant)
    client.post(reverse("applications:attachment_delete", args=[complete_application.pk, budget.pk]))
    assert not Attachment.all_objects.filter(pk=budget.pk).exists()


@pytest.mark.django_db
def test_hospital_led_application_is_confirmed_by_a_participating_municipality(
    open_round, hsyk, rana, vefsn, hospital_user, rana_applicant, vefsn_applicant
):
    application = make_application(round=open_round, lead=hsyk, actor=hospital_user)
    application.participating_municipalities.add(rana)
    with pytest.raises(ApplicationError):
        application_confirm_partnership(application=application, actor=vefsn_applicant)
    with pytest.raises(ApplicationError):
        application_confirm_partnership(application=application, actor=hospital_user)
    application_confirm_partnership(application=application, actor=rana_applicant)
    application.refresh_from_db()
    assert application.partner_confirmed_for == rana


@pytest.mark.django_db
def test_no_edits_after_the_deadline(client, rana, rana_applicant):
    import datetime as dt

    from django.utils import timezone

    from tests.factories import RoundFactory

    closed = RoundFactory(deadline=timezone.localdate() - dt.timedelta(days=1))
    application = make_application(round=closed, lead=rana, actor=rana_applicant)
    client.force_login(rana_applicant)
    response = client.post(
        step_url(application, "grunnopplysninger"), {"title": "Etter fristen"}, follow=True
    )
    assert "Søknadsfristen har gått ut" in response.content.decode()
    application.refresh_from_db()
    assert application.title != "Etter fristen"
