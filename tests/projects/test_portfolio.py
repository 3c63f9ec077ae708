"""The portfolio (/prosjekter/portefolje/) and its XLSX export:

* who gets in: the secretariat and the SSU members of the helsefellesskap; everyone else 404, and
  a user with several helsefellesskap chooses between them;
* the totals, on the page and in the XLSX (SUM formulas and what they add up to), equal the
  granted amounts: Helse Nord's award per year (AwardYear of the granted applications) and the
  local pot's allocation on the board, per year and overall, with and without filters;
* each filter (grant year, pot, innsatsområde, priority group, municipality, status), and invalid
  filter input;
* the charts: alt text, the numbers in tables, the note on projects with several innsatsområder;
* the same number of queries with 5 and with 300 projects, for the page and the XLSX;
* the demo data (`seed_demo`): the totals against the demo's awards.
"""

import datetime as dt
import io
import re
import time
from collections import defaultdict

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from applications.models import Application, AwardYear, Pot, PriorityEntry
from committees.models import CommitteeMembership
from core.models import FocusArea, HealthCommunity, PriorityGroup, User
from core.money import format_nok
from projects import charts as charts_module
from projects.export import KR_FORMAT
from projects.models import Project, StatusReport
from projects.portfolio import PAGE_SIZE, portfolio_build
from tests.committees import world as committee_world
from tests.factories import RoundFactory, UserFactory, org

from . import world

URL = reverse("projects:portfolio")
XLSX_URL = reverse("projects:portfolio_xlsx")
PASIENTFORLOP = "Gode og sammenhengende pasientforløp"
TEKNOLOGI = "Innovasjon og bruk av moderne teknologi"
FUTURE = (("Oppstart", "Q2 2031"), ("Evaluering", "Q4 2031"))  # not late, whatever the date

pytestmark = pytest.mark.django_db


@pytest.fixture
def secretary():
    return world.secretary()


@pytest.fixture
def secretary_client(client, secretary):
    client.force_login(secretary)
    return client


@pytest.fixture
def projects():
    """Four Helgeland projects over two grant years, and one in Finnmark:
    - Kartleggingsteam (Rana, 2025): 4 657 000 over 2025–2028, on track;
    - Observasjonspost (Alstahaug, 2025): 3 000 000 regional + 600 000 local, two innsatsområder,
      a milestone past its date (late);
    - Rehabilitering (Vefsn, 2026): 1 750 000, priority group «Barn og unge»;
    - Helgelandssykepleier (Helgelandssykehuset, 2026): 10 000 000 over five years;
    - Finnmark's project, never in Helgeland's portfolio."""
    round_2025 = RoundFactory(year=2025, title="RS-tilskudd 2025 Helgeland")
    round_2026 = RoundFactory(year=2026, title="RS-tilskudd 2026 Helgeland")
    made = {
        "kartlegging": world.granted_project(
            title="Kartleggingsteam",
            lead="Rana kommune",
            round_=round_2025,
            years={2025: 1_200_000, 2026: 1_550_000, 2027: 1_550_000, 2028: 357_000},
            milestones=FUTURE,
        ),
        "observasjon": world.granted_project(
            title="Observasjonspost Sør-Helgeland",
            lead="Alstahaug kommune",
            round_=round_2025,
            years={2025: 1_500_000, 2026: 1_500_000},
            local_nok=600_000,
            milestones=(("Oppstart", "Q1 2025"),),
            focus_area=TEKNOLOGI,
        ),
        "rehabilitering": world.granted_project(
            title="Rehabilitering i Vefsn",
            lead="Vefsn kommune",
            round_=round_2026,
            years={2026: 750_000, 2027: 1_000_000},
            milestones=FUTURE,
            priority_group="Barn og unge",
        ),
        "sykepleier": world.granted_project(
            title="Helgelandssykepleier",
            lead="Helgelandssykehuset HF",
            round_=round_2026,
            years={year: 2_000_000 for year in range(2026, 2031)},
            milestones=FUTURE,
        ),
        "finnmark": world.granted_project(
            title="Prosjekt i Finnmark",
            lead="Finnmarkssykehuset HF",
            round_=RoundFactory(year=2025, health_community=HealthCommunity.objects.get(slug="finnmark")),
            years={2025: 999_000},
            milestones=FUTURE,
        ),
    }
    made["observasjon"].application.focus_areas.add(FocusArea.objects.get(name=PASIENTFORLOP))
    # Every report due so far came in and was accepted: only the Observasjonspost's milestone is late.
    StatusReport.objects.filter(due_on__lt=timezone.localdate()).update(
        status=StatusReport.Status.ACCEPTED, submitted_at=timezone.now()
    )
    return made


