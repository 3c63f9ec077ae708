"""Pages make a constant number of queries however many applications exist."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from applications.models import Application
from tests.factories import attach, make_application


def _make(n, *, round, lead, actor):
    for i in range(n):
        application = make_application(
            round=round, lead=lead, actor=actor, complete=True, title=f"Prosjekt {i}"
        )
        attach(application, "other", name=f"Vedlegg {i}.pdf")


def _count(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries.captured_queries]


# Session, user, the user's seats (organisations, secretariats and committees in one query, for
# access and the menu, with the header's count of unread notifications), the page's own reads (the
# list: the count for its pages, then its page of 25; the detail: the application, every related
# table in one query (core.prefetch), its visible history), and the session save (savepoint, update,
# release). The numbers are exact, so a new query shows up in review.
EXPECTED = {"applications:list": 8, "home": 9, "detail": 9}


@pytest.mark.django_db
@pytest.mark.parametrize("url_name", ["applications:list", "home"])
def test_list_pages_constant_queries(client, open_round, rana, rana_applicant, url_name, secretariat_user):
    client.force_login(rana_applicant)
    _make(5, round=open_round, lead=rana, actor=rana_applicant)
    few, few_sql = _count(client, reverse(url_name))
    _make(195, round=open_round, lead=rana, actor=rana_applicant)
    assert Application.objects.count() == 200
    many, many_sql = _count(client, reverse(url_name))
    assert few == many == EXPECTED[url_name], "\n".join(many_sql)
    # The secretariat's view of the same list is constant too.
    Application.objects.update(status=Application.Status.RECEIVED)
    client.force_login(secretariat_user)
    first, _ = _count(client, reverse(url_name))
    _make(10, round=open_round, lead=rana, actor=rana_applicant)
    Application.objects.update(status=Application.Status.RECEIVED)
    second, sql = _count(client, reverse(url_name))
    assert first == second, "\n".join(sql)


@pytest.mark.django_db
def test_detail_page_constant_queries(client, open_round, rana, rana_applicant):
    client.force_login(rana_applicant)
    _make(5, round=open_round, lead=rana, actor=rana_applicant)
    target = Application.objects.order_by("pk").first()
    few, _ = _count(client, target.get_absolute_url())
    _make(195, round=open_round, lead=rana, actor=rana_applicant)
    many, sql = _count(client, target.get_absolute_url())
    assert few == many == EXPECTED["detail"], "\n".join(sql)


@pytest.mark.django_db
def test_detail_page_queries_do_not_grow_with_rows(client, open_round, rana, rana_applicant):
    """More budget lines, contacts and attachments on the one application: same query count."""
    from applications.models import BudgetLine, ContactPerson

    client.force_login(rana_applicant)
    application = make_application(round=open_round, lead=rana, actor=rana_applicant, complete=True)
    few, _ = _count(client, application.get_absolute_url())
    for i in range(30):
        BudgetLine.objects.create(
            application=application, cost_item=f"Post {i}", period="2027", amount_nok=1000
        )
        ContactPerson.objects.create(application=application, side="kommune", name=f"Person {i}")
        attach(application, "other", name=f"Vedlegg {i}.pdf")
    many, sql = _count(client, application.get_absolute_url())
    assert few == many, "\n".join(sql)


@pytest.mark.django_db
def test_the_list_shows_25_applications_a_page_newest_round_first(client, open_round, rana, rana_applicant):
    client.force_login(rana_applicant)
    _make(30, round=open_round, lead=rana, actor=rana_applicant)
    first = client.get(reverse("applications:list"))
    assert [row["title"] for row in first.context["rows"]] == sorted(f"Prosjekt {i}" for i in range(30))[:25]
    assert "Viser 1–25 av 30 søknader" in first.content.decode()
    assert 'href="?side=2"' in first.content.decode()
    second = client.get(reverse("applications:list"), {"side": "2"})
    assert len(second.context["rows"]) == 5
    assert "Viser 26–30 av 30 søknader" in second.content.decode()
    # A page number that is not one gives the first page, one past the end the last: never a 404.
    assert client.get(reverse("applications:list"), {"side": "x"}).context["page"].number == 1
    assert client.get(reverse("applications:list"), {"side": "99"}).context["page"].number == 2
    # Each row links the application and shows what it is, as the home page's table does
    row = first.context["rows"][0]
    application = Application.objects.get(title=row["title"])
    assert row["url"] == application.get_absolute_url()
    assert row["status"] == "Utkast" and row["badge"] == "secondary"
    assert row["applicant"] == rana.name and row["round"] == open_round.title
