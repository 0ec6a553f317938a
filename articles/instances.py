"""Model instances from rows read outside the ORM (raw statements, JSON columns), made
to behave as the ORM's would: deferred fields load on access, related lists answer
``.all()`` without a query."""

from __future__ import annotations

import datetime as dt
import json

from django.db.models import Model

# The largest id a bigint holds. A URL's <int:pk> takes any number of digits, and bound as
# numeric a larger one makes PostgreSQL compare every row's id as numeric: no index.
MAX_ID = 2**63 - 1


def loaded(model: type[Model], **values) -> Model:
    """An instance as if read from the database with only these fields (attribute names:
    ``article_id``), the others deferred. (``from_db`` takes values in the model's field
    order, whatever order the names are given in.)"""
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    if len(names) != len(values):
        raise TypeError(f"{model.__name__} has no field {set(values) - set(names)}")
    return model.from_db(None, names, [values[name] for name in names])


def prefetched(instance, name: str, model, objects) -> None:
    """Make ``instance.<name>.all()`` return ``objects`` without a query, as
    prefetch_related would have left it."""
    found = model._base_manager.all()
    found._result_cache = list(objects)
    found._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = found


def from_json(value: str | None):
    return json.loads(value) if value is not None else None


def iso_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