def granted(projects, *, pot: str = "") -> dict[int, int]:
    """What was granted to the projects, per year, from the sources: Helse Nord's AwardYear rows of
    the granted applications (the regional pot) and the local pot's allocation on the board (the
    round's year)."""
    applications = [p.application_id for p in projects]
    by_year = defaultdict(int)
    if pot in ("", Pot.Kind.REGIONAL):
        for row in AwardYear.objects.filter(
            award__granted=True,
            award__application__in=applications,
            award__application__status=Application.Status.GRANTED,
        ):
            by_year[row.year] += row.amount_nok
    if pot in ("", Pot.Kind.LOCAL):
        for entry in PriorityEntry.objects.filter(
            application__in=applications, local_nok__gt=0
        ).select_related("application__round"):
            by_year[entry.application.round.year] += entry.local_nok
    return dict(sorted(by_year.items()))


def page_totals(response) -> dict[int, int]:
    portfolio = response.context["portfolio"]
    return dict(zip(portfolio.years, portfolio.totals_by_year, strict=True))


def workbook(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return load_workbook(io.BytesIO(response.content))


def _evaluate(sheet, formula: str) -> int:
    """The value of «=SUM(H2:H5)» over the sheet's cells (openpyxl stores formulas, not results)."""
    match = re.fullmatch(r"=SUM\(([A-Z]+)(\d+):([A-Z]+)(\d+)\)", formula)
    assert match, formula
    column, first, column_end, last = match.groups()
    assert column == column_end
    return sum(sheet[f"{column}{row}"].value or 0 for row in range(int(first), int(last) + 1))


def xlsx_totals(book) -> tuple[dict[int, int], int, list[str]]:
    """The «Portefølje» sheet's totals row: per year and the Sum column, each a SUM formula over
    the project rows, evaluated; and the titles of the project rows."""
    sheet = book["Portefølje"]
    header = [cell.value for cell in sheet[1]]
    last = sheet.max_row
    assert sheet.cell(row=last, column=1).value == "Sum"
    titles = [sheet.cell(row=r, column=1).value for r in range(2, last)]
    by_year, total = {}, None
    for column, label in enumerate(header, start=1):
        cell = sheet.cell(row=last, column=column)
        year = re.fullmatch(r"(\d{4}) \(kr\)", label or "")
        if year or label == "Sum (kr)":
            if titles:
                assert cell.value == f"=SUM({cell.column_letter}2:{cell.column_letter}{last - 1})"
                value = _evaluate(sheet, cell.value)
            else:
                value = cell.value
            assert cell.number_format == KR_FORMAT
            if year:
                by_year[int(year.group(1))] = value
            else:
                total = value
    # The Sum column of each project row is the sum of its years.
    sum_column = header.index("Sum (kr)") + 1
    year_columns = [
        i for i, label in enumerate(header, start=1) if re.fullmatch(r"\d{4} \(kr\)", label or "")
    ]
    for row in range(2, last):
        assert sheet.cell(row=row, column=sum_column).value == sum(
            sheet.cell(row=row, column=c).value or 0 for c in year_columns
        )
    return by_year, total, titles


def per_year_sheet(book) -> tuple[list[list], list]:
    sheet = book["Per år"]
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row - 1)]
    last = sheet.max_row
    totals = []
    for column in range(2, sheet.max_column + 1):
        cell = sheet.cell(row=last, column=column)
        totals.append(_evaluate(sheet, cell.value) if rows else cell.value)
    return rows, totals


