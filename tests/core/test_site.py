import pytest
from django.core import mail
from django.urls import reverse

from tests.factories import UserFactory


@pytest.mark.django_db
def test_bokmal_by_default_even_when_the_browser_asks_for_english(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    html = response.content.decode()
    assert response["Content-Language"] == "nb"
    assert '<html lang="nb">' in html
    assert "Passord" in html and "Logg inn" in html


@pytest.mark.django_db
def test_english_can_be_chosen(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/logg-inn/"})
    assert response.status_code == 302
    response = client.get(reverse("login"))
    assert response["Content-Language"] == "en"
    assert "Password" in response.content.decode()


@pytest.mark.django_db
def test_login_with_email_is_case_insensitive_and_errors_are_norwegian(client):
    UserFactory(email="kari@example.no")
    response = client.post(
        reverse("login"), {"username": "Kari@Example.no", "password": "passord-for-test-123"}
    )
    assert response.status_code == 302
    client.logout()
    response = client.post(reverse("login"), {"username": "kari@example.no", "password": "feil"})
    assert "Feil e-postadresse eller passord" in response.content.decode()


@pytest.mark.django_db
def test_password_reset_by_email(client):
    UserFactory(email="kari@example.no")
    response = client.post(reverse("password_reset"), {"email": "kari@example.no"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/glemt-passord/" in mail.outbox[0].body
    assert mail.outbox[0].subject == "Nytt passord i søknadsportalen"
