"""The secretariat's inbox: who gets in (only the secretariat of the round's helsefellesskap),
what it lists (submitted applications, never drafts), every filter, the counts at the top, the
CSV and XLSX exports, and a constant number of queries however many applications there are."""

import csv
import datetime as dt
import io
import re

import openpyxl
import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications.context_processors import secretariat
from applications.models import Application
from committees.models import Committee
from core.models import FocusArea, HealthCommunity, PriorityGroup, SecretariatMembership
from tests.factories import RoundFactory, UserFactory, make_application

S = Application.Status
SUBMITTED_AT = dt.datetime(2027, 3, 1, 14, 30, tzinfo=dt.UTC)  # 15:30 in Oslo (CET)


def submit(application, status=S.RECEIVED, **fields):
    """Tests write the model directly: a submitted application in the given status."""
    application.status = status
    application.submitted_at = SUBMITTED_AT
    application.last_submitted_at = SUBMITTED_AT
    for name, value in fields.items():
        setattr(application, name, value)
    application.save()
    return application


def fsu(name):
    return Committee.objects.get(name=name, kind=Committee.Kind.FSU)


@pytest.fixture
def apps(open_round, rana, vefsn, hsyk, rana_applicant, vefsn_applicant, hospital_user):
    """Three submitted applications that differ in every filtered field, a draft, an application
    withdrawn before it was ever sent in, and a submitted application of another round."""
    kartlegging = submit(
        make_application(
            round=open_round, lead=rana, actor=rana_applicant, complete=True, title="Kartleggingsteam Rana"
        ),
        amount_applied_nok=4_657_500,
    )
    rehab = make_application(
        round=open_round, lead=vefsn, actor=vefsn_applicant, complete=True, title="Rehabilitering i Vefsn"
    )
    submit(
        rehab,
        S.UNDER_REVIEW,
        amount_applied_nok=1_000_000,
        is_continuation=True,
        fsu=fsu("FSU rehabilitering"),
        summary="Oppfølging med telemedisin etter utskrivning.",
    )
    rehab.priority_groups.set([PriorityGroup.objects.get(name="Barn og unge")])
    rehab.focus_areas.set([FocusArea.objects.get(name="Innovasjon og bruk av moderne teknologi")])
    digital = make_application(
        round=open_round, lead=hsyk, actor=hospital_user, complete=True, title="Digital hjemmeoppfolging"
    )
    submit(
        digital,
        S.FORWARDED,
        amount_applied_nok=2_500_000,
        fsu=fsu("FSU digitale helsetjenester og e-helseløsninger"),
        purpose_fit="Felles journalverktoy for kommunene og sykehuset.",
    )
    digital.participating_municipalities.set([rana, vefsn])
    make_application(round=open_round, lead=rana, actor=rana_applicant, title="Hemmelig utkast")
    never_sent = make_application(
        round=open_round, lead=vefsn, actor=vefsn_applicant, title="Aldri sendt inn"
    )
    Application.objects.filter(pk=never_sent.pk).update(status=S.WITHDRAWN)
    other_round = RoundFactory(title="En annen utlysning")
    submit(make_application(round=other_round, lead=rana, complete=True, title="Annen utlysnings soknad"))
    return {"kartlegging": kartlegging, "rehab": rehab, "digital": digital}


def inbox_url(round_, query=""):
    return reverse("secretariat:inbox", args=[round_.pk]) + (f"?{query}" if query else "")


def export_url(round_, fmt, query=""):
    return reverse("secretariat:inbox_export", args=[round_.pk, fmt]) + (f"?{query}" if query else "")


def listed(response):
    return [a.title for a in response.context["applications"]]


@pytest.fixture
def secretariat_client(client, secretariat_user):
    client.force_login(secretariat_user)
    return client