# --- Who gets in ----------------------------------------------------------------------------------


def test_the_secretariat_and_the_ssu_members_see_the_portfolio(client, secretary, projects):
    ssu_member = world.ssu_member()
    for user in (secretary, ssu_member):
        client.force_login(user)
        response = client.get(URL)
        assert response.status_code == 200
        page = response.content.decode()
        for key in ("kartlegging", "observasjon", "rehabilitering", "sykepleier"):
            assert projects[key].get_absolute_url() in page
        assert "Prosjekt i Finnmark" not in page
        assert workbook(client.get(XLSX_URL))["Portefølje"].max_row == 6  # header, four, sum


@pytest.mark.parametrize(
    "who", ["applicant", "fsu_member", "helse_nord", "project_leader", "other_secretariat"]
)
def test_everyone_else_gets_404(client, projects, who):
    if who == "applicant":
        user = UserFactory(organisations=[org("Rana kommune")])
    elif who == "fsu_member":
        user = committee_world.member(committee_world.fsu(), "fsu@example.no", organisation="Rana kommune")
    elif who == "helse_nord":
        user = world.helse_nord_reader(email="leser@example.no")
    elif who == "project_leader":
        user = projects["kartlegging"].leader
    else:
        user = world.secretary(email="finnmark@example.no", community="finnmark")
    client.force_login(user)
    if who == "other_secretariat":
        # Their own helsefellesskap's portfolio, never Helgeland's
        page = client.get(URL).content.decode()
        assert "Prosjekt i Finnmark" in page and "Kartleggingsteam" not in page
        for url in (URL, XLSX_URL):
            assert client.get(url, {"helsefellesskap": "helgeland"}).status_code == 404
        return
    for url in (URL, XLSX_URL):
        assert client.get(url).status_code == 404
        assert client.get(url, {"helsefellesskap": "helgeland"}).status_code == 404


def test_anonymous_users_go_to_login(client):
    for url in (URL, XLSX_URL):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith(reverse("login"))


def test_a_user_with_two_helsefellesskap_chooses_between_them(client, projects):
    # Given the Finnmark secretariat, who also holds a seat in Helgeland's SSU
    user = world.secretary(email="begge@example.no", community="finnmark")
    CommitteeMembership.objects.create(committee=committee_world.ssu(), user=user)
    client.force_login(user)
    # The first by name is shown, with a choice of the other
    page = client.get(URL).content.decode()
    assert '<select class="form-select" id="community-select" name="helsefellesskap">' in page
    assert "Prosjekt i Finnmark" in page and "Kartleggingsteam" not in page
    # Choosing Helgeland shows Helgeland's, and the filter form keeps the choice
    page = client.get(URL, {"helsefellesskap": "helgeland"}).content.decode()
    assert "Kartleggingsteam" in page and "Prosjekt i Finnmark" not in page
    assert '<input type="hidden" name="helsefellesskap" value="helgeland">' in page
    book = workbook(client.get(XLSX_URL, {"helsefellesskap": "helgeland"}))
    assert xlsx_totals(book)[2] == [
        "Helgelandssykepleier",
        "Kartleggingsteam",
        "Observasjonspost Sør-Helgeland",
        "Rehabilitering i Vefsn",
    ]
    # A helsefellesskap that is not theirs: 404
    assert client.get(URL, {"helsefellesskap": "troms-ofoten"}).status_code == 404
    assert client.get(URL, {"helsefellesskap": "finnes-ikke"}).status_code == 404


# --- Totals against the granted amounts --------------------------------------------------------------


def _helgeland(projects):
    return [projects[k] for k in ("kartlegging", "observasjon", "rehabilitering", "sykepleier")]


