import pytest

from articles import pagecache


@pytest.fixture(autouse=True)
def _fresh_page_cache():
    """Pages cached by one test must not answer the next (the cache outlives the database
    rollback between tests)."""
    pagecache.bump()
