import datetime as dt
import os
import uuid

import pytest
import redis

from tests.articles.stories import make_story
from tests.factories import make_person


@pytest.fixture
def chair():
    person = make_person("林思远")
    person.positions.create(
        title="区长", first_seen=dt.date(2024, 3, 1), last_seen=dt.date(2024, 3, 20)
    )
    return person


@pytest.fixture
def stories(chair):
    return [make_story(n, chair) for n in range(1, 4)]


@pytest.fixture(params=["locmem", "redis"])
def page_cache(request, settings):
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.NEWSROOM_SEARCH_CACHE_SECONDS = 60
    prefix = f"newsroom-test-{uuid.uuid4().hex}"
    if request.param == "locmem":
        backend = {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
        settings.CACHES = {"default": {**backend, "LOCATION": prefix}}
        yield request.param
        return
    url = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/0"
    server = redis.Redis.from_url(url, socket_connect_timeout=1)
    try:
        server.ping()
    except redis.RedisError:
        pytest.skip(f"no Redis server answers at {url}")
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": prefix,
        }
    }
    yield request.param
    keys = list(server.scan_iter(f"{prefix}:*"))
    if keys:
        server.delete(*keys)


@pytest.fixture
def redis_down(settings):
    """The page cache on, in a Redis server that does not answer."""
    settings.NEWSROOM_PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
        }
    }
