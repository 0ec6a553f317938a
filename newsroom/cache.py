"""Django's Redis cache backend, made cheaper for the page cache's hits.

- One client per connection pool. Django's RedisCacheClient builds a new ``redis.Redis`` for
  every operation, and redis-py's constructor fills a table of some 170 response callbacks
  each time: that was about a fifth of a cached page hit's CPU (bench/pages.py). A client
  holds no connection of its own — its pool does, and is thread-safe — so one per pool is
  shared by all requests and threads of a process.
- ``get_versioned``: the page cache reads the site's generation number, then the page stored
  under it; a Lua script does both in one round trip.
"""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis

# The version stored at KEYS[1], then the value of the key made with it
# (ARGV[1] .. version .. ARGV[2]).
_VERSIONED_GET = """
local version = redis.call('GET', KEYS[1])
if not version then return false end
return {version, redis.call('GET', ARGV[1] .. version .. ARGV[2])}
"""
_VERSION_PLACEHOLDER = "\x00version\x00"


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}
        self._scripts: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client

    def versioned_get(self, version_key: str, head: str, tail: str):
        client = self.get_client(version_key)
        script = self._scripts.get(id(client))
        if script is None:  # EVALSHA, loading the script on the server when it lacks it
            script = self._scripts[id(client)] = client.register_script(_VERSIONED_GET)
        found = script(keys=[version_key], args=[head, tail])
        if not found:
            return None, None
        version, value = found
        return int(version), None if value is None else self._serializer.loads(value)


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    def get_versioned(self, version_key: str, key: str):
        """(the integer stored at ``version_key``, the value of ``key`` under that version,
        or None), or (None, None) when ``version_key`` holds nothing."""
        head, found, tail = self.make_key(key, version=_VERSION_PLACEHOLDER).partition(
            _VERSION_PLACEHOLDER
        )
        assert found, "the cache's KEY_FUNCTION must put the version in the key"
        return self._cache.versioned_get(self.make_and_validate_key(version_key), head, tail)