FILTERS = [
    # (query, the projects it leaves, the pot whose money is counted)
    ({}, ("kartlegging", "observasjon", "rehabilitering", "sykepleier"), ""),
    ({"year": "2025"}, ("kartlegging", "observasjon"), ""),
    ({"year": "2026"}, ("rehabilitering", "sykepleier"), ""),
    ({"pot": "regional"}, ("kartlegging", "observasjon", "rehabilitering", "sykepleier"), "regional"),
    ({"pot": "local"}, ("observasjon",), "local"),
    ({"focus_area": TEKNOLOGI}, ("observasjon",), ""),
    ({"focus_area": PASIENTFORLOP}, ("kartlegging", "observasjon", "rehabilitering", "sykepleier"), ""),
    ({"priority_group": "Barn og unge"}, ("rehabilitering",), ""),
    ({"municipality": "Vefsn kommune"}, ("rehabilitering",), ""),
    ({"health": "late"}, ("observasjon",), ""),
    ({"health": "on_track"}, ("kartlegging", "rehabilitering", "sykepleier"), ""),
    ({"year": "2025", "pot": "local"}, ("observasjon",), "local"),
    ({"year": "2026", "focus_area": TEKNOLOGI}, (), ""),
]


def _query(filters: dict) -> dict:
    """Names to primary keys, as the form posts them."""
    query = dict(filters)
    if "focus_area" in query:
        query["focus_area"] = FocusArea.objects.get(name=query["focus_area"]).pk
    if "priority_group" in query:
        query["priority_group"] = PriorityGroup.objects.get(name=query["priority_group"]).pk
    if "municipality" in query:
        query["municipality"] = org(query["municipality"]).pk
    return query


@pytest.mark.parametrize("filters, expected, pot", FILTERS, ids=[str(f[0]) or "none" for f in FILTERS])
def test_totals_on_the_page_and_in_the_xlsx_equal_the_granted_amounts(
    secretary_client, projects, filters, expected, pot
):
    chosen = [projects[key] for key in expected]
    by_year = granted(chosen, pot=pot)
    total = sum(by_year.values())
    query = _query(filters)

    # The page: the projects, the totals per year and overall
    response = secretary_client.get(URL, query)
    assert response.status_code == 200
    assert not response.context["filter_invalid"]
    portfolio = response.context["portfolio"]
    assert sorted(row.project.pk for row in portfolio.rows) == sorted(p.pk for p in chosen)
    # The page's figures, added up in the database, equal those added up from every row (the XLSX)
    every_row = portfolio_build(response.context["filter"].projects, pot=pot)
    figures = ("count", "years", "totals_by_year", "total_nok", "per_year", "totals_by_pot", "by_focus_area")
    for name in figures:
        assert getattr(portfolio, name) == getattr(every_row, name), name
    assert page_totals(response) == by_year
    assert portfolio.total_nok == total
    page = response.content.decode()
    assert f'<dd class="col-5 amount" id="summary-total">{format_nok(total)}</dd>' in page
    if chosen:
        footer = page.split('id="portfolio-totals">')[1].split("</tr>")[0]
        cells = re.findall(r'<td class="amount">([^<]*)</td>', footer)
        assert cells == [format_nok(v, prefix=False) for v in [*by_year.values(), total]]
        # The year × pot table under the chart adds up to the same
        assert [y.total_nok for y in portfolio.per_year] == list(by_year.values())
        assert sum(portfolio.totals_by_pot) == total
    else:
        assert "Ingen prosjekter i utvalget." in page

    # The XLSX with the same query: the SUM formulas add up to the same
    book = workbook(secretary_client.get(XLSX_URL, query))
    xlsx_by_year, xlsx_total, titles = xlsx_totals(book)
    assert xlsx_by_year == by_year and xlsx_total == total
    assert sorted(titles) == sorted(p.title for p in chosen)
    rows, totals = per_year_sheet(book)
    assert {row[0]: row[-1] for row in rows} == by_year
    assert totals[-1] == total
    if pot:
        assert [cell.value for cell in book["Per år"][1]] == ["År", f"{Pot.Kind(pot).label} (kr)", "Sum (kr)"]


