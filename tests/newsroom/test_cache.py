"""The Redis cache backend keeps one client per connection pool and still works as a cache."""

import os

import pytest
import redis

from newsroom.cache import RedisCache

URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"


@pytest.fixture
def backend():
    try:
        redis.Redis.from_url(URL, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(f"no Redis server answers at {URL}")
    cache = RedisCache(URL, {"KEY_PREFIX": "newsroom-test-cache-backend"})
    yield cache
    cache.clear()


def test_one_client_per_pool_is_reused(backend):
    client = backend._cache.get_client()
    assert backend._cache.get_client() is client
    assert backend._cache.get_client(write=True) is client  # one server: one pool


def test_it_is_still_a_cache(backend):
    backend.set("k", {"a": 1}, version=3)
    assert backend.get("k", version=3) == {"a": 1}
    assert backend.get("k", version=4) is None
    assert backend.add("n", 1)
    assert backend.incr("n") == 2
    assert backend.get_many(["k", "missing"], version=3) == {"k": {"a": 1}}


def test_get_versioned_reads_the_version_then_the_key_under_it(backend):
    assert backend.get_versioned("generation", "page") == (None, None)
    backend.add("generation", 5, timeout=None)
    assert backend.get_versioned("generation", "page") == (5, None)
    backend.set("page", (200, [("ETag", '"x"')], b"body"), version=5)
    assert backend.get_versioned("generation", "page") == (5, (200, [("ETag", '"x"')], b"body"))
    backend.incr("generation")
    assert backend.get_versioned("generation", "page") == (6, None)
    backend.set("page", "six", version=6)
    assert backend.get_versioned("generation", "page") == (6, "six")
