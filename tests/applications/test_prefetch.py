"""core.prefetch: one query gives the same objects, in the same order, as prefetch_related and
select_related, and the page reads them without further queries."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from applications.models import Application, BudgetLine, ContactPerson, StepDraft
from applications.selectors import DETAIL_PREFETCH
from committees.models import Committee
from core.models import Organisation
from core.prefetch import prefetch_together
from tests.factories import attach, make_application

POINTED_TO = ["fsu", "partner_confirmed_by", "partner_confirmed_for"]


def _values(obj):
    return {field.attname: getattr(obj, field.attname) for field in obj._meta.concrete_fields}


@pytest.fixture
def application(open_round, rana, vefsn, rana_applicant):
    application = make_application(round=open_round, lead=rana, actor=rana_applicant, complete=True)
    application.participating_municipalities.add(vefsn)
    application.supporting_municipalities.add(vefsn)
    # Rows whose order is not their insertion order, a date, a time stamp, JSON and an empty
    # relation (sub-projects).
    application.budget_lines.update(order=5)
    application.contacts.update(order=5)
    BudgetLine.objects.create(
        application=application, cost_item="Først", period="2027", amount_nok=1, order=1
    )
    ContactPerson.objects.create(application=application, side="helseforetak", name="Anne Først", order=1)
    application.milestones.update(due_date=dt.date(2027, 3, 31))
    StepDraft.objects.create(application=application, step="budsjett", data={"x": ["1 000", "æøå"]})
    attach(application, "other", name="Vedlegg.pdf")
    application.fsu = Committee.objects.create(
        health_community=open_round.health_community, kind=Committee.Kind.FSU, name="FSU Sør"
    )
    application.partner_confirmed_at = timezone.now()
    application.partner_confirmed_by = rana_applicant
    application.partner_confirmed_for = Organisation.objects.get(name="Helgelandssykehuset HF")
    application.save()
    return application


@pytest.mark.django_db
def test_one_query_gives_what_prefetch_related_and_select_related_give(application):
    expected = (
        Application.objects.select_related(*POINTED_TO)
        .prefetch_related(*DETAIL_PREFETCH, "versions")
        .get(pk=application.pk)
    )
    fetched = Application.objects.get(pk=application.pk)
    with CaptureQueriesContext(connection) as queries:
        prefetch_together(fetched, [*DETAIL_PREFETCH, "versions"], pointed_to=POINTED_TO)
    assert len(queries) == 1

    with CaptureQueriesContext(connection) as queries:
        for name in [*DETAIL_PREFETCH, "versions"]:
            got = list(getattr(fetched, name).all())
            want = list(getattr(expected, name).all())
            assert [_values(o) for o in got] == [_values(o) for o in want], name
            assert all(type(o) is type(w) for o, w in zip(got, want, strict=True))
        for name in POINTED_TO:
            assert _values(getattr(fetched, name)) == _values(getattr(expected, name)), name
        # A child knows its parent without a query, as after prefetch_related.
        assert all(line.application is fetched for line in fetched.budget_lines.all())
    assert len(queries) == 0

    # Values of every kind come back as the model holds them, in the model's order.
    assert [c.name for c in fetched.contacts.all()][0] == "Anne Først"
    assert fetched.budget_lines.all()[0].cost_item == "Først"
    assert fetched.milestones.all()[0].due_date == dt.date(2027, 3, 31)
    assert fetched.step_drafts.all()[0].data == {"x": ["1 000", "æøå"]}
    assert fetched.attachments.all()[0].uploaded_at.tzinfo is not None
    assert fetched.attachments.all()[0].file.name.endswith(".pdf")
    assert list(fetched.subprojects.all()) == []
    assert fetched.partner_confirmed_for.name == "Helgelandssykehuset HF"


@pytest.mark.django_db
def test_the_statement_of_a_shape_is_compiled_once_and_filled_with_each_objects_keys(
    application, open_round, vefsn, vefsn_applicant
):
    from core import prefetch

    relations = [*DETAIL_PREFETCH, "versions"]
    other = make_application(round=open_round, lead=vefsn, actor=vefsn_applicant, complete=True)
    other.fsu = application.fsu
    other.save()
    prefetch._STATEMENTS.clear()
    for obj in (other, application):  # the first compiles the shape's statement, the second reuses it
        fetched = Application.objects.get(pk=obj.pk)
        prefetch_together(fetched, relations, pointed_to=["fsu"])
        expected = Application.objects.prefetch_related(*relations).get(pk=obj.pk)
        for name in relations:
            got, want = list(getattr(fetched, name).all()), list(getattr(expected, name).all())
            assert [_values(o) for o in got] == [_values(o) for o in want], name
        assert fetched.fsu == application.fsu
    statement = prefetch._STATEMENTS[(Application, tuple(relations), ("fsu",), "default")]
    # Every value in it is the application's id or its FSU's: the statement holds no other value.
    assert set(statement.keys) == {"id", "fsu_id"}
    assert (
        statement.sql
        == prefetch._together(
            fetched,
            [getattr(fetched, name).get_queryset() for name in relations],
            [Application._meta.get_field("fsu")],
        )[0]
    )


@pytest.mark.django_db
def test_a_foreign_key_that_points_nowhere_is_none_without_a_query(open_round, rana, rana_applicant):
    application = make_application(round=open_round, lead=rana, actor=rana_applicant)
    fetched = Application.objects.get(pk=application.pk)
    with CaptureQueriesContext(connection) as queries:
        prefetch_together(fetched, [], pointed_to=POINTED_TO)
        assert fetched.fsu is None and fetched.partner_confirmed_by is None
    assert len(queries) == 0


# --- values_together -------------------------------------------------------------------------------


@pytest.mark.django_db
def test_values_together_reads_what_each_queryset_reads_in_one_statement(application, rana, vefsn):
    from django.db.models import CharField, Count, Value

    from core.prefetch import values_together

    submitted = timezone.now()
    Application.objects.filter(pk=application.pk).update(submitted_at=submitted)
    querysets = [
        # Dates, a time stamp, text, numbers and a null, from a join, in the queryset's order.
        Application.objects.filter(pk=application.pk).values_list(
            "pk",
            "title",
            "submitted_at",
            "partner_confirmed_at",
            "round__deadline",
            "lead_organisation__name",
        ),
        application.milestones.order_by("-order").values_list("title", "due_date"),
        # Two columns of the same name, and a union.
        Organisation.objects.filter(pk=rana.pk)
        .values_list(Value("a", output_field=CharField()), "name")
        .union(
            Organisation.objects.filter(pk=vefsn.pk).values_list(
                Value("b", output_field=CharField()), "name"
            ),
            all=True,
        ),
        # An aggregate, and a queryset that can have no rows.
        application.budget_lines.values_list("application_id").annotate(lines=Count("pk")).order_by(),
        Application.objects.filter(pk__in=[]).values_list("pk"),
    ]
    expected = [list(queryset) for queryset in querysets]
    assert expected[0][0][2] == submitted and expected[1] and expected[4] == []
    with CaptureQueriesContext(connection) as queries:
        got = values_together(*querysets)
    assert got == expected
    assert [type(value) for value in got[0][0]] == [type(value) for value in expected[0][0]]
    assert len(queries) == 1
