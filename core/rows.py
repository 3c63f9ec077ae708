"""Helpers for tables whose rows are worked out in Python rather than through template tags per
row: a list page then costs a template loop over plain strings."""

import functools
from collections.abc import Callable

from django.db.models import QuerySet, Value, Window
from django.db.models.functions import RowNumber
from django.urls import reverse

_MARKER = 2_147_483_647


def pk_url(name: str) -> Callable[[int], str]:
    """The address of the URL `name` (one primary-key argument) for any key, with one reverse()
    for the whole table: ``url = pk_url("applications:detail"); url(42)``."""
    before, after = reverse(name, args=[_MARKER]).split(str(_MARKER))
    return lambda pk: f"{before}{pk}{after}"


def choice_labels(choices) -> dict:
    """{value: label} with each (lazy) label translated once: get_FOO_display() translates every
    choice on each call."""
    return {value: str(label) for value, label in choices}


def choice_lists(**querysets: QuerySet) -> dict[str, list[tuple[str, str]]]:
    """{name: [(value as text, str label), ...]} for a filter form's selects, every list in one
    query (UNION ALL) instead of one each, each in its queryset's order (its order_by, else the
    model's ordering: a row number worked out in the database, so names sort by its collation). A
    queryset's value is its "value" annotation, else its primary key; its label is its "label"
    annotation, else its model's "name"."""
    parts = []
    for index, queryset in enumerate(querysets.values()):
        # Window takes names (with «-» for descending) and expressions, as order_by does.
        ordering = list(queryset.query.order_by or queryset.model._meta.ordering) or ["pk"]
        value = "value" if "value" in queryset.query.annotations else "pk"
        label = "label" if "label" in queryset.query.annotations else "name"
        parts.append(
            queryset.order_by().values_list(
                Value(index), value, label, Window(RowNumber(), order_by=ordering)
            )
        )
    if not parts:
        return {}
    lists: dict[str, list[tuple[str, str]]] = {name: [] for name in querysets}
    names = list(querysets)
    for index, value, label, _number in sorted(
        parts[0].union(*parts[1:], all=True), key=lambda r: (r[0], r[3])
    ):
        lists[names[index]].append((str(value), str(label)))
    return lists


def lazy_choice_lists(**querysets: QuerySet) -> dict[str, Callable[[], list[tuple[str, str]]]]:
    """As choice_lists, as callables for a choice field's `choices`: the one query runs when a
    field first needs its choices (the form is shown, or a chosen value is checked), never when
    nothing asks (an export without filters)."""
    read = functools.cache(lambda: choice_lists(**querysets))
    return {name: functools.partial(lambda name: read()[name], name) for name in querysets}