# --- Access -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_secretariat_sees_the_submitted_applications_of_its_round_and_no_drafts(
    secretariat_client, open_round, apps
):
    response = secretariat_client.get(inbox_url(open_round))
    assert response.status_code == 200
    assert sorted(listed(response)) == [
        "Digital hjemmeoppfolging",
        "Kartleggingsteam Rana",
        "Rehabilitering i Vefsn",
    ]
    content = response.content.decode()
    assert "Hemmelig utkast" not in content
    assert "Aldri sendt inn" not in content
    assert "Annen utlysnings soknad" not in content
    # The title opens the case page.
    assert reverse("applications:review", args=[apps["rehab"].pk]) in content
    # Every cell of a row: reference, link, applicant, municipalities in order, badge, kind, amount.
    digital = apps["digital"]
    row = content.split(f'<td class="text-nowrap">{digital.reference}</td>')[1].split("</tr>")[0]
    review = reverse("applications:review", args=[digital.pk])
    assert f'<a href="{review}">Digital hjemmeoppfolging</a>' in row
    assert f"<td>{digital.lead_organisation.name}</td>" in row
    assert "<td>Rana kommune, Vefsn kommune</td>" in row
    assert f'<span class="badge text-bg-primary">{digital.get_status_display()}</span>' in row
    assert "<td>Ny</td>" in row
    assert '<td class="amount">kr\u00a02\u00a0500\u00a0000</td>' in row
    rehab = content.split(f'<td class="text-nowrap">{apps["rehab"].reference}</td>')[1].split("</tr>")[0]
    assert "<td>Videreføring</td>" in rehab


@pytest.mark.django_db
def test_rounds_page_lists_rounds_with_counts_and_sums(secretariat_client, open_round, apps):
    response = secretariat_client.get(reverse("secretariat:rounds"))
    assert response.status_code == 200
    rounds = {r.pk: r for r in response.context["rounds"]}
    assert rounds[open_round.pk].submitted_count == 3
    assert rounds[open_round.pk].submitted_total_nok == 4_657_500 + 1_000_000 + 2_500_000
    assert inbox_url(open_round) in response.content.decode()
    # Newest first.
    years = [r.year for r in response.context["rounds"]]
    assert years == sorted(years, reverse=True)


@pytest.mark.django_db
def test_rounds_page_is_one_aggregate_query(secretariat_client, open_round, apps):
    few, _ = count_queries(secretariat_client, reverse("secretariat:rounds"))
    for new_round in RoundFactory.create_batch(3):
        submit(make_application(round=new_round, lead=apps["rehab"].lead_organisation, complete=True))
    many, sql = count_queries(secretariat_client, reverse("secretariat:rounds"))
    assert few == many, "\n".join(sql)
    round_queries = [q for q in sql if "applications_round" in q]
    assert len(round_queries) == 1, "\n".join(sql)


def all_urls(round_):
    return [
        reverse("secretariat:rounds"),
        inbox_url(round_),
        export_url(round_, "csv"),
        export_url(round_, "xlsx"),
    ]


@pytest.fixture
def finnmark_secretary(db):
    user = UserFactory(email="sekretariat.finnmark@example.no")
    SecretariatMembership.objects.create(
        user=user, health_community=HealthCommunity.objects.get(slug="finnmark")
    )
    return user


@pytest.mark.django_db
@pytest.mark.parametrize(
    "role", ["vefsn_applicant", "rana_applicant", "hospital_user", "committee_user", "helse_nord_user"]
)
def test_every_other_role_gets_404(client, request, open_round, apps, role):
    client.force_login(request.getfixturevalue(role))
    for url in all_urls(open_round):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_secretariat_of_another_helsefellesskap_gets_404(client, open_round, apps, finnmark_secretary):
    client.force_login(finnmark_secretary)
    rounds = client.get(reverse("secretariat:rounds"))
    assert rounds.status_code == 200
    assert open_round.title not in rounds.content.decode()
    for url in all_urls(open_round)[1:]:
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_superuser_without_secretariat_membership_gets_404(client, open_round, apps):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    for url in all_urls(open_round):
        assert client.get(url).status_code == 404, url


