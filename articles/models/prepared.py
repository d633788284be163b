"""Queries built and compiled once per process, then run with each request's values.

The public pages make a few queries of fixed shape (a list's newest teasers, a page of them
by id, an article by its slug) with new values each time: a tag's id, a day's bounds, the
present moment. For such a query Django's building and compiling costs more than
PostgreSQL's planning and running it (about 1.2 of 2 ms for a front page's teasers, 3 of an
article page's 13 ms). A Prepared query is built once per shape, with stand-ins for its
values, and compiled; from then on the request's values take the stand-ins' places among
the parameters, and the rows are read back through the converters Django itself would use,
as dicts or as model instances. The SQL is Django's, word for word.

A query whose plan is the same whatever its values (plan_once) is, on PostgreSQL, prepared
on the server too, so that it is planned once per connection rather than on every request:
planning the front page's teaser query takes PostgreSQL longer than running it.
DATABASE_PREPARED_STATEMENTS=off turns that off, for a connection pooler that cannot keep
prepared statements. When queries are being recorded (DEBUG, tests counting queries), every
query goes the ordinary way, so that the record shows its SQL.
"""

import datetime
import functools
import itertools
import re
import threading

from django.conf import settings
from django.core.exceptions import EmptyResultSet
from django.db import connections, router
from django.db.models.query import get_related_populators

# Stand-ins: values no page ever asks for, each one different, so that each is found again
# among the compiled query's parameters.
_FIRST_NUMBER = -(2**62)
_FIRST_MOMENT = datetime.datetime(1901, 1, 1, tzinfo=datetime.UTC)
_NEVER_BY_COUNT = 2**31


class Array(list):
    """A list of numbers that a query takes as one parameter (an array, on PostgreSQL), as
    arrays.with_ids() passes ids: its length, unlike a plain list's, is not part of the
    query's shape."""


class Prepared:
    """build(shape, **values) returns a values() QuerySet of `model`. `shape` is what changes
    the SQL itself (slice bounds, for instance): each shape is compiled once per process and
    database. The values (numbers, strings, moments, or lists of them) become parameters;
    a list's length is part of the shape, an Array's is not. plan_once: the query's best
    plan does not depend on its values, so that PostgreSQL may plan it once (see above)."""

    def __init__(self, model, build, *, plan_once=False):
        self.model = model
        self.build = build
        self.plan_once = plan_once
        # A compiled query belongs to its thread's database connection.
        self.local = threading.local()

    def rows(self, shape, **values):
        """The rows, as dicts, of the query of this shape with these values."""
        return self._compiled(shape, values).rows(values, plan_once=self.plan_once)

    def objects(self, shape, **values):
        """The model instances the query of this shape gives with these values, as iterating
        its QuerySet would: with the related objects it selects and its annotations (a
        prefetch is not made: build() leaves it out)."""
        return self._compiled(shape, values).instances(values, plan_once=self.plan_once)

    def sql_text(self, shape, **values):
        """The query of this shape with these values written into it, as the text of one SQL
        statement (PostgreSQL), for a database function that runs it itself."""
        return self._compiled(shape, values).sql_text(values)

    def _compiled(self, shape, values):
        using = router.db_for_read(self.model)
        key = (using, shape, tuple((name, _form(value)) for name, value in values.items()))
        compiled = self.local.__dict__.setdefault("compiled", {})
        found = compiled.get(key)
        # Compiled again for a new connection object of the alias (settings changed, as
        # tests do): the old one may hold a connection the server has long closed.
        if found is None or found.connection is not connections[using]:
            found = compiled[key] = _Compiled(self.build, using, shape, values)
        return found


