"""Model instances from rows read outside the ORM (raw statements, JSON columns), made
to behave as the ORM's would: deferred fields load on access, related lists answer
``.all()`` without a query."""

from __future__ import annotations

import datetime as dt
import inspect
import json
from functools import cache

from django.db.models import Model
from django.db.models.base import ModelState
from django.db.models.fields.related_descriptors import ForeignKeyDeferredAttribute
from django.db.models.signals import post_init, pre_init

# The largest id a bigint holds. A URL's <int:pk> takes any number of digits, and bound as
# numeric a larger one makes PostgreSQL compare every row's id as numeric: no index.
MAX_ID = 2**63 - 1


def loaded(model: type[Model], **values) -> Model:
    """An instance as if read from the database with only these fields (attribute names:
    ``article_id``), the others deferred.

    What ``from_db(None, …)`` builds, without its way there: ``Model.__init__`` walks
    every field of the model to skip the deferred ones and sends pre_init and post_init,
    4 µs for a Tag and 9 µs for an Article, where this takes 2 µs; a home page builds a
    hundred (bench/pages.py). The instance is the same while no receiver listens to those
    signals for ``model`` and every field given is stored as it is (``_plain``); otherwise
    ``from_db`` builds it."""
    if values.keys() <= _plain(model) and not _init_listened(model):
        instance = model.__new__(model)
        instance._state = state = ModelState()
        state.adding, state.db = False, None
        instance.__dict__.update(values)
        return instance
    # from_db takes values in the model's field order, whatever order they are given in.
    names = [f.attname for f in model._meta.concrete_fields if f.attname in values]
    if len(names) != len(values):
        raise TypeError(f"{model.__name__} has no field {set(values) - set(names)}")
    return model.from_db(None, names, [values[name] for name in names])


def _init_listened(model: type[Model]) -> bool:
    # Most projects connect no receiver to either signal, for any model: one look at the
    # lists of receivers then answers (has_listeners twice took as long as the rest).
    return bool(pre_init.receivers or post_init.receivers) and (
        pre_init.has_listeners(model) or post_init.has_listeners(model)
    )


@cache
def _plain(model: type[Model]) -> frozenset[str]:
    """The attribute names of ``model``'s concrete fields that ``Model.__init__`` stores
    in a new instance's ``__dict__`` as they are: those whose class attribute only reads
    (DeferredAttribute), and foreign keys' ids, whose setter also forgets a related object
    that a new instance has not got. A field like FileField's sets through its
    descriptor, and is left to ``from_db``."""
    return frozenset(
        field.attname
        for field in model._meta.concrete_fields
        if type(descriptor := inspect.getattr_static(model, field.attname, None))
        is ForeignKeyDeferredAttribute
        or not hasattr(type(descriptor), "__set__")
    )


def attach(instance: Model, **related: Model | None) -> Model:
    """Give ``instance`` these related objects (``person=…``, or None) as
    ``credit.person = person`` does: the foreign key's id, and the object where
    ``credit.person`` finds it without a query. The descriptor also asks the database
    router, twice per object, whether the two may be related, and records its choice of
    database on both (``_state.db``, left None here, which reads from the default one);
    the objects here were read from the one database. For foreign keys, not one-to-one
    fields (whose descriptor also fills the reverse side). Built as
    ``Credit(article=…, person=…)``, a row of an article page's lists took 14 µs, as
    ``attach(loaded(Credit, …), …)`` 3 µs. Returns ``instance``."""
    meta = instance._meta
    for name, target in related.items():
        field = meta.get_field(name)
        value = None if target is None else getattr(target, field.target_field.attname)
        instance.__dict__[field.attname] = value
        field.set_cached_value(instance, target)
    return instance


def prefetched(instance, name: str, model, objects) -> None:
    """Make ``instance.<name>.all()`` return ``objects`` without a query, as
    prefetch_related would have left it."""
    found = model._base_manager.all()
    found._result_cache = list(objects)
    found._prefetch_done = True
    if not hasattr(instance, "_prefetched_objects_cache"):
        instance._prefetched_objects_cache = {}
    instance._prefetched_objects_cache[name] = found


def prefetched_all(instance, name: str):
    """``instance.<name>.all()``, read where ``prefetched`` (or prefetch_related) left it.
    A related manager is built anew on every access only to hand that list back: taggit's
    took 5.6 µs an article where this takes 0.08, and a list page has twenty. Without a
    prefetched list, the manager's ``.all()``."""
    found = getattr(instance, "_prefetched_objects_cache", {}).get(name)
    return getattr(instance, name).all() if found is None else found


def from_json(value: str | None):
    return json.loads(value) if value is not None else None


def iso_date(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None