@pytest.mark.django_db
def test_anonymous_is_sent_to_login(client, open_round):
    for url in all_urls(open_round):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


@pytest.mark.django_db
def test_unknown_round_and_unknown_format_are_404(secretariat_client, open_round):
    assert secretariat_client.get(reverse("secretariat:inbox", args=[999_999])).status_code == 404
    assert (
        secretariat_client.get(reverse("secretariat:inbox_export", args=[999_999, "csv"])).status_code == 404
    )
    assert secretariat_client.get(export_url(open_round, "pdf")).status_code == 404
    assert secretariat_client.get(export_url(open_round, "XLSX")).status_code == 404


@pytest.mark.django_db
def test_nav_link_only_for_secretariat(client, secretariat_user, rana_applicant):
    link = f'href="{reverse("secretariat:rounds")}"'
    client.force_login(secretariat_user)
    assert link in client.get(reverse("home")).content.decode()
    client.force_login(rana_applicant)
    assert link not in client.get(reverse("home")).content.decode()


@pytest.mark.django_db
def test_context_processor_queries(secretariat_user, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert secretariat(request)["is_secretariat_user"]() is False
    request.user = secretariat_user
    with django_assert_num_queries(1):
        context = secretariat(request)
        assert context["is_secretariat_user"]() is True
        assert context["is_secretariat_user"]() is True  # cached on the user


# --- Filters, sorting, counts -------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query, expected",
    [
        ("status=under_review", {"rehab"}),
        ("status=forwarded", {"digital"}),
        ("municipality={vefsn}", {"rehab", "digital"}),
        ("municipality={rana}", {"kartlegging", "digital"}),
        ("priority_group={barn}", {"rehab"}),
        ("priority_group={eldre}", {"kartlegging", "digital"}),
        ("focus_area={innovasjon}", {"rehab"}),
        ("fsu={fsu_rehab}", {"rehab"}),
        ("continuation=continuation", {"rehab"}),
        ("continuation=new", {"kartlegging", "digital"}),
        ("q=TELEMEDISIN", {"rehab"}),  # summary, any case
        ("q=journalverktoy", {"digital"}),  # purpose fit
        ("q=kartleggingsteam", {"kartlegging"}),  # title
        ("q=Vefsn+kommune", {"rehab"}),  # lead organisation, every word must match
        ("q=Helgelandssykehuset", {"digital"}),
        ("q=utskrivning+telemedisin", {"rehab"}),
        ("q=ingenting+slikt", set()),
        ("municipality={vefsn}&continuation=new", {"digital"}),
    ],
)
def test_each_filter(secretariat_client, open_round, apps, rana, vefsn, query, expected):
    query = query.format(
        rana=rana.pk,
        vefsn=vefsn.pk,
        barn=PriorityGroup.objects.get(name="Barn og unge").pk,
        eldre=PriorityGroup.objects.get(name="Skrøpelige eldre").pk,
        innovasjon=FocusArea.objects.get(name="Innovasjon og bruk av moderne teknologi").pk,
        fsu_rehab=fsu("FSU rehabilitering").pk,
    )
    response = secretariat_client.get(inbox_url(open_round, query))
    assert response.status_code == 200
    assert not response.context["filter"].form.errors
    titles = listed(response)
    assert len(titles) == len(set(titles)), "an application is listed twice"
    assert set(titles) == {apps[key].title for key in expected}


@pytest.mark.django_db
def test_filter_on_many_to_many_lists_each_application_once(secretariat_client, open_round, apps):
    """Two matching priority groups on one application must not list it twice."""
    apps["rehab"].priority_groups.add(*PriorityGroup.objects.all())
    group = PriorityGroup.objects.get(name="Barn og unge")
    response = secretariat_client.get(inbox_url(open_round, f"priority_group={group.pk}"))
    assert listed(response) == ["Rehabilitering i Vefsn"]
    assert response.context["summary"]["count"] == 1


