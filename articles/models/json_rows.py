"""A subquery's rows carried in one column of the outer query's row (PostgreSQL), for a page
that would otherwise make a statement of its own for a handful of rows."""

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models.functions import JSONArray

# The fields whose values JSON gives back as the database gave them: a moment or a decimal
# would come back as text, and from_db() would not know it.
_AS_JSON_GIVES_THEM = {
    "AutoField",
    "BigAutoField",
    "BigIntegerField",
    "BooleanField",
    "CharField",
    "ForeignKey",
    "IntegerField",
    "OneToOneField",
    "PositiveIntegerField",
    "PositiveSmallIntegerField",
    "SlugField",
    "SmallIntegerField",
    "TextField",
}


class JsonRows:
    """of(queryset, *annotations): an ARRAY of its rows, each a JSON array of the model's
    columns and then the annotations named. instances() makes them model instances again,
    as from_db() makes them from a query's rows."""

    @staticmethod
    def of(queryset, *annotations):
        row = JSONArray(*_columns(queryset.model), *annotations)
        return ArraySubquery(queryset.values(row=row))

    @staticmethod
    def instances(model, db, rows, *annotations):
        columns = _columns(model)
        found = []
        for row in rows:
            instance = model.from_db(db, columns, row[: len(columns)])
            for name, value in zip(annotations, row[len(columns) :], strict=True):
                setattr(instance, name, value)
            found.append(instance)
        return found


def _columns(model):
    """The model's columns, in the order from_db() takes them."""
    fields = model._meta.concrete_fields
    for field in fields:
        if field.get_internal_type() not in _AS_JSON_GIVES_THEM:
            raise TypeError(
                f"{model.__name__}.{field.name} ({field.get_internal_type()}) does not come "
                "back from JSON as it went in; read its rows by a query of their own."
            )
    return [field.attname for field in fields]