def test_the_xlsx_rows_hold_the_pages_columns(secretary_client, projects):
    book = workbook(secretary_client.get(XLSX_URL))
    sheet = book["Portefølje"]
    header = [cell.value for cell in sheet[1]]
    assert header == [
        "Prosjekt",
        "Tilskuddsår",
        "Søker",
        "Deltakende kommuner",
        "Potter",
        "Innsatsområder",
        "Prioriterte pasientgrupper",
        *[f"{year} (kr)" for year in range(2025, 2031)],
        "Sum (kr)",
        "Fra",
        "Til",
        "Status",
    ]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, max_row=sheet.max_row - 1, values_only=True)}
    observasjon = rows["Observasjonspost Sør-Helgeland"]
    assert observasjon[1:7] == (
        2025,
        "Alstahaug kommune",
        "Alstahaug kommune",
        "Lokal pott, Regional pott",
        f"{PASIENTFORLOP}, {TEKNOLOGI}",
        "Skrøpelige eldre",
    )
    # 2025: 1 500 000 from Helse Nord and 600 000 from the local pot; numbers, not text
    assert observasjon[7:14] == (2_100_000, 1_500_000, None, None, None, None, 3_600_000)
    assert observasjon[14:] == (dt.datetime(2025, 1, 1), dt.datetime(2026, 12, 31), "Forsinket")
    assert sheet["H2"].number_format == KR_FORMAT and sheet["O2"].number_format == "dd.mm.yyyy"
    assert rows["Kartleggingsteam"][-1] == "I rute"
    assert book.properties.title == "Portefølje – Helsefellesskap Helgeland"


def test_text_that_looks_like_a_formula_stays_text(secretary_client):
    world.granted_project(title='=HYPERLINK("http://example.com")', milestones=FUTURE)
    sheet = workbook(secretary_client.get(XLSX_URL))["Portefølje"]
    assert sheet["A2"].value == '=HYPERLINK("http://example.com")' and sheet["A2"].data_type == "s"


# --- Filters ----------------------------------------------------------------------------------------


