"""Bad input gets a clear Norwegian message at the field, and never a 500."""

import pytest
from django.urls import reverse

from applications.forms import STEPS
from tests.factories import make_application

GARBAGE = {
    "title": "x" * 5000,
    "owners": ["999999", "abc"],
    "participating_municipalities": ["-1"],
    "supporting_municipalities": ["1' OR '1'='1"],
    "hospital_trust": "not-a-number",
    "agreement_signed_on": "31.02.2025",
    "fsu": "999999",
    "is_continuation": "maybe",
    "priority_groups": ["0"],
    "focus_areas": ["\x00"],
    "amount_applied_nok": "1e9",
    "municipal_contribution_nok": "-5",
    "hospital_contribution_nok": "kr kr",
    "summary": "<script>alert(1)</script>",
}


def management(prefix, total="2", initial="5"):
    return {
        f"{prefix}-TOTAL_FORMS": total,
        f"{prefix}-INITIAL_FORMS": initial,
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


@pytest.mark.django_db
@pytest.mark.parametrize("step", STEPS, ids=lambda s: s.slug)
def test_garbage_in_every_step_is_answered_with_errors_not_500(
    client, open_round, rana, rana_applicant, step
):
    application = make_application(round=open_round, lead=rana, actor=rana_applicant)
    client.force_login(rana_applicant)
    url = reverse("applications:step", args=[application.pk, step.slug])
    data = dict(GARBAGE)
    for prefix, _cls, _title in step.formsets:
        data.update(management(prefix))
        data.update(
            {
                f"{prefix}-0-id": "424242",
                f"{prefix}-0-amount_nok": "fem",
                f"{prefix}-0-due_date": "2025-13-45",
                f"{prefix}-0-level": "katastrofal",
                f"{prefix}-0-side": "mars",
                f"{prefix}-0-email": "ikke-epost",
            }
        )
    response = client.post(url, data)
    assert response.status_code in (200, 302)
    # Missing management form: a message, not a crash.
    if step.formsets:
        response = client.post(url, {"title": "Bare tittel"})
        assert response.status_code == 200
    # A stored draft with garbage still renders.
    assert client.get(url).status_code == 200


@pytest.mark.django_db
def test_basics_errors_are_norwegian_and_at_the_field(client, open_round, rana, rana_applicant):
    application = make_application(round=open_round, lead=rana, actor=rana_applicant)
    client.force_login(rana_applicant)
    response = client.post(reverse("applications:step", args=[application.pk, "grunnopplysninger"]), GARBAGE)
    form = response.context["form"]
    assert form.errors["title"][0] == "Sørg for at denne verdien har 300 eller færre tegn (den har nå 5000)."
    assert "Oppgi en gyldig dato" in form.errors["agreement_signed_on"][0]
    assert form.errors["owners"] and form.errors["hospital_trust"]
    html = response.content.decode()
    assert "is-invalid" in html
    # What was typed is still in the fields.
    assert "x" * 300 in html


@pytest.mark.django_db
def test_supporting_and_participating_cannot_overlap(client, open_round, rana, rana_applicant):
    application = make_application(round=open_round, lead=rana, actor=rana_applicant)
    client.force_login(rana_applicant)
    response = client.post(
        reverse("applications:step", args=[application.pk, "grunnopplysninger"]),
        {"title": "T", "participating_municipalities": [rana.pk], "supporting_municipalities": [rana.pk]},
    )
    assert (
        "er allerede valgt som deltakende kommune"
        in response.context["form"].errors["supporting_municipalities"][0]
    )


@pytest.mark.django_db
def test_upload_errors_at_the_field(client, complete_application, rana_applicant):
    client.force_login(rana_applicant)
    url = reverse("applications:attachments", args=[complete_application.pk])
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = client.post(
        url, {"kind": "budget", "file": SimpleUploadedFile("budsjett.pdf", b"MZ\x90\x00 not a pdf")}
    )
    assert response.status_code == 400
    assert "Filtypen er ikke tillatt" in response.context["form"].errors["file"][0]
    response = client.post(url, {"kind": "nonsense"})
    assert response.status_code == 400
    assert response.context["form"].errors["kind"] and response.context["form"].errors["file"]
    assert complete_application.attachments.count() == 1


@pytest.mark.django_db
def test_unknown_step_is_404(client, complete_application, rana_applicant):
    client.force_login(rana_applicant)
    assert (
        client.get(reverse("applications:step", args=[complete_application.pk, "finnes-ikke"])).status_code
        == 404
    )
