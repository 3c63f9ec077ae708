"""The health check /helsesjekk/: «ok» as text/plain without a database query, for the container
health check and as the benchmark's yardstick (bench/run.py)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_health_answers_ok_without_a_query(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get(reverse("health"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert response.content == b"ok"


def test_health_only_answers_reads(client):
    assert client.post(reverse("health")).status_code == 405
