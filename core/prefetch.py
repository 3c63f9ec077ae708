"""Prefetching the related rows of one object in a single query, and reading the rows of several
querysets in one.

`prefetch_related` costs a query per relation. A page that shows one object with many related
tables (the application's detail page reads thirteen) spends more time on those round trips, and
on building and compiling each query, than on anything else. On PostgreSQL, `prefetch_together`
reads them all in one statement, each relation's own query (with its ordering) wrapped in
`json_agg`, and fills the same caches `prefetch_related` fills, so `obj.relation.all()` reads them
without a query. On other databases (the SQLite demo) it is `prefetch_related_objects`.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import EmptyResultSet
from django.db import connections, models
from django.db.models import DEFERRED, QuerySet, prefetch_related_objects

# Fields whose JSON value is not already the Python value the model holds.
_CONVERTED = (
    models.DateField,  # DateTimeField too
    models.TimeField,
    models.DecimalField,
    models.DurationField,
    models.UUIDField,
)


def prefetch_together(obj: models.Model, relations: list[str], *, pointed_to: list[str] = ()) -> None:
    """Fill `obj`'s prefetch cache for each of `relations` (reverse foreign keys and many-to-many
    fields, by accessor name), and its cache of the objects its foreign keys `pointed_to` point to
    (as select_related would), in one query on PostgreSQL. A join per foreign key in the object's
    own query would cost more: PostgreSQL's planning time grows fast with the number of joins."""
    connection = connections[obj._state.db or "default"]
    forward = [obj._meta.get_field(name) for name in pointed_to]
    pointing = [field for field in forward if getattr(obj, field.attname) is not None]
    for field in forward:
        if field not in pointing:
            field.set_cached_value(obj, None)
    if connection.vendor != "postgresql":
        prefetch_related_objects([obj], *relations, *(field.name for field in pointing))
        return
    if not relations and not pointing:
        return
    managers = [getattr(obj, name) for name in relations]
    related = [manager.get_queryset() for manager in managers]
    statement = _statement(obj, tuple(relations), tuple(field.name for field in pointing))
    if statement is None:
        sql, params = _together(obj, related, pointing)
    else:
        sql, params = statement.sql, [getattr(obj, attname) for attname in statement.keys]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    related_rows, pointed_rows = row[: len(managers)], row[len(managers) :]
    for field, rows in zip(pointing, pointed_rows, strict=True):
        field.set_cached_value(obj, _instance(field.related_model, rows[0], obj._state.db) if rows else None)
    cache = obj.__dict__.setdefault("_prefetched_objects_cache", {})
    for manager, queryset, rows in zip(managers, related, related_rows, strict=True):
        objects = [_instance(queryset.model, data, queryset.db) for data in rows or []]
        reverse_field = getattr(manager, "field", None)
        if reverse_field is not None and not isinstance(reverse_field, models.ManyToManyField):
            # A reverse foreign key: each row knows its parent, as prefetch_related sets it.
            for child in objects:
                reverse_field.set_cached_value(child, obj)
            cache_name = reverse_field.remote_field.cache_name
        else:
            cache_name = manager.prefetch_cache_name
        queryset._result_cache = objects
        queryset._prefetch_done = True
        cache[cache_name] = queryset


def _together(obj: models.Model, related: list[QuerySet], pointing: list) -> tuple[str, list]:
    """The one statement (SQL and parameters) that reads the `related` querysets of `obj` and the
    objects its foreign keys `pointing` point to."""
    pointed = [
        field.related_model._base_manager.db_manager(obj._state.db).filter(
            **{field.target_field.attname: getattr(obj, field.attname)}
        )
        for field in pointing
    ]
    parts, params = [], []
    for queryset in related + pointed:
        sql, query_params = queryset.query.sql_with_params()
        # The relation's rows in its own order: json_agg keeps the order of a sorted subquery.
        # The SQL is Django's own, compiled from the querysets; every value is a parameter.
        parts.append(f"(SELECT json_agg(t) FROM ({sql}) t)")  # noqa: S608
        params.extend(query_params)
    return "SELECT " + ", ".join(parts), params


@dataclass(frozen=True)
class _Statement:
    sql: str
    keys: tuple[str, ...]  # the object's attribute that gives each parameter, in order