def test_invalid_filter_input_is_shown_and_the_whole_portfolio_listed(secretary_client, projects):
    response = secretary_client.get(URL, {"year": "abc", "pot": "ukjent", "focus_area": "999999"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "Noen av filtrene er ugyldige og er ikke brukt." in page
    assert response.context["portfolio"].count == 4
    assert "abc er ikke et av de tilgjengelige valgene" in page  # at the field
    assert workbook(secretary_client.get(XLSX_URL, {"year": "abc"}))["Portefølje"].max_row == 6


def test_the_year_filter_offers_the_grant_years_with_projects(secretary_client, projects):
    form = secretary_client.get(URL).context["filter"].form
    assert [value for value, _label in form.fields["year"].choices] == ["", "2026", "2025"]
    # A second round in 2025 with a project: the year is still offered once.
    world.granted_project(title="Ekstra utlysning", round_=RoundFactory(year=2025, title="Ekstra 2025"))
    form = secretary_client.get(URL).context["filter"].form
    assert [value for value, _label in form.fields["year"].choices] == ["", "2026", "2025"]
    municipalities = [label for value, label in form.fields["municipality"].choices if value]
    assert "Rana kommune" in municipalities and len(municipalities) == 17


def test_the_filters_work_without_javascript(secretary_client, projects):
    """A plain GET form: every filter is a labelled field; the XLSX link carries the query."""
    query = _query({"year": "2025", "focus_area": TEKNOLOGI})
    page = secretary_client.get(URL, query).content.decode()
    assert '<form method="get" action="/prosjekter/portefolje/" role="search"' in page
    for name in ("year", "pot", "focus_area", "priority_group", "municipality", "health"):
        assert f'for="id_{name}" class="form-label"' in page
    assert f'href="{XLSX_URL}?year=2025&amp;focus_area={query["focus_area"]}"' in page


# --- Page structure and charts ----------------------------------------------------------------------


def test_the_page_is_accessible_tables_and_charts(secretary_client, projects):
    response = secretary_client.get(URL)
    page = response.content.decode()
    table = page.split('id="portfolio-table">')[1].split("</table>")[0]
    assert "<caption>4 prosjekter, med tildelt beløp per år</caption>" in table
    assert table.count('<th scope="col"') == 7 + 6 + 3
    assert table.count('<th scope="row"') == 5  # four projects and the totals
    assert '<th scope="col" class="amount">2025</th>' in table
    assert f'<td class="amount">{format_nok(4_657_000, prefix=False)}</td>' in table
    # Status in words, not colour alone
    assert '<span class="badge text-bg-danger">Forsinket</span>' in table
    assert '<span class="badge text-bg-success">I rute</span>' in table
    # Two charts, each an image at its own URL with alt text and the same numbers in a table
    charts = response.context["charts"]
    for chart in charts.values():
        assert chart.src.startswith("/prosjekter/portefolje/diagram/")
        assert f'<img src="{chart.src}" alt="{chart.alt}"' in page
        image = secretary_client.get(chart.src)
        assert image.status_code == 200 and image["Content-Type"] == "image/png"
        assert image.content.startswith(b"\x89PNG")
    assert "Stolpediagram over tildelt beløp per år, 2025–2030" in charts["years"].alt
    portfolio = response.context["portfolio"]
    per_year = page.split('id="per-year-table">')[1].split("</table>")[0]
    for year_row in portfolio.per_year:
        assert f'<th scope="row">{year_row.year}</th>' in per_year
    assert per_year.count("<caption>") == 1
    # A project with two innsatsområder is counted under each, and the page says so
    per_area = page.split('id="per-area-table">')[1].split("</table>")[0]
    assert dict(portfolio.by_focus_area) == {
        PASIENTFORLOP: sum(granted(_helgeland(projects)).values()),
        TEKNOLOGI: 3_600_000,
    }
    assert f'<td class="amount">{format_nok(3_600_000, prefix=False)}</td>' in per_area
    assert "telles med hele beløpet under hvert av dem" in page


def test_an_empty_portfolio(secretary_client):
    response = secretary_client.get(URL)
    assert response.status_code == 200
    assert "Ingen prosjekter i utvalget." in response.content.decode()
    assert response.context["charts"] is None
    book = workbook(secretary_client.get(XLSX_URL))
    assert xlsx_totals(book) == ({}, 0, [])


def test_the_table_is_shown_a_page_at_a_time_with_the_totals_of_every_project(secretary_client):
    # Given 30 projects (every third one late), 1 000 000 + 500 000 each
    round_ = RoundFactory(year=2025)
    rana = org("Rana kommune")
    world.projects_in_bulk(round_, 30, lead=rana, late_every=3)
    titles = [f"Prosjekt {i:04d}" for i in range(30)]

    # The first page: PAGE_SIZE rows by title, the count and the totals of all 30
    response = secretary_client.get(URL)
    portfolio = response.context["portfolio"]
    assert [row.project.title for row in portfolio.rows] == titles[:PAGE_SIZE]
    assert portfolio.count == 30 and portfolio.total_nok == 30 * 1_500_000
    assert page_totals(response) == {2025: 30_000_000, 2026: 15_000_000}
    page = response.content.decode()
    assert "<caption>30 prosjekter, med tildelt beløp per år (viser 1–25)</caption>" in page
    assert '<dd class="col-5 amount" id="summary-count">30</dd>' in page
    footer = page.split('id="portfolio-totals">')[1].split("</tr>")[0]
    assert "(alle 30 prosjektene)" in footer
    cells = re.findall(r'<td class="amount">([^<]*)</td>', footer)
    assert cells == [format_nok(v, prefix=False) for v in (30_000_000, 15_000_000, 45_000_000)]
    # Page links in a labelled navigation, the current page marked, the filters kept
    nav = page.split('<nav aria-label="Sider i prosjekttabellen"')[1].split("</nav>")[0]
    assert 'href="?side=2"' in nav and 'aria-current="page"' in nav and "Side 1 av 2." in nav

    # The second page: the other 5, the same totals; with a filter, the links keep it
    response = secretary_client.get(URL, {"side": 2, "year": "2025"})
    assert [row.project.title for row in response.context["portfolio"].rows] == titles[PAGE_SIZE:]
    assert response.context["portfolio"].total_nok == 45_000_000
    page = response.content.decode()
    assert "(viser 26–30)" in page and 'href="?year=2025&amp;side=1"' in page
    # The XLSX link carries the filters, not the page, and the XLSX holds every project
    assert f'href="{XLSX_URL}?year=2025"' in page
    assert workbook(secretary_client.get(XLSX_URL, {"side": 2, "year": "2025"}))["Portefølje"].max_row == 32
    # A page number out of range or not a number: the nearest page
    assert secretary_client.get(URL, {"side": 99}).context["portfolio"].page.number == 2
    assert secretary_client.get(URL, {"side": "x"}).context["portfolio"].page.number == 1


def test_the_charts_are_drawn_for_the_pages_filters_and_cached_by_the_browser(secretary_client, projects):
    # Without a filter, and with the local pot (only the Observasjonspost's 600 000 in 2025)
    for filters, by_year in (({}, granted(_helgeland(projects))), ({"pot": "local"}, {2025: 600_000})):
        response = secretary_client.get(URL, filters)
        charts = response.context["charts"]
        assert set(charts) == {"years", "focus_areas"}
        image = secretary_client.get(charts["years"].src)
        assert image.status_code == 200 and image["Content-Type"] == "image/png"
        assert "private" in image["Cache-Control"] and "max-age=86400" in image["Cache-Control"]
        # The image is the chart of the filtered figures
        assert image.content == charts_module.bar_chart_png(
            labels=[str(year) for year in by_year], values=list(by_year.values()), title="Tildelt per år"
        )
        areas = secretary_client.get(charts["focus_areas"].src)
        portfolio = response.context["portfolio"]
        assert areas.content == charts_module.bar_chart_png(
            labels=[name for name, _amount in portfolio.by_focus_area],
            values=[amount for _name, amount in portfolio.by_focus_area],
            title="Tildelt per innsatsområde",
        )
    # The URL changes with the figures, so a cached image is never shown for other figures
    assert secretary_client.get(URL).context["charts"]["years"].src != charts["years"].src
    # An unknown chart: 404; another helsefellesskap's: 404
    chart_url = reverse("projects:portfolio_chart", args=["ukjent"])
    assert secretary_client.get(chart_url).status_code == 404
    chart_url = reverse("projects:portfolio_chart", args=["ar"])
    assert secretary_client.get(chart_url, {"helsefellesskap": "finnmark"}).status_code == 404


# --- A fixed number of queries -------------------------------------------------------------------------

# Both: the session, the user, the user's second-factor device (the portfolio is for the secretariat
# and the SSU, who have one), the user's seats (organisations, secretariats and committees with
# their SSU's helsefellesskap in one query: the portfolio's access, the second factor, the menu; and
# the header's count of unread notifications), the helsefellesskap, the projects (with health, lead
# organisation and round in one query), their money with their municipalities, innsatsområder and
# priority groups (one statement), and the session's save (savepoint, update, release). The page
# adds the filter form's choices (grant years, innsatsområder, priority groups, municipalities: one
# query, core.rows.choice_lists), which also check a chosen value; the XLSX reads them only when a
# filter is chosen. The page shows its table a page at a time: it reads the ids of the projects
# (their count), then in one statement (core.prefetch.values_together) the page's projects, their
# money and labels, and the money of all of them per year and pot and per innsatsområde, added up in
# the database. Exact, so that a new query shows up in review.
EXPECTED = {("page", False): 11, ("page", True): 11, ("xlsx", False): 11, ("xlsx", True): 12}


def _count(client, url, query):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    # Each statement cut short: the IN lists of 300 ids would bury the one that is new.
    return len(queries), [q["sql"][:400] for q in queries.captured_queries], response


@pytest.mark.parametrize("filtered", [False, True], ids=["all", "filtered"])
@pytest.mark.parametrize("kind", ["page", "xlsx"])
def test_the_same_number_of_queries_with_5_and_300_projects(secretary_client, kind, filtered):
    # Given 5 projects (every other one late), on the bulk models
    round_ = RoundFactory(year=2025)
    rana = org("Rana kommune")
    world.projects_in_bulk(round_, 5, lead=rana, late_every=2)
    url = URL if kind == "page" else XLSX_URL
    query = (
        {
            "year": "2025",
            "pot": "regional",
            "focus_area": FocusArea.objects.order_by("order", "name").first().pk,
            "municipality": rana.pk,
        }
        if filtered
        else {}
    )
    secretary_client.get(url, query)  # warm the per-process caches
    few, few_sql, _response = _count(secretary_client, url, query)

    # When there are 300
    world.projects_in_bulk(round_, 295, start=5, lead=rana, late_every=2)
    started = time.perf_counter()
    many, many_sql, response = _count(secretary_client, url, query)
    elapsed = time.perf_counter() - started

    # Then the same number of queries, exactly as expected
    if kind == "page":
        assert response.context["portfolio"].count == 300
        assert len(response.context["portfolio"].rows) == PAGE_SIZE
        assert {row.health for row in response.context["portfolio"].rows} == {"late", "on_track"}
    else:
        assert workbook(response)["Portefølje"].max_row == 302
    assert few == many, "\n".join(many_sql)
    assert many == EXPECTED[(kind, filtered)], "\n".join(many_sql)
    print(f"{kind} {'filtered' if filtered else 'all'}: {many} queries, 300 projects in {elapsed:.2f} s")


# --- The demo data ---------------------------------------------------------------------------------------


def test_the_demo_portfolio_totals_equal_the_demos_awards(client):
    # Given the demo (seed_demo: the five 2025 projects of seed 001)
    from projects import demo_data

    call_command("seed_demo", stdout=io.StringIO())
    client.force_login(User.objects.get(email="sekretariat@example.no"))
    helgeland = Project.objects.filter(health_community__slug="helgeland")
    expected = granted(list(helgeland))
    # The demo's own figures: Helse Nord's awards per year plus the local pot's 600 000
    from_demo = defaultdict(int)
    for years in demo_data.AWARDS_2025.values():
        for year, amount in years.items():
            from_demo[year] += amount
    for title, (_regional, local) in demo_data.BOARD_2025.items():
        from_demo[2025] += local
    assert expected == dict(sorted(from_demo.items()))
    assert sum(expected.values()) == 22_007_000

    # The page and the XLSX, without filters and with the 2025 grant year and the regional pot
    for filters, pot in (({}, ""), ({"year": "2025"}, ""), ({"pot": "regional"}, "regional")):
        by_year = granted(list(helgeland), pot=pot)
        response = client.get(URL, filters)
        assert response.context["portfolio"].count == 5
        assert page_totals(response) == by_year
        assert response.context["portfolio"].total_nok == sum(by_year.values())
        xlsx_by_year, xlsx_total, titles = xlsx_totals(workbook(client.get(XLSX_URL, filters)))
        assert (xlsx_by_year, xlsx_total) == (by_year, sum(by_year.values()))
        assert sorted(titles) == sorted(demo_data.AWARDS_2025)
    page = client.get(URL).content.decode()
    assert demo_data.KARTLEGGING in page and format_nok(4_657_000, prefix=False) in page


@pytest.mark.parametrize(
    "query", [{}, {"year": "2025", "pot": "local", "health": "late"}, {"year": "abc", "focus_area": "x"}]
)
def test_the_filter_form_is_the_markup_crispy_renders(secretary_client, projects, query):
    """The filter fields are built in Python (core.form_html) for speed; they must be the same
    markup as crispy-forms' as_crispy_field, unbound, filtered and with invalid input."""
    from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field

    from core.form_html import field_html

    query = {**query, "municipality": org("Vefsn kommune").pk} if query else query
    form = secretary_client.get(URL, query).context["filter"].form

    def tags_only(html):
        return re.sub(r"\s*([<>])\s*", r"\1", re.sub(r"\s+", " ", html)).strip()

    for field in form:
        assert tags_only(field_html(field)) == tags_only(as_crispy_field(field)), field.name
        if query.get("year") == "2025" and field.name == "year":
            assert '<option value="2025" selected>2025</option>' in field_html(field)