@pytest.mark.django_db
def test_sort_by_amount_both_ways(secretariat_client, open_round, apps):
    ascending = listed(secretariat_client.get(inbox_url(open_round, "sort=amount")))
    descending = listed(secretariat_client.get(inbox_url(open_round, "sort=-amount")))
    assert ascending == ["Rehabilitering i Vefsn", "Digital hjemmeoppfolging", "Kartleggingsteam Rana"]
    assert descending == list(reversed(ascending))


@pytest.mark.django_db
@pytest.mark.parametrize(
    "sort", ["title", "-title", "applicant", "-applicant", "status", "-status", "submitted"]
)
def test_every_sort_is_accepted(secretariat_client, open_round, apps, sort):
    response = secretariat_client.get(inbox_url(open_round, f"sort={sort}"))
    assert response.status_code == 200
    assert not response.context["filter"].form.errors
    assert len(listed(response)) == 3


@pytest.mark.django_db
def test_sort_by_status_follows_the_workflow(secretariat_client, open_round, apps):
    titles = listed(secretariat_client.get(inbox_url(open_round, "sort=status")))
    assert titles == ["Kartleggingsteam Rana", "Rehabilitering i Vefsn", "Digital hjemmeoppfolging"]


@pytest.mark.django_db
def test_counts_and_sum_at_the_top_match_the_filtered_set(secretariat_client, open_round, apps, vefsn):
    response = secretariat_client.get(inbox_url(open_round, f"municipality={vefsn.pk}"))
    summary = response.context["summary"]
    assert summary["count"] == 2
    assert summary["total_nok"] == 1_000_000 + 2_500_000
    assert {item["status"]: item["count"] for item in summary["by_status"]} == {
        "under_review": 1,
        "forwarded": 1,
    }
    content = response.content.decode()
    assert '<dd class="col-5 amount" id="summary-count">2</dd>' in content
    assert "kr\u00a03\u00a0500\u00a0000" in content
    # Pot totals of the round: local = this year's amount + carried over.
    assert "kr\u00a010\u00a0800\u00a0000" in content
    assert "kr\u00a020\u00a0000\u00a0000" in content


@pytest.mark.django_db
def test_garbage_filter_values_show_errors_and_the_unfiltered_list(secretariat_client, open_round, apps):
    response = secretariat_client.get(
        inbox_url(
            open_round,
            "status=nonsense&municipality=abc&sort=drop+table&priority_group=-1"
            "&focus_area=1e9&fsu=99999999999999999999999&continuation=maybe&q=" + "x" * 500,
        )
    )
    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert set(errors) == {
        "status",
        "municipality",
        "sort",
        "priority_group",
        "focus_area",
        "fsu",
        "continuation",
        "q",
    }
    assert len(listed(response)) == 3
    assert response.context["summary"]["count"] == 3
    assert "ugyldige" in response.content.decode()


@pytest.mark.django_db
def test_municipality_of_another_helsefellesskap_is_not_a_choice(secretariat_client, open_round, apps):
    from core.models import Organisation

    other = Organisation.objects.get(name="Finnmarkssykehuset HF")
    response = secretariat_client.get(inbox_url(open_round, f"municipality={other.pk}"))
    assert response.status_code == 200
    assert "municipality" in response.context["filter"].form.errors


# --- Exports ----------------------------------------------------------------------------------


def parse_csv(response):
    raw = b"".join(response.streaming_content) if response.streaming else response.content
    assert raw.startswith(b"\xef\xbb\xbf"), "UTF-8 with BOM"
    return list(csv.reader(io.StringIO(raw.decode("utf-8-sig")), delimiter=";"))