# The statement of each shape (model, relations, foreign keys that point somewhere, database),
# worked out once per process: compiling a dozen querysets costs more than running them. None: a
# shape whose statement holds a value that is not one of the object's keys, compiled every time.
_STATEMENTS: dict[tuple, _Statement | None] = {}
# Stand-ins for the keys while the statement of a shape is compiled: values no row has.
_PROBE = -7_319_000_000


def _statement(obj: models.Model, relations: tuple[str, ...], pointing: tuple[str, ...]):
    """The statement for `obj`'s shape with, for each parameter, which of the object's keys (its
    primary key, or a foreign key in `pointing`) it is. It is compiled from a stand-in object whose
    keys are values no row has, and kept only when every parameter is one of those values: a
    relation's query that holds anything else (a date, a status) is compiled for each object."""
    key = (type(obj), relations, pointing, obj._state.db)
    if key in _STATEMENTS:
        return _STATEMENTS[key]
    probe = type(obj)()
    probe._state.db = obj._state.db
    stand_ins = {}
    attnames = [obj._meta.pk.attname, *(obj._meta.get_field(name).attname for name in pointing)]
    for index, attname in enumerate(attnames):
        setattr(probe, attname, _PROBE - index)
        stand_ins[_PROBE - index] = attname
    fields = [obj._meta.get_field(name) for name in pointing]
    try:
        sql, params = _together(probe, [getattr(probe, name).get_queryset() for name in relations], fields)
    except EmptyResultSet:
        statement = None
    else:
        keys = [stand_ins.get(value) if type(value) is int else None for value in params]
        statement = None if None in keys else _Statement(sql, tuple(keys))
    _STATEMENTS[key] = statement
    return statement


def _instance(model: type[models.Model], data: dict, db: str) -> models.Model:
    fields = model._meta.concrete_fields
    values = []
    for field in fields:
        if field.column not in data:  # a deferred field stays deferred
            values.append(DEFERRED)
            continue
        value = data[field.column]
        if value is not None and isinstance(field, _CONVERTED):
            value = field.to_python(value)
        values.append(value)
    return model.from_db(db, [field.attname for field in fields], values)


def values_together(*querysets: QuerySet) -> list[list[tuple]]:
    """The rows of each of `querysets` (values_list querysets, or unions of them), as list(queryset)
    gives them, in one statement on PostgreSQL: each queryset's own query, in its order, wrapped in
    json_agg. Elsewhere (the SQLite demo) one query each. A page that adds up several figures then
    pays one round trip for them all."""
    if not querysets:
        return []
    connection = connections[querysets[0].db]
    if connection.vendor != "postgresql":
        return [list(queryset) for queryset in querysets]
    parts, params, fields = [], [], []
    for queryset in querysets:
        compiler = queryset.query.get_compiler(using=queryset.db)
        try:
            sql, query_params = compiler.as_sql()
        except EmptyResultSet:  # e.g. pk__in=[]: no rows, nothing to ask the database
            parts.append("NULL")
            fields.append([])
            continue
        columns = [expression.output_field for expression, _sql, _alias in compiler.select]
        # The columns by position (t(c0, c1, …)), so two with the same name cannot mix.
        names = ", ".join(f"c{index}" for index in range(len(columns)))
        # The SQL is Django's own, compiled from the querysets; every value is a parameter.
        parts.append(f"(SELECT json_agg(json_build_array({names})) FROM ({sql}) t({names}))")  # noqa: S608
        params.extend(query_params)
        fields.append([field if isinstance(field, _CONVERTED) else None for field in columns])
    with connection.cursor() as cursor:
        cursor.execute("SELECT " + ", ".join(parts), params)
        row = cursor.fetchone()
    return [_converted(rows or [], converted) for converted, rows in zip(fields, row, strict=True)]


def _converted(rows: list[list], fields: list) -> list[tuple]:
    """JSON rows as tuples, with the values of the columns whose `fields` entry is a field (dates,
    decimals) converted to what the model holds."""
    columns = [(index, field) for index, field in enumerate(fields) if field is not None]
    for values in rows if columns else ():
        for index, field in columns:
            if values[index] is not None:
                values[index] = field.to_python(values[index])
    return [tuple(values) for values in rows]
