"""core.rows.choice_lists: several selects' choices in one query, each in its queryset's order."""

import pytest
from django.db import connection
from django.db.models import F
from django.db.models.functions import Length
from django.test.utils import CaptureQueriesContext

from core.models import FocusArea, Organisation, PriorityGroup
from core.rows import choice_lists, lazy_choice_lists


@pytest.mark.django_db
def test_every_list_in_one_query_in_its_querysets_order():
    municipalities = Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY)
    querysets = {
        "areas": FocusArea.objects.all(),  # the model's ordering: order, name
        "groups": PriorityGroup.objects.order_by("-name"),
        "municipalities": municipalities.order_by("name"),
        "labelled": municipalities.annotate(label=F("short_name")).order_by("-pk"),
        "by_expression": municipalities.order_by(Length("name").desc(), "name"),
        "none": Organisation.objects.filter(pk=-1),
    }
    with CaptureQueriesContext(connection) as queries:
        lists = choice_lists(**querysets)
    assert len(queries) == 1
    assert lists["areas"] == [(str(a.pk), a.name) for a in FocusArea.objects.all()]
    assert lists["groups"] == [(str(g.pk), g.name) for g in PriorityGroup.objects.order_by("-name")]
    assert lists["municipalities"] == [(str(o.pk), o.name) for o in municipalities.order_by("name")]
    assert lists["labelled"] == [(str(o.pk), o.short_name) for o in municipalities.order_by("-pk")]
    by_expression = municipalities.order_by(Length("name").desc(), "name")
    assert lists["by_expression"] == [(str(o.pk), o.name) for o in by_expression]
    assert lists["by_expression"] != lists["municipalities"]
    assert lists["none"] == []
    assert len(lists["municipalities"]) > 10 and len(lists["areas"]) > 3


@pytest.mark.django_db
def test_the_lazy_lists_read_once_and_only_when_asked():
    with CaptureQueriesContext(connection) as queries:
        lazy = lazy_choice_lists(areas=FocusArea.objects.all(), groups=PriorityGroup.objects.all())
    assert len(queries) == 0
    with CaptureQueriesContext(connection) as queries:
        areas, groups = lazy["areas"](), lazy["groups"]()
    assert len(queries) == 1
    assert areas == choice_lists(areas=FocusArea.objects.all())["areas"] and groups