@pytest.mark.django_db
def test_csv_export_of_the_filtered_list(secretariat_client, open_round, apps, vefsn):
    response = secretariat_client.get(export_url(open_round, "csv", f"municipality={vefsn.pk}&sort=amount"))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="soknader-2027.csv"'
    assert response["X-Content-Type-Options"] == "nosniff"
    header, *rows = parse_csv(response)
    assert header == [
        "Referanse",
        "Prosjekt",
        "Søker",
        "Deltakende kommuner",
        "Helseforetak",
        "Status",
        "Ny/videreføring",
        "FSU",
        "Prioriterte pasientgrupper",
        "Innsatsområder",
        "Omsøkt beløp",
        "Sendt inn",
    ]
    assert [(row[1], row[10]) for row in rows] == [
        ("Rehabilitering i Vefsn", "1000000"),
        ("Digital hjemmeoppfolging", "2500000"),
    ]
    rehab = rows[0]
    assert rehab[0] == apps["rehab"].reference
    assert rehab[2] == "Vefsn kommune"
    assert rehab[3] == "Vefsn kommune"
    assert rehab[4] == "Helgelandssykehuset HF"
    assert rehab[5] == "Under vurdering"
    assert rehab[6] == "Videreføring"
    assert rehab[7] == "FSU rehabilitering"
    assert rehab[8] == "Barn og unge"
    assert rehab[9] == "Innovasjon og bruk av moderne teknologi"
    assert rehab[11] == "01.03.2027 15:30"  # Oslo time
    assert rows[1][3] == "Rana kommune, Vefsn kommune"
    assert rows[1][6] == "Ny"