class _Compiled:
    def __init__(self, build, using, shape, values):
        self.connection = connection = connections[using]
        self.populators = None  # how instances are made, learnt when first asked for
        counter = itertools.count()
        stand_ins = {name: _stand_in(value, counter) for name, value in values.items()}
        queryset = build(shape, **stand_ins).using(using)
        query = queryset.query
        self.names = list(
            query.selected or (*query.extra_select, *query.values_select, *query.annotation_select)
        )
        self.compiler = query.get_compiler(using)
        try:
            self.sql, params = self.compiler.as_sql()
        except EmptyResultSet:
            self.sql = None  # nothing can match, whatever the values (an empty list of ids)
            return
        fields = [selected[0] for selected in self.compiler.select[: self.compiler.col_count]]
        self.converters = self.compiler.get_converters(fields)
        self.params = list(params)
        # Where each value goes: (parameter index, value name, index in a list or None).
        self.places = []
        found = {}
        for name, stand_in in stand_ins.items():
            per_item = isinstance(stand_in, list) and not isinstance(stand_in, Array)
            items = stand_in if per_item else [stand_in]
            for item_index, item in enumerate(items):
                spot = (name, item_index if per_item else None)
                found[_hashable(item)] = spot
                found[_hashable(_adapted(connection, item))] = spot
        used = set()
        for index, param in enumerate(self.params):
            spot = found.get(_hashable(param))
            if spot is not None:
                self.places.append((index, *spot))
                used.add(spot[0])
        missing = set(stand_ins) - used
        if missing:
            raise ValueError(
                f"Prepared query: {', '.join(sorted(missing))} did not become a parameter of "
                "the query; a value that changes the SQL itself belongs to its shape."
            )

    def rows(self, values, *, plan_once):
        names = self.names
        return [dict(zip(names, row, strict=True)) for row in self._fetch(values, plan_once)]

    def instances(self, values, *, plan_once):
        """As Django's ModelIterable makes them, from what the compiler knows of its select."""
        rows = self._fetch(values, plan_once)
        if not rows:
            return []
        if self.populators is None:
            self._learn_instances()
        model, init_list, start, end, populators, annotations = self.populators
        db = self.connection.alias
        instances = []
        for row in rows:
            instance = model.from_db(db, init_list, row[start:end])
            for populator in populators:
                populator.populate(row, instance)
            for name, position in annotations:
                setattr(instance, name, row[position])
            instances.append(instance)
        return instances

    def _learn_instances(self):
        compiler = self.compiler
        klass_info, select = compiler.klass_info, compiler.select
        start, end = klass_info["select_fields"][0], klass_info["select_fields"][-1] + 1
        init_list = [column[0].target.attname for column in select[start:end]]
        populators = get_related_populators(klass_info, select, self.connection.alias)
        annotations = list(compiler.annotation_col_map.items())
        self.populators = (klass_info["model"], init_list, start, end, populators, annotations)

    def _params(self, values):
        params = list(self.params)
        for index, name, item_index in self.places:
            value = values[name] if item_index is None else values[name][item_index]
            params[index] = _adapted(self.connection, value)
        return params

    def sql_text(self, values):
        if self.sql is None:
            raise EmptyResultSet
        return self.connection.ops.compose_sql(self.sql, self._params(values))

    @functools.cached_property
    def numbered_sql(self):
        return _numbered(self.sql)

    def _fetch(self, values, plan_once):
        """The rows, as tuples of values converted as Django converts them."""
        if self.sql is None:
            return []
        params = self._params(values)
        with self.connection.cursor() as cursor:
            if plan_once and _prepares_on_server(self.connection):
                fetched = _run_prepared(self.connection, cursor, self.numbered_sql, params)
            else:
                cursor.execute(self.sql, params)
                fetched = cursor.fetchall()
        if self.converters:
            fetched = list(self.compiler.apply_converters(fetched, self.converters))
        return fetched


def _prepares_on_server(connection):
    return (
        connection.vendor == "postgresql"
        and settings.DATABASE_PREPARED_STATEMENTS
        and not connection.queries_logged
    )


def _run_prepared(connection, cursor, sql, params):
    """Runs `sql` (its parameters numbered: _numbered()) as a statement prepared on the
    server, on the connection of Django's `cursor` (opened, checked and with Django's errors,
    as for any query). Django's own cursors bind values on the client, which cannot prepare;
    psycopg's raw cursor binds them on the server, and takes the numbered parameters as
    they are, where its other cursors would number them again on every run (and, for a
    statement of more than 4 kB, such as an article's, without keeping what they found)."""
    session = cursor.cursor.connection
    # Django leaves psycopg's preparing off (threshold None), which also refuses prepare=True.
    # A threshold no count reaches prepares these statements alone: Django's own cursors,
    # which bind on the client, never prepare anyway.
    session.prepare_threshold = _NEVER_BY_COUNT
    with connection.wrap_database_errors:
        server = _server_cursor(session)
        server.execute(sql, params, prepare=True)
        return server.fetchall()


# One cursor per connection, kept: making one (and its adapters) for each statement cost as
# much as numbering its parameters.
_kept = threading.local()


def _server_cursor(session):
    if getattr(_kept, "session", None) is not session or _kept.cursor.closed:
        import psycopg  # PostgreSQL's driver, there only when PostgreSQL is used

        _kept.session, _kept.cursor = session, psycopg.RawCursor(session)
    return _kept.cursor


def _numbered(sql):
    """Django's SQL with its parameters numbered as PostgreSQL's own ($1, $2, ...) and its
    doubled percent signs single again."""
    numbers = itertools.count(1)

    def replace(found):
        return "%" if found.group() == "%%" else f"${next(numbers)}"

    numbered = _PLACEHOLDER.sub(replace, sql)
    if numbered.count("%") != sql.count("%%"):
        raise ValueError(f"Prepared query: a percent sign that is no placeholder in {sql!r}")
    return numbered


_PLACEHOLDER = re.compile("%%|%s")


def _form(value):
    """What of a value decides the query's shape: its type, and a list's length."""
    if isinstance(value, Array):
        return ("array", *sorted({type(item).__name__ for item in value}))
    if isinstance(value, list | tuple):
        return ("list", len(value), *sorted({type(item).__name__ for item in value}))
    if value is None or isinstance(value, bool):
        raise TypeError("Prepared query: None and booleans change the SQL; pass them as shape.")
    return type(value).__name__


def _stand_in(value, counter):
    if isinstance(value, Array):
        if any(type(item) is not int for item in value):
            raise TypeError("Prepared query: an Array holds numbers.")
        # One item, so that the database learns the array's type from it.
        return Array([_FIRST_NUMBER + next(counter)])
    if isinstance(value, list | tuple):
        return [_stand_in(item, counter) for item in value]
    _form(value)
    number = next(counter)
    if isinstance(value, datetime.datetime):
        moment = _FIRST_MOMENT + datetime.timedelta(seconds=number)
        return moment if value.tzinfo is not None else moment.replace(tzinfo=None)
    if isinstance(value, datetime.date):
        return _FIRST_MOMENT.date() + datetime.timedelta(days=number)
    if isinstance(value, int):
        return _FIRST_NUMBER + number
    if isinstance(value, str):
        return f"\x1fstand-in {number}\x1f"
    raise TypeError(f"Prepared query: no stand-in for a {type(value).__name__}.")


def _adapted(connection, value):
    """A value as the database backend passes it on (SQLite takes moments as text)."""
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    if isinstance(value, datetime.date):
        return connection.ops.adapt_datefield_value(value)
    return value


def _hashable(value):
    if isinstance(value, list):  # an Array's stand-in, as a query passes it on
        value = tuple(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        value = int(value)  # as a big integer field passes it on (psycopg's Int8)
    try:
        hash(value)
    except TypeError:
        return None
    return (type(value), value)


class OneBySlug:
    """The row of `queryset` with a given (unique) slug, as a model instance, or None: a
    query prepared once per process and, its plan being the slug's index whatever the slug,
    planned once per connection. For the pages of one tag, source, section or author.

    `queryset` is compiled once, with its values: a filter on the present moment would stay
    at the moment of the first request (published_article() passes the moment in instead)."""

    def __init__(self, queryset):
        def build(shape, *, slug):
            return queryset.filter(slug=slug)

        self.prepared = Prepared(queryset.model, build, plan_once=True)

    def get(self, slug):
        found = self.prepared.objects(None, slug=slug)
        return found[0] if found else None
