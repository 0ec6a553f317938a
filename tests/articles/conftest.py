import datetime as dt

import pytest

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