@pytest.mark.django_db
def test_xlsx_export(secretariat_client, open_round, apps):
    response = secretariat_client.get(export_url(open_round, "xlsx", "sort=-amount"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"] == 'attachment; filename="soknader-2027.xlsx"'
    assert response["X-Content-Type-Options"] == "nosniff"
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = workbook["Søknader"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Referanse", "Prosjekt")
    assert rows[0][10] == "Omsøkt beløp"
    assert sheet["A1"].font.bold
    assert [(r[1], r[10]) for r in rows[1:4]] == [
        ("Kartleggingsteam Rana", 4_657_500),
        ("Digital hjemmeoppfolging", 2_500_000),
        ("Rehabilitering i Vefsn", 1_000_000),
    ]
    assert sheet.cell(row=2, column=11).number_format == "#,##0"
    assert rows[1][11] == dt.datetime(2027, 3, 1, 15, 30)
    total = rows[4]
    assert total[0] == "Sum"
    assert total[10] == 4_657_500 + 2_500_000 + 1_000_000
    assert sheet.cell(row=5, column=11).font.bold
    assert len(rows) == 5
    assert sheet.column_dimensions["B"].width >= 30


@pytest.mark.django_db
def test_exports_keep_formula_like_text_as_text(secretariat_client, open_round, apps):
    Application.objects.filter(pk=apps["rehab"].pk).update(title='=HYPERLINK("http://x","klikk")\x0b')
    rows = parse_csv(secretariat_client.get(export_url(open_round, "csv", "status=under_review")))
    assert rows[1][1].startswith("'=")
    response = secretariat_client.get(export_url(open_round, "xlsx", "status=under_review"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet.cell(row=2, column=2).data_type == "s"
    assert sheet.cell(row=2, column=2).value == '=HYPERLINK("http://x","klikk")'


@pytest.mark.django_db
def test_export_with_garbage_filters_exports_everything(secretariat_client, open_round, apps):
    rows = parse_csv(secretariat_client.get(export_url(open_round, "csv", "status=nonsense&sort=drop+table")))
    assert len(rows) == 1 + 3


@pytest.mark.django_db
def test_inbox_offers_export_links_with_the_current_filters(secretariat_client, open_round, apps):
    content = secretariat_client.get(inbox_url(open_round, "status=received&sort=amount")).content.decode()
    assert export_url(open_round, "xlsx", "status=received&amp;sort=amount") in content
    assert export_url(open_round, "csv", "status=received&amp;sort=amount") in content


# --- Queries --------------------------------------------------------------------------------


def bulk_submitted(n, *, round, lead, municipalities, priority_group, focus_area):
    """n submitted applications, created in a handful of queries, with their M2M rows."""
    now = timezone.now()
    created = Application.objects.bulk_create(
        [
            Application(
                round=round,
                lead_organisation=lead,
                hospital_trust=round.health_community.hospital_trust,
                title=f"Prosjekt {i}",
                summary="Masseprodusert",
                status=S.RECEIVED,
                amount_applied_nok=1000 * (i + 1),
                submitted_at=now,
                last_submitted_at=now,
            )
            for i in range(n)
        ]
    )
    assert all(a.pk for a in created)
    through = Application.participating_municipalities.through
    through.objects.bulk_create(
        [through(application_id=a.pk, organisation_id=m.pk) for a in created for m in municipalities]
    )
    through = Application.owners.through
    through.objects.bulk_create([through(application_id=a.pk, organisation_id=lead.pk) for a in created])
    through = Application.priority_groups.through
    through.objects.bulk_create(
        [through(application_id=a.pk, prioritygroup_id=priority_group.pk) for a in created]
    )
    through = Application.focus_areas.through
    through.objects.bulk_create([through(application_id=a.pk, focusarea_id=focus_area.pk) for a in created])


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries), [q["sql"] for q in queries.captured_queries]


@pytest.mark.django_db
def test_inbox_and_exports_make_the_same_number_of_queries_with_10_and_500(
    secretariat_client, open_round, rana, vefsn, apps
):
    group = PriorityGroup.objects.get(name="Skrøpelige eldre")
    area = FocusArea.objects.get(name="Gode og sammenhengende pasientforløp")
    make = dict(
        round=open_round, lead=rana, municipalities=[rana, vefsn], priority_group=group, focus_area=area
    )
    urls = [
        inbox_url(open_round),
        inbox_url(open_round, f"municipality={vefsn.pk}&priority_group={group.pk}&q=Prosjekt&sort=-amount"),
        export_url(open_round, "csv"),
        export_url(open_round, "xlsx", f"focus_area={area.pk}"),
    ]
    bulk_submitted(7, **make)
    assert Application.objects.filter(round=open_round, submitted_at__isnull=False).count() == 10
    few = [count_queries(secretariat_client, url) for url in urls]
    bulk_submitted(490, **make)
    assert Application.objects.filter(round=open_round, submitted_at__isnull=False).count() == 500
    many = [count_queries(secretariat_client, url) for url in urls]
    for url, (few_count, few_sql), (many_count, many_sql) in zip(urls, few, many, strict=True):
        print(url, few_count, many_count)
        assert few_count == many_count, f"{url}: {few_count} vs {many_count}\n" + "\n".join(many_sql)
    response = secretariat_client.get(inbox_url(open_round))
    assert response.context["summary"]["count"] == 500


def _tags_only(html):
    """Whitespace around tags is not content: crispy's templates indent, core.form_html does not."""
    return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html)).strip()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "",
        "q=rehab&status=under_review&continuation=continuation&sort=-amount",
        "status=nonsense&municipality=abc&sort=drop+table&priority_group=-1&q=%3Cb%3E" + "x" * 300,
    ],
)
def test_filter_form_is_the_markup_crispy_renders(open_round, apps, rana, query):
    """The filter form is built in Python (core.form_html) for speed; it must be the same
    markup as crispy-forms' as_crispy_field: label, classes, id, aria-describedby, aria-invalid,
    selected option, errors and help text, unbound, filtered and with invalid input."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
    from django.http import QueryDict

    from applications.inbox import InboxFilter
    from core.form_html import filter_fields

    if query.startswith("q=rehab"):
        query += f"&municipality={rana.pk}"
    data = QueryDict(query) or None
    ours = filter_fields(InboxFilter(data, round=open_round).form)
    form = InboxFilter(data, round=open_round).form
    theirs = [as_crispy_field(field) for field in form]
    assert [field["name"] for field in ours] == [field.name for field in form]
    for mine, crispy in zip(ours, theirs, strict=True):
        assert _tags_only(mine["html"]) == _tags_only(crispy)
    assert ours[0]["col"] == "col-12 col-lg-6"
    assert {field["col"] for field in ours[1:]} == {"col-12 col-sm-6 col-lg-3"}
