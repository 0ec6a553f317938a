"""Django's Redis cache backend, keeping one client per connection pool.

Django's RedisCacheClient builds a new ``redis.Redis`` for every operation, and redis-py's
constructor fills a table of some 170 response callbacks each time: two of them per page
served from the page cache (the generation, then the page) were about a fifth of a cached
hit's CPU (bench/pages.py). A client holds no connection of its own — its pool does, and is
thread-safe — so one per pool is shared by all requests and threads of a process.
"""

from __future__ import annotations

from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, object] = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server, params) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient
